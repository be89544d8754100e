/**
 * CPU-time A/B of the table fast path (issue #11): the same search (1,000 runs × 300 queries, as
 * bench/search.ts) and LISSNAS run (defaults, best of 3 seeds) from the sources of another tree, so two
 * versions can be compared while the machine is busy (CPU time of the process, not wall-clock):
 *
 *   git archive <commit> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   node --import tsx bench/fast-path-cpu.ts --root /tmp/before --algo ls
 *   node --import tsx bench/fast-path-cpu.ts --root "$PWD" --algo ls
 */
import { arg, sharedDataOrSkip } from "./args.js";

const data = sharedDataOrSkip("nb201/nats_bench.csv");
const root = arg("root", new URL("..", import.meta.url).pathname);
const algo = arg("algo", "ls");
const { checkAlgorithmSpec } = await import(`${root}/src/search/algorithms.ts`);
const { runMany, closePool } = await import(`${root}/src/search/parallel.ts`);
const { buildProblem } = await import(`${root}/src/search/source.ts`);
const { Rng } = await import(`${root}/src/core/rng.ts`);
const { TableEvaluator } = await import(`${root}/src/data/evaluator.ts`);
const { loadTable } = await import(`${root}/src/data/loaders.ts`);
const { GbdtRegressor } = await import(`${root}/src/predictors/gbdt.ts`);
const { lissnas } = await import(`${root}/src/shrink/lissnas.ts`);
const { costSource } = await import(`${root}/src/shrink/cost.ts`);
const { getSpace } = await import(`${root}/src/spaces/registry.ts`);

const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) =>
  Math.round((b.user - a.user + b.system - a.system) / 1000);
const source = { space: "nb201", data, metric: "CIFAR100TestAccuracy200Epochs" };
const c0 = process.cpuUsage();
buildProblem(source);
const c1 = process.cpuUsage();
const results = await runMany(source, checkAlgorithmSpec({ algo }), { seed: 0, budget: 300 }, 1000, 1);
const c2 = process.cpuUsage();
await closePool();
let checksum = 0;
for (const r of results)
  for (let q = 0; q < r.trace.length; q++) checksum = (checksum * 31 + r.trace[q] * 1000) % 1e9;

const space = getSpace("nb201");
const metric = "CIFAR10TestAccuracy200Epochs";
const f = new TableEvaluator(loadTable(data, space), metric).objective(metric);
const cost = costSource(space, "cifar10");
let shrinkMs = Number.POSITIVE_INFINITY;
for (let seed = 0; seed < 3; seed++) {
  const s0 = process.cpuUsage();
  lissnas(
    {
      space,
      objective: f,
      predictor: () => new GbdtRegressor(),
      rng: Rng.fromSeed(seed).child("lissnas"),
      cost: cost?.mflops,
    },
    {},
  );
  shrinkMs = Math.min(shrinkMs, cpuMs(s0, process.cpuUsage()));
}
console.log(
  JSON.stringify({
    root,
    algo,
    loadCpuMs: cpuMs(c0, c1),
    searchCpuMs: cpuMs(c1, c2),
    checksum,
    shrinkCpuMs: shrinkMs,
  }),
);
