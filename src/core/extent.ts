/**
 * Smallest and largest element of a numeric array, by a loop: `Math.min(...xs)` passes every element as a
 * call argument and overflows the stack past ~10^5 elements ("Maximum call stack size exceeded").
 * Empty input gives +∞ / −∞ (Math.min() / Math.max() semantics); NaN elements are skipped.
 */
export function minOf(xs: ArrayLike<number>): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) if (xs[i] < m) m = xs[i];
  return m;
}

/** Largest element (see `minOf`). */
export function maxOf(xs: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  return m;
}
