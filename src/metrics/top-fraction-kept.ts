/**
 * Whether a shrunk space keeps an architecture of the original's top fraction (issue #14: "top-0.1 % kept",
 * shown beside "exact best kept" so near-ties are visible):
 *
 *   k = max(1, ⌈fraction · n⌉),  τ = the k-th largest original value,  kept ⇔ max(shrunk) ≥ τ.
 *
 * Count-based (no quantile interpolation), so fraction = 1/n is "exact best kept" and τ is always an
 * attained value. Values are maximised; NaN values (failed evaluations) are ignored on both sides.
 * False for an empty shrunk space; null for an empty original or a fraction outside (0, 1].
 */
export function keptTopFraction(
  original: ArrayLike<number>,
  shrunk: ArrayLike<number>,
  fraction: number,
): boolean | null {
  const o: number[] = [];
  for (let i = 0; i < original.length; i++) if (!Number.isNaN(original[i])) o.push(original[i]);
  if (o.length === 0 || !(fraction > 0 && fraction <= 1)) return null;
  o.sort((a, b) => b - a);
  const tau = o[Math.max(1, Math.ceil(fraction * o.length)) - 1];
  for (let i = 0; i < shrunk.length; i++) if (shrunk[i] >= tau) return true;
  return false;
}
