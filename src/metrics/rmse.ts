import { checkPaired } from "./paired.js";

/** Root-mean-square error √(Σ(ŷᵢ − yᵢ)² / n) (NaN for empty input). Throws on unequal lengths or non-finite values. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkPaired("rmse", yTrue, yPred);
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += (yPred[i] - yTrue[i]) ** 2;
  return Math.sqrt(s / n);
}
