import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkAlgorithmSpec } from "../../src/search/algorithms.js";
import { runMany } from "../../src/search/parallel.js";
import { buildProblem } from "../../src/search/source.js";
import { summarize } from "../../src/search/summary.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { runCli } from "../cli/run.js";
import { sharedData } from "../helpers.js";

const nats = sharedData("nb201/nats_bench.csv");
const mini = sharedData("nb201-12epoch/mini-bench-arch-cell-accs.csv");

test("NB201 CIFAR-100: local search reaches the global optimum 73.5133 (index 9930) in every run", {
  skip: nats.skip,
}, async () => {
  const source = { space: "nb201", data: nats.path, metric: "CIFAR100TestAccuracy200Epochs" };
  const results = await runMany(source, checkAlgorithmSpec({ algo: "ls" }), { seed: 0, budget: 300 }, 30, 1);
  const { problem, table } = buildProblem(source);
  assert.ok(Math.abs(problem.optimum! - 73.5133) < 1e-4);
  const s = summarize(problem, 300, results);
  assert.equal(s.queriesToOptimum.reached, 30);
  for (const r of results) assert.equal(table!.rowOf(nb201.parse(r.bestArch)), 9930);
  assert.ok(
    s.meanQueriesToOptimum!.mean > 20 && s.meanQueriesToOptimum!.mean < 120,
    `${s.meanQueriesToOptimum!.mean}`,
  );
  assert.equal(s.perRun.isomorphs + s.perRun.repeats, 0, "local search skips queried classes");
});

test("NB201 CIFAR-10: two tied optima; --target times one of them", { skip: nats.skip }, async () => {
  const A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";
  const base = [
    "search",
    "--data",
    nats.path,
    "--metric",
    "CIFAR10TestAccuracy200Epochs",
    "--budget",
    "1500",
    "--runs",
    "20",
  ];
  const either = JSON.parse((await runCli([...base, "--until-optimum", "--json"])).stdout);
  const one = JSON.parse((await runCli([...base, "--until-optimum", "--target", A, "--json"])).stdout);
  assert.equal(one.targets[0], A);
  assert.ok(one.meanQueriesToOptimum.mean >= either.meanQueriesToOptimum.mean);
  assert.equal(either.stops.optimum, 20);
});

test("search on a validation column, report the test column (nb201-12epoch)", {
  skip: mini.skip,
}, async () => {
  const source = { space: "nb201", data: mini.path, metric: "cifar10-val", reportMetric: "cifar10-test" };
  const results = await runMany(source, checkAlgorithmSpec({ algo: "re" }), { seed: 1, budget: 100 }, 5, 1);
  const { table, problem } = buildProblem(source);
  const val = table!.column("cifar10-val");
  const testCol = table!.column("cifar10-test");
  assert.equal(problem.reportOptimum, Math.max(...testCol));
  for (const r of results) {
    const row = table!.rowOf(nb201.parse(r.bestArch));
    assert.equal(r.finalSearch, val[row]);
    assert.equal(r.finalReport, testCol[row], "the incumbent is chosen on validation, reported on test");
    assert.equal(r.regret, problem.reportOptimum! - testCol[row]);
  }
});

test("simulated training seconds are summed per query from a table column, apart from wall-clock", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-seconds-"));
  const rows = ["arch,acc,secs"];
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) rows.push(`${a}${b},${a * 3 + b},${100 + a * 3 + b}`);
  const f = join(dir, "t.csv");
  writeFileSync(f, `${rows.join("\n")}\n`);
  const r = await runCli([
    "search",
    "--space",
    "categorical:2x3",
    "--data",
    f,
    "--arch-column",
    "arch",
    "--metric",
    "acc",
    "--seconds-column",
    "secs",
    "--algo",
    "rs",
    "--budget",
    "9",
    "--runs",
    "3",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.simulatedSeconds.mean, 100 * 9 + 36, "every architecture once");
  assert.equal(j.queriesToOptimum.reached, 3);
  assert.doesNotMatch(r.stdout, /wall/);
});
