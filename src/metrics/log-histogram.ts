/**
 * Counts of positive integers (sizes) in powers-of-two bins: bin i holds values in [2^i, 2^(i+1)), so
 * edges are 1, 2, 4, …, 2^B with B = ⌊log2 max⌋ + 1. Sizes spanning several orders of magnitude (basin
 * sizes of local optima: many of size 1, a few of thousands) stay readable, as in the log-binned basin plots
 * of fitness-landscape analysis (Ochoa et al. 2008, "Local optima networks"). Values < 1 are not counted.
 */
export function log2Histogram(values: ArrayLike<number>): { edges: number[]; counts: number[] } {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max < 1) return { edges: [1, 2], counts: [0] };
  const bins = Math.floor(Math.log2(max)) + 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= 1) counts[Math.min(bins - 1, Math.floor(Math.log2(v)))]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => 2 ** i), counts };
}
