import type { Rng } from "../core/rng.js";
import { normalQuantile } from "../metrics/normal-quantile.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import type { CorrelationPoint, MeanPoint } from "./statistics.js";

/** Largest sample the all-pairs estimate uses (a larger pool is subsampled, seeded): m²/2 distance calls. */
export const SAMPLE_PAIRS_LIMIT = 4000;
/**
 * Fewest pairs at a distance for a point: below it the point is NaN (no estimate: a sparse sample of a huge
 * space has a handful of close pairs, whose correlation would read as a number but mean nothing).
 */
export const MIN_SAMPLE_PAIRS = 30;

/** Locality curves estimated on a sample of a space (a partial table's pool, #11). */
export interface SampleCurves {
  /** Architectures used (after subsampling and dropping non-finite values) and the sample they came from. */
  architectures: number;
  of: number;
  /** Unordered pairs at distance 1..maxDistance used, all distances together. */
  pairs: number;
  /** Correlation of f(a), f(b) over the sample's pairs at edit distance exactly d; 95 % jackknife CI. */
  rwa: CorrelationPoint[];
  /** Mean |f(a) − f(b)| over the same pairs; 95 % jackknife CI (`sd` is the jackknife standard error). */
  aad: MeanPoint[];
}

/** Per-architecture sums over its partners at each distance: count, Σ f(b), Σ |f(a) − f(b)|. */
interface PartnerSums {
  cnt: Float64Array;
  sum: Float64Array;
  abs: Float64Array;
}

/** Σ over partners at distance d of each architecture (row-major m × maxDistance), one O(m²) pass. */
function partnerSums(space: SearchSpace, archs: Arch[], f: Float64Array, maxDistance: number): PartnerSums {
  const m = archs.length;
  const D = maxDistance;
  const cnt = new Float64Array(m * D);
  const sum = new Float64Array(m * D);
  const abs = new Float64Array(m * D);
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const d = space.editDistance(archs[i], archs[j]);
      if (d < 1 || d > D) continue;
      const a = i * D + d - 1;
      const b = j * D + d - 1;
      const diff = Math.abs(f[i] - f[j]);
      cnt[a]++;
      cnt[b]++;
      sum[a] += f[j];
      sum[b] += f[i];
      abs[a] += diff;
      abs[b] += diff;
    }
  }
  return { cnt, sum, abs };
}

/**
 * The correlation at one distance from ordered-pair sums: Σ (f(a) − μ)(f(b) − μ) / (N σ²) with
 * Σ (f(a) − μ)(f(b) − μ) = P − 2μQ + μ²N, P = Σ f(a) f(b), Q = Σ f(a), N pairs; μ and σ² over the sample
 * (as the exact curve centres by the whole space's; src/locality/exact.ts).
 */
function corrFromSums(P: number, Q: number, N: number, mu: number, variance: number): number {
  if (N <= 0 || !(variance > 0)) return Number.NaN;
  const r = (P - 2 * mu * Q + mu * mu * N) / N / variance;
  return Math.max(-1, Math.min(1, r));
}

/**
 * Delete-one jackknife over architectures: estimate, standard error √((m−1)/m · Σ (θ₋ᵢ − θ̄)²) and the
 * 95 % normal interval. Pairs share architectures, so a pair-count interval would be far too narrow; the
 * jackknife of such U-statistics is consistent (Arvesen 1969, "Jackknifing U-statistics").
 */
function jackknife(theta: number, leaveOut: Float64Array): { se: number; lo: number; hi: number } {
  const m = leaveOut.length;
  let mean = 0;
  let k = 0;
  for (const t of leaveOut) {
    if (Number.isFinite(t)) {
      mean += t;
      k++;
    }
  }
  if (k < 2 || !Number.isFinite(theta)) return { se: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  mean /= k;
  let ss = 0;
  for (const t of leaveOut) if (Number.isFinite(t)) ss += (t - mean) ** 2;
  const se = Math.sqrt(((m - 1) / m) * ss);
  const z = normalQuantile(0.975);
  return { se, lo: theta - z * se, hi: theta + z * se };
}

/** The sample used: finite values only, at most SAMPLE_PAIRS_LIMIT architectures (seeded subsample). */
function usable(archs: readonly Arch[], values: ArrayLike<number>, rng: Rng, limit: number) {
  let idx = Array.from({ length: archs.length }, (_, i) => i).filter((i) => Number.isFinite(values[i]));
  if (idx.length > limit) {
    const pick = rng.sampleIndices(idx.length, limit);
    idx = Array.from(pick, (j) => idx[j]).sort((a, b) => a - b);
  }
  return { archs: idx.map((i) => archs[i]), f: Float64Array.from(idx, (i) => values[i]) };
}

/**
 * Locality by edit distance estimated on a sample of the space — a partial table's pool, whose exact
 * (whole-space) curves cannot be computed. For every unordered pair of sample architectures at edit
 * distance exactly d (1..maxDistance): the correlation of f(a), f(b), centred by the sample's mean and
 * variance (the sample analogue of the exact RWA of src/locality/exact.ts, LISSNAS §4.2), and the mean
 * |f(a) − f(b)| (AAD). A uniform sample's pairs at distance d are a uniform sample of the space's pairs at
 * d, so both estimate the exact curves; their 95 % intervals come from the delete-one jackknife over
 * architectures. O(m²) distance computations for m sample architectures (at most SAMPLE_PAIRS_LIMIT; a
 * larger sample is subsampled with `rng`). A distance with fewer than `minPairs` pairs gets NaN points.
 */
export function sampleCurves(
  space: SearchSpace,
  archs: readonly Arch[],
  values: ArrayLike<number>,
  maxDistance: number,
  rng: Rng,
  limit = SAMPLE_PAIRS_LIMIT,
  minPairs = MIN_SAMPLE_PAIRS,
): SampleCurves {
  const s = usable(archs, values, rng, limit);
  const m = s.archs.length;
  const D = maxDistance;
  const { cnt, sum, abs } = partnerSums(space, s.archs, s.f, D);
  let M1 = 0;
  let M2 = 0;
  for (const v of s.f) {
    M1 += v;
    M2 += v * v;
  }
  const rwa: CorrelationPoint[] = [];
  const aad: MeanPoint[] = [];
  let pairs = 0;
  const rOut = new Float64Array(m);
  const aOut = new Float64Array(m);
  for (let d = 1; d <= D; d++) {
    // ordered-pair totals over the whole sample
    let P = 0;
    let Q = 0;
    let N = 0;
    let A = 0;
    for (let i = 0; i < m; i++) {
      const k = i * D + d - 1;
      P += s.f[i] * sum[k];
      Q += s.f[i] * cnt[k];
      N += cnt[k];
      A += abs[k];
    }
    pairs += N / 2;
    if (N / 2 < minPairs) {
      rwa.push({ distance: d, n: N / 2, r: Number.NaN, lo: Number.NaN, hi: Number.NaN });
      aad.push({ distance: d, n: N / 2, mean: Number.NaN, sd: Number.NaN, lo: Number.NaN, hi: Number.NaN });
      continue;
    }
    const mu = M1 / m;
    const r = corrFromSums(P, Q, N, mu, M2 / m - mu * mu);
    for (let i = 0; i < m; i++) {
      // without architecture i: its ordered pairs both ways go, and each partner loses one pair
      const k = i * D + d - 1;
      const f = s.f[i];
      const mu1 = (M1 - f) / (m - 1);
      const var1 = (M2 - f * f) / (m - 1) - mu1 * mu1;
      const n1 = N - 2 * cnt[k];
      rOut[i] = corrFromSums(P - 2 * f * sum[k], Q - f * cnt[k] - sum[k], n1, mu1, var1);
      aOut[i] = n1 > 0 ? (A - 2 * abs[k]) / n1 : Number.NaN;
    }
    const jr = jackknife(r, rOut);
    rwa.push({ distance: d, n: N / 2, r, lo: Math.max(-1, jr.lo), hi: Math.min(1, jr.hi) });
    const mean = N > 0 ? A / N : Number.NaN;
    const ja = jackknife(mean, aOut);
    aad.push({ distance: d, n: N / 2, mean, sd: ja.se, lo: ja.lo, hi: ja.hi });
  }
  return { architectures: m, of: archs.length, pairs, rwa, aad };
}
