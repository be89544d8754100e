import { UsageError } from "../core/errors.js";

/**
 * Inverted generational distance (Coello Coello & Reyes Sierra 2004, "A study of the parallelization of a
 * coevolutionary multi-objective evolutionary algorithm", MICAI): the mean, over the points r of a
 * reference front R (the true Pareto front), of the Euclidean distance from r to the nearest found point,
 *
 *   IGD(A, R) = (1/|R|) Σ_{r∈R} min_{a∈A} ‖r − a‖₂.
 *
 * Rows are k-objective points, row-major. Objectives should be on comparable scales: callers normalise each
 * objective by the reference front's range first. 0 means every reference point was found; +∞ for an
 * empty A; NaN for an empty R.
 */
export function igd(found: Float64Array, reference: Float64Array, k: number): number {
  if (!Number.isInteger(k) || k < 1 || found.length % k !== 0 || reference.length % k !== 0) {
    throw new UsageError(`igd: values do not make rows of ${k} objectives`);
  }
  const na = found.length / k;
  const nr = reference.length / k;
  if (nr === 0) return Number.NaN;
  if (na === 0) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let r = 0; r < nr; r++) {
    let best = Number.POSITIVE_INFINITY;
    for (let a = 0; a < na; a++) {
      let d = 0;
      for (let j = 0; j < k; j++) {
        const t = reference[r * k + j] - found[a * k + j];
        d += t * t;
      }
      if (d < best) best = d;
    }
    sum += Math.sqrt(best);
  }
  return sum / nr;
}
