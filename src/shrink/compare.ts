import { UsageError } from "../core/errors.js";
import { maxOf, minOf } from "../core/extent.js";
import { Rng } from "../core/rng.js";
import type { Evaluator } from "../data/evaluator.js";
import type { BenchmarkTable } from "../data/table.js";
import { edfAt, errorEdf } from "../metrics/edf.js";
import { ksTwoSample } from "../metrics/ks-test.js";
import { type MeanCI, meanCI } from "../metrics/mean-ci.js";
import type { PredictorFactory } from "../predictors/predictor.js";
import { type AlgorithmName, checkAlgorithmSpec } from "../search/algorithms.js";
import { makeProblem } from "../search/problem.js";
import { range, runSequential } from "../search/run.js";
import { uniqueCount } from "../search/source.js";
import { type AnytimeCurve, anytimeCurve, thinCurve } from "../search/summary.js";
import { HammingSpace } from "../spaces/hamming.js";
import { encodeMany, type SearchSpace } from "../spaces/space.js";
import type { CostSource } from "./cost.js";
import { type LissnasOptions, lissnas, resolveLissnasOptions } from "./lissnas.js";
import type { ProductSubspace } from "./product.js";
import { type Comparison, classCount, compareSpaces, type Population, shrunkPopulation } from "./quality.js";
import { cellsOption, type GoodSpec, measureOriginal } from "./report.js";
import { absShrink, greedyNasShrink, nseShrink, padnasShrink, type Scorer } from "./rivals/index.js";

/** The shrinkers `compare` runs, in table order. */
export const SHRINKER_NAMES = ["lissnas", "abs", "padnas", "nse", "greedynas"] as const;
export type ShrinkerName = (typeof SHRINKER_NAMES)[number];

export interface CompareInputs {
  space: SearchSpace;
  evaluator: Evaluator;
  metric: string;
  table: BenchmarkTable | undefined;
  /** Root seeds, one full comparison each (LISSNAS, the rivals' shared predictor, the searches). */
  seeds: readonly number[];
  good: GoodSpec;
  cost?: CostSource;
  predictor: PredictorFactory;
  lissnasOptions?: LissnasOptions;
  /** NAS in every space: algorithms, total query budget (shrinkage queries included), runs per seed. */
  nas: { algos: readonly AlgorithmName[]; budget: number; runs: number };
  methods?: readonly ShrinkerName[];
  /** Error grid points of the averaged EDF curves. */
  edfPoints?: number;
  onProgress?: (message: string) => void;
  /** Called after each seed with that seed's outcome per space (for checkpoints: nothing finished is lost). */
  onSeed?: (seed: number, outcomes: Record<string, SeedOutcome>) => void;
}

/** One shrinker's outcome on one seed. */
export interface SeedOutcome {
  seed: number;
  comparison: Comparison;
  /** KS test of this space's metric distribution against LISSNAS's (same seed). */
  ksVsLissnas: { d: number; pValue: number; method: string } | null;
  /** Mean final best (report metric) over the runs of each algorithm. */
  nas: Record<string, number>;
  /** Queries charged to the space's searches: the shrinkage's (0 for the full space). */
  shrinkQueries: number;
  /** Anytime curve (mean and 95 % t-interval over the runs, thinned to log-spaced queries) per algorithm. */
  nasCurves?: Record<string, AnytimeCurve>;
}

export interface MethodSummary {
  method: ShrinkerName | "full";
  /** Size in canonical classes (the unit of every headline figure). */
  size: number;
  sizeCI: [number, number];
  shrinkIndex: number;
  shrinkIndexCI: [number, number];
  /** Shrink index counted in cells (every genotype), NaN when not measurable. */
  shrinkIndexCells: number;
  /** Seeds whose space kept an architecture of the original's top 0.1 %. */
  keptTop01: number;
  /** Mean accuracy–cost Pareto hypervolume ratio, null without a cost. */
  paretoHypervolumeRatio: number | null;
  reductionFactor: number;
  mean: number;
  max: number;
  pGood: number;
  keptGlobalBest: number;
  maxCosineDistance: number;
  cosineRatio: number;
  flopCoverage: number | null;
  edfArea: number;
  ksVsOriginal: { d: number; pValue: number };
  ksVsLissnas: { d: number; pValue: number } | null;
  nas: Record<string, { mean: number; lo: number; hi: number }>;
  perSeed: SeedOutcome[];
}

export interface CompareResult {
  seeds: number[];
  goodThreshold: number;
  originalBest: number;
  methods: MethodSummary[];
  /** Mean EDF of the errors (scale − metric) of each space over the seeds, on a common grid. */
  edf: { errors: number[]; curves: Record<string, number[]> };
  /** FLOP histograms (counts summed over the seeds) on the original space's range, when FLOPs are known. */
  flopHistograms: Record<string, number[]> | null;
}

const ci = (c: MeanCI): [number, number] => [c.lo, c.hi];

/**
 * Runs LISSNAS and the rival shrinkers on one space and evaluator, with one predictor, and measures every
 * shrunk space the same way (LISSNAS paper §4.5 and §5: "we use the same predictor for shrinking the search
 * spaces using different methods").
 *
 * Per seed: LISSNAS runs with its defaults (or the given knobs) and spends its query budget; the rivals'
 * predictor is the same model class fitted on exactly those queried architectures, so every method uses the
 * same information; each rival is sized to LISSNAS's space (product spaces stop at the first size ≤ it;
 * GreedyNAS's pool has exactly its size). Every space is then measured against the original (shrink index,
 * size, mean, max, KS, cosine, FLOPs) and searched by each algorithm at the same total query budget, the
 * shrinkage queries charged to the shrunk spaces' searches.
 */
export function compareShrinkers(inputs: CompareInputs): CompareResult {
  const { space, evaluator, metric, table } = inputs;
  const methods = inputs.methods ?? SHRINKER_NAMES;
  if (!(space instanceof HammingSpace) || !space.keyExact) {
    throw new UsageError(
      `compare needs a space whose every genotype is valid (the rivals prune operations): ${space.id} is not one`,
    );
  }
  if (inputs.seeds.length === 0) throw new UsageError("compare needs at least one seed");
  for (const a of inputs.nas.algos) checkAlgorithmSpec({ algo: a }, "--algos");
  // Every knob is checked before any work: the shrinkage budget must leave queries for the searches.
  const shrinkBudget = resolveLissnasOptions(
    space,
    inputs.lissnasOptions ?? {},
    inputs.cost !== undefined,
  ).budget;
  if (!Number.isInteger(inputs.nas.budget) || inputs.nas.budget <= shrinkBudget) {
    throw new UsageError(
      `--nas-budget ${inputs.nas.budget} leaves no query for the searches after the ${shrinkBudget} shrinkage queries`,
    );
  }
  if (!Number.isInteger(inputs.nas.runs) || inputs.nas.runs < 1)
    throw new UsageError("--nas-runs must be ≥ 1");
  const f = evaluator.objective(metric);
  const original = measureOriginal(
    space,
    evaluator,
    metric,
    table,
    inputs.good,
    Rng.fromSeed(0),
    inputs.cost,
  );
  const originalBest = maxOf(original.population.values);
  const errorScale = 100;
  const encoding = inputs.lissnasOptions?.encoding ?? space.encodings[0];
  const width = space.encodingLength(encoding);

  const outcomes = new Map<string, SeedOutcome[]>();
  const populations = new Map<string, Population[]>();
  const record = (name: string, o: SeedOutcome, p: Population) => {
    outcomes.set(name, [...(outcomes.get(name) ?? []), o]);
    populations.set(name, [...(populations.get(name) ?? []), p]);
  };

  for (const seed of inputs.seeds) {
    const root = Rng.fromSeed(seed);
    const progress = (m: string) => inputs.onProgress?.(`seed ${seed}: ${m}`);
    progress("lissnas");
    const run = lissnas(
      {
        space,
        objective: f,
        predictor: inputs.predictor,
        rng: root.child("lissnas"),
        cost: inputs.cost?.mflops,
      },
      inputs.lissnasOptions ?? {},
    );
    // The rivals' predictor: the same model class, fitted on exactly the architectures LISSNAS queried.
    // #11: failed evaluations (NaN) are no training targets
    const ok = Array.from(run.queried.values.keys()).filter((i) => Number.isFinite(run.queried.values[i]));
    const queried = ok.map((i) => space.decodeKey(run.queried.keys[i]));
    const model = inputs.predictor();
    const y = Float64Array.from(ok, (i) => run.queried.values[i]);
    model.fit(encodeMany(space, queried, encoding), width, y, root.child("rival-predictor"));
    const scorer: Scorer = (archs) => model.predict(encodeMany(space, archs, encoding), width);
    // One unit (issue #14): every rival is sized to LISSNAS's size in canonical classes.
    const target = run.space.size();
    const spaces: Array<[ShrinkerName | "full", SearchSpace, number]> = [["full", space, 0]];
    for (const m of methods) {
      if (m !== "lissnas") progress(m);
      const r = root.child(m);
      if (m === "lissnas") spaces.push([m, run.space, run.queries]);
      else if (m === "abs")
        spaces.push([
          m,
          sizedInClasses(space, target, (t) => absShrink(space, scorer, r, { targetSize: t }).space),
          run.queries,
        ]);
      else if (m === "padnas")
        spaces.push([
          m,
          sizedInClasses(space, target, (t) => padnasShrink(space, scorer, r, { targetSize: t }).space),
          run.queries,
        ]);
      else if (m === "nse")
        spaces.push([
          m,
          sizedInClasses(space, target, (t) => nseShrink(space, scorer, r, { targetSize: t }).space),
          run.queries,
        ]);
      else
        spaces.push([m, greedyNasShrink(space, scorer, r, { poolSize: Number(target) }).space, run.queries]);
    }
    let lissnasValues: Float64Array | undefined;
    const seedOutcomes: Record<string, SeedOutcome> = {};
    for (const [name, s, shrinkQueries] of spaces) {
      progress(`measure ${name}`);
      const pop =
        name === "full"
          ? original.population
          : shrunkPopulation(s, f, root.child("population", name), inputs.cost?.mflops, space);
      const comparison = compareSpaces(space, original.population, pop, {
        goodThreshold: original.goodThreshold,
        encoding,
        rng: root.child("metrics", name),
        errorScale,
        cells: cellsOption(s, original),
      });
      if (name === "lissnas") lissnasValues = pop.values;
      const ks =
        lissnasValues && name !== "lissnas" && name !== "full"
          ? ksTwoSample(pop.values, lissnasValues)
          : null;
      const nas: Record<string, number> = {};
      const nasCurves: Record<string, AnytimeCurve> = {};
      for (const algo of inputs.nas.algos) {
        const problem = makeProblem(s, f, {
          optimum: originalBest,
          extraQueries: shrinkQueries,
          searchMetric: metric,
        });
        // A shrunk space smaller than the search budget is searched exhaustively: the budget is capped at
        // its distinct architectures (the runs then end with the space's best).
        const cap = BigInt(shrinkQueries) + uniqueCount(s);
        const budget = BigInt(inputs.nas.budget) > cap ? Number(cap) : inputs.nas.budget;
        const runs = runSequential(
          problem,
          checkAlgorithmSpec({ algo }),
          { seed: root.child("nas", name, algo).seed, budget },
          range(inputs.nas.runs),
        );
        nas[algo] = runs.reduce((acc, x) => acc + x.finalReport, 0) / runs.length;
        nasCurves[algo] = thinCurve(anytimeCurve(runs, budget));
      }
      const outcome: SeedOutcome = {
        seed,
        comparison,
        ksVsLissnas: ks ? { d: ks.d, pValue: ks.pValue, method: ks.method } : null,
        nas,
        shrinkQueries,
        nasCurves,
      };
      record(name, outcome, pop);
      seedOutcomes[name] = outcome;
    }
    inputs.onSeed?.(seed, seedOutcomes);
  }

  const summaries: MethodSummary[] = [];
  for (const [name, list] of outcomes) {
    const num = (g: (o: SeedOutcome) => number) => meanCI(list.map(g));
    const size = num((o) => Number(o.comparison.shrunk.size));
    const si = num((o) => o.comparison.shrinkIndex);
    const nas: MethodSummary["nas"] = {};
    for (const algo of inputs.nas.algos) {
      const c = num((o) => o.nas[algo]);
      nas[algo] = { mean: c.mean, lo: c.lo, hi: c.hi };
    }
    const ksL = list.every((o) => o.ksVsLissnas)
      ? { d: num((o) => o.ksVsLissnas!.d).mean, pValue: num((o) => o.ksVsLissnas!.pValue).mean }
      : null;
    const flops = list.every((o) => o.comparison.shrunk.flops)
      ? num((o) => o.comparison.shrunk.flops!.coverage).mean
      : null;
    summaries.push({
      method: name as MethodSummary["method"],
      size: size.mean,
      sizeCI: ci(size),
      shrinkIndex: si.mean,
      shrinkIndexCI: ci(si),
      reductionFactor: num((o) => o.comparison.reductionFactor).mean,
      mean: num((o) => o.comparison.shrunk.mean).mean,
      max: num((o) => o.comparison.shrunk.max).mean,
      pGood: num((o) => o.comparison.shrunk.pGood).mean,
      keptGlobalBest: list.filter((o) => o.comparison.keptGlobalBest === true).length,
      shrinkIndexCells: num((o) => o.comparison.cells?.shrinkIndex ?? Number.NaN).mean,
      keptTop01: list.filter((o) => o.comparison.keptTop01 === true).length,
      paretoHypervolumeRatio: list.every((o) => o.comparison.paretoHypervolumeRatio !== null)
        ? num((o) => o.comparison.paretoHypervolumeRatio!).mean
        : null,
      maxCosineDistance: num((o) => o.comparison.shrunk.maxCosineDistance).mean,
      cosineRatio: num((o) => o.comparison.cosineRatio).mean,
      flopCoverage: flops,
      edfArea: num((o) => o.comparison.shrunk.edfArea).mean,
      ksVsOriginal: {
        d: num((o) => o.comparison.ks.d).mean,
        pValue: num((o) => o.comparison.ks.pValue).mean,
      },
      ksVsLissnas: ksL,
      nas,
      perSeed: list,
    });
  }

  // Averaged EDF curves on a common error grid, and summed FLOP histograms.
  const errs = Float64Array.from(original.population.values, (v) => errorScale - v);
  const lo = minOf(errs);
  const hi = maxOf(errs);
  const points = inputs.edfPoints ?? 101;
  const grid = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const curves: Record<string, number[]> = {};
  for (const [name, pops] of populations) {
    const acc = new Float64Array(points);
    for (const p of pops) {
      const e = errorEdf(p.values, errorScale);
      grid.forEach((g, i) => {
        acc[i] += edfAt(e, g) / pops.length;
      });
    }
    curves[name] = Array.from(acc);
  }
  let flopHistograms: Record<string, number[]> | null = null;
  if (summaries.every((s) => s.perSeed.every((o) => o.comparison.shrunk.flops))) {
    flopHistograms = {};
    for (const s of summaries) {
      const sum: number[] = [];
      for (const o of s.perSeed)
        o.comparison.shrunk.flops!.histogram.forEach((c, i) => {
          sum[i] = (sum[i] ?? 0) + c;
        });
      flopHistograms[s.method] = sum;
    }
  }
  return {
    seeds: [...inputs.seeds],
    goodThreshold: original.goodThreshold,
    originalBest,
    methods: summaries,
    edf: { errors: grid, curves },
    flopHistograms,
  };
}

/**
 * A product rival sized to `target` canonical classes (issue #14: rivals are sized in the unit LISSNAS is):
 * the largest genotype target whose result has at most `target` classes, found by doubling then bisection
 * over `make(t)` (deterministic: `make` reuses one seeded stream). Spaces without isomorphs need one call.
 */
export function sizedInClasses(
  base: SearchSpace,
  target: bigint,
  make: (genotypes: bigint) => ProductSubspace,
): ProductSubspace {
  let best = make(target);
  if (classCount(best, base) === best.size()) return best; // no isomorphs inside: classes = genotypes
  let lo = target;
  let hi = target * 2n;
  const full = base.size();
  for (;;) {
    const s = make(hi);
    if (classCount(s, base) > target) break;
    best = s;
    lo = hi;
    if (hi >= full) return best;
    hi *= 2n;
  }
  while (hi - lo > 1n && hi - lo > lo / 64n) {
    const mid = (lo + hi) / 2n;
    const s = make(mid);
    if (classCount(s, base) <= target) {
      best = s;
      lo = mid;
    } else hi = mid;
  }
  return best;
}
