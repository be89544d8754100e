import { lazy } from "../core/lazy.js";
import { mean } from "./mean.js";
import { std } from "./std.js";

/** Student-t quantile (@stdlib), loaded on first use. */
const tQuantile = lazy<(p: number, v: number) => number>("@stdlib/stats-base-dists-t-quantile");

/** The last quantile asked for: an anytime curve asks for the same one at every query count (~50 µs each). */
let lastP = Number.NaN;
let lastV = Number.NaN;
let lastT = Number.NaN;
function tAt(p: number, v: number): number {
  if (p !== lastP || v !== lastV) {
    lastT = tQuantile()(p, v);
    lastP = p;
    lastV = v;
  }
  return lastT;
}

/** A sample mean with its two-sided confidence interval. */
export interface MeanCI {
  n: number;
  mean: number;
  /** Sample standard deviation (Bessel-corrected). */
  sd: number;
  lo: number;
  hi: number;
}

/**
 * Mean with Student-t confidence interval: x̄ ± t_{(1+level)/2, n−1} · s/√n (s the Bessel-corrected standard
 * deviation; Student 1908). NaN bounds for n < 2; NaN mean for n = 0.
 */
export function meanCI(x: ArrayLike<number>, level = 0.95): MeanCI {
  const n = x.length;
  const m = mean(x);
  if (n < 2) return { n, mean: m, sd: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const sd = std(x);
  const half = (tAt((1 + level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, lo: m - half, hi: m + half };
}
