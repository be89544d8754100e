import { MemberSet } from "../shrink/member-set.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import type { BenchmarkTable } from "./table.js";

/** How much of its space a table covers. */
export interface TableCoverage {
  /** Rows (architectures) of the table. */
  rows: number;
  /** Distinct canonical classes among them. */
  classes: number;
  /** Architectures (genotypes) of the space, and its distinct classes when known. */
  spaceSize: bigint;
  spaceClasses: bigint;
  /** True when some class of the space has no row: the table is a sample (NASLib's zero-cost files, NB101's). */
  partial: boolean;
  /** "partial table: 724 of 15,625 architectures" (or "complete table: …"). */
  label: string;
}

const pools = new WeakMap<
  BenchmarkTable,
  { coverage: TableCoverage; pool: MemberSet | undefined; rows: () => Map<number, number> }
>();

/** Row of each canonical class (its first row), by key: one key computation per row. */
function classRows(table: BenchmarkTable): Map<number, number> {
  const rows = new Map<number, number>();
  for (let r = 0; r < table.rows; r++) {
    const k = table.space.key(table.archAt(r));
    if (!rows.has(k)) rows.set(k, r);
  }
  return rows;
}

function analyse(table: BenchmarkTable) {
  let hit = pools.get(table);
  if (!hit) {
    const space = table.space;
    const spaceSize = space.size();
    const spaceClasses = space.uniqueSize ? space.uniqueSize() : spaceSize;
    // A table holding every genotype of its space (rows are distinct genotypes: BenchmarkTable refuses
    // repeats) is complete without a key per row; the class map is then built only if a lookup needs it
    // (computing NB201's canonical keys at load cost every command ~12 % of its load, issue #17).
    const full = BigInt(table.rows) === spaceSize;
    let map = full ? undefined : classRows(table);
    const rows = () => {
      map ??= classRows(table);
      return map;
    };
    const classes = map ? map.size : Number(spaceClasses);
    // the pool (a member set of the classes) only for a partial table, where it is searched (a complete
    // table, the common case, paid ~15 ms per command for it before)
    const partial = BigInt(classes) < spaceClasses;
    let pool: MemberSet | undefined;
    if (partial) {
      pool = new MemberSet(space, table.rows);
      for (let r = 0; r < table.rows; r++) pool.add(table.archAt(r));
    }
    // digits grouped by hand: toLocaleString starts ICU (~10 ms of every search's start-up); same text
    const fmt = (n: number | bigint) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const label = partial
      ? `partial table: ${fmt(table.rows)} of ${fmt(spaceSize)} architectures`
      : `complete table: ${fmt(table.rows)} architectures`;
    hit = {
      coverage: { rows: table.rows, classes, spaceSize, spaceClasses, partial, label },
      pool: pool?.sorted(),
      rows,
    };
    pools.set(table, hit);
  }
  return hit;
}

/** The table's coverage of its space (computed once per table). */
export function tableCoverage(table: BenchmarkTable): TableCoverage {
  return analyse(table).coverage;
}

/**
 * The pool of a partial table: the canonical classes it holds, as a `MemberSet` (a SearchSpace), or
 * undefined for a complete table. Searching or shrinking the pool is NASLib's convention for sampled data
 * (its NB101 sample): samples are drawn from the table, neighbours are filtered to the table (member
 * neighbours), mutations stay in it. Metrics that need the whole space are estimated on the table's sample.
 */
export function tablePool(table: BenchmarkTable): MemberSet | undefined {
  const a = analyse(table);
  return a.coverage.partial ? a.pool : undefined;
}

/**
 * The row of an architecture's canonical class (the first row of the class), or −1. The lookup of last
 * resort for a partial table whose pool hands out another genotype of a class than the one in the table.
 */
export function classRow(table: BenchmarkTable, a: Arch, space: SearchSpace = table.space): number {
  return analyse(table).rows().get(space.key(a)) ?? -1;
}

/** The note that goes with metrics needing the whole space, when the table is partial; else null. */
export function sampleNote(table: BenchmarkTable | undefined): string | null {
  if (!table) return null;
  const c = tableCoverage(table);
  return c.partial
    ? `${c.label}; the searched space is the table's ${c.classes.toLocaleString("en-US")} classes, and metrics that need the whole space (shrink index, local optima, P(good | original)) are estimated on the table's sample of ${c.rows.toLocaleString("en-US")}`
    : null;
}
