/**
 * Fraction of the original space's range of a cost (FLOPs, parameters) that a shrunk space spans (LISSNAS
 * paper §5.4: "our algorithm covers the full range of architectures spanned by the original space"):
 *
 *   coverage = |[min_s, max_s] ∩ [min_o, max_o]| / (max_o − min_o),
 *
 * in [0, 1]; 1 when the original range is a single point that the shrunk space reaches. It measures the
 * extent, not gaps inside it (see histogram for those). NaN for an empty shrunk sample.
 */
export function rangeCoverage(shrunk: ArrayLike<number>, originalMin: number, originalMax: number): number {
  if (shrunk.length === 0) return Number.NaN;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < shrunk.length; i++) {
    if (shrunk[i] < lo) lo = shrunk[i];
    if (shrunk[i] > hi) hi = shrunk[i];
  }
  const width = originalMax - originalMin;
  const overlap = Math.min(hi, originalMax) - Math.max(lo, originalMin);
  if (width <= 0) return overlap >= 0 ? 1 : 0;
  return Math.max(0, overlap) / width;
}
