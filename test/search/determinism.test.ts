import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAlgorithmSpec } from "../../src/search/algorithms.js";
import { closePool, runMany } from "../../src/search/parallel.js";
import type { RunResult } from "../../src/search/run.js";
import { buildProblem, type ProblemSource } from "../../src/search/source.js";
import { summarize } from "../../src/search/summary.js";

const source: ProblemSource = { space: "nb201", landscape: { k: 2, seed: 11 } };

function bytes(results: RunResult[]): string {
  return JSON.stringify(results.map((r) => ({ ...r, trace: Array.from(r.trace) })));
}

test("same seed, same traces; another seed, other traces", async () => {
  for (const algo of ["ls", "ls-full", "rs", "re"] as const) {
    const spec = checkAlgorithmSpec({ algo });
    const a = await runMany(source, spec, { seed: 4, budget: 120 }, 6, 1);
    const b = await runMany(source, spec, { seed: 4, budget: 120 }, 6, 1);
    const c = await runMany(source, spec, { seed: 5, budget: 120 }, 6, 1);
    assert.equal(bytes(a), bytes(b), algo);
    assert.notEqual(bytes(a), bytes(c), algo);
  }
});

test("runs in worker threads give byte-identical results to the sequential runs", async () => {
  try {
    for (const spec of [
      checkAlgorithmSpec({ algo: "ls" }),
      checkAlgorithmSpec({ algo: "re", population: 20 }),
      checkAlgorithmSpec({ algo: "pre", predictor: "ridge" }),
    ]) {
      const settings = { seed: 2, budget: 100 };
      const seq = await runMany(source, spec, settings, 9, 1);
      const par = await runMany(source, spec, settings, 9, 2);
      assert.equal(bytes(par), bytes(seq), spec.algo);
      const p = buildProblem(source).problem;
      assert.equal(JSON.stringify(summarize(p, 100, par)), JSON.stringify(summarize(p, 100, seq)));
    }
  } finally {
    await closePool();
  }
});

test("run i does not depend on which runs were made before it (rng.child('run', i))", async () => {
  const spec = checkAlgorithmSpec({ algo: "ls" });
  const all = await runMany(source, spec, { seed: 8, budget: 80 }, 5, 1);
  const again = await runMany(source, spec, { seed: 8, budget: 80 }, 5, 1);
  assert.equal(bytes([all[4]]), bytes([again[4]]));
  const alone = await runMany(
    { ...source },
    checkAlgorithmSpec({ algo: "rs" }),
    { seed: 8, budget: 80 },
    2,
    1,
  );
  const more = await runMany(
    { ...source },
    checkAlgorithmSpec({ algo: "rs" }),
    { seed: 8, budget: 80 },
    4,
    1,
  );
  assert.equal(bytes(alone), bytes(more.slice(0, 2)));
});
