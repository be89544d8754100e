import { Asm, F64, I32, Op, Simd, V128, type WasmFunc, wasmModule } from "../core/wasm-asm.js";
import { type Ensemble, treeCount } from "./ensemble.js";

/**
 * Bit-sliced batch prediction of a tree ensemble, in WebAssembly SIMD (assembled at run time by
 * wasm-asm.ts; no toolchain, no binary in the repository).
 *
 * Rows are taken 128 at a time, one row per bit of a 128-bit vector:
 *
 * 1. **Test planes.** Every distinct test (feature f, threshold θ) of the model gets a plane
 *    P = [x_{r,f} ≥ θ]_{r=0..127}: one f32x4 comparison per 4 rows, packed with narrow + bitmask. This is
 *    QuickScorer's observation (Lucchese et al., SIGIR 2015) that a tree only needs, per row, which of its
 *    tests are false (here: go right); it holds for any feature values, binary or not.
 * 2. **Paths as multiplexers.** Each tree is padded to a perfect tree of its depth d (heap order; a leaf
 *    above depth d becomes always-left tests on an all-zero plane, its value copied to every leaf below
 *    it). The direction taken at depth j is a function of the directions above it:
 *    dir_j = mux_{dir_0 … dir_{j−1}}(P[node] for the 2^j nodes of depth j), a tree of 2^j − 1
 *    `v128.bitselect`s. So a depth-6 tree costs 63 plane loads and 57 bitselects for 128 rows, with no
 *    data-dependent loads or branches (the pointer-chasing walk does 6 dependent steps per row).
 * 3. **Leaf indices.** The d direction planes hold, bit-sliced, each row's leaf index
 *    Σ_j dir_j · 2^{d−1−j}. An 8×8 bit transpose across the planes (three delta-swap stages, Hacker's
 *    Delight §7-3, on all 16 bytes at once) and three rounds of byte interleaves turn them into one byte
 *    per row, then into the byte address of the row's leaf value (i32, 128 per tree).
 * 4. **Sums.** Leaf values are added row by row, tree by tree, in the model's tree order into a float64
 *    accumulator that starts at +0 — the same additions in the same order as walking the trees one by one,
 *    so the sums are bit-identical to that walk. Eight rows are summed together (independent chains).
 *
 * Trees are processed in chunks of 32 (their leaf addresses, 16 KB, stay in L1 between steps 3 and 4).
 * Trees deeper than 8 are not taken here (a leaf index must fit a byte, and a mux costs 2^d); trees of
 * depth 0 need no mux. Costs on one core of the AMD EPYC development machine (Node 20): ≈ 0.14 ns per
 * test and row for step 1, ≈ 0.35 ns per depth-6 tree and row for steps 2–3, ≈ 0.24 ns per tree and row
 * for step 4 — for 500 depth-6 trees on NB201's 30 one-hot features, ≈ 3.9 M rows/s, where walking the
 * trees reaches ≈ 0.6 M.
 *
 * Each evaluator owns a WebAssembly instance whose memory holds the model's planes, node records and leaf
 * values (≈ 0.8 MB for that model) and a buffer of rows (≤ 1 MB); the module is compiled once per row
 * width, which is built into the offsets of the plane loads.
 */
export class BitslicedEnsemble {
  /** Deepest tree this evaluator takes. */
  static readonly MAX_DEPTH = 8;
  readonly width: number;
  private readonly run: (rows: number) => void;
  private readonly mem: WebAssembly.Memory;
  private readonly xAt: number;
  private readonly outAt: number;
  private readonly chunkRows: number;

  /** Whether this evaluator can take the ensemble: every tree at most MAX_DEPTH deep, WebAssembly SIMD there. */
  static supports(width: number, depths: Int32Array): boolean {
    for (let t = 0; t < depths.length; t++) if (depths[t] > BitslicedEnsemble.MAX_DEPTH) return false;
    return kernelModule(width, deepest(depths)) !== null;
  }

  /**
   * `depths[t]`: depth of tree t (see subtreeDepth in compiled.ts); `tests`: the ensemble's distinct tests
   * (distinctTests). Throws where `supports` is false.
   */
  constructor(e: Ensemble, width: number, depths: Int32Array, tests: DistinctTests) {
    this.width = width;
    const T = treeCount(e);
    const { feature, left, right, value, treeStart } = e;
    const nTests = tests.feature.length;
    let nodeWords = 0;
    let leafSlots = 0;
    for (let t = 0; t < T; t++) {
      nodeWords += (1 << depths[t]) - 1;
      leafSlots += 1 << depths[t];
    }
    this.chunkRows = Math.max(BLOCK, Math.min(8192, Math.floor(2 ** 20 / (4 * width) / BLOCK) * BLOCK));
    // Memory layout (bytes): zero plane, header, tests, trees, nodes, leaves, planes, leaf addresses, x, out.
    const align = (v: number, a: number) => Math.ceil(v / a) * a;
    const testsAt = HEADER_END;
    const treesAt = align(testsAt + 16 * nTests, 16);
    const nodesAt = treesAt + 16 * T;
    const leavesAt = align(nodesAt + 4 * nodeWords, 16);
    const planesAt = align(leavesAt + 8 * leafSlots, 64);
    const offsAt = align(planesAt + 16 * nTests, 64);
    const xAt = align(offsAt + 512 * CHUNK_TREES, 64);
    const outAt = align(xAt + 4 * width * (this.chunkRows + BLOCK), 64);
    const bytes = outAt + 8 * (this.chunkRows + BLOCK);
    const module = kernelModule(width, deepest(depths));
    if (!module) throw new Error("bitsliced evaluation needs WebAssembly SIMD");
    const instance = new WebAssembly.Instance(module, {});
    this.mem = instance.exports.mem as WebAssembly.Memory;
    const pages = Math.ceil(bytes / 65536);
    if (pages > this.mem.buffer.byteLength / 65536) this.mem.grow(pages - this.mem.buffer.byteLength / 65536);
    this.run = instance.exports.run as (rows: number) => void;
    this.xAt = xAt;
    this.outAt = outAt;
    const buf = this.mem.buffer;
    const i32 = new Int32Array(buf);
    const fl32 = new Float32Array(buf);
    const fl64 = new Float64Array(buf);
    i32[H_NTESTS >> 2] = nTests;
    i32[H_NTREES >> 2] = T;
    i32[H_TESTS >> 2] = testsAt;
    i32[H_TREES >> 2] = treesAt;
    i32[H_OFFS >> 2] = offsAt;
    i32[H_X >> 2] = xAt;
    i32[H_OUT >> 2] = outAt;
    for (let k = 0; k < nTests; k++) {
      const at = (testsAt >> 2) + 4 * k;
      i32[at] = 4 * tests.feature[k];
      fl32[at + 1] = tests.threshold[k];
      i32[at + 2] = planesAt + 16 * k;
    }
    let node = nodesAt;
    let leaf = leavesAt;
    const stack: number[] = [];
    for (let t = 0; t < T; t++) {
      const D = depths[t];
      const at = (treesAt >> 2) + 4 * t;
      i32[at] = D;
      i32[at + 1] = node;
      i32[at + 2] = leaf;
      const firstLeaf = (1 << D) - 1;
      // (original node, heap position, depth), depth first.
      stack.push(treeStart[t], 0, 0);
      while (stack.length > 0) {
        const d = stack.pop() as number;
        const h = stack.pop() as number;
        const i = stack.pop() as number;
        if (d === D) {
          fl64[(leaf >> 3) + h - firstLeaf] = value[i];
          continue;
        }
        const isLeaf = feature[i] < 0;
        i32[(node >> 2) + h] = isLeaf ? ZERO_PLANE : planesAt + 16 * tests.of[i];
        if (isLeaf) stack.push(i, 2 * h + 1, d + 1, i, 2 * h + 2, d + 1);
        else stack.push(left[i], 2 * h + 1, d + 1, right[i], 2 * h + 2, d + 1);
      }
      node += 4 * firstLeaf;
      leaf += 8 * (1 << D);
    }
  }

  /** Writes Σ_t tree_t(x_r), summed in tree order from +0, for every row of `x` (rows × width) into `out`. */
  sumInto(x: Float32Array, rows: number, out: Float64Array): void {
    const W = this.width;
    const buf = this.mem.buffer;
    const xs = new Float32Array(buf, this.xAt, this.chunkRows * W);
    const os = new Float64Array(buf, this.outAt, this.chunkRows);
    for (let r0 = 0; r0 < rows; r0 += this.chunkRows) {
      const n = Math.min(this.chunkRows, rows - r0);
      xs.set(x.subarray(r0 * W, (r0 + n) * W));
      this.run(n);
      out.set(n === this.chunkRows ? os : os.subarray(0, n), r0);
    }
  }
}

/** The distinct (feature, threshold) tests of an ensemble, in order of first use. */
export interface DistinctTests {
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  /** For every node: the index of its test, −1 for a leaf. */
  readonly of: Int32Array;
}

/** Finds the distinct tests of `e` (thresholds compared as float32 bit patterns). */
export function distinctTests(e: Ensemble): DistinctTests {
  const { feature, threshold } = e;
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const index = new Map<number, number>();
  const tf: number[] = [];
  const tt: number[] = [];
  const of = new Int32Array(feature.length).fill(-1);
  for (let i = 0; i < feature.length; i++) {
    if (feature[i] < 0) continue;
    f32[0] = threshold[i];
    const key = feature[i] * 4294967296 + u32[0];
    let k = index.get(key);
    if (k === undefined) {
      k = tf.length;
      index.set(key, k);
      tf.push(feature[i]);
      tt.push(threshold[i]);
    }
    of[i] = k;
  }
  return { feature: Int32Array.from(tf), threshold: Float32Array.from(tt), of };
}

/** Rows per bit plane. */
const BLOCK = 128;
/**
 * Trees whose leaf addresses are computed before they are summed: 32 keeps their addresses (16 KB), leaf
 * values (16 KB at depth 6) and node records in L1 (measured: 16–32 best, 64 is 8% slower, 128 15%).
 */
const CHUNK_TREES = 32;
/** Rows summed together (independent float64 chains; 4 measured within 3%, 16 spills registers). */
const GROUP = 8;
/** Address of 16 zero bytes: the plane of padding tests (always left). */
const ZERO_PLANE = 0;
// Header: i32 fields written by the constructor.
const H_NTESTS = 16;
const H_NTREES = 20;
const H_TESTS = 24;
const H_TREES = 28;
const H_OFFS = 32;
const H_X = 36;
const H_OUT = 40;
const HEADER_END = 64;

// Function indices.
const F_RUN = 0;
const F_PLANES = 1;
const F_TREES = 2;
const F_GATHER = 3;
const F_TREE0 = 4;

const ZEROS = new Array<number>(16).fill(0);

/**
 * run(rows): for each block of 128 rows of the chunk at X: planes, then per chunk of trees the leaf
 * addresses (trees) and the sums (gather) into OUT.
 */
function runBody(width: number): Asm {
  const rows = 0;
  const r0 = 1;
  const acc = 2;
  const c0 = 3;
  const c1 = 4;
  const T = 5;
  const a = new Asm();
  a.i32(0).i32Load(H_NTREES).set(T);
  a.begin(Op.block).begin(Op.loop);
  a.get(r0).get(rows).op(Op.i32GeU).brIf(1);
  a.i32(0)
    .i32Load(H_X)
    .get(r0)
    .i32(4 * width)
    .op(Op.i32Mul)
    .op(Op.i32Add)
    .call(F_PLANES);
  a.i32(0).i32Load(H_OUT).get(r0).i32(3).op(Op.i32Shl).op(Op.i32Add).set(acc);
  for (let k = 0; k < (8 * BLOCK) / 16; k++)
    a.get(acc)
      .v128Const(ZEROS)
      .v128Store(16 * k);
  a.i32(0).set(c0);
  a.begin(Op.block).begin(Op.loop);
  a.get(c0).get(T).op(Op.i32GeU).brIf(1);
  a.get(c0).i32(CHUNK_TREES).op(Op.i32Add).set(c1);
  a.get(c1).get(T).op(Op.i32GtU).begin(Op.if).get(T).set(c1).end();
  a.get(c0).get(c1).call(F_TREES);
  a.get(c1).get(c0).op(Op.i32Sub).get(acc).call(F_GATHER);
  a.get(c1).set(c0);
  a.br(0).end().end();
  a.get(r0).i32(BLOCK).op(Op.i32Add).set(r0);
  a.br(0).end().end();
  return a;
}

/** planes(xp): the plane of every test for the 128 rows (of `width` floats each) starting at xp. */
function planesBody(width: number): Asm {
  const xp = 0;
  const rec = 1;
  const end = 2;
  const at = 3;
  const pl = 4;
  const thr = 5;
  const a = new Asm();
  a.i32(0).i32Load(H_TESTS).tee(rec).i32(0).i32Load(H_NTESTS).i32(4).op(Op.i32Shl).op(Op.i32Add).set(end);
  a.begin(Op.block).begin(Op.loop);
  a.get(rec).get(end).op(Op.i32GeU).brIf(1);
  a.get(xp).get(rec).i32Load(0).op(Op.i32Add).set(at);
  a.get(rec).f32Load(4).simd(Simd.f32x4Splat).set(thr);
  a.get(rec).i32Load(8).set(pl);
  for (let q = 0; q < BLOCK / 16; q++) {
    a.get(pl);
    for (let u = 0; u < 4; u++) {
      const r = 16 * q + 4 * u;
      a.get(at)
        .get(at)
        .get(at)
        .get(at)
        .load32Zero(4 * width * r);
      for (let k = 1; k < 4; k++) a.load32Lane(4 * width * (r + k), k);
      a.get(thr).simd(Simd.f32x4Ge);
      if (u % 2 === 1) a.simd(Simd.i16x8NarrowI32x4S);
    }
    a.simd(Simd.i8x16NarrowI16x8S)
      .simd(Simd.i8x16Bitmask)
      .i32Store16(2 * q);
  }
  a.get(rec).i32(16).op(Op.i32Add).set(rec);
  a.br(0).end().end();
  return a;
}

/** trees(c0, c1): leaf addresses of trees c0..c1−1 for the current block, by each tree's depth kernel. */
function treesBody(): Asm {
  const c0 = 0;
  const c1 = 1;
  const t = 2;
  const rec = 3;
  const out = 4;
  const a = new Asm();
  const D = BitslicedEnsemble.MAX_DEPTH;
  a.i32(0).i32Load(H_TREES).get(c0).i32(4).op(Op.i32Shl).op(Op.i32Add).set(rec);
  a.i32(0).i32Load(H_OFFS).set(out);
  a.get(c0).set(t);
  a.begin(Op.block).begin(Op.loop);
  a.get(t).get(c1).op(Op.i32GeU).brIf(1);
  a.begin(Op.block); // exit
  for (let d = D; d >= 0; d--) a.begin(Op.block);
  a.get(rec).i32Load(0);
  a.brTable(
    Array.from({ length: D + 1 }, (_, d) => d),
    D,
  );
  for (let d = 0; d <= D; d++) {
    a.end();
    a.get(rec)
      .i32Load(4)
      .get(rec)
      .i32Load(8)
      .get(out)
      .call(F_TREE0 + d);
    a.br(D - d);
  }
  a.end();
  a.get(rec).i32(16).op(Op.i32Add).set(rec);
  a.get(out).i32(512).op(Op.i32Add).set(out);
  a.get(t).i32(1).op(Op.i32Add).set(t);
  a.br(0).end().end();
  return a;
}

/** gather(count, acc): acc[r] += leaf value of tree t, for t in chunk order and the 128 rows of the block. */
function gatherBody(G: number): Asm {
  const count = 0;
  const acc = 1;
  const ap = 2;
  const p = 3;
  const end = 4;
  const q = 5;
  const stop = 6;
  const s = 7; // G f64 accumulators: s .. s + G − 1
  const a = new Asm();
  a.get(acc).set(ap);
  a.get(acc)
    .i32(8 * BLOCK)
    .op(Op.i32Add)
    .set(stop);
  a.i32(0).i32Load(H_OFFS).set(q);
  a.begin(Op.block).begin(Op.loop);
  a.get(ap).get(stop).op(Op.i32GeU).brIf(1);
  for (let k = 0; k < G; k++)
    a.get(ap)
      .f64Load(8 * k)
      .set(s + k);
  a.get(q).tee(p).get(count).i32(9).op(Op.i32Shl).op(Op.i32Add).set(end);
  a.begin(Op.loop);
  for (let k = 0; k < G; k++)
    a.get(s + k)
      .get(p)
      .i32Load(4 * k)
      .f64Load(0)
      .op(Op.f64Add)
      .set(s + k);
  a.get(p).i32(512).op(Op.i32Add).tee(p).get(end).op(Op.i32LtU).brIf(0);
  a.end();
  for (let k = 0; k < G; k++)
    a.get(ap)
      .get(s + k)
      .f64Store(8 * k);
  a.get(ap)
    .i32(8 * G)
    .op(Op.i32Add)
    .set(ap);
  a.get(q)
    .i32(4 * G)
    .op(Op.i32Add)
    .set(q);
  a.br(0).end().end();
  return a;
}

// Byte shuffles: interleave the low / high halves of two vectors in units of 1, 2 and 4 bytes.
function interleave(unit: number, high: boolean): number[] {
  const lanes: number[] = [];
  const from = high ? 8 : 0;
  for (let u = 0; u < 8 / unit; u++) {
    for (let k = 0; k < unit; k++) lanes.push(from + u * unit + k);
    for (let k = 0; k < unit; k++) lanes.push(16 + from + u * unit + k);
  }
  return lanes;
}

/**
 * tree_d(nodes, leaves, out): for the tree of depth d whose plane addresses (heap order, 2^d − 1 of them)
 * are at `nodes` and leaf values at `leaves`, writes the 128 rows' leaf addresses (i32) to out.
 */
function treeBody(d: number): Asm {
  const np = 0;
  const lb = 1;
  const out = 2;
  const L = 3; // bit planes L_0 … L_7 of the leaf index (L_k: bit k), then rows' index bytes
  const U = 11; // 8 locals
  const V0 = 19;
  const V1 = 20;
  const C = 21;
  const Tmp = 22;
  const base = 23;
  const a = new Asm();
  a.get(lb).simd(Simd.i32x4Splat).set(base);
  if (d === 0) {
    for (let k = 0; k < BLOCK / 4; k++)
      a.get(out)
        .get(base)
        .v128Store(16 * k);
    return a;
  }
  // dir_j is bit d − 1 − j of the leaf index.
  const dir = (j: number) => L + d - 1 - j;
  const plane = (h: number) =>
    a
      .get(np)
      .i32Load(4 * h)
      .v128Load(0);
  // mux over the nodes pLo .. pLo + size − 1 of depth j, selecting with dir_sel, dir_sel+1, …
  const mux = (j: number, pLo: number, size: number, sel: number): void => {
    if (size === 1) {
      plane((1 << j) - 1 + pLo);
      return;
    }
    const half = size >> 1;
    mux(j, pLo + half, half, sel + 1); // taken where dir_sel = 1 (went right)
    mux(j, pLo, half, sel + 1);
    a.get(dir(sel)).simd(Simd.v128Bitselect);
  };
  for (let j = 0; j < d; j++) {
    mux(j, 0, 1 << j, 0);
    a.set(dir(j));
  }
  const zero = transposeBits(a, d, L, Tmp);
  const push = (k: number) => (zero[k] ? a.v128Const(ZEROS) : a.get(L + k));
  // Byte interleave: row 16j + m is byte 2j + (m >> 3) of L_{m & 7}.
  for (let m = 0; m < 4; m++) {
    for (let x = 0; x < 2; x++) {
      push(2 * m);
      push(2 * m + 1);
      a.shuffle(interleave(1, x === 1)).set(U + 2 * m + x);
    }
  }
  for (let x = 0; x < 2; x++) {
    for (let y = 0; y < 2; y++) {
      for (let n = 0; n < 2; n++) {
        a.get(U + 4 * n + x)
          .get(U + 4 * n + 2 + x)
          .shuffle(interleave(2, y === 1))
          .set(n === 0 ? V0 : V1);
      }
      for (let z = 0; z < 2; z++) {
        a.get(V0)
          .get(V1)
          .shuffle(interleave(4, z === 1))
          .set(C);
        // Rows 16j … 16j + 15, one byte each: leaf address = leaves + 8 · index.
        const j = 4 * x + 2 * y + z;
        for (let h = 0; h < 2; h++) {
          a.get(C)
            .simd(h === 0 ? Simd.i16x8ExtendLowI8x16U : Simd.i16x8ExtendHighI8x16U)
            .i32(3)
            .simd(Simd.i16x8Shl)
            .set(Tmp);
          a.get(out).get(Tmp).simd(Simd.i32x4ExtendLowI16x8U).get(base).simd(Simd.i32x4Add);
          a.v128Store(64 * j + 32 * h);
          a.get(out).get(Tmp).simd(Simd.i32x4ExtendHighI16x8U).get(base).simd(Simd.i32x4Add);
          a.v128Store(64 * j + 32 * h + 16);
        }
      }
    }
  }
  return a;
}

/**
 * Emits an 8×8 bit transpose between the planes in locals L … L + 7, for all 16 bytes at once: with
 * L_k holding bit k of each row's leaf index (row 8b + i at byte b, bit i), afterwards byte b of L_i is
 * the leaf index of row 8b + i. Stage s swaps bit i + s of L_k with bit i of L_{k+s} (k & s = 0,
 * i & s = 0); three stages make the transpose (Hacker's Delight §7-3, here across registers). Planes
 * k ≥ d start as zero; that is tracked here rather than computed. Returns which planes are still zero.
 */
function transposeBits(a: Asm, d: number, L: number, tmp: number): boolean[] {
  const zero = Array.from({ length: 8 }, (_, k) => k >= d);
  for (const [s, m] of [
    [1, 0x55],
    [2, 0x33],
    [4, 0x0f],
  ]) {
    const mask = new Array<number>(16).fill(m);
    for (let k = 0; k < 8; k++) {
      if ((k & s) !== 0 || (zero[k] && zero[k + s])) continue;
      const lo = L + k;
      const hi = L + k + s;
      if (zero[k + s]) {
        // t = (L_k >> s) & m; L_{k+s} = t; L_k ^= t << s
        a.get(lo).i32(s).simd(Simd.i64x2ShrU).v128Const(mask).simd(Simd.v128And).tee(hi);
        a.i32(s).simd(Simd.i64x2Shl).get(lo).simd(Simd.v128Xor).set(lo);
      } else if (zero[k]) {
        // t = L_{k+s} & m; L_{k+s} ^= t; L_k = t << s
        a.get(hi).v128Const(mask).simd(Simd.v128And).tee(tmp).get(hi).simd(Simd.v128Xor).set(hi);
        a.get(tmp).i32(s).simd(Simd.i64x2Shl).set(lo);
      } else {
        // t = ((L_k >> s) ^ L_{k+s}) & m; L_{k+s} ^= t; L_k ^= t << s
        a.get(lo).i32(s).simd(Simd.i64x2ShrU).get(hi).simd(Simd.v128Xor).v128Const(mask).simd(Simd.v128And);
        a.tee(tmp).get(hi).simd(Simd.v128Xor).set(hi);
        a.get(tmp).i32(s).simd(Simd.i64x2Shl).get(lo).simd(Simd.v128Xor).set(lo);
      }
      zero[k] = false;
      zero[k + s] = false;
    }
  }
  return zero;
}

const modules = new Map<number, WebAssembly.Module | null>();
/** WebAssembly's `unreachable` (a trap). */
const UNREACHABLE = 0x00;

/** The deepest of the trees' depths (0 for none). */
function deepest(depths: Int32Array): number {
  let d = 0;
  for (let t = 0; t < depths.length; t++) if (depths[t] > d) d = depths[t];
  return d;
}

/**
 * The kernel module for rows of `width` features and trees at most `depth` deep (compiled once per width
 * and depth), or null without SIMD. The tree kernels of deeper trees are left out (a stub that traps, never
 * called): they are most of the module's bytes, whose assembly in JavaScript and compilation were ~20 ms of
 * a one-shot `predictor eval` at depth 6 (issue 17). The kernels present are the same code.
 */
function kernelModule(width: number, depth: number): WebAssembly.Module | null {
  const cacheKey = width * (BitslicedEnsemble.MAX_DEPTH + 1) + depth;
  let m = modules.get(cacheKey);
  if (m !== undefined) return m;
  try {
    const funcs: WasmFunc[] = [];
    funcs[F_RUN] = {
      params: [I32],
      results: [],
      locals: [I32, I32, I32, I32, I32],
      body: runBody(width),
      name: "run",
    };
    funcs[F_PLANES] = {
      params: [I32],
      results: [],
      locals: [I32, I32, I32, I32, V128],
      body: planesBody(width),
    };
    funcs[F_TREES] = { params: [I32, I32], results: [], locals: [I32, I32, I32], body: treesBody() };
    funcs[F_GATHER] = {
      params: [I32, I32],
      results: [],
      locals: [I32, I32, I32, I32, I32, ...new Array(GROUP).fill(F64)],
      body: gatherBody(GROUP),
    };
    for (let d = 0; d <= BitslicedEnsemble.MAX_DEPTH; d++) {
      funcs[F_TREE0 + d] =
        d <= depth
          ? { params: [I32, I32, I32], results: [], locals: new Array(21).fill(V128), body: treeBody(d) }
          : { params: [I32, I32, I32], results: [], locals: [], body: new Asm().op(UNREACHABLE) };
    }
    m = new WebAssembly.Module(wasmModule(funcs, 1));
  } catch {
    m = null;
  }
  modules.set(cacheKey, m);
  return m;
}
