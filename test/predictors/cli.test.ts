import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { GbdtRegressor } from "../../src/predictors/gbdt.js";
import { xgboostAvailable } from "../../src/predictors/xgboost.js";
import { runCli } from "../cli/run.js";
import { sharedData } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-predictor-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `lissnas …` through main(), as the binary does. */
const run = (args: string[]) => runCli(args);

test("predictor eval on the synthetic landscape: JSON report, seeded and reproducible", async () => {
  // An additive landscape (K = 0): 300 training architectures rank the other 15,325 well.
  const args = [
    "predictor",
    "eval",
    "--landscape-k",
    "0",
    "--train",
    "300",
    "--rounds",
    "40",
    "--seed",
    "3",
    "--json",
  ];
  const a = await run(args);
  assert.equal(a.code, 0, a.stderr);
  const j = JSON.parse(a.stdout);
  assert.equal(j.synthetic, true);
  assert.equal(j.train, 300);
  assert.equal(j.test, 15625 - 300);
  assert.equal(j.encoding, "onehot");
  assert.equal(j.backend, "gbdt");
  assert.ok(j.kendallTau > 0.6 && j.kendallTau <= 1, `tau ${j.kendallTau}`);
  for (const k of ["spearman", "pearson", "mae", "rmse", "precisionAtK", "topKOverlap"])
    assert.equal(typeof j[k], "number");
  const b = JSON.parse((await run(args)).stdout);
  for (const k of ["kendallTau", "spearman", "mae", "precisionAtK"]) assert.equal(b[k], j[k]);
  const c = JSON.parse((await run([...args.slice(0, -3), "--seed", "4", "--json"])).stdout);
  assert.notEqual(c.kendallTau, j.kendallTau);
});

test("predictor eval --save writes a model that loads and predicts", async () => {
  const file = join(dir, "model.json");
  const r = await run([
    "predictor",
    "eval",
    "--train",
    "200",
    "--rounds",
    "20",
    "--encoding",
    "path",
    "--save",
    file,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /kendall_tau/);
  const m = GbdtRegressor.fromJSON(JSON.parse(readFileSync(file, "utf8")), file);
  assert.equal(m.trees, 20);
  assert.equal(m.predict(new Float32Array(155), 155).length, 1);
});

test("predictor eval: bad options are one-line errors", async () => {
  for (const [args, re] of [
    [["predictor", "eval", "--train", "10", "--backend", "lightgbm"], /--backend must be ts or xgboost/],
    [["predictor", "eval", "--train", "15625"], /--train 15625 leaves nothing to test/],
    [["predictor", "eval", "--train", "10", "--encoding", "adjacency"], /unknown encoding 'adjacency'/],
    [["predictor", "eval"], /--train/],
    [["predictor", "eval", "--train", "10", "--eta", "0"], /eta must be in \(0, 1\]/],
  ] as const) {
    const r = await run([...args]);
    assert.notEqual(r.code, 0, args.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trimEnd().split("\n").length, 1);
    assert.match(r.stderr, re);
  }
});

const nb = sharedData("nb201/nats_bench.csv");
test("predictor eval on NB201 CIFAR-10 (n = 1000, eta 0.1): τ like XGBoost's, both backends", {
  skip: nb.skip,
}, async () => {
  const base = ["predictor", "eval", "--data", nb.path, "--metric", "CIFAR10TestAccuracy200Epochs"];
  const args = [...base, "--train", "1000", "--eta", "0.1", "--rounds", "200", "--seed", "0", "--json"];
  const ts = JSON.parse((await run(args)).stdout);
  assert.equal(ts.synthetic, false);
  assert.equal(ts.test, 14625);
  assert.ok(ts.kendallTau > 0.65, `tau ${ts.kendallTau}`);
  if (!xgboostAvailable()) return;
  const xg = JSON.parse((await run([...args, "--backend", "xgboost"])).stdout);
  assert.equal(xg.backend, "xgboost");
  assert.ok(Math.abs(xg.kendallTau - ts.kendallTau) < 0.01, `ts ${ts.kendallTau}, xgboost ${xg.kendallTau}`);
});
