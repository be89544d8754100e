import { ArchitectureError, UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { Arch, Capability, SearchSpace } from "../space.js";
import {
  encodeStructure,
  STRUCTURAL_ENCODINGS,
  type StructuralEncoding,
  structuralLength,
} from "./encoding.js";
import {
  linkIndex,
  NBGRAPH_LINKS,
  NBGRAPH_OPS,
  NBGRAPH_OPS_PROTEINS,
  OP_SKIP,
  regularize,
  validHash,
} from "./hash.js";

/**
 * NAS-Bench-Graph (Qin et al., 2022): 4 computing nodes; genotype [link pattern (9), op of node 1..4] with
 * ops in the benchmark's `gnn_list` order (9 ops), or the proteins list (5 ops, `--space nbgraph:proteins`).
 * All-skip architectures are not in the space (the benchmark leaves them out): 9 · 9^4 − 9 = 59,040 pairs.
 *
 * - key: the benchmark's own `valid_hash` (hash.ts), exact; the pairs fall into 26,206 classes, the rows of
 *   its tables. `code` is the key too: the tables hold one row per class, found from any member.
 * - canonical: the class's representative, the (link, ops) pair its key spells.
 * - neighbours: over the classes — canonical pairs at Hamming distance 1 from the canonical pair (one link
 *   pattern or one op changed); edit distance: Hamming distance between canonical pairs (max 5), so every
 *   neighbour is at distance 1. Counts vary by class (see docs/spaces.md).
 * - sampling: uniform over the classes. encodings (of the canonical pair): `onehot` (9 + 4 × ops; the
 *   default), and the structural `struct` and `path` of encoding.ts (issue 14, fourth pass).
 */
export class NbGraphSpace implements SearchSpace {
  readonly id: string;
  readonly genotypeLength = 5;
  readonly cardinalities: Uint8Array;
  readonly encodings = ["onehot", "struct", "path"] as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(["enumerate", "decodeKey"]);
  readonly keyExact = true;
  /** Op names of this variant; genotype op i is global op `globalOp[i]`. */
  readonly opNames: readonly string[];
  private readonly globalOp: Int32Array;
  private readonly localOp: Int32Array;
  private readonly nOps: number;
  /** Key of every genotype code (−1: not in the space); codes are mixed radix, link least significant. */
  private readonly keyOfCode: Int32Array;
  /** The class keys, ascending. */
  private readonly classes: Int32Array;

  constructor(proteins = false) {
    this.id = proteins ? "nbgraph:proteins" : "nbgraph";
    this.opNames = proteins ? NBGRAPH_OPS_PROTEINS : NBGRAPH_OPS;
    this.nOps = this.opNames.length;
    this.cardinalities = Uint8Array.from([9, this.nOps, this.nOps, this.nOps, this.nOps]);
    this.globalOp = Int32Array.from(this.opNames, (n) =>
      NBGRAPH_OPS.indexOf(n as (typeof NBGRAPH_OPS)[number]),
    );
    this.localOp = new Int32Array(NBGRAPH_OPS.length).fill(-1);
    this.globalOp.forEach((g, i) => {
      this.localOp[g] = i;
    });
    const n = 9 * this.nOps ** 4;
    this.keyOfCode = new Int32Array(n).fill(-1);
    const keys = new Set<number>();
    for (let c = 0; c < n; c++) {
      const a = this.decodeRaw(c);
      if (!this.isValid(a)) continue;
      const k = validHash(
        NBGRAPH_LINKS[a[0]],
        [...a.subarray(1)].map((o) => this.globalOp[o]),
      );
      this.keyOfCode[c] = k;
      keys.add(k);
    }
    this.classes = Int32Array.from([...keys].sort((x, y) => x - y));
  }

  private rawCode(a: Arch): number {
    let c = 0;
    for (let i = 4; i >= 1; i--) c = c * this.nOps + a[i];
    return c * 9 + a[0];
  }

  private decodeRaw(code: number): Arch {
    const a = new Uint8Array(5);
    a[0] = code % 9;
    let r = Math.floor(code / 9);
    for (let i = 1; i <= 4; i++) {
      a[i] = r % this.nOps;
      r = Math.floor(r / this.nOps);
    }
    return a;
  }

  size(): bigint {
    return BigInt(9 * this.nOps ** 4 - 9);
  }

  uniqueSize(): bigint {
    return BigInt(this.classes.length);
  }

  maxEditDistance(): number {
    return 5;
  }

  isValid(a: Arch): boolean {
    if (a.length !== 5 || a[0] >= 9) return false;
    let skips = 0;
    for (let i = 1; i <= 4; i++) {
      if (a[i] >= this.nOps) return false;
      if (this.globalOp[a[i]] === OP_SKIP) skips++;
    }
    return skips < 4;
  }

  sample(rng: Rng): Arch {
    return this.decodeKey(this.classes[rng.int(this.classes.length)]);
  }

  neighbours(a: Arch): Arch[] {
    const c = this.canonical(a);
    const out: Arch[] = [];
    for (let i = 0; i < 5; i++) {
      for (let v = 0; v < this.cardinalities[i]; v++) {
        if (v === c[i]) continue;
        const b = c.slice();
        b[i] = v;
        if (this.isValid(b) && this.keyOfCode[this.rawCode(b)] === this.canonicalKeyOf(b)) out.push(b);
      }
    }
    return out;
  }

  /** The key `b` would have if it were its class's representative (its own spelling as a key). */
  private canonicalKeyOf(b: Arch): number {
    let h = b[0];
    for (let i = 1; i <= 4; i++) h = h * 10 + this.globalOp[b[i]];
    return h;
  }

  mutate(a: Arch, rng: Rng): Arch {
    const ns = this.neighbours(a);
    if (ns.length === 0) return this.canonical(a);
    return ns[rng.int(ns.length)];
  }

  editDistance(a: Arch, b: Arch): number {
    const x = this.canonical(a);
    const y = this.canonical(b);
    let d = 0;
    for (let i = 0; i < 5; i++) if (x[i] !== y[i]) d++;
    return d;
  }

  canonical(a: Arch): Arch {
    return this.decodeKey(this.key(a));
  }

  key(a: Arch): number {
    const k = this.isValid(a) ? this.keyOfCode[this.rawCode(a)] : -1;
    if (k < 0) throw new ArchitectureError(`${this.format(a)} is not an architecture of ${this.id}`);
    return k;
  }

  code(a: Arch): number {
    return this.key(a);
  }

  decodeKey(key: number): Arch {
    const a = new Uint8Array(5);
    let k = key;
    for (let i = 4; i >= 1; i--) {
      a[i] = this.localOp[k % 10] ?? -1;
      k = Math.floor(k / 10);
    }
    a[0] = k;
    if (!Number.isInteger(key) || key < 0 || k >= 9 || this.keyOfCode[this.rawCode(a)] !== key) {
      throw new UsageError(`${this.id}: no key ${key}`);
    }
    return a;
  }

  *enumerate(): Iterable<Arch> {
    for (const k of this.classes) yield this.decodeKey(k);
  }

  encodingLength(encoding: string): number {
    if (encoding === "onehot") return 9 + 4 * this.nOps;
    if (isStructural(encoding)) return structuralLength(encoding, this.nOps);
    throw new UsageError(
      `unknown encoding '${encoding}' for ${this.id} (known: ${this.encodings.join(", ")})`,
    );
  }

  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    const width = this.encodingLength(encoding);
    const c = this.canonical(a);
    if (isStructural(encoding)) {
      const skip = this.localOp[OP_SKIP];
      encodeStructure(encoding, c[0], NBGRAPH_LINKS[c[0]], c.subarray(1), this.nOps, skip, out, offset);
      return;
    }
    out.fill(0, offset, offset + width);
    out[offset + c[0]] = 1;
    for (let i = 1; i <= 4; i++) out[offset + 9 + (i - 1) * this.nOps + c[i]] = 1;
  }

  /** `LINK:OPS`, e.g. `0-0-1-2:gcn-gat-sage-skip` (the CSV's `link` and `ops` fields). */
  format(a: Arch): string {
    const link = NBGRAPH_LINKS[a[0]] ?? [a[0]];
    return `${link.join("-")}:${[...a.subarray(1)].map((o) => this.opNames[o] ?? String(o)).join("-")}`;
  }

  parse(text: string): Arch {
    const s = text.trim();
    const m = /^([^:]+):([^:]+)$/.exec(s);
    if (!m)
      throw new ArchitectureError(
        `'${s}' is not a NAS-Bench-Graph string LINK:OPS (e.g. 0-0-1-2:gcn-gat-sage-skip)`,
      );
    return this.fromParts(m[1].split(/[-\s,]+/), m[2].split(/[-\s,]+/), s);
  }

  /**
   * The genotype of a link (4 ints, any of the 24 valid patterns: regularised as the benchmark does) and
   * 4 op names, as the CSV's `link` and `ops` fields hold them.
   */
  fromParts(linkParts: string[], opParts: string[], shown: string): Arch {
    if (linkParts.length !== 4 || linkParts.some((x) => !/^\d$/.test(x))) {
      throw new ArchitectureError(
        `'${shown}': the link must be 4 input indices, got '${linkParts.join(" ")}'`,
      );
    }
    const link = linkParts.map(Number);
    const bad = link.findIndex((l, i) => l > i);
    if (bad >= 0) {
      throw new ArchitectureError(
        `'${shown}': node ${bad + 1} is fed from node ${link[bad]}, which is not before it`,
      );
    }
    if (opParts.length !== 4) {
      throw new ArchitectureError(`'${shown}': expected 4 operations, got ${opParts.length}`);
    }
    const ops = opParts.map((o) => {
      const i = this.opNames.indexOf(o);
      if (i < 0) {
        throw new ArchitectureError(
          `'${shown}': unknown operation '${o}' (known: ${this.opNames.join(", ")})`,
        );
      }
      return this.globalOp[i];
    });
    const r = regularize(link, ops);
    const a = Uint8Array.from([linkIndex(r.link), ...r.ops.map((g) => this.localOp[g])]);
    if (!this.isValid(a)) throw new ArchitectureError(`'${shown}': all four operations are skip`);
    return a;
  }
}

function isStructural(encoding: string): encoding is StructuralEncoding {
  return (STRUCTURAL_ENCODINGS as readonly string[]).includes(encoding);
}

const built = new Map<boolean, NbGraphSpace>();

/** The space (built once on first use: 59,049 hashes). */
export function nbgraphSpace(proteins = false): NbGraphSpace {
  let s = built.get(proteins);
  if (!s) {
    s = new NbGraphSpace(proteins);
    built.set(proteins, s);
  }
  return s;
}
