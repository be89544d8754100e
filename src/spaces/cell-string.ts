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
 * `cellCanonicalTable` of every cell of a space whose genotype position p is edge `edges[p]` with one of
 * `opNames.length` ops (codes mixed radix, position 0 least significant), without building each cell's
 * string (issue 17: 15,625 strings, their arrays and sorts, ~50 ms of CPU in a cold NB201 search).
 *
 * Strings are interned as integer ids (equal strings, equal ids). A term (an edge's contribution) depends
 * only on its op and the id of its source node's string, and a node's string only on the multiset of its
 * terms, so both are memoised by those integers: a string is built once per distinct term or multiset, with
 * exactly `cellUniqueString`'s rules (sort the term strings, join by `+`). Cells are visited node by node
 * (node 1's in-edges outermost, node 3's innermost), so a cell costs three table reads and one memo lookup;
 * the representative is the smallest code of each string. Same strings, same classes, same table (tested
 * against `cellCanonicalTable`); about half its cold time.
 */
export function cellRepresentatives(
  edges: ReadonlyArray<readonly [number, number]>,
  opNames: readonly string[],
  none: number,
  skip: number,
): Int32Array {
  const V = opNames.length;
  const L = edges.length;
  const count = V ** L;
  const strings: string[] = [];
  const ids = new Map<string, number>();
  let overflow = false; // more strings than the memo keys can pack: the plain way instead
  const intern = (t: string): number => {
    let id = ids.get(t);
    if (id === undefined) {
      id = strings.length;
      if (id >= PACK - 1) overflow = true;
      strings.push(t);
      ids.set(t, id);
    }
    return id;
  };
  const ZERO = intern("#");
  const INPUT = intern("0");
  // term id of (op, source string id), memoised; −1 until built
  const termMemo = new Map<number, number>();
  const term = (op: number, src: number): number => {
    const k = src * V + op;
    let t = termMemo.get(k);
    if (t === undefined) {
      if (op === none || src === ZERO) t = ZERO;
      else if (op === skip) t = src;
      else t = intern(`(${strings[src]})@${opNames[op]}`);
      termMemo.set(k, t);
    }
    return t;
  };
  // in-edges of nodes 1..3 (genotype positions); a node's memo key packs its ≤ 3 sorted term ids
  const inEdges: number[][] = [[], [], [], []];
  for (let p = 0; p < L; p++) inEdges[edges[p][1]].push(p);
  const plain = () =>
    cellCanonicalTable(
      count,
      (c) => decodeCell(c, V, L),
      (x) => cellUniqueString(x, edges, opNames, none, skip),
    );
  if (inEdges.some((e) => e.length > 3) || edges.some(([f, t]) => f >= t) || count > 2 ** 30) return plain();
  const nodeMemo = new Map<number, number>();
  const pairMemo = new Map<number, number>();
  /** The string id of a node whose terms are t0, t1, t2 (−1: no term), memoised by the sorted ids. */
  const nodeOf = (t0: number, t1: number, t2: number): number => {
    let x = t0 + 1;
    let y = t1 + 1;
    let z = t2 + 1;
    let s: number;
    if (x > y) {
      s = x;
      x = y;
      y = s;
    }
    if (y > z) {
      s = y;
      y = z;
      z = s;
    }
    if (x > y) {
      s = x;
      x = y;
      y = s;
    }
    const pk = x * PACK + y; // below 2^30: a small integer key
    let pair = pairMemo.get(pk);
    if (pair === undefined) {
      pair = pairMemo.size;
      if (pair >= PACK) overflow = true;
      pairMemo.set(pk, pair);
    }
    const k = pair * PACK + z;
    let id = nodeMemo.get(k);
    if (id === undefined) {
      const parts: string[] = [];
      for (const t of [t0, t1, t2]) if (t >= 0) parts.push(strings[t]);
      id = intern(parts.sort().join("+"));
      nodeMemo.set(k, id);
    }
    return id;
  };
  // Every op assignment of a node's in-edges: its ops and its share of the code (Σ op · V^position).
  const assignments = (to: number) => {
    const e = inEdges[to];
    const n = V ** e.length;
    const ops = new Int32Array(n * 3).fill(-1);
    const share = new Int32Array(n); // codes are below 2^30 here (checked above)
    for (let c = 0; c < n; c++) {
      for (let k = 0, r = c; k < e.length; k++, r = Math.floor(r / V)) {
        ops[c * 3 + k] = r % V;
        share[c] += (r % V) * V ** e[k];
      }
    }
    return { e, n, ops, share };
  };
  const A = [undefined, assignments(1), assignments(2), assignments(3)] as const;
  const node = [INPUT, 0, 0, 0];
  /** The string id of node `to` under assignment c of its in-edges (sources already in `node`). */
  const nodeAt = (to: 1 | 2 | 3, c: number): number => {
    const { e, ops } = A[to];
    const t = [-1, -1, -1];
    for (let k = 0; k < e.length; k++) t[k] = term(ops[c * 3 + k], node[edges[e[k]][0]]);
    return nodeOf(t[0], t[1], t[2]);
  };
  const idOf = new Int32Array(count);
  const a3 = A[3];
  const termOf = new Int32Array(3 * V); // node 3's terms for the current nodes 1 and 2: [in-edge k][op]
  for (let c1 = 0; c1 < A[1].n; c1++) {
    node[1] = nodeAt(1, c1);
    for (let c2 = 0; c2 < A[2].n; c2++) {
      node[2] = nodeAt(2, c2);
      for (let k = 0; k < a3.e.length; k++) {
        const src = node[edges[a3.e[k]][0]];
        for (let op = 0; op < V; op++) termOf[k * V + op] = term(op, src);
      }
      const base = A[1].share[c1] + A[2].share[c2];
      for (let c3 = 0; c3 < a3.n; c3++) {
        const o = a3.ops;
        const t0 = o[c3 * 3] < 0 ? -1 : termOf[o[c3 * 3]];
        const t1 = o[c3 * 3 + 1] < 0 ? -1 : termOf[V + o[c3 * 3 + 1]];
        const t2 = o[c3 * 3 + 2] < 0 ? -1 : termOf[2 * V + o[c3 * 3 + 2]];
        idOf[base + a3.share[c3]] = nodeOf(t0, t1, t2);
      }
    }
  }
  if (overflow) return plain();
  // the representative of a class is its smallest code
  const first = new Int32Array(strings.length).fill(-1);
  const rep = new Int32Array(count);
  for (let code = 0; code < count; code++) {
    const id = idOf[code];
    if (first[id] < 0) first[id] = code;
    rep[code] = first[id];
  }
  return rep;
}

/** Bound on the string ids and id pairs in a memo key (keys stay below 2^30, small integers). */
const PACK = 1 << 15;

/** The genotype of a code (mixed radix, `v` choices at each of `len` positions, position 0 least significant). */
function decodeCell(code: number, v: number, len: number): Arch {
  const a = new Uint8Array(len);
  for (let i = 0, k = code; i < len; i++, k = Math.floor(k / v)) a[i] = k % v;
  return a;
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
      this.repTable = cellRepresentatives(this.edges, this.opNames, this.none, this.skip);
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
