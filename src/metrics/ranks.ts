import { hasNaN } from "./has-nan.js";

/**
 * Ranks 1..n of `x` in ascending order, tied values sharing the average of the ranks they span
 * ("fractional" or mid-ranks; scipy.stats.rankdata's default 'average'). Values must be comparable
 * (no NaN).
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  if (!hasNaN(x)) {
    // Issue 17: no comparator sort. The values sorted natively; value v's tie group spans sorted positions
    // lo … hi − 1 (0-based, found by binary search), so its rank is (lo + 1 + hi) / 2, the mean of ranks
    // lo + 1 … hi. One function, two plain loops: cheaper cold than a comparator called n log n times.
    const sorted = Float64Array.from(x).sort();
    const ranks = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (sorted[m] < v) lo = m + 1;
        else hi = m;
      }
      let end = lo + 1;
      if (end < n && sorted[end] === v) {
        let top = n;
        while (end < top) {
          const m = (end + top) >>> 1;
          if (sorted[m] <= v) end = m + 1;
          else top = m;
        }
      }
      ranks[i] = (lo + 1 + end) / 2;
    }
    return ranks;
  }
  // NaN makes the order undefined: kept as it always was (a comparator sort), whatever it gives
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    const r = (i + 1 + j) / 2; // mean of ranks i+1 … j
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    i = j;
  }
  return ranks;
}
