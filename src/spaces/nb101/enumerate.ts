import { readFileSync } from "node:fs";
import { DataError, UsageError } from "../../core/errors.js";
import {
  ADJ_BITS,
  fromGenotypeCode,
  GENOTYPE_LENGTH,
  genotypeFromCompact,
  genotypeProblem,
  LABEL_INPUT,
  LABEL_OUTPUT,
  liveMask,
  NB101_MAX_EDGES,
  NB101_OPS,
  NB101_SLOTS,
  OP_ABSENT,
  POS,
  popcount,
} from "./cell.js";
import { digestHex, digestKey, moduleHashMany } from "./hash.js";

// module-local aliases of imported values used in hot loops
const pos = POS;
const popcnt = popcount;
const live = liveMask;

/**
 * Enumeration of the NAS-Bench-101 space: every valid cell up to isomorphism, with its official hash.
 *
 * Method (per vertex count n = 2..7): every upper-triangular n-vertex adjacency with at most 9 edges in which
 * every vertex lies on an input→output path (cells with off-path vertices are the pruned cells of a smaller
 * n); keep the adjacency only when it is the canonical one of its graph (the largest adjacency, read row by
 * row, over all topological orders of its internal vertices — see `canonicalOrder` in cell.ts); for it,
 * every labelling of the internal vertices with the 3 ops that is the smallest in its orbit under the
 * graph's automorphisms. Each (graph, labelling) is then one isomorphism class, written as its canonical
 * genotype, and is hashed once. Hash duplicates (non-isomorphic cells with one hash) would be dropped, as
 * the official space is "unique hashes"; there are none: 423,624 classes, 423,624 hashes.
 */

/** The enumerated cells, sorted by hash. */
export interface Nb101Cells {
  count: number;
  /** md5 digests, 4 little-endian words per cell (the digest bytes in order). */
  digests: Int32Array;
  /** Canonical genotype code of each cell (see `genotypeCode` in cell.ts). */
  codes: Uint32Array;
}

export interface Nb101EnumerateOptions {
  /** Largest vertex count (2..7; default 7). */
  maxVertices?: number;
  /** Most edges (default 9). */
  maxEdges?: number;
}

/** Statistics of a run, filled by `enumerateNb101`. */
export interface Nb101EnumerateStats {
  /** Fully connected upper-triangular graphs examined, per vertex count. */
  graphs: number[];
  /** Of which canonical (one per unlabelled isomorphism class). */
  canonicalGraphs: number[];
  /** Classes (graph × labelling orbit) per vertex count. */
  cells: number[];
  /** Classes dropped because another class has the same hash. */
  hashDuplicates: number;
}

/**
 * Calls `fn(digests, at, code)` once per isomorphism class of valid cells (the digest is `digests[at..at+4)`,
 * a reused buffer), in a deterministic order: by vertex count, then adjacency, then labelling. Cells are
 * hashed in batches of 1,024 (see `moduleHashMany`). Returns per-count statistics.
 */
export function forEachNb101Cell(
  opts: Nb101EnumerateOptions,
  fn: (digest: Int32Array, at: number, code: number) => void,
): Omit<Nb101EnumerateStats, "hashDuplicates"> {
  const maxV = opts.maxVertices ?? NB101_SLOTS;
  const maxE = opts.maxEdges ?? NB101_MAX_EDGES;
  if (!Number.isInteger(maxV) || maxV < 2 || maxV > NB101_SLOTS) {
    throw new UsageError(`nb101 enumeration: vertex count must be 2..7, got ${maxV}`);
  }
  if (!Number.isInteger(maxE) || maxE < 1) throw new UsageError(`nb101 enumeration: bad edge limit ${maxE}`);
  const stats = { graphs: [] as number[], canonicalGraphs: [] as number[], cells: [] as number[] };
  const outs = new Uint8Array(NB101_SLOTS);
  const labels = new Int8Array(NB101_SLOTS);
  const slotOf = new Int8Array(NB101_SLOTS);
  const geno = new Uint8Array(GENOTYPE_LENGTH);
  const auts: Int8Array[] = [];
  const BATCH = 1024;
  const pendN = new Uint8Array(BATCH);
  const pendOuts = new Uint8Array(BATCH * NB101_SLOTS);
  const pendLabels = new Int8Array(BATCH * NB101_SLOTS);
  const pendCodes = new Uint32Array(BATCH);
  const pendDigests = new Int32Array(BATCH * 4);
  let pending = 0;
  const flush = () => {
    moduleHashMany(pending, pendN, pendOuts, pendLabels, pendDigests, 0);
    for (let i = 0; i < pending; i++) fn(pendDigests, i * 4, pendCodes[i]);
    pending = 0;
  };
  const pairI: number[] = [];
  const pairJ: number[] = [];
  for (let n = 2; n <= maxV; n++) {
    let graphs = 0;
    let canonical = 0;
    let cells = 0;
    pairI.length = 0;
    pairJ.length = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        pairI.push(i);
        pairJ.push(j);
      }
    }
    const bits = pairI.length;
    const full = (1 << n) - 1;
    for (let i = 0; i < n - 1; i++) slotOf[i] = i;
    slotOf[n - 1] = 6;
    labels[0] = LABEL_INPUT;
    labels[n - 1] = LABEL_OUTPUT;
    const internal = n - 2;
    let labellings = 1;
    for (let k = 0; k < internal; k++) labellings *= 3;
    for (let mask = 0; mask < 1 << bits; mask++) {
      if (popcnt(mask) > maxE) continue;
      outs.fill(0);
      for (let b = 0; b < bits; b++) if ((mask >>> b) & 1) outs[pairI[b]] |= 1 << pairJ[b];
      if (live(outs, n) !== full) continue;
      graphs++;
      if (!automorphisms(n, outs, auts)) continue;
      canonical++;
      for (let lab = 0; lab < labellings; lab++) {
        let x = lab;
        for (let k = internal; k >= 1; k--) {
          labels[k] = x % 3;
          x = (x / 3) | 0;
        }
        if (!smallestInOrbit(internal, labels, auts)) continue;
        cells++;
        genotypeFromCompact(n, outs, labels, slotOf, geno);
        // queue for batch hashing
        pendN[pending] = n;
        pendOuts.set(outs, pending * NB101_SLOTS);
        pendLabels.set(labels, pending * NB101_SLOTS);
        pendCodes[pending] = codeOf(geno);
        if (++pending === BATCH) flush();
      }
    }
    flush();
    stats.graphs.push(graphs);
    stats.canonicalGraphs.push(canonical);
    stats.cells.push(cells);
  }
  return stats;
}

function codeOf(a: Uint8Array): number {
  let c = 0;
  for (let k = 0; k < ADJ_BITS; k++) c |= a[k] << k;
  for (let s = 0; s < 5; s++) c |= a[ADJ_BITS + s] << (ADJ_BITS + 2 * s);
  return c >>> 0;
}

/**
 * When the identity order of the compact graph is its canonical order (largest adjacency score over all
 * topological orders of the internal vertices), fills `auts` with the non-identity orders reaching the same
 * score (as vertex-at-position arrays, positions 0..n−3 for internal vertices 1..n−2) and returns true;
 * otherwise returns false.
 */
function automorphisms(n: number, outs: Uint8Array, auts: Int8Array[]): boolean {
  auts.length = 0;
  const m = n - 2;
  if (m <= 0) return true;
  const ins = new Uint8Array(n);
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if ((outs[u] >>> v) & 1) ins[v] |= 1 << u;
  const perm = new Int8Array(m);
  const slot = new Int8Array(n);
  const ident = score(n, outs, slot, perm, true);
  let ok = true;
  const rec = (depth: number, placed: number): void => {
    if (!ok) return;
    if (depth === m) {
      let identity = true;
      for (let k = 0; k < m; k++) if (perm[k] !== k + 1) identity = false;
      if (identity) return;
      const s = score(n, outs, slot, perm, false);
      if (s > ident) ok = false;
      else if (s === ident) auts.push(perm.slice());
      return;
    }
    for (let v = 1; v <= m; v++) {
      if ((placed >>> v) & 1 || (ins[v] & ~placed) !== 0) continue;
      perm[depth] = v;
      rec(depth + 1, placed | (1 << v));
    }
  };
  rec(0, 1);
  return ok;
}

function score(n: number, outs: Uint8Array, slot: Int8Array, perm: Int8Array, identity: boolean): number {
  const m = n - 2;
  slot[0] = 0;
  slot[n - 1] = 6;
  for (let k = 0; k < m; k++) slot[identity ? k + 1 : perm[k]] = k + 1;
  let s = 0;
  for (let u = 0; u < n; u++) {
    const o = outs[u];
    for (let v = u + 1; v < n; v++) if ((o >>> v) & 1) s |= 1 << (20 - pos[slot[u] * 7 + slot[v]]);
  }
  return s;
}

/** Whether labels[1..m] is the lexicographically smallest sequence of its orbit under `auts`. */
function smallestInOrbit(m: number, labels: Int8Array, auts: Int8Array[]): boolean {
  for (const p of auts) {
    for (let k = 0; k < m; k++) {
      const mine = labels[k + 1];
      const theirs = labels[p[k]];
      if (theirs < mine) return false;
      if (theirs > mine) break;
    }
  }
  return true;
}

/**
 * Enumerates every valid cell up to isomorphism and returns them sorted by hash (typed arrays, ~20 bytes a
 * cell, never one object per cell). With default options: the 423,624 cells of NAS-Bench-101.
 */
export function enumerateNb101(opts: Nb101EnumerateOptions = {}, stats?: Nb101EnumerateStats): Nb101Cells {
  let digests = new Int32Array(4 * 65536);
  let codes = new Uint32Array(65536);
  let count = 0;
  const s = forEachNb101Cell(opts, (d, at, code) => {
    if (count === codes.length) {
      const nd = new Int32Array(digests.length * 2);
      nd.set(digests);
      digests = nd;
      const nc = new Uint32Array(codes.length * 2);
      nc.set(codes);
      codes = nc;
    }
    digests.set(d.subarray(at, at + 4), count * 4);
    codes[count] = code;
    count++;
  });
  const sorted = sortCells({ count, digests, codes });
  // drop hash duplicates (none expected)
  let w = 0;
  for (let r = 0; r < sorted.count; r++) {
    if (w > 0 && sameDigest(sorted.digests, w - 1, r)) continue;
    if (w !== r) {
      sorted.digests.copyWithin(w * 4, r * 4, r * 4 + 4);
      sorted.codes[w] = sorted.codes[r];
    }
    w++;
  }
  if (stats) Object.assign(stats, s, { hashDuplicates: sorted.count - w });
  return { count: w, digests: sorted.digests.slice(0, w * 4), codes: sorted.codes.slice(0, w) };
}

/** The bytes of a little-endian word in reverse order, unsigned: words compare like their byte strings. */
function bswap(x: number): number {
  return ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** Compares cells i and j of `d` by digest bytes. */
function compareDigest(d: Int32Array, i: number, j: number): number {
  for (let w = 0; w < 4; w++) {
    const a = bswap(d[i * 4 + w]);
    const b = bswap(d[j * 4 + w]);
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

function sameDigest(d: Int32Array, i: number, j: number): boolean {
  return (
    d[i * 4] === d[j * 4] &&
    d[i * 4 + 1] === d[j * 4 + 1] &&
    d[i * 4 + 2] === d[j * 4 + 2] &&
    d[i * 4 + 3] === d[j * 4 + 3]
  );
}

/** The cells reordered by digest. */
export function sortCells(cells: Nb101Cells): Nb101Cells {
  const { count, digests, codes } = cells;
  const idx = new Int32Array(count);
  for (let i = 0; i < count; i++) idx[i] = i;
  idx.sort((i, j) => compareDigest(digests, i, j));
  const d = new Int32Array(count * 4);
  const c = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    const i = idx[r];
    d.set(digests.subarray(i * 4, i * 4 + 4), r * 4);
    c[r] = codes[i];
  }
  return { count, digests: d, codes: c };
}

/** Index of the cell with this digest (4 words at `q[at..]`), or −1; cells must be sorted by digest. */
export function findCell(cells: Nb101Cells, q: Int32Array, at = 0): number {
  let lo = 0;
  let hi = cells.count - 1;
  const d = cells.digests;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    let c = 0;
    for (let w = 0; w < 4 && c === 0; w++) {
      const a = bswap(d[mid * 4 + w]);
      const b = bswap(q[at + w]);
      if (a !== b) c = a < b ? -1 : 1;
    }
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Files

/** Magic bytes of the binary cell file. */
export const NB101_BIN_MAGIC = "NB101CEL";
export const NB101_BIN_VERSION = 1;
const HEADER = 16;
const RECORD = 20;

/**
 * The binary cell file (little-endian): a 16-byte header — the 8 ASCII bytes `NB101CEL`, uint32 version
 * (1), uint32 cell count — then one 20-byte record per cell, sorted by hash: the 16 md5 digest bytes (as
 * the hex hash reads), then the uint32 canonical genotype code (bit k = adjacency position k, k < 21; bits
 * 21 + 2(s − 1) .. 22 + 2(s − 1) = op of slot s, 0 conv3x3, 1 conv1x1, 2 maxpool, 3 absent).
 */
export function encodeCellsBin(cells: Nb101Cells): Uint8Array {
  const out = new Uint8Array(HEADER + RECORD * cells.count);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = NB101_BIN_MAGIC.charCodeAt(i);
  view.setUint32(8, NB101_BIN_VERSION, true);
  view.setUint32(12, cells.count, true);
  for (let r = 0; r < cells.count; r++) {
    const at = HEADER + r * RECORD;
    for (let w = 0; w < 4; w++) view.setInt32(at + w * 4, cells.digests[r * 4 + w], true);
    view.setUint32(at + 16, cells.codes[r], true);
  }
  return out;
}

/** Reads a binary cell file written by `encodeCellsBin`, checking its header, genotypes and hash order. */
export function decodeCellsBin(bytes: Uint8Array, file: string): Nb101Cells {
  if (bytes.length < HEADER) throw new DataError(file, "not an nb101 cell file (too short for the header)");
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== NB101_BIN_MAGIC.charCodeAt(i)) {
      throw new DataError(file, `not an nb101 cell file (magic is not '${NB101_BIN_MAGIC}')`);
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== NB101_BIN_VERSION)
    throw new DataError(file, `unsupported nb101 cell file version ${version}`);
  const count = view.getUint32(12, true);
  if (bytes.length !== HEADER + RECORD * count) {
    throw new DataError(
      file,
      `header says ${count} cells (${HEADER + RECORD * count} bytes), file has ${bytes.length} bytes`,
    );
  }
  const digests = new Int32Array(count * 4);
  const codes = new Uint32Array(count);
  const a = new Uint8Array(GENOTYPE_LENGTH);
  for (let r = 0; r < count; r++) {
    const at = HEADER + r * RECORD;
    for (let w = 0; w < 4; w++) digests[r * 4 + w] = view.getInt32(at + w * 4, true);
    codes[r] = view.getUint32(at + 16, true);
    const problem =
      codes[r] >= 2 ** 31 ? "code out of range" : genotypeProblem(fromGenotypeCode(codes[r], a));
    if (problem) throw new DataError(file, `cell ${r}: invalid genotype code ${codes[r]} (${problem})`);
    if (r > 0 && compareDigest(digests, r - 1, r) >= 0) {
      throw new DataError(file, `cell ${r}: hashes are not strictly increasing`);
    }
  }
  return { count, digests, codes };
}

/** Reads a binary cell file from disk. */
export function readCellsBin(file: string): Nb101Cells {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(file, code === "ENOENT" ? "no such file" : String(code ?? e));
  }
  return decodeCellsBin(bytes, file);
}

/** One JSON line for cell r: `{"hash":"…","matrix":[[…],…],"ops":["input",…,"output"]}` (pruned, canonical order). */
export function cellJsonLine(
  cells: Nb101Cells,
  r: number,
  a: Uint8Array = new Uint8Array(GENOTYPE_LENGTH),
): string {
  fromGenotypeCode(cells.codes[r], a);
  const slots = [0];
  for (let s = 1; s <= 5; s++) if (a[ADJ_BITS + s - 1] !== OP_ABSENT) slots.push(s);
  slots.push(6);
  const rows = slots.map((i) => `[${slots.map((j) => (i < j && a[POS[i * 7 + j]] ? 1 : 0)).join(",")}]`);
  const ops = slots.map((s) => (s === 0 ? "input" : s === 6 ? "output" : NB101_OPS[a[ADJ_BITS + s - 1]]));
  return `{"hash":"${digestHex(cells.digests, r * 4)}","matrix":[${rows.join(",")}],"ops":${JSON.stringify(ops)}}`;
}

/** The JSONL rendering of all cells, one line each, in hash order. */
export function encodeCellsJsonl(cells: Nb101Cells): Uint8Array {
  return Buffer.concat([...cellsJsonlBytes(cells)].map((c) => Buffer.from(c)));
}

const ASCII = new TextEncoder();
const HEX_DIGITS = ASCII.encode("0123456789abcdef");
const LINE_HEAD = ASCII.encode('{"hash":"');
const MATRIX_HEAD = ASCII.encode('","matrix":[');
const OPS_HEAD = ASCII.encode('],"ops":[');
const LINE_TAIL = ASCII.encode("]}\n");
/** `"input"`, the three op names, `"output"`, quoted (slot 0, slots 1..5 by op, slot 6). */
const QUOTED_OPS = NB101_OPS.map((o) => ASCII.encode(`"${o}"`));
const QUOTED_INPUT = ASCII.encode('"input"');
const QUOTED_OUTPUT = ASCII.encode('"output"');
/** Longest line: 32 hex digits, a 7 × 7 matrix, 7 op names, punctuation (well under this bound). */
const MAX_LINE = 512;

/**
 * The JSONL rendering (the same bytes as `cellJsonLine` for each cell, each line ending in a newline) as
 * chunks of about `chunkBytes` bytes, written straight into one reused buffer: no string nor object per
 * cell, so streaming all 423,624 cells (113 MB) to a file holds ~1 MiB besides the cells. Each chunk is a
 * view of that buffer, valid until the next one is asked for (copy it to keep it).
 */
export function* cellsJsonlBytes(cells: Nb101Cells, chunkBytes = 1 << 20): Generator<Uint8Array> {
  const buf = new Uint8Array(chunkBytes + MAX_LINE);
  const a = new Uint8Array(GENOTYPE_LENGTH);
  const slots = new Int32Array(7);
  const d = cells.digests;
  let p = 0;
  const put = (bytes: Uint8Array) => {
    buf.set(bytes, p);
    p += bytes.length;
  };
  for (let r = 0; r < cells.count; r++) {
    fromGenotypeCode(cells.codes[r], a);
    let ns = 0;
    slots[ns++] = 0;
    for (let s = 1; s <= 5; s++) if (a[ADJ_BITS + s - 1] !== OP_ABSENT) slots[ns++] = s;
    slots[ns++] = 6;
    put(LINE_HEAD);
    for (let w = 0; w < 4; w++) {
      const x = d[r * 4 + w];
      for (let b = 0; b < 4; b++) {
        const byte = (x >>> (b * 8)) & 0xff;
        buf[p++] = HEX_DIGITS[byte >>> 4];
        buf[p++] = HEX_DIGITS[byte & 15];
      }
    }
    put(MATRIX_HEAD);
    for (let x = 0; x < ns; x++) {
      if (x > 0) buf[p++] = 44; // ,
      buf[p++] = 91; // [
      const i = slots[x];
      for (let y = 0; y < ns; y++) {
        if (y > 0) buf[p++] = 44;
        const j = slots[y];
        buf[p++] = i < j && a[POS[i * 7 + j]] ? 49 : 48; // 1 or 0
      }
      buf[p++] = 93; // ]
    }
    put(OPS_HEAD);
    for (let x = 0; x < ns; x++) {
      if (x > 0) buf[p++] = 44;
      const s = slots[x];
      put(s === 0 ? QUOTED_INPUT : s === 6 ? QUOTED_OUTPUT : QUOTED_OPS[a[ADJ_BITS + s - 1]]);
    }
    put(LINE_TAIL);
    if (p >= chunkBytes) {
      yield buf.subarray(0, p);
      p = 0;
    }
  }
  if (p > 0) yield buf.subarray(0, p);
}

/** The 52-bit keys of all cells (see `digestKey`), in cell order. */
export function cellKeys(cells: Nb101Cells): Float64Array {
  const k = new Float64Array(cells.count);
  for (let r = 0; r < cells.count; r++) k[r] = digestKey(cells.digests, r * 4);
  return k;
}
