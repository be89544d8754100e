import { hypervolume2d } from "./hypervolume.js";

/**
 * Accuracy–cost Pareto hypervolume ratio of a shrunk space (issue #14; hypervolume indicator of Zitzler &
 * Thiele 1998, "Multiobjective optimization using evolutionary algorithms — a comparative case study"):
 *
 *   HVR = HV(shrunk) / HV(original),
 *   HV(P) = area of ⋃_{p ∈ P} [r_acc, acc_p] × [cost_p, r_cost]   (accuracy maximised, cost minimised),
 *
 * with the reference point r = (min original accuracy, max original cost), the worst corner of the original
 * space, so every original point contributes ≥ 0 and a subset scores in [0, 1]. Only the shrunk space's
 * non-dominated members count, so adding mediocre or cheap-but-bad members cannot raise it (unlike a cost
 * range). NaN when the original's hypervolume is 0 (all points on the reference lines) or a side is empty.
 */
export function hypervolumeRatio(
  shrunkAcc: Float64Array,
  shrunkCost: Float64Array,
  originalAcc: Float64Array,
  originalCost: Float64Array,
): number {
  if (shrunkAcc.length === 0 || originalAcc.length === 0) return Number.NaN;
  let refAcc = Number.POSITIVE_INFINITY;
  let refCost = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < originalAcc.length; i++) {
    if (originalAcc[i] < refAcc) refAcc = originalAcc[i];
    if (originalCost[i] > refCost) refCost = originalCost[i];
  }
  const neg = (c: Float64Array) => Float64Array.from(c, (x) => -x);
  const hvO = hypervolume2d(originalAcc, neg(originalCost), refAcc, -refCost);
  if (!(hvO > 0)) return Number.NaN;
  return hypervolume2d(shrunkAcc, neg(shrunkCost), refAcc, -refCost) / hvO;
}
