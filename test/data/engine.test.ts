import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { EvaluationEngine, NeedEvaluation } from "../../src/data/engine.js";
import type { Objective } from "../../src/data/evaluator.js";
import { QueryCounter } from "../../src/data/queries.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { checkAlgorithmSpec } from "../../src/search/algorithms.js";
import { runManyAsync } from "../../src/search/async-runs.js";
import { makeProblem } from "../../src/search/problem.js";
import { type RunResult, range, runSequential } from "../../src/search/run.js";
import { getSpace } from "../../src/spaces/registry.js";
import { FakeEvaluator, MemoryStore } from "./fake-evaluator.js";

const space = getSpace("nb201");
const synth = new SyntheticLandscape(space, { k: 2, seed: 5 }).objective();
/** Class-invariant values (a trainer trains the canonical network): the same for every isomorph. */
const truth: Objective = (a) => synth(space.canonical(a));

function bytes(results: RunResult[]): string {
  return JSON.stringify(results.map((r) => ({ ...r, trace: Array.from(r.trace) })));
}

function syncRuns(algo: string, budget: number, runs: number, batch = 1, objective = truth): RunResult[] {
  const problem = makeProblem(space, objective, { optimum: Number.POSITIVE_INFINITY });
  return runSequential(problem, checkAlgorithmSpec({ algo }), { seed: 7, budget, batch }, range(runs));
}

async function engineRuns(
  engine: EvaluationEngine,
  algo: string,
  budget: number,
  runs: number,
  batch = 1,
): Promise<RunResult[]> {
  const problem = makeProblem(space, engine.objective("acc"), { optimum: Number.POSITIVE_INFINITY });
  return runManyAsync(problem, checkAlgorithmSpec({ algo }), { seed: 7, budget, batch }, runs, engine);
}

test("replayed runs over an asynchronous evaluator equal the synchronous runs (ls, ls-full, rs, re, pls)", async () => {
  for (const algo of ["ls", "ls-full", "rs", "re", "pls"]) {
    const budget = algo === "pls" ? 40 : 60;
    const fake = new FakeEvaluator(space, truth, 3, { jitter: 1 });
    const engine = new EvaluationEngine(fake);
    const got = await engineRuns(engine, algo, budget, 3);
    assert.equal(bytes(got), bytes(syncRuns(algo, budget, 3)), algo);
    // each architecture (class) evaluated once, although three runs share the evaluator
    for (const [key, n] of fake.calls) assert.equal(n, 1, `${algo}: key ${key} evaluated ${n} times`);
    assert.ok(fake.total <= 3 * budget && fake.total >= budget, `${algo}: ${fake.total} evaluations`);
    assert.equal(engine.stats.evaluated, fake.total);
    assert.ok(fake.maxInFlight > 1, `${algo}: runs share the evaluator concurrently`);
  }
});

test("the store holds every value before the algorithm sees it; a new engine replays it without evaluating", async () => {
  const store = new MemoryStore();
  const fake = new FakeEvaluator(space, truth, 2);
  const engine = new EvaluationEngine(fake, { store });
  const f = engine.objective("acc");
  let seen = 0;
  const watched = Object.assign(
    (a: Parameters<Objective>[0]) => {
      const v = f(a);
      assert.ok(store.records.has(String(space.key(a))), "value seen before it was stored");
      seen++;
      return v;
    },
    { prepare: f.prepare },
  );
  const problem = makeProblem(space, watched, { optimum: Number.POSITIVE_INFINITY });
  const spec = checkAlgorithmSpec({ algo: "re", population: 10, sampleSize: 3 });
  const first = await runManyAsync(problem, spec, { seed: 1, budget: 50, batch: 2 }, 1, engine);
  assert.ok(seen > 0);
  assert.equal(store.puts, fake.total);
  assert.equal(store.records.size, 50);

  const again = new FakeEvaluator(space, truth, 2);
  const resumed = new EvaluationEngine(again, { store });
  const p2 = makeProblem(space, resumed.objective("acc"), { optimum: Number.POSITIVE_INFINITY });
  const second = await runManyAsync(p2, spec, { seed: 1, budget: 50, batch: 2 }, 1, resumed);
  assert.equal(bytes(second), bytes(first));
  assert.equal(again.total, 0, "a stored evaluation is never asked again");
  assert.equal(resumed.stats.replayed, 50);
  assert.equal(resumed.stats.evaluated, 0);
});

test("batch variants: N evaluations in flight, the same result whatever the completion order, all queries spent", async () => {
  for (const algo of ["ls", "ls-full", "rs", "re"]) {
    const a = new FakeEvaluator(space, truth, 4, { jitter: 1, maxDelayMs: 4 });
    const b = new FakeEvaluator(space, truth, 4, { jitter: 2, maxDelayMs: 4 });
    const ra = await engineRuns(new EvaluationEngine(a), algo, 60, 1, 4);
    const rb = await engineRuns(new EvaluationEngine(b), algo, 60, 1, 4);
    assert.equal(bytes(ra), bytes(rb), algo);
    assert.equal(a.maxInFlight, 4, `${algo}: 4 in flight`);
    assert.equal(ra[0].queries, 60, algo);
    // the engine-driven batch run equals the synchronous batch variant on the same values
    assert.equal(bytes(ra), bytes(syncRuns(algo, 60, 1, 4)), algo);
    // the batch variant is another algorithm than the sequential one — except ls-full (it queries the whole
    // neighbourhood either way) and rs (the same uniform draws), whose trajectories do not change
    if (algo === "ls-full" || algo === "rs") assert.equal(bytes(ra), bytes(syncRuns(algo, 60, 1, 1)), algo);
    else assert.notEqual(bytes(ra), bytes(syncRuns(algo, 60, 1, 1)), algo);
  }
});

test("failed evaluations are NaN, never the incumbent nor a parent, and still spend their query", async () => {
  const failing = (key: string) => Number(key) % 3 === 0;
  for (const algo of ["ls", "rs", "re", "pls", "pre"]) {
    const fake = new FakeEvaluator(space, truth, 2, { failing });
    const engine = new EvaluationEngine(fake);
    const [r] = await engineRuns(engine, algo, 45, 1, algo === "re" ? 3 : 1);
    assert.equal(r.queries, 45, algo);
    assert.ok(r.failed > 0, `${algo}: some evaluations failed`);
    assert.ok(Number.isFinite(r.finalSearch), `${algo}: ${r.finalSearch}`);
    assert.equal(failing(String(space.key(space.parse(r.bestArch)))), false, algo);
    assert.equal(engine.stats.failed, r.failed, algo);
    // the trace never holds a failed value: it equals the best finite value seen so far
    assert.ok(
      r.trace.every((v) => Number.isNaN(v) || v <= r.finalSearch),
      algo,
    );
  }
});

test("a fatal evaluator error propagates after the evaluations in flight are committed", async () => {
  const store = new MemoryStore();
  const fake = new FakeEvaluator(space, truth, 3, { fatalAt: 5 });
  const engine = new EvaluationEngine(fake, { store });
  await assert.rejects(engineRuns(engine, "rs", 30, 1, 3), /fatal/);
  assert.ok(store.records.size >= 3 && store.records.size <= 5, `${store.records.size} committed`);
});

test("NeedEvaluation carries a declared batch; table objectives ignore declarations", () => {
  const fake = new FakeEvaluator(space, truth, 1);
  const engine = new EvaluationEngine(fake);
  const counter = new QueryCounter(space, engine.objective("acc"), undefined, { budget: 2 });
  const rng = Rng.fromSeed(3);
  const archs = [space.sample(rng), space.sample(rng), space.sample(rng)];
  try {
    counter.evaluateMany(archs);
    assert.fail("expected NeedEvaluation");
  } catch (e) {
    assert.ok(e instanceof NeedEvaluation);
    assert.equal(e.archs.length, 2, "only as many as the budget allows");
  }
  const plain = new QueryCounter(space, truth, undefined, { budget: 3 });
  assert.deepEqual(Array.from(plain.evaluateMany(archs)), archs.map(truth));
  assert.equal(plain.queries, 3);
});
