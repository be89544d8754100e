import { BitslicedEnsemble, distinctTests } from "./bitsliced.js";
import { type Ensemble, treeCount } from "./ensemble.js";
import { bitKernel, floatKernel, keysKernel } from "./kernels.js";

/** Without the bit-sliced evaluator, ensembles at most this deep are padded to perfect trees; deeper ones are walked. */
const MAX_PADDED_DEPTH = 10;
/**
 * "auto" takes the bit-sliced evaluator unless the model has more distinct tests than this many per node
 * step of the tree walk (Σ_t depth_t): building a test's plane costs ≈ 0.14 ns per row, a step of the
 * JavaScript walk on real-valued features ≈ 5–6 ns (measured). Only adversarial models (nearly every node
 * of 8-deep trees a test of its own) exceed it; NB201 one-hot models have 30 tests for ~2,400 steps.
 */
const BITSLICED_TESTS_PER_STEP = 24;
/** Bit never set in a row key: padding nodes test it, so they always go left. */
const ZERO_BIT = 31;

/** Which evaluator a CompiledEnsemble uses (see its doc comment); "auto" picks the fastest that applies. */
export type PredictMode = "auto" | "bitsliced" | "padded" | "walk";

/**
 * A tree ensemble laid out for fast batch prediction. Every evaluator returns, for each row, the float64
 * sum of its leaf values added tree by tree in the model's order starting from +0 — exactly what walking
 * the trees one by one gives, bit for bit.
 *
 * - **bitsliced** (default whenever every tree is at most 8 deep, WebAssembly SIMD is there and the model
 *   has at most BITSLICED_TESTS_PER_STEP distinct tests per walk step; see bitsliced.ts): 128 rows at a
 *   time as bit planes, each tree's paths evaluated as bit multiplexers, no data-dependent loads or
 *   branches.
 * - **padded** (JavaScript; trees up to 10 deep): every tree of depth D is padded to a perfect tree (heap
 *   order: node i has children 2i+1 and 2i+2; a leaf above depth D becomes a chain of always-left tests),
 *   so a row walks exactly D steps with no data-dependent branch: i ← 2i + 1 + [x_f ≥ t]. Runs of
 *   consecutive trees of equal depth go through a kernel unrolled for that depth (kernels.ts), which
 *   carries each row's running sum from one run to the next. When the model uses at most 31 distinct
 *   (feature, threshold) tests, each row is first turned into a 32-bit key with one bit per test and a
 *   step is a bit test of that key. Four rows walk every tree together.
 * - **walk**: node by node through the flat arrays (trees deeper than 10).
 */
export class CompiledEnsemble {
  readonly width: number;
  private readonly trees: number;
  /** The evaluator in use. */
  readonly mode: Exclude<PredictMode, "auto">;
  private readonly bitsliced: BitslicedEnsemble | undefined;
  /** Runs of consecutive trees of equal depth: depth, and the range of their 2^D-slot blocks in the node and leaf arrays. */
  private readonly groupDepth: number[] = [];
  private readonly groupFrom: number[] = [];
  private readonly groupTo: number[] = [];
  /** Bit mode: the key bit each padded node tests. */
  private readonly nodeBit: Uint8Array;
  /** Float mode: the feature and threshold each padded node tests. */
  private readonly nodeFeature: Int32Array;
  private readonly nodeThreshold: Float32Array;
  private readonly leaf: Float64Array;
  /** Bit mode: the tests, as parallel arrays; undefined in float mode. */
  private readonly testFeature: Int32Array | undefined;
  private readonly testThreshold: Float32Array | undefined;
  private readonly e: Ensemble;

  /** `mode` forces an evaluator (tests); one that cannot take the ensemble falls back to the next. */
  constructor(e: Ensemble, width: number, mode: PredictMode = "auto") {
    this.e = e;
    this.width = width;
    const T = treeCount(e);
    this.trees = T;
    const { feature, threshold, left, right, value, treeStart } = e;
    const depths = new Int32Array(T);
    let D = 0;
    for (let t = 0; t < T; t++) {
      depths[t] = subtreeDepth(e, treeStart[t]);
      D = Math.max(D, depths[t]);
    }
    const tests = distinctTests(e);
    let steps = 0;
    for (let t = 0; t < T; t++) steps += depths[t];
    const fast =
      (mode === "bitsliced" ||
        (mode === "auto" && tests.feature.length <= BITSLICED_TESTS_PER_STEP * steps)) &&
      BitslicedEnsemble.supports(width, depths);
    this.bitsliced = fast ? new BitslicedEnsemble(e, width, depths, tests) : undefined;
    const padded = !fast && mode !== "walk" && D <= MAX_PADDED_DEPTH;
    this.mode = fast ? "bitsliced" : padded ? "padded" : "walk";
    if (!padded) {
      this.nodeBit = new Uint8Array(0);
      this.nodeFeature = new Int32Array(0);
      this.nodeThreshold = new Float32Array(0);
      this.leaf = new Float64Array(0);
      return;
    }
    // At most 31 distinct tests → one key bit each (bit 31 is never set: padding nodes test it).
    const bitMode = tests.feature.length <= ZERO_BIT;
    if (bitMode) {
      this.testFeature = tests.feature;
      this.testThreshold = tests.threshold;
    }
    // Trees in model order, each taking a 2^D block; runs of equal depth share a kernel call.
    const offset = new Int32Array(T);
    let size = 0;
    for (let t = 0; t < T; t++) {
      if (t === 0 || depths[t] !== depths[t - 1]) {
        if (t > 0) this.groupTo.push(size);
        this.groupDepth.push(depths[t]);
        this.groupFrom.push(size);
      }
      offset[t] = size;
      size += 1 << depths[t];
    }
    if (T > 0) this.groupTo.push(size);
    this.nodeBit = new Uint8Array(bitMode ? size : 0);
    this.nodeFeature = new Int32Array(bitMode ? 0 : size);
    this.nodeThreshold = new Float32Array(bitMode ? 0 : size);
    this.leaf = new Float64Array(size);
    const stack: number[] = [];
    for (let t = 0; t < T; t++) {
      const base = offset[t];
      const Dt = depths[t];
      const firstLeaf = (1 << Dt) - 1;
      // Iterative fill: (original node, heap position, depth).
      stack.push(treeStart[t], 0, 0);
      while (stack.length > 0) {
        const d = stack.pop()!;
        const h = stack.pop()!;
        const i = stack.pop()!;
        if (d === Dt) {
          this.leaf[base + h - firstLeaf] = value[i];
          continue;
        }
        const leafHere = feature[i] < 0;
        if (bitMode) this.nodeBit[base + h] = leafHere ? ZERO_BIT : tests.of[i];
        else {
          this.nodeFeature[base + h] = leafHere ? 0 : feature[i];
          this.nodeThreshold[base + h] = leafHere ? Number.POSITIVE_INFINITY : threshold[i];
        }
        if (leafHere) stack.push(i, 2 * h + 1, d + 1, i, 2 * h + 2, d + 1);
        else stack.push(left[i], 2 * h + 1, d + 1, right[i], 2 * h + 2, d + 1);
      }
    }
  }

  /** Writes Σ_t tree_t(x_r), added in tree order from +0, for every row of `x` (rows × width, finite values) into `out`. */
  sumInto(x: Float32Array, rows: number, out: Float64Array): void {
    if (this.bitsliced) {
      this.bitsliced.sumInto(x, rows, out);
      return;
    }
    if (this.mode === "walk") {
      for (let r = 0; r < rows; r++) out[r] = this.walkAll(x, r * this.width);
      return;
    }
    out.fill(0, 0, rows);
    const keys = this.testFeature ? this.keysOf(x, rows) : undefined;
    for (let g = 0; g < this.groupDepth.length; g++) {
      const D = this.groupDepth[g];
      if (keys) bitKernel(D)(keys, rows, out, this.nodeBit, this.leaf, this.groupFrom[g], this.groupTo[g]);
      else {
        floatKernel(D)(
          x,
          this.width,
          rows,
          out,
          this.nodeFeature,
          this.nodeThreshold,
          this.leaf,
          this.groupFrom[g],
          this.groupTo[g],
        );
      }
    }
  }

  /** Bit mode: one 32-bit key per row, bit b set when x[testFeature[b]] ≥ testThreshold[b]. */
  private keysOf(x: Float32Array, rows: number): Int32Array {
    const tf = this.testFeature!;
    const keys = new Int32Array(rows);
    keysKernel(tf.length)(x, this.width, rows, tf, this.testThreshold!, keys);
    return keys;
  }

  /** Σ over trees by walking the flat node arrays (ensembles deeper than MAX_PADDED_DEPTH). */
  private walkAll(x: Float32Array, o: number): number {
    const { feature, threshold, left, right, value, treeStart } = this.e;
    let s = 0;
    for (let t = 0; t < this.trees; t++) {
      let i = treeStart[t];
      while (feature[i] >= 0) i = x[o + feature[i]] < threshold[i] ? left[i] : right[i];
      s += value[i];
    }
    return s;
  }
}

/** Depth of the subtree rooted at global node `root` (a single leaf has depth 0). */
export function subtreeDepth(e: Ensemble, root: number): number {
  const { feature, left, right } = e;
  let max = 0;
  const stack: number[] = [root, 0];
  while (stack.length > 0) {
    const d = stack.pop()!;
    const i = stack.pop()!;
    if (feature[i] < 0) {
      if (d > max) max = d;
    } else stack.push(left[i], d + 1, right[i], d + 1);
  }
  return max;
}
