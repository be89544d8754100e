import { mean } from "./mean.js";

/** Sample standard deviation √(Σ(x − x̄)² / (n − 1)) (Bessel-corrected; NaN for n < 2). */
export function std(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}
