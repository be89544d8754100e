import { createHash } from "node:crypto";
import { LABEL_INPUT, LABEL_OUTPUT, NB101_SLOTS } from "./cell.js";
import { LITTLE_ENDIAN, md5Buffer, md5Into } from "./md5.js";
import { DEST, DOUT, FREE, hashKernel, type Kernel, MAX_JOBS, MEMORY_BYTES, REC, SCRATCH } from "./wasm.js";

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
 * - `moduleHashMany` / `moduleHash`: the WebAssembly SIMD kernel (wasm.ts), 8 messages at a time — the
 *   default, ~3× the scalar engine on batches (bench/nb101.ts);
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

/** Start digests for (out_degree 0..6, in_degree 0..6, label −2..2): index ((out·7 + in)·5 + label + 2)·4. */
const START = new Int32Array(7 * 7 * 5 * 4);
for (let o = 0; o < 7; o++) {
  for (let i = 0; i < 7; i++) {
    for (let l = -2; l <= 2; l++) {
      const d = createHash("md5").update(`(${o}, ${i}, ${l})`).digest();
      const at = ((o * 7 + i) * 5 + l + 2) * 4;
      for (let w = 0; w < 4; w++) START[at + w] = d.readInt32LE(w * 4);
    }
  }
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
// (wasm.ts) assembles, hashes and hex-encodes them 8 at a time, grouped by block count so that lanes are
// evenly filled. JavaScript sorts each cell's vertices by hash and writes each lane's recipe (which hexes
// make the message); the hex digests live in the kernel's memory, in two tables (one per round parity).

/** Cells per internal chunk (the two hex tables hold CHUNK · 7 digests each). */
const CHUNK = 128;
const V = NB101_SLOTS;
const simd = LITTLE_ENDIAN ? hashKernel() : null;
let kernel = simd;

/**
 * Turns the WebAssembly kernel on or off (off: the scalar md5, cell by cell); returns whether it is now on
 * (false where WebAssembly SIMD is unavailable). For tests and benchmarks; results are identical either way.
 */
export function useSimd(on: boolean): boolean {
  kernel = on ? simd : null;
  return kernel !== null;
}

// module-local copies of imported constants (hot loops)
const K_REC = REC;
const K_DEST_W = DEST >> 2;
const K_DOUT_W = DOUT >> 2;
const K_SCRATCH = SCRATCH;
const HEX_TABLE = [FREE, FREE + CHUNK * V * 32];
if (HEX_TABLE[1] + CHUNK * V * 32 > MEMORY_BYTES || CHUNK * V > MAX_JOBS) {
  throw new Error("nb101 hash: kernel memory too small");
}
/** Set bits of each 7-bit vertex mask. */
const POP7 = new Uint8Array(128);
for (let m = 1; m < 128; m++) POP7[m] = POP7[m >> 1] + (m & 1);
/** Hex of each start digest, 8 words (32 ASCII bytes) each. */
const START_HEX = new Int32Array((START.length / 4) * 8);
{
  const enc = new TextEncoder();
  for (let s = 0; s < START.length / 4; s++) {
    const h = enc.encode(digestHex(START, s * 4));
    START_HEX.set(new Int32Array(h.buffer, h.byteOffset, 8), s * 8);
  }
}
const cD = new Int32Array(CHUNK * V * 4); // current digest of (cell, vertex)
const cLead = new Uint32Array(CHUNK * V); // bswap of the first digest word
const cOrder = new Uint8Array(CHUNK * V); // vertices of each cell sorted by digest
const cIns = new Uint8Array(CHUNK * V);
const cOuts = new Uint8Array(CHUNK * V);
const cN = new Uint8Array(CHUNK);
const jobs = new Int32Array(CHUNK * V); // (cell·7 + vertex), or a cell for a fingerprint
const chunkJobs = new Int32Array(CHUNK * V); // vertex jobs by block count, longest first
const vBlocks = new Uint8Array(CHUNK * V);
const bucket = new Int32Array(8);
/** Each vertex job's recipe bytes 8..16 (in- then out-neighbours in hash order), staged per round. */
const stage = new Uint8Array(CHUNK * V * 8);
const stageW = new Int32Array(stage.buffer);
const fillIn = new Uint8Array(V);
const fillOut = new Uint8Array(V);

/** Whether (cell, vertex) g sorts before h by digest bytes, given equal first words. */
function tieBefore(g: number, h: number): boolean {
  for (let w = 1; w < 4; w++) {
    const a = bswap(cD[g * 4 + w]);
    const b = bswap(cD[h * 4 + w]);
    if (a !== b) return a < b;
  }
  return false;
}

/** Sorts cell c's vertices by their current digests into cOrder (insertion sort on the first word). */
function sortCell(c: number): void {
  const n = cN[c];
  const base = c * V;
  for (let v = 0; v < n; v++) {
    const g = base + v;
    const lead = bswap(cD[g * 4]);
    cLead[g] = lead;
    let k = v;
    while (k > 0) {
      const prev = cOrder[base + k - 1];
      const lp = cLead[base + prev];
      if (lead > lp || (lead === lp && !tieBefore(g, base + prev))) break;
      cOrder[base + k] = prev;
      k--;
    }
    cOrder[base + k] = v;
  }
}

/**
 * Stages the neighbour lists of every vertex of cell c (after `sortCell`): walking the vertices in hash
 * order, each is appended to the in-list of its successors and to the out-list of its predecessors.
 */
function stageCell(c: number): void {
  const n = cN[c];
  const base = c * V;
  for (let v = 0; v < n; v++) {
    fillIn[v] = 0;
    fillOut[v] = POP7[cIns[base + v]];
  }
  for (let i = 0; i < n; i++) {
    const w = cOrder[base + i];
    let succ = cOuts[base + w];
    while (succ !== 0) {
      const x = 31 - Math.clz32(succ & -succ);
      succ &= succ - 1;
      stage[(base + x) * 8 + fillIn[x]++] = w;
    }
    let pred = cIns[base + w];
    while (pred !== 0) {
      const y = 31 - Math.clz32(pred & -pred);
      pred &= pred - 1;
      stage[(base + y) * 8 + fillOut[y]++] = w;
    }
  }
}

function blocksOf(len: number): number {
  return ((len + 8) >>> 6) + 1;
}

/**
 * Runs `count` jobs (`jobs`, longest first) through the kernel in one call. Vertex jobs (`final` false) read the hex table of
 * parity `parity`, write their hex to the other one and their digest to cD; fingerprints write their digest
 * to out[(outAt + cell)·4].
 */
function runJobs(
  k: Kernel,
  count: number,
  final: boolean,
  parity: number,
  out: Int32Array,
  outAt: number,
): void {
  const mem = k.bytes;
  const words = k.words;
  const hexIn = HEX_TABLE[parity];
  const hexOut = HEX_TABLE[1 - parity];
  for (let i = 0; i < count; i++) {
    const job = jobs[i];
    const r = K_REC + i * 16;
    if (final) {
      const base = job * V;
      const n = cN[job];
      mem[r] = 1;
      mem[r + 1] = n;
      words[(r + 4) >> 2] = HEX_TABLE[n & 1] + base * 32;
      for (let j = 0; j < n; j++) mem[r + 8 + j] = cOrder[base + j];
      words[K_DEST_W + i] = K_SCRATCH;
    } else {
      const c = (job / V) | 0;
      const base = c * V;
      words[r >> 2] = (POP7[cIns[job]] << 8) | (POP7[cOuts[job]] << 16) | ((job - base) << 24);
      words[(r + 4) >> 2] = hexIn + base * 32;
      words[(r + 8) >> 2] = stageW[job * 2];
      words[(r + 12) >> 2] = stageW[job * 2 + 1];
      words[K_DEST_W + i] = hexOut + job * 32;
    }
  }
  k.round(count);
  const t = final ? out : cD;
  for (let i = 0; i < count; i++) {
    const o = final ? (outAt + jobs[i]) * 4 : jobs[i] * 4;
    const d = K_DOUT_W + i * 4;
    t[o] = words[d];
    t[o + 1] = words[d + 1];
    t[o + 2] = words[d + 2];
    t[o + 3] = words[d + 3];
  }
}

/** Hashes cells [from, from + count) of the batch arrays (count ≤ CHUNK) with the kernel. */
function hashChunk(
  k: Kernel,
  ns: ArrayLike<number>,
  outs: Uint8Array,
  labels: Int8Array,
  from: number,
  count: number,
  out: Int32Array,
  outAt: number,
): void {
  let maxN = 0;
  let minN = V;
  const words = k.words;
  const hex0 = HEX_TABLE[0] >> 2;
  for (let c = 0; c < count; c++) {
    const n = ns[from + c];
    cN[c] = n;
    if (n > maxN) maxN = n;
    if (n < minN) minN = n;
    const base = c * V;
    const src = (from + c) * V;
    for (let v = 0; v < n; v++) {
      cIns[base + v] = 0;
      cOuts[base + v] = outs[src + v];
    }
    for (let u = 0; u < n; u++) {
      const o = outs[src + u];
      for (let v = 0; v < n; v++) if ((o >>> v) & 1) cIns[base + v] |= 1 << u;
    }
    for (let v = 0; v < n; v++) {
      const s = (POP7[cOuts[base + v]] * 7 + POP7[cIns[base + v]]) * 5 + labels[src + v] + 2;
      const d = (base + v) * 4;
      cD[d] = START[s * 4];
      cD[d + 1] = START[s * 4 + 1];
      cD[d + 2] = START[s * 4 + 2];
      cD[d + 3] = START[s * 4 + 3];
      const h = hex0 + (base + v) * 8;
      for (let w = 0; w < 8; w++) words[h + w] = START_HEX[s * 8 + w];
    }
  }
  // vertex jobs of the chunk sorted by block count, longest first (the same every round)
  let total = 0;
  bucket.fill(0);
  for (let c = 0; c < count; c++) {
    const base = c * V;
    for (let v = 0; v < cN[c]; v++) {
      const b = blocksOf((POP7[cIns[base + v]] + POP7[cOuts[base + v]] + 1) * 32 + 2);
      vBlocks[base + v] = b;
      bucket[b]++;
      total++;
    }
  }
  let at = 0;
  for (let b = 7; b >= 1; b--) {
    const n = bucket[b];
    bucket[b] = at;
    at += n;
  }
  for (let c = 0; c < count; c++) {
    const base = c * V;
    for (let v = 0; v < cN[c]; v++) chunkJobs[bucket[vBlocks[base + v]]++] = base + v;
  }
  for (let round = 0; round < maxN; round++) {
    for (let c = 0; c < count; c++) {
      if (cN[c] <= round) continue;
      sortCell(c);
      stageCell(c);
    }
    let nj = 0;
    if (round < minN) {
      jobs.set(chunkJobs.subarray(0, total));
      nj = total;
    } else {
      for (let i = 0; i < total; i++) {
        const job = chunkJobs[i];
        if (cN[(job / V) | 0] > round) jobs[nj++] = job;
      }
    }
    runJobs(k, nj, false, round & 1, out, outAt);
  }
  // fingerprints, longest (most vertices) first
  let nf = 0;
  for (let n = V; n >= 2; n--) {
    for (let c = 0; c < count; c++) {
      if (cN[c] !== n) continue;
      sortCell(c);
      jobs[nf++] = c;
    }
  }
  runJobs(k, nf, true, 0, out, outAt);
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
  const k = kernel;
  if (!k) {
    for (let i = 0; i < count; i++) {
      const o = outs.subarray(i * V, i * V + V);
      const l = labels.subarray(i * V, i * V + V);
      moduleHashScalar(ns[i], o, l, out, (outAt + i) * 4);
    }
    return;
  }
  for (let from = 0; from < count; from += CHUNK) {
    hashChunk(k, ns, outs, labels, from, Math.min(CHUNK, count - from), out, outAt + from);
  }
}

const oneN = new Uint8Array(1);
const oneOuts = new Uint8Array(V);
const oneLabels = new Int8Array(V);
const oneOut = new Int32Array(4);

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
  oneN[0] = n;
  for (let v = 0; v < V; v++) {
    oneOuts[v] = v < n ? outs[v] : 0;
    oneLabels[v] = v < n ? labels[v] : 0;
  }
  moduleHashMany(1, oneN, oneOuts, oneLabels, oneOut, 0);
  out[at] = oneOut[0];
  out[at + 1] = oneOut[1];
  out[at + 2] = oneOut[2];
  out[at + 3] = oneOut[3];
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
