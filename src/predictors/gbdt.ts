import { DataError, LissnasError, UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { binData } from "./binning.js";
import { CompiledEnsemble, type PredictMode } from "./compiled.js";
import { type Ensemble, EnsembleBuilder, treeCount, truncate } from "./ensemble.js";
import { ensembleFromJson, ensembleToJson } from "./model-json.js";
import type { Predictor } from "./predictor.js";
import { TreeGrower } from "./tree.js";

/**
 * Knobs of the GBDT regressor. Names follow XGBoost's (camel-cased); meanings are XGBoost's.
 * Defaults are NASLib's XGBoost predictor (eta 0.3, depth 6, min_child_weight 1, colsample 1, 500 rounds,
 * standardised labels) with XGBoost 1.7's other defaults (lambda 1, gamma 0, base_score 0.5, max_bin 256).
 */
export interface GbdtOptions {
  /** Boosting rounds (trees), ≥ 1. Default 500. */
  nEstimators: number;
  /** Learning rate (shrinkage) in (0, 1]. Default 0.3. */
  eta: number;
  /** Maximum tree depth, 1..16 (root at depth 0). Default 6. */
  maxDepth: number;
  /** Minimum hessian sum (here: sampled rows) in each child of a split, ≥ 0. Default 1. */
  minChildWeight: number;
  /** L2 regularisation of leaf weights, ≥ 0. Default 1. */
  lambda: number;
  /** Minimum loss reduction for a split (min_split_loss), ≥ 0. Default 0. */
  gamma: number;
  /** Fraction of rows sampled (Bernoulli) for each tree, in (0, 1]. Default 1. */
  subsample: number;
  /** Fraction of features sampled (without replacement) for each tree, in (0, 1]. Default 1. */
  colsampleBytree: number;
  /** Initial prediction of every row, in the (standardised) label scale. Default 0.5, XGBoost 1.7's. */
  baseScore: number;
  /** Maximum number of histogram bins per feature, 2..256. Default 256. */
  maxBin: number;
  /** Fit on (y − mean)/std and map predictions back, as NASLib does. Default true. */
  standardize: boolean;
  /** Stop when the validation RMSE has not improved for this many rounds; 0 turns early stopping off. */
  earlyStoppingRounds: number;
  /** Fraction of the training rows held out for early stopping, in (0, 1). Default 0.1. */
  validationFraction: number;
}

export const GBDT_DEFAULTS: Readonly<GbdtOptions> = Object.freeze({
  nEstimators: 500,
  eta: 0.3,
  maxDepth: 6,
  minChildWeight: 1,
  lambda: 1,
  gamma: 0,
  subsample: 1,
  colsampleBytree: 1,
  baseScore: 0.5,
  maxBin: 256,
  standardize: true,
  earlyStoppingRounds: 0,
  validationFraction: 0.1,
});

/** Checks options (unknown names, ranges) and fills defaults; throws a one-line UsageError. */
export function gbdtOptions(given: Partial<GbdtOptions> = {}): GbdtOptions {
  for (const k of Object.keys(given)) {
    if (!(k in GBDT_DEFAULTS)) throw new UsageError(`gbdt: unknown option '${k}'`);
  }
  const o: GbdtOptions = { ...GBDT_DEFAULTS, ...given };
  const num = (name: keyof GbdtOptions, ok: (v: number) => boolean, what: string) => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) {
      throw new UsageError(`gbdt: ${name} must be ${what}, got ${String(v)}`);
    }
  };
  const int = (v: number) => Number.isInteger(v);
  num("nEstimators", (v) => int(v) && v >= 1, "an integer ≥ 1");
  num("eta", (v) => v > 0 && v <= 1, "in (0, 1]");
  num("maxDepth", (v) => int(v) && v >= 1 && v <= 16, "an integer in 1..16");
  num("minChildWeight", (v) => v >= 0, "≥ 0");
  num("lambda", (v) => v >= 0, "≥ 0");
  num("gamma", (v) => v >= 0, "≥ 0");
  num("subsample", (v) => v > 0 && v <= 1, "in (0, 1]");
  num("colsampleBytree", (v) => v > 0 && v <= 1, "in (0, 1]");
  num("baseScore", () => true, "a finite number");
  num("maxBin", (v) => int(v) && v >= 2 && v <= 256, "an integer in 2..256");
  num("earlyStoppingRounds", (v) => int(v) && v >= 0, "an integer ≥ 0");
  num("validationFraction", (v) => v > 0 && v < 1, "in (0, 1)");
  if (typeof o.standardize !== "boolean") throw new UsageError(`gbdt: standardize must be true or false`);
  return o;
}

/** Checks a row-major matrix and its width; returns the number of rows. */
export function checkMatrix(who: string, x: Float32Array, width: number, expectWidth?: number): number {
  if (!(x instanceof Float32Array)) throw new UsageError(`${who}: features must be a Float32Array`);
  if (!Number.isInteger(width) || width < 1)
    throw new UsageError(`${who}: width must be an integer ≥ 1, got ${width}`);
  if (expectWidth !== undefined && width !== expectWidth) {
    throw new UsageError(`${who}: the model was fitted on ${expectWidth} features, got rows of ${width}`);
  }
  if (x.length % width !== 0) {
    throw new UsageError(`${who}: ${x.length} feature values do not fill rows of width ${width}`);
  }
  if (allFinite(x)) return x.length / width;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new LissnasError(
        `${who}: feature ${i % width} of row ${Math.floor(i / width)} is ${x[i]}; features must be finite`,
      );
    }
  }
  return x.length / width;
}

/**
 * Whether every value is finite: three native scans (`includes` compares with SameValueZero, so it finds
 * NaN). A JavaScript loop over the ~470,000 features of a table is run once per call, mostly before the
 * engine has compiled it (18 ms of a one-shot `predictor eval`, issue 17); the scans take well under 1 ms.
 */
function allFinite(x: Float32Array): boolean {
  return (
    !x.includes(Number.NaN) && !x.includes(Number.POSITIVE_INFINITY) && !x.includes(Number.NEGATIVE_INFINITY)
  );
}

/** Checks a fit call's targets against its rows. */
export function checkTargets(who: string, y: Float64Array, rows: number): void {
  if (!(y instanceof Float64Array)) throw new UsageError(`${who}: targets must be a Float64Array`);
  if (rows === 0) throw new LissnasError(`${who}: cannot fit on an empty training set`);
  if (y.length !== rows) throw new UsageError(`${who}: ${rows} rows but ${y.length} targets`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]))
      throw new LissnasError(`${who}: target of row ${i} is ${y[i]}; targets must be finite`);
  }
}

/** Mean and population standard deviation (1 when the targets are constant), as NASLib standardises. */
export function targetScale(y: ArrayLike<number>): { mean: number; std: number } {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let v = 0;
  for (let i = 0; i < y.length; i++) v += (y[i] - m) ** 2;
  const s = Math.sqrt(v / y.length);
  return { mean: m, std: s > 0 && Number.isFinite(s) ? s : 1 };
}

/** Splits 0..n−1 into (train, validation) index sets for early stopping. */
export function validationSplit(
  n: number,
  fraction: number,
  rng: Rng,
): { train: Int32Array; valid: Int32Array } {
  const nv = Math.round(n * fraction);
  if (nv < 1 || n - nv < 1) {
    throw new LissnasError(
      `early stopping needs at least one training and one validation row; ${n} rows with validationFraction ${fraction} give ${n - nv} and ${nv}`,
    );
  }
  const perm = rng.sampleIndices(n, n);
  const valid = perm.slice(0, nv).sort();
  const train = perm.slice(nv).sort();
  return { train, valid };
}

/** Selected rows of a row-major matrix. */
export function takeRows(x: Float32Array, width: number, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) out.set(x.subarray(idx[i] * width, (idx[i] + 1) * width), i * width);
  return out;
}

/**
 * The data of one fit, shared by both backends: the matrix and targets checked, the early-stopping
 * validation split taken (when `earlyStoppingRounds` > 0), and the targets standardised by the training
 * part's mean and standard deviation (when `standardize`; NASLib's convention).
 */
export interface TrainingSet {
  x: Float32Array;
  y: Float64Array;
  /** Standardised training targets. */
  z: Float64Array;
  xv?: Float32Array;
  /** Standardised validation targets. */
  zv?: Float64Array;
  scale: { mean: number; std: number };
}

export function trainingSet(
  who: string,
  x: Float32Array,
  width: number,
  y: Float64Array,
  o: GbdtOptions,
  rng: Rng,
): TrainingSet {
  const rows = checkMatrix(who, x, width);
  checkTargets(who, y, rows);
  let xt = x;
  let yt = y;
  let xv: Float32Array | undefined;
  let yv: Float64Array | undefined;
  if (o.earlyStoppingRounds > 0) {
    const { train, valid } = validationSplit(rows, o.validationFraction, rng.child("gbdt", "validation"));
    xt = takeRows(x, width, train);
    yt = Float64Array.from(train, (i) => y[i]);
    xv = takeRows(x, width, valid);
    yv = Float64Array.from(valid, (i) => y[i]);
  }
  const scale = o.standardize ? targetScale(yt) : { mean: 0, std: 1 };
  const z = Float64Array.from(yt, (v) => (v - scale.mean) / scale.std);
  const zv = yv ? Float64Array.from(yv, (v) => (v - scale.mean) / scale.std) : undefined;
  return { x: xt, y: yt, z, xv, zv, scale };
}

/** Early stopping on the validation RMSE: remembers the best round; stops after `patience` rounds without gain. */
export class EarlyStopping {
  best = Number.POSITIVE_INFINITY;
  bestRound = -1;
  constructor(readonly patience: number) {}

  /** Records round `round`'s validation RMSE; true when training should stop after this round. */
  observe(round: number, rmse: number): boolean {
    if (rmse < this.best) {
      this.best = rmse;
      this.bestRound = round;
      return false;
    }
    return round - this.bestRound >= this.patience;
  }
}

/**
 * Gradient-boosted regression trees with XGBoost's semantics, in TypeScript.
 *
 * Squared-error objective (gradient pred − y, hessian 1), second-order split gain, depth-wise histogram
 * trees (see tree.ts and binning.ts), shrinkage `eta`, L2 `lambda`, `gamma`, `minChildWeight`, row
 * subsampling and per-tree column sampling from the caller's Rng, and optional early stopping on a
 * held-out validation split (keeps the best round). Written by hand because no npm package trains good
 * GBDTs (ml-xgboost is a 2018 WASM build of XGBoost 0.7; the others are toys); agreement with real
 * XGBoost is tested in test/predictors and measured in bench/predictor.ts.
 */
export class GbdtRegressor implements Predictor {
  readonly name = "gbdt";
  readonly options: GbdtOptions;
  private ensemble: Ensemble | undefined;
  private compiled: CompiledEnsemble | undefined;
  private evaluatorMode: PredictMode = "auto";
  private fitWidth = 0;
  private mean = 0;
  private std = 1;
  /** Training MSE (standardised scale) after each round of the last fit. */
  trainLoss = new Float64Array(0);
  /** Validation RMSE (standardised scale) after each round, when early stopping ran. */
  validLoss = new Float64Array(0);
  /** Rounds kept (the best iteration + 1 under early stopping). */
  rounds = 0;

  constructor(options: Partial<GbdtOptions> = {}) {
    this.options = gbdtOptions(options);
  }

  fit(x: Float32Array, width: number, y: Float64Array, rng: Rng): void {
    const o = this.options;
    const { x: xt, z, xv, zv, scale } = trainingSet("gbdt fit", x, width, y, o, rng);
    const n = z.length;

    const data = binData(xt, n, width, o.maxBin);
    const grower = new TreeGrower(data, o);
    const builder = new EnsembleBuilder();
    const pred = new Float64Array(n).fill(o.baseScore);
    const predV = zv ? new Float64Array(zv.length).fill(o.baseScore) : undefined;
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);
    const active = new Uint8Array(width);
    const sampleRows = o.subsample < 1 ? rng.child("gbdt", "subsample") : undefined;
    const sampleCols = o.colsampleBytree < 1 ? rng.child("gbdt", "colsample") : undefined;
    const nCols = Math.max(1, Math.floor(o.colsampleBytree * width));
    const trainLoss = new Float64Array(o.nEstimators);
    const validLoss = new Float64Array(zv ? o.nEstimators : 0);
    const stopping = new EarlyStopping(o.earlyStoppingRounds);
    let round = 0;
    for (; round < o.nEstimators; round++) {
      // Gradients of ½(pred − z)²; Σ g² is also the training loss of the previous round.
      let G = 0;
      let H = n;
      let sse = 0;
      for (let i = 0; i < n; i++) {
        const g = pred[i] - z[i];
        grad[i] = g;
        hess[i] = 1;
        sse += g * g;
        G += g;
      }
      if (round > 0) trainLoss[round - 1] = sse / n;
      if (sampleRows) {
        // Rows left out of this round's tree get zero gradient and hessian (XGBoost's hist sampling).
        G = 0;
        H = 0;
        for (let i = 0; i < n; i++) {
          if (sampleRows.float() < o.subsample) {
            G += grad[i];
            H += 1;
          } else {
            grad[i] = 0;
            hess[i] = 0;
          }
        }
      }
      if (sampleCols) {
        active.fill(0);
        for (const f of sampleCols.sampleIndices(width, nCols)) active[f] = 1;
      } else active.fill(1);
      const start = builder.size;
      grower.grow(grad, hess, G, H, active, builder, pred);
      if (xv && zv && predV) {
        let s = 0;
        for (let i = 0; i < zv.length; i++) {
          predV[i] += builder.valueOf(builder.leafFor(start, xv, i * width));
          s += (predV[i] - zv[i]) ** 2;
        }
        const rmse = Math.sqrt(s / zv.length);
        validLoss[round] = rmse;
        if (stopping.observe(round, rmse)) {
          round++;
          break;
        }
      }
    }
    let last = 0;
    for (let i = 0; i < n; i++) last += (pred[i] - z[i]) ** 2;
    trainLoss[round - 1] = last / n;
    let ensemble = builder.build();
    this.rounds = zv ? stopping.bestRound + 1 : round;
    if (this.rounds < treeCount(ensemble)) ensemble = truncate(ensemble, this.rounds);
    this.trainLoss = trainLoss.slice(0, round);
    this.validLoss = validLoss.slice(0, zv ? round : 0);
    this.install(ensemble, width, scale.mean, scale.std);
  }

  predict(x: Float32Array, width: number): Float64Array {
    if (!this.compiled) throw new UsageError("gbdt: predict called before fit");
    const rows = checkMatrix("gbdt predict", x, width, this.fitWidth);
    const out = new Float64Array(rows);
    this.compiled.sumInto(x, rows, out);
    const base = this.options.baseScore;
    for (let i = 0; i < rows; i++) out[i] = (out[i] + base) * this.std + this.mean;
    return out;
  }

  /** The batch evaluator `predict` uses: "bitsliced", "padded" or "walk" (see compiled.ts); "auto" before fit. */
  get evaluator(): PredictMode {
    return this.compiled ? this.compiled.mode : this.evaluatorMode;
  }

  /**
   * Forces the batch evaluator of `predict` (benchmarks and tests; predictions are the same bit for bit);
   * "auto", the default, picks the fastest that applies. Kept across later fits and loads.
   */
  setEvaluator(mode: PredictMode): void {
    this.evaluatorMode = mode;
    if (this.ensemble) this.compiled = new CompiledEnsemble(this.ensemble, this.fitWidth, mode);
  }

  /** Number of trees in the model (0 before fit). */
  get trees(): number {
    return this.ensemble ? treeCount(this.ensemble) : 0;
  }

  /** The fitted trees (flat arrays); throws before fit. */
  model(): Ensemble {
    if (!this.ensemble) throw new UsageError("gbdt: no model before fit");
    return this.ensemble;
  }

  /** The model as plain JSON (options, label scale and flat node arrays); see model-json.ts. */
  toJSON(): object {
    if (!this.ensemble) throw new UsageError("gbdt: cannot save a model before fit");
    return {
      format: "lissnas-gbdt",
      version: 1,
      options: { ...this.options },
      width: this.fitWidth,
      labelMean: this.mean,
      labelStd: this.std,
      rounds: this.rounds,
      trees: ensembleToJson(this.ensemble),
    };
  }

  /** Rebuilds a model saved with toJSON(); a one-line DataError naming `source` when it is not one. */
  static fromJSON(obj: unknown, source = "model JSON"): GbdtRegressor {
    const bad = (msg: string): never => {
      throw new DataError(source, msg);
    };
    if (typeof obj !== "object" || obj === null || Array.isArray(obj))
      return bad("not a GBDT model (expected an object)");
    const m = obj as Record<string, unknown>;
    if (m.format !== "lissnas-gbdt")
      return bad(`not a GBDT model (format is ${JSON.stringify(m.format)}, expected "lissnas-gbdt")`);
    if (m.version !== 1)
      return bad(`unsupported model version ${JSON.stringify(m.version)} (this lissnas reads 1)`);
    if (typeof m.options !== "object" || m.options === null) return bad("'options' must be an object");
    let model: GbdtRegressor;
    try {
      model = new GbdtRegressor(m.options as Partial<GbdtOptions>);
    } catch (e) {
      return bad(`options: ${(e as Error).message}`);
    }
    const width = m.width;
    if (typeof width !== "number" || !Number.isInteger(width) || width < 1)
      return bad("'width' must be an integer ≥ 1");
    for (const k of ["labelMean", "labelStd"] as const) {
      if (typeof m[k] !== "number" || !Number.isFinite(m[k])) bad(`'${k}' must be a finite number`);
    }
    if ((m.labelStd as number) <= 0) bad("'labelStd' must be positive");
    const ensemble = ensembleFromJson(m.trees, width, bad);
    const rounds = treeCount(ensemble);
    if (m.rounds !== rounds) bad(`'rounds' is ${JSON.stringify(m.rounds)} but the model has ${rounds} trees`);
    model.rounds = rounds;
    model.install(ensemble, width, m.labelMean as number, m.labelStd as number);
    return model;
  }

  private install(e: Ensemble, width: number, mean: number, std: number): void {
    this.ensemble = e;
    this.fitWidth = width;
    this.mean = mean;
    this.std = std;
    this.compiled = new CompiledEnsemble(e, width, this.evaluatorMode);
  }
}
