import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { loadTables } from "../../src/data/join.js";
import { lissnasPool, MULTI_LISSNAS } from "../../src/search/multi/lissnas.js";
import { buildMultiProblem } from "../../src/search/multi/problem.js";
import { runMulti } from "../../src/search/multi/run.js";
import { MultiRun } from "../../src/search/multi/state.js";
import { generated, writeCsv } from "../data/objective-fixtures.js";

// categorical:6x3 (729 architectures), acc and lat independent
const g = generated(11, 6, 3);
const file = writeCsv("multi-lissnas.csv", { architecture: g.str, acc: g.acc, lat: g.lat }, 5);
const table = loadTables(file, g.space);

test("multi-objective LISSNAS iterates: HV of the evaluated set rises in every kept iteration, queries charged", () => {
  const p = buildMultiProblem(table, "acc:max,lat:min");
  let iterated = 0;
  for (const seed of [0, 1, 2, 3, 4]) {
    const budget = 300;
    const st = new MultiRun(p, budget);
    const pool = lissnasPool(st, Rng.fromSeed(seed).child("shrink"));
    const log = pool.iterations;
    const m = Math.min(MULTI_LISSNAS.maxQueries, Math.ceil(budget / 3));
    assert.ok(log.length >= 1 && log.length <= MULTI_LISSNAS.maxIterations);
    assert.equal(log[0].accepted, true);
    assert.equal(log[0].queries, Math.ceil(m / 2) + MULTI_LISSNAS.queriesPerIteration, "iteration 1 queries");
    // the run's counter holds exactly the shrinkage's queries, never more than its share
    assert.equal(st.counter.queries, log[log.length - 1].queries);
    assert.ok(st.counter.queries <= m, `spent ${st.counter.queries} > ${m}`);
    for (let i = 1; i < log.length; i++) {
      assert.equal(log[i].hvBefore, log[i - 1].hvAfter, "HV carried between iterations");
      assert.equal(log[i].accepted, log[i].hvAfter > log[i].hvBefore, `seed ${seed} iteration ${i + 1}`);
      if (i < log.length - 1) assert.equal(log[i].accepted, true, "only the last iteration may be refused");
    }
    // the returned space is that of the last accepted iteration
    const kept = log.filter((x) => x.accepted);
    assert.equal(pool.archs.length, kept[kept.length - 1].size);
    assert.equal(pool.keys.size, pool.archs.length);
    if (log.length > 1) iterated++;
  }
  assert.ok(iterated >= 3, `only ${iterated} of 5 runs iterated`);
});

test("multi-objective LISSNAS: members never cheaply infeasible; paid-infeasible queries charged, never on the front", () => {
  const cheap = buildMultiProblem(table, "acc:max,lat:min", { constraints: ["lat<=4"], cheap: ["lat"] });
  const st = new MultiRun(cheap, 120);
  const pool = lissnasPool(st, Rng.fromSeed(9).child("shrink"));
  assert.ok(pool.archs.length > 0);
  for (const a of pool.archs) assert.ok(g.lat[g.str.indexOf(g.space.format(a))] <= 4);

  const paid = buildMultiProblem(table, "acc:max,lat:min", { constraints: ["lat<=4"] });
  const [r] = runMulti(paid, "lissnas-ls", 120, 1, 9);
  assert.equal(r.queries, 120, "every query counted, infeasible ones included");
  assert.ok(r.shrink && r.shrink.length >= 1);
  for (const f of r.front) assert.ok(f.values[1] <= 4, `${f.arch}: lat ${f.values[1]}`);
});

test("multi-objective LISSNAS-then-PLS is deterministic per seed and differs across seeds", () => {
  const p = buildMultiProblem(table, "acc:max,lat:min");
  const a = runMulti(p, "lissnas-ls", 90, 2, 4);
  const b = runMulti(p, "lissnas-ls", 90, 2, 4);
  assert.deepEqual(
    a.map((r) => [r.front, r.shrink]),
    b.map((r) => [r.front, r.shrink]),
  );
  assert.notDeepEqual(a[0].shrink, a[1].shrink);
});
