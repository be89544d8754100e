import { UsageError } from "../core/errors.js";
import { hypervolume2d } from "./hypervolume.js";
import { paretoFront } from "./pareto-nd.js";

/**
 * Exact hypervolume of a set of k-objective points (row-major n × k, every objective MAXIMISED) with
 * respect to the reference point `ref`: the Lebesgue measure of ∪_i Π_j [ref_j, x_ij] (Zitzler & Thiele
 * 1998). Only points strictly better than `ref` in every objective contribute.
 *
 * Method: Hypervolume by Slicing Objectives (HSO; While, Hingston, Barone & Huband 2006, "A faster
 * algorithm for calculating hypervolume", IEEE TEVC 10(1)): sort the front by the last objective,
 * descending; between consecutive values of it the slab's cross-section is the (k−1)-objective hypervolume
 * of the points above the slab, so HV_k = Σ_i (x_i,k − x_{i+1},k) · HV_{k−1}(points 1..i), with
 * x_{n+1},k := ref_k. Exact; exponential in k in the worst case, fine for the small fronts of k ≤ 4.
 * k = 1 is max − ref, k = 2 the O(n log n) sweep of `hypervolume2d`.
 */
export function hypervolume(values: Float64Array, k: number, ref: ArrayLike<number>): number {
  if (!Number.isInteger(k) || k < 1 || values.length % k !== 0 || ref.length !== k) {
    throw new UsageError(`hypervolume: ${values.length} values, ${k} objectives, reference of ${ref.length}`);
  }
  for (let j = 0; j < k; j++) {
    if (!Number.isFinite(ref[j])) throw new UsageError(`hypervolume: reference coordinate ${j} is ${ref[j]}`);
  }
  const n = values.length / k;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = 0; j < k && ok; j++) ok = values[i * k + j] > ref[j];
    if (ok) keep.push(i);
  }
  const pts = new Float64Array(keep.length * k);
  for (let r = 0; r < keep.length; r++) pts.set(values.subarray(keep[r] * k, keep[r] * k + k), r * k);
  return hso(pts, k, Array.from(ref));
}

function hso(pts: Float64Array, k: number, ref: number[]): number {
  const n = pts.length / k;
  if (n === 0) return 0;
  if (k === 1) {
    let m = ref[0];
    for (let i = 0; i < n; i++) m = Math.max(m, pts[i]);
    return m - ref[0];
  }
  if (k === 2) {
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = pts[2 * i];
      ys[i] = pts[2 * i + 1];
    }
    return hypervolume2d(xs, ys, ref[0], ref[1]);
  }
  const front = Array.from(paretoFront(pts, k));
  front.sort((a, b) => pts[b * k + k - 1] - pts[a * k + k - 1]);
  let total = 0;
  const sub = new Float64Array(front.length * (k - 1));
  for (let i = 0; i < front.length; i++) {
    sub.set(pts.subarray(front[i] * k, front[i] * k + k - 1), i * (k - 1));
    const top = pts[front[i] * k + k - 1];
    const next = i + 1 < front.length ? pts[front[i + 1] * k + k - 1] : ref[k - 1];
    if (top > next)
      total += (top - next) * hso(sub.subarray(0, (i + 1) * (k - 1)), k - 1, ref.slice(0, k - 1));
  }
  return total;
}
