import { DataError, LissnasError } from "../core/errors.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import { classRow } from "./partial.js";
import type { BenchmarkTable } from "./table.js";

/** Maps an architecture to one metric's value. Throws a LissnasError when it cannot (not in a table…). */
export type Objective = (a: Arch) => number;

/**
 * An objective that can also be read by raw genotype code (issue 17): `byCode(code, a)` is `f(a)` whenever
 * `code` is `codeSpace.code(a)`, so a caller that already holds the code (the search loops cache it per node)
 * does not compute it again. Table objectives offer it; wrappers (constraints, joins) do not, and are read
 * the plain way.
 */
export interface CodedObjective extends Objective {
  byCode?: (code: number, a: Arch) => number;
  codeSpace?: SearchSpace;
}

/** The by-code reader of `f` for codes of `space` (the same space object), or undefined when it has none. */
export function codeReader(
  f: Objective,
  space: SearchSpace,
): ((code: number, a: Arch) => number) | undefined {
  const c = f as CodedObjective;
  return c.byCode !== undefined && c.codeSpace === space ? c.byCode : undefined;
}

/**
 * An evaluator maps architectures to metrics (accuracy and, where known, costs). A table evaluator reads a
 * benchmark table; the synthetic landscape computes values; a training backend could be added behind the
 * same interface. Query counting is separate (`QueryCounter`), so every evaluator is counted the same way.
 */
export interface Evaluator {
  /** Name for reports, e.g. the table file, or "synthetic(nk, k=2, seed=1)". */
  readonly name: string;
  /** True for the synthetic landscape: reports must label its numbers as synthetic. */
  readonly synthetic: boolean;
  readonly space: SearchSpace;
  /** Metric names this evaluator can give. */
  readonly metrics: readonly string[];
  /** The metric used when none is named. */
  readonly defaultMetric: string;
  objective(metric?: string): Objective;
}

/** An evaluator over a benchmark table: looks the architecture's row up and reads the column. */
export class TableEvaluator implements Evaluator {
  readonly synthetic = false;
  readonly name: string;
  readonly space: SearchSpace;
  readonly defaultMetric: string;

  constructor(
    readonly table: BenchmarkTable,
    defaultMetric?: string,
  ) {
    this.name = table.source;
    this.space = table.space;
    this.defaultMetric =
      defaultMetric ?? table.metrics.find((m) => !table.indexColumns.includes(m)) ?? table.metrics[0];
    if (defaultMetric) table.column(defaultMetric);
  }

  get metrics(): readonly string[] {
    return this.table.metrics;
  }

  objective(metric: string = this.defaultMetric): Objective {
    const column = this.table.column(metric);
    const table = this.table;
    const f: CodedObjective = (a: Arch) => {
      let row = table.rowOf(a);
      if (row < 0) row = classRow(table, a); // a partial table: another genotype of a class it holds (#11)
      if (row < 0) {
        throw new LissnasError(`${table.source}: architecture ${table.space.format(a)} is not in the table`);
      }
      const v = column[row];
      if (Number.isNaN(v)) {
        const line = table.lineOf(row);
        throw line === undefined
          ? new LissnasError(`${table.source}: row ${row} has no value in column '${metric}'`)
          : new DataError(table.source, `row ${row} has no value in column '${metric}'`, line);
      }
      return v;
    };
    // the row straight from the code; anything unusual (no row, no value) goes the plain way, same answer
    f.byCode = (code: number, a: Arch) => {
      const row = table.rowOfCode(code);
      const v = row >= 0 ? column[row] : Number.NaN;
      return Number.isNaN(v) ? f(a) : v;
    };
    f.codeSpace = table.space;
    return f;
  }
}
