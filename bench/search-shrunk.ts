/**
 * End-to-end check of searching a LISSNAS-shrunk space with the shrinkage's queries charged to the budget:
 * shrinks NB201 (CIFAR-100 200-epoch test accuracy, GBDT, the shrink module's defaults), saves the member
 * file with meta.queries, then runs LS/RS/RE in the full and in the shrunk space at equal total budgets.
 * Usage: node --import tsx bench/search-shrunk.ts [--seed S] [--runs R] [--out FILE]
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../src/core/rng.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import { closePool, runMany } from "../src/search/parallel.js";
import { buildProblem, type ProblemSource } from "../src/search/source.js";
import { summarize, valueAt } from "../src/search/summary.js";
import { saveSpaceFile } from "../src/shrink/file.js";
import { lissnas } from "../src/shrink/lissnas.js";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const root = resolve(fileURLToPath(import.meta.url), "../..");
const data = resolve(root, "../shared/data/nb201/nats_bench.csv");
if (!existsSync(data)) {
  console.log(`skipped: needs ${data}`);
  process.exit(0);
}
const seed = Number(arg("seed", "0"));
const runs = Number(arg("runs", "300"));
const out = arg("out", "/tmp/lissnas-search-shrunk.members");
const metric = "CIFAR100TestAccuracy200Epochs";
const full: ProblemSource = { space: "nb201", data, metric };
const { problem } = buildProblem(full);
const t0 = performance.now();
const shrunk = lissnas({
  space: problem.space,
  objective: problem.objective,
  predictor: () => new GbdtRegressor({ nEstimators: 100 }),
  rng: Rng.fromSeed(seed).child("lissnas"),
});
saveSpaceFile(out, shrunk.space, { queries: shrunk.queries, seed, metric });
console.log(
  `shrunk: ${shrunk.space.count} members, ${shrunk.queries} queries, stop ${shrunk.stopReason}, ${Math.round(performance.now() - t0)} ms → ${out}`,
);
const inside = { ...full, members: out };
const sp = buildProblem(inside).problem;
console.log(
  `optimum inside the shrunk space: ${sp.spaceOptimum} (full space ${sp.optimum}); extra queries ${sp.extraQueries}`,
);
console.log("| algorithm | space | budget (total) | final mean ± 95 % CI | reached |");
console.log("|---|---|---:|---:|---:|");
for (const algo of ["ls", "rs", "re"] as const) {
  for (const [name, src] of [
    ["full", full],
    ["lissnas", inside],
  ] as const) {
    const budgets = [150, 200, 300].filter((b) => b > sp.extraQueries);
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
