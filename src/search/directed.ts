import { parseMetricSpec } from "../data/objectives.js";
import type { Problem } from "./problem.js";
import type { RunResult } from "./run.js";

const flip = (v: number | undefined, sign: number) => (v === undefined ? undefined : sign * v);

/**
 * Runs and problem with their values back in the metrics' own units, for reports. Searchers maximise the
 * internal objective sign · value (`NAME:min` is the negated column, src/data/objectives.ts); here search
 * values are multiplied back by the search metric's sign and report values (traces, finals, optima) by
 * the report metric's. Regrets are unchanged: distance to the optimum is positive in both directions.
 * Identity (the same objects) when both metrics are maximised.
 */
export function inMetricUnits(
  problem: Problem,
  results: readonly RunResult[],
): { problem: Problem; results: readonly RunResult[] } {
  const s = parseMetricSpec(problem.searchMetric).sign;
  const r = parseMetricSpec(problem.reportMetric).sign;
  if (s === 1 && r === 1) return { problem, results };
  return {
    problem: {
      ...problem,
      optimum: flip(problem.optimum, s),
      spaceOptimum: flip(problem.spaceOptimum, s),
      reportOptimum: flip(problem.reportOptimum, r),
    },
    results: results.map((x) => ({
      ...x,
      finalSearch: s * x.finalSearch,
      finalReport: r * x.finalReport,
      trace: x.trace.map((v) => r * v),
    })),
  };
}
