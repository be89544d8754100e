/**
 * Issue #14 diagnosis: through which "door" do a LISSNAS space's members enter, and how good is each door?
 * A member is a seed (queried, or only predicted), a core-pocket neighbour, or a ball neighbour above the
 * pruning bar. Per landscape, over seeds, the fraction of each door's members in the top 5 % of the original's
 * classes on the REPORTED column (test), and the same for all queried architectures (docs/shrink.md,
 * "Second pass").
 *
 *   node --import tsx bench/lissnas-doors.ts [--seeds 10] [--first-seed 0] [--only cora,spike] [--knobs '{…}']
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { loadTable } from "../src/data/loaders.js";
import type { BenchmarkTable } from "../src/data/table.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { costSource } from "../src/shrink/cost.js";
import { type LissnasOptions, lissnas } from "../src/shrink/lissnas.js";
import { getSpace } from "../src/spaces/registry.js";
import type { Arch, SearchSpace } from "../src/spaces/space.js";
import { arg } from "./args.js";

const DATA = resolve(import.meta.dirname, "../../shared/data");
const nSeeds = Number(arg("seeds", "10"));
const firstSeed = Number(arg("first-seed", "0"));
const only = arg("only", "");
const knobs: LissnasOptions = JSON.parse(arg("knobs", "{}"));

interface L {
  name: string;
  space: SearchSpace;
  table: BenchmarkTable;
  search: string;
  report: string;
  cost?: (a: Arch) => number;
}

function landscapes(): L[] {
  const out: L[] = [];
  const want = (n: string) => only === "" || only.split(",").some((o) => n.toLowerCase().includes(o));
  const nb201 = getSpace("nb201");
  const mini = `${DATA}/nb201-12epoch/mini-bench-arch-cell-accs.csv`;
  if (existsSync(mini) && want("NB201 CIFAR-100 (12 ep.)")) {
    const t = loadTable(mini, nb201);
    const cost = costSource(nb201, "cifar100", t)?.mflops;
    out.push({
      name: "NB201 CIFAR-100 (12 ep.)",
      space: nb201,
      table: t,
      search: "cifar100-val",
      report: "cifar100-test",
      cost,
    });
  }
  const spike = `${DATA}/spikenas/spikenas_summary.csv`;
  if (existsSync(spike) && want("SpikeNAS")) {
    const space = getSpace("spikenas");
    const t = loadTable(spike, space, { where: { column: "dataset", value: "CIFAR10" } });
    const col = t.column("params");
    out.push({
      name: "SpikeNAS",
      space,
      table: t,
      search: "final_val_acc",
      report: "test_acc",
      cost: (a) => col[t.rowOf(a)],
    });
  }
  for (const d of ["citeseer", "computers", "cora", "cs", "photo", "physics", "pubmed"]) {
    const file = `${DATA}/nas-bench-graph/${d}.csv`;
    if (!existsSync(file) || !want(`NAS-Bench-Graph ${d}`)) continue;
    const space = getSpace("nbgraph");
    const t = loadTable(file, space);
    const col = t.column("params_M");
    out.push({
      name: `NAS-Bench-Graph ${d}`,
      space,
      table: t,
      search: "valid_perf",
      report: "test_perf",
      cost: (a) => col[t.rowOf(a)],
    });
  }
  return out;
}

console.log(
  `| landscape | queried seeds (n, in top 5 %) | predicted-only seeds | core pockets | balls | all queried |`,
);
console.log("|---|---|---|---|---|---|");
for (const l of landscapes()) {
  const ev = new TableEvaluator(l.table, l.search);
  const fs = ev.objective(l.search);
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
    const run = lissnas(
      {
        space: l.space,
        objective: fs,
        predictor: () => new GbdtRegressor(),
        rng: Rng.fromSeed(s).child("lissnas"),
        cost: l.cost,
      },
      knobs,
    );
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
