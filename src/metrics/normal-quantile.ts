import { lazy } from "../core/lazy.js";

/** Standard normal CDF (@stdlib), loaded on first use. */
const normalCdf = lazy<(x: number, mu: number, sigma: number) => number>(
  "@stdlib/stats-base-dists-normal-cdf",
);

/**
 * Standard normal quantile Φ⁻¹(p): the x with Φ(x) = p, found by Newton's method on the exact normal CDF
 * (stdlib), safeguarded by bisection on [−40, 40]; accurate to ~1e-12 for p in (1e-300, 1 − 1e-16).
 * −∞ at p = 0, +∞ at p = 1, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  let lo = -40;
  let hi = 40;
  let x = 0;
  for (let it = 0; it < 200; it++) {
    const f = normalCdf()(x, 0, 1) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    let next = x - f / pdf;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
