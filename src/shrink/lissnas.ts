import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Objective } from "../data/evaluator.js";
import { QueryCounter } from "../data/queries.js";
import { quantileSorted } from "../metrics/quantile.js";
import { AveragePredictor } from "../predictors/average.js";
import { BaggedPredictor } from "../predictors/bagged.js";
import { GbdtRegressor } from "../predictors/gbdt.js";
import type { Predictor, PredictorFactory } from "../predictors/predictor.js";
import { RidgePredictor } from "../predictors/ridge.js";
import { SelectingPredictor } from "../predictors/select.js";
import { type Arch, checkEncoding, type SearchSpace } from "../spaces/space.js";
import { GenotypePacker } from "./genotype-packer.js";
import { KeyIndex } from "./key-index.js";
import { type GenotypeSink, MemberSet } from "./member-set.js";
import { eachNeighbour } from "./neighbourhood.js";
import { SubSpace } from "./subspace.js";

/**
 * Knobs of LISSNAS (paper §4.3). Every knob has a documented default; `resolveLissnasOptions` fills them in
 * and rejects bad values with one-line errors before any work starts.
 */
export interface LissnasOptions {
  /** Uniform samples of the original space scored by the predictor (§4.3 1a: "at least 1000"). Default 1000. */
  initialSamples?: number;
  /** Total queries (unique canonical architectures evaluated) spent on training the predictor. Default 100. */
  budget?: number;
  /** Queries drawn uniformly from the initial samples before the first fit. Default ⌈budget / 2⌉. */
  initialQueries?: number;
  /**
   * Queries per iteration, spent on the best predicted not-yet-queried candidates (then the predictor is
   * refitted), until the budget is spent. Default ⌈budget / 5⌉ (20 of 100: the model-guided half of the budget
   * in ≤ 3 rounds, so that measured seeds are the best of many; issue #14, second pass, docs/shrink.md; 10
   * before). 0 = train once on the initial queries (the plain paper reading, ablation "one-shot predictor").
   */
  queriesPerIteration?: number;
  /** Seeds per iteration: the best queried architectures (`observedSeeds`) or best-scored candidates (§4.3 1c). Default 20. */
  seeds?: number;
  /** Threshold edit distance of neighbour generation (§4.3 2a). Default ⌈maxEditDistance / 3⌉. */
  threshold?: number;
  /** Most genotypes generated around one seed; larger balls are sampled (see `neighbourhood`). Default 5000. */
  neighbourLimit?: number;
  /**
   * Pruning bar: neighbours predicted below the `pruneQuantile` quantile of the predictions over the initial
   * samples are dropped (seeds never are). Default 0.98 (issue #14: chosen on NB201 CIFAR-10/100 and
   * NAS-Bench-Macro, checked on held-out landscapes, docs/shrink.md); `null` = no pruning.
   */
  pruneQuantile?: number | null;
  /** Maximum iterations. Default 10. */
  maxIterations?: number;
  /**
   * The constructed space's mean predicted accuracy must exceed the previous space's (re-scored with the
   * current predictor) by more than this to go on; otherwise it fell or plateaued and the previous space is
   * returned (§4.3 2b–2c). Default 0.
   */
  minRise?: number;
  /**
   * FLOP strata: the candidates' cost range is cut into this many equal-width bins and the best predicted
   * candidate of each bin is added as an extra seed, so pockets span the whole FLOP range (§5.4). Needs a
   * cost function. Default 10 when one is given, else 0 (off).
   */
  strata?: number;
  /**
   * Core pockets: every architecture within `coreRadius` of the `coreSeeds` best seeds is kept, whatever its
   * prediction (the locality premise: a neighbour of a top seed performs like it). Default 1 and 5; 0 = off.
   */
  coreRadius?: number;
  coreSeeds?: number;
  /**
   * Core-pocket floor (issue #14): a core-pocket architecture is kept only when scored at or above this
   * quantile of the initial samples' scores, so one catastrophic edit next to a top seed (an edge set to
   * `none`/`zero`, a broken cell) does not enter unchecked. `null` = keep the whole pocket. Default 0.8 (the
   * predicted top 20 %; 0.5 before the second issue-14 pass, docs/shrink.md).
   */
  coreQuantile?: number | null;
  /** Encoding fed to the predictor. Default: the space's first (default) encoding. */
  encoding?: string;
  /**
   * Which model scores the candidates (issue #14, third pass, docs/shrink.md; none beat the default there,
   * the others are kept as ablations). "given" (default) = the caller's `predictor` alone; "cv" = at every
   * fit, the caller's model or ridge regression (λ = 1), whichever has the higher 5-fold cross-validated
   * Spearman ρ on the queried architectures; "cv-shallow" = the same between the caller's model and
   * "shallow-gbdt" (depth 3, eta 0.05, 300 rounds, min child weight 3, subsample 0.8); "mean" = the mean of
   * the caller's model and ridge; "ridge" = ridge alone; "bagged" = the mean of 5 copies of the caller's
   * model, each fitted on 80 % of the queried rows. Every rule sees only the queried architectures.
   */
  predictorChoice?: PredictorChoiceRule;
  /**
   * Measured seeds (issue #14): the `seeds` top seeds are the best *queried* architectures (by observed value),
   * not the best-scored candidates, which mix observed values with predictions: with the first-pass defaults
   * the queried seeds were 29–99 % in the reported top 5 %, the predicted-only ones 8–39 %
   * (bench/lissnas-doors.ts, 9 landscapes, seeds 0–9; docs/shrink.md). FLOP strata seeds are still chosen by
   * score. Default true; false = the best-scored candidates (the issue-4 reading).
   */
  observedSeeds?: boolean;
  /**
   * Whether a queried architecture is scored by its observed value instead of its prediction (seeds are then
   * the best known or predicted). Default true.
   */
  useObserved?: boolean;
}

/** Values of `LissnasOptions.predictorChoice`. */
export const PREDICTOR_CHOICES = [
  "given",
  "cv",
  "cv-shallow",
  "mean",
  "ridge",
  "bagged",
  "shallow-gbdt",
] as const;
export type PredictorChoiceRule = (typeof PREDICTOR_CHOICES)[number];

/** Options with every default filled in. */
export type ResolvedLissnasOptions = Required<Omit<LissnasOptions, "pruneQuantile" | "coreQuantile">> & {
  pruneQuantile: number | null;
  coreQuantile: number | null;
};

/** One iteration of the log. True values (meanTrue, pGoodTrue) are for reporting only. */
export interface IterationLog {
  iteration: number;
  /** Seeds (top predicted + strata seeds). */
  seeds: number;
  /** Candidates the seeds were chosen from (initial samples ∪ previous space ∪ queried). */
  candidates: number;
  /** Genotypes generated around the seeds (before pruning, canonical classes). */
  generated: number;
  /** Members of the space constructed in this iteration. */
  size: number;
  /** Queries spent so far (cumulative). */
  queries: number;
  /** The pruning bar, or null without pruning. */
  bar: number | null;
  /** Mean predicted accuracy of this iteration's space. */
  meanPredicted: number;
  /** Mean predicted accuracy of the previous space (the initial samples for iteration 1), same predictor. */
  previousMeanPredicted: number;
  /** Whether this iteration's space was kept (iteration 1 always; later ones when the mean rose). */
  accepted: boolean;
  /** Mean true value of the members, when a truth oracle was given (reporting only). */
  meanTrue?: number;
  /** Fraction of members at or above the good threshold, when given (reporting only). */
  pGoodTrue?: number;
}

export interface LissnasInputs {
  space: SearchSpace;
  /** The objective queried (through a QueryCounter: one query per new canonical class). */
  objective: Objective;
  /** Makes the predictor (refitted whenever new queries arrive). */
  predictor: PredictorFactory;
  rng: Rng;
  /** Cost (e.g. MFLOPs) of an architecture, for the FLOP strata. */
  cost?: (a: Arch) => number;
  /** Reporting only: true values and the good threshold for the per-iteration log. Never steers. */
  truth?: { objective: Objective; goodThreshold?: number };
  /** Called after each iteration with its log entry. */
  onIteration?: (log: IterationLog) => void;
}

export type StopReason = "fell" | "plateau" | "max-iterations";

export interface LissnasResult {
  /** The shrunk space, members in ascending key order. */
  space: MemberSet;
  options: ResolvedLissnasOptions;
  iterations: IterationLog[];
  /** The iteration whose space was returned. */
  chosenIteration: number;
  stopReason: StopReason;
  /** Queries spent (unique canonical architectures evaluated), and repeats/isomorphs served free. */
  queries: number;
  repeats: number;
  isomorphs: number;
  /** Queries whose evaluation failed (asynchronous evaluators; skipped, counted as spent). */
  failed: number;
  /** Canonical keys, observed values and canonical genotypes of the queried architectures, in query order. */
  queried: { keys: Float64Array; values: Float64Array; archs: Arch[] };
  /** The model each fit used, in fit order (with `predictorChoice` "cv": the one cross-validation picked). */
  fitted: string[];
  /** Canonical keys of the seeds of the returned space. */
  seedKeys: Float64Array;
  /** Canonical keys of the returned space's members that entered through a core pocket (seeds excluded). */
  coreKeys: Float64Array;
}

/** Fills in defaults and checks every knob; throws a one-line UsageError on the first bad one. */
export function resolveLissnasOptions(
  space: SearchSpace,
  o: LissnasOptions,
  hasCost: boolean,
): ResolvedLissnasOptions {
  const maxD = space.maxEditDistance();
  const classes = space.uniqueSize ? space.uniqueSize() : space.size();
  const int = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(v) || v < min || v > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
      throw new UsageError(`shrink: ${name} must be an integer ${range}, got ${v}`);
    }
    return v;
  };
  const budget = o.budget ?? 100;
  int("budget", budget, 2);
  if (BigInt(budget) > classes) {
    throw new UsageError(
      `shrink: budget ${budget} exceeds the ${classes} distinct architectures of ${space.id}`,
    );
  }
  const initialSamples = int("initialSamples", o.initialSamples ?? 1000, 1);
  if (BigInt(initialSamples) > classes) {
    throw new UsageError(
      `shrink: ${initialSamples} initial samples exceed the ${classes} distinct architectures of ${space.id}`,
    );
  }
  const initialQueries = int("initialQueries", o.initialQueries ?? Math.ceil(budget / 2), 2, budget);
  if (initialQueries > initialSamples) {
    throw new UsageError(`shrink: initialQueries ${initialQueries} exceeds initialSamples ${initialSamples}`);
  }
  const seeds = o.seeds ?? 20;
  if (seeds === 0)
    throw new UsageError("shrink: seeds (--seed-count) must be at least 1 (zero seeds build nothing)");
  int("seeds", seeds, 1);
  if (
    o.threshold !== undefined &&
    (!Number.isInteger(o.threshold) || o.threshold < 0 || o.threshold > maxD)
  ) {
    throw new UsageError(
      `shrink: threshold ${o.threshold} is outside 0..${maxD}, the edit distances of ${space.id}`,
    );
  }
  const threshold = o.threshold ?? Math.ceil(maxD / 3);
  const pq = o.pruneQuantile === undefined ? 0.98 : o.pruneQuantile;
  if (pq !== null && !(pq >= 0 && pq < 1)) {
    throw new UsageError(`shrink: pruneQuantile must be in [0, 1) or null (no pruning), got ${pq}`);
  }
  const cq = o.coreQuantile === undefined ? 0.8 : o.coreQuantile;
  if (cq !== null && !(cq >= 0 && cq < 1)) {
    throw new UsageError(`shrink: coreQuantile must be in [0, 1) or null (whole pockets), got ${cq}`);
  }
  const strata = o.strata ?? (hasCost ? 10 : 0);
  int("strata", strata, 0, 1000);
  if (strata > 0 && !hasCost)
    throw new UsageError("shrink: strata need a cost function (FLOPs), and none is given");
  const encoding = o.encoding ?? space.encodings[0];
  checkEncoding(space, encoding);
  const predictorChoice = o.predictorChoice ?? "given";
  if (!PREDICTOR_CHOICES.includes(predictorChoice))
    throw new UsageError(
      `shrink: predictorChoice must be one of ${PREDICTOR_CHOICES.join(", ")}, got ${String(predictorChoice)}`,
    );
  const minRise = o.minRise ?? 0;
  if (!Number.isFinite(minRise) || minRise < 0)
    throw new UsageError(`shrink: minRise must be ≥ 0, got ${minRise}`);
  return {
    initialSamples,
    budget,
    initialQueries,
    queriesPerIteration: int("queriesPerIteration", o.queriesPerIteration ?? Math.ceil(budget / 5), 0),
    seeds,
    threshold,
    neighbourLimit: int("neighbourLimit", o.neighbourLimit ?? 5000, 1),
    pruneQuantile: pq,
    maxIterations: int("maxIterations", o.maxIterations ?? 10, 1),
    coreRadius: int("coreRadius", o.coreRadius ?? 1, 0, threshold),
    coreSeeds: int("coreSeeds", o.coreSeeds ?? 5, 0),
    coreQuantile: cq,
    minRise,
    strata,
    encoding,
    predictorChoice,
    observedSeeds: o.observedSeeds ?? true,
    useObserved: o.useObserved ?? true,
  };
}

/**
 * The iteration rule of LISSNAS (§4.3 2b–2c): the space built in iteration t is kept when t = 1 (there must be
 * a space) or when its mean predicted accuracy exceeds the previous space's by more than `minRise`; otherwise
 * the mean "fell" (it is lower) or "plateaued" (it rose by at most minRise) and the previous space is returned.
 */
export function terminationRule(
  iteration: number,
  meanNow: number,
  meanPrevious: number,
  minRise: number,
): { accepted: boolean; reason?: "fell" | "plateau" } {
  if (iteration === 1 || meanNow > meanPrevious + minRise) return { accepted: true };
  return { accepted: false, reason: meanNow < meanPrevious ? "fell" : "plateau" };
}

/** Candidates encoded and predicted at a time (bounds the encoding buffer: 64 Ki rows). */
const PREDICT_BLOCK = 65_536;

/** Candidates per page of the candidate store (pages are never copied when the store grows). */
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

/** Per-candidate flags of one iteration (bits of `Candidates.flags`). */
const IN_BALL = 1;
const IN_SPACE = 2;
const IN_POOL2 = 4;

/**
 * Candidates seen by the shrinker, stored compactly (issue 17: 9·10⁶ of them in < 1 GB): canonical keys in a
 * KeyIndex; bit-packed canonical genotypes, predictions, costs (NaN = not computed; only with a cost
 * function) and iteration flags in pages of 2^16 candidates, so growing never copies them; observed values
 * in a Map (only the ~100 queried candidates have one).
 */
class Candidates {
  index = new KeyIndex(1024);
  private readonly packer: GenotypePacker;
  private readonly genoPages: Uint8Array[] = [];
  private readonly predPages: Float64Array[] = [];
  private readonly costPages: Float64Array[] = [];
  private readonly flagPages: Uint8Array[] = [];
  /** Observed values by id (NaN = the evaluation failed). */
  private readonly observedById = new Map<number, number>();
  /** Candidates [0, predicted) carry a prediction of the current predictor. */
  predicted = 0;

  constructor(
    readonly L: number,
    cardinalities: Uint8Array,
    private readonly withCost: boolean,
  ) {
    this.packer = new GenotypePacker(cardinalities);
  }

  get size(): number {
    return this.index.size;
  }

  /** Adds a canonical genotype; returns its id (an existing one when its key was seen). */
  add(key: number, canonical: Arch): number {
    const before = this.index.size;
    const id = this.index.add(key);
    if (id < before) return id;
    const page = id >> PAGE_BITS;
    if (page === this.genoPages.length) {
      this.genoPages.push(new Uint8Array(PAGE * this.packer.bytes + 1));
      this.predPages.push(new Float64Array(PAGE));
      this.flagPages.push(new Uint8Array(PAGE));
      if (this.withCost) this.costPages.push(new Float64Array(PAGE).fill(Number.NaN));
    }
    this.packer.pack(canonical, this.genoPages[page], (id & PAGE_MASK) * this.packer.bytes);
    return id;
  }

  /** The canonical genotype of candidate `id` (a new array). */
  arch(id: number): Arch {
    return this.archInto(id, new Uint8Array(this.L));
  }

  /** Hands candidate `id`'s packed genotype to a member set being built, under `key` (not unpacked). */
  giveTo(sink: GenotypeSink, id: number, key: number): void {
    const page = this.genoPages[id >> PAGE_BITS];
    sink.putPacked(key, page, (id & PAGE_MASK) * this.packer.bytes, this.packer);
  }

  /** The canonical genotype of candidate `id`, written into `out` (no allocation in hot loops). */
  archInto(id: number, out: Uint8Array, outAt = 0): Arch {
    const page = this.genoPages[id >> PAGE_BITS];
    return this.packer.unpack(page, (id & PAGE_MASK) * this.packer.bytes, out, outAt);
  }

  pred(id: number): number {
    return this.predPages[id >> PAGE_BITS][id & PAGE_MASK];
  }

  setPred(id: number, v: number): void {
    this.predPages[id >> PAGE_BITS][id & PAGE_MASK] = v;
  }

  /** The observed value of `id`, NaN when not queried (or failed). */
  observed(id: number): number {
    return this.observedById.get(id) ?? Number.NaN;
  }

  setObserved(id: number, v: number): void {
    this.observedById.set(id, v);
  }

  cost(id: number): number {
    return this.costPages[id >> PAGE_BITS][id & PAGE_MASK];
  }

  setCost(id: number, v: number): void {
    this.costPages[id >> PAGE_BITS][id & PAGE_MASK] = v;
  }

  hasFlag(id: number, f: number): boolean {
    return (this.flagPages[id >> PAGE_BITS][id & PAGE_MASK] & f) !== 0;
  }

  setFlag(id: number, f: number): void {
    this.flagPages[id >> PAGE_BITS][id & PAGE_MASK] |= f;
  }

  /** Clears every iteration flag. */
  clearFlags(): void {
    for (const p of this.flagPages) p.fill(0);
  }

  /** The keys by id, dropping the hash table (no `add` or `indexOf` after this). */
  releaseIndex(): Float64Array {
    const keys = this.index.keys();
    this.index = new KeyIndex(0);
    return keys;
  }

  /** Drops the predictions, costs and flags (the result needs only keys and genotypes). */
  releaseScores(): void {
    this.predPages.length = 0;
    this.costPages.length = 0;
    this.flagPages.length = 0;
  }
}

/** A growable list of candidate ids (an Int32Array grown by 1.5×, instead of a JS number array). */
class IdList {
  private data = new Int32Array(1024);
  length = 0;

  push(id: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(Math.ceil(this.data.length * 1.5));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = id;
  }

  /** The ids (a view, valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * LISSNAS: locality-based iterative search-space shrinkage (Gopal et al., paper §4.3), with every knob
 * explicit (see `LissnasOptions`).
 *
 * 1. Draw `initialSamples` distinct architectures uniformly (canonical classes; §4.3 1a).
 * 2. Query `initialQueries` of them (uniformly chosen) and fit the predictor (§4.3 1b).
 * 3. Iterate, at most `maxIterations` times:
 *    a. candidates = initial samples ∪ previous space ∪ queried; score = observed value for queried ones
 *       (`useObserved`), else the prediction;
 *    b. while budget remains, query the `queriesPerIteration` best-scored unqueried candidates and refit;
 *    c. seeds = the `seeds` best queried architectures (`observedSeeds`; else the best-scored candidates,
 *       §4.3 1c), plus, with `strata` > 0, the best-scored
 *       candidate of each equal-width cost bin (over the candidates and the seeds' neighbours);
 *    d. neighbours = the architectures within `threshold` edit distance of each seed (§4.3 2a), scored;
 *    e. the space = seeds ∪ neighbours scored at or above the bar (the `pruneQuantile` quantile of the scores
 *       of the initial samples), or ∪ all neighbours without pruning (§4.3 2b);
 *    f. from iteration 2 on: when its mean score does not exceed the previous space's mean score (re-scored
 *       with the current predictor) by more than `minRise`, stop and return the previous space (§4.3 2c).
 * 4. After `maxIterations` iterations, return the last space.
 *
 * All randomness comes from `rng` (named child streams). True values (`truth`) only fill the log.
 */
export function lissnas(inputs: LissnasInputs, options: LissnasOptions = {}): LissnasResult {
  const { space, rng } = inputs;
  const opts = resolveLissnasOptions(space, options, inputs.cost !== undefined);
  const L = space.genotypeLength;
  const counter = new QueryCounter(space, inputs.objective);
  const cands = new Candidates(L, space.cardinalities, inputs.cost !== undefined);
  const width = space.encodingLength(opts.encoding);

  // 1. Initial uniform samples (distinct canonical classes).
  const pool: number[] = [];
  {
    const r = rng.child("initial-samples");
    const maxDraws = opts.initialSamples * 100 + 1000;
    for (let draws = 0; pool.length < opts.initialSamples; draws++) {
      if (draws >= maxDraws) {
        throw new UsageError(
          `shrink: found only ${pool.length} distinct architectures in ${draws} uniform draws (asked ${opts.initialSamples})`,
        );
      }
      const c = space.canonical(space.sample(r));
      const before = cands.size;
      const id = cands.add(space.key(c), c);
      if (id >= before) pool.push(id);
    }
  }

  // 2. Initial queries and first fit.
  const queriedIds: number[] = [];
  // #11: ids whose evaluation failed (NaN): no training target, never a seed, never queried again
  const failedIds = new Set<number>();
  const query = (id: number) => {
    const v = counter.evaluate(cands.arch(id));
    cands.setObserved(id, v);
    if (Number.isNaN(v)) failedIds.add(id); // #11
    queriedIds.push(id);
  };
  {
    const picks = rng.child("initial-queries").sampleIndices(pool.length, opts.initialQueries);
    counter.declare(Array.from(picks, (p) => cands.arch(pool[p]))); // #11: one batch for the engine
    for (const p of picks) query(pool[p]);
  }
  let fits = 0;
  const fitted: string[] = [];
  let model = fitPredictor();

  function fitPredictor() {
    const trained = failedIds.size > 0 ? queriedIds.filter((id) => !failedIds.has(id)) : queriedIds; // #11
    const x = new Float32Array(trained.length * width);
    const y = new Float64Array(trained.length);
    for (let i = 0; i < trained.length; i++) {
      space.encode(cands.arch(trained[i]), opts.encoding, x, i * width);
      y[i] = cands.observed(trained[i]);
    }
    const p = makePredictor(inputs.predictor, opts.predictorChoice);
    p.fit(x, width, y, rng.child("fit", fits++));
    fitted.push(p instanceof SelectingPredictor ? p.chosen : p.name);
    cands.predicted = 0;
    return p;
  }

  /** Predicts every candidate not yet scored by the current model. */
  function predictAll(): void {
    const from = cands.predicted;
    const n = cands.size - from;
    if (n <= 0) return;
    // in blocks: encoding 10⁶ new candidates at once took n × width × 4 bytes (640 MB for a 20 × 8 space);
    // rows are predicted independently, so the predictions are the same
    const block = Math.min(n, PREDICT_BLOCK);
    const x = new Float32Array(block * width);
    const scratch = new Uint8Array(L);
    for (let start = 0; start < n; start += block) {
      const m = Math.min(block, n - start);
      const xs = m === block ? x : x.subarray(0, m * width);
      for (let i = 0; i < m; i++)
        space.encode(cands.archInto(from + start + i, scratch), opts.encoding, xs, i * width);
      const y = model.predict(xs, width);
      for (let i = 0; i < m; i++) cands.setPred(from + start + i, y[i]);
    }
    cands.predicted = cands.size;
  }

  const score = (id: number) => {
    if (!opts.useObserved) return cands.pred(id);
    const o = cands.observed(id);
    return Number.isNaN(o) ? cands.pred(id) : o;
  };
  /** Best-first order: higher score, then smaller key (deterministic ties). */
  const better = (a: number, b: number) => score(b) - score(a) || cands.index.keyAt(a) - cands.index.keyAt(b);
  const meanScore = (ids: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < ids.length; i++) s += score(ids[i]);
    return ids.length > 0 ? s / ids.length : Number.NaN;
  };
  const costOf = (id: number) => {
    if (Number.isNaN(cands.cost(id))) cands.setCost(id, inputs.cost!(cands.arch(id)));
    return cands.cost(id);
  };

  const logs: IterationLog[] = [];
  let previous: Int32Array | null = null;
  let previousSeeds = new Float64Array(0);
  let previousCore = new Float64Array(0);
  let chosen = 0;
  let stopReason: StopReason = "max-iterations";

  for (let t = 1; t <= opts.maxIterations; t++) {
    predictAll();
    // a. candidates
    const mark = new Uint8Array(cands.size);
    const candidates: number[] = [];
    const addCand = (id: number) => {
      if (mark[id]) return;
      mark[id] = 1;
      candidates.push(id);
    };
    for (const id of pool) addCand(id);
    if (previous) for (const id of previous) addCand(id);
    for (const id of queriedIds) addCand(id);

    // b. queries on the best-scored unqueried candidates, then refit
    if (opts.queriesPerIteration > 0 && counter.queries < opts.budget) {
      const want = Math.min(opts.queriesPerIteration, opts.budget - counter.queries);
      const order = candidates
        .filter((id) => Number.isNaN(cands.observed(id)) && !failedIds.has(id))
        .sort(better);
      counter.declare(order.slice(0, want).map((id) => cands.arch(id))); // #11: one batch for the engine
      for (let i = 0; i < want && i < order.length; i++) query(order[i]);
      model = fitPredictor();
      predictAll();
    }

    // c. seeds
    const ranked = (
      opts.observedSeeds
        ? queriedIds.filter((id) => !failedIds.has(id))
        : failedIds.size > 0
          ? candidates.filter((id) => !failedIds.has(id))
          : candidates.slice()
    ).sort(better); // #11
    const seedIds: number[] = ranked.slice(0, opts.seeds);
    const isSeed = new Set(seedIds);

    // d. neighbours of the top seeds
    cands.clearFlags();
    const ballList = new IdList();
    /** Candidate ids of the canonical architectures generated within `radius` of a seed (stream `label`). */
    // (streamed: each generated genotype is stored as it comes, never a list of them all)
    const around = (seedId: number, radius: number, label: string, visit: (id: number) => void): void => {
      const key = cands.index.keyAt(seedId);
      eachNeighbour(space, cands.arch(seedId), radius, opts.neighbourLimit, rng.child(label, t, key), (b) => {
        const c = space.canonical(b);
        visit(cands.add(space.key(c), c));
      });
    };
    const grow = (seedId: number) =>
      around(seedId, opts.threshold, "ball", (id) => {
        if (!cands.hasFlag(id, IN_BALL)) {
          cands.setFlag(id, IN_BALL);
          ballList.push(id);
        }
      });
    for (const id of seedIds) grow(id);
    predictAll();

    // c'. strata seeds over candidates ∪ neighbours
    if (opts.strata > 0) {
      const pool2 = new IdList();
      for (const id of candidates) pool2.push(id);
      for (const id of ballList.view()) if (id >= mark.length || !mark[id]) pool2.push(id);
      for (const id of pool2.view()) cands.setFlag(id, IN_POOL2);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      let loId = -1;
      let hiId = -1;
      for (const id of pool2.view()) {
        const c = costOf(id);
        if (c < lo) [lo, loId] = [c, id];
        if (c > hi) [hi, hiId] = [c, id];
      }
      // Reach the ends of the cost range: greedy cost descent (ascent) over neighbours from the cheapest
      // (costliest) candidate. Costs are analytic or static, so this spends no query.
      const extend = (from: number, sign: number) => {
        let cur = from;
        for (let step = 0; step < 10_000; step++) {
          let next = -1;
          let nextCost = costOf(cur);
          for (const b of space.neighbours(cands.arch(cur).slice())) {
            const cb = space.canonical(b);
            const id = cands.add(space.key(cb), cb);
            const c = costOf(id);
            if (!cands.hasFlag(id, IN_POOL2)) {
              cands.setFlag(id, IN_POOL2);
              pool2.push(id);
            }
            if (sign * (c - nextCost) > 0) [next, nextCost] = [id, c];
          }
          if (next < 0) return nextCost;
          cur = next;
        }
        return costOf(cur);
      };
      if (loId >= 0) lo = extend(loId, -1);
      if (hiId >= 0) hi = extend(hiId, 1);
      predictAll();
      // One best-scored candidate per equal-width bin, plus the best-scored of the cheapest and of the
      // costliest candidates (the bins' best can sit inside their bins, short of the range's ends).
      const best = new Int32Array(opts.strata + 2).fill(-1);
      for (const id of pool2.view()) {
        const c = costOf(id);
        if (c < lo || c > hi) continue;
        const bin = hi > lo ? Math.min(opts.strata - 1, Math.floor(((c - lo) / (hi - lo)) * opts.strata)) : 0;
        if (best[bin] < 0 || better(id, best[bin]) < 0) best[bin] = id;
        if (c === lo && (best[opts.strata] < 0 || better(id, best[opts.strata]) < 0)) best[opts.strata] = id;
        if (c === hi && (best[opts.strata + 1] < 0 || better(id, best[opts.strata + 1]) < 0))
          best[opts.strata + 1] = id;
      }
      for (const id of best) {
        if (id >= 0 && !isSeed.has(id)) {
          isSeed.add(id);
          seedIds.push(id);
          grow(id);
        }
      }
      predictAll();
    }

    // e. the constructed space
    let bar: number | null = null;
    const poolScores = Float64Array.from(pool, score).sort();
    if (opts.pruneQuantile !== null) bar = quantileSorted(poolScores, opts.pruneQuantile);
    const coreBar = opts.coreQuantile === null ? null : quantileSorted(poolScores, opts.coreQuantile);
    const members = new IdList();
    for (const id of seedIds) {
      cands.setFlag(id, IN_SPACE);
      members.push(id);
    }
    // Core pockets: everything within coreRadius of the best coreSeeds seeds scored at or above the core
    // floor (or all of it without one).
    const core: number[] = [];
    for (let c = 0; c < Math.min(opts.coreSeeds, seedIds.length) && opts.coreRadius > 0; c++) {
      around(seedIds[c], opts.coreRadius, "core", (id) => core.push(id));
    }
    predictAll();
    const coreMembers: number[] = [];
    for (const id of core) {
      if (!cands.hasFlag(id, IN_SPACE) && (coreBar === null || score(id) >= coreBar)) {
        cands.setFlag(id, IN_SPACE);
        members.push(id);
        coreMembers.push(id);
      }
    }
    for (const id of ballList.view()) {
      if (cands.hasFlag(id, IN_SPACE)) continue;
      if (bar === null || score(id) >= bar) {
        cands.setFlag(id, IN_SPACE);
        members.push(id);
      }
    }
    const current = members.view().slice();
    const meanNow = meanScore(current);
    const meanPrev = previous ? meanScore(previous) : meanScore(pool);
    const { accepted, reason } = terminationRule(t, meanNow, meanPrev, opts.minRise);
    const log: IterationLog = {
      iteration: t,
      seeds: seedIds.length,
      candidates: candidates.length,
      generated: ballList.length,
      size: current.length,
      queries: counter.queries,
      bar,
      meanPredicted: meanNow,
      previousMeanPredicted: meanPrev,
      accepted,
    };
    if (inputs.truth) {
      let s = 0;
      let good = 0;
      for (const id of current) {
        const v = inputs.truth.objective(cands.arch(id));
        s += v;
        if (inputs.truth.goodThreshold !== undefined && v >= inputs.truth.goodThreshold) good++;
      }
      log.meanTrue = s / current.length;
      if (inputs.truth.goodThreshold !== undefined) log.pGoodTrue = good / current.length;
    }
    logs.push(log);
    inputs.onIteration?.(log);
    if (!accepted) {
      stopReason = reason!;
      break;
    }
    previous = current;
    previousSeeds = Float64Array.from(seedIds, (id) => cands.index.keyAt(id));
    previousCore = Float64Array.from(coreMembers, (id) => cands.index.keyAt(id));
    chosen = t;
  }

  const queried = {
    keys: Float64Array.from(queriedIds, (id) => cands.index.keyAt(id)),
    values: Float64Array.from(queriedIds, (id) => cands.observed(id)),
    archs: queriedIds.map((id) => cands.arch(id)),
  };
  return {
    space: resultSpace(space, cands, previous!),
    options: opts,
    iterations: logs,
    chosenIteration: chosen,
    stopReason,
    queries: counter.queries,
    repeats: counter.repeats,
    isomorphs: counter.isomorphs,
    failed: failedIds.size,
    queried,
    fitted,
    seedKeys: previousSeeds,
    coreKeys: previousCore,
  };
}

/** The model `predictorChoice` asks for, around the caller's factory (see `LissnasOptions.predictorChoice`). */
function makePredictor(given: PredictorFactory, rule: PredictorChoiceRule): Predictor {
  const ridge = () => new RidgePredictor(1);
  const shallow = () =>
    new GbdtRegressor({ maxDepth: 3, eta: 0.05, nEstimators: 300, minChildWeight: 3, subsample: 0.8 });
  if (rule === "shallow-gbdt") return shallow();
  if (rule === "bagged") return new BaggedPredictor(given, 5, 0.8);
  if (rule === "cv-shallow")
    return new SelectingPredictor([
      { name: "given", make: given },
      { name: "shallow", make: shallow },
    ]);
  if (rule === "mean") return new AveragePredictor([given, ridge]);
  if (rule === "ridge") return ridge();
  if (rule === "cv")
    return new SelectingPredictor([
      { name: "given", make: given },
      { name: "ridge", make: ridge },
    ]);
  return given();
}

/**
 * The returned space: the members `ids`, in ascending key order. The candidates' keys are the space's
 * canonical keys and their genotypes canonical, so the keys are sorted natively and each genotype is
 * copied, still bit-packed, straight to its rank (issue 17: adding 9·10⁶ members one by one to a set and then copying it
 * `sorted()` held the members twice and took ~20 s). The candidates' scores are released first.
 */
function resultSpace(space: SearchSpace, cands: Candidates, ids: Int32Array): MemberSet {
  cands.releaseScores();
  if (space instanceof SubSpace) {
    // #11: members of a sub-space (a partial table's pool) are members of its base: the result is over the
    // base, whose keys may differ from the pool's
    const out = new MemberSet(space.base, ids.length);
    for (const id of ids) out.add(cands.arch(id));
    return out.sorted();
  }
  const byId = cands.releaseIndex(); // the result's own index finds the members' ranks
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) keys[i] = byId[ids[i]];
  keys.sort();
  return MemberSet.fromAscendingKeys(space, keys, (sink) => {
    for (const id of ids) cands.giveTo(sink, id, byId[id]);
  });
}
