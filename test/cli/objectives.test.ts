import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { generated, writeCsv } from "../data/objective-fixtures.js";
import { sharedData } from "../helpers.js";
import { expectError, runCli, runJsonOut } from "./run.js";

// Generated tables where the true minimum of `lat` is known independently (computed here).
const small = generated(5);
const smallFile = writeCsv("cli-small.csv", { architecture: small.str, acc: small.acc, lat: small.lat }, 1);
const minLat = Math.min(...small.lat);
const argMin = small.str[small.lat.indexOf(minLat)];
const S = ["--space", "categorical:5x3", "--data", smallFile];

test("info --metric lat:min reports the fastest architecture as best, in latency units", async () => {
  const r = await runCli(["info", ...S, "--metric", "lat:min", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.direction, "min");
  assert.equal(j.metric, "lat");
  assert.equal(j.best.arch, argMin);
  assert.equal(j.best.value, minLat);
  assert.equal(j.quantiles.q0, minLat);
  const max = JSON.parse((await runCli(["info", ...S, "--metric", "lat", "--json"])).stdout);
  assert.equal(max.best.value, Math.max(...small.lat));
});

test("search --metric lat:min: optimum is the true minimum, finals in latency units ≥ it", async () => {
  const r = await runCli([
    "search",
    ...S,
    "--metric",
    "lat:min",
    "--algo",
    "ls",
    "--budget",
    "60",
    "--runs",
    "4",
    "--threads",
    "1",
    "--json",
    "--per-run",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.direction, "min");
  assert.equal(j.optimum, minLat);
  const median = [...small.lat].sort((a, b) => a - b)[121];
  for (const run of j.perRunResults) {
    assert.ok(run.finalReport >= minLat && run.finalReport < median, `final ${run.finalReport}`);
    assert.equal(small.lat[small.str.indexOf(run.bestArch)], run.finalReport);
  }
});

test("landscape --metric lat:min: the global optimum is the true minimum", async () => {
  const r = await runCli(["landscape", ...S, "--metric", "lat:min", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.direction, "min");
  const g = j.globalValue !== undefined ? j : (j.raw ?? j);
  assert.equal(g.globalValue, minLat);
  assert.deepEqual(g.globalArchitectures, [argMin]);
});

test("locality --metric lat:min: FDC is measured to the true minimum, reported in latency units", async () => {
  const r = await runCli(["locality", ...S, "--metric", "lat:min", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.metric, "lat");
  assert.equal(j.direction, "min");
  assert.equal(j.fdc.best, minLat, "the true minimum, positive");
});

const big = generated(5, 7, 4);
const bigFile = writeCsv("cli-big.csv", { architecture: big.str, lat: big.lat }, 1);
/** The latency table, minimised: the options every command on it shares. */
const BIG_MIN = ["--space", "categorical:7x4", "--data", bigFile, "--metric", "lat:min"];
const bigMin = Math.min(...big.lat);
const shrinkOut = mkdtempSync(join(tmpdir(), "lissnas-shrink-min-"));

test("shrink --metric lat:min: good = the 5 % fastest (threshold = 5 % latency quantile), latency units", async () => {
  const out = shrinkOut;
  const r = await runCli(["shrink", ...BIG_MIN, "--out", out, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const sorted = [...big.lat].sort((a, b) => a - b);
  const q5 = sorted[Math.floor(0.05 * (sorted.length - 1))];
  // the threshold is the 95 % quantile of −lat negated back: within one order statistic of the 5 % quantile
  assert.ok(
    Math.abs(j.goodThreshold - q5) <= sorted[Math.floor(0.05 * (sorted.length - 1)) + 1] - q5 + 1e-12,
    `${j.goodThreshold} vs ${q5}`,
  );
  assert.equal(j.metric, "lat");
  assert.equal(j.direction, "min");
  // every value in latency units: the original's best is the true minimum, the shrunk's best at least it
  assert.equal(j.original.max, bigMin);
  assert.ok(j.shrunk.max >= bigMin && j.shrunk.max < j.shrunk.mean);
  for (const it of j.iterations) assert.ok(it.meanTrue > 0 && it.meanPredicted > 0);
  const csv = readFileSync(join(shrinkOut, "queried.csv"), "utf8").trim().split("\n").slice(1);
  for (const line of csv) {
    const [arch, value] = line.split(",");
    assert.equal(Number(value), big.lat[big.str.indexOf(arch)], `queried.csv ${arch}`);
  }
  const data = JSON.parse(readFileSync(join(shrinkOut, "report-data.json"), "utf8"));
  assert.equal(data.direction, "min");
  assert.equal(data.members[0].value, Math.min(...data.members.map((m: { value: number }) => m.value)));
  assert.ok(data.members[0].value >= bigMin);
  assert.ok(Math.abs(data.edf.errors[0] - bigMin) < 1e-9, "EDF grid over latency, from its minimum");
});

test("metrics --metric lat:min on the saved shrunk space: the original's best is the true minimum", async () => {
  const r = await runCli(["metrics", ...BIG_MIN, "--members", join(shrinkOut, "space.lissnas"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.metric, "lat");
  assert.equal(j.direction, "min");
  // latency units: the best of the original space is the true minimum, its mean the mean latency
  assert.equal(j.original.max, bigMin);
  const meanLat = big.lat.reduce((a, b) => a + b, 0) / big.lat.length;
  assert.ok(Math.abs(j.original.mean - meanLat) < 1e-9);
});

test("compare --metric lat:min: the original space's best is the true minimum", async () => {
  const out = mkdtempSync(join(tmpdir(), "lissnas-compare-min-"));
  const r = await runJsonOut(
    [
      "compare",
      ...BIG_MIN,
      "--methods",
      "lissnas",
      "--algos",
      "ls",
      "--nas-runs",
      "2",
      "--nas-budget",
      "150",
    ],
    out,
  );
  const j = JSON.parse(r.stdout);
  assert.equal(j.direction, "min");
  assert.equal(j.originalBest, bigMin);
  assert.equal(j.methods[0].max, bigMin);
  assert.ok(j.goodThreshold > bigMin);
  for (const m of j.methods) {
    assert.ok(m.max >= bigMin && m.mean > m.max, m.method);
    for (const [algo, c] of Object.entries(m.nas) as Array<[string, { mean: number; lo: number }]>)
      assert.ok(c.mean >= bigMin && c.lo <= c.mean, `${m.method} ${algo}`);
  }
});

test("experiment with metric lat:min and a constrained problem", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-exp-min-"));
  const cfg = join(dir, "exp.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      output: "exp.results.json",
      runs: 3,
      seed: 0,
      budgets: [40],
      problems: [
        { name: "lat", space: "categorical:5x3", data: smallFile, metric: "lat:min" },
        {
          name: "acc",
          space: "categorical:5x3",
          data: smallFile,
          metric: "acc",
          constraints: ["lat<=4"],
          cheap: ["lat"],
        },
      ],
      algorithms: [{ algo: "ls" }],
    }),
  );
  const r = await runCli(["experiment", cfg, "--json", "--quiet"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const [lat, acc] = j.cells;
  const median = [...small.lat].sort((a, b) => a - b)[121];
  // latency units for :min: final in [min, median), regret ≥ 0
  assert.ok(lat.atBudgets[0].final.mean >= minLat && lat.atBudgets[0].final.mean < median);
  assert.ok(lat.atBudgets[0].regret.mean >= 0);
  assert.equal(lat.searchMetric, "lat:min", "the direction is stated");
  const feasibleBest = Math.max(...small.acc.filter((_, i) => small.lat[i] <= 4));
  assert.ok(acc.atBudgets[0].final.mean <= feasibleBest);
  assert.ok(acc.atBudgets[0].regret.mean >= 0);
});

test("predictor eval --metric lat:min equals maximising the test's own negated column", async () => {
  const f = writeCsv(
    "cli-neg.csv",
    { architecture: small.str, lat: small.lat, neglat: small.lat.map((v) => -v) },
    4,
  );
  const args = [
    "predictor",
    "eval",
    "--space",
    "categorical:5x3",
    "--data",
    f,
    "--train",
    "100",
    "--rounds",
    "20",
    "--top-k",
    "30",
    "--json",
  ];
  const min = JSON.parse((await runCli([...args, "--metric", "lat:min"])).stdout);
  const neg = JSON.parse((await runCli([...args, "--metric", "neglat"])).stdout);
  const max = JSON.parse((await runCli([...args, "--metric", "lat"])).stdout);
  for (const k of ["kendallTau", "spearman", "precisionAtK", "topKOverlap", "mae"])
    assert.equal(min[k], neg[k], k);
  assert.notEqual(min.precisionAtK, max.precisionAtK, "top and bottom 30 differ on this fixture");
});

test("shrink --constraint --cheap: LISSNAS keeps only feasible architectures; metrics over the feasible original space", async () => {
  // a cheap constraint (paid ones: test/data/constraints-paid.test.ts)
  const out = mkdtempSync(join(tmpdir(), "lissnas-shrink-c-"));
  const r = await runJsonOut(["shrink", ...BIG_MIN, "--constraint", "lat>=3", "--cheap", "lat"], out);
  const j = JSON.parse(r.stdout);
  const feasible = big.lat.filter((v) => v >= 3);
  assert.equal(j.original.size, feasible.length);
  assert.equal(j.original.max, Math.min(...feasible));
  const m = await runCli(["members", "--members", join(out, "space.lissnas")]);
  assert.equal(m.code, 0, m.stderr);
  const members = m.stdout.trim().split("\n").slice(1);
  assert.ok(members.length > 10);
  for (const line of members) {
    const arch = line.split(",")[0];
    assert.ok(big.lat[big.str.indexOf(arch)] >= 3, `kept infeasible ${arch}`);
  }
});

test("info --constraint: best feasible, with the official index kept", async () => {
  const r = await runCli(["info", ...S, "--metric", "acc", "--constraint", "lat<=4", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const best = Math.max(...small.acc.filter((_, i) => small.lat[i] <= 4));
  assert.equal(j.best.value, best);
  assert.equal(j.architectures, small.lat.filter((v) => v <= 4).length);
  assert.equal(j.best.arch, small.str[small.acc.indexOf(best)]);
});

test("search --constraint with --cheap never returns an infeasible architecture", async () => {
  const r = await runCli([
    "search",
    ...S,
    "--metric",
    "acc",
    "--constraint",
    "lat<=4",
    "--cheap",
    "lat",
    "--algo",
    "re",
    "--budget",
    "40",
    "--runs",
    "5",
    "--threads",
    "1",
    "--json",
    "--per-run",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.optimum, Math.max(...small.acc.filter((_, i) => small.lat[i] <= 4)));
  for (const run of j.perRunResults) assert.ok(small.lat[small.str.indexOf(run.bestArch)] <= 4);
});

test("search --objectives: Pareto local search front, HV ratio, reference point in metric units", async () => {
  const r = await runCli([
    "search",
    ...S,
    "--objectives",
    "acc:max,lat:min",
    "--algo",
    "ls",
    "--budget",
    "50",
    "--runs",
    "3",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.objectives, [
    { column: "acc", direction: "max" },
    { column: "lat", direction: "min" },
  ]);
  assert.ok(
    j.referencePoint[1] > Math.max(...j.trueFront.points.map((p: { values: number[] }) => p.values[1])),
  );
  assert.equal(j.perRun.length, 3);
  assert.ok(j.hvRatio.mean > 0 && j.hvRatio.mean <= 1);
  for (const p of j.front) assert.equal(small.lat[small.str.indexOf(p.arch)], p.values[1]);
});

test("bad input: one line each", async () => {
  await expectError(
    ["search", ...S, "--constraint", "latency<=4", "--budget", "10"],
    /unknown column 'latency'/,
  );
  await expectError(["search", ...S, "--constraint", "lat<=", "--budget", "10"], /malformed/);
  await expectError(
    ["search", ...S, "--constraint", "lat<0.5", "--budget", "10"],
    /feasible count is 0 of 243/,
  );
  await expectError(["search", ...S, "--objectives", "acc:max,acc:min", "--budget", "10"], /asked for both/);
  await expectError(
    ["search", ...S, "--metric", "acc:min", "--objectives", "acc:max,lat:min", "--budget", "10"],
    /asked for both/,
  );
  await expectError(["info", ...S, "--metric", "nope:min"], /no numeric column 'nope:min'/);
  await expectError(
    ["search", ...S, "--objectives", "acc:max,lat:min", "--until-optimum", "--budget", "10"],
    /--until-optimum is not supported with --objectives/,
  );
  // the evaluation, output and single-objective knob options a Pareto search does not implement: refused
  for (const flag of [
    ["--workers", "2"],
    ["--out", "o"],
    ["--store", "s.db"],
    ["--population", "8"],
    ["--timings"],
  ]) {
    await expectError(
      ["search", ...S, "--objectives", "acc:max,lat:min", "--budget", "10", ...flag],
      new RegExp(`${flag[0]} is not supported with --objectives`),
    );
  }
  await expectError(
    ["search", "--space", "categorical:5x3", "--objectives", "a,b", "--budget", "10"],
    /needs a benchmark table/,
  );
  await expectError(
    ["info", "--space", "categorical:5x3", "--constraint", "flops<=1"],
    /--constraint needs a benchmark table/,
  );
  const clash = writeCsv("cli-clash.csv", { architecture: small.str, lat: small.lat }, 2);
  await expectError(["info", ...S, "--data", clash], /column 'lat' is in two tables/);
});

test("disagreeing tables: joined on the intersection with a one-line warning giving counts", async () => {
  const part = writeCsv("cli-part.csv", { architecture: small.str, speed: small.lat }, 3, (i) => i % 2 === 0);
  const r = await runCli(["info", ...S, "--data", part, "--metric", "speed:min", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: tables disagree on the architecture set \(.* has 243, .* has 122\); joined on the 122 in all/,
  );
  assert.equal(JSON.parse(r.stdout).architectures, 122);
});

const zc201 = sharedData("naslib-zc-partial/zc_nasbench201.json");

test("search --objectives on NASLib's zero-cost JSON reads the --task asked for", {
  skip: zc201.skip,
}, async () => {
  const args = [
    "search",
    "--data",
    zc201.path,
    "--objectives",
    "val_accuracy:max,flops:min",
    "--budget",
    "10",
  ];
  const runs = ["--runs", "1", "--json", "--quiet"];
  const c100 = await runCli([...args, "--task", "cifar100", ...runs]);
  assert.equal(c100.code, 0, c100.stderr);
  const c10 = await runCli([...args, "--task", "cifar10", ...runs]);
  assert.equal(c10.code, 0, c10.stderr);
  // another task, another table: the true fronts differ
  assert.notDeepEqual(JSON.parse(c100.stdout).trueFront, JSON.parse(c10.stdout).trueFront);
});
