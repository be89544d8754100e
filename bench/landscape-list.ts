/**
 * The landscapes of issue #14's benchmark, read once for every bench script that walks them
 * (landscapes.ts, ceilings.ts, predictor-choice.ts, lissnas-doors.ts): every full table we can read, each
 * with its searched column (validation where the table has one), its reported column (test) and its cost.
 * Tables that are absent are left out.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { loadTable } from "../src/data/loaders.js";
import type { BenchmarkTable } from "../src/data/table.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { type CostSource, costSource, datasetOfMetric } from "../src/shrink/cost.js";
import { type LissnasOptions, type LissnasResult, lissnas } from "../src/shrink/lissnas.js";
import { measureOriginal, type OriginalContext } from "../src/shrink/report.js";
import { getSpace, spaceNames } from "../src/spaces/registry.js";
import type { SearchSpace } from "../src/spaces/space.js";

export const DATA = resolve(import.meta.dirname, "../../shared/data");

export interface Landscape {
  name: string;
  space: SearchSpace;
  table: BenchmarkTable;
  search: string;
  report: string;
  cost?: CostSource;
  note: string;
}

/** A numeric table column as a cost (static: reading it spends no query). */
function columnCost(table: BenchmarkTable, column: string, label: string): CostSource {
  const col = table.column(column);
  return { mflops: (a) => col[table.rowOf(a)] ?? Number.NaN, label };
}

/** SpikeNAS through a plain categorical:6x5 conversion (no isomorphism), when no spikenas space exists. */
function spikenasFallback(file: string): Landscape {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const col = (n: string) => head.indexOf(n);
  const out = ["arch,final_val_acc,test_acc,params"];
  for (const l of lines.slice(1)) {
    const c = l.split(",");
    if (c[col("dataset")] !== "CIFAR10") continue;
    out.push(
      `${c[col("enc_base5_edge0to5")].split("-").join("")},${c[col("final_val_acc")]},${c[col("test_acc")]},${c[col("params")]}`,
    );
  }
  const tmp = "/tmp/lissnas-bench-spikenas-categorical.csv";
  writeFileSync(tmp, `${out.join("\n")}\n`);
  const space = getSpace("categorical:6x5");
  const table = loadTable(tmp, space, { archColumn: "arch" });
  return {
    name: "SpikeNAS CIFAR-10 (categorical:6x5 conversion)",
    space,
    table,
    search: "final_val_acc",
    report: "test_acc",
    cost: columnCost(table, "params", "params"),
    note: "fallback conversion: no spikenas space registered",
  };
}

/**
 * The landscapes whose name contains one of the comma-separated, case-insensitive fragments of `only`
 * (every one when `only` is empty), in the benchmark's order. Only the tables asked for are read.
 */
export function landscapes(only = ""): Landscape[] {
  const out: Landscape[] = [];
  const want = (n: string) =>
    only === "" || only.split(",").some((o) => n.toLowerCase().includes(o.toLowerCase()));
  const nats = `${DATA}/nb201/nats_bench.csv`;
  const nb201 = getSpace("nb201");
  const nats200 = [
    ["NB201 CIFAR-10 (200 ep.)", "CIFAR10TestAccuracy200Epochs"],
    ["NB201 CIFAR-100 (200 ep.)", "CIFAR100TestAccuracy200Epochs"],
  ] as const;
  if (existsSync(nats) && nats200.some(([n]) => want(n))) {
    const t = loadTable(nats, nb201);
    for (const [n, m] of nats200) {
      if (want(n))
        out.push({
          name: n,
          space: nb201,
          table: t,
          search: m,
          report: m,
          cost: costSource(nb201, datasetOfMetric(m), t),
          note: "test accuracy searched and reported (no 200-epoch validation column)",
        });
    }
  }
  const mini = `${DATA}/nb201-12epoch/mini-bench-arch-cell-accs.csv`;
  const mini12 = [
    ["NB201 CIFAR-10 (12 ep.)", "cifar10", "cifar10"],
    ["NB201 CIFAR-100 (12 ep.)", "cifar100", "cifar100"],
    ["NB201 ImageNet16-120 (12 ep.)", "imagenet", "ImageNet16-120"],
  ] as const;
  if (existsSync(mini) && mini12.some(([n]) => want(n))) {
    const t = loadTable(mini, nb201);
    for (const [n, d, ds] of mini12) {
      if (want(n))
        out.push({
          name: n,
          space: nb201,
          table: t,
          search: `${d}-val`,
          report: `${d}-test`,
          cost: costSource(nb201, ds, t),
          note: "validation searched, test reported",
        });
    }
  }
  const macroFile = `${DATA}/nas-bench-macro/nas-bench-macro_cifar10.json`;
  if (existsSync(macroFile) && want("NAS-Bench-Macro CIFAR-10")) {
    const space = getSpace("macro");
    const t = loadTable(macroFile, space);
    out.push({
      name: "NAS-Bench-Macro CIFAR-10",
      space,
      table: t,
      search: "mean_acc",
      report: "mean_acc",
      cost: costSource(space, "cifar10", t),
      note: "mean test accuracy of 3 runs",
    });
  }
  const spike = `${DATA}/spikenas/spikenas_summary.csv`;
  if (existsSync(spike) && want("SpikeNAS CIFAR-10")) {
    if (spaceNames().includes("spikenas")) {
      const space = getSpace("spikenas");
      const t = loadTable(spike, space, { where: { column: "dataset", value: "CIFAR10" } });
      out.push({
        name: "SpikeNAS CIFAR-10",
        space,
        table: t,
        search: "final_val_acc",
        report: "test_acc",
        cost: columnCost(t, "params", "params"),
        note: "spikenas space",
      });
    } else out.push(spikenasFallback(spike));
  }
  const graph = `${DATA}/nas-bench-graph`;
  if (existsSync(graph) && spaceNames().includes("nbgraph")) {
    for (const d of ["citeseer", "computers", "cora", "cs", "photo", "physics", "pubmed"]) {
      const n = `NAS-Bench-Graph ${d}`;
      if (!want(n)) continue;
      const space = getSpace("nbgraph");
      const t = loadTable(`${graph}/${d}.csv`, space);
      out.push({
        name: n,
        space,
        table: t,
        search: "valid_perf",
        report: "test_perf",
        cost: t.hasColumn("params_M") ? columnCost(t, "params_M", "params_M") : undefined,
        note: "nbgraph space",
      });
    }
  }
  return out;
}

/**
 * The original space measured on the landscape's reported column, "good" = the top 5 % of its classes: the
 * benchmark's convention. With `onSearchColumn` (a diagnosis) the searched column is reported instead.
 */
export function measuredOriginal(
  l0: Landscape,
  onSearchColumn = false,
): { l: Landscape; original: OriginalContext } {
  const l = onSearchColumn ? { ...l0, report: l0.search } : l0;
  const ev = new TableEvaluator(l.table, l.report);
  const good = { kind: "top", percent: 5 } as const;
  return { l, original: measureOriginal(l.space, ev, l.report, l.table, good, Rng.fromSeed(0), l.cost) };
}

/**
 * LISSNAS as the benchmark runs it for seed S: the searched column through the default predictor, the
 * landscape's cost (FLOP strata), `Rng.fromSeed(S).child("lissnas")`, the defaults unless `knobs` change them.
 */
export function benchLissnas(l: Landscape, seed: number, knobs: LissnasOptions): LissnasResult {
  return lissnas(
    {
      space: l.space,
      objective: new TableEvaluator(l.table, l.search).objective(l.search),
      predictor: () => new GbdtRegressor(),
      rng: Rng.fromSeed(seed).child("lissnas"),
      cost: l.cost?.mflops,
    },
    knobs,
  );
}
