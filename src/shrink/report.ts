import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Evaluator } from "../data/evaluator.js";
import { type MetricUnits, metricUnits } from "../data/objectives.js";
import type { BenchmarkTable } from "../data/table.js";
import { topPercentThreshold } from "../metrics/p-good.js";
import type { SearchSpace } from "../spaces/space.js";
import type { CostSource } from "./cost.js";
import {
  type Comparison,
  classPopulation,
  compareSpaces,
  originalPopulation,
  type Population,
  shrunkCells,
  shrunkPopulation,
} from "./quality.js";

/** How "good" is defined: the top x % of the original space, or an absolute metric value. */
export type GoodSpec = { kind: "top"; percent: number } | { kind: "absolute"; value: number };

/** Parses `--good`: "top:5" or "5%" (top 5 % of the original space), or a number (absolute threshold). */
export function parseGood(spec: string): GoodSpec {
  const s = spec.trim();
  const top = /^top:(\d+(?:\.\d+)?)$/.exec(s) ?? /^(\d+(?:\.\d+)?)%$/.exec(s);
  if (top) {
    const percent = Number(top[1]);
    if (!(percent > 0 && percent <= 100))
      throw new UsageError(`--good: the top percent must be in (0, 100], got ${percent}`);
    return { kind: "top", percent };
  }
  const v = Number(s);
  if (s === "" || !Number.isFinite(v)) {
    throw new UsageError(
      `--good must read top:X (top X % of the original space), X% or a number, got '${spec}'`,
    );
  }
  return { kind: "absolute", value: v };
}

export function goodLabel(g: GoodSpec): string {
  return g.kind === "top" ? `top ${g.percent} % of the original space` : `metric ≥ ${g.value}`;
}

/**
 * The original space measured once, in both units: `population` in canonical classes (the headline unit),
 * `cells` every genotype; each with its own good threshold (top x % of that unit, or the absolute value).
 */
export interface OriginalContext {
  population: Population;
  goodThreshold: number;
  cells: Population;
  goodThresholdCells: number;
}

/** Measures the original space (all table rows, or enumerated/sampled for the synthetic landscape). */
export function measureOriginal(
  space: SearchSpace,
  evaluator: Evaluator,
  metric: string,
  table: BenchmarkTable | undefined,
  good: GoodSpec,
  rng: Rng,
  cost?: CostSource,
): OriginalContext {
  const f = evaluator.objective(metric);
  const cells = originalPopulation(space, f, rng, table?.archs(), cost?.mflops);
  const population = classPopulation(space, cells, f, cost?.mflops);
  const threshold = (p: Population) =>
    // an absolute --good is in the metric's own units (issue #15): internal = sign · value
    good.kind === "top" ? topPercentThreshold(p.values, good.percent) : metricUnits(metric).sign * good.value;
  return {
    population,
    goodThreshold: threshold(population),
    cells,
    goodThresholdCells: threshold(cells),
  };
}

/** Compares a shrunk space with the measured original. */
export function measureShrunk(
  base: SearchSpace,
  shrunk: SearchSpace,
  evaluator: Evaluator,
  metric: string,
  original: OriginalContext,
  rng: Rng,
  options: { encoding?: string; cost?: CostSource } = {},
): Comparison {
  const f = evaluator.objective(metric);
  const pop = shrunkPopulation(shrunk, f, rng, options.cost?.mflops, base);
  return compareSpaces(base, original.population, pop, {
    goodThreshold: original.goodThreshold,
    encoding: options.encoding,
    rng,
    cells: cellsOption(shrunk, original),
  });
}

/** The cell-counted populations for `compareSpaces`, when the original was measured completely. */
export function cellsOption(
  shrunk: SearchSpace,
  original: OriginalContext,
): { original: Population; shrunk: Population; goodThreshold: number } | undefined {
  const cells = shrunkCells(shrunk, original.cells);
  return cells
    ? { original: original.cells, shrunk: cells, goodThreshold: original.goodThresholdCells }
    : undefined;
}

const f4 = (x: number) => (Number.isFinite(x) ? (Number.isInteger(x) ? String(x) : x.toFixed(4)) : String(x));
const pv = (x: number) => (x === 0 ? "0" : x < 1e-4 ? x.toExponential(2) : x.toFixed(4));

/** The markdown summary table: original vs shrunk. */
export function summaryMarkdown(
  c: Comparison,
  info: {
    space: string;
    evaluator: string;
    synthetic: boolean;
    metric: string;
    good: string;
    extra?: string[];
  },
): string {
  const o = c.original;
  const s = c.shrunk;
  const flops = (x: typeof o) => (x.flops ? `${f4(x.flops.min)}–${f4(x.flops.max)}` : "n/a");
  const cl = c.cells;
  const opt = (x: number | null) => (x === null ? "n/a" : f4(x));
  const rows: Array<[string, string, string]> = [
    ["size (canonical classes)", String(o.size), String(s.size)],
    ["size (cells)", cl ? String(cl.originalSize) : "n/a", cl ? String(cl.shrunkSize) : "n/a"],
    ["mean", f4(o.mean), f4(s.mean)],
    [info.metric.endsWith(":min") ? "best (min)" : "max", f4(o.max), f4(s.max)],
    ["P(good)", f4(o.pGood), f4(s.pGood)],
    ["shrink index (classes)", "—", f4(c.shrinkIndex)],
    ["P(good), cells", cl ? f4(cl.pGoodOriginal) : "n/a", cl ? f4(cl.pGoodShrunk) : "n/a"],
    ["shrink index (cells)", "—", cl ? f4(cl.shrinkIndex) : "n/a"],
    ["Pareto hypervolume ratio (accuracy–FLOPs)", "1", opt(c.paretoHypervolumeRatio)],
    ["Pareto-optimal classes kept", "1", opt(c.paretoFrontKept)],
    ["reduction factor", "—", `${c.reductionFactor.toFixed(2)}×`],
    ["KS D (p)", "—", `${f4(c.ks.d)} (p ${pv(c.ks.pValue)}, ${c.ks.method})`],
    ["error-EDF area", f4(o.edfArea), f4(s.edfArea)],
    [
      "max cosine distance (paper's §5.4)",
      f4(o.maxCosineDistance),
      `${f4(s.maxCosineDistance)} (${(100 * c.cosineRatio).toFixed(1)} %)`,
    ],
    ["MFLOPs range", flops(o), flops(s)],
    ["FLOP range covered (paper's §5.4)", o.flops ? "1" : "n/a", s.flops ? f4(s.flops.coverage) : "n/a"],
    [
      "global best kept",
      "—",
      c.keptGlobalBest === null ? "unknown (sampled)" : c.keptGlobalBest ? "yes" : "no",
    ],
    [
      "a top-0.1 % architecture kept",
      "—",
      c.keptTop01 === null ? "unknown (sampled)" : c.keptTop01 ? "yes" : "no",
    ],
  ];
  const lines = [
    `# Shrunk ${info.space} space${info.synthetic ? " (SYNTHETIC landscape)" : ""}`,
    "",
    `Evaluator: ${info.evaluator}${info.synthetic ? " — synthetic numbers, not a benchmark" : ""}; metric ${info.metric}; good = ${info.good} (threshold ${f4(c.goodThreshold)} over canonical classes${cl ? `, ${f4(cl.goodThreshold)} over cells` : ""}).`,
    "",
    "Unit: every figure counts canonical classes (one per isomorphism class, valued at its canonical genotype) unless marked cells.",
    "",
    "| | original | shrunk |",
    "|---|---|---|",
    ...rows.map(([k, a, b]) => `| ${k} | ${a} | ${b} |`),
    "",
  ];
  if (!o.complete || !s.complete) {
    lines.push("Spaces marked incomplete were measured on a uniform sample of 100,000 architectures.", "");
  }
  if (info.extra) lines.push(...info.extra, "");
  return lines.join("\n");
}

/** The unit-stated headline fields of a comparison, as `shrink --json` and `metrics --json` write them. */
export function headlineFields(c: Comparison) {
  return {
    unit: c.unit,
    shrinkIndex: c.shrinkIndex,
    shrinkIndexCells: c.cells ? c.cells.shrinkIndex : null,
    cells: c.cells,
    keptGlobalBest: c.keptGlobalBest,
    keptTop01: c.keptTop01,
    paretoHypervolumeRatio: c.paretoHypervolumeRatio,
    paretoFrontKept: c.paretoFrontKept,
  };
}

/**
 * A comparison with its value-type fields (means, bests, good thresholds) in the metric's own units
 * (issue #15: a `:min` metric is measured negated; `max` is then the best, i.e. the smallest value).
 * Sizes, P(good), shrink index, KS, EDF area and ratios do not depend on the sign.
 */
export function comparisonInUnits(c: Comparison, units: MetricUnits): Comparison {
  if (units.sign === 1) return c;
  return {
    ...units.convert(c, ["goodThreshold"]),
    original: units.convert(c.original, ["mean", "max"]),
    shrunk: units.convert(c.shrunk, ["mean", "max"]),
    cells: c.cells && units.convert(c.cells, ["goodThreshold"]),
  };
}

/** LISSNAS's iteration log with its value-type fields in the metric's own units (see `comparisonInUnits`). */
export function iterationsInUnits<T extends object>(log: readonly T[], units: MetricUnits): T[] {
  const keys = ["bar", "meanPredicted", "previousMeanPredicted", "meanTrue"] as Array<keyof T>;
  return log.map((l) => units.convert(l, keys));
}

/** One CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break. */
export function csvField(x: string | number): string {
  const s = String(x);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `queried.csv`: the shrinkage's queried architectures in query order (architecture, value, order). */
export function queriedCsv(queried: ReadonlyArray<readonly [string, number]>): string {
  const lines = ["architecture,value,order"];
  queried.forEach(([a, v], i) => {
    lines.push(`${csvField(a)},${v},${i + 1}`);
  });
  return `${lines.join("\n")}\n`;
}
