import { UsageError } from "../core/errors.js";
import { paretoFront2d } from "./pareto.js";

/** Whether row a Pareto-dominates row b of a row-major n × k matrix (every objective MAXIMISED). */
export function dominates(values: ArrayLike<number>, k: number, a: number, b: number): boolean {
  let strict = false;
  for (let j = 0; j < k; j++) {
    const x = values[a * k + j];
    const y = values[b * k + j];
    if (x < y) return false;
    if (x > y) strict = true;
  }
  return strict;
}

/**
 * Indices (ascending) of the non-dominated rows of a row-major n × k matrix, every objective MAXIMISED:
 * row p is dominated when some q is ≥ in every objective and > in one (Pareto dominance). Identical rows do
 * not dominate each other, so all copies of a front point are kept; rows with a NaN are never on the
 * front and dominate nothing. k = 2 uses the O(n log n) sweep (`paretoFront2d`); k ≥ 3 the simple O(n² k)
 * pairwise test against the current front (Kung, Luccio & Preparata 1975 give the sub-quadratic bounds;
 * the fronts here are small).
 */
export function paretoFront(values: Float64Array, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || values.length % k !== 0) {
    throw new UsageError(`pareto front: ${values.length} values do not make rows of ${k} objectives`);
  }
  const n = values.length / k;
  if (k === 2) {
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = values[2 * i];
      ys[i] = values[2 * i + 1];
    }
    return paretoFront2d(xs, ys).sort();
  }
  const front: number[] = [];
  outer: for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) if (Number.isNaN(values[i * k + j])) continue outer;
    for (let f = 0; f < front.length; f++) if (dominates(values, k, front[f], i)) continue outer;
    // i survives: drop the front members it dominates
    let w = 0;
    for (let f = 0; f < front.length; f++) if (!dominates(values, k, i, front[f])) front[w++] = front[f];
    front.length = w;
    front.push(i);
  }
  return Int32Array.from(front).sort();
}
