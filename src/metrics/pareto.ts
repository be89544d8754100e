import { UsageError } from "../core/errors.js";

/**
 * Indices of the non-dominated points of a 2-D set, both coordinates MAXIMISED.
 *
 * Point p is dominated when some q has q_x ≥ p_x and q_y ≥ p_y with at least one inequality strict
 * (Pareto dominance). The front is every point no other point dominates. Found by the sweep of Kung,
 * Luccio & Preparata (1975, "On finding the maxima of a set of vectors", J. ACM 22(4)): sort by x
 * descending (y descending within equal x), then a point is on the front iff its y is the largest of its
 * x-group and strictly larger than every y seen at a strictly larger x. O(n log n).
 *
 * Ties and duplicates: identical points do not dominate one another, so every copy of a non-dominated
 * point is returned. Points with a NaN coordinate (failed evaluations) are never on the front and never
 * dominate. Result order: x descending (so y ascending), equal points by index ascending.
 */
export function paretoFront2d(xs: Float64Array, ys: Float64Array): Int32Array {
  if (xs.length !== ys.length) {
    throw new UsageError(`pareto front: ${xs.length} x values but ${ys.length} y values`);
  }
  const order: number[] = [];
  for (let i = 0; i < xs.length; i++) if (!Number.isNaN(xs[i]) && !Number.isNaN(ys[i])) order.push(i);
  order.sort((a, b) => cmpDesc(xs[a], xs[b]) || cmpDesc(ys[a], ys[b]) || a - b);
  const front: number[] = [];
  let maxYBefore = Number.NEGATIVE_INFINITY; // largest y over points with a strictly larger x
  let g = 0;
  while (g < order.length) {
    const gx = xs[order[g]];
    const gy = ys[order[g]];
    let end = g;
    while (end < order.length && xs[order[end]] === gx) end++;
    if (gy > maxYBefore) {
      for (let j = g; j < end && ys[order[j]] === gy; j++) front.push(order[j]);
      maxYBefore = gy;
    }
    g = end;
  }
  return Int32Array.from(front);
}

/** −1 when a > b, 1 when a < b, else 0 (safe for ±Infinity, unlike b − a). */
function cmpDesc(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
