import { LissnasError } from "../core/errors.js";
import { restrictRows } from "./constraints.js";
import { parseMetricSpec } from "./objectives.js";
import type { BenchmarkTable } from "./table.js";

/**
 * Missing metric values (issue #18): empty and `nan` cells, and ±∞ cells read under `--allow-nonfinite`,
 * are NaN in a table. Every command leaves the rows without a value in its metric column(s) out and says
 * how many it left out: the table is restricted to the rows that have a value, which then behaves like a
 * partial table (#11: the searched space is the table's rows; samples, walks and neighbours stay in it),
 * so no statistic ever sees a NaN and none pretends to cover rows it could not read.
 */
export interface MissingValues {
  /** The metric columns (without a `:min`/`:max` suffix) the rows were checked in. */
  columns: string[];
  /** Rows left out: no value in at least one of `columns`. */
  count: number;
  /** Rows of the table before the restriction. */
  rows: number;
  /** When rows were left out: the original row of each row of the restricted table. */
  kept?: Int32Array;
}

/** Rows of `table` with a value in every one of `metrics` (flags), and how many lack one. */
function presentRows(table: BenchmarkTable, metrics: readonly string[]): { keep: Uint8Array; count: number } {
  const keep = new Uint8Array(table.rows).fill(1);
  for (const c of metrics) {
    const v = table.column(c);
    for (let r = 0; r < v.length; r++) if (Number.isNaN(v[r])) keep[r] = 0;
  }
  let count = 0;
  for (let r = 0; r < keep.length; r++) count += 1 - keep[r];
  return { keep, count };
}

/**
 * The table without the rows that have no value in `metrics` (names as on the command line, `NAME:min`
 * allowed), and the count left out. The table itself (count 0) when every row has a value; a one-line
 * error naming the column when no row has one.
 */
export function withoutMissing(
  table: BenchmarkTable,
  metrics: ReadonlyArray<string | undefined>,
): { table: BenchmarkTable; missing: MissingValues } {
  const named = metrics.filter((m): m is string => m !== undefined);
  const columns = [...new Set(named.map((m) => parseMetricSpec(m).column))];
  const { keep, count } = presentRows(table, named); // as named: an unknown `x:min` is reported as such
  const missing: MissingValues = { columns, count, rows: table.rows };
  if (count === 0) return { table, missing };
  if (count === table.rows) {
    throw new LissnasError(
      `${table.source}: no row has a value in column ${columns.map((c) => `'${c}'`).join(", ")} (all ${count} missing)`,
    );
  }
  missing.kept = new Int32Array(table.rows - count);
  for (let r = 0, k = 0; r < table.rows; r++) if (keep[r]) missing.kept[k++] = r;
  return { table: restrictRows(table, keep, [`${columns.join(", ")} present`]), missing };
}

/** The one text line stating what was left out, or null when nothing was. */
export function missingNote(m: MissingValues | undefined): string | null {
  if (!m || m.count === 0) return null;
  const cols = m.columns.map((c) => `'${c}'`).join(", ");
  return `missing ${m.count} of ${m.rows} rows without a value in ${cols} (left out of every statistic)`;
}

/**
 * The JSON field every report carries: the count of rows left out (0 when none, and without a table: the
 * synthetic landscape and a trainer leave nothing out; a trainer's failed evaluations are counted apart).
 */
export function missingField(m: MissingValues | undefined): { missing: number } {
  return { missing: m ? m.count : 0 };
}
