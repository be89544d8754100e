import { isMainThread } from "node:worker_threads";
import { UsageError } from "../core/errors.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import { type LoadOptions, loadTable } from "./loaders.js";
import { BenchmarkTable } from "./table.js";

/** One `--data` value: `FILE`, or `PREFIX=FILE` whose numeric columns become `PREFIX.column`. */
export interface DataSpec {
  file: string;
  prefix?: string;
}

const PREFIX = /^([A-Za-z_][A-Za-z0-9_-]*)=(.+)$/;

/** Parses `FILE` or `PREFIX=FILE` (a prefix is an identifier; anything else is a path). */
export function parseDataSpec(spec: string): DataSpec {
  const m = PREFIX.exec(spec);
  return m ? { prefix: m[1], file: m[2] } : { file: spec };
}

/** Writes a one-line warning to stderr (the default for `joinTables`). */
export function warnStderr(message: string): void {
  if (!isMainThread) return; // worker threads rebuild the same table: warn once
  process.stderr.write(`lissnas: warning: ${message}\n`);
}

/**
 * Loads every `--data` table and joins them (one spec without prefix: the table as loaded).
 * See `joinTables`.
 */
export function loadTables(
  data: string | readonly string[],
  space: SearchSpace,
  options: LoadOptions = {},
  warn: (message: string) => void = warnStderr,
): BenchmarkTable {
  const specs = (typeof data === "string" ? [data] : data).map(parseDataSpec);
  if (specs.length === 0) throw new UsageError("--data: no table given");
  const tables = specs.map((s) => ({ table: loadTable(s.file, space, options), prefix: s.prefix }));
  if (tables.length === 1 && tables[0].prefix === undefined) return tables[0].table;
  return joinTables(tables, warn);
}

/** Row of `a` in `t`: by raw genotype, else the first row of the same canonical class (−1: none). */
function matcher(t: BenchmarkTable): (a: Arch) => number {
  const byKey = new Map<number, number>();
  for (let r = t.rows - 1; r >= 0; r--) byKey.set(t.space.key(t.archAt(r)), r);
  return (a) => {
    const row = t.rowOf(a);
    return row >= 0 ? row : (byKey.get(t.space.key(a)) ?? -1);
  };
}

/**
 * Joins benchmark tables of one space on the architecture: the first table's rows, in its order (for
 * NB201 the official index), each matched in every other table by raw genotype, or, when that table
 * lacks the genotype, by canonical class (the first row of an isomorphic architecture — tables listing
 * one representative per class). Rows missing from any table are dropped: the join is the intersection,
 * announced by one warning line giving the counts.
 *
 * Columns: a table's numeric columns are copied as `prefix.name` when it has a prefix, else as `name`; a
 * name already taken is a one-line UsageError (give one table a prefix). Index columns (the NB201 index)
 * of later tables are dropped, the first table's is kept; later text columns that clash are dropped.
 */
export function joinTables(
  tables: ReadonlyArray<{ table: BenchmarkTable; prefix?: string }>,
  warn: (message: string) => void = warnStderr,
): BenchmarkTable {
  const base = tables[0].table;
  const space = base.space;
  let rows = Int32Array.from({ length: base.rows }, (_, r) => r);
  const matched: Int32Array[] = [rows.slice()];
  for (let t = 1; t < tables.length; t++) {
    const other = tables[t].table;
    if (other.space.id !== space.id) {
      throw new UsageError(`--data: ${other.source} is read in space ${other.space.id}, not ${space.id}`);
    }
    const find = matcher(other);
    const rowsIn = new Int32Array(base.rows).fill(-1);
    for (const r of rows) rowsIn[r] = find(base.archAt(r));
    matched.push(rowsIn);
    rows = rows.filter((r) => rowsIn[r] >= 0);
  }
  const tally = tables.map((t) => `${t.table.source} has ${t.table.rows}`).join(", ");
  if (rows.length === 0) throw new UsageError(`--data: the tables share no architecture (${tally})`);
  if (tables.some((t) => t.table.rows !== rows.length)) {
    warn(`tables disagree on the architecture set (${tally}); joined on the ${rows.length} in all`);
  }
  const archs = Array.from(rows, (r) => base.archAt(r));
  const joined = new BenchmarkTable(space, tables.map((t) => t.table.source).join(" + "), archs);
  const taken = new Set<string>();
  tables.forEach(({ table, prefix }, t) => {
    const at = (i: number) => matched[t][rows[i]];
    const name = (c: string) => (prefix ? `${prefix}.${c}` : c);
    for (const c of table.metrics) {
      if (t > 0 && table.indexColumns.includes(c)) continue;
      if (taken.has(name(c))) {
        throw new UsageError(
          `--data: column '${name(c)}' is in two tables (${table.source} and an earlier one); prefix one: --data NAME=FILE`,
        );
      }
      taken.add(name(c));
      const src = table.column(c);
      joined.setNumeric(
        name(c),
        Float64Array.from(rows, (_, i) => src[at(i)]),
      );
    }
    for (const c of table.textColumns) {
      if (taken.has(name(c))) continue;
      taken.add(name(c));
      const src = table.textColumn(c);
      joined.setText(
        name(c),
        Array.from(rows, (_, i) => src[at(i)]),
      );
    }
  });
  joined.indexColumns = base.indexColumns.map((c) => (tables[0].prefix ? `${tables[0].prefix}.${c}` : c));
  return joined;
}
