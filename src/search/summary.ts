import { maxOf, minOf } from "../core/extent.js";
import { parseMetricSpec } from "../data/objectives.js";
import { type MeanCI, meanCI } from "../metrics/mean-ci.js";
import { quantileSorted } from "../metrics/quantile.js";
import type { Problem } from "./problem.js";
import type { RunResult } from "./run.js";

/** Mean and 95 % t-interval of the incumbent's report value at each total query count. */
export interface AnytimeCurve {
  queries: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

/**
 * The curve at about `points` query counts spaced evenly on a log scale (always the first and the last):
 * enough to draw an anytime curve on log-scaled queries, a fraction of its size. Identity when short.
 */
export function thinCurve(curve: AnytimeCurve, points = 60): AnytimeCurve {
  const n = curve.queries.length;
  if (n <= points) return curve;
  const first = curve.queries[0];
  const last = curve.queries[n - 1];
  const keep = new Set<number>([0, n - 1]);
  let j = 0;
  for (let k = 1; k < points - 1; k++) {
    const q = first * (last / first) ** (k / (points - 1));
    while (j < n - 1 && curve.queries[j] < q) j++;
    keep.add(j);
  }
  const idx = [...keep].sort((a, b) => a - b);
  return {
    queries: idx.map((i) => curve.queries[i]),
    mean: idx.map((i) => curve.mean[i]),
    lo: idx.map((i) => curve.lo[i]),
    hi: idx.map((i) => curve.hi[i]),
  };
}

/** Aggregate of many runs of one algorithm on one problem. */
export interface SearchSummary {
  runs: number;
  budget: number;
  extraQueries: number;
  searchMetric: string;
  reportMetric: string;
  /** Best search value of the full space (defines "reached"), best report value, best inside the searched space. */
  optimum: number | null;
  reportOptimum: number | null;
  spaceOptimum: number | null;
  /** Mean total queries to the optimum over the runs that reached it, with its 95 % t-interval. */
  meanQueriesToOptimum: MeanCI | null;
  queriesToOptimum: {
    reached: number;
    fraction: number;
    /** Median over all runs, unreached runs counting as +∞ (null when fewer than half reached). */
    median: number | null;
    min: number | null;
    max: number | null;
    /** Each run's total queries to the optimum (null: not reached), in run order — the ECDF's data. */
    perRun: Array<number | null>;
  };
  /** The best final incumbent over all runs (best report value in its direction; ties: lowest run). */
  best: { arch: string; value: number; run: number } | null;
  /** Report value of the final incumbent. */
  final: MeanCI;
  /** reportOptimum − final report value. */
  finalRegret: MeanCI | null;
  /** Mean queries, repeats and isomorphs per run (repeats and isomorphs were free). */
  perRun: {
    queries: number;
    repeats: number;
    isomorphs: number;
    steps: number;
    immigrants: number;
    /** Queries whose evaluation failed (asynchronous evaluators; 0 with tables). */
    failed: number;
  };
  stops: Record<string, number>;
  simulatedSeconds: MeanCI | null;
  anytime: AnytimeCurve;
}

/** The mean and interval of the incumbent's report value after q total queries. */
export function valueAt(results: readonly RunResult[], q: number): MeanCI {
  return meanCI(Float64Array.from(results, (r) => r.trace[q - 1]));
}

/** The anytime curve at every query count where every run has an incumbent. */
export function anytimeCurve(results: readonly RunResult[], budget: number): AnytimeCurve {
  const curve: AnytimeCurve = { queries: [], mean: [], lo: [], hi: [] };
  const runs = results.length;
  if (runs === 0) return curve;
  // Blocks of query counts copied column by column (each run's trace read in order, once), so that each
  // count's values are one contiguous view: no per-cell object lookups, a native NaN scan (issue 17).
  const width = Math.max(1, Math.min(budget, Math.floor(CURVE_BLOCK / runs)));
  const block = new Float64Array(width * runs);
  for (let q0 = 1; q0 <= budget; q0 += width) {
    const w = Math.min(width, budget - q0 + 1);
    for (let r = 0; r < runs; r++) {
      const t = results[r].trace;
      for (let j = 0; j < w; j++) block[j * runs + r] = q0 - 1 + j < t.length ? t[q0 - 1 + j] : Number.NaN;
    }
    for (let j = 0; j < w; j++) {
      const col = block.subarray(j * runs, (j + 1) * runs);
      if (col.includes(Number.NaN)) continue; // a run without an incumbent yet
      const ci = meanCI(col);
      curve.queries.push(q0 + j);
      curve.mean.push(ci.mean);
      curve.lo.push(ci.lo);
      curve.hi.push(ci.hi);
    }
  }
  return curve;
}

/** Values copied at once by `anytimeCurve` (8 MiB of doubles). */
const CURVE_BLOCK = 1 << 20;

function avg(results: readonly RunResult[], f: (r: RunResult) => number): number {
  let s = 0;
  for (const r of results) s += f(r);
  return results.length > 0 ? s / results.length : Number.NaN;
}

/** The run whose final incumbent has the best report value (`sign` −1: a minimised metric; first run on ties). */
function bestOf(results: readonly RunResult[], sign: number): SearchSummary["best"] {
  let best = -1;
  for (let i = 0; i < results.length; i++) {
    const v = sign * results[i].finalReport;
    if (!Number.isNaN(v) && (best < 0 || v > sign * results[best].finalReport)) best = i;
  }
  return best < 0
    ? null
    : { arch: results[best].bestArch, value: results[best].finalReport, run: results[best].run };
}

/** Summarises runs (in run order, so sequential and parallel executions give the same bytes). */
export function summarize(problem: Problem, budget: number, results: readonly RunResult[]): SearchSummary {
  const hits = results.filter((r) => r.queriesToOptimum !== null).map((r) => r.queriesToOptimum!);
  const all = Float64Array.from(results, (r) => r.queriesToOptimum ?? Number.POSITIVE_INFINITY).sort();
  const median = all.length > 0 && hits.length * 2 >= all.length ? quantileSorted(all, 0.5) : Number.NaN;
  const stops: Record<string, number> = {};
  for (const r of results) stops[r.stop] = (stops[r.stop] ?? 0) + 1;
  const hasRegret = results.length > 0 && results.every((r) => r.regret !== null);
  const hasSeconds = results.length > 0 && results.every((r) => r.simulatedSeconds !== null);
  return {
    runs: results.length,
    budget,
    extraQueries: problem.extraQueries,
    searchMetric: problem.searchMetric,
    reportMetric: problem.reportMetric,
    optimum: problem.optimum ?? null,
    reportOptimum: problem.reportOptimum ?? null,
    spaceOptimum: problem.spaceOptimum ?? null,
    meanQueriesToOptimum:
      (problem.optimum !== undefined || problem.targets) && hits.length > 0 ? meanCI(hits) : null,
    queriesToOptimum: {
      reached: hits.length,
      fraction: results.length > 0 ? hits.length / results.length : 0,
      median: Number.isFinite(median) ? median : null,
      min: hits.length > 0 ? minOf(hits) : null,
      max: hits.length > 0 ? maxOf(hits) : null,
      perRun: results.map((r) => r.queriesToOptimum),
    },
    best: bestOf(results, parseMetricSpec(problem.reportMetric).sign),
    final: meanCI(Float64Array.from(results, (r) => r.finalReport)),
    finalRegret: hasRegret ? meanCI(Float64Array.from(results, (r) => r.regret!)) : null,
    perRun: {
      queries: avg(results, (r) => r.queries),
      repeats: avg(results, (r) => r.repeats),
      isomorphs: avg(results, (r) => r.isomorphs),
      steps: avg(results, (r) => r.steps),
      immigrants: avg(results, (r) => r.immigrants),
      failed: avg(results, (r) => r.failed ?? 0),
    },
    stops,
    simulatedSeconds: hasSeconds ? meanCI(Float64Array.from(results, (r) => r.simulatedSeconds!)) : null,
    anytime: anytimeCurve(results, budget),
  };
}
