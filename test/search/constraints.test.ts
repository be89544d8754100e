import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { checkAlgorithmSpec } from "../../src/search/algorithms.js";
import { type RunResult, range, runSequential } from "../../src/search/run.js";
import { buildProblem } from "../../src/search/source.js";
import { generated, writeCsv } from "../data/objective-fixtures.js";

const g = generated(11);
const file = writeCsv("constrained.csv", { architecture: g.str, acc: g.acc, lat: g.lat }, 12);
const latOf = (arch: string) => g.lat[g.str.indexOf(arch)];

function runConstrained(algo: string, bound: number, cheap: boolean, seed: number, budget = 40): RunResult[] {
  const built = buildProblem({
    space: "categorical:5x3",
    data: file,
    metric: "acc",
    constraints: [`lat<=${bound}`],
    cheap: cheap ? ["lat"] : undefined,
  });
  // record every architecture whose value is read: with --cheap, none may be infeasible
  const read: string[] = [];
  const p = { ...built.problem };
  const objective = p.objective;
  p.objective = (a) => {
    read.push(p.space.format(a));
    return objective(a);
  };
  const spec = checkAlgorithmSpec({ algo });
  const out = runSequential(p, spec, { seed, budget }, range(2));
  if (cheap) for (const a of read) assert.ok(latOf(a) <= bound, `${algo}: queried infeasible ${a}`);
  return out;
}

test("constraints are never violated by a returned architecture (fast-check over bounds, seeds, algorithms)", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 3, max: 9 }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.constantFrom("ls", "rs", "re", "ls-full"),
      fc.boolean(),
      (bound, seed, algo, cheap) => {
        for (const r of runConstrained(algo, bound, cheap, seed)) {
          assert.ok(r.bestArch === "" || latOf(r.bestArch) <= bound, `${algo}: ${r.bestArch}`);
        }
      },
    ),
    { seed: 15, numRuns: 40 },
  );
});

test("the optimum of a constrained problem is the best feasible value, found independently", () => {
  // a bound just below the latency of the unconstrained best, so the constraint binds
  const bound = Math.floor(g.lat[g.acc.indexOf(Math.max(...g.acc))] * 100 - 1) / 100;
  const built = buildProblem({
    space: "categorical:5x3",
    data: file,
    metric: "acc",
    constraints: [`lat<=${bound}`],
  });
  const best = Math.max(...g.acc.filter((_, i) => g.lat[i] <= bound));
  assert.equal(built.problem.optimum, best);
  assert.ok(best < Math.max(...g.acc));
  // cheap: infeasible architectures cost nothing, so an ample budget still finds the feasible optimum
  const runs = runConstrained("ls", bound, true, 1, 100);
  assert.ok(runs.some((r) => r.finalReport === best));
});

test(":min searches minimise: the optimum is the true minimum, finals are never below it", () => {
  const built = buildProblem({ space: "categorical:5x3", data: file, metric: "lat:min" });
  const trueMin = Math.min(...g.lat);
  assert.equal(built.problem.optimum, -trueMin);
  const runs = runSequential(
    built.problem,
    checkAlgorithmSpec({ algo: "ls" }),
    { seed: 2, budget: 60 },
    range(4),
  );
  const median = [...g.lat].sort((a, b) => a - b)[121];
  for (const r of runs) {
    const lat = -r.finalReport;
    assert.ok(lat >= trueMin && lat < median, `final latency ${lat}`);
    assert.equal(latOf(r.bestArch), lat);
  }
});
