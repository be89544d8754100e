import { UsageError } from "../core/errors.js";
import type { MeanCI } from "../metrics/mean-ci.js";

/** Whether a metric is maximised (the default) or minimised. */
export type Direction = "max" | "min";

/** A metric named on the command line: `NAME`, `NAME:max` or `NAME:min`. */
export interface MetricSpec {
  /** The column (or synthetic metric) name, without the direction suffix. */
  column: string;
  direction: Direction;
  /** +1 for max, −1 for min: the internal objective every algorithm maximises is sign · value. */
  sign: 1 | -1;
}

const SUFFIX = /^(.+):(min|max)$/;

/**
 * Parses `NAME[:min|:max]`. Directions are implemented once, here and in `BenchmarkTable.column`: the
 * column `NAME:min` is the negated column `NAME`, so every searcher, shrinker and statistic, which all
 * maximise, minimises NAME without knowing it. Reports convert back with `fromInternal`.
 */
export function parseMetricSpec(spec: string): MetricSpec {
  const m = SUFFIX.exec(spec);
  if (!m) return { column: spec, direction: "max", sign: 1 };
  const direction = m[2] as Direction;
  return { column: m[1], direction, sign: direction === "min" ? -1 : 1 };
}

/** The metric spec as written in reports: `NAME` for max, `NAME:min` for min. */
export function metricLabel(spec: MetricSpec): string {
  return spec.direction === "min" ? `${spec.column}:min` : spec.column;
}

/**
 * Checks that no column is asked for in two directions (e.g. `--metric lat:min --objectives lat:max`):
 * a one-line UsageError naming the column.
 */
export function checkDirections(specs: readonly MetricSpec[], where = "--metric/--objectives"): void {
  const seen = new Map<string, Direction>();
  for (const s of specs) {
    const d = seen.get(s.column);
    if (d !== undefined && d !== s.direction) {
      throw new UsageError(`${where}: column '${s.column}' is asked for both :${d} and :${s.direction}`);
    }
    seen.set(s.column, s.direction);
  }
}

/** An internal (maximised) value back in the metric's own units: sign · value. */
export function fromInternal(value: number, sign: 1 | -1): number {
  return sign * value;
}

/** A mean with CI back in the metric's units (bounds swap for a minimised metric). */
export function ciFromInternal<T extends MeanCI | null>(ci: T, sign: 1 | -1): T {
  if (ci === null || sign === 1) return ci;
  return { ...ci, mean: -ci.mean, lo: -ci.hi, hi: -ci.lo } as T;
}

/**
 * How every report states a metric and its values (the one place that converts back, issue #15): the
 * `{ metric: column, direction }` pair (info's and search's convention) and values in the column's own
 * units. Algorithms see the internal, maximised metric (`NAME:min` = the negated column); a report passes
 * its value-type fields (best, mean, max, thresholds, EDF points, member values) through `value` /
 * `values` / `convert`. Correlations, rank metrics, counts, ratios and absolute differences are
 * sign-free and stay as they are.
 */
export interface MetricUnits extends MetricSpec {
  /** The metric as algorithms and tables see it: `NAME` or `NAME:min`. */
  internal: string;
  /** The JSON fields stating the metric: `{ metric: "titan_rtx_1", direction: "min" }`. */
  label: { metric: string; direction: Direction };
  /** An internal value in the column's units. */
  value(v: number): number;
  /** Internal values in the column's units (a new array). */
  values(v: ArrayLike<number>): number[];
  /** A mean with CI in the column's units (bounds swap for a minimised metric). */
  ci<T extends MeanCI | null>(ci: T): T;
  /** A shallow copy of `obj` whose named numeric fields are in the column's units (others untouched). */
  convert<T extends object>(obj: T, keys: ReadonlyArray<keyof T>): T;
}

/** The report view of a metric named `NAME` or `NAME:min|:max` (see `MetricUnits`). */
export function metricUnits(metric: string): MetricUnits {
  const spec = parseMetricSpec(metric);
  const { sign } = spec;
  return {
    ...spec,
    internal: metricLabel(spec),
    label: { metric: spec.column, direction: spec.direction },
    value: (v) => fromInternal(v, sign),
    values: (v) => Array.from(v, (x) => fromInternal(x, sign)),
    ci: (c) => ciFromInternal(c, sign),
    convert: <T extends object>(obj: T, keys: ReadonlyArray<keyof T>): T => {
      if (sign === 1) return obj;
      const out = { ...obj } as Record<PropertyKey, unknown>;
      for (const k of keys) {
        const v = out[k as PropertyKey];
        if (typeof v === "number") out[k as PropertyKey] = fromInternal(v, sign);
      }
      return out as T;
    },
  };
}

/** Negated copy of a column (NaN stays NaN). */
export function negated(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = -values[i];
  return out;
}
