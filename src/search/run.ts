import { UsageError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { type AlgorithmSpec, checkAlgorithmForSpace, runAlgorithm } from "./algorithms.js";
import { type Problem, RunState, SearchContext, type StopReason } from "./problem.js";
import { uniqueCount } from "./source.js";

/** Settings shared by every run of one experiment cell. */
export interface RunSettings {
  /** Root seed: run i uses `Rng.fromSeed(seed).child("run", i)`. */
  seed: number;
  /** Total query budget, extra queries included. */
  budget: number;
  /** Stop a run as soon as it reaches the optimum (the trace is padded with it). */
  untilOptimum?: boolean;
  /**
   * Evaluations in flight at once (`--workers N`): the batch-parallel variants of docs/search.md. Default 1,
   * the sequential algorithms.
   */
  batch?: number;
}

/** The outcome of one run. Everything here is a deterministic function of (problem, spec, seed, run). */
export interface RunResult {
  run: number;
  /** Queries of the search itself (unique canonical architectures evaluated). */
  queries: number;
  /** Free evaluations: the same genotype again, or another genotype of an already queried class. */
  repeats: number;
  isomorphs: number;
  /** Proposals made by the algorithm (queries + free evaluations). */
  steps: number;
  /** Evolution only: random architectures injected after a stall of free children. */
  immigrants: number;
  /** Queries whose evaluation failed (skipped by the algorithm, counted as spent). */
  failed: number;
  stop: StopReason;
  /** Total queries (extra included) when the optimum was first reached; null if it was not. */
  queriesToOptimum: number | null;
  /** Search value and report value of the final incumbent. */
  finalSearch: number;
  finalReport: number;
  /** reportOptimum − finalReport, when the optimum is known. */
  regret: number | null;
  bestArch: string;
  /** Simulated training seconds of the run's queries (when the problem has a seconds column). */
  simulatedSeconds: number | null;
  /** trace[q − 1]: report value of the incumbent after q total queries (NaN before the first). */
  trace: Float64Array;
}

/** Checks a total budget against the space and the extra queries; one-line errors name the field. */
export function checkBudget(problem: Problem, budget: number, field = "--budget"): void {
  if (!Number.isInteger(budget) || budget < 1)
    throw new UsageError(`${field} must be an integer ≥ 1, got ${budget}`);
  const extra = problem.extraQueries;
  if (budget <= extra) {
    throw new UsageError(
      `${field} ${budget} leaves no query for the search after ${extra} extra (shrinkage) queries`,
    );
  }
  const n = uniqueCount(problem.space);
  if (BigInt(budget - extra) > n) {
    throw new UsageError(
      `${field} ${budget}${extra > 0 ? ` (${budget - extra} after ${extra} extra)` : ""} exceeds the ${n} distinct architectures of ${problem.space.id}`,
    );
  }
}

/** Runs run `i` of an algorithm on a context (its caches are reused; its counter is reset). */
export function runOne(ctx: SearchContext, spec: AlgorithmSpec, settings: RunSettings, i: number): RunResult {
  ctx.trim();
  const st = new RunState(ctx, settings.budget, settings.untilOptimum ?? false, settings.batch ?? 1);
  const rng = Rng.fromSeed(settings.seed).child("run", i);
  runAlgorithm(spec, st, rng);
  st.finish();
  const p = ctx.problem;
  const c = st.counter;
  return {
    run: i,
    queries: c.queries,
    repeats: c.repeats,
    isomorphs: c.isomorphs,
    steps: st.steps,
    immigrants: st.immigrants,
    failed: st.failed,
    stop: st.stopped ?? "budget",
    queriesToOptimum: st.hitAt >= 0 ? st.hitAt : null,
    finalSearch: st.best,
    finalReport: st.bestReport,
    regret: p.reportOptimum !== undefined ? p.reportOptimum - st.bestReport : null,
    bestArch: st.bestNode >= 0 ? p.space.format(ctx.arch(st.bestNode)) : "",
    simulatedSeconds: p.seconds ? c.simulatedSeconds : null,
    trace: st.trace,
  };
}

/** Runs `runs` (indices) one after another in this thread. */
export function runSequential(
  problem: Problem,
  spec: AlgorithmSpec,
  settings: RunSettings,
  runs: ArrayLike<number>,
  ctx: SearchContext = new SearchContext(problem),
): RunResult[] {
  checkAlgorithmForSpace(spec, problem.space);
  checkBudget(problem, settings.budget);
  const out: RunResult[] = [];
  for (let k = 0; k < runs.length; k++) out.push(runOne(ctx, spec, settings, runs[k]));
  return out;
}

/** 0, 1, …, n − 1. */
export function range(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}
