import { TableEvaluator } from "../src/data/evaluator.js";
import type { LissnasOptions } from "../src/shrink/lissnas.js";
import { arg } from "./args.js";
import { benchLissnas, landscapes } from "./landscape-list.js";

const nSeeds = Number(arg("seeds", "10"));
const firstSeed = Number(arg("first-seed", "0"));
const only = arg("only", "");
const knobs: LissnasOptions = JSON.parse(arg("knobs", "{}"));

/** The landscapes of the second pass's diagnosis (docs/shrink.md), unless `--only` names others. */
const DOORS = "NB201 CIFAR-100 (12 ep.),SpikeNAS,NAS-Bench-Graph";

console.log(
  `| landscape | queried seeds (n, in top 5 %) | predicted-only seeds | core pockets | balls | all queried |`,
);
console.log("|---|---|---|---|---|---|");
for (const l of landscapes(only || DOORS)) {
  const ev = new TableEvaluator(l.table, l.search);
  const fr = ev.objective(l.report);
  // the original's classes, valued on the reported column: good = its top 5 %
  const seen = new Map<number, number>();
  for (const a of l.space.enumerate!()) {
    const c = l.space.canonical(a);
    const k = l.space.key(c);
    if (!seen.has(k)) seen.set(k, fr(c));
  }
  const vals = [...seen.values()].filter((v) => !Number.isNaN(v)).sort((a, b) => b - a);
  const good = vals[Math.ceil(0.05 * vals.length) - 1];
  const isGood = (k: number) => (seen.get(k) ?? Number.NaN) >= good;
  const sums = { nSq: 0, gSq: 0, nSu: 0, gSu: 0, nCore: 0, gCore: 0, nBall: 0, gBall: 0, nQ: 0, gQ: 0 };
  for (let s = firstSeed; s < firstSeed + nSeeds; s++) {
    const run = benchLissnas(l, s, knobs);
    const queried = new Set(run.queried.keys);
    const seeds = new Set(run.seedKeys);
    const core = new Set(run.coreKeys);
    for (const k of run.seedKeys) {
      if (queried.has(k)) [sums.nSq, sums.gSq] = [sums.nSq + 1, sums.gSq + Number(isGood(k))];
      else [sums.nSu, sums.gSu] = [sums.nSu + 1, sums.gSu + Number(isGood(k))];
    }
    for (const a of run.space.enumerate()) {
      const k = l.space.key(a);
      if (seeds.has(k)) continue;
      if (core.has(k)) [sums.nCore, sums.gCore] = [sums.nCore + 1, sums.gCore + Number(isGood(k))];
      else [sums.nBall, sums.gBall] = [sums.nBall + 1, sums.gBall + Number(isGood(k))];
    }
    for (const k of run.queried.keys) [sums.nQ, sums.gQ] = [sums.nQ + 1, sums.gQ + Number(isGood(k))];
  }
  const f = (g: number, n: number) => (n > 0 ? (g / n).toFixed(2) : "–");
  console.log(
    `| ${l.name} | ${(sums.nSq / nSeeds).toFixed(0)}, ${f(sums.gSq, sums.nSq)} | ${f(sums.gSu, sums.nSu)} | ${f(sums.gCore, sums.nCore)} | ${f(sums.gBall, sums.nBall)} | ${f(sums.gQ, sums.nQ)} |`,
  );
}
