/**
 * The shrink index (LISSNAS paper §4.4, eq. 2): how much shrinking raised the probability of sampling a good
 * architecture,
 *
 *   s.i. = P(good | shrunk_ss) − P(good | init_ss),
 *
 * with both probabilities at the same good threshold (see pGood). Positive means the shrunk space is richer
 * in good architectures. The paper's eq. 2 prints the subtraction the other way round,
 * "s.i = P(good | init_ss) − P(good | shrunk_ss)", while its text ("Shrink indices indicate the increase in
 * the probability of sampling a well-performing network"; "higher indices indicate more optimal shrinkage")
 * and its Table 1 (positive indices) mean the increase; we follow the text.
 */
export function shrinkIndex(pGoodShrunk: number, pGoodOriginal: number): number {
  return pGoodShrunk - pGoodOriginal;
}
