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
  { coverage: TableCoverage; pool: MemberSet; rows: Map<number, number> }
>();

function analyse(table: BenchmarkTable) {
  let hit = pools.get(table);
  if (!hit) {
    const space = table.space;
    const pool = new MemberSet(space, table.rows);
    const rows = new Map<number, number>();
    for (let r = 0; r < table.rows; r++) {
      const a = table.archAt(r);
      pool.add(a);
      const k = space.key(a);
      if (!rows.has(k)) rows.set(k, r);
    }
    const spaceSize = space.size();
    const spaceClasses = space.uniqueSize ? space.uniqueSize() : spaceSize;
    const partial = BigInt(pool.count) < spaceClasses;
    const fmt = (n: number | bigint) => n.toLocaleString("en-US");
    const label = partial
      ? `partial table: ${fmt(table.rows)} of ${fmt(spaceSize)} architectures`
      : `complete table: ${fmt(table.rows)} architectures`;
    hit = {
      coverage: { rows: table.rows, classes: pool.count, spaceSize, spaceClasses, partial, label },
      pool: pool.sorted(),
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
  return analyse(table).rows.get(space.key(a)) ?? -1;
}

/** The note that goes with metrics needing the whole space, when the table is partial; else null. */
export function sampleNote(table: BenchmarkTable | undefined): string | null {
  if (!table) return null;
  const c = tableCoverage(table);
  return c.partial
    ? `${c.label}; the searched space is the table's ${c.classes.toLocaleString("en-US")} classes, and metrics that need the whole space (shrink index, local optima, P(good | original)) are estimated on the table's sample of ${c.rows.toLocaleString("en-US")}`
    : null;
}
