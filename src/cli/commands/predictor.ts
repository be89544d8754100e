import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { kendallTau } from "../../metrics/kendall-tau.js";
import { mae } from "../../metrics/mae.js";
import { pearson } from "../../metrics/pearson.js";
import { precisionAtK } from "../../metrics/precision-at-k.js";
import { rmse } from "../../metrics/rmse.js";
import { spearman } from "../../metrics/spearman.js";
import { topKOverlap } from "../../metrics/top-k-overlap.js";
import { GBDT_DEFAULTS, GbdtRegressor } from "../../predictors/gbdt.js";
import { XgboostRegressor } from "../../predictors/xgboost.js";
import { type Arch, checkEncoding, encodeMany } from "../../spaces/space.js";
import {
  type DataOptions,
  emit,
  fmt,
  intOption,
  load,
  numberOption,
  textTable,
  withData,
  writeOut,
} from "../common.js";

/** Without a table, spaces up to this size are enumerated; larger ones are sampled (POOL distinct archs). */
const ENUMERATE_LIMIT = 1_000_000;
const POOL = 20_000;

export interface PredictorEvalOptions extends DataOptions {
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
  withData(
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
    .option("--top-k <k>", "k of precision@k and top-k overlap", intOption("top-k", 1), 10)
    .option("--save <file>", "write the fitted model as JSON")
    .option("--timings", "also report fit and predict seconds (kept out otherwise: same seed, same bytes)")
    .action((opts: PredictorEvalOptions) => {
      const r = predictorEval(opts);
      emit(r, opts.json, () =>
        [
          `predictor ${r.backend} on ${r.evaluator}${r.synthetic ? " (SYNTHETIC)" : ""}, metric ${r.metric}, encoding ${r.encoding}, seed ${r.seed}`,
          `train ${r.train}, test ${r.test} architectures` +
            (r.timings
              ? `; fit ${fmt(r.timings.fitSeconds)} s, predict ${fmt(r.timings.predictSeconds)} s`
              : ""),
          textTable(
            ["kendall_tau", "spearman", "pearson", "mae", "rmse", `precision@${r.k}`, `top-${r.k} overlap`],
            [[r.kendallTau, r.spearman, r.pearson, r.mae, r.rmse, r.precisionAtK, r.topKOverlap]],
          ),
        ].join("\n"),
      );
    });
}

export interface PredictorEvalResult {
  backend: string;
  evaluator: string;
  synthetic: boolean;
  space: string;
  metric: string;
  encoding: string;
  seed: number;
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
}

/** The work of `predictor eval`, returning its report. */
export function predictorEval(opts: PredictorEvalOptions): PredictorEvalResult {
  if (opts.backend !== "ts" && opts.backend !== "xgboost") {
    throw new UsageError(`--backend must be ts or xgboost, got '${opts.backend}'`);
  }
  const { space, evaluator, table, metric, rng } = load(opts);
  const encoding = opts.encoding ?? space.encodings[0];
  checkEncoding(space, encoding);
  let archs: Arch[];
  if (table) archs = table.archs();
  else if (space.enumerate && space.size() <= BigInt(ENUMERATE_LIMIT)) archs = [...space.enumerate()];
  else {
    const r = rng.child("predictor", "pool");
    const seen = new Set<number>();
    archs = [];
    while (archs.length < POOL) {
      const a = space.sample(r);
      const code = space.code(a);
      if (seen.has(code)) continue;
      seen.add(code);
      archs.push(a);
    }
  }
  const n = opts.train;
  if (n >= archs.length) {
    throw new UsageError(`--train ${n} leaves nothing to test: there are ${archs.length} architectures`);
  }
  const f = evaluator.objective(metric);
  const values = Float64Array.from(archs, (a) => f(a));
  const order = rng.child("predictor", "split").sampleIndices(archs.length, archs.length);
  const trainIdx = order.subarray(0, n);
  const testIdx = order.subarray(n);
  const xTrain = encodeMany(
    space,
    Array.from(trainIdx, (i) => archs[i]),
    encoding,
  );
  const xTest = encodeMany(
    space,
    Array.from(testIdx, (i) => archs[i]),
    encoding,
  );
  const yTrain = Float64Array.from(trainIdx, (i) => values[i]);
  const yTest = Float64Array.from(testIdx, (i) => values[i]);
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
    metric,
    encoding,
    seed: opts.seed,
    train: n,
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
  };
}
