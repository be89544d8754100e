import { createHash } from "node:crypto";
import { LABEL_INPUT, LABEL_OUTPUT, NB101_SLOTS } from "./cell.js";
import { LITTLE_ENDIAN, md5Buffer, md5Into } from "./md5.js";
import {
  CEDGES,
  DEST,
  DOUT,
  EDGES,
  hashKernel,
  type Kernel,
  MAX_JOBS,
  MAX_STARTS,
  REC,
  SLOT,
  SRANK,
  START_TABLE,
} from "./wasm.js";

/**
 * The official NAS-Bench-101 module hash (nasbench `graph_util.hash_module`), bit for bit.
 *
 * Over the pruned cell, with labels −1 input, −2 output, 0/1/2 for conv3x3 / conv1x1 / maxpool:
 * 1. vertex v starts as md5 hex of the Python tuple string `(out_degree, in_degree, label)`, e.g. `(1, 0, -1)`;
 * 2. V rounds (V = number of vertices): v's new hash is the md5 hex of its in-neighbours' hashes sorted and
 *    concatenated, `|`, its out-neighbours' hashes sorted and concatenated, `|`, its own hash;
 * 3. the fingerprint is the md5 hex of the Python list string of the sorted final hashes: `['…', '…']`.
 *
 * Implementation: digests are kept as 4 little-endian words and their hex as ASCII bytes; sorting hex
 * strings is sorting digests bytewise; the 245 possible start hashes are computed once; all buffers are
 * preallocated (single-threaded, not re-entrant). Three engines give identical results:
 * - `moduleHashMany` / `moduleHash`: the WebAssembly SIMD kernel (wasm.ts), 16 messages at a time — the
 *   default, ~7× the scalar engine on batches and ~3.5× cell by cell (bench/nb101.ts);
 * - `moduleHashScalar`: hand-written scalar md5 (md5.ts), cell by cell — used where WebAssembly SIMD is
 *   missing;
 * - `moduleHashHexPortable`: strings and `node:crypto`, a plain transcription — big-endian fallback and
 *   cross-check in tests.
 */

const HEX = new TextEncoder().encode("0123456789abcdef");
/** Largest message: the fingerprint of 7 vertices, 2 + 7·34 + 6·2 = 252 bytes. */
const buf = md5Buffer(256);
const msg = buf.bytes;
/** Hex ASCII of each vertex's current hash, 32 bytes per vertex. */
const hex = new Uint8Array(NB101_SLOTS * 32);
let cur = new Int32Array(NB101_SLOTS * 4);
let nxt = new Int32Array(NB101_SLOTS * 4);
/** Byte-swapped first word of each vertex's digest: compares as the first 4 digest bytes. */
const lead = new Float64Array(NB101_SLOTS);
const order = new Int32Array(NB101_SLOTS);
const ins = new Uint8Array(NB101_SLOTS);
const outDeg = new Uint8Array(NB101_SLOTS);
const inDeg = new Uint8Array(NB101_SLOTS);

/** Number of start digests (out degree × in degree × label). */
const STARTS = 7 * 7 * 5;

/** Start digests for (out_degree 0..6, in_degree 0..6, label −2..2): index ((out·7 + in)·5 + label + 2)·4. */
function startDigests(): Int32Array {
  const start = new Int32Array(STARTS * 4);
  for (let o = 0; o < 7; o++) {
    for (let i = 0; i < 7; i++) {
      for (let l = -2; l <= 2; l++) {
        const d = createHash("md5").update(`(${o}, ${i}, ${l})`).digest();
        const at = ((o * 7 + i) * 5 + l + 2) * 4;
        for (let w = 0; w < 4; w++) start[at + w] = d.readInt32LE(w * 4);
      }
    }
  }
  return start;
}

/** The start digests, their hexes, their order by hash and each one's rank in it. */
interface StartTables {
  start: Int32Array;
  hexes: string[];
  byHash: number[];
  rank: Uint8Array;
}

let startTablesBuilt: StartTables | undefined;

/** The start tables, built on first use (245 md5s: not at import, most commands never hash a cell). */
function startTables(): StartTables {
  if (startTablesBuilt) return startTablesBuilt;
  const start = startDigests();
  const hexes = Array.from({ length: STARTS }, (_, s) => digestHex(start, s * 4));
  const byHash = hexes
    .map((_, s) => s)
    .sort((a, b) => (hexes[a] < hexes[b] ? -1 : hexes[a] > hexes[b] ? 1 : 0));
  const rank = new Uint8Array(STARTS);
  byHash.forEach((s, r) => {
    rank[s] = r;
  });
  startTablesBuilt = { start, hexes, byHash, rank };
  return startTablesBuilt;
}

/** The bytes of a little-endian word in reverse order, unsigned: words compare like their byte strings. */
function bswap(x: number): number {
  return ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** Whether digest u sorts before digest v (bytewise, as their hex strings). */
function less(u: number, v: number): boolean {
  if (lead[u] !== lead[v]) return lead[u] < lead[v];
  for (let w = 1; w < 4; w++) {
    const a = bswap(cur[u * 4 + w]);
    const b = bswap(cur[v * 4 + w]);
    if (a !== b) return a < b;
  }
  return false;
}

/** Fills `hex` and `order` (vertices sorted by hash) from `cur`. */
function prepare(n: number): void {
  for (let v = 0; v < n; v++) {
    const h = v * 32;
    for (let w = 0; w < 4; w++) {
      const x = cur[v * 4 + w];
      for (let b = 0; b < 4; b++) {
        const byte = (x >>> (b * 8)) & 0xff;
        const p = h + w * 8 + b * 2;
        hex[p] = HEX[byte >>> 4];
        hex[p + 1] = HEX[byte & 15];
      }
    }
    lead[v] = bswap(cur[v * 4]);
    // insertion sort
    let k = v;
    while (k > 0 && less(v, order[k - 1])) {
      order[k] = order[k - 1];
      k--;
    }
    order[k] = v;
  }
}

function copyHex(v: number, p: number): number {
  const h = v * 32;
  for (let i = 0; i < 32; i++) msg[p + i] = hex[h + i];
  return p + 32;
}

/**
 * The module hash of one cell with the scalar md5, cell by cell (the engine used where WebAssembly SIMD
 * is missing, and the benchmark's "scalar" line). Same contract as `moduleHash`.
 */
export function moduleHashScalar(
  n: number,
  outs: Uint8Array,
  labels: Int8Array,
  out: Int32Array,
  at: number,
): void {
  if (!LITTLE_ENDIAN) {
    moduleHashPortable(n, outs, labels, out, at);
    return;
  }
  const START = startTables().start;
  for (let v = 0; v < n; v++) {
    ins[v] = 0;
    inDeg[v] = 0;
  }
  for (let u = 0; u < n; u++) {
    const o = outs[u];
    let d = 0;
    for (let v = 0; v < n; v++) {
      if ((o >>> v) & 1) {
        ins[v] |= 1 << u;
        inDeg[v]++;
        d++;
      }
    }
    outDeg[u] = d;
  }
  for (let v = 0; v < n; v++) {
    const s = ((outDeg[v] * 7 + inDeg[v]) * 5 + labels[v] + 2) * 4;
    cur[v * 4] = START[s];
    cur[v * 4 + 1] = START[s + 1];
    cur[v * 4 + 2] = START[s + 2];
    cur[v * 4 + 3] = START[s + 3];
  }
  for (let round = 0; round < n; round++) {
    prepare(n);
    for (let v = 0; v < n; v++) {
      let p = 0;
      const im = ins[v];
      const om = outs[v];
      if (im) for (let k = 0; k < n; k++) if ((im >>> order[k]) & 1) p = copyHex(order[k], p);
      msg[p++] = 124; // '|'
      if (om) for (let k = 0; k < n; k++) if ((om >>> order[k]) & 1) p = copyHex(order[k], p);
      msg[p++] = 124;
      p = copyHex(v, p);
      md5Into(buf, p, nxt, v * 4);
    }
    const t = cur;
    cur = nxt;
    nxt = t;
  }
  prepare(n);
  // str(sorted(hashes)): ['h0', 'h1', …]
  let p = 0;
  msg[p++] = 91; // [
  for (let k = 0; k < n; k++) {
    if (k > 0) {
      msg[p++] = 44; // ,
      msg[p++] = 32; // space
    }
    msg[p++] = 39; // '
    p = copyHex(order[k], p);
    msg[p++] = 39;
  }
  msg[p++] = 93; // ]
  md5Into(buf, p, out, at);
}

// ---------------------------------------------------------------------------------------------------------
// Batch engine. The messages of a round (of every cell of a batch) are independent: the WebAssembly kernel
// (wasm.ts) assembles, hashes and hex-encodes them 16 at a time, ordered by block count so that lanes are
// evenly filled. Cells are taken in groups of equal vertex count n, so that every cell of a group needs the
// same n rounds: each (cell, vertex) keeps one job, one recipe and one slot per table for the whole group.
// JavaScript only sets a group up (adjacency, start hashes, job order, recipe headers, edge records); one
// kernel call then runs all its rounds — ranking each cell's vertices by hash and writing the neighbour
// lists between md5 passes — and the fingerprints. The first round reads the start hashes from a fixed
// table of the 245 start slots (in hash order, so that their indices sort like their hashes).

const V = NB101_SLOTS;
/** Whether the WebAssembly kernel is used (compiled on first use, not at import: most commands never hash). */
let simdOn = true;

/** The kernel to hash with, or null for the scalar md5 (turned off, or no WebAssembly SIMD here). */
function currentKernel(): Kernel | null {
  return simdOn ? preparedKernel() : null;
}

let prepared: Kernel | null | undefined;

/** The compiled kernel with its start table written (once), or null where WebAssembly SIMD is unavailable. */
function preparedKernel(): Kernel | null {
  if (prepared === undefined) {
    prepared = LITTLE_ENDIAN ? hashKernel() : null;
    if (prepared) writeStartTable(prepared);
  }
  return prepared;
}

/**
 * Turns the WebAssembly kernel on or off (off: the scalar md5, cell by cell); returns whether it is now on
 * (false where WebAssembly SIMD is unavailable). For tests and benchmarks; results are identical either way.
 */
export function useSimd(on: boolean): boolean {
  simdOn = on;
  return currentKernel() !== null;
}

// module-local copies of imported constants (hot loops)
const K_REC = REC;
const K_REC_W = REC >> 2;
const K_DEST_W = DEST >> 2;
const K_DOUT_W = DOUT >> 2;
const K_SLOT = SLOT;
const K_SRANK = SRANK;
const K_CEDGES_W = CEDGES >> 2;
const K_EDGES = EDGES;
if (STARTS > MAX_STARTS) throw new Error("nb101 hash: start table too small");
/** Set bits of each 7-bit vertex mask. */
const POP7 = new Uint8Array(128);
for (let m = 1; m < 128; m++) POP7[m] = POP7[m >> 1] + (m & 1);

/** Writes the kernel's start table: slot r holds the hex, then the sort key (the digest bytes, each 8-byte half reversed). */
function writeStartTable(k: Kernel): void {
  const { start: START, hexes, byHash } = startTables();
  const enc = new TextEncoder();
  for (let r = 0; r < STARTS; r++) {
    const s = byHash[r];
    const at = START_TABLE + r * SLOT;
    k.bytes.set(enc.encode(hexes[s]), at);
    for (let i = 0; i < 16; i++) {
      k.bytes[at + 32 + (i ^ 7)] = (START[s * 4 + (i >> 2)] >>> (8 * (i & 3))) & 0xff;
    }
  }
}
// per slot (cell c of the group, vertex v: slot c·n + v)
const sIns = new Uint8Array(MAX_JOBS);
const sOuts = new Uint8Array(MAX_JOBS);
/** Byte address of the slot's recipe neighbour list (REC + 16·job + 8). */
const sRec = new Int32Array(MAX_JOBS);
const sBlocks = new Uint8Array(MAX_JOBS);
const bucket = new Int32Array(8);
/** Cell indices of the batch grouped by vertex count (grown on demand). */
let byN = new Int32Array(1024);
const nStart = new Int32Array(V + 2);
const oneIdx = new Int32Array(1);

/**
 * Hashes `count` cells of n vertices (batch indices `idx[from..from+count)`, count·n ≤ MAX_JOBS) with the
 * kernel; cell i's digest goes to `out[outBase + 4i ..]`.
 */
function hashGroup(
  k: Kernel,
  n: number,
  idx: Int32Array,
  from: number,
  count: number,
  outs: Uint8Array,
  labels: Int8Array,
  out: Int32Array,
  outBase: number,
): void {
  const words = k.words;
  const bytes = k.bytes;
  const START_RANK = startTables().rank; // index in the kernel's start table (rank by hash) of each start digest
  const jobs = count * n;
  // adjacency masks, start slots and block counts of every slot
  bucket.fill(0);
  for (let c = 0; c < count; c++) {
    const src = idx[from + c] * V;
    const base = c * n;
    for (let v = 0; v < n; v++) {
      sIns[base + v] = 0;
      sOuts[base + v] = outs[src + v];
    }
    for (let u = 0; u < n; u++) {
      let o = outs[src + u];
      while (o !== 0) {
        const v = 31 - Math.clz32(o & -o);
        o &= o - 1;
        sIns[base + v] |= 1 << u;
      }
    }
    for (let v = 0; v < n; v++) {
      const s = base + v;
      const ki = POP7[sIns[s]];
      const ko = POP7[sOuts[s]];
      if (ki + ko > V - 1)
        throw new RangeError("nb101 hash: a vertex with more than 6 neighbours (not a DAG)");
      const b = ((ki + ko) * 32 + 42) >>> 6; // blocks of a (ki + ko + 1)·32 + 2-byte message, minus 1
      sBlocks[s] = b;
      bucket[b]++;
      bytes[K_SRANK + s] = START_RANK[(ko * 7 + ki) * 5 + labels[src + v] + 2];
    }
  }
  // jobs longest first; each slot's recipe header and destination are the same every round
  let at = 0;
  for (let b = 7; b >= 0; b--) {
    const m = bucket[b];
    bucket[b] = at;
    at += m;
  }
  for (let s = 0; s < jobs; s++) {
    const j = bucket[sBlocks[s]]++;
    const v = s % n;
    const ki = POP7[sIns[s]];
    const ko = POP7[sOuts[s]];
    words[K_REC_W + j * 4] = (ki << 8) | (ko << 16) | (v << 24);
    words[K_REC_W + j * 4 + 1] = (s - v) * K_SLOT;
    words[K_DEST_W + j] = s * K_SLOT;
    const r = K_REC + j * 16 + 8;
    sRec[s] = r;
    bytes[r + ki + ko] = bytes[K_SRANK + s]; // own start slot, for the first round
  }
  // edge records: u, x, x's in-mask, u's out-mask, address of x's in-list, address of u's out-list
  let e = 0;
  for (let c = 0; c < count; c++) {
    words[K_CEDGES_W + c] = e;
    const base = c * n;
    for (let u = 0; u < n; u++) {
      const su = base + u;
      const outList = sRec[su] + POP7[sIns[su]];
      let o = sOuts[su];
      while (o !== 0) {
        const x = 31 - Math.clz32(o & -o);
        o &= o - 1;
        const sx = base + x;
        const r = K_EDGES + e * 8;
        words[r >> 2] = u | (x << 8) | (sIns[sx] << 16) | (sOuts[su] << 24);
        words[(r >> 2) + 1] = sRec[sx] | (outList << 16);
        e++;
      }
    }
  }
  words[K_CEDGES_W + count] = e;
  k.cells(count, n);
  for (let c = 0; c < count; c++) {
    const o = outBase + idx[from + c] * 4;
    const d = K_DOUT_W + c * 4;
    out[o] = words[d];
    out[o + 1] = words[d + 1];
    out[o + 2] = words[d + 2];
    out[o + 3] = words[d + 3];
  }
}

/**
 * The module hashes of many compact cells at once: cell i has `ns[i]` vertices, successor masks
 * `outs[i·7 .. i·7 + 7)` and labels `labels[i·7 ..]`; its digest (4 little-endian words) goes to
 * `out[(outAt + i)·4 ..]`. Cells must be pruned. Batches fill the SIMD lanes best (hundreds of cells).
 */
export function moduleHashMany(
  count: number,
  ns: ArrayLike<number>,
  outs: Uint8Array,
  labels: Int8Array,
  out: Int32Array,
  outAt = 0,
): void {
  const k = currentKernel();
  if (!k) {
    for (let i = 0; i < count; i++) {
      const o = outs.subarray(i * V, i * V + V);
      const l = labels.subarray(i * V, i * V + V);
      moduleHashScalar(ns[i], o, l, out, (outAt + i) * 4);
    }
    return;
  }
  // cells grouped by vertex count (counting sort)
  if (byN.length < count) byN = new Int32Array(Math.max(count, byN.length * 2));
  nStart.fill(0);
  for (let i = 0; i < count; i++) {
    const n = ns[i];
    if (!(n >= 0 && n <= V)) throw new RangeError(`nb101 hash: cell ${i} has ${n} vertices`);
    nStart[n + 1]++;
  }
  for (let n = 0; n <= V; n++) nStart[n + 1] += nStart[n];
  for (let i = 0; i < count; i++) byN[nStart[ns[i]]++] = i;
  // (now nStart[n] is the end of the cells of n vertices in byN)
  for (let n = 0; n <= V; n++) {
    const end = nStart[n];
    const per = n > 0 ? Math.floor(MAX_JOBS / n) : MAX_JOBS;
    for (let from = n > 0 ? nStart[n - 1] : 0; from < end; from += per) {
      hashGroup(k, n, byN, from, Math.min(per, end - from), outs, labels, out, outAt * 4);
    }
  }
}

/**
 * The module hash of a compact cell (vertices 0..n−1, `outs[i]` the bitmask of i's successors — any
 * vertex order, no self-loops — and `labels` as above), written as 4 little-endian words (the md5 digest
 * bytes in order) into `out[at..at+4)`. The cell must already be pruned (the hash of an unpruned cell is
 * not the official one).
 */
export function moduleHash(
  n: number,
  outs: Uint8Array,
  labels: Int8Array,
  out: Int32Array,
  at: number,
): void {
  const k = currentKernel();
  if (!k) {
    moduleHashScalar(n, outs, labels, out, at);
    return;
  }
  if (!(n >= 0 && n <= V)) throw new RangeError(`nb101 hash: a cell of ${n} vertices`);
  hashGroup(k, n, oneIdx, 0, 1, outs, labels, out, at);
}

/** The same hash with `node:crypto` and strings: the fallback on big-endian machines, and a cross-check. */
export function moduleHashPortable(
  n: number,
  outs: Uint8Array,
  labels: Int8Array,
  out: Int32Array,
  at: number,
): void {
  const hexes = moduleHashHexPortable(n, outs, labels);
  const d = Buffer.from(hexes, "hex");
  for (let w = 0; w < 4; w++) out[at + w] = d.readInt32LE(w * 4);
}

/** The module hash as hex, written the plain way (strings and `node:crypto`), independent of `moduleHash`. */
export function moduleHashHexPortable(n: number, outs: Uint8Array, labels: Int8Array): string {
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const edge = (u: number, v: number) => ((outs[u] >>> v) & 1) === 1;
  let hashes: string[] = [];
  for (let v = 0; v < n; v++) {
    let o = 0;
    let i = 0;
    for (let w = 0; w < n; w++) {
      if (edge(v, w)) o++;
      if (edge(w, v)) i++;
    }
    hashes.push(md5(`(${o}, ${i}, ${labels[v]})`));
  }
  for (let r = 0; r < n; r++) {
    const next: string[] = [];
    for (let v = 0; v < n; v++) {
      const a = hashes.filter((_, w) => edge(w, v)).sort();
      const b = hashes.filter((_, w) => edge(v, w)).sort();
      next.push(md5(`${a.join("")}|${b.join("")}|${hashes[v]}`));
    }
    hashes = next;
  }
  return md5(
    `[${[...hashes]
      .sort()
      .map((h) => `'${h}'`)
      .join(", ")}]`,
  );
}

/** Hex of a digest held as 4 little-endian words at `d[at..at+4)`. */
export function digestHex(d: Int32Array, at = 0): string {
  let s = "";
  for (let w = 0; w < 4; w++) {
    const x = d[at + w];
    for (let b = 0; b < 4; b++) {
      const byte = (x >>> (b * 8)) & 0xff;
      s += String.fromCharCode(HEX[byte >>> 4], HEX[byte & 15]);
    }
  }
  return s;
}

/**
 * The compact key of a digest: its first 52 bits (the first 13 hex digits of the official hash, read as
 * a number), so keys sort like hashes. Not exact in principle; no two of the 423,624 cells share one (tested).
 */
export function digestKey(d: Int32Array, at = 0): number {
  const w0 = bswap(d[at]);
  const w1 = bswap(d[at + 1]);
  return w0 * 1048576 + (w1 >>> 12);
}

/** Parses a 32-hex hash into 4 little-endian words; undefined when it is not 32 hex digits. */
export function hexDigest(text: string, out: Int32Array = new Int32Array(4), at = 0): Int32Array | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(text)) return undefined;
  const d = Buffer.from(text, "hex");
  for (let w = 0; w < 4; w++) out[at + w] = d.readInt32LE(w * 4);
  return out;
}

export { LABEL_INPUT, LABEL_OUTPUT };
