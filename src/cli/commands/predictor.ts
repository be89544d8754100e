import type { Command } from "commander";
import { LissnasError, UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { EvaluationEngine } from "../../data/engine.js";
import { missingField } from "../../data/missing.js";
import { type Direction, metricUnits } from "../../data/objectives.js";
import type { BenchmarkTable } from "../../data/table.js";
import { kendallTau } from "../../metrics/kendall-tau.js";
import { mae } from "../../metrics/mae.js";
import { pearson } from "../../metrics/pearson.js";
import { precisionAtK } from "../../metrics/precision-at-k.js";
import { rmse } from "../../metrics/rmse.js";
import { spearman } from "../../metrics/spearman.js";
import { topKOverlap } from "../../metrics/top-k-overlap.js";
import { GBDT_DEFAULTS, GbdtRegressor } from "../../predictors/gbdt.js";
import { XgboostRegressor } from "../../predictors/xgboost.js";
import { getSpace } from "../../spaces/registry.js";
import { type Arch, checkEncoding, encodeMany, type SearchSpace } from "../../spaces/space.js";
import {
  type DataOptions,
  emit,
  fmt,
  intOption,
  type Loaded,
  load,
  numberOption,
  textTable,
  withData,
  writeOut,
} from "../common.js";
import {
  type EvaluationOptions,
  engineLoaded,
  evaluationContext,
  evaluationReport,
  evaluationText,
  makeEvaluationEngine,
  withEvaluation,
} from "../evaluation.js";

/** Without a table, spaces up to this size are enumerated; larger ones are sampled (POOL distinct archs). */
const ENUMERATE_LIMIT = 1_000_000;
const POOL = 20_000;

export interface PredictorEvalOptions extends DataOptions, EvaluationOptions {
  /** Test architectures drawn after the training ones (default: all the rest; required with --trainer). */
  test?: number;
  timings?: boolean;
  train: number;
  encoding?: string;
  backend: string;
  rounds: number;
  eta: number;
  maxDepth: number;
  topK: number;
  save?: string;
}

/**
 * `lissnas predictor eval`: fits a predictor on `--train` architectures drawn at random (seeded) from the
 * table and reports ranking and error metrics on all the others.
 */
export function register(program: Command): void {
  const predictor = program
    .command("predictor")
    .description("performance predictors: evaluate GBDT / XGBoost");
  const cmd = withData(
    predictor
      .command("eval")
      .description("train on N random architectures of the table, report metrics on all the rest"),
  )
    .requiredOption("--train <n>", "number of training architectures", intOption("train", 2))
    .option("--encoding <name>", "architecture encoding (default: the space's first, e.g. onehot)")
    .option("--backend <name>", "ts (lissnas's GBDT) or xgboost (the system libxgboost)", "ts")
    .option("--rounds <n>", "boosting rounds", intOption("rounds", 1, 100_000), GBDT_DEFAULTS.nEstimators)
    .option("--eta <x>", "learning rate, in (0, 1]", numberOption("eta", 0, 1), GBDT_DEFAULTS.eta)
    .option("--max-depth <d>", "maximum tree depth", intOption("max-depth", 1, 16), GBDT_DEFAULTS.maxDepth)
    .option(
      "--test <n>",
      "number of test architectures drawn after the training ones (default: all the rest; required with --trainer)",
      intOption("test", 1),
    )
    .option("--top-k <k>", "k of precision@k and top-k overlap", intOption("top-k", 1), 10)
    .option("--save <file>", "write the fitted model as JSON")
    .option("--timings", "also report fit and predict seconds (kept out otherwise: same seed, same bytes)");
  withEvaluation(cmd);
  cmd.action(async (opts: PredictorEvalOptions) => {
    const r = await predictorEval(opts);
    emit(r, opts.json, () =>
      [
        `predictor ${r.backend} on ${r.evaluator}${r.synthetic ? " (SYNTHETIC)" : ""}, metric ${r.metric} (${r.direction}imised), encoding ${r.encoding}, seed ${r.seed}`,
        `train ${r.train}, test ${r.test} architectures` +
          (r.missing ? `; ${r.missing} table rows without a value left out` : "") +
          (r.timings
            ? `; fit ${fmt(r.timings.fitSeconds)} s, predict ${fmt(r.timings.predictSeconds)} s`
            : ""),
        textTable(
          ["kendall_tau", "spearman", "pearson", "mae", "rmse", `precision@${r.k}`, `top-${r.k} overlap`],
          [[r.kendallTau, r.spearman, r.pearson, r.mae, r.rmse, r.precisionAtK, r.topKOverlap]],
        ),
        ...(r.evaluation ? [evaluationText(r.evaluation)] : []),
      ].join("\n"),
    );
  });
}

export interface PredictorEvalResult {
  backend: string;
  evaluator: string;
  synthetic: boolean;
  space: string;
  /** The column and its direction (issue #15); every figure below is sign-free (ranks, |errors|). */
  metric: string;
  direction: Direction;
  encoding: string;
  seed: number;
  /** Table rows left out for having no value in the metric (#18); 0 without a table. */
  missing: number;
  train: number;
  test: number;
  rounds: number;
  eta: number;
  maxDepth: number;
  /** Wall-clock seconds, only with --timings (they differ run to run; everything else is seeded). */
  timings?: { fitSeconds: number; predictSeconds: number };
  kendallTau: number;
  spearman: number;
  pearson: number;
  mae: number;
  rmse: number;
  k: number;
  precisionAtK: number;
  topKOverlap: number;
  /** The evaluation block with `--trainer` (evaluator, identity, evaluated, replayed, failed…); null for tables. */
  evaluation: ReturnType<typeof evaluationReport>;
}

/** The architectures a split is drawn from: the table's, the whole enumerable space, or a seeded pool. */
function candidates(space: SearchSpace, table: BenchmarkTable | undefined, rng: Rng): Arch[] {
  if (table) return table.archs();
  if (space.enumerate && space.size() <= BigInt(ENUMERATE_LIMIT)) return [...space.enumerate()];
  const r = rng.child("predictor", "pool");
  const seen = new Set<number>();
  const archs: Arch[] = [];
  while (archs.length < POOL) {
    const a = space.sample(r);
    const code = space.code(a);
    if (seen.has(code)) continue;
    seen.add(code);
    archs.push(a);
  }
  return archs;
}

/**
 * The seeded split: one permutation of the candidates; the first `train` train, the next `test` (default:
 * all the rest) test. The same seed and candidates give the same split whatever evaluates them.
 */
function split(count: number, train: number, test: number | undefined, rng: Rng) {
  if (train >= count) {
    throw new UsageError(`--train ${train} leaves nothing to test: there are ${count} architectures`);
  }
  if (test !== undefined && train + test > count) {
    throw new UsageError(`--train ${train} + --test ${test} exceeds the ${count} architectures to draw from`);
  }
  const order = rng.child("predictor", "split").sampleIndices(count, count);
  return {
    trainIdx: Array.from(order.subarray(0, train)),
    testIdx: Array.from(order.subarray(train, train + (test ?? count - train))),
  };
}

/**
 * The metric values of the split's architectures. Through an engine (`--trainer`): all of them are
 * evaluated concurrently first (`--workers` at once, each committed to `--store`), and failed ones (NaN)
 * are dropped from both sides (counted in the evaluation block).
 */
async function splitValues(
  archs: readonly Arch[],
  idx: { trainIdx: number[]; testIdx: number[] },
  f: (a: Arch) => number,
  engine: EvaluationEngine | undefined,
  byRow?: Float64Array,
) {
  if (engine) await engine.evaluateAll([...idx.trainIdx, ...idx.testIdx].map((i) => archs[i]));
  const side = (ix: number[]) => {
    const fast = byRow && readRows(byRow, ix);
    if (fast) return { archs: ix.map((i) => archs[i]), y: fast };
    const y = ix.map((i) => f(archs[i]));
    const keep = engine ? ix.filter((_, j) => !Number.isNaN(y[j])) : ix;
    return {
      archs: keep.map((i) => archs[i]),
      y: Float64Array.from(engine ? y.filter((v) => !Number.isNaN(v)) : y),
    };
  };
  const train = side(idx.trainIdx);
  const test = side(idx.testIdx);
  if (train.y.length < 2 || test.y.length < 1) {
    throw new LissnasError(
      `predictor eval: too many failed evaluations (${train.y.length} training and ${test.y.length} test architectures left)`,
    );
  }
  return { train, test };
}

/**
 * `byRow[ix[j]]` for every j, or null when one is missing (NaN: the objective then says why). Issue 17: the
 * candidates of a table are its rows in order, so their values are the column's, read without looking each
 * architecture's row up again.
 */
function readRows(byRow: Float64Array, ix: readonly number[]): Float64Array | null {
  const y = new Float64Array(ix.length);
  for (let j = 0; j < ix.length; j++) y[j] = byRow[ix[j]];
  return y.includes(Number.NaN) ? null : y;
}

/** The work of `predictor eval`, returning its report. */
export async function predictorEval(opts: PredictorEvalOptions): Promise<PredictorEvalResult> {
  if (opts.backend !== "ts" && opts.backend !== "xgboost") {
    throw new UsageError(`--backend must be ts or xgboost, got '${opts.backend}'`);
  }
  if (opts.trainer !== undefined && opts.test === undefined) {
    throw new UsageError(
      "--trainer needs --test N: how many test architectures to evaluate (with a table, all the rest by default)",
    );
  }
  // issue #11: with --trainer the split's architectures are evaluated through the engine (store, workers)
  const engine = await makeEvaluationEngine(
    opts,
    getSpace(opts.space),
    evaluationContext({ ...opts, out: undefined }),
  );
  try {
    const loaded = engine ? engineLoaded(engine, opts.metric as string, opts.seed) : load(opts);
    return await fitAndScore(opts, loaded, engine);
  } finally {
    await engine?.close();
  }
}

/** Draws the split, evaluates it, fits the predictor on the training side and scores it on the test side. */
async function fitAndScore(
  opts: PredictorEvalOptions,
  {
    space,
    evaluator,
    table,
    metric,
    rng,
    missing,
  }: Pick<Loaded, "space" | "evaluator" | "table" | "metric" | "rng" | "missing">,
  engine: EvaluationEngine | undefined,
): Promise<PredictorEvalResult> {
  const encoding = opts.encoding ?? space.encodings[0];
  checkEncoding(space, encoding);
  const archs = candidates(space, table, rng);
  const idx = split(archs.length, opts.train, opts.test, rng);
  // a table's candidates are its rows in order (candidates): the metric column gives their values
  const byRow =
    table && !engine && (evaluator as { table?: unknown }).table === table ? table.column(metric) : undefined;
  const { train, test } = await splitValues(archs, idx, evaluator.objective(metric), engine, byRow);
  const xTrain = encodeMany(space, train.archs, encoding);
  const xTest = encodeMany(space, test.archs, encoding);
  const yTrain = train.y;
  const yTest = test.y;
  const width = space.encodingLength(encoding);
  const options = { nEstimators: opts.rounds, eta: opts.eta, maxDepth: opts.maxDepth };
  const model = opts.backend === "xgboost" ? new XgboostRegressor(options) : new GbdtRegressor(options);
  const t0 = performance.now();
  model.fit(xTrain, width, yTrain, rng.child("predictor", "fit"));
  const t1 = performance.now();
  const pred = model.predict(xTest, width);
  const t2 = performance.now();
  if (opts.save) writeOut(opts.save, `${JSON.stringify(model.toJSON())}\n`);
  if (opts.topK > yTest.length) {
    throw new UsageError(`--top-k ${opts.topK} exceeds the ${yTest.length} test architectures`);
  }
  const k = opts.topK;
  return {
    backend: opts.backend === "xgboost" ? "xgboost" : "gbdt",
    evaluator: evaluator.name,
    synthetic: evaluator.synthetic,
    space: space.id,
    ...metricUnits(metric).label,
    encoding,
    seed: opts.seed,
    ...missingField(missing),
    train: yTrain.length,
    test: yTest.length,
    rounds: opts.rounds,
    eta: opts.eta,
    maxDepth: opts.maxDepth,
    ...(opts.timings ? { timings: { fitSeconds: (t1 - t0) / 1000, predictSeconds: (t2 - t1) / 1000 } } : {}),
    kendallTau: kendallTau(yTest, pred),
    spearman: spearman(yTest, pred),
    pearson: pearson(yTest, pred),
    mae: mae(yTest, pred),
    rmse: rmse(yTest, pred),
    k,
    precisionAtK: precisionAtK(yTest, pred, k),
    topKOverlap: topKOverlap(yTest, pred, k),
    evaluation: evaluationReport(engine, opts),
  };
}
