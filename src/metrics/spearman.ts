import { checkPaired } from "./paired.js";
import { pearson } from "./pearson.js";
import { averageRanks } from "./ranks.js";

/**
 * Spearman's rank correlation ρ: Pearson's r of the ranks, tied values getting average ranks
 * (Spearman 1904; the tie handling is scipy.stats.spearmanr's). With no ties it equals
 * 1 − 6·Σdᵢ² / (n(n² − 1)). Returns NaN when n < 2 or either sample is constant.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired("spearman", x, y);
  return pearson(averageRanks(x), averageRanks(y));
}
