import { ArchitectureError, UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { Arch, Capability, Cost, SearchSpace } from "../space.js";
import {
  ADJ_BITS,
  canonicalOrder,
  fromGenotypeCode,
  GENOTYPE_LENGTH,
  genotypeCode,
  genotypeFromCompact,
  genotypeProblem,
  liveMask,
  NB101_OPS,
  NB101_SLOTS,
  OP_ABSENT,
  OP_SLOTS,
  POS,
  pruneGenotype,
  slotMasks,
} from "./cell.js";
import { nb101Cost } from "./cost.js";
import { enumerateNb101, findCell, type Nb101Cells, readCellsBin } from "./enumerate.js";
import { digestHex, digestKey, hexDigest, moduleHash, moduleHashMany } from "./hash.js";

/** Number of unique cells (isomorphism classes = distinct official hashes). */
export const NB101_UNIQUE = 423_624;
/** Path encoding: offsets of the blocks of paths through 0..5 internal vertices (1, 3, 9, 27, 81, 243). */
const PATH_OFFSET = [0, 1, 4, 13, 40, 121];
const PATH_LENGTH = 364;
const ADJ_ENCODING_LENGTH = ADJ_BITS + OP_SLOTS * 3;
/** Accepted op names in `parse` (official names first). */
const OP_NAMES = new Map<string, number>([
  ["conv3x3-bn-relu", 0],
  ["conv1x1-bn-relu", 1],
  ["maxpool3x3", 2],
  ["conv3x3", 0],
  ["conv1x1", 1],
  ["maxpool", 2],
  ["absent", OP_ABSENT],
]);

export interface Nb101Options {
  /** The enumerated cells (from `enumerateNb101` or a binary cell file). */
  cells?: Nb101Cells;
  /**
   * How `sample` draws: "uniform" (default: uniform over the 423,624 unique cells — the enumeration is
   * computed on first use, about 1.5 s, unless `cells` is given) or "naszilla" (naszilla/NASLib's random
   * cell: random 7×7 matrix with p = 0.5 bits and random ops, rejected until valid — heavily biased towards
   * small cells: 0.3 % of its draws have 7 vertices, against 84.8 % of the space).
   */
  sampling?: "naszilla" | "uniform";
}

/**
 * NAS-Bench-101 (Ying et al. 2019): cells of at most 7 vertices and 9 edges, input and output plus
 * conv3x3-bn-relu, conv1x1-bn-relu and maxpool3x3 vertices; 423,624 unique cells. See docs/nb101.md.
 *
 * - genotype: 21 upper-triangular adjacency bits + 5 op slots (cell.ts); dangling vertices are allowed and
 *   pruned for hashing, encoding and canonical forms;
 * - key: the first 52 bits of the official module hash (`hashHex` gives all of it); `keyExact` is false in
 *   principle, yet no two unique cells share a key (tested on the full enumeration);
 * - canonical: the pruned cell in canonical vertex order (cell.ts `canonicalOrder`), exact per class;
 * - code: the genotype code of the canonical cell — NB101 tables hold one row per unique cell (each was
 *   trained once), so rows are looked up by class; `rawCode` is the code of the genotype itself;
 * - neighbours: naszilla/NASLib's (change the op of an internal vertex on an input→output path; flip one
 *   edge), valid cells only, deduplicated by hash, the cell's own hash excluded;
 * - edit distance: Hamming over the 26 genotype positions (21 adjacency bits, 5 ops with "absent" a value);
 * - cost: parameters of the CIFAR-10 network (verified against the sample) and MAC FLOPs (cost.ts).
 */
export class Nb101Space implements SearchSpace {
  readonly id = "nb101";
  readonly genotypeLength = GENOTYPE_LENGTH;
  readonly cardinalities = Uint8Array.from([...new Array(ADJ_BITS).fill(2), ...new Array(OP_SLOTS).fill(4)]);
  readonly encodings = ["adjacency", "path"] as const;
  readonly capabilities: ReadonlySet<Capability> = new Set<Capability>(["enumerate", "cost"]);
  readonly keyExact = false;
  /** How `sample` draws. */
  readonly sampling: "naszilla" | "uniform";
  private cells: Nb101Cells | undefined;
  // scratch (single-threaded)
  private readonly outs = new Uint8Array(NB101_SLOTS);
  private readonly labels = new Int8Array(NB101_SLOTS);
  private readonly slotOf = new Int8Array(NB101_SLOTS);
  private readonly digest = new Int32Array(4);

  constructor(options: Nb101Options = {}) {
    this.cells = options.cells;
    this.sampling = options.sampling ?? "uniform";
    if (this.sampling !== "uniform" && this.sampling !== "naszilla") {
      throw new UsageError(`nb101: unknown sampling '${this.sampling}' (known: naszilla, uniform)`);
    }
  }

  /** A space with the enumeration loaded from a binary cell file (`lissnas enumerate --space nb101`). */
  static fromCellFile(file: string, sampling: "naszilla" | "uniform" = "uniform"): Nb101Space {
    return new Nb101Space({ cells: readCellsBin(file), sampling });
  }

  /** The enumerated cells: the loaded ones, or computed once on first use (about 3–8 s). */
  enumeration(): Nb101Cells {
    if (!this.cells) this.cells = enumerateNb101();
    return this.cells;
  }

  size(): bigint {
    return BigInt(NB101_UNIQUE);
  }

  uniqueSize(): bigint {
    return BigInt(NB101_UNIQUE);
  }

  /** 26: two valid genotypes can differ everywhere (e.g. a direct input→output edge with dangling edges, and its complement). */
  maxEditDistance(): number {
    return GENOTYPE_LENGTH;
  }

  isValid(a: Arch): boolean {
    return genotypeProblem(a) === undefined;
  }

  /** Throws a one-line ArchitectureError unless `a` is valid. */
  check(a: Arch): Arch {
    const problem = genotypeProblem(a);
    if (problem) throw new ArchitectureError(`not an nb101 cell: ${problem}`);
    return a;
  }

  sample(rng: Rng): Arch {
    if (this.sampling === "uniform") {
      const cells = this.enumeration();
      return fromGenotypeCode(cells.codes[rng.int(cells.count)]);
    }
    const a = new Uint8Array(GENOTYPE_LENGTH);
    for (;;) {
      const bits = rng.uint32() >>> 11;
      for (let k = 0; k < ADJ_BITS; k++) a[k] = (bits >>> k) & 1;
      for (let s = 0; s < OP_SLOTS; s++) a[ADJ_BITS + s] = rng.int(3);
      if (genotypeProblem(a) === undefined) return a;
    }
  }

  /** Prunes into the scratch compact cell; returns n or throws. */
  private prune(a: Arch): number {
    const problem = genotypeProblem(a);
    if (problem) throw new ArchitectureError(`not an nb101 cell: ${problem}`);
    return pruneGenotype(a, this.outs, this.labels);
  }

  /** The 4-word digest of the official hash of a valid genotype, into `out[at..]`. */
  digestInto(a: Arch, out: Int32Array, at = 0): void {
    const n = this.prune(a);
    moduleHash(n, this.outs, this.labels, out, at);
  }

  /** The official NAS-Bench-101 module hash (32 hex digits) of the pruned cell. */
  hashHex(a: Arch): string {
    this.digestInto(a, this.digest);
    return digestHex(this.digest);
  }

  key(a: Arch): number {
    this.digestInto(a, this.digest);
    return digestKey(this.digest);
  }

  canonical(a: Arch): Arch {
    const n = this.prune(a);
    canonicalOrder(n, this.outs, this.labels, this.slotOf);
    return genotypeFromCompact(n, this.outs, this.labels, this.slotOf);
  }

  code(a: Arch): number {
    return genotypeCode(this.canonical(a));
  }

  /** The code of the genotype itself (not canonicalised): 31 bits, see `genotypeCode`. */
  rawCode(a: Arch): number {
    return genotypeCode(a);
  }

  /** The canonical cell with this official hash; needs the enumeration. Undefined when no cell has it. */
  fromHash(hex: string): Arch | undefined {
    const d = hexDigest(hex);
    if (!d) throw new ArchitectureError(`'${hex}' is not a 32-hex-digit NB101 hash`);
    const cells = this.enumeration();
    const r = findCell(cells, d);
    return r < 0 ? undefined : fromGenotypeCode(cells.codes[r]);
  }

  neighbours(a: Arch): Arch[] {
    this.check(a);
    const om = new Uint8Array(NB101_SLOTS);
    slotMasks(a, om);
    const live = liveMask(om, NB101_SLOTS); // the slots on an input→output path
    // candidates: the cell itself first (to exclude its hash), then op changes, then edge flips; invalid
    // ones are dropped; all are hashed in one batch
    const cands: Uint8Array[] = [a];
    for (let s = 1; s <= OP_SLOTS; s++) {
      if (!((live >>> s) & 1)) continue;
      const p = ADJ_BITS + s - 1;
      for (let op = 0; op < 3; op++) {
        if (op === a[p]) continue;
        const b = a.slice();
        b[p] = op;
        cands.push(b);
      }
    }
    for (let k = 0; k < ADJ_BITS; k++) {
      const b = a.slice();
      b[k] ^= 1;
      if (genotypeProblem(b) === undefined) cands.push(b);
    }
    const m = cands.length;
    const ns = new Uint8Array(m);
    const outs = new Uint8Array(m * NB101_SLOTS);
    const labels = new Int8Array(m * NB101_SLOTS);
    for (let i = 0; i < m; i++) {
      ns[i] = pruneGenotype(
        cands[i],
        outs.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS),
        labels.subarray(i * NB101_SLOTS, (i + 1) * NB101_SLOTS),
      );
    }
    const digests = new Int32Array(m * 4);
    moduleHashMany(m, ns, outs, labels, digests);
    const seen = new Set<number>();
    const out: Arch[] = [];
    for (let i = 0; i < m; i++) {
      const k = digestKey(digests, i * 4);
      if (seen.has(k)) continue;
      seen.add(k);
      if (i > 0) out.push(cands[i]);
    }
    return out;
  }

  /**
   * One random edit, for random walks and evolution: uniform over the edits `neighbours` considers (op
   * changes of live internal vertices, edge flips that leave a valid cell), redrawing edits that leave the
   * pruned cell unchanged. Unlike `neighbours` it does not hash, so two edits giving isomorphic cells count
   * twice (a documented departure from "uniform over distinct neighbours", which would cost ~40 hashes a
   * step). Falls back to `neighbours` when 256 draws find no edit that changes the cell; a copy of `a` when
   * it has no neighbour (only the input→output cell).
   */
  mutate(a: Arch, rng: Rng): Arch {
    this.check(a);
    const om = new Uint8Array(NB101_SLOTS);
    slotMasks(a, om);
    const live = liveMask(om, NB101_SLOTS);
    // Candidate edits, as positions: op changes of live internal slots (always valid) and all 21 edge flips.
    // Drawing uniformly among the candidates and rejecting invalid or no-op results draws uniformly among
    // the valid edits, with one validity check per draw instead of 21 (the hot path of random walks).
    const edits: number[] = [];
    for (let s = 1; s <= OP_SLOTS; s++) {
      if (!((live >>> s) & 1)) continue;
      const p = ADJ_BITS + s - 1;
      for (let op = 0; op < 3; op++) if (op !== a[p]) edits.push(p * 4 + op);
    }
    for (let k = 0; k < ADJ_BITS; k++) edits.push(k * 4 + 3);
    const n = pruneGenotype(a, this.outs, this.labels);
    const outs = this.outs.slice(0, n);
    const labels = this.labels.slice(0, n);
    for (let tries = 0; tries < 256; tries++) {
      const e = edits[rng.int(edits.length)];
      const c = a.slice();
      const p = e >> 2;
      if ((e & 3) === 3) {
        c[p] ^= 1;
        if (genotypeProblem(c) !== undefined) continue;
      } else c[p] = e & 3;
      const m = pruneGenotype(c, this.outs, this.labels);
      let same = m === n;
      for (let i = 0; same && i < n; i++) same = this.outs[i] === outs[i] && this.labels[i] === labels[i];
      if (!same) return c;
    }
    const nb = this.neighbours(a);
    return nb.length === 0 ? a.slice() : nb[rng.int(nb.length)];
  }

  editDistance(a: Arch, b: Arch): number {
    let d = 0;
    for (let i = 0; i < GENOTYPE_LENGTH; i++) if (a[i] !== b[i]) d++;
    return d;
  }

  /**
   * Trainable parameters (millions; equal to NAS-Bench-101's `trainable_parameters` on every sample cell)
   * and multiply–accumulate MFLOPs (convs and the dense layer; unverified) of the CIFAR-10 network. See cost.ts.
   */
  cost(a: Arch, dataset: string): Cost {
    const n = this.prune(a);
    return nb101Cost(n, this.outs, this.labels, dataset);
  }

  *enumerate(): Iterable<Arch> {
    const cells = this.enumeration();
    for (let r = 0; r < cells.count; r++) yield fromGenotypeCode(cells.codes[r]);
  }

  encodingLength(encoding: string): number {
    if (encoding === "adjacency") return ADJ_ENCODING_LENGTH;
    if (encoding === "path") return PATH_LENGTH;
    throw new UsageError(`unknown encoding '${encoding}' for nb101 (known: adjacency, path)`);
  }

  /**
   * `adjacency` (36): the canonical cell's 21 adjacency bits, then a one-hot of 3 per internal slot (all
   * zero for an absent slot); `path` (364): one indicator per op sequence along an input→output path of
   * the pruned cell — the block of paths through L internal vertices starts at Σ_{i<L} 3^i, and a path's
   * index in its block is its op sequence read as a base-3 number (first vertex most significant).
   * Both depend only on the isomorphism class.
   */
  encode(a: Arch, encoding: string, out: Float32Array, offset: number): void {
    const width = this.encodingLength(encoding);
    out.fill(0, offset, offset + width);
    if (encoding === "adjacency") {
      const c = this.canonical(a);
      for (let k = 0; k < ADJ_BITS; k++) out[offset + k] = c[k];
      for (let s = 0; s < OP_SLOTS; s++) {
        const op = c[ADJ_BITS + s];
        if (op !== OP_ABSENT) out[offset + ADJ_BITS + 3 * s + op] = 1;
      }
      return;
    }
    const n = this.prune(a);
    const outs = this.outs;
    const labels = this.labels;
    const walk = (v: number, len: number, idx: number): void => {
      const m = outs[v];
      for (let w = v + 1; w < n; w++) {
        if (!((m >>> w) & 1)) continue;
        if (w === n - 1) out[offset + PATH_OFFSET[len] + idx] = 1;
        else walk(w, len + 1, idx * 3 + labels[w]);
      }
    };
    walk(0, 0, 0);
  }

  /**
   * `adj=ROW/ROW/…;ops=OP,OP,…`: the n×n adjacency of the present vertices row by row ('1' = edge from the
   * row's vertex to the column's), then their ops — input, official op names, output. Absent slots are left
   * out when they all come after the present ones (always so for canonical cells); otherwise all 7 slots are
   * written, absent ones as `absent`. Dangling vertices are written (they are part of the genotype).
   */
  format(a: Arch): string {
    this.check(a);
    const present = [0];
    for (let s = 1; s <= OP_SLOTS; s++) if (a[ADJ_BITS + s - 1] !== OP_ABSENT) present.push(s);
    const trailing = present.every((s, i) => s === i);
    const slots = trailing ? [...present, 6] : [0, 1, 2, 3, 4, 5, 6];
    const rows = slots.map((i) => slots.map((j) => (i < j && a[POS[i * 7 + j]] ? "1" : "0")).join(""));
    const ops = slots.map((s) =>
      s === 0
        ? "input"
        : s === 6
          ? "output"
          : a[ADJ_BITS + s - 1] === OP_ABSENT
            ? "absent"
            : NB101_OPS[a[ADJ_BITS + s - 1]],
    );
    return `adj=${rows.join("/")};ops=${ops.join(",")}`;
  }

  /**
   * Parses `format`'s string (whitespace ignored; op aliases conv3x3, conv1x1, maxpool accepted). An
   * n-vertex cell (2 ≤ n ≤ 7) fills slots 0..n−2 and 6, the others absent. Vertices off every
   * input→output path are kept as dangling (pruned when hashing); a cell without such a path is an error.
   */
  parse(text: string): Arch {
    const s = text.replace(/\s+/g, "");
    const m = /^adj=([^;]*);ops=([^;]*)$/.exec(s);
    if (!m) throw new ArchitectureError(`'${text}' is not an nb101 cell: expected adj=ROW/ROW/…;ops=OP,OP,…`);
    const rows = m[1].split("/");
    const ops = m[2].split(",");
    const n = rows.length;
    if (n < 2 || n > NB101_SLOTS) {
      throw new ArchitectureError(`'${s}': the adjacency has ${n} rows, expected 2..7`);
    }
    if (ops.length !== n) throw new ArchitectureError(`'${s}': ${ops.length} ops for a ${n}×${n} adjacency`);
    const slot = (i: number) => (i === n - 1 ? 6 : i);
    const a = new Uint8Array(GENOTYPE_LENGTH).fill(OP_ABSENT, ADJ_BITS);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (row.length !== n || !/^[01]+$/.test(row)) {
        throw new ArchitectureError(`'${s}': row ${i} '${row}' must be ${n} characters 0/1`);
      }
      for (let j = 0; j < n; j++) {
        if (row[j] !== "1") continue;
        if (j <= i) throw new ArchitectureError(`'${s}': not upper-triangular (edge ${i}→${j})`);
        a[POS[slot(i) * 7 + slot(j)]] = 1;
      }
    }
    if (ops[0] !== "input")
      throw new ArchitectureError(`'${s}': the first op must be input, got '${ops[0]}'`);
    if (ops[n - 1] !== "output")
      throw new ArchitectureError(`'${s}': the last op must be output, got '${ops[n - 1]}'`);
    for (let i = 1; i < n - 1; i++) {
      const op = OP_NAMES.get(ops[i]);
      if (op === undefined) {
        throw new ArchitectureError(
          `'${s}': unknown op '${ops[i]}' (known: ${NB101_OPS.join(", ")}, absent)`,
        );
      }
      a[ADJ_BITS + i - 1] = op;
    }
    const problem = genotypeProblem(a);
    if (problem) {
      const why = problem === "no input→output path" ? "disconnected: no input→output path" : problem;
      throw new ArchitectureError(`'${s}': ${why}`);
    }
    return a;
  }
}

/** The shared instance: uniform sampling over unique cells, the enumeration computed on first use. */
export const nb101 = new Nb101Space();
