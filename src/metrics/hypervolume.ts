import { UsageError } from "../core/errors.js";
import { paretoFront2d } from "./pareto.js";

/**
 * Exact 2-D hypervolume (Zitzler & Thiele 1998, "Multiobjective optimization using evolutionary
 * algorithms — a comparative case study", PPSN V): the area of the union of the boxes spanned by each
 * point and the reference point r, both coordinates MAXIMISED,
 *
 *   HV = λ( ∪_i [r_x, x_i] × [r_y, y_i] ).
 *
 * Only points strictly better than r in both coordinates contribute (others span an empty box); NaN
 * points are ignored. With the remaining front sorted by x descending (so y ascending, y_0 := r_y),
 *
 *   HV = Σ_i (x_i − r_x) · (y_i − y_{i−1}),
 *
 * the standard O(n log n) sweep. Dominated points and duplicates add nothing. Returns 0 for no point.
 */
export function hypervolume2d(xs: Float64Array, ys: Float64Array, refX: number, refY: number): number {
  if (xs.length !== ys.length) {
    throw new UsageError(`hypervolume: ${xs.length} x values but ${ys.length} y values`);
  }
  if (!Number.isFinite(refX) || !Number.isFinite(refY)) {
    throw new UsageError(`hypervolume: the reference point must be finite, got (${refX}, ${refY})`);
  }
  const keep: number[] = [];
  for (let i = 0; i < xs.length; i++) if (xs[i] > refX && ys[i] > refY) keep.push(i);
  const fx = Float64Array.from(keep, (i) => xs[i]);
  const fy = Float64Array.from(keep, (i) => ys[i]);
  const front = paretoFront2d(fx, fy);
  let area = 0;
  let prevY = refY;
  for (let k = 0; k < front.length; k++) {
    const j = front[k];
    if (fy[j] > prevY) {
      area += (fx[j] - refX) * (fy[j] - prevY);
      prevY = fy[j];
    }
  }
  return area;
}
