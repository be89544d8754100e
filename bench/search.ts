import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import { closePool, runMany } from "../src/search/parallel.js";
import { buildProblem, type ProblemSource } from "../src/search/source.js";
import { summarize } from "../src/search/summary.js";
import { arg, sharedDataOrSkip } from "./args.js";

const data = sharedDataOrSkip("nb201/nats_bench.csv");
const runs = Number(arg("runs", "1000"));
const budget = Number(arg("budget", "300"));
const threads = Number(arg("threads", "1"));
const spec = checkAlgorithmSpec({ algo: arg("algo", "ls") });
const source: ProblemSource = { space: "nb201", data, metric: "CIFAR100TestAccuracy200Epochs" };

const t0 = performance.now();
buildProblem(source);
const t1 = performance.now();
const results = await runMany(source, spec, { seed: 0, budget }, runs, threads);
const t2 = performance.now();
const s = summarize(buildProblem(source).problem, budget, results);
await closePool();
let checksum = 0;
for (const r of results)
  for (let q = 0; q < r.trace.length; q++) checksum = (checksum * 31 + r.trace[q] * 1000) % 1e9;
console.log(
  JSON.stringify({
    algo: spec.algo,
    runs,
    budget,
    threads,
    loadMs: Math.round(t1 - t0),
    searchMs: Math.round(t2 - t1),
    totalQueries: results.reduce((a, r) => a + r.queries, 0),
    meanFinal: s.final.mean,
    reached: s.queriesToOptimum.reached,
    checksum,
  }),
);
