import { Rng } from "../../core/rng.js";
import { igd } from "../../metrics/igd.js";
import { type MeanCI, meanCI } from "../../metrics/mean-ci.js";
import { type MultiAlgorithm, runMultiAlgorithm } from "./algorithms.js";
import type { MultiLissnasIteration } from "./lissnas.js";
import type { MultiProblem } from "./problem.js";
import { MultiRun } from "./state.js";

/** One run's outcome, values in the objectives' own units (a :min objective back to its sign). */
export interface MultiRunResult {
  run: number;
  queries: number;
  /** Free: cheaply infeasible architectures ruled out without a query. */
  excluded: number;
  front: Array<{ arch: string; values: number[] }>;
  hypervolume: number;
  hvRatio: number;
  /** IGD to the true front, objectives normalised by the true front's range (src/metrics/igd.ts). */
  igd: number;
  /** hvRatio after q queries, q = 1..budget. */
  trace: Float64Array;
  /** LISSNAS-then-PLS only: the shrinkage's iterations (sizes, queries, hypervolume before/after). */
  shrink?: MultiLissnasIteration[];
}

/** Runs `runs` seeded runs (run i uses Rng.fromSeed(seed).child("run", i)). */
export function runMulti(
  problem: MultiProblem,
  algo: MultiAlgorithm,
  budget: number,
  runs: number,
  seed: number,
): MultiRunResult[] {
  const out: MultiRunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const st = new MultiRun(problem, budget);
    const shrink = runMultiAlgorithm(algo, st, Rng.fromSeed(seed).child("run", i));
    out.push({ ...resultOf(problem, st, i), ...(shrink ? { shrink } : {}) });
  }
  return out;
}

function resultOf(p: MultiProblem, st: MultiRun, run: number): MultiRunResult {
  const k = p.k;
  const hv = st.archiveHv();
  const order = [...st.archive].sort((a, b) => st.values[b * k] - st.values[a * k] || a - b);
  return {
    run,
    queries: st.counter.queries,
    excluded: st.counter.excluded,
    front: order.map((m) => ({
      arch: p.space.format(st.archs[m]),
      values: p.specs.map((s, j) => s.sign * st.values[m * k + j]),
    })),
    hypervolume: hv,
    hvRatio: hv / p.trueHv,
    igd: normalisedIgd(p, st.archiveValues()),
    trace: st.hv.map((v) => v / p.trueHv),
  };
}

/** IGD with every objective scaled to [0, 1] over the true front's range. */
export function normalisedIgd(p: MultiProblem, found: Float64Array): number {
  const k = p.k;
  const lo = new Float64Array(k).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < p.trueFront.length; i++) {
    lo[i % k] = Math.min(lo[i % k], p.trueFront[i]);
    hi[i % k] = Math.max(hi[i % k], p.trueFront[i]);
  }
  const scale = (v: Float64Array) =>
    v.map((x, i) => (x - lo[i % k]) / (hi[i % k] > lo[i % k] ? hi[i % k] - lo[i % k] : 1));
  return igd(scale(found), scale(p.trueFront), k);
}

/** Mean HV ratio (95 % t-CI over runs) after each checkpoint ≤ budget, the final IGD, and the anytime curve. */
export interface MultiSummary {
  runs: number;
  budget: number;
  hvRatio: MeanCI;
  igd: MeanCI;
  checkpoints: Array<{ queries: number } & MeanCI>;
  anytime: { queries: number[]; mean: number[]; lo: number[]; hi: number[] };
}

export function summarizeMulti(
  results: readonly MultiRunResult[],
  budget: number,
  checkpoints: number[],
): MultiSummary {
  const at = (q: number) => meanCI(Float64Array.from(results, (r) => r.trace[q - 1]));
  const anytime = { queries: [] as number[], mean: [] as number[], lo: [] as number[], hi: [] as number[] };
  for (let q = 1; q <= budget; q++) {
    const c = at(q);
    anytime.queries.push(q);
    anytime.mean.push(c.mean);
    anytime.lo.push(c.lo);
    anytime.hi.push(c.hi);
  }
  return {
    runs: results.length,
    budget,
    hvRatio: meanCI(Float64Array.from(results, (r) => r.hvRatio)),
    igd: meanCI(Float64Array.from(results, (r) => r.igd)),
    checkpoints: checkpoints.filter((q) => q <= budget).map((q) => ({ queries: q, ...at(q) })),
    anytime,
  };
}
