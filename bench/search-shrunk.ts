import { Rng } from "../src/core/rng.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import { closePool, runMany } from "../src/search/parallel.js";
import { buildProblem, type ProblemSource } from "../src/search/source.js";
import { summarize, valueAt } from "../src/search/summary.js";
import { costSource, datasetOfMetric } from "../src/shrink/cost.js";
import { saveSpaceFile } from "../src/shrink/file.js";
import { lissnas } from "../src/shrink/lissnas.js";
import { arg, sharedDataOrSkip } from "./args.js";

const data = sharedDataOrSkip("nb201/nats_bench.csv");
const seed = Number(arg("seed", "0"));
const runs = Number(arg("runs", "300"));
const out = arg("out", "/tmp/lissnas-search-shrunk.members");
const metric = "CIFAR100TestAccuracy200Epochs";
const full: ProblemSource = { space: "nb201", data, metric };
const { problem, table, base } = buildProblem(full);
const t0 = performance.now();
const shrunk = lissnas({
  space: problem.space,
  objective: problem.objective,
  predictor: () => new GbdtRegressor(),
  rng: Rng.fromSeed(seed).child("lissnas"),
  cost: costSource(base, datasetOfMetric(metric), table)?.mflops,
});
// what `lissnas shrink --seed S --out DIR` writes: the queries and the queried architectures travel with the
// space, so the search in it is charged them and gets their values free
const queried = shrunk.queried.archs.map((a, i) => [base.format(a), shrunk.queried.values[i]]);
saveSpaceFile(out, shrunk.space, { queries: shrunk.queries, queried, seed, metric });
console.log(
  `shrunk: ${shrunk.space.count} members, ${shrunk.queries} queries, stop ${shrunk.stopReason}, ${Math.round(performance.now() - t0)} ms → ${out}`,
);
const inside = { ...full, members: out };
const sp = buildProblem(inside).problem;
console.log(
  `optimum inside the shrunk space: ${sp.spaceOptimum} (full space ${sp.optimum}); extra queries ${sp.extraQueries}; best of the shrinkage's queries ${Math.max(...shrunk.queried.values)} (served free)`,
);
console.log("| algorithm | space | budget (total) | final mean ± 95 % CI | reached |");
console.log("|---|---|---:|---:|---:|");
for (const algo of ["ls", "rs", "re"] as const) {
  for (const [name, src] of [
    ["full", full],
    ["lissnas", inside],
  ] as const) {
    // a shrunk space smaller than the search's share of a budget would be swept exhaustively: left out
    const budgets =
      name === "full"
        ? [150, 200, 250, 300]
        : [150, 200, 250, 300].filter((b) => b > sp.extraQueries && b - sp.extraQueries < shrunk.space.count);
    const maxB = budgets[budgets.length - 1];
    const res = await runMany(src, checkAlgorithmSpec({ algo }), { seed, budget: maxB }, runs);
    const s = summarize(buildProblem(src).problem, maxB, res);
    for (const b of budgets) {
      const v = valueAt(res, b);
      const reached = res.filter((r) => r.queriesToOptimum !== null && r.queriesToOptimum <= b).length;
      console.log(
        `| ${algo} | ${name} | ${b} | ${v.mean.toFixed(3)} ± ${((v.hi - v.lo) / 2 || 0).toFixed(3)} | ${reached}/${s.runs} |`,
      );
    }
  }
}
await closePool();
