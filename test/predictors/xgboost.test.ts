import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { type GbdtOptions, GbdtRegressor } from "../../src/predictors/gbdt.js";
import { XgboostRegressor, xgboostAvailable } from "../../src/predictors/xgboost.js";
import { ROOT } from "../helpers.js";
import { maxAbsDiff, onehotProblem, raggedProblem, smallProblem } from "./fixtures.js";

const skip = xgboostAvailable() ? false : "libxgboost is not installed (apt-get install libxgboost0)";
const PYTHON = "/usr/bin/python3";
const hasPythonXgb =
  !skip && spawnSync(PYTHON, ["-c", "import xgboost"], { encoding: "utf8" }).status === 0
    ? false
    : "needs /usr/bin/python3 with xgboost (python3-xgboost)";

test("xgboost backend and the TypeScript GBDT agree on a fixed problem (depth, lambda, gamma, min_child_weight)", {
  skip,
}, () => {
  const { x, y, width } = smallProblem(200);
  const configs: Array<Partial<GbdtOptions>> = [
    { eta: 0.3, nEstimators: 100, maxDepth: 6 },
    { eta: 0.1, nEstimators: 100, maxDepth: 6, lambda: 5, minChildWeight: 4 },
    { eta: 0.3, nEstimators: 50, maxDepth: 4, gamma: 0.5 },
    { eta: 0.3, nEstimators: 50, maxDepth: 4, gamma: 5, lambda: 0 },
    { eta: 1, nEstimators: 20, maxDepth: 8, lambda: 0, minChildWeight: 0, standardize: false, baseScore: 0 },
  ];
  for (const opts of configs) {
    const real = new XgboostRegressor(opts);
    const ours = new GbdtRegressor(opts);
    real.fit(x, width, y, Rng.fromSeed(1));
    ours.fit(x, width, y, Rng.fromSeed(1));
    // XGBoost keeps gradients, leaves and sums in float32; we keep float64: agreement to ~1e-6.
    const d = maxAbsDiff(real.predict(x, width), ours.predict(x, width));
    assert.ok(d < 1e-5, `${JSON.stringify(opts)}: max difference ${d}`);
    real.dispose();
  }
});

test("xgboost backend and the TypeScript GBDT agree on one-hot data (NB201-like, eta 0.1, depth 6)", {
  skip,
}, () => {
  const train = onehotProblem(1000, 3);
  const held = onehotProblem(500, 4);
  const opts = { eta: 0.1, nEstimators: 200, maxDepth: 6 };
  const real = new XgboostRegressor(opts);
  const ours = new GbdtRegressor(opts);
  real.fit(train.x, 30, train.y, Rng.fromSeed(2));
  ours.fit(train.x, 30, train.y, Rng.fromSeed(2));
  const d = maxAbsDiff(real.predict(held.x, 30), ours.predict(held.x, 30));
  assert.ok(d < 1e-4, `max difference ${d}`);
});

test("xgboost backend and the TypeScript GBDT agree on ragged sparse rows (CSR histograms)", { skip }, () => {
  const { x, y, width } = raggedProblem(600);
  const opts = { eta: 0.3, nEstimators: 60, maxDepth: 5 };
  const real = new XgboostRegressor(opts);
  const ours = new GbdtRegressor(opts);
  real.fit(x, width, y, Rng.fromSeed(6));
  ours.fit(x, width, y, Rng.fromSeed(6));
  const d = maxAbsDiff(real.predict(x, width), ours.predict(x, width));
  assert.ok(d < 1e-5, `max difference ${d}`);
});

test("xgboost backend equals Python's xgboost bit for bit on the same data and parameters", {
  skip: hasPythonXgb,
}, () => {
  const { x, y, width } = smallProblem(150, 4, 9);
  const opts = { eta: 0.2, nEstimators: 30, maxDepth: 5, lambda: 2, standardize: false, baseScore: 0.5 };
  const real = new XgboostRegressor(opts);
  real.fit(x, width, y, Rng.fromSeed(0));
  const ours = Array.from(real.predict(x, width));
  const dir = mkdtempSync(join(tmpdir(), "lissnas-xgb-"));
  try {
    writeFileSync(
      join(dir, "in.json"),
      JSON.stringify({ x: Array.from(x), y: Array.from(Float32Array.from(y)), width }),
    );
    const script = [
      "import json, sys, numpy as np, xgboost as xgb",
      `d = json.load(open(${JSON.stringify(join(dir, "in.json"))}))`,
      "X = np.array(d['x'], dtype=np.float32).reshape(-1, d['width'])",
      "m = xgb.DMatrix(X, label=np.array(d['y'], dtype=np.float32))",
      "p = {'objective': 'reg:squarederror', 'tree_method': 'hist', 'nthread': 1, 'eta': 0.2, 'max_depth': 5,",
      "     'lambda': 2, 'base_score': 0.5, 'min_child_weight': 1, 'gamma': 0, 'max_bin': 256}",
      "b = xgb.train(p, m, 30)",
      "print(json.dumps([float(v) for v in b.predict(xgb.DMatrix(X))]))",
    ].join("\n");
    const r = spawnSync(PYTHON, ["-c", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(ours, JSON.parse(r.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("xgboost backend: early stopping picks the same round as the TypeScript GBDT", { skip }, () => {
  const { x, y, width } = smallProblem(300);
  const opts = { eta: 0.5, nEstimators: 300, earlyStoppingRounds: 10, validationFraction: 0.2 };
  const real = new XgboostRegressor(opts);
  const ours = new GbdtRegressor(opts);
  real.fit(x, width, y, Rng.fromSeed(4));
  ours.fit(x, width, y, Rng.fromSeed(4));
  assert.ok(ours.rounds < 300);
  assert.equal(real.rounds, ours.rounds);
  assert.ok(maxAbsDiff(real.validLoss, ours.validLoss) < 1e-5);
  assert.ok(maxAbsDiff(real.predict(x, width), ours.predict(x, width)) < 1e-5);
});

test("xgboost backend: save/load round trip, and corrupt models are one-line DataErrors", { skip }, () => {
  const { x, y, width } = onehotProblem(300);
  const m = new XgboostRegressor({ nEstimators: 20 });
  m.fit(x, width, y, Rng.fromSeed(1));
  const text = JSON.stringify(m.toJSON());
  const back = XgboostRegressor.fromJSON(JSON.parse(text));
  assert.deepEqual(Array.from(back.predict(x, width)), Array.from(m.predict(x, width)));
  const j = JSON.parse(text);
  for (const [obj, re] of [
    [{ ...j, format: "lissnas-gbdt" }, /not an XGBoost model/],
    [{ ...j, xgboost: "{not json" }, /XGBoost rejected the model/],
    [{ ...j, labelStd: -1 }, /'labelStd' must be positive/],
  ] as const) {
    assert.throws(
      () => XgboostRegressor.fromJSON(obj, "x.json"),
      (e: unknown) => e instanceof DataError && re.test(e.message) && !e.message.includes("\n"),
    );
  }
});

test("xgboost backend: a missing library is a one-line LissnasError that says what to install", () => {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", resolve(ROOT, "test/predictors/xgboost-absent.ts")],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, LISSNAS_XGBOOST_LIB: "/nonexistent/libxgboost.so" },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const line = r.stdout.trim();
  assert.equal(line.split("\n").length, 1);
  assert.match(
    line,
    /^LissnasError: the xgboost backend needs the XGBoost shared library .*libxgboost0.*--backend ts$/,
  );
});
