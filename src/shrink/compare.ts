import { UsageError } from "../core/errors.js";
import { maxOf, minOf } from "../core/extent.js";
import { Rng } from "../core/rng.js";
import { chargedTable, chargePaid, type Feasibility } from "../data/constraints.js";
import type { Evaluator } from "../data/evaluator.js";
import { sampleNote, tablePool } from "../data/partial.js";
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
import { type Arch, encodeMany, type SearchSpace } from "../spaces/space.js";
import type { CostSource } from "./cost.js";
import { type LissnasOptions, type LissnasResult, lissnas, resolveLissnasOptions } from "./lissnas.js";
import { MemberSet } from "./member-set.js";
import { infeasibleKeys, keptFeasible } from "./paid.js";
import { type ProductSubspace, productRivalsUnsupported } from "./product.js";
import { type Comparison, classCount, compareSpaces, shrunkPopulation } from "./quality.js";
import { cellsOption, type GoodSpec, measureOriginal, type OriginalContext } from "./report.js";
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
  /**
   * Called after each seed, in seed order, with its record (for checkpoints: nothing finished is lost);
   * also for the seeds taken from `finished`.
   */
  onSeed?: (record: SeedRecord) => void;
  /**
   * Seeds finished by an earlier run with the same inputs (a checkpoint): their records are used as they
   * are, not recomputed. Every seed is independent (its own root stream), so the result is the same.
   */
  finished?: ReadonlyMap<number, SeedRecord>;
  /**
   * Constraints with paid columns (issue #15; `table` is the table before its restriction to the feasible
   * rows, `inputs.table`): charged as `shrink` and `search` charge them (see `CompareContext.charged`).
   */
  paid?: { feasibility: Feasibility; table: BenchmarkTable };
}

/** A shrunk space's members under paid constraints (issue #15): counts, in genotypes. */
export interface PaidMembers {
  /** Members kept (the ones the shrinkage's queries found infeasible are dropped). */
  members: number;
  /** Kept members that satisfy every constraint (the evaluator's truth, reporting only). */
  membersFeasibleTruth: number;
  /** Kept members never queried by the shrinkage: their paid values are unknown to a search until it pays. */
  membersUnqueried: number;
  /** The shrinkage's queries that found an architecture infeasible (charged). */
  infeasibleQueries: number;
  /** Kept members in canonical classes: the size of the space the searches query. */
  keptClasses: number;
}

/**
 * Everything one seed contributes to the result: with the records of every seed the result is rebuilt
 * exactly (`compareShrinkers` with `finished`), which is what a checkpoint stores.
 */
export interface SeedRecord {
  seed: number;
  /** The outcome per space ("full", then the methods in order). */
  methods: Record<string, SeedOutcome>;
  /** Per space: this seed's error EDF at the points of the common grid (the averaged curves' terms). */
  edf: Record<string, number[]>;
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
  /** With paid constraints, for a shrunk space: its members and what is known of their feasibility. */
  paid?: PaidMembers;
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
  /** With paid constraints, for a shrunk space: the mean member counts over the seeds. */
  paid?: Omit<PaidMembers, "infeasibleQueries" | "keptClasses">;
  perSeed: SeedOutcome[];
}

export interface CompareResult {
  seeds: number[];
  goodThreshold: number;
  originalBest: number;
  /**
   * With a partial table (#11): what the figures are over — every space is limited to the table's pool and
   * the original is the table's sample (`sampleNote`); null with a complete table or the landscape.
   */
  partial: string | null;
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
  const ctx = prepare(inputs);
  const records: SeedRecord[] = [];
  for (const seed of inputs.seeds) {
    const earlier = inputs.finished?.get(seed);
    if (earlier) inputs.onProgress?.(`seed ${seed}: finished earlier (from the checkpoint, not recomputed)`);
    const record = earlier ?? runSeed(ctx, seed);
    records.push(record);
    inputs.onSeed?.(record);
  }
  return summarise(ctx, records);
}

/** What every seed shares: the checked inputs, the measured original, the EDF grid, the pool. */
interface CompareContext {
  inputs: CompareInputs;
  space: SearchSpace;
  methods: readonly ShrinkerName[];
  f: (a: Arch) => number;
  original: OriginalContext;
  originalBest: number;
  encoding: string;
  width: number;
  lissnasOptions: LissnasOptions;
  /** A partial table's pool (the classes it holds): every shrunk space is limited to it; else undefined. */
  pool: MemberSet | undefined;
  /** Error grid of the averaged EDF curves. */
  grid: number[];
  /**
   * Paid constraints (issue #15), through `chargedTable` as in `shrink`: LISSNAS (and so the rivals' pool)
   * draws from the cheap-feasible rows (`pool`, replacing the feasible table's) with `shrink` (NaN when a
   * query finds the architecture infeasible); the searches query `search` (−∞ then, never an incumbent).
   * The measurement (`f`, `original`) stays over the feasible original space. Undefined otherwise.
   */
  charged?: {
    feasibility: Feasibility;
    shrink: (a: Arch) => number;
    search: (a: Arch) => number;
  };
}

const ERROR_SCALE = 100;

/** Checks every knob before any work and measures the original space (the same for every seed). */
function prepare(inputs: CompareInputs): CompareContext {
  const { space, evaluator, metric, table } = inputs;
  const unsupported = productRivalsUnsupported(space);
  if (unsupported !== null)
    throw new UsageError(
      `compare cannot run the rivals, which prune operations per position: ${unsupported}`,
    );
  if (inputs.seeds.length === 0) throw new UsageError("compare needs at least one seed");
  for (const a of inputs.nas.algos) checkAlgorithmSpec({ algo: a }, "--algos");
  // #11: a partial table is compared within its pool; LISSNAS's initial samples default to at most its size.
  // #15: with paid constraints the queries are drawn from the cheap-feasible rows (what is free to know).
  const paid = inputs.paid?.feasibility.hasPaid ? inputs.paid : undefined;
  const chargedRows = paid ? chargedTable(paid.table, paid.feasibility, metric) : undefined;
  const pool = chargedRows ? tablePool(chargedRows.table) : table ? tablePool(table) : undefined;
  const lissnasOptions = { ...(inputs.lissnasOptions ?? {}) };
  if (pool && lissnasOptions.initialSamples === undefined && pool.count < 1000)
    lissnasOptions.initialSamples = pool.count;
  // The shrinkage budget must leave queries for the searches.
  const shrinkBudget = resolveLissnasOptions(pool ?? space, lissnasOptions, inputs.cost !== undefined).budget;
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
  const errs = Float64Array.from(original.population.values, (v) => ERROR_SCALE - v);
  const lo = minOf(errs);
  const hi = maxOf(errs);
  const points = inputs.edfPoints ?? 101;
  const encoding = lissnasOptions.encoding ?? space.encodings[0];
  return {
    inputs,
    space,
    methods: inputs.methods ?? SHRINKER_NAMES,
    f,
    original,
    originalBest: maxOf(original.population.values),
    encoding,
    width: space.encodingLength(encoding),
    lissnasOptions,
    pool,
    grid: Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1)),
    ...(paid && chargedRows
      ? {
          charged: {
            feasibility: paid.feasibility,
            shrink: chargedRows.objective,
            search: chargePaid(chargedRows.truth, paid.feasibility, Number.NEGATIVE_INFINITY),
          },
        }
      : {}),
  };
}

/** One seed: LISSNAS, the rivals sized to it, then every space measured and searched. */
function runSeed(ctx: CompareContext, seed: number): SeedRecord {
  const root = Rng.fromSeed(seed);
  const spaces = shrinkAll(ctx, seed, root);
  const record: SeedRecord = { seed, methods: {}, edf: {} };
  let lissnasValues: Float64Array | undefined;
  for (const [name, s, shrinkQueries, paid] of spaces) {
    ctx.inputs.onProgress?.(`seed ${seed}: measure ${name}`);
    // #15: with paid constraints a shrunk space is measured by its feasible members (reporting only)
    const m = paid?.measured ?? s;
    const measureOpts = {
      goodThreshold: ctx.original.goodThreshold,
      encoding: ctx.encoding,
      rng: root.child("metrics", name),
      errorScale: ERROR_SCALE,
    };
    let values: Float64Array;
    let comparison: Comparison;
    if (paid && paid.members.membersFeasibleTruth === 0) {
      values = new Float64Array(0);
      comparison = noFeasibleMember(ctx, measureOpts);
    } else {
      const pop =
        name === "full"
          ? ctx.original.population
          : shrunkPopulation(m, ctx.f, root.child("population", name), ctx.inputs.cost?.mflops, ctx.space);
      values = pop.values;
      comparison = compareSpaces(ctx.space, ctx.original.population, pop, {
        ...measureOpts,
        cells: cellsOption(m, ctx.original),
      });
    }
    if (name === "lissnas") lissnasValues = values;
    const ks =
      lissnasValues && lissnasValues.length > 0 && values.length > 0 && name !== "lissnas" && name !== "full"
        ? ksTwoSample(values, lissnasValues)
        : null;
    record.methods[name] = {
      seed,
      comparison,
      ksVsLissnas: ks ? { d: ks.d, pValue: ks.pValue, method: ks.method } : null,
      shrinkQueries,
      ...searchIn(ctx, s, shrinkQueries, root, name),
      ...(paid ? { paid: paid.members } : {}),
    };
    const e = errorEdf(values, ERROR_SCALE);
    record.edf[name] = ctx.grid.map((g) => (values.length > 0 ? edfAt(e, g) : 0));
  }
  return record;
}

/**
 * The figures of a shrunk space none of whose members is feasible (#15, paid constraints: e.g. a rival that
 * kept only slow operations). It offers no good feasible architecture, so it is scored as such rather than
 * left out (which would flatter it): P(good) 0, so shrink index −P(good | original); best kept and top 0.1 %
 * kept false; Pareto ratio 0; size 0; values that need a member (mean, max, KS, cosine, EDF area, FLOPs) NaN.
 */
function noFeasibleMember(ctx: CompareContext, options: Parameters<typeof compareSpaces>[3]): Comparison {
  const original = ctx.original.population;
  const c = compareSpaces(ctx.space, original, original, options);
  const nan = Number.NaN;
  const flops = c.shrunk.flops
    ? { min: nan, max: nan, coverage: 0, histogram: c.shrunk.flops.histogram.map(() => 0) }
    : null;
  return {
    ...c,
    shrunk: {
      ...c.shrunk,
      size: 0,
      measured: 0,
      mean: nan,
      max: nan,
      pGood: 0,
      edfArea: nan,
      maxCosineDistance: nan,
      flops,
    },
    shrinkIndex: -c.original.pGood,
    reductionFactor: nan,
    ks: { d: nan, pValue: nan, method: "none: no feasible member" },
    cosineRatio: nan,
    keptGlobalBest: c.keptGlobalBest === null ? null : false,
    keptTop01: c.keptTop01 === null ? null : false,
    paretoHypervolumeRatio: c.paretoHypervolumeRatio === null ? null : 0,
    paretoFrontKept: c.paretoFrontKept === null ? null : 0,
    cells: null,
  };
}

/** A space of one seed: name, the space searched, the shrinkage queries, and under paid constraints (#15)
 * the space measured (its feasible members) with its member counts. */
type SeedSpace = [
  ShrinkerName | "full",
  SearchSpace,
  number,
  { measured: SearchSpace; members: PaidMembers }?,
];

/** The spaces of one seed: the original (or the partial table's pool), LISSNAS's and each rival's. */
function shrinkAll(ctx: CompareContext, seed: number, root: Rng): SeedSpace[] {
  ctx.inputs.onProgress?.(`seed ${seed}: lissnas`);
  const run = lissnas(
    {
      space: ctx.pool ?? ctx.space,
      objective: ctx.charged?.shrink ?? ctx.f,
      predictor: ctx.inputs.predictor,
      rng: root.child("lissnas"),
      cost: ctx.inputs.cost?.mflops,
    },
    ctx.lissnasOptions,
  );
  const onRival = (m: ShrinkerName) => ctx.inputs.onProgress?.(`seed ${seed}: ${m}`);
  const rivals = { ...ctx, predictor: ctx.inputs.predictor };
  if (!ctx.charged) return rivalSpaces(rivals, run, root, onRival);
  return paidSpaces(ctx, ctx.charged.feasibility, run, (kept) =>
    rivalSpaces(rivals, { ...run, space: kept }, root, onRival),
  );
}

/**
 * Paid constraints (issue #15), the rule `shrink` applies (src/shrink/paid.ts): LISSNAS's space drops the
 * architectures its queries found infeasible, the rivals (which know exactly those queries) are sized to
 * what it keeps and drop them too; unqueried members stay (their paid values are unknown). Each shrunk
 * space is measured by its feasible members; the full space (the cheap-feasible region) is searched as is.
 */
function paidSpaces(
  ctx: CompareContext,
  feasibility: Feasibility,
  run: LissnasResult,
  rivals: (kept: MemberSet) => Array<[ShrinkerName | "full", SearchSpace, number]>,
): SeedSpace[] {
  const infeasible = infeasibleKeys(run.queried);
  const queried = new Set<number>();
  for (let i = 0; i < run.queried.keys.length; i++) queried.add(run.queried.keys[i]);
  const lissnasKept = keptFeasible(ctx.space, run.space, infeasible, feasibility).kept;
  return rivals(lissnasKept).map(([name, s, q]): SeedSpace => {
    if (name === "full") return [name, s, q];
    const p = keptFeasible(ctx.space, s, infeasible, feasibility);
    let unqueried = 0;
    for (const a of p.kept.enumerate!()) if (!queried.has(ctx.space.key(a))) unqueried++;
    const members: PaidMembers = {
      members: p.report.members,
      membersFeasibleTruth: p.report.membersFeasibleTruth,
      membersUnqueried: unqueried,
      infeasibleQueries: infeasible.size,
      keptClasses: Number(classCount(p.kept, ctx.space)),
    };
    return [name, p.kept, q, { measured: p.measured, members }];
  });
}

/** What the rivals need besides LISSNAS's run: the space, its pool, the methods, predictor and encoding. */
export interface RivalContext {
  space: SearchSpace;
  pool: MemberSet | undefined;
  methods: readonly ShrinkerName[];
  predictor: PredictorFactory;
  encoding: string;
  width: number;
}

/**
 * The spaces of one seed after LISSNAS's `run` (also used by the `--trainer` path, whose LISSNAS runs
 * through the evaluation engine): the original (or a partial table's pool), LISSNAS's and each rival's.
 * The rivals evaluate nothing: their predictor is the same model class fitted on exactly the architectures
 * LISSNAS queried, so every method uses the same information, and each is sized to LISSNAS's space.
 */
export function rivalSpaces(
  ctx: RivalContext,
  run: Pick<LissnasResult, "queried" | "space" | "queries">,
  root: Rng,
  onRival?: (method: ShrinkerName) => void,
): Array<[ShrinkerName | "full", SearchSpace, number]> {
  const { space, pool } = ctx;
  // #11: failed evaluations (NaN) are no training targets
  const ok = Array.from(run.queried.values.keys()).filter((i) => Number.isFinite(run.queried.values[i]));
  const queried = ok.map((i) => space.decodeKey!(run.queried.keys[i]));
  const model = ctx.predictor();
  const y = Float64Array.from(ok, (i) => run.queried.values[i]);
  model.fit(encodeMany(space, queried, ctx.encoding), ctx.width, y, root.child("rival-predictor"));
  const scorer: Scorer = (archs) => model.predict(encodeMany(space, archs, ctx.encoding), ctx.width);
  // One unit (issue #14): every rival is sized to LISSNAS's size in canonical classes (of the pool, #11).
  const target = run.space.size();
  const spaces: Array<[ShrinkerName | "full", SearchSpace, number]> = [["full", pool ?? space, 0]];
  const product = (make: (t: bigint) => ProductSubspace): SearchSpace =>
    pool ? sizedInPool(space, pool, target, make) : sizedInClasses(space, target, make);
  for (const m of ctx.methods) {
    if (m !== "lissnas") onRival?.(m);
    const r = root.child(m);
    let shrunk: SearchSpace;
    if (m === "lissnas") shrunk = run.space;
    else if (m === "abs") shrunk = product((t) => absShrink(space, scorer, r, { targetSize: t }).space);
    else if (m === "padnas") shrunk = product((t) => padnasShrink(space, scorer, r, { targetSize: t }).space);
    else if (m === "nse") shrunk = product((t) => nseShrink(space, scorer, r, { targetSize: t }).space);
    else
      shrunk = overBase(space, greedyNasShrink(pool ?? space, scorer, r, { poolSize: Number(target) }).space);
    spaces.push([m, shrunk, run.queries]);
  }
  return spaces;
}

/** Mean final best and anytime curve of each algorithm searching `s`, the shrinkage queries charged. */
function searchIn(
  ctx: CompareContext,
  s: SearchSpace,
  shrinkQueries: number,
  root: Rng,
  name: string,
): { nas: Record<string, number>; nasCurves: Record<string, AnytimeCurve> } {
  const nas: Record<string, number> = {};
  const nasCurves: Record<string, AnytimeCurve> = {};
  for (const algo of ctx.inputs.nas.algos) {
    const problem = makeProblem(s, ctx.charged?.search ?? ctx.f, {
      optimum: ctx.originalBest,
      extraQueries: shrinkQueries,
      searchMetric: ctx.inputs.metric,
    });
    // A shrunk space smaller than the search budget is searched exhaustively: the budget is capped at
    // its distinct architectures (the runs then end with the space's best).
    const cap = BigInt(shrinkQueries) + uniqueCount(s);
    const budget = BigInt(ctx.inputs.nas.budget) > cap ? Number(cap) : ctx.inputs.nas.budget;
    const runs = runSequential(
      problem,
      checkAlgorithmSpec({ algo }),
      { seed: root.child("nas", name, algo).seed, budget },
      range(ctx.inputs.nas.runs),
    );
    nas[algo] = runs.reduce((acc, x) => acc + x.finalReport, 0) / runs.length;
    nasCurves[algo] = thinCurve(anytimeCurve(runs, budget));
  }
  return { nas, nasCurves };
}

/** Per-space summaries over the seeds, the averaged EDF curves and the summed FLOP histograms. */
function summarise(ctx: CompareContext, records: readonly SeedRecord[]): CompareResult {
  const names = Object.keys(records[0].methods);
  const summaries = names.map((name) =>
    summary(
      ctx,
      name,
      records.map((r) => r.methods[name]),
    ),
  );
  const curves: Record<string, number[]> = {};
  for (const name of names) {
    const acc = new Float64Array(ctx.grid.length);
    for (const r of records) {
      r.edf[name].forEach((v, i) => {
        acc[i] += v / records.length;
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
    seeds: [...ctx.inputs.seeds],
    goodThreshold: ctx.original.goodThreshold,
    originalBest: ctx.originalBest,
    partial: ctx.inputs.table ? sampleNote(ctx.inputs.table) : null,
    methods: summaries,
    edf: { errors: ctx.grid, curves },
    flopHistograms,
  };
}

/** One space's figures: means with 95 % intervals over the seeds. */
function summary(ctx: CompareContext, name: string, list: SeedOutcome[]): MethodSummary {
  const num = (g: (o: SeedOutcome) => number) => meanCI(list.map(g));
  const size = num((o) => Number(o.comparison.shrunk.size));
  const si = num((o) => o.comparison.shrinkIndex);
  const nas: MethodSummary["nas"] = {};
  for (const algo of ctx.inputs.nas.algos) {
    const c = num((o) => o.nas[algo]);
    nas[algo] = { mean: c.mean, lo: c.lo, hi: c.hi };
  }
  const ksL = list.every((o) => o.ksVsLissnas)
    ? { d: num((o) => o.ksVsLissnas!.d).mean, pValue: num((o) => o.ksVsLissnas!.pValue).mean }
    : null;
  const flops = list.every((o) => o.comparison.shrunk.flops)
    ? num((o) => o.comparison.shrunk.flops!.coverage).mean
    : null;
  return {
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
    ...(list.every((o) => o.paid)
      ? {
          paid: {
            members: num((o) => o.paid!.members).mean,
            membersFeasibleTruth: num((o) => o.paid!.membersFeasibleTruth).mean,
            membersUnqueried: num((o) => o.paid!.membersUnqueried).mean,
          },
        }
      : {}),
    perSeed: list,
  };
}

/** A member set over `base` holding the members of `s` (a pool's sub-space is re-based on the space). */
function overBase(base: SearchSpace, s: MemberSet): MemberSet {
  if (s.base === base) return s;
  const out = new MemberSet(base, s.count);
  for (let i = 0; i < s.count; i++) out.add(s.at(i));
  return out.sorted();
}

/** The pool members a product sub-space allows, as a member set over the base. */
export function poolPart(base: SearchSpace, pool: MemberSet, product: ProductSubspace): MemberSet {
  const out = new MemberSet(base, 16);
  for (let i = 0; i < pool.count; i++) {
    const a = pool.at(i);
    if (product.isValid(a)) out.add(a);
  }
  return out.sorted();
}

/**
 * A product rival limited to a partial table's pool and sized to `target` classes (#11): the largest
 * genotype target whose product holds at most `target` pool classes (`largestWithin`); the rival's space is
 * the pool members its product allows.
 */
export function sizedInPool(
  base: SearchSpace,
  pool: MemberSet,
  target: bigint,
  make: (genotypes: bigint) => ProductSubspace,
): MemberSet {
  return largestWithin(
    target,
    base.size(),
    (t) => poolPart(base, pool, make(t)),
    (s) => BigInt(s.count),
  );
}

/**
 * The result of `make(t)` for the largest genotype target t ≥ `target` whose `count` is at most `target`
 * (starting from make(target), which is kept whatever its count): doubling up to `full`, then bisection to
 * within 1/64 of t (`clamp`: targets above `full` are asked as `full`). Deterministic when `make` is (it
 * reuses one seeded stream).
 */
function largestWithin<S>(
  target: bigint,
  full: bigint,
  make: (t: bigint) => S,
  count: (s: S) => bigint,
  first: S = make(target),
  clamp = true,
): S {
  let best = first;
  let lo = target;
  let hi = target * 2n;
  for (;;) {
    const s = make(clamp && hi > full ? full : hi);
    if (count(s) > target) break;
    best = s;
    lo = hi;
    if (hi >= full) return best;
    hi *= 2n;
  }
  while (hi - lo > 1n && hi - lo > lo / 64n) {
    const mid = (lo + hi) / 2n;
    const s = make(mid);
    if (count(s) <= target) {
      best = s;
      lo = mid;
    } else hi = mid;
  }
  return best;
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
  const first = make(target);
  if (classCount(first, base) === first.size()) return first; // no isomorphs inside: classes = genotypes
  return largestWithin(target, base.size(), make, (s) => classCount(s, base), first, false);
}
