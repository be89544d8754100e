/**
 * Regenerates the tables of docs/RESULTS.md (locality section) (theory vs measurement on NB201):
 *
 *   node --import tsx bench/landscape-results.ts [--data FILE] [--epsilon E] [--perm-seeds N]
 *
 * Deterministic: the permuted controls use the same stream as `lissnas landscape --permute --seed S`
 * (Rng.fromSeed(S).child("permute")), S = 0..N−1 (default 10); the sampled curves use seed 0 as
 * `lissnas locality --seed 0` does. Needs ../shared/data/nb201/nats_bench.csv.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { loadTable } from "../src/data/loaders.js";
import { exactCurves } from "../src/locality/exact.js";
import {
  buildLandscape,
  collapseCanonical,
  type LandscapeGraph,
  permuteValues,
} from "../src/locality/graph.js";
import { analyseLandscape } from "../src/locality/landscape.js";
import { nearDifferences, randomWalkAutocorrelation, thresholdWithRule } from "../src/locality/statistics.js";
import { theoryPredictions } from "../src/locality/theory.js";
import { mean } from "../src/metrics/mean.js";
import { std } from "../src/metrics/std.js";
import { nb201 } from "../src/spaces/nb201/space.js";
import { arg } from "./args.js";

const file = arg("data", resolve(import.meta.dirname, "../../shared/data/nb201/nats_bench.csv"));
const epsilon = Number(arg("epsilon", "0.5"));
const permSeeds = Number(arg("perm-seeds", "10"));
if (!existsSync(file)) {
  console.error(`needs ${file}`);
  process.exit(1);
}
const table = loadTable(file, nb201);
const datasets = [
  ["CIFAR-10", "CIFAR10TestAccuracy200Epochs"],
  ["CIFAR-100", "CIFAR100TestAccuracy200Epochs"],
] as const;
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
const f1 = (x: number) => x.toFixed(1);

const row = (name: string, g: LandscapeGraph) => {
  const a = analyseLandscape(g, epsilon);
  const t = theoryPredictions(g, { epsilon });
  const iid = theoryPredictions(g, { epsilon, independent: true });
  return `| ${name} | ${a.strictLocalOptima} | ${a.weakLocalOptima} | ${f1(t.localOptima)} | ${f1(iid.localOptima)} | ${f3(a.pWithinEpsilon)} | ${f3(t.pWithinEpsilon)} | ${f3(iid.pWithinEpsilon)} | ${f3(a.pGlobal)} | ${a.globalBasin} | ${a.steps.mean.toFixed(2)} | ${f3(t.mass)} |`;
};

console.log(`## Exact landscape vs the local-search theory (ε = ${epsilon} accuracy points)\n`);
console.log(
  "| data | strict optima | weak optima | theory | theory, no locality | P(within ε) | theory P(within ε) | no-locality P(within ε) | P(global) | global basin | mean LS steps | model mass |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
const graphs = new Map<string, LandscapeGraph>();
for (const [name, column] of datasets) {
  const g = buildLandscape(nb201, new TableEvaluator(table, column).objective());
  graphs.set(name, g);
  console.log(row(name, g));
  console.log(row(`${name}, permuted (seed 0)`, permuteValues(g, Rng.fromSeed(0).child("permute"))));
}

console.log(`\n## Permuted controls over seeds 0..${permSeeds - 1}\n`);
console.log(
  "| data | strict optima mean ± sd (min..max) | theory mean | P(within ε) mean | P(global) mean |",
);
console.log("|---|---:|---:|---:|---:|");
for (const [name] of datasets) {
  const g = graphs.get(name)!;
  const counts: number[] = [];
  const theory: number[] = [];
  const within: number[] = [];
  const global: number[] = [];
  for (let s = 0; s < permSeeds; s++) {
    const p = permuteValues(g, Rng.fromSeed(s).child("permute"));
    const a = analyseLandscape(p, epsilon);
    counts.push(a.strictLocalOptima);
    within.push(a.pWithinEpsilon);
    global.push(a.pGlobal);
    theory.push(theoryPredictions(p, { epsilon }).localOptima);
  }
  console.log(
    `| ${name} | ${f1(mean(counts))} ± ${f1(std(counts))} (${Math.min(...counts)}..${Math.max(...counts)}) | ${f1(mean(theory))} | ${f3(mean(within))} | ${f3(mean(global))} |`,
  );
}

console.log("\n## Canonical (isomorphism-collapsed) graph\n");
console.log(
  "| data | class value | classes | strict optima | weak optima | theory | P(within ε) | theory P(within ε) | P(global) |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [name] of datasets) {
  for (const how of ["rep", "mean"] as const) {
    const c = collapseCanonical(graphs.get(name)!, how);
    const a = analyseLandscape(c, epsilon);
    const t = theoryPredictions(c, { epsilon });
    console.log(
      `| ${name} | ${how} | ${c.n} | ${a.strictLocalOptima} | ${a.weakLocalOptima} | ${f1(t.localOptima)} | ${f3(a.pWithinEpsilon)} | ${f3(t.pWithinEpsilon)} | ${f3(a.pGlobal)} |`,
    );
  }
}

console.log("\n## Theory sensitivity to the density grid (predicted strict optima / P(within ε))\n");
const grids: Array<["rank" | "value", number]> = [
  ["rank", 50],
  ["rank", 100],
  ["rank", 250],
  ["rank", 625],
  ["rank", 1000],
  ["value", 100],
  ["value", 625],
];
console.log(`| data | measured | ${grids.map(([g, b]) => `${g} ${b}`).join(" | ")} |`);
console.log(`|---|---:|${grids.map(() => "---:").join("|")}|`);
for (const [name] of datasets) {
  for (const permuted of [false, true]) {
    const g0 = graphs.get(name)!;
    const g = permuted ? permuteValues(g0, Rng.fromSeed(0).child("permute")) : g0;
    const a = analyseLandscape(g, epsilon);
    const cells = grids.map(([grid, bins]) => {
      const t = theoryPredictions(g, { grid, bins, epsilon });
      return `${f1(t.localOptima)} / ${f3(t.pWithinEpsilon)}`;
    });
    console.log(
      `| ${name}${permuted ? ", permuted (seed 0)" : ""} | ${a.strictLocalOptima} / ${f3(a.pWithinEpsilon)} | ${cells.join(" | ")} |`,
    );
  }
}

console.log("\n## Locality curves (d = 1..6) and the threshold rule\n");
console.log("| data | curve | d=1 | d=2 | d=3 | d=4 | d=5 | d=6 | threshold |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [name] of datasets) {
  for (const permuted of [false, true]) {
    const g0 = graphs.get(name)!;
    const g = permuted ? permuteValues(g0, Rng.fromSeed(0).child("permute")) : g0;
    const label = `${name}${permuted ? ", permuted (seed 0)" : ""}`;
    const ex = exactCurves(g, 6);
    const values = g.values;
    const f = (a: Uint8Array) => values[nb201.code(a)];
    const rng = Rng.fromSeed(0).child("locality");
    const near = nearDifferences(nb201, f, rng, { samples: 1000 });
    const walk = randomWalkAutocorrelation(nb201, f, rng, { walks: 1000 });
    const th = (c: { maxDistance: number; points: { distance: number; r: number }[] }) =>
      thresholdWithRule({
        maxDistance: c.maxDistance,
        points: c.points.map((p) => ({ ...p, n: 0, lo: 0, hi: 0 })),
      }).threshold;
    console.log(
      `| ${label} | RWA exact | ${ex.rwa!.points.map((p) => f3(p.r)).join(" | ")} | ${th(ex.rwa!)} |`,
    );
    console.log(
      `| ${label} | RWA sampled, seed 0 [95% CI] | ${near.correlation.map((p) => `${f3(p.r)} [${f3(p.lo)}, ${f3(p.hi)}]`).join(" | ")} | ${th({ maxDistance: 6, points: near.correlation })} |`,
    );
    console.log(
      `| ${label} | walk RWA exact | ${ex.walk.points.map((p) => f3(p.r)).join(" | ")} | ${th(ex.walk)} |`,
    );
    console.log(
      `| ${label} | walk RWA sampled, seed 0 | ${walk.points.map((p) => f3(p.r)).join(" | ")} | ${th(walk)} |`,
    );
    console.log(
      `| ${label} | AAD sampled, seed 0 [95% CI] | ${near.aad.map((p) => `${p.mean.toFixed(2)} [${p.lo.toFixed(2)}, ${p.hi.toFixed(2)}]`).join(" | ")} | |`,
    );
  }
}
