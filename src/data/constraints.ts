import { UsageError } from "../core/errors.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import { TableEvaluator } from "./evaluator.js";
import { BenchmarkTable } from "./table.js";

/** A comparison operator of a constraint. */
export type ConstraintOp = "<=" | "<" | ">=" | ">" | "==";

/** One `--constraint` expression: `COLUMN OP NUMBER`. */
export interface Constraint {
  text: string;
  column: string;
  op: ConstraintOp;
  bound: number;
}

/** Names that mean the space's analytic costs (MFLOPs, M parameters) unless the table has such a column. */
export const ANALYTIC_COSTS = ["flops", "params"] as const;

const EXPR =
  /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(<=|>=|==|=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

/** Parses `COLUMN OP NUMBER` (OP one of <= < >= > == =); a one-line UsageError otherwise. */
export function parseConstraint(text: string): Constraint {
  const m = EXPR.exec(text);
  if (!m) {
    throw new UsageError(
      `--constraint '${text}': malformed (expected COLUMN OP NUMBER, OP one of <= < >= > ==, e.g. 'flops<=200')`,
    );
  }
  return {
    text: text.trim(),
    column: m[1],
    op: (m[2] === "=" ? "==" : m[2]) as ConstraintOp,
    bound: Number(m[3]),
  };
}

/** Whether `v` satisfies `op bound` (NaN never does). */
export function satisfies(v: number, op: ConstraintOp, bound: number): boolean {
  switch (op) {
    case "<=":
      return v <= bound;
    case "<":
      return v < bound;
    case ">=":
      return v >= bound;
    case ">":
      return v > bound;
    default:
      return v === bound;
  }
}

/**
 * The feasible region of `--constraint` (AND-combined). `cheap(a)` tests the constraints whose values
 * are free to look up (columns named by `--cheap`, and the analytic costs); `paid(a)` the others, whose
 * values come with the architecture's query and are charged as that one query. `test(a)` is both.
 */
export interface Feasibility {
  constraints: readonly Constraint[];
  /** Names of the columns looked up for free. */
  cheapColumns: readonly string[];
  cheap: (a: Arch) => boolean;
  paid: (a: Arch) => boolean;
  test: (a: Arch) => boolean;
  /** Whether any constraint is paid (read with the query). */
  hasPaid: boolean;
  /** Rows of the table satisfying every constraint (undefined without a table). */
  feasibleRows?: Uint8Array;
  feasibleCount?: number;
}

/** The value source of one column: a table column (by genotype row; NaN when absent) or an analytic cost. */
function columnReader(
  column: string,
  space: SearchSpace,
  table: BenchmarkTable | undefined,
  option: string,
): (a: Arch) => number {
  if (table?.hasColumn(column)) {
    const values = table.column(column);
    return (a) => {
      const row = table.rowOf(a);
      return row < 0 ? Number.NaN : values[row];
    };
  }
  const analytic = (ANALYTIC_COSTS as readonly string[]).includes(column);
  if (analytic && space.cost && space.capabilities.has("cost")) {
    const cost = space.cost.bind(space);
    return column === "flops" ? (a) => cost(a, "cifar10").mflops : (a) => cost(a, "cifar10").mparams;
  }
  const known = [...(table?.metrics ?? []), ...(space.capabilities.has("cost") ? ANALYTIC_COSTS : [])];
  throw new UsageError(`${option}: unknown column '${column}' (known: ${known.join(", ") || "none"})`);
}

/**
 * Builds the feasible region. Constraint values: a table column of that name, else (`flops`, `params`)
 * the space's analytic cost for CIFAR-10 (always cheap). An architecture missing from the table fails a
 * table constraint. With a table, the feasible rows are counted; none feasible is a one-line UsageError.
 */
export function buildFeasibility(
  exprs: readonly string[],
  cheapColumns: readonly string[],
  space: SearchSpace,
  table: BenchmarkTable | undefined,
): Feasibility {
  const constraints = exprs.map(parseConstraint);
  for (const c of cheapColumns) columnReader(c, space, table, `--cheap ${c}`); // unknown names fail here
  const isCheap = (c: Constraint) => isCheapConstraint(c, cheapColumns, table);
  const tests = constraints.map((c) => {
    const v = columnReader(c.column, space, table, `--constraint '${c.text}'`);
    return { cheap: isCheap(c), f: (a: Arch) => satisfies(v(a), c.op, c.bound) };
  });
  const all = (list: typeof tests) => {
    const fs = list.map((t) => t.f);
    return (a: Arch) => fs.every((f) => f(a));
  };
  const cheap = all(tests.filter((t) => t.cheap));
  const paid = all(tests.filter((t) => !t.cheap));
  const test = all(tests);
  const hasPaid = tests.some((t) => !t.cheap);
  const out: Feasibility = { constraints, cheapColumns, cheap, paid, test, hasPaid };
  if (table && constraints.length > 0) {
    const rows = new Uint8Array(table.rows);
    let n = 0;
    for (let r = 0; r < table.rows; r++) {
      if (!test(table.archAt(r))) continue;
      rows[r] = 1;
      n++;
    }
    if (n === 0) {
      throw new UsageError(
        `--constraint ${constraints.map((c) => `'${c.text}'`).join(" AND ")}: feasible count is 0 of ${table.rows} architectures in ${table.source}`,
      );
    }
    out.feasibleRows = rows;
    out.feasibleCount = n;
  }
  return out;
}

/** Largest value of `values` over the feasible rows (all rows when `rows` is undefined; NaN skipped). */
export function feasibleMax(values: Float64Array, rows?: Uint8Array): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if ((!rows || rows[i]) && values[i] > m) m = values[i];
  return m;
}

/**
 * The feasible rows of a table as a table of their own (same columns, rows in the original order): what the
 * commands other than `search` work on under `--constraint` — the feasible original space. A table that
 * lost rows is a partial table, so the shrinkers draw seeds and neighbours only inside it (every constraint
 * is then looked up for free; `search` is where paid constraints are counted).
 */
export function feasibleTable(table: BenchmarkTable, feasibility: Feasibility): BenchmarkTable {
  const rows = feasibility.feasibleRows;
  if (!rows || feasibility.feasibleCount === table.rows) return table;
  return restrictRows(
    table,
    rows,
    feasibility.constraints.map((c) => c.text),
  );
}

/**
 * The rows of a table that satisfy the cheap constraints only (`--cheap` columns and analytic costs, free
 * to look up): the space a shrinker draws samples, seeds and neighbours from when paid constraints are
 * charged (`chargePaid`). The table itself when there is no cheap constraint or every row passes.
 */
export function cheapFeasibleTable(table: BenchmarkTable, feasibility: Feasibility): BenchmarkTable {
  const rows = new Uint8Array(table.rows);
  let n = 0;
  for (let r = 0; r < table.rows; r++) {
    if (!feasibility.cheap(table.archAt(r))) continue;
    rows[r] = 1;
    n++;
  }
  if (n === table.rows) return table;
  if (n === 0) {
    throw new UsageError(
      `--constraint ${feasibility.constraints.map((c) => `'${c.text}'`).join(" AND ")}: feasible count is 0 of ${table.rows} architectures in ${table.source}`,
    );
  }
  const cheapTexts = feasibility.constraints
    .filter((c) => isCheapConstraint(c, feasibility.cheapColumns, table))
    .map((c) => c.text);
  return restrictRows(table, rows, cheapTexts);
}

/** Whether a constraint is looked up for free: its column is `--cheap`, or it is an analytic cost. */
function isCheapConstraint(c: Constraint, cheapColumns: readonly string[], table?: BenchmarkTable): boolean {
  return (
    cheapColumns.includes(c.column) ||
    (!table?.hasColumn(c.column) && (ANALYTIC_COSTS as readonly string[]).includes(c.column))
  );
}

/**
 * The one objective wrapper for paid constraints (issue #15), used by every command that queries: the
 * value of an architecture failing a paid constraint is `infeasible` — read with its query and charged as
 * that one query (the QueryCounter counts it like any other). Searches use −∞ (never an incumbent);
 * shrinkers use NaN (a spent query without a training target, never a seed, dropped from the space). An
 * architecture's paid constraint values are read only here, when it is queried.
 */
export function chargePaid<F extends (a: Arch) => number>(
  objective: F,
  feasibility: Feasibility | undefined,
  infeasible: number,
): F {
  if (!feasibility?.hasPaid) return objective;
  const paid = feasibility.paid;
  return ((a: Arch) => (paid(a) ? objective(a) : infeasible)) as F;
}

/**
 * What a shrinker queries under constraints with paid columns (shrink, and the rivals through it): the
 * cheap-feasible table (samples, seeds and neighbours are drawn there, for free), the charged objective
 * (`chargePaid` with NaN: a paid-infeasible architecture costs its query, is no training target, never a
 * seed) and the plain objective over the same table (reporting only: the true values of the log).
 */
export function chargedTable(
  table: BenchmarkTable,
  feasibility: Feasibility,
  metric: string,
): { table: BenchmarkTable; objective: (a: Arch) => number; truth: (a: Arch) => number } {
  const cheapTable = cheapFeasibleTable(table, feasibility);
  const truth = new TableEvaluator(cheapTable, metric).objective(metric);
  return { table: cheapTable, objective: chargePaid(truth, feasibility, Number.NaN), truth };
}

/** The table's rows flagged in `rows`, its source labelled `[texts AND …]`; keeps the official index. */
export function restrictRows(
  table: BenchmarkTable,
  rows: Uint8Array,
  texts: readonly string[],
): BenchmarkTable {
  const keep: number[] = [];
  for (let r = 0; r < table.rows; r++) if (rows[r]) keep.push(r);
  const text = texts.join(" AND ");
  const out = new BenchmarkTable(
    table.space,
    `${table.source} [${text}]`,
    keep.map((r) => table.archAt(r)),
  );
  for (const c of table.metrics) {
    const v = table.column(c);
    out.setNumeric(
      c,
      Float64Array.from(keep, (r) => v[r]),
    );
  }
  for (const c of table.textColumns) {
    const v = table.textColumn(c);
    out.setText(
      c,
      keep.map((r) => v[r]),
    );
  }
  out.indexColumns = [...table.indexColumns];
  if (out.indexColumns.length === 0 && !out.hasColumn("index")) {
    // keep the official index (the original row, e.g. NB201's) for reports
    out.setNumeric("index", Float64Array.from(keep));
    out.indexColumns = ["index"];
  }
  return out;
}
