import type { Command } from "commander";
import { UsageError } from "../core/errors.js";
import { maxOf } from "../core/extent.js";
import { Rng } from "../core/rng.js";
import { buildFeasibility, type Feasibility, feasibleTable } from "../data/constraints.js";
import type { Evaluator } from "../data/evaluator.js";
import { TableEvaluator } from "../data/evaluator.js";
import { loadTables } from "../data/join.js";
import { type MissingValues, missingNote, withoutMissing } from "../data/missing.js";
import { SyntheticLandscape } from "../data/synthetic.js";
import type { BenchmarkTable } from "../data/table.js";
import { getSpace, spaceNames } from "../spaces/registry.js";
import type { SearchSpace } from "../spaces/space.js";
import { writeFileAtomic } from "../store/atomic.js";
import { note } from "./progress.js";

/** Options shared by every command that reads a space and an evaluator. */
export interface DataOptions {
  space: string;
  /** One table, or several (repeated --data, optionally PREFIX=FILE) joined on the architecture. */
  data?: string | string[];
  metric?: string;
  archColumn?: string;
  where?: string;
  task?: string;
  /** Read ±∞ metric cells as missing (NaN) instead of refusing the table. */
  allowNonfinite?: boolean;
  landscapeK?: number;
  landscapeSeed: number;
  landscapeNoise: number;
  seed: number;
  json?: boolean;
}

/** An integer option parser that fails with a one-line error naming the option. */
export function intOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const v = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || v < min || v > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
      throw new UsageError(`--${name} must be an integer ${range}, got '${value}'`);
    }
    return v;
  };
}

/** A real-number option parser that fails with a one-line error naming the option. */
export function numberOption(name: string, min: number, max = Number.POSITIVE_INFINITY) {
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
      throw new UsageError(`--${name} must be a number in [${min}, ${max}], got '${value}'`);
    }
    return v;
  };
}

/** Adds --seed. Every random choice of the command flows from it. */
export function withSeed(cmd: Command): Command {
  return cmd.option(
    "--seed <n>",
    "random seed (same seed, same bytes)",
    intOption("seed", 0, 2 ** 32 - 1),
    0,
  );
}

/** Adds --space, --data, --metric and the synthetic-landscape knobs, plus --seed and --json. */
export function withData(cmd: Command): Command {
  return withSeed(
    withConstraints(cmd)
      .option("--space <spec>", `search space (${spaceNames().join(", ")}; categorical:NxC)`, "nb201")
      .option(
        "--data <file>",
        "benchmark table (CSV or JSON; repeat to join tables, PREFIX=FILE names columns PREFIX.col); omitted: the built-in synthetic landscape",
        (v: string, prev?: string | string[]) => (prev === undefined ? v : [...[prev].flat(), v]),
      )
      .option("--metric <column>", "metric column to optimise/report (default: the table's first numeric)")
      .option("--arch-column <name>", "column holding the architecture string")
      .option("--where <column=value>", "keep only rows where column equals value")
      .option("--task <name>", "the task (dataset) of a file holding several (NASLib's zero-cost JSON)")
      .option(
        "--allow-nonfinite",
        "read inf/-inf/infinity metric cells as missing (default: an error naming the file, line and column)",
      )
      .option(
        "--landscape-k <k>",
        "synthetic landscape: interactions per position (ruggedness)",
        intOption("landscape-k", 0),
      )
      .option("--landscape-seed <n>", "synthetic landscape: its own seed", intOption("landscape-seed", 0), 0)
      .option(
        "--landscape-noise <sd>",
        "synthetic landscape: noise sd",
        numberOption("landscape-noise", 0),
        0,
      ),
  )
    .option("--json", "print machine-readable JSON")
    .option("--quiet", "no progress and no notes on stderr (errors still print)");
}

/** Options of commands that accept constraints (issue #15). */
export interface ConstraintOptions {
  constraint?: string[];
  cheap?: string[];
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds --constraint (repeatable, AND-combined) and --cheap (repeatable). See src/data/constraints.ts. */
export function withConstraints(cmd: Command): Command {
  return cmd
    .option(
      "--constraint <expr>",
      "keep only architectures with COLUMN OP NUMBER (<= < >= > ==; a table column, or flops/params: the space's analytic costs); repeatable, AND",
      collect,
    )
    .option(
      "--cheap <column>",
      "a constraint column looked up for free (latency table, analytic cost); repeatable",
      collect,
    );
}

export interface Loaded {
  space: SearchSpace;
  evaluator: Evaluator;
  table: BenchmarkTable | undefined;
  metric: string;
  rng: Rng;
  /**
   * With --constraint: the feasible region and the joined table before its restriction to the feasible rows
   * (`table`), for commands that charge paid constraints (shrink: src/data/constraints.ts `chargePaid`).
   */
  constrained?: { feasibility: Feasibility; table: BenchmarkTable };
  /** Rows left out for having no value in the metric (src/data/missing.ts); undefined without a table. */
  missing?: MissingValues;
}

/** Builds the space, the evaluator (table or synthetic) and the root Rng from parsed options. */
export function load(opts: DataOptions): Loaded {
  const space = getSpace(opts.space);
  let evaluator: Evaluator;
  let table: BenchmarkTable | undefined;
  let constrained: Loaded["constrained"];
  let missing: MissingValues | undefined;
  if (opts.data) {
    let where: { column: string; value: string } | undefined;
    if (opts.where) {
      const i = opts.where.indexOf("=");
      if (i <= 0) throw new UsageError(`--where must read column=value, got '${opts.where}'`);
      where = { column: opts.where.slice(0, i), value: opts.where.slice(i + 1) };
    }
    table = loadTables(opts.data, space, {
      archColumn: opts.archColumn,
      where,
      task: opts.task,
      allowNonfinite: opts.allowNonfinite,
    });
    // issue #18: rows without a value in the metric are left out (counted, noted once on stderr)
    ({ table, missing } = withoutMissing(table, [opts.metric ?? new TableEvaluator(table).defaultMetric]));
    const line = missingNote(missing);
    if (line) note(`lissnas: note: ${line}`);
    // issue #15: --constraint restricts the table to its feasible rows (the feasible original space)
    const { constraint, cheap } = opts as DataOptions & ConstraintOptions;
    if (constraint && constraint.length > 0) {
      const feasibility = buildFeasibility(constraint, cheap ?? [], space, table);
      constrained = { feasibility, table };
      table = feasibleTable(table, feasibility);
    }
    evaluator = new TableEvaluator(table, opts.metric);
  } else {
    if ((opts as ConstraintOptions).constraint?.length) {
      throw new UsageError(
        "--constraint needs a benchmark table (--data) here; `search` also takes it without one",
      );
    }
    evaluator = new SyntheticLandscape(space, {
      k: opts.landscapeK,
      seed: opts.landscapeSeed,
      noise: opts.landscapeNoise,
    });
    if (opts.metric && opts.metric !== "accuracy") evaluator.objective(opts.metric);
  }
  return {
    space,
    evaluator,
    table,
    metric: opts.metric ?? evaluator.defaultMetric,
    rng: Rng.fromSeed(opts.seed),
    ...(constrained ? { constrained } : {}),
    ...(missing ? { missing } : {}),
  };
}

/** Prints a result: JSON (2-space, stable key order) with --json, else the text rendering. */
export function emit(result: unknown, json: boolean | undefined, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${text()}\n`);
}

/** Writes an output file atomically. */
export function writeOut(file: string, content: string | Uint8Array | Iterable<string | Uint8Array>): void {
  writeFileAtomic(file, content);
}

/** Formats rows as an aligned plain-text table. */
export function textTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)))];
  const widths = header.map((_, j) => maxOf(cells.map((r) => String(r[j]).length)));
  return cells
    .map((r) =>
      r
        .map((c, j) => String(c).padEnd(widths[j]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * A mean with its 95 % interval for text output: `m [lo, hi]`, or `m [n/a]` when the interval is unknown
 * (fewer than two values: never "NaN"); `n/a` when there is no mean at all.
 */
export function fmtCi(m: { mean: number; lo: number; hi: number } | null | undefined): string {
  if (!m || Number.isNaN(m.mean)) return "n/a";
  return Number.isFinite(m.lo) && Number.isFinite(m.hi)
    ? `${fmt(m.mean)} [${fmt(m.lo)}, ${fmt(m.hi)}]`
    : `${fmt(m.mean)} [n/a]`;
}

/** A number for text output: integers as they are, others with 4 significant decimals. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(1) : x.toPrecision(6).replace(/0+$/, "").replace(/\.$/, "");
}
