import type { AlgorithmSpec } from "./algorithms.js";
import { SearchContext } from "./problem.js";
import { type RunResult, type RunSettings, runSequential } from "./run.js";
import { buildProblem, type ProblemSource } from "./source.js";

/** One unit of parallel work: some runs of one algorithm on one problem. */
export interface SearchTask {
  source: ProblemSource;
  spec: AlgorithmSpec;
  settings: RunSettings;
  runs: number[];
}

const contexts = new Map<string, SearchContext>();

/** Worker entry (piscina): rebuilds the problem from its source (cached per thread) and runs the runs. */
export default function runTask(task: SearchTask): RunResult[] {
  const built = buildProblem(task.source);
  const key = JSON.stringify(task.source);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = new SearchContext(built.problem);
    contexts.set(key, ctx);
  }
  return runSequential(built.problem, task.spec, task.settings, task.runs, ctx);
}
