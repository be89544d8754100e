import { DataError, UsageError } from "../core/errors.js";
import { buildFeasibility, chargePaid, feasibleMax } from "../data/constraints.js";
import type { Evaluator, Objective } from "../data/evaluator.js";
import { TableEvaluator } from "../data/evaluator.js";
import { loadTables } from "../data/join.js";
import { type MissingValues, withoutMissing } from "../data/missing.js";
import { sampleNote, tablePool } from "../data/partial.js";
import { SyntheticLandscape } from "../data/synthetic.js";
import type { BenchmarkTable } from "../data/table.js";
import { loadSpaceFile, readSpaceFileHeader } from "../shrink/file.js";
import { getSpace } from "../spaces/registry.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import type { Problem } from "./problem.js";

/** Spaces up to this size are enumerated to find the optimum of the synthetic landscape. */
const OPTIMUM_ENUMERATION_LIMIT = 2_000_000;

/** Whether the optimum of `space`'s synthetic landscape is known (found by enumerating the space). */
export function enumerableOptimum(space: SearchSpace): boolean {
  return (
    space.enumerate !== undefined &&
    space.capabilities.has("enumerate") &&
    space.size() <= BigInt(OPTIMUM_ENUMERATION_LIMIT)
  );
}

/**
 * A serialisable description of a search problem, from which any thread rebuilds the same `Problem`
 * (worker threads receive this, never closures).
 */
export interface ProblemSource {
  /** Base space spec, as `--space` takes it ("nb201", "categorical:8x3"…). */
  space: string;
  /** Benchmark table, or several joined (`PREFIX=FILE` allowed, src/data/join.ts); absent: synthetic. */
  data?: string | string[];
  archColumn?: string;
  where?: { column: string; value: string };
  /** The task of a multi-task file (NASLib's zero-cost JSON). */
  task?: string;
  /** Read ±∞ metric cells as missing (`--allow-nonfinite`); set only when true. */
  allowNonfinite?: boolean;
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
  /** `--constraint` expressions, AND-combined (src/data/constraints.ts). */
  constraints?: string[];
  /** `--cheap` columns: looked up free (infeasible architectures ruled out before any query). */
  cheap?: string[];
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
  /** "partial table: N of M architectures" when the table does not cover its space (#11); else undefined. */
  partial?: string;
  /** Rows left out for having no value in the metric (#18, src/data/missing.ts); undefined without a table. */
  missing?: MissingValues;
}

const tables = new Map<string, BenchmarkTable>();
const problems = new Map<string, BuiltProblem>();

/** Loads a table once per thread (tables are read-only). */
function cachedTable(source: ProblemSource, space: SearchSpace): BenchmarkTable {
  const k = JSON.stringify([
    source.data,
    source.space,
    source.archColumn ?? null,
    source.where ?? null,
    source.task ?? null,
    source.allowNonfinite ?? false,
  ]);
  let t = tables.get(k);
  if (!t) {
    t = loadTables(source.data!, space, {
      archColumn: source.archColumn,
      where: source.where,
      task: source.task,
      allowNonfinite: source.allowNonfinite,
    });
    tables.set(k, t);
  }
  return t;
}

/** Builds (once per thread, cached by the source's JSON) the problem a source describes. */
export function buildProblem(source: ProblemSource): BuiltProblem {
  const cacheKey = JSON.stringify(source);
  const hit = problems.get(cacheKey);
  if (hit) return hit;
  const base = getSpace(source.space);
  let evaluator: Evaluator;
  let table: BenchmarkTable | undefined;
  let missing: MissingValues | undefined;
  if (source.data) {
    // #18: rows without a value in the searched or reported metric are left out (counted in `missing`)
    const raw = cachedTable(source, base);
    const searched = source.metric ?? new TableEvaluator(raw).defaultMetric;
    ({ table, missing } = withoutMissing(raw, [searched, source.reportMetric]));
    evaluator = new TableEvaluator(table, source.metric);
  } else {
    evaluator = new SyntheticLandscape(base, source.landscape ?? {});
  }
  const metric = source.metric ?? evaluator.defaultMetric;
  const reportMetric = source.reportMetric ?? metric;
  const feasibility =
    source.constraints && source.constraints.length > 0
      ? buildFeasibility(source.constraints, source.cheap ?? [], base, table)
      : undefined;
  // Paid constraints are read with the query: an infeasible architecture costs its query and is worth −∞.
  const objective: Objective = chargePaid(evaluator.objective(metric), feasibility, Number.NEGATIVE_INFINITY);
  const report = reportMetric === metric ? objective : evaluator.objective(reportMetric);
  const seconds = source.secondsColumn ? evaluator.objective(source.secondsColumn) : undefined;

  let optimum: number | undefined;
  let reportOptimum: number | undefined;
  if (table) {
    optimum = feasibleMax(table.column(metric), feasibility?.feasibleRows);
    reportOptimum = feasibleMax(table.column(reportMetric), feasibility?.feasibleRows);
  } else if (enumerableOptimum(base)) {
    optimum = Number.NEGATIVE_INFINITY;
    for (const a of base.enumerate!()) {
      if (!feasibility || feasibility.test(a)) optimum = Math.max(optimum, objective(a));
    }
    reportOptimum = optimum;
  }

  // #11: a partial table (a sample of its space) is searched in its pool: samples from the table, neighbours
  // filtered to it (NASLib's convention for sampled data); a members file is searched as it is.
  const pool = table && !source.members ? tablePool(table) : undefined;
  let space: SearchSpace = pool ?? base;
  let extra = source.extraQueries ?? 0;
  let membersMeta: Record<string, unknown> | undefined;
  let spaceOptimum = optimum;
  let known: Problem["known"];
  if (source.members) {
    const shrunk = loadSpaceFile(source.members, base);
    space = shrunk;
    membersMeta = readSpaceFileHeader(source.members).meta;
    if (source.extraQueries === undefined) extra = metaQueries(membersMeta);
    known = metaQueried(source.members, base, membersMeta, objective);
    spaceOptimum = undefined;
    if (
      shrunk.enumerate &&
      shrunk.capabilities.has("enumerate") &&
      shrunk.size() <= BigInt(OPTIMUM_ENUMERATION_LIMIT)
    ) {
      let best = Number.NEGATIVE_INFINITY;
      for (const a of shrunk.enumerate()) {
        try {
          if (feasibility && !feasibility.test(a)) continue;
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
      exclude: feasibility ? (a) => !feasibility.cheap(a) : undefined,
      known,
    },
    evaluator,
    table,
    base,
    membersMeta,
    partial: table ? (sampleNote(table) ?? undefined) : undefined,
    missing,
  };
  problems.set(cacheKey, built);
  return built;
}

/** The `meta.queries` of a members file (queries spent by the shrinkage), or 0. */
function metaQueries(meta: Record<string, unknown> | undefined): number {
  const q = meta?.queries;
  return typeof q === "number" && Number.isInteger(q) && q >= 0 ? q : 0;
}

/**
 * The shrinkage's queried architectures of a members file (`meta.queried`: [architecture string, value]
 * pairs, issue #14), served free to the search. The values are the search objective's own (recomputed,
 * they are the same table values); a value written for another metric is therefore never trusted. Bad
 * entries fail with one line naming the file and the field.
 */
function metaQueried(
  file: string,
  base: SearchSpace,
  meta: Record<string, unknown> | undefined,
  objective: (a: Arch) => number,
): Problem["known"] {
  const q = meta?.queried;
  if (q === undefined) return undefined;
  if (!Array.isArray(q))
    throw new DataError(file, "meta.queried must be a list of [architecture, value]", 1, "meta.queried");
  const archs: Arch[] = [];
  for (let i = 0; i < q.length; i++) {
    const e = q[i];
    if (!Array.isArray(e) || typeof e[0] !== "string") {
      throw new DataError(file, `meta.queried[${i}] is not [architecture, value]`, 1, "meta.queried");
    }
    try {
      archs.push(base.parse(e[0]));
    } catch (err) {
      throw new DataError(file, `meta.queried[${i}]: ${(err as Error).message}`, 1, "meta.queried");
    }
  }
  return { archs, values: Float64Array.from(archs, objective) };
}

/** Number of distinct canonical architectures of a space (unique classes when known, else genotypes). */
export function uniqueCount(space: SearchSpace): bigint {
  return space.uniqueSize ? space.uniqueSize() : space.size();
}
