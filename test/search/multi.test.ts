import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { UsageError } from "../../src/core/errors.js";
import { loadTables } from "../../src/data/join.js";
import { hypervolume } from "../../src/metrics/hypervolume-nd.js";
import { MULTI_ALGORITHMS, type MultiAlgorithm } from "../../src/search/multi/algorithms.js";
import { buildMultiProblem, parseObjectives } from "../../src/search/multi/problem.js";
import { runMulti } from "../../src/search/multi/run.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { generated, writeCsv } from "../data/objective-fixtures.js";
import { sharedData } from "../helpers.js";

const g = generated(7);
const file = writeCsv("multi.csv", { architecture: g.str, acc: g.acc, lat: g.lat }, 9);
const table = loadTables(file, g.space);

test("the true front of a generated table equals the brute-force O(n²) front, lat minimised", () => {
  const p = buildMultiProblem(table, "acc:max,lat:min");
  const brute: string[] = [];
  for (let i = 0; i < g.archs.length; i++) {
    const dominated = g.archs.some(
      (_, j) => g.acc[j] >= g.acc[i] && g.lat[j] <= g.lat[i] && (g.acc[j] > g.acc[i] || g.lat[j] < g.lat[i]),
    );
    if (!dominated) brute.push(g.str[i]);
  }
  const got = Array.from(p.trueFrontRows, (r) => g.space.format(table.archAt(r)));
  assert.deepEqual(got.sort(), brute.sort());
  assert.ok(brute.length >= 3);
  // reference point: 10 % of the front's range beyond its nadir (internal units: lat negated)
  const accs = brute.map((s) => g.acc[g.str.indexOf(s)]);
  const lats = brute.map((s) => g.lat[g.str.indexOf(s)]);
  const minAcc = Math.min(...accs);
  const maxLat = Math.max(...lats);
  assert.ok(Math.abs(p.ref[0] - (minAcc - 0.1 * (Math.max(...accs) - minAcc))) < 1e-9);
  assert.ok(Math.abs(p.ref[1] - (-maxLat - 0.1 * (maxLat - Math.min(...lats)))) < 1e-9);
});

test("--objectives bad input: one column, twice the same column, conflicting directions", () => {
  const bad = (text: string, re: RegExp) =>
    assert.throws(
      () => parseObjectives(text),
      (e: Error) => e instanceof UsageError && re.test(e.message),
    );
  bad("acc:max", /at least two/);
  bad("acc:max,acc", /named twice/);
  bad("acc:max,acc:min", /column 'acc' is asked for both :max and :min/);
  assert.throws(
    () => buildMultiProblem(table, "acc:max,lat:min", { metric: "lat:max" }),
    (e: Error) => e instanceof UsageError && /both :max and :min|both :min and :max/.test(e.message),
  );
});

test("every algorithm: archive = non-dominated queried points, budget kept, HV trace non-decreasing", () => {
  const p = buildMultiProblem(table, "acc:max,lat:min");
  for (const algo of MULTI_ALGORITHMS) {
    const [r] = runMulti(p, algo as MultiAlgorithm, 60, 1, 3);
    assert.equal(r.queries, 60, algo);
    for (let q = 1; q < r.trace.length; q++) assert.ok(r.trace[q] >= r.trace[q - 1], `${algo} at ${q}`);
    // the front's points are mutually non-dominated and its hypervolume is the reported one
    const vals = r.front.map((f) => [f.values[0], -f.values[1]]);
    for (const a of vals)
      for (const b of vals) assert.ok(!(b[0] >= a[0] && b[1] >= a[1] && (b[0] > a[0] || b[1] > a[1])));
    assert.ok(Math.abs(hypervolume(Float64Array.from(vals.flat()), 2, p.ref) - r.hypervolume) < 1e-9);
    for (const f of r.front) {
      const i = g.str.indexOf(f.arch);
      assert.deepEqual(f.values, [g.acc[i], g.lat[i]]);
    }
    assert.ok(r.hvRatio > 0 && r.hvRatio <= 1 + 1e-12, `${algo} ratio ${r.hvRatio}`);
    assert.deepEqual(
      runMulti(p, algo as MultiAlgorithm, 60, 1, 3)[0].front,
      r.front,
      "same seed, same front",
    );
  }
});

test("constraints are never violated by the found fronts (fast-check over bounds and seeds)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 9 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.constantFrom(...MULTI_ALGORITHMS),
      fc.boolean(),
      (bound, seed, algo, cheap) => {
        const p = buildMultiProblem(table, "acc:max,lat:min", {
          constraints: [`lat<=${bound}`],
          cheap: cheap ? ["lat"] : [],
        });
        const [r] = runMulti(p, algo, 40, 1, seed);
        assert.ok(r.queries <= 40);
        for (const f of r.front) assert.ok(f.values[1] <= bound, `${algo}: ${f.arch} has lat ${f.values[1]}`);
        if (cheap) assert.ok(r.excluded >= 0);
      },
    ),
    { seed: 15, numRuns: 40 },
  );
});

const acc = sharedData("nb201/nats_bench.csv");
const lat = sharedData("nb201-latency/nb201_latency_help.csv");
test("NB201 accuracy × titan_rtx_1: Pareto local search reaches ≥ 0.95 of the true HV in 300 queries (10 runs)", {
  skip: acc.skip || lat.skip,
}, () => {
  const t = loadTables([acc.path, lat.path], nb201);
  const p = buildMultiProblem(t, "CIFAR10TestAccuracy200Epochs:max,titan_rtx_1:min");
  const rs = runMulti(p, "ls", 300, 10, 0);
  const mean = rs.reduce((s, r) => s + r.hvRatio, 0) / rs.length;
  assert.ok(mean >= 0.95, `mean HV ratio ${mean}`);
  assert.equal(p.trueFrontRows.length > 10, true);
});
