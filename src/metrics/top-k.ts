import { UsageError } from "../core/errors.js";
import { hasNaN } from "./has-nan.js";

/**
 * Indices of the k largest values of `x`, largest first; equal values keep index order (lower index
 * first), so the result is deterministic. Throws unless 1 ≤ k ≤ n.
 */
export function topK(x: ArrayLike<number>, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || k > x.length) {
    throw new UsageError(`top-k: k must be an integer in 1..${x.length}, got ${k}`);
  }
  const n = x.length;
  if (hasNaN(x)) {
    // NaN has no place in the order: kept as it always was (a comparator sort), whatever it gives
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => x[b] - x[a] || a - b);
    return order.slice(0, k);
  }
  // Issue 17: no comparator sort of all n indices. The values sorted natively give the k largest, largest
  // first. Small k: each distinct one's indices, ascending, from native `indexOf` scans. Larger k: every
  // index above the k-th largest value t and the lowest-indexed ones equal to t, and only those k sorted.
  // Same indices, same order.
  const sorted = Float64Array.from(x).sort();
  if (k > INDEXOF_MAX || !(ArrayBuffer.isView(x) || Array.isArray(x))) {
    const t = sorted[n - k];
    const order = new Int32Array(k);
    let above = 0;
    for (let i = 0; i < n; i++) if (x[i] > t) order[above++] = i;
    for (let i = 0, j = above; i < n && j < k; i++) if (x[i] === t) order[j++] = i;
    return order.sort((a, b) => x[b] - x[a] || a - b);
  }
  const xs = x as Float64Array;
  const out = new Int32Array(k);
  let m = 0;
  for (let s = n - 1; m < k; ) {
    const v = sorted[s];
    let e = s;
    while (e > 0 && sorted[e - 1] === v) e--; // sorted[e..s] are the copies of v
    s = e - 1;
    for (let i = xs.indexOf(v); i >= 0 && m < k; i = xs.indexOf(v, i + 1)) out[m++] = i;
  }
  return out;
}

/** Up to this k, indices are found by native scans (k of them); above, by passes over the values. */
const INDEXOF_MAX = 64;
