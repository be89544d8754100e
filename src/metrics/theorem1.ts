import { lazy } from "../core/lazy.js";

/** Binomial CDF (@stdlib), loaded on first use. */
const binomialCdf = lazy<(x: number, n: number, p: number) => number>(
  "@stdlib/stats-base-dists-binomial-cdf",
);

import { UsageError } from "../core/errors.js";

/**
 * Theorem 1 of the LISSNAS paper (§4.4): if n architectures are sampled uniformly i.i.d. from a space whose
 * fraction of good architectures is p, at least k of them are good with probability
 *
 *   P(X ≥ k) = Σ_{i=k}^{n} C(n, i) pⁱ (1 − p)^{n−i} = 1 − F_{Bin(n, p)}(k − 1),
 *
 * X ~ Binomial(n, p). (The paper prints the terms as C(i, n) p^j (1 − p)^{n−i}; the binomial tail above is
 * what its derivation states.) Computed as the complement of the binomial CDF (@stdlib), with P = 1 for
 * k ≤ 0. Requires integers 0 ≤ k ≤ n and p in [0, 1].
 */
export function probAtLeastKGood(n: number, k: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`theorem 1: n must be an integer ≥ 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new UsageError(`theorem 1: k must be an integer in 0..${n}, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new UsageError(`theorem 1: p must be in [0, 1], got ${p}`);
  if (k === 0) return 1;
  return Math.min(1, Math.max(0, 1 - binomialCdf()(k - 1, n, p)));
}
