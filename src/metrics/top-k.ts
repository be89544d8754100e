import { UsageError } from "../core/errors.js";

/**
 * Indices of the k largest values of `x`, largest first; equal values keep index order (lower index
 * first), so the result is deterministic. Throws unless 1 ≤ k ≤ n.
 */
export function topK(x: ArrayLike<number>, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || k > x.length) {
    throw new UsageError(`top-k: k must be an integer in 1..${x.length}, got ${k}`);
  }
  const order = new Int32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => x[b] - x[a] || a - b);
  return order.slice(0, k);
}
