// Replay overhead of the evaluation engine (issue #11, docs/evaluators.md "Cost of replay"): a local search
// of budget B through the engine with an INSTANT in-process evaluator (no process, no I/O: what is left is
// the engine's own cost — B replays of the algorithm from its start) against the same search on the
// synchronous fast path, same values (the synthetic landscape), same seed. Also checks the two runs are
// identical. Optional: --trainer adds the fixture trainer process (IPC per evaluation) for scale.
//
//   node --import tsx bench/replay.ts [--budgets 100,300,1000] [--reps 3] [--trainer]
import { join } from "node:path";
import type { AsyncEvaluator, EvalOutcome, EvalRequest } from "../src/data/async-evaluator.js";
import { EvaluationEngine } from "../src/data/engine.js";
import { SyntheticLandscape } from "../src/data/synthetic.js";
import { TrainerEvaluator } from "../src/data/trainer.js";
import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import { engineProblem, runManyAsync } from "../src/search/async-runs.js";
import { closePool, runMany } from "../src/search/parallel.js";
import { buildProblem, type ProblemSource } from "../src/search/source.js";
import { getSpace } from "../src/spaces/registry.js";
import { arg } from "./args.js";

const budgets = arg("budgets", "100,300,1000").split(",").map(Number);
const reps = Number(arg("reps", "3"));
const withTrainer = process.argv.includes("--trainer");
const space = getSpace("nb201");
const landscape = new SyntheticLandscape(space, {});
const f = landscape.objective("accuracy");
const spec = checkAlgorithmSpec({ algo: "ls" });
const source: ProblemSource = { space: "nb201" }; // the synthetic landscape, default knobs

/** Answers at once from the synthetic landscape: the engine's cost without any evaluation cost. */
class Instant implements AsyncEvaluator {
  readonly name = "instant";
  readonly identity = "instant";
  readonly spaceSpec = "nb201";
  readonly concurrency = 1;
  readonly space = space;
  evaluate(req: EvalRequest): Promise<EvalOutcome> {
    return Promise.resolve({
      status: "ok",
      metrics: { accuracy: f(space.parse(req.arch)) },
      attempts: 1,
      seconds: 0,
    });
  }
  async close(): Promise<void> {}
}

async function viaEngine(evaluator: AsyncEvaluator, budget: number) {
  const engine = new EvaluationEngine(evaluator);
  const problem = engineProblem(engine, { space: "nb201", metric: "accuracy" });
  const t0 = performance.now();
  const [r] = await runManyAsync(problem, spec, { seed: 0, budget, batch: 1 }, 1, engine);
  const ms = performance.now() - t0;
  await engine.close();
  return { ms, r, replays: engine.stats.replays };
}

const rows = [];
for (const budget of budgets) {
  let syncMs = Number.POSITIVE_INFINITY;
  let engineMs = Number.POSITIVE_INFINITY;
  let same = true;
  let replays = 0;
  for (let k = 0; k < reps; k++) {
    buildProblem(source);
    const t0 = performance.now();
    const [s] = await runMany(source, spec, { seed: 0, budget }, 1, 1);
    syncMs = Math.min(syncMs, performance.now() - t0);
    const e = await viaEngine(new Instant(), budget);
    engineMs = Math.min(engineMs, e.ms);
    replays = e.replays;
    same &&= e.r.finalSearch === s.finalSearch && e.r.trace.every((v, i) => v === s.trace[i]);
  }
  const row: Record<string, unknown> = {
    budget,
    replays,
    syncMs: +syncMs.toFixed(1),
    engineMs: +engineMs.toFixed(1),
    overheadMs: +(engineMs - syncMs).toFixed(1),
    identical: same,
  };
  if (withTrainer) {
    const fixture = join(import.meta.dirname, "../test/fixtures/trainers/table-trainer.mjs");
    const trainer = new TrainerEvaluator({
      command: `${process.execPath} ${fixture}`,
      space,
      spaceSpec: "nb201",
    });
    row.fixtureTrainerMs = +(await viaEngine(trainer, budget)).ms.toFixed(1);
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
await closePool();
