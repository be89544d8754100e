import { dominates } from "../../metrics/pareto-nd.js";

/**
 * Fast non-dominated sorting (Deb, Pratap, Agarwal & Meyarivan 2002, "A fast and elitist multiobjective
 * genetic algorithm: NSGA-II", IEEE TEVC 6(2), §III-A): rank 0 is the Pareto front of `idx`, rank 1 the
 * front of the rest, and so on. `values` is row-major (· × k, maximised); `idx` the rows considered.
 * Returns the fronts, each a list of rows. O(m² k) for m rows.
 */
export function nonDominatedSort(values: Float64Array, k: number, idx: readonly number[]): number[][] {
  const m = idx.length;
  const dominatedBy = new Int32Array(m);
  const dominatesList: number[][] = idx.map(() => []);
  for (let p = 0; p < m; p++) {
    for (let q = p + 1; q < m; q++) {
      if (dominates(values, k, idx[p], idx[q])) {
        dominatesList[p].push(q);
        dominatedBy[q]++;
      } else if (dominates(values, k, idx[q], idx[p])) {
        dominatesList[q].push(p);
        dominatedBy[p]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let p = 0; p < m; p++) if (dominatedBy[p] === 0) current.push(p);
  while (current.length > 0) {
    fronts.push(current.map((p) => idx[p]));
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominatesList[p]) if (--dominatedBy[q] === 0) next.push(q);
    }
    current = next;
  }
  return fronts;
}

/**
 * Crowding distance of the rows of one front (Deb et al. 2002, §III-B): for each objective, sort the
 * front by it; the two extremes get +∞, every other row adds the normalised gap between its two
 * neighbours, (v_{i+1} − v_{i−1}) / (v_max − v_min). Larger means lonelier (preferred). Returned in the
 * order of `front`.
 */
export function crowdingDistance(values: Float64Array, k: number, front: readonly number[]): Float64Array {
  const n = front.length;
  const d = new Float64Array(n);
  if (n <= 2) return d.fill(Number.POSITIVE_INFINITY);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let j = 0; j < k; j++) {
    const v = (i: number) => values[front[i] * k + j];
    order.sort((a, b) => v(a) - v(b) || a - b);
    const span = v(order[n - 1]) - v(order[0]);
    d[order[0]] = Number.POSITIVE_INFINITY;
    d[order[n - 1]] = Number.POSITIVE_INFINITY;
    if (span <= 0) continue;
    for (let i = 1; i < n - 1; i++) d[order[i]] += (v(order[i + 1]) - v(order[i - 1])) / span;
  }
  return d;
}
