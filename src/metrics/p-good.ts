import { UsageError } from "../core/errors.js";
import { quantileSorted } from "./quantile.js";

/**
 * P(good) of a space (LISSNAS paper §4.4, the p of Theorem 1): the fraction of its architectures whose metric
 * is at or above the good threshold τ,
 *
 *   P(good | A) = |{a ∈ A : f(a) ≥ τ}| / |A|,
 *
 * for a maximised metric (accuracy). `values` holds f over the whole space, or over a uniform sample of it
 * (then it estimates P). NaN for an empty space. The threshold must stay the same when spaces are compared.
 */
export function pGood(values: ArrayLike<number>, threshold: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let good = 0;
  for (let i = 0; i < n; i++) if (values[i] >= threshold) good++;
  return good / n;
}

/**
 * The good threshold of "top x % of the original space": the (1 − x/100) quantile of the original values
 * (type-7 interpolation, see quantileSorted), so that "at or above it" is the top x % (e.g. x = 5: the 95th
 * percentile, P(good | original) ≈ 0.05). `percent` in (0, 100].
 */
export function topPercentThreshold(originalValues: ArrayLike<number>, percent: number): number {
  if (!(percent > 0 && percent <= 100))
    throw new UsageError(`top percent must be in (0, 100], got ${percent}`);
  if (originalValues.length === 0) throw new UsageError("top percent threshold: no values");
  const sorted = Float64Array.from(originalValues).sort();
  return quantileSorted(sorted, 1 - percent / 100);
}
