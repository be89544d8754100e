import { UsageError } from "../core/errors.js";

/** Counts of values in equal-width bins. */
export interface Histogram {
  /** bins + 1 edges, ascending; bin i is [edges[i], edges[i+1]) and the last bin includes its right edge. */
  edges: Float64Array;
  counts: Int32Array;
}

/**
 * Histogram of `values` over [lo, hi] in `bins` equal-width bins (LISSNAS paper §5.4, Fig. 5: FLOP and
 * parameter histograms of a space). Values outside [lo, hi] are not counted. Use the original space's range
 * for both spaces so their histograms line up.
 */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1)
    throw new UsageError(`histogram: bins must be an integer ≥ 1, got ${bins}`);
  if (!(hi >= lo)) throw new UsageError(`histogram: need lo ≤ hi, got [${lo}, ${hi}]`);
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins;
  const counts = new Int32Array(bins);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    const b = w > 0 ? Math.min(bins - 1, Math.floor((v - lo) / w)) : 0;
    counts[b]++;
  }
  return { edges, counts };
}
