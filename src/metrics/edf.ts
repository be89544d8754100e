import { UsageError } from "../core/errors.js";

/** An empirical distribution function: sorted values and F at each. */
export interface Edf {
  /** The sample, ascending. */
  x: Float64Array;
  /** F(x[i]) = fraction of the sample ≤ x[i] (a right-continuous step function). */
  f: Float64Array;
}

/**
 * The error EDF of a space (Radosavovic et al. 2019, "On network design spaces"; LISSNAS paper §5.2, Fig. 4):
 * with errors eᵢ = scale − accuracyᵢ (scale 100 for accuracies in %), F(e) = |{i : eᵢ ≤ e}| / n. A curve
 * further up and to the left means a space richer in low-error models.
 */
export function errorEdf(accuracies: ArrayLike<number>, scale = 100): Edf {
  const n = accuracies.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = scale - accuracies[i];
  x.sort();
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = (i + 1) / n;
  return { x, f };
}

/**
 * Normalised area under an EDF over [lo, hi] (LISSNAS paper §5.2: "a greater area under the curve typically
 * means a greater concentration of good networks"):
 *
 *   AUC = (1 / (hi − lo)) ∫_lo^hi F(e) de = (1 / (hi − lo)) · (1/n) Σᵢ (hi − clamp(eᵢ, lo, hi)),
 *
 * in [0, 1]; comparable between spaces only over the same [lo, hi]. NaN for an empty sample.
 */
export function edfArea(values: ArrayLike<number>, lo: number, hi: number): number {
  if (!(hi > lo)) throw new UsageError(`EDF area: need lo < hi, got [${lo}, ${hi}]`);
  const n = values.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += hi - Math.min(hi, Math.max(lo, values[i]));
  return s / n / (hi - lo);
}

/** F(e) of an EDF: the fraction of the sample ≤ e (binary search over the sorted sample). NaN when empty. */
export function edfAt(edf: Edf, e: number): number {
  const x = edf.x;
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= e) lo = mid + 1;
    else hi = mid;
  }
  return x.length > 0 ? lo / x.length : Number.NaN;
}
