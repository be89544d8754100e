import { checkPaired } from "./paired.js";

/** Mean absolute error Σ|ŷᵢ − yᵢ| / n (NaN for empty input). Throws on unequal lengths or non-finite values. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = checkPaired("mae", yTrue, yPred);
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(yPred[i] - yTrue[i]);
  return s / n;
}
