import assert from "node:assert/strict";
import { test } from "node:test";
import { BudgetExhausted, QueryCounter } from "../../src/data/queries.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { ALGORITHM_NAMES, checkAlgorithmSpec } from "../../src/search/algorithms.js";
import { makeProblem, SearchContext } from "../../src/search/problem.js";
import { range, runOne, runSequential } from "../../src/search/run.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import type { Arch } from "../../src/spaces/space.js";

const land = new SyntheticLandscape(nb201, { k: 2, seed: 7 });
const score = land.objective();

/** An nb201 problem whose objective counts its calls and records the classes it was asked about. */
function counted() {
  const calls: number[] = [];
  const f = (a: Arch) => {
    calls.push(nb201.key(a));
    return score(a);
  };
  return { calls, problem: makeProblem(nb201, f, { optimum: Number.POSITIVE_INFINITY }) };
}

test("QueryCounter: budget caps new queries exactly; repeats and isomorphs stay free; reset forgets", () => {
  const iso = [...nb201.enumerate()].find((x) => nb201.key(x) !== nb201.code(x))!;
  const can = nb201.canonical(iso);
  const q = new QueryCounter(nb201, score, undefined, { budget: 2 });
  q.evaluate(can);
  q.evaluate(nb201.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"));
  assert.equal(q.remaining, 0);
  assert.equal(q.evaluate(iso), q.evaluate(can), "free after the budget is spent");
  assert.equal(q.isomorphs, 1);
  assert.equal(q.repeats, 1);
  const third = nb201.parse(
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
  );
  assert.throws(() => q.evaluate(third), BudgetExhausted);
  assert.equal(q.queries, 2);
  q.reset(5);
  assert.equal(q.queries, 0);
  assert.equal(q.has(can), false);
  assert.equal(q.known(can), undefined);
  q.evaluate(iso);
  assert.equal(q.has(can), true, "isomorphs share a class");
  assert.equal(q.known(can), score(iso));
  assert.throws(() => q.reset(-1), /budget/);
});

test("every algorithm spends exactly its budget; the evaluator is called once per new class", () => {
  for (const algo of ALGORITHM_NAMES) {
    const { calls, problem } = counted();
    const spec = checkAlgorithmSpec(
      algo === "pls" || algo === "pre" ? { algo, predictor: "ridge" } : { algo },
    );
    const ctx = new SearchContext(problem);
    for (const budget of [1, 7, 40, 123]) {
      calls.length = 0;
      const r = runOne(ctx, spec, { seed: 3, budget }, 0);
      assert.equal(r.queries, budget, `${algo} @ ${budget}`);
      assert.equal(calls.length, budget, `${algo}: objective calls`);
      assert.equal(new Set(calls).size, budget, `${algo}: never two calls for one class`);
      assert.equal(r.trace.length, budget);
      assert.ok(r.trace.every((v) => !Number.isNaN(v)));
      for (let i = 1; i < budget; i++) assert.ok(r.trace[i] >= r.trace[i - 1], "best-so-far is monotone");
    }
  }
});

test("regularised evolution on nb201 meets isomorphs and repeats, and they are free", () => {
  const { calls, problem } = counted();
  const ctx = new SearchContext(problem);
  const spec = checkAlgorithmSpec({ algo: "re", population: 20, sampleSize: 5 });
  let iso = 0;
  let rep = 0;
  for (let i = 0; i < 10; i++) {
    calls.length = 0;
    const r = runOne(ctx, spec, { seed: 1, budget: 200 }, i);
    assert.equal(calls.length, 200);
    assert.equal(new Set(calls).size, 200);
    assert.equal(r.steps, r.queries + r.repeats + r.isomorphs);
    iso += r.isomorphs;
    rep += r.repeats;
  }
  assert.ok(iso > 0, "isomorphic children occur in nb201");
  assert.ok(rep > 0, "repeated children occur");
});

test("extra (shrinkage) queries are charged first: trace, budget and queries to the optimum shift by them", () => {
  const f = (a: Arch) => score(a);
  const plain = makeProblem(nb201, f);
  const extra = makeProblem(nb201, f, { extraQueries: 30 });
  const spec = checkAlgorithmSpec({ algo: "ls" });
  const a = runOne(new SearchContext(plain), spec, { seed: 0, budget: 100 }, 0);
  const b = runOne(new SearchContext(extra), spec, { seed: 0, budget: 130 }, 0);
  assert.equal(b.queries, 100);
  assert.equal(b.trace.length, 130);
  for (let i = 0; i < 30; i++) assert.ok(Number.isNaN(b.trace[i]));
  assert.deepEqual(Array.from(b.trace.subarray(30)), Array.from(a.trace));
  if (a.queriesToOptimum !== null) assert.equal(b.queriesToOptimum, a.queriesToOptimum + 30);
  assert.throws(() => runSequential(extra, spec, { seed: 0, budget: 30 }, range(1)), /leaves no query/);
});

test("the value after q queries of a long run equals the final value of a q-query run (anytime property)", () => {
  const problem = makeProblem(nb201, score);
  const ctx = new SearchContext(problem);
  for (const algo of ["ls", "ls-full", "rs", "re"] as const) {
    const spec = checkAlgorithmSpec({ algo });
    for (let i = 0; i < 3; i++) {
      const long = runOne(ctx, spec, { seed: 5, budget: 300 }, i);
      for (const q of [10, 100, 150]) {
        const short = runOne(ctx, spec, { seed: 5, budget: q }, i);
        assert.equal(short.finalReport, long.trace[q - 1], `${algo} run ${i} @ ${q}`);
      }
    }
  }
});

test("budgets larger than the space's distinct architectures are refused", () => {
  const problem = makeProblem(nb201, score);
  assert.throws(
    () => runSequential(problem, checkAlgorithmSpec({ algo: "rs" }), { seed: 0, budget: 6467 }, range(1)),
    /exceeds the 6466 distinct architectures of nb201/,
  );
  assert.throws(
    () => runSequential(problem, checkAlgorithmSpec({ algo: "rs" }), { seed: 0, budget: 0 }, range(1)),
    /≥ 1/,
  );
  const all = runSequential(
    problem,
    checkAlgorithmSpec({ algo: "rs" }),
    { seed: 0, budget: 6466 },
    range(1),
  )[0];
  assert.equal(all.queries, 6466, "random search can query every class");
  assert.equal(all.queriesToOptimum !== null, true);
});
