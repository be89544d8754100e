import { checkPaired } from "./paired.js";

/**
 * Pearson's product-moment correlation
 *
 *   r = Σ(xᵢ − x̄)(yᵢ − ȳ) / √(Σ(xᵢ − x̄)² · Σ(yᵢ − ȳ)²)
 *
 * computed in two passes (means first) for accuracy. Reference: Pearson 1895; any statistics text.
 * Returns NaN when n < 2 or either sample is constant; throws on unequal lengths or non-finite values.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = checkPaired("pearson", x, y);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
