import { checkPaired } from "./paired.js";
import { topK } from "./top-k.js";

/**
 * Precision@k of a predictor for a maximised metric: the fraction of the k architectures it ranks highest
 * that truly are among the k best,
 *
 *   P@k = |{i ∈ top_k(ŷ) : yᵢ ≥ y₍k₎}| / k,
 *
 * where y₍k₎ is the k-th largest true value, so an architecture tied with the k-th best counts as a hit
 * (the true top-k is then a set of at least k). Predicted ties are broken by index (see topK). Reference:
 * the precision-at-k of information retrieval (Manning, Raghavan & Schütze 2008, §8.4) as used for NAS
 * predictors (e.g. Ning et al. 2020; White et al. 2021, NASLib's precision@k).
 */
export function precisionAtK(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, k: number): number {
  checkPaired("precisionAtK", yTrue, yPred);
  const kth = yTrue[topK(yTrue, k)[k - 1]];
  let hits = 0;
  for (const i of topK(yPred, k)) if (yTrue[i] >= kth) hits++;
  return hits / k;
}
