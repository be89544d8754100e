import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Objective } from "../data/evaluator.js";
import { fisherCI } from "../metrics/fisher-ci.js";
import { meanCI } from "../metrics/mean-ci.js";
import { pearson } from "../metrics/pearson.js";
import { type Arch, type SearchSpace, sampleNear } from "../spaces/space.js";

/** Default RWA cut-off of the threshold rule (LISSNAS paper §4.2, Figure 2). */
export const RWA_CUTOFF = 0.3;

/** A correlation at one distance (or lag) with its 95 % Fisher-z confidence interval. */
export interface CorrelationPoint {
  distance: number;
  n: number;
  r: number;
  lo: number;
  hi: number;
}

/** A mean at one distance with its 95 % Student-t confidence interval. */
export interface MeanPoint {
  distance: number;
  n: number;
  mean: number;
  sd: number;
  lo: number;
  hi: number;
}

/** A locality curve over distances 1..maxDistance. */
export interface LocalityCurve {
  maxDistance: number;
  points: CorrelationPoint[];
}

function checkCount(name: string, value: number, min: number, max = 10_000_000): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

function checkDistance(space: SearchSpace, maxDistance: number): void {
  const limit = space.maxEditDistance();
  if (!Number.isInteger(maxDistance) || maxDistance < 1 || maxDistance > limit) {
    throw new UsageError(
      `max distance must be an integer in 1..${limit} for ${space.id}, got ${maxDistance}`,
    );
  }
}

function corrPoint(distance: number, x: Float64Array, y: Float64Array): CorrelationPoint {
  [x, y] = finitePairs(x, y);
  const r = x.length >= 2 ? pearson(x, y) : Number.NaN;
  const { lo, hi } = fisherCI(r, x.length);
  return { distance, n: x.length, r, lo, hi };
}

/**
 * The pairs (x[i], y[i]) where both are finite (#11: a failed evaluation of an asynchronous evaluator is
 * NaN and drops its pairs); the same arrays when every pair is.
 */
function finitePairs(x: Float64Array, y: Float64Array): [Float64Array, Float64Array] {
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) bad++;
  if (bad === 0) return [x, y];
  const fx = new Float64Array(x.length - bad);
  const fy = new Float64Array(x.length - bad);
  for (let i = 0, j = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      fx[j] = x[i];
      fy[j++] = y[i];
    }
  }
  return [fx, fy];
}

export interface RwaOptions {
  /** Number of independent walks (default 1000). */
  walks?: number;
  /** Longest walk (default: the space's maximum edit distance). */
  maxDistance?: number;
}

/**
 * Random-walk autocorrelation by independent walks (the LISSNAS paper's RWA, §4.2): each walk starts at a
 * uniformly sampled architecture a₀ and makes k = 1..maxDistance random edits (`space.mutate`, a uniformly
 * chosen neighbour each time); the curve at k is the Pearson correlation, over walks, between f(a₀) and
 * f(a_k), with a 95 % Fisher-z interval. Walk w draws from `rng.child("rwa", w)`. After k edits the distance
 * is at most k (a walk can step back), so the curve is indexed by edits.
 */
export function randomWalkAutocorrelation(
  space: SearchSpace,
  f: Objective,
  rng: Rng,
  options: RwaOptions = {},
): LocalityCurve {
  const walks = options.walks ?? 1000;
  const maxDistance = options.maxDistance ?? space.maxEditDistance();
  checkCount("walks", walks, 4);
  checkDistance(space, maxDistance);
  const start = new Float64Array(walks);
  const after = Array.from({ length: maxDistance }, () => new Float64Array(walks));
  for (let w = 0; w < walks; w++) {
    const r = rng.child("rwa", w);
    let a = space.sample(r);
    start[w] = f(a);
    for (let k = 0; k < maxDistance; k++) {
      a = space.mutate(a, r);
      after[k][w] = f(a);
    }
  }
  return { maxDistance, points: after.map((y, k) => corrPoint(k + 1, start, y)) };
}

export interface NaslibRwaOptions {
  /** Largest lag, also the burn-in before pairs are taken (NASLib: 36). */
  window?: number;
  /** Number of steps after the window, i.e. pairs per lag (NASLib: 500). */
  steps?: number;
}

/**
 * NASLib's random-walk autocorrelation: one long walk of `window + steps` single mutations from a uniform
 * start; at lag ℓ = 1..window, the Pearson correlation between f(a_t) and f(a_{t−ℓ}) over t = window+1 ..
 * window+steps. NASLib plots it against √ℓ as a proxy for edit distance (reported as `sqrtLag`). Draws from
 * `rng.child("naslib-walk")`.
 */
export function naslibAutocorrelation(
  space: SearchSpace,
  f: Objective,
  rng: Rng,
  options: NaslibRwaOptions = {},
): Array<CorrelationPoint & { sqrtLag: number }> {
  const window = options.window ?? 36;
  const steps = options.steps ?? 500;
  checkCount("window", window, 1, 10_000);
  checkCount("steps", steps, 4);
  const r = rng.child("naslib-walk");
  const total = window + steps + 1;
  const vals = new Float64Array(total);
  let a = space.sample(r);
  vals[0] = f(a);
  for (let t = 1; t < total; t++) {
    a = space.mutate(a, r);
    vals[t] = f(a);
  }
  const out: Array<CorrelationPoint & { sqrtLag: number }> = [];
  for (let lag = 1; lag <= window; lag++) {
    const x = vals.subarray(window + 1, total);
    const y = vals.subarray(window + 1 - lag, total - lag);
    out.push({ ...corrPoint(lag, x, y), sqrtLag: Math.sqrt(lag) });
  }
  return out;
}

export interface NearOptions {
  /** Number of sampled architectures (default 1000). */
  samples?: number;
  maxDistance?: number;
}

/** Absolute accuracy difference and correlation at generated edit distances. */
export interface NearResult {
  /** True when the space draws neighbours at exactly distance d ("atDistance"); else d-step walks. */
  exactDistance: boolean;
  /** Mean |f(a) − f(b)| by distance, with 95 % t intervals. */
  aad: MeanPoint[];
  /** Pearson correlation of f(a) and f(b) by distance, with 95 % Fisher-z intervals. */
  correlation: CorrelationPoint[];
}

/**
 * Absolute accuracy difference (AAD, LISSNAS paper §4.2): for each of `samples` uniformly sampled
 * architectures a and each d = 1..maxDistance, a neighbour b = sampleNear(a, d) (exactly at edit distance d
 * where the space supports it, otherwise the end of a d-step walk) and |f(a) − f(b)|; mean with a 95 %
 * Student-t interval. The same pairs give the correlation at exact distance d. Sample i draws from
 * `rng.child("aad", i)`.
 */
export function nearDifferences(
  space: SearchSpace,
  f: Objective,
  rng: Rng,
  options: NearOptions = {},
): NearResult {
  const samples = options.samples ?? 1000;
  const maxDistance = options.maxDistance ?? space.maxEditDistance();
  checkCount("samples", samples, 4);
  checkDistance(space, maxDistance);
  const base = new Float64Array(samples);
  const other = Array.from({ length: maxDistance }, () => new Float64Array(samples));
  for (let i = 0; i < samples; i++) {
    const r = rng.child("aad", i);
    const a = space.sample(r);
    base[i] = f(a);
    for (let d = 1; d <= maxDistance; d++) other[d - 1][i] = f(sampleNear(space, a, d, r));
  }
  const aad: MeanPoint[] = [];
  const corr: CorrelationPoint[] = [];
  for (let d = 1; d <= maxDistance; d++) {
    const y = other[d - 1];
    const [bx, by] = finitePairs(base, y);
    const diff = new Float64Array(bx.length);
    for (let i = 0; i < bx.length; i++) diff[i] = Math.abs(bx[i] - by[i]);
    const m = meanCI(diff);
    aad.push({ distance: d, n: m.n, mean: m.mean, sd: m.sd, lo: m.lo, hi: m.hi });
    corr.push(corrPoint(d, base, y));
  }
  return { exactDistance: space.capabilities.has("atDistance"), aad, correlation: corr };
}

/** Fitness–distance correlation. */
export interface FdcResult {
  /** Pearson correlation between value and edit distance to the nearest optimum (−1 is ideal when maximising). */
  r: number;
  lo: number;
  hi: number;
  n: number;
  /** True when computed over the whole space against its true global optima. */
  exact: boolean;
  /** Number of reference optima (ties at the best value). */
  optima: number;
  /** Best value: the global optimum (exact) or the best of the sample. */
  best: number;
}

/**
 * Fitness–distance correlation (Jones & Forrest 1995): the Pearson correlation between an architecture's
 * value and its edit distance to the nearest global optimum (all architectures tied at the best value count
 * as optima). For maximisation, values near −1 mean "closer is better" (easy for local search), near 0 no
 * guidance. `archs` is the whole space (exact) or a uniform sample (then the reference optimum is the best
 * of the sample, an approximation flagged by `exact: false`).
 */
export function fitnessDistanceCorrelation(
  space: SearchSpace,
  archs: readonly Arch[],
  values: ArrayLike<number>,
  exact: boolean,
): FdcResult {
  if (archs.length !== values.length || archs.length < 4) {
    throw new UsageError(
      `fitness–distance correlation needs ≥ 4 architectures with values, got ${archs.length}`,
    );
  }
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i] > best) best = values[i];
  const optima: Arch[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === best) optima.push(archs[i]);
  const dist = new Float64Array(archs.length);
  for (let i = 0; i < archs.length; i++) {
    let d = Number.POSITIVE_INFINITY;
    for (const o of optima) d = Math.min(d, space.editDistance(archs[i], o));
    dist[i] = d;
  }
  const v = Float64Array.from(values);
  const r = pearson(v, dist);
  const { lo, hi } = fisherCI(r, v.length);
  return { r, lo, hi, n: v.length, exact, optima: optima.length, best };
}

/** Neighbourhood-size statistics over sampled architectures. */
export interface NeighbourhoodStats {
  samples: number;
  /** Number of neighbours (edit distance 1). */
  size: { min: number; mean: number; max: number };
  /** Number of distinct isomorphism classes among the neighbours. */
  distinctClasses: { min: number; mean: number; max: number };
  /** Mean number of neighbours isomorphic to the architecture itself (a wasted move). */
  selfIsomorphic: number;
}

/** Neighbourhood sizes and their distinct canonical classes over `samples` uniform architectures. */
export function neighbourhoodStats(space: SearchSpace, rng: Rng, samples = 1000): NeighbourhoodStats {
  checkCount("samples", samples, 1);
  const r = rng.child("neighbourhood");
  let sMin = Number.POSITIVE_INFINITY;
  let sMax = 0;
  let sSum = 0;
  let cMin = Number.POSITIVE_INFINITY;
  let cMax = 0;
  let cSum = 0;
  let self = 0;
  for (let i = 0; i < samples; i++) {
    const a = space.sample(r);
    const own = space.key(a);
    const nb = space.neighbours(a);
    const keys = new Set<number>();
    for (const b of nb) {
      const k = space.key(b);
      if (k === own) self++;
      keys.add(k);
    }
    keys.delete(own);
    sMin = Math.min(sMin, nb.length);
    sMax = Math.max(sMax, nb.length);
    sSum += nb.length;
    cMin = Math.min(cMin, keys.size);
    cMax = Math.max(cMax, keys.size);
    cSum += keys.size;
  }
  return {
    samples,
    size: { min: sMin, mean: sSum / samples, max: sMax },
    distinctClasses: { min: cMin, mean: cSum / samples, max: cMax },
    selfIsomorphic: self / samples,
  };
}

/**
 * The threshold rule (LISSNAS paper §4.2: locality holds up to about a third of the maximum edit distance):
 * the smallest distance d whose random-walk autocorrelation is below `cutoff` (0.3 by default); when the
 * curve never falls below it, ⌈maxDistance/3⌉. A NaN correlation (constant values) never counts as below.
 * LISSNAS takes the result as its default neighbourhood radius.
 */
export function chooseThreshold(curve: LocalityCurve, cutoff = RWA_CUTOFF): number {
  return thresholdWithRule(curve, cutoff).threshold;
}

/** `chooseThreshold` with the branch of the rule that fired, for reports. */
export function thresholdWithRule(
  curve: LocalityCurve,
  cutoff = RWA_CUTOFF,
): { threshold: number; rule: string } {
  if (!(cutoff > -1 && cutoff < 1)) throw new UsageError(`the RWA cut-off must be in (−1, 1), got ${cutoff}`);
  const points = [...curve.points].sort((a, b) => a.distance - b.distance);
  for (const p of points) {
    if (p.r < cutoff) {
      return {
        threshold: p.distance,
        rule: `smallest distance with RWA < ${cutoff} (RWA ${p.r.toFixed(3)})`,
      };
    }
  }
  const threshold = Math.max(1, Math.ceil(curve.maxDistance / 3));
  return { threshold, rule: `RWA never < ${cutoff}: ⌈max distance/3⌉ = ⌈${curve.maxDistance}/3⌉` };
}
