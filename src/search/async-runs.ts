import { buildFeasibility } from "../data/constraints.js";
import type { EvaluationEngine } from "../data/engine.js";
import { loadSpaceFile, readSpaceFileHeader } from "../shrink/file.js";
import { getSpace } from "../spaces/registry.js";
import type { SearchSpace } from "../spaces/space.js";
import { type AlgorithmSpec, checkAlgorithmForSpace } from "./algorithms.js";
import { type Problem, SearchContext } from "./problem.js";
import { checkBudget, type RunResult, type RunSettings, runOne } from "./run.js";

/**
 * Runs `runs` seeded runs of an algorithm against an asynchronous evaluator through the evaluation engine
 * (src/data/engine.ts): every run is an independent deterministic replay (`engine.run`), all runs go
 * concurrently sharing the evaluator (its concurrency bounds the evaluations in flight), and results come
 * back in run order. `problem.objective` must be the engine's objective. No worker threads: the runs are
 * cheap next to the evaluations they wait for. With `settings.batch` = 1 (and any evaluator) every run
 * equals the synchronous run on the same values.
 */
export async function runManyAsync(
  problem: Problem,
  spec: AlgorithmSpec,
  settings: RunSettings,
  runs: number,
  engine: EvaluationEngine,
): Promise<RunResult[]> {
  checkAlgorithmForSpace(spec, problem.space);
  checkBudget(problem, settings.budget);
  // One context: a replay is synchronous from its start to its end (or to its NeedEvaluation), so runs
  // interleave only between replays and the shared counter is reset by each replay's RunState.
  const ctx = new SearchContext(problem);
  const all: Promise<RunResult>[] = [];
  for (let i = 0; i < runs; i++) all.push(engine.run(() => runOne(ctx, spec, settings, i)));
  return Promise.all(all);
}

/** A search problem over an engine's evaluations: what `buildProblem` gives for tables. */
export interface EngineProblemOptions {
  /** Base space spec (`--space`). */
  space: string;
  /** `--metric` (`NAME[:min|:max]`, a key of the evaluator's metrics). */
  metric: string;
  reportMetric?: string;
  /** A shrunk space file searched instead of the full space. */
  members?: string;
  /** Queries charged before the search; default: the members file's `meta.queries`, else 0. */
  extraQueries?: number;
  /**
   * `--constraint` expressions: without a table only the space's analytic costs (flops, params), looked up
   * for free on the canonical representative the trainer would train, so an infeasible network is never
   * sent to it (another column: a one-line error).
   */
  constraints?: string[];
  cheap?: string[];
  /** `--target` architectures: "reached" (and `--until-optimum`'s stop) when one of them is queried. */
  targets?: string[];
}

/**
 * The problem of a search over an asynchronous evaluator: the engine's objective(s); no optimum (nothing
 * enumerates a trained space), so regrets are not reported and "reached" counts only `targets`. Analytic-cost
 * constraints exclude architectures before they are queried, as `buildProblem` does for cheap columns.
 */
export function engineProblem(engine: EvaluationEngine, o: EngineProblemOptions): Problem {
  const base = getSpace(o.space);
  let space: SearchSpace = base;
  let extra = o.extraQueries ?? 0;
  if (o.members) {
    space = loadSpaceFile(o.members, base);
    if (o.extraQueries === undefined) {
      const q = readSpaceFileHeader(o.members).meta?.queries;
      extra = typeof q === "number" && Number.isInteger(q) && q >= 0 ? q : 0;
    }
  }
  const objective = engine.objective(o.metric);
  const reportMetric = o.reportMetric ?? o.metric;
  const feasibility =
    (o.constraints?.length ?? 0) > 0
      ? buildFeasibility(o.constraints ?? [], o.cheap ?? [], base, undefined)
      : undefined;
  return {
    space,
    objective,
    report: reportMetric === o.metric ? objective : engine.objective(reportMetric),
    searchMetric: o.metric,
    reportMetric,
    extraQueries: extra,
    // the trainer trains the canonical representative (docs/evaluators.md), so that is what must be feasible
    // (analytic costs need not be equal across a class: NB201 counts the ops of each genotype)
    exclude: feasibility ? (a) => !feasibility.cheap(base.canonical(a)) : undefined,
    targets: o.targets?.length ? new Set(o.targets.map((t) => base.key(base.parse(t)))) : undefined,
  };
}
