import { UsageError } from "../../core/errors.js";
import { buildFeasibility, type Feasibility } from "../../data/constraints.js";
import { checkDirections, type MetricSpec, metricLabel, parseMetricSpec } from "../../data/objectives.js";
import type { BenchmarkTable } from "../../data/table.js";
import { hypervolume } from "../../metrics/hypervolume-nd.js";
import { paretoFront } from "../../metrics/pareto-nd.js";
import type { SearchSpace } from "../../spaces/space.js";

/**
 * A multi-objective problem on a benchmark table (issue #15): k ≥ 2 columns, each maximised or minimised.
 * Internally every objective is maximised (`NAME:min` is the negated column, src/data/objectives.ts);
 * reports convert back. The true front and the hypervolume reference point come from the whole table.
 */
export interface MultiProblem {
  space: SearchSpace;
  table: BenchmarkTable;
  specs: MetricSpec[];
  k: number;
  /** Internal (maximised) columns, one per objective, indexed by table row. */
  columns: Float64Array[];
  /** Objectives looked up for free (`--cheap`): a LISSNAS predictor is not trained for them. */
  cheap: boolean[];
  feasibility?: Feasibility;
  /** Table rows on the true Pareto front (feasible rows only), and their internal values (row-major). */
  trueFrontRows: Int32Array;
  trueFront: Float64Array;
  /** Reference point (internal units), see `referencePoint`. */
  ref: Float64Array;
  /** Hypervolume of the true front. */
  trueHv: number;
}

/** Parses `--objectives "A:max,B:min"` (at least two; one direction per column). */
export function parseObjectives(text: string): MetricSpec[] {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (parts.length < 2) {
    throw new UsageError(`--objectives needs at least two comma-separated columns, got '${text}'`);
  }
  const specs = parts.map(parseMetricSpec);
  checkDirections(specs, "--objectives");
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.column)) throw new UsageError(`--objectives: column '${s.column}' is named twice`);
    seen.add(s.column);
  }
  return specs;
}

/**
 * The hypervolume reference point: 10 % of the true front's range beyond its nadir in every objective,
 * r_j = nadir_j − 0.1 · (ideal_j − nadir_j) (internal, maximised units), following Ishibuchi, Imada,
 * Setoguchi & Nojima (2018, "How to specify a reference point in hypervolume calculation for fair
 * performance comparison", Evol. Comput. 26(3)): a point slightly worse than the nadir, so the extreme
 * points of the front count, but far less than the whole table's worst (which would make every front
 * look nearly perfect). A degenerate range uses an offset of 1.
 */
export function referencePoint(front: Float64Array, k: number): Float64Array {
  const ref = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = j; i < front.length; i += k) {
      lo = Math.min(lo, front[i]);
      hi = Math.max(hi, front[i]);
    }
    ref[j] = lo - (hi > lo ? 0.1 * (hi - lo) : 1);
  }
  return ref;
}

/** Builds the problem: objectives, constraints (`--constraint`, `--cheap`), true front and reference. */
export function buildMultiProblem(
  table: BenchmarkTable,
  objectives: string,
  options: { constraints?: string[]; cheap?: string[]; metric?: string } = {},
): MultiProblem {
  const specs = parseObjectives(objectives);
  if (options.metric) checkDirections([parseMetricSpec(options.metric), ...specs], "--metric/--objectives");
  const k = specs.length;
  const columns = specs.map((s) => table.column(metricLabel(s)));
  const cheapNames = options.cheap ?? [];
  const feasibility =
    options.constraints && options.constraints.length > 0
      ? buildFeasibility(options.constraints, cheapNames, table.space, table)
      : undefined;
  const rows: number[] = [];
  for (let r = 0; r < table.rows; r++) {
    if (feasibility?.feasibleRows && !feasibility.feasibleRows[r]) continue;
    if (columns.some((c) => Number.isNaN(c[r]))) continue;
    rows.push(r);
  }
  const all = new Float64Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < k; j++) all[i * k + j] = columns[j][rows[i]];
  }
  const frontIdx = paretoFront(all, k);
  const trueFrontRows = Int32Array.from(frontIdx, (i) => rows[i]);
  const trueFront = new Float64Array(frontIdx.length * k);
  for (let f = 0; f < frontIdx.length; f++) {
    trueFront.set(all.subarray(frontIdx[f] * k, frontIdx[f] * k + k), f * k);
  }
  const ref = referencePoint(trueFront, k);
  return {
    space: table.space,
    table,
    specs,
    k,
    columns,
    cheap: specs.map((s) => cheapNames.includes(s.column)),
    feasibility,
    trueFrontRows,
    trueFront,
    ref,
    trueHv: hypervolume(trueFront, k, ref),
  };
}
