import { checkPaired } from "./paired.js";
import { topK } from "./top-k.js";

/**
 * Top-k overlap |top_k(a) ∩ top_k(b)| / k: the share of the k largest items of `a` that are also among the
 * k largest of `b`, each top-k breaking ties by index (see topK). Symmetric in a and b; equals
 * precision@k when there are no ties at the k-th value. Reference: the "top-K overlap" of NAS predictor
 * studies (e.g. Ning et al. 2020, "A generic graph-based neural architecture encoding scheme").
 */
export function topKOverlap(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  const n = checkPaired("topKOverlap", a, b);
  const inA = new Uint8Array(n);
  for (const i of topK(a, k)) inA[i] = 1;
  let common = 0;
  for (const i of topK(b, k)) common += inA[i];
  return common / k;
}
