import type { Rng } from "../core/rng.js";
import type { Direction, MetricUnits } from "../data/objectives.js";
import { edfAt, errorEdf } from "../metrics/edf.js";
import { paretoFront2d } from "../metrics/pareto.js";
import type { Arch, SearchSpace } from "../spaces/space.js";

/** Most members listed in the report's table (the best first); most points per group in the scatter. */
export const MEMBER_ROWS = 5000;
export const SCATTER_POINTS = 3000;
/** Largest shrunk space enumerated for the report; larger ones are shown through a uniform sample. */
const ENUMERATE_LIMIT = 200_000;

/** What the shrink report draws beyond metrics.json, saved as report-data.json beside it. */
export interface ShrinkReportData {
  format: "lissnas-shrink-report-data";
  version: 1;
  metric: string;
  /** "min" when the metric is minimised: values are then the metric's own and the EDF is over it. */
  direction?: Direction;
  costUnit: string | null;
  /** Averaged error EDFs of the original and the shrunk space on one grid (errors = 100 − metric). */
  edf: { errors: number[]; curves: { original: number[]; shrunk: number[] } };
  /** Members (best first, at most MEMBER_ROWS), value and cost. */
  members: Array<{ arch: string; value: number; cost: number | null }>;
  membersTotal: number;
  membersSampled: boolean;
  /** A uniform subsample of the original space for the accuracy–cost scatter. */
  original: Array<{ value: number; cost: number }>;
  /** Pareto fronts (high value, low cost) of the whole original space and of every member, sorted by cost. */
  fronts: {
    original: Array<{ value: number; cost: number }>;
    shrunk: Array<{ value: number; cost: number }>;
  };
}

/** The non-dominated (value ↑, cost ↓) points, sorted by cost. */
function front(values: Float64Array, costs: Float64Array): Array<{ value: number; cost: number }> {
  const idx = paretoFront2d(
    values,
    Float64Array.from(costs, (c) => -c),
  );
  return Array.from(idx, (i) => ({ value: values[i], cost: costs[i] })).sort(
    (a, b) => a.cost - b.cost || a.value - b.value,
  );
}

/** Every `step`-th element (a deterministic thinning; `archs` are already uniform). */
function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / max;
  return Array.from({ length: max }, (_, i) => xs[Math.floor(i * step)]);
}

function edfGrid(original: Float64Array, shrunk: Float64Array, points = 101): ShrinkReportData["edf"] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of original) {
    lo = Math.min(lo, 100 - v);
    hi = Math.max(hi, 100 - v);
  }
  const errors = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const eo = errorEdf(original, 100);
  const es = errorEdf(shrunk, 100);
  return {
    errors,
    curves: { original: errors.map((e) => edfAt(eo, e)), shrunk: errors.map((e) => edfAt(es, e)) },
  };
}

/**
 * The report data in the metric's own units (issue #15). For a `:min` metric (measured negated) every
 * value is negated back and the EDF's x-axis becomes the metric itself: errors e = 100 − (−v) map to
 * v = e − 100, so the curves are P(value ≤ x) — lower is better, as errors are for a maximised metric.
 */
export function reportDataInUnits(data: ShrinkReportData, units: MetricUnits): ShrinkReportData {
  if (units.sign === 1) return data;
  const pts = (xs: Array<{ value: number; cost: number }>) => xs.map((x) => units.convert(x, ["value"]));
  return {
    ...data,
    metric: units.column,
    direction: units.direction,
    edf: { ...data.edf, errors: data.edf.errors.map((e) => e - 100) },
    members: data.members.map((m) => units.convert(m, ["value"])),
    original: pts(data.original),
    fronts: { original: pts(data.fronts.original), shrunk: pts(data.fronts.shrunk) },
  };
}

/** Builds the shrink report's data from the original population and the shrunk space. */
export function shrinkReportData(input: {
  space: SearchSpace;
  shrunk: SearchSpace;
  metric: string;
  objective: (a: Arch) => number;
  original: { archs: Arch[]; values: Float64Array; costs?: Float64Array };
  cost?: (a: Arch) => number;
  costUnit?: string;
  rng: Rng;
}): ShrinkReportData {
  const { shrunk, objective, cost } = input;
  const size = shrunk.size();
  const sampled = !shrunk.enumerate || size > BigInt(ENUMERATE_LIMIT);
  let archs: Arch[];
  if (!sampled && shrunk.enumerate) archs = [...shrunk.enumerate()];
  else {
    const r = input.rng.child("report-members");
    archs = Array.from({ length: MEMBER_ROWS }, () => shrunk.sample(r));
  }
  const values = Float64Array.from(archs, objective);
  const order = Array.from(archs.keys()).sort((a, b) => values[b] - values[a] || a - b);
  const members = order.slice(0, MEMBER_ROWS).map((i) => ({
    arch: input.space.format(archs[i]),
    value: values[i],
    cost: cost ? cost(archs[i]) : null,
  }));
  const o = input.original;
  const idx = thin(Array.from(o.values.keys()), SCATTER_POINTS);
  return {
    format: "lissnas-shrink-report-data",
    version: 1,
    metric: input.metric,
    costUnit: cost ? (input.costUnit ?? "MFLOPs") : null,
    edf: edfGrid(o.values, values),
    members,
    membersTotal: sampled
      ? Number(size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : size)
      : archs.length,
    membersSampled: sampled,
    original: o.costs ? idx.map((i) => ({ value: o.values[i], cost: o.costs![i] })) : [],
    fronts: {
      original: o.costs ? front(o.values, o.costs) : [],
      shrunk: cost ? front(values, Float64Array.from(archs, cost)) : [],
    },
  };
}
