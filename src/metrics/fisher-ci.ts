import { normalQuantile } from "./normal-quantile.js";

/**
 * Confidence interval of a Pearson correlation by Fisher's z-transform (Fisher 1915): z = atanh(r) is
 * approximately normal with standard error 1/√(n − 3), so the interval is tanh(z ± z_{(1+level)/2} / √(n − 3)).
 * NaN bounds when r is NaN or n ≤ 3; r = ±1 gives the degenerate interval [r, r].
 */
export function fisherCI(r: number, n: number, level = 0.95): { lo: number; hi: number } {
  if (Number.isNaN(r) || n <= 3) return { lo: Number.NaN, hi: Number.NaN };
  if (Math.abs(r) >= 1) return { lo: r, hi: r };
  const z = Math.atanh(r);
  const half = normalQuantile((1 + level) / 2) / Math.sqrt(n - 3);
  return { lo: Math.tanh(z - half), hi: Math.tanh(z + half) };
}
