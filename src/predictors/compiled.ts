import { type Ensemble, treeCount } from "./ensemble.js";
import { bitKernel, floatKernel, keysKernel } from "./kernels.js";

/** Ensembles whose deepest tree is at most this deep are padded to perfect trees; deeper ones are walked. */
const MAX_PADDED_DEPTH = 10;
/** Bit never set in a row key: padding nodes test it, so they always go left. */
const ZERO_BIT = 31;

/**
 * A tree ensemble laid out for fast batch prediction.
 *
 * - Every tree of depth D is padded to a perfect tree (heap order: node i has children 2i+1 and 2i+2; a
 *   leaf above depth D becomes a chain of always-left tests), so a row walks exactly D steps with no
 *   data-dependent branch: i ← 2i + 1 + [x_f ≥ t]. Trees are stored grouped by depth, and each group is
 *   run by a kernel unrolled for its depth (kernels.ts).
 * - When the model uses at most 31 distinct (feature, threshold) tests — always the case for NB201's 30
 *   one-hot features — each row is first turned into a 32-bit key with one bit per test, and a step is a
 *   bit test of that key (a byte load, a shift, an and): no float loads and compares inside the trees.
 * - Four rows walk every tree together (their chains of dependent loads overlap in the CPU), and the
 *   node arrays are small enough to stay in L1/L2 (500 depth-6 trees: 32 KB of tests, 256 KB of leaves).
 * - Ensembles with a tree deeper than 10 are walked node by node.
 * Trees are summed group by group, so the floating-point sum can differ from tree order in the last bits.
 */
export class CompiledEnsemble {
  readonly width: number;
  private readonly trees: number;
  /** False when the ensemble is too deep to pad and is walked node by node. */
  private readonly padded: boolean;
  /** Depth groups: depth, and the range of their 2^D-slot blocks in the node and leaf arrays. */
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

  constructor(e: Ensemble, width: number) {
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
    // Distinct tests → bits. A test's key is feature · 2³² + the threshold's float32 bit pattern.
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    const testKey = (i: number): number => {
      f32[0] = threshold[i];
      return feature[i] * 4294967296 + u32[0];
    };
    const tests = new Map<number, number>();
    const tf: number[] = [];
    const tt: number[] = [];
    for (let i = 0; i < feature.length && tests.size <= ZERO_BIT; i++) {
      if (feature[i] < 0) continue;
      const k = testKey(i);
      if (tests.has(k)) continue;
      tests.set(k, tests.size);
      tf.push(feature[i]);
      tt.push(threshold[i]);
    }
    const bitMode = tests.size <= ZERO_BIT;
    if (bitMode) {
      this.testFeature = Int32Array.from(tf);
      this.testThreshold = Float32Array.from(tt);
    }
    const padded = D <= MAX_PADDED_DEPTH;
    this.padded = padded;
    // Trees in order of depth (stable), each taking a 2^D block.
    const order = padded
      ? Array.from({ length: T }, (_, t) => t).sort((a, b) => depths[a] - depths[b] || a - b)
      : [];
    const offset = new Int32Array(order.length);
    let size = 0;
    for (let j = 0; j < order.length; j++) {
      const d = depths[order[j]];
      if (j === 0 || d !== depths[order[j - 1]]) {
        if (j > 0) this.groupTo.push(size);
        this.groupDepth.push(d);
        this.groupFrom.push(size);
      }
      offset[j] = size;
      size += 1 << d;
    }
    if (order.length > 0) this.groupTo.push(size);
    this.nodeBit = new Uint8Array(bitMode ? size : 0);
    this.nodeFeature = new Int32Array(bitMode ? 0 : size);
    this.nodeThreshold = new Float32Array(bitMode ? 0 : size);
    this.leaf = new Float64Array(size);
    const stack: number[] = [];
    for (let j = 0; j < order.length; j++) {
      const base = offset[j];
      const Dt = depths[order[j]];
      const firstLeaf = (1 << Dt) - 1;
      // Iterative fill: (original node, heap position, depth).
      stack.push(treeStart[order[j]], 0, 0);
      while (stack.length > 0) {
        const d = stack.pop()!;
        const h = stack.pop()!;
        const i = stack.pop()!;
        if (d === Dt) {
          this.leaf[base + h - firstLeaf] = value[i];
          continue;
        }
        const leafHere = feature[i] < 0;
        if (bitMode) this.nodeBit[base + h] = leafHere ? ZERO_BIT : tests.get(testKey(i))!;
        else {
          this.nodeFeature[base + h] = leafHere ? 0 : feature[i];
          this.nodeThreshold[base + h] = leafHere ? Number.POSITIVE_INFINITY : threshold[i];
        }
        if (leafHere) stack.push(i, 2 * h + 1, d + 1, i, 2 * h + 2, d + 1);
        else stack.push(left[i], 2 * h + 1, d + 1, right[i], 2 * h + 2, d + 1);
      }
    }
  }

  /** Writes Σ_t tree_t(x_r) for every row of `x` (rows × width, finite values) into `out`. */
  sumInto(x: Float32Array, rows: number, out: Float64Array): void {
    out.fill(0, 0, rows);
    if (!this.padded) {
      for (let r = 0; r < rows; r++) out[r] = this.walkAll(x, r * this.width);
      return;
    }
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
