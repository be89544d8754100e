import { UsageError } from "../core/errors.js";
import type { Evaluator } from "../data/evaluator.js";
import { TableEvaluator } from "../data/evaluator.js";
import { loadTable } from "../data/loaders.js";
import { SyntheticLandscape } from "../data/synthetic.js";
import type { BenchmarkTable } from "../data/table.js";
import { loadSpaceFile, readSpaceFileHeader } from "../shrink/file.js";
import { getSpace } from "../spaces/registry.js";
import type { SearchSpace } from "../spaces/space.js";
import type { Problem } from "./problem.js";

/** Spaces up to this size are enumerated to find the optimum of the synthetic landscape. */
const OPTIMUM_ENUMERATION_LIMIT = 2_000_000;

/**
 * A serialisable description of a search problem, from which any thread rebuilds the same `Problem`
 * (worker threads receive this, never closures).
 */
export interface ProblemSource {
  /** Base space spec, as `--space` takes it ("nb201", "categorical:8x3"…). */
  space: string;
  /** Benchmark table; absent: the synthetic NK landscape. */
  data?: string;
  archColumn?: string;
  where?: { column: string; value: string };
  /** Column searched (maximised); default: the table's first metric. */
  metric?: string;
  /** Column reported (trace, regret); default: the searched one. */
  reportMetric?: string;
  /** Column of simulated training seconds per architecture. */
  secondsColumn?: string;
  landscape?: { k?: number; seed?: number; noise?: number };
  /**
   * Target architectures (strings of the space): "reached" then means "queried one of them" rather than
   * "found the best value" (e.g. one of two tied optima).
   */
  targets?: string[];
  /** A shrunk space file (src/shrink/file.ts format) searched instead of the full space. */
  members?: string;
  /**
   * Queries charged before the search (the shrinkage's). Default: the members file's `meta.queries` when it
   * has one, else 0.
   */
  extraQueries?: number;
}

/** What `buildProblem` returns besides the problem: the evaluator and the full (reference) space. */
export interface BuiltProblem {
  problem: Problem;
  evaluator: Evaluator;
  table: BenchmarkTable | undefined;
  base: SearchSpace;
  /** The members file's `meta`, when there is one. */
  membersMeta?: Record<string, unknown>;
}

const tables = new Map<string, BenchmarkTable>();
const problems = new Map<string, BuiltProblem>();

/** Loads a table once per thread (tables are read-only). */
function cachedTable(source: ProblemSource, space: SearchSpace): BenchmarkTable {
  const k = JSON.stringify([source.data, source.space, source.archColumn ?? null, source.where ?? null]);
  let t = tables.get(k);
  if (!t) {
    t = loadTable(source.data!, space, { archColumn: source.archColumn, where: source.where });
    tables.set(k, t);
  }
  return t;
}

function columnMax(values: Float64Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

/** Builds (once per thread, cached by the source's JSON) the problem a source describes. */
export function buildProblem(source: ProblemSource): BuiltProblem {
  const cacheKey = JSON.stringify(source);
  const hit = problems.get(cacheKey);
  if (hit) return hit;
  const base = getSpace(source.space);
  let evaluator: Evaluator;
  let table: BenchmarkTable | undefined;
  if (source.data) {
    table = cachedTable(source, base);
    evaluator = new TableEvaluator(table, source.metric);
  } else {
    evaluator = new SyntheticLandscape(base, source.landscape ?? {});
  }
  const metric = source.metric ?? evaluator.defaultMetric;
  const reportMetric = source.reportMetric ?? metric;
  const objective = evaluator.objective(metric);
  const report = reportMetric === metric ? objective : evaluator.objective(reportMetric);
  const seconds = source.secondsColumn ? evaluator.objective(source.secondsColumn) : undefined;

  let optimum: number | undefined;
  let reportOptimum: number | undefined;
  if (table) {
    optimum = columnMax(table.column(metric));
    reportOptimum = columnMax(table.column(reportMetric));
  } else if (
    base.enumerate &&
    base.capabilities.has("enumerate") &&
    base.size() <= BigInt(OPTIMUM_ENUMERATION_LIMIT)
  ) {
    optimum = Number.NEGATIVE_INFINITY;
    for (const a of base.enumerate()) optimum = Math.max(optimum, objective(a));
    reportOptimum = optimum;
  }

  let space: SearchSpace = base;
  let extra = source.extraQueries ?? 0;
  let membersMeta: Record<string, unknown> | undefined;
  let spaceOptimum = optimum;
  if (source.members) {
    const shrunk = loadSpaceFile(source.members, base);
    space = shrunk;
    membersMeta = readSpaceFileHeader(source.members).meta;
    if (source.extraQueries === undefined) extra = metaQueries(membersMeta);
    spaceOptimum = undefined;
    if (
      shrunk.enumerate &&
      shrunk.capabilities.has("enumerate") &&
      shrunk.size() <= BigInt(OPTIMUM_ENUMERATION_LIMIT)
    ) {
      let best = Number.NEGATIVE_INFINITY;
      for (const a of shrunk.enumerate()) {
        try {
          best = Math.max(best, objective(a));
        } catch {
          // a member missing from the table cannot be the optimum of the searched space
        }
      }
      spaceOptimum = best;
    }
  }
  if (!Number.isInteger(extra) || extra < 0) {
    throw new UsageError(`extraQueries must be a non-negative integer, got ${extra}`);
  }
  let targets: Set<number> | undefined;
  if (source.targets && source.targets.length > 0) {
    targets = new Set(source.targets.map((t) => base.key(base.parse(t))));
  }
  const built: BuiltProblem = {
    problem: {
      space,
      objective,
      report,
      seconds,
      searchMetric: metric,
      reportMetric,
      optimum,
      targets,
      reportOptimum,
      spaceOptimum,
      extraQueries: extra,
    },
    evaluator,
    table,
    base,
    membersMeta,
  };
  problems.set(cacheKey, built);
  return built;
}

/** The `meta.queries` of a members file (queries spent by the shrinkage), or 0. */
function metaQueries(meta: Record<string, unknown> | undefined): number {
  const q = meta?.queries;
  return typeof q === "number" && Number.isInteger(q) && q >= 0 ? q : 0;
}

/** Number of distinct canonical architectures of a space (unique classes when known, else genotypes). */
export function uniqueCount(space: SearchSpace): bigint {
  return space.uniqueSize ? space.uniqueSize() : space.size();
}
