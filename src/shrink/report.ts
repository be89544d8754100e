import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Evaluator } from "../data/evaluator.js";
import type { BenchmarkTable } from "../data/table.js";
import { topPercentThreshold } from "../metrics/p-good.js";
import type { SearchSpace } from "../spaces/space.js";
import type { CostSource } from "./cost.js";
import {
  type Comparison,
  compareSpaces,
  originalPopulation,
  type Population,
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

/** The original space measured once: its population, good threshold and best value. */
export interface OriginalContext {
  population: Population;
  goodThreshold: number;
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
  const population = originalPopulation(space, f, rng, table?.archs(), cost?.mflops);
  const goodThreshold =
    good.kind === "top" ? topPercentThreshold(population.values, good.percent) : good.value;
  return { population, goodThreshold };
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
  const pop = shrunkPopulation(shrunk, f, rng, options.cost?.mflops);
  return compareSpaces(base, original.population, pop, {
    goodThreshold: original.goodThreshold,
    encoding: options.encoding,
    rng,
  });
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
  const rows: Array<[string, string, string]> = [
    ["size", String(o.size), String(s.size)],
    ["mean", f4(o.mean), f4(s.mean)],
    ["max", f4(o.max), f4(s.max)],
    ["P(good)", f4(o.pGood), f4(s.pGood)],
    ["shrink index", "—", f4(c.shrinkIndex)],
    ["reduction factor", "—", `${c.reductionFactor.toFixed(2)}×`],
    ["KS D (p)", "—", `${f4(c.ks.d)} (p ${pv(c.ks.pValue)}, ${c.ks.method})`],
    ["error-EDF area", f4(o.edfArea), f4(s.edfArea)],
    [
      "max cosine distance",
      f4(o.maxCosineDistance),
      `${f4(s.maxCosineDistance)} (${(100 * c.cosineRatio).toFixed(1)} %)`,
    ],
    ["MFLOPs range", flops(o), flops(s)],
    ["FLOP range covered", o.flops ? "1" : "n/a", s.flops ? f4(s.flops.coverage) : "n/a"],
    [
      "global best kept",
      "—",
      c.keptGlobalBest === null ? "unknown (sampled)" : c.keptGlobalBest ? "yes" : "no",
    ],
  ];
  const lines = [
    `# Shrunk ${info.space} space${info.synthetic ? " (SYNTHETIC landscape)" : ""}`,
    "",
    `Evaluator: ${info.evaluator}${info.synthetic ? " — synthetic numbers, not a benchmark" : ""}; metric ${info.metric}; good = ${info.good} (threshold ${f4(c.goodThreshold)}).`,
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
