/**
 * The same-size oracle ceiling of the shrink index (issue #14, fifth pass): for every size k = 1..n, the
 * shrink index of the k architectures with the best *searched* values, measured on the *reported* values,
 *
 *   ceiling(k) = |{i ≤ k : r₍ᵢ₎ ≥ τ}| / k − P(good | original),   P(good | original) = |{j : r_j ≥ τ}| / n,
 *
 * where (i) is the i-th best by searched value (NaN last, ties by the smaller key, else by position) and τ the
 * good threshold on the reported values (as `pGood`: a NaN reported value is never good). It reads every
 * searched value, so it is a reference, not a shrinker: when P(r ≥ τ | s) does not fall as s rises, no rule
 * that keeps an architecture by its own searched value has a higher expected index (a method that pools
 * the searched values of many architectures, e.g. a predictor, can exceed it when they are noisy). A
 * method's index over ceiling(its size) is its share of this reference — a comparison fair to spaces of
 * different sizes (a smaller space has a higher ceiling). With searched = reported it is the largest index
 * any k-set can have. Returns ceiling(k) at index k − 1; empty input gives an empty array.
 */
export function oracleCeiling(
  searched: ArrayLike<number>,
  reported: ArrayLike<number>,
  threshold: number,
  keys?: ArrayLike<number>,
): Float64Array {
  const n = searched.length;
  if (reported.length !== n || (keys && keys.length !== n)) {
    throw new RangeError(
      `oracleCeiling: ${n} searched values, ${reported.length} reported, ${keys?.length} keys`,
    );
  }
  const order = searchedOrder(searched, keys);
  let base = 0;
  for (let j = 0; j < n; j++) if (reported[j] >= threshold) base++;
  base /= n;
  const out = new Float64Array(n);
  let good = 0;
  for (let k = 0; k < n; k++) {
    if (reported[order[k]] >= threshold) good++;
    out[k] = good / (k + 1) - base;
  }
  return out;
}

/** Positions in descending order of `searched` (NaN last; ties by the smaller key, else the earlier position). */
export function searchedOrder(searched: ArrayLike<number>, keys?: ArrayLike<number>): number[] {
  const s = (i: number) => (Number.isNaN(searched[i]) ? Number.NEGATIVE_INFINITY : searched[i]);
  return Array.from({ length: searched.length }, (_, i) => i).sort(
    (i, j) => (s(j) > s(i) ? 1 : s(j) < s(i) ? -1 : 0) || (keys ? keys[i] - keys[j] : 0) || i - j,
  );
}
