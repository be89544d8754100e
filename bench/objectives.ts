/**
 * Issue #15 benchmark: multi-objective and constrained search on NAS-Bench-201.
 *
 * 1. CIFAR-10 test accuracy (max) × latency (min) on titan_rtx_1 and on pixel3: hypervolume ratio of the
 *    found front to the true front after 100 / 300 / 1,000 queries, mean and 95 % t-CI over 30 seeded runs,
 *    for Pareto random search, Pareto local search, NSGA-II-style evolution and LISSNAS-then-PLS (iterative
 *    shrinkage, src/search/multi/lissnas.ts; its queries are queries of the run, so they are charged). rs/ls/re do not look at the budget
 *    before it is spent, so their 100/300 values are read from the 1,000-query trace; LISSNAS-then-PLS
 *    sizes its shrinkage by the budget and is run once per budget.
 * 2. Constrained single objective: best CIFAR-10 accuracy under titan_rtx_1 ≤ 5 (ms, latency looked up
 *    free: --cheap) within 300 queries, local search / random search / evolution, 30 runs.
 *
 * `npm run bench:objectives [-- --runs 30]`; writes bench/out/objectives.md and prints it.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { loadTables } from "../src/data/join.js";
import { meanCI } from "../src/metrics/mean-ci.js";
import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import type { MultiAlgorithm } from "../src/search/multi/algorithms.js";
import { buildMultiProblem } from "../src/search/multi/problem.js";
import { runMulti } from "../src/search/multi/run.js";
import { range, runSequential } from "../src/search/run.js";
import { buildProblem } from "../src/search/source.js";
import { nb201 } from "../src/spaces/nb201/space.js";
import { writeFileAtomic } from "../src/store/atomic.js";
import { arg, sharedDataOrSkip } from "./args.js";

const acc = sharedDataOrSkip("nb201/nats_bench.csv");
const lat = sharedDataOrSkip("nb201-latency/nb201_latency_help.csv");
const runs = Number(arg("runs", "30"));
const BUDGETS = [100, 300, 1000];
const ACC = "CIFAR10TestAccuracy200Epochs";
const ALGOS: Array<[MultiAlgorithm, string]> = [
  ["rs", "Pareto random search"],
  ["ls", "Pareto local search"],
  ["re", "NSGA-II-style evolution"],
  ["lissnas-ls", "LISSNAS → Pareto LS (shrink charged)"],
];
const f3 = (x: number) => x.toFixed(3);
const ci = (x: Float64Array) => {
  const c = meanCI(x);
  return `${f3(c.mean)} [${f3(c.lo)}, ${f3(c.hi)}]`;
};

const table = loadTables([acc, lat], nb201);
const lines: string[] = [];
const t0 = performance.now();
for (const device of ["titan_rtx_1", "pixel3"]) {
  const p = buildMultiProblem(table, `${ACC}:max,${device}:min`, { cheap: [device] });
  lines.push(
    `### ${ACC} × ${device} (true front: ${p.trueFrontRows.length} architectures; HV reference ` +
      `${p.specs.map((s, j) => (s.sign * p.ref[j]).toFixed(3)).join(", ")})`,
    "",
    "| method | HV ratio @100 | @300 | @1000 | IGD @1000 | runs ≥ 0.95 @300 |",
    "|---|---|---|---|---|---|",
  );
  for (const [algo, label] of ALGOS) {
    const at = new Map<number, Float64Array>();
    let igd1000: Float64Array;
    if (algo === "lissnas-ls") {
      for (const b of BUDGETS)
        at.set(
          b,
          Float64Array.from(runMulti(p, algo, b, runs, 0), (r) => r.hvRatio),
        );
      igd1000 = Float64Array.from(runMulti(p, algo, 1000, runs, 0), (r) => r.igd);
    } else {
      const rs = runMulti(p, algo, 1000, runs, 0);
      for (const b of BUDGETS)
        at.set(
          b,
          Float64Array.from(rs, (r) => r.trace[b - 1]),
        );
      igd1000 = Float64Array.from(rs, (r) => r.igd);
    }
    const hit = at.get(300)!.filter((v) => v >= 0.95).length;
    lines.push(
      `| ${label} | ${ci(at.get(100)!)} | ${ci(at.get(300)!)} | ${ci(at.get(1000)!)} | ${ci(igd1000)} | ${hit}/${runs} |`,
    );
  }
  lines.push("");
}

// Constrained single objective.
const bound = 5;
const source = {
  space: "nb201",
  data: [acc, lat],
  metric: ACC,
  constraints: [`titan_rtx_1<=${bound}`],
  cheap: ["titan_rtx_1"],
};
const built = buildProblem(source);
const optimum = built.problem.optimum!;
const accCol = table.column(ACC);
const latCol = table.column("titan_rtx_1");
let feasible = 0;
let bestRow = -1;
for (let r = 0; r < table.rows; r++) {
  if (!(latCol[r] <= bound)) continue;
  feasible++;
  if (accCol[r] === optimum && bestRow < 0) bestRow = r;
}
const best = table.archAt(bestRow);
const targetKey = nb201.key(best);
lines.push(
  `### Best ${ACC} under titan_rtx_1 ≤ ${bound} ms (latency --cheap), 300 queries, ${runs} runs`,
  "",
  `Feasible: ${feasible} of ${table.rows} genotypes; best feasible genotype ${nb201.format(best)} (${optimum.toFixed(4)} %, ${latCol[bestRow].toFixed(3)} ms).`,
  "",
  "| method | runs that queried the best feasible class | runs whose final = best feasible genotype value | mean final [95 % CI] | mean queries |",
  "|---|---|---|---|---|",
);
for (const algo of ["ls", "rs", "re"]) {
  const problem = { ...built.problem, targets: new Set([targetKey]) };
  const rs = runSequential(problem, checkAlgorithmSpec({ algo }), { seed: 0, budget: 300 }, range(runs));
  const reached = rs.filter((r) => r.queriesToOptimum !== null && r.queriesToOptimum <= 300).length;
  const exact = rs.filter((r) => r.finalReport === optimum).length;
  const q = rs.reduce((s, r) => s + r.queries, 0) / runs;
  lines.push(
    `| ${algo} | ${reached}/${runs} | ${exact}/${runs} | ${ci(Float64Array.from(rs, (r) => r.finalReport))} | ${q.toFixed(1)} |`,
  );
}
lines.push("", `Wall-clock ${((performance.now() - t0) / 1000).toFixed(1)} s (kept apart from the results).`);
const out = resolve(import.meta.dirname, "out");
mkdirSync(out, { recursive: true });
writeFileAtomic(resolve(out, "objectives.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
