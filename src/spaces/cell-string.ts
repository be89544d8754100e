import { UsageError } from "../core/errors.js";
import { HammingSpace } from "./hamming.js";
import type { Arch } from "./space.js";

/**
 * The isomorphism string of a 4-node NB201-shaped cell (node 0 the input, node 3 the output, an op on each
 * of the 6 edges i → j, i < j, node values summed), generalising NATS-Bench's `to_unique_str(consider_zero=
 * True)` (src/spaces/nb201/canonical.ts) to any op set: a `none` edge, or an edge from a node that is exactly
 * zero, contributes `#`; a skip edge passes the source expression through; any other op wraps it as
 * `(source)@op`. Terms of a node are sorted and joined by `+`. Two cells get the same string exactly when
 * they compute the same function under these rules.
 *
 * `edges[p]` is the [from, to] of genotype position p; `opNames[v]` the name of op v; `none`/`skip` the op
 * indices of the zero and identity ops (−1 when the space has no such op).
 */
export function cellUniqueString(
  a: Arch,
  edges: ReadonlyArray<readonly [number, number]>,
  opNames: readonly string[],
  none: number,
  skip: number,
): string {
  const nodes = ["0", "", "", ""];
  for (let to = 1; to <= 3; to++) {
    const terms: string[] = [];
    for (let p = 0; p < edges.length; p++) {
      const [from, dst] = edges[p];
      if (dst !== to) continue;
      const op = a[p];
      const src = nodes[from];
      if (op === none || src === "#") terms.push("#");
      else if (op === skip) terms.push(src);
      else terms.push(`(${src})@${opNames[op]}`);
    }
    terms.sort();
    nodes[to] = terms.join("+");
  }
  return nodes[3];
}

/**
 * For every genotype code 0..count−1, the code of its class's representative (the smallest code with the
 * same unique string). Built once.
 */
export function cellCanonicalTable(
  count: number,
  decode: (code: number) => Arch,
  unique: (a: Arch) => string,
): Int32Array {
  const rep = new Int32Array(count);
  const first = new Map<string, number>();
  for (let code = 0; code < count; code++) {
    const s = unique(decode(code));
    const seen = first.get(s);
    if (seen === undefined) {
      first.set(s, code);
      rep[code] = code;
    } else rep[code] = seen;
  }
  return rep;
}

/**
 * Shared base of NB201-shaped cell spaces (6 edges, one op each, every genotype valid, Hamming metric):
 * canonical keys from `cellUniqueString` (the code of the smallest cell of the class, built once), one-hot
 * and path encodings. Subclasses give the edge order, op names and the string format.
 */
export abstract class CellSpace extends HammingSpace {
  readonly encodings = ["onehot", "path"] as const;
  private repTable: Int32Array | undefined;
  private readonly count: number;
  private readonly paths: ReadonlyArray<readonly number[]>;

  constructor(
    protected readonly edges: ReadonlyArray<readonly [number, number]>,
    protected readonly opNames: readonly string[],
    private readonly none: number,
    private readonly skip: number,
  ) {
    super(new Array(edges.length).fill(opNames.length));
    this.count = opNames.length ** edges.length;
    this.paths = inputOutputPaths(edges);
  }

  /** The isomorphism string of a cell (see cellUniqueString). */
  uniqueString(a: Arch): string {
    return cellUniqueString(a, this.edges, this.opNames, this.none, this.skip);
  }

  private reps(): Int32Array {
    if (!this.repTable) {
      this.repTable = cellCanonicalTable(
        this.count,
        (c) => this.decodeCode(c),
        (a) => this.uniqueString(a),
      );
    }
    return this.repTable;
  }

  uniqueSize(): bigint {
    const rep = this.reps();
    let n = 0;
    for (let i = 0; i < rep.length; i++) if (rep[i] === i) n++;
    return BigInt(n);
  }

  override key(a: Arch): number {
    return this.reps()[this.code(a)];
  }

  override canonical(a: Arch): Arch {
    const k = this.key(a);
    return k === this.code(a) ? a : this.decodeCode(k);
  }

  override decodeKey(key: number): Arch {
    if (!Number.isInteger(key) || key < 0 || key >= this.count)
      throw new UsageError(`${this.id}: no key ${key}`);
    return this.decodeCode(this.reps()[key]);
  }

  encodingLength(encoding: string): number {
    const n = this.opNames.length;
    if (encoding === "onehot") return this.onehotLength();
    if (encoding === "path") return n + n * n + n * n * n;
    throw new UsageError(`unknown encoding '${encoding}' for ${this.id} (known: onehot, path)`);
  }

  /** `onehot`: one block per edge; `path`: one indicator per op sequence along an input→output path. */
  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    if (encoding === "onehot") {
      this.encodeOnehot(a, out, offset);
      return;
    }
    const width = this.encodingLength(encoding);
    const n = this.opNames.length;
    const starts = [0, n, n + n * n];
    out.fill(0, offset, offset + width);
    for (const path of this.paths) {
      let index = 0;
      let alive = true;
      for (const e of path) {
        if (a[e] === this.none) alive = false;
        index = index * n + a[e];
      }
      if (alive) out[offset + starts[path.length - 1] + index] = 1;
    }
  }
}

/** Genotype positions along every path from node 0 to node 3. */
function inputOutputPaths(edges: ReadonlyArray<readonly [number, number]>): number[][] {
  const out: number[][] = [];
  const walk = (node: number, path: number[]) => {
    if (node === 3) {
      out.push(path);
      return;
    }
    edges.forEach(([from, to], p) => {
      if (from === node) walk(to, [...path, p]);
    });
  };
  walk(0, []);
  return out;
}
