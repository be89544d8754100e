/**
 * The landscape benchmark of issue #14: LISSNAS and the four rivals with their defaults on every full table
 * we can read, 10 seeds, every figure in one declared unit (canonical classes; cells beside), and search
 * after shrinking at equal total queries (the shrinkage's queries charged, its queried architectures known
 * free) against local search and regularised evolution in the full space.
 *
 *   node --import tsx bench/landscapes.ts [--seeds 10] [--first-seed 0] [--runs 10] [--only name,name] [--json FILE]
 *
 * Per landscape and seed S (root Rng.fromSeed(S)): LISSNAS queries the SEARCH column (validation where the
 * table has one) with ≤ 100 queries; the rivals are scored by the same predictor class fitted on exactly
 * LISSNAS's queried architectures and sized to LISSNAS's size in classes; every space is measured on the
 * REPORT column (test). Searches: `--runs` runs per seed of LS in the LISSNAS space (charged its queries,
 * served them free, climbing from their best member) and of LS and RE in the full space, at 500 total
 * queries; the anytime trace gives the incumbent's report value at 150 / 300 / 500. A shrunk space smaller
 * than the budget is searched exhaustively (the budget is capped at its size plus the shrinkage's queries;
 * the incumbent then stays). Prints markdown tables (docs/RESULTS.md) and writes the per-seed JSON.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { loadTable } from "../src/data/loaders.js";
import type { BenchmarkTable } from "../src/data/table.js";
import { meanCI } from "../src/metrics/mean-ci.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import { makeProblem, type Problem } from "../src/search/problem.js";
import { range, runSequential } from "../src/search/run.js";
import { sizedInClasses } from "../src/shrink/compare.js";
import { type CostSource, costSource, datasetOfMetric } from "../src/shrink/cost.js";
import { type LissnasOptions, lissnas } from "../src/shrink/lissnas.js";
import { productRivalsUnsupported } from "../src/shrink/product.js";
import type { Comparison } from "../src/shrink/quality.js";
import { measureOriginal, measureShrunk, type OriginalContext } from "../src/shrink/report.js";
import {
  absShrink,
  greedyNasShrink,
  nseShrink,
  padnasShrink,
  type Scorer,
} from "../src/shrink/rivals/index.js";
import { getSpace, spaceNames } from "../src/spaces/registry.js";
import { type Arch, encodeMany, type SearchSpace } from "../src/spaces/space.js";
import { arg } from "./args.js";

const DATA = resolve(import.meta.dirname, "../../shared/data");
const nSeeds = Number(arg("seeds", "10"));
/** First seed (confirmation runs on fresh seeds: `--first-seed 10`). */
const firstSeed = Number(arg("first-seed", "0"));
const runs = Number(arg("runs", "10"));
const only = arg("only", "");
const jsonOut = arg("json", resolve(import.meta.dirname, "out/landscapes.json"));
/** Ablations only (never the defaults of the table): LISSNAS knobs as JSON; skip the rivals / the searches. */
const knobs: LissnasOptions = JSON.parse(arg("knobs", "{}"));
const withRivals = !process.argv.includes("--no-rivals");
const withSearch = !process.argv.includes("--no-search");
/** Diagnosis: measure the spaces on the searched column instead of the reported one. */
const onSearchColumn = process.argv.includes("--measure-search-column");
const BUDGETS = [150, 300, 500] as const;
const METHODS = ["lissnas", "abs", "padnas", "nse", "greedynas"] as const;

interface Landscape {
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

function landscapes(): Landscape[] {
  const out: Landscape[] = [];
  const want = (n: string) => only === "" || only.split(",").some((o) => n.toLowerCase().includes(o));
  const nats = `${DATA}/nb201/nats_bench.csv`;
  const nb201 = getSpace("nb201");
  if (existsSync(nats)) {
    const t = loadTable(nats, nb201);
    for (const [n, m] of [
      ["NB201 CIFAR-10 (200 ep.)", "CIFAR10TestAccuracy200Epochs"],
      ["NB201 CIFAR-100 (200 ep.)", "CIFAR100TestAccuracy200Epochs"],
    ] as const) {
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
  if (existsSync(mini)) {
    const t = loadTable(mini, nb201);
    for (const [n, d, ds] of [
      ["NB201 CIFAR-10 (12 ep.)", "cifar10", "cifar10"],
      ["NB201 CIFAR-100 (12 ep.)", "cifar100", "cifar100"],
      ["NB201 ImageNet16-120 (12 ep.)", "imagenet", "ImageNet16-120"],
    ] as const) {
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
  if (existsSync(macroFile) && want("NAS-Bench-Macro")) {
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
  if (existsSync(spike) && want("SpikeNAS")) {
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

interface MethodSeed {
  size: number;
  sizeCells: number;
  si: number;
  siCells: number;
  kept: boolean;
  top01: boolean;
  hvr: number;
  front: number;
  queries: number;
  /** Whether the space holds a class as good as the original's best on the SEARCHED column. */
  keptSearch: boolean;
}

function figures(c: Comparison, queries: number, keptSearch: boolean): MethodSeed {
  return {
    keptSearch,
    size: Number(c.shrunk.size),
    sizeCells: c.cells?.shrunkSize ?? Number.NaN,
    si: c.shrinkIndex,
    siCells: c.cells?.shrinkIndex ?? Number.NaN,
    kept: c.keptGlobalBest === true,
    top01: c.keptTop01 === true,
    hvr: c.paretoHypervolumeRatio ?? Number.NaN,
    front: c.paretoFrontKept ?? Number.NaN,
    queries,
  };
}

/** Report value of the incumbent at each budget, for `runs` runs of `algo` on `problem`. */
function anytime(problem: Problem, algo: string, seed: number, cap: number): number[][] {
  const budget = Math.min(500, cap);
  const res = runSequential(problem, checkAlgorithmSpec({ algo }), { seed, budget }, range(runs));
  return BUDGETS.map((b) => res.map((r) => r.trace[Math.min(b, budget) - 1]));
}

function oneSeed(l: Landscape, original: OriginalContext, seed: number) {
  const ev = new TableEvaluator(l.table, l.search);
  const fSearch = ev.objective(l.search);
  const fReport = ev.objective(l.report);
  const root = Rng.fromSeed(seed);
  const run = lissnas(
    {
      space: l.space,
      objective: fSearch,
      predictor: () => new GbdtRegressor(),
      rng: root.child("lissnas"),
      cost: l.cost?.mflops,
    },
    knobs,
  );
  let bestSearch = Number.NEGATIVE_INFINITY;
  for (const a of original.population.archs) bestSearch = Math.max(bestSearch, fSearch(a));
  const keptOnSearch = (s: SearchSpace) => {
    for (const a of s.enumerate!()) if (fSearch(l.space.canonical(a)) >= bestSearch) return true;
    return false;
  };
  const measure = (s: SearchSpace, name: string) =>
    figures(
      measureShrunk(l.space, s, ev, l.report, original, root.child("metrics", name), { cost: l.cost }),
      run.queries,
      keptOnSearch(s),
    );
  const out: Record<string, MethodSeed> = { lissnas: measure(run.space, "lissnas") };
  // NAS-Bench-Graph: the products are intersected with its valid pairs (src/shrink/product.ts)
  if (withRivals && productRivalsUnsupported(l.space) === null) {
    const enc = l.space.encodings[0];
    const width = l.space.encodingLength(enc);
    const model = new GbdtRegressor();
    model.fit(
      encodeMany(l.space, run.queried.archs, enc),
      width,
      run.queried.values,
      root.child("rival-predictor"),
    );
    const scorer: Scorer = (xs) => model.predict(encodeMany(l.space, xs, enc), width);
    const target = run.space.size();
    const sp = l.space;
    const rivals: Record<string, () => SearchSpace> = {
      abs: () =>
        sizedInClasses(sp, target, (t) => absShrink(sp, scorer, root.child("abs"), { targetSize: t }).space),
      padnas: () =>
        sizedInClasses(
          sp,
          target,
          (t) => padnasShrink(sp, scorer, root.child("padnas"), { targetSize: t }).space,
        ),
      nse: () =>
        sizedInClasses(sp, target, (t) => nseShrink(sp, scorer, root.child("nse"), { targetSize: t }).space),
      greedynas: () =>
        greedyNasShrink(sp, scorer, root.child("greedynas"), { poolSize: Number(target) }).space,
    };
    for (const [m, make] of Object.entries(rivals)) out[m] = measure(make(), m);
  }
  // Search at equal total queries.
  const optimum = Math.max(...l.table.column(l.search).filter((v) => !Number.isNaN(v)));
  const reportOptimum = Math.max(...l.table.column(l.report).filter((v) => !Number.isNaN(v)));
  const opts = { report: fReport, optimum, reportOptimum, searchMetric: l.search, reportMetric: l.report };
  const full = makeProblem(l.space, fSearch, opts);
  const shrunk = makeProblem(run.space, fSearch, { ...opts, extraQueries: run.queries });
  shrunk.known = { archs: run.queried.archs as Arch[], values: run.queried.values };
  const s = root.child("search").seed;
  if (!withSearch)
    return { methods: out, search: { "lissnas+ls": [[NaN]], "full ls": [[NaN]], "full re": [[NaN]] } };
  const search = {
    "lissnas+ls": anytime(shrunk, "ls", s, run.queries + run.space.count),
    "full ls": anytime(full, "ls", s, 500),
    "full re": anytime(full, "re", s, 500),
  };
  return { methods: out, search };
}

const ci = (xs: number[], d0 = 3) => {
  const c = meanCI(xs.filter((x) => !Number.isNaN(x)));
  const d = Math.abs(c.mean) < 1 && d0 === 3 ? 4 : d0;
  return Number.isNaN(c.lo) ? c.mean.toFixed(d) : `${c.mean.toFixed(d)} ± ${((c.hi - c.lo) / 2).toFixed(d)}`;
};

const all: Record<string, unknown> = {};
const shrinkRows: string[] = [];
const searchRows: string[] = [];
const t0 = performance.now();
for (const l0 of landscapes()) {
  const l = onSearchColumn ? { ...l0, report: l0.search } : l0;
  const ev = new TableEvaluator(l.table, l.report);
  const original = measureOriginal(
    l.space,
    ev,
    l.report,
    l.table,
    { kind: "top", percent: 5 },
    Rng.fromSeed(0),
    l.cost,
  );
  const seeds = Array.from({ length: nSeeds }, (_, i) => firstSeed + i);
  const per = seeds.map((s) => {
    process.stderr.write(`${l.name}: seed ${s} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    return oneSeed(l, original, s);
  });
  all[l.name] = {
    note: l.note,
    search: l.search,
    report: l.report,
    cost: l.cost?.label ?? null,
    originalClasses: Number(original.population.size),
    originalCells: original.cells.archs.length,
    perSeed: per,
  };
  for (const m of METHODS) {
    const xs = per.map((p) => p.methods[m]).filter(Boolean);
    if (xs.length === 0) continue;
    const col = (k: keyof MethodSeed) => xs.map((x) => Number(x[k]));
    const n = (k: "kept" | "top01" | "keptSearch") => `${xs.filter((x) => x[k]).length}/${xs.length}`;
    shrinkRows.push(
      `| ${l.name} | ${m} | ${ci(col("size"), 0)} | ${ci(col("si"))} | ${ci(col("siCells"))} | ${n("kept")} | ${l.search === l.report ? "=" : n("keptSearch")} | ${n("top01")} | ${ci(col("hvr"))} | ${ci(col("front"))} | ${ci(col("queries"), 0)} |`,
    );
  }
  const cells: string[] = [];
  for (let i = 0; i < BUDGETS.length; i++) {
    const v = (k: string) => per.flatMap((p) => p.search[k as keyof typeof p.search][i]);
    cells.push(`${ci(v("lissnas+ls"))} / ${ci(v("full ls"))} / ${ci(v("full re"))}`);
  }
  const at300 = (k: string) => meanCI(per.flatMap((p) => p.search[k as keyof typeof p.search][1])).mean;
  const d300 = at300("lissnas+ls") - at300("full ls");
  const beats = d300 > 1e-9 ? "yes" : Math.abs(d300) <= 1e-9 ? "tie (**no**)" : "**no**";
  searchRows.push(`| ${l.name} | ${cells.join(" | ")} | ${beats} |`);
}
console.log(
  `\n### Shrinkage (${nSeeds} seeds; mean ± 95 % CI; sizes and indices in canonical classes, cells beside)\n`,
);
console.log(
  "| landscape | method | size (classes) | shrink index (classes) | shrink index (cells) | best kept | best kept (searched column) | top-0.1 % kept | Pareto HV ratio | Pareto front kept | queries |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of shrinkRows) console.log(r);
console.log(
  `\n### Search after shrinking at equal total queries (${nSeeds} seeds × ${runs} runs; report column; LISSNAS+LS / full LS / full RE)\n`,
);
console.log("| landscape | 150 queries | 300 queries | 500 queries | LISSNAS+LS > full LS at 300 |");
console.log("|---|---|---|---|---|");
for (const r of searchRows) console.log(r);
console.log(`\n${((performance.now() - t0) / 1000).toFixed(0)} s`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, `${JSON.stringify(all)}\n`);
