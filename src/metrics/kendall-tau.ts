import { checkPaired } from "./paired.js";

/**
 * Kendall's τ-b rank correlation, with ties, in O(n log n) (Knight 1966, "A computer method for
 * calculating Kendall's tau with ungrouped data", JASA 61:436–439; the τ-b tie correction is Kendall 1945):
 *
 *   τ_b = (n₀ − n₁ − n₂ + n₃ − 2·D) / √((n₀ − n₁)(n₀ − n₂))
 *
 * where n₀ = n(n−1)/2, n₁ = Σ t(t−1)/2 over groups of tied x, n₂ the same over tied y, n₃ the same over
 * pairs tied in both, and D the number of discordant pairs. Sorting by (x, y) and counting the swaps a
 * merge sort of y needs gives D. This is scipy.stats.kendalltau's default (variant 'b').
 * Returns NaN when n < 2 or when x or y is constant (τ-b is undefined); throws on unequal lengths or
 * non-finite values.
 */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = checkPaired("kendallTau", x, y);
  if (n < 2) return Number.NaN;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  let n1 = 0;
  let n3 = 0;
  let runX = 1;
  let runXY = 1;
  for (let i = 1; i <= n; i++) {
    const sameX = i < n && x[order[i]] === x[order[i - 1]];
    const sameXY = sameX && y[order[i]] === y[order[i - 1]];
    if (sameXY) runXY++;
    else {
      n3 += (runXY * (runXY - 1)) / 2;
      runXY = 1;
    }
    if (sameX) runX++;
    else {
      n1 += (runX * (runX - 1)) / 2;
      runX = 1;
    }
  }
  // Bottom-up merge sort of y in x order, counting inversions (strictly greater before smaller).
  let a = Float64Array.from(order, (i) => y[i]);
  let b = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (a[j] < a[i]) {
          swaps += mid - i;
          b[k++] = a[j++];
        } else b[k++] = a[i++];
      }
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    const t = a;
    a = b;
    b = t;
  }
  let n2 = 0;
  let runY = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && a[i] === a[i - 1]) runY++;
    else {
      n2 += (runY * (runY - 1)) / 2;
      runY = 1;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denom = Math.sqrt((n0 - n1) * (n0 - n2));
  if (denom === 0) return Number.NaN;
  return (n0 - n1 - n2 + n3 - 2 * swaps) / denom;
}
