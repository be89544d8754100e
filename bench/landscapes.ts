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
 * the incumbent then stays). Every space's index is also divided by the same-size oracle's (bench/oracle.ts:
 * the best classes by the searched column, as many as the space holds), the share of the reachable index at
 * its size, which compares methods of different sizes. Prints markdown tables (docs/RESULTS.md) and writes
 * the per-seed JSON.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { meanCI } from "../src/metrics/mean-ci.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { checkAlgorithmSpec } from "../src/search/algorithms.js";
import { makeProblem, type Problem } from "../src/search/problem.js";
import { range, runSequential } from "../src/search/run.js";
import { sizedInClasses } from "../src/shrink/compare.js";
import type { LissnasOptions } from "../src/shrink/lissnas.js";
import { productRivalsUnsupported } from "../src/shrink/product.js";
import type { Comparison } from "../src/shrink/quality.js";
import { measureShrunk, type OriginalContext } from "../src/shrink/report.js";
import {
  absShrink,
  greedyNasShrink,
  nseShrink,
  padnasShrink,
  type Scorer,
} from "../src/shrink/rivals/index.js";
import { type Arch, encodeMany, type SearchSpace } from "../src/spaces/space.js";
import { arg } from "./args.js";
import { benchLissnas, type Landscape, landscapes, measuredOriginal } from "./landscape-list.js";
import { type Ceiling, sameSizeCeiling } from "./oracle.js";

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

interface MethodSeed {
  size: number;
  sizeCells: number;
  si: number;
  siCells: number;
  /** Shrink index / the same-size oracle's (bench/oracle.ts): the share of the reachable index at this size. */
  share: number;
  kept: boolean;
  top01: boolean;
  hvr: number;
  front: number;
  queries: number;
  /** Whether the space holds a class as good as the original's best on the SEARCHED column. */
  keptSearch: boolean;
}

function figures(c: Comparison, queries: number, keptSearch: boolean, ceiling: Ceiling): MethodSeed {
  return {
    keptSearch,
    size: Number(c.shrunk.size),
    sizeCells: c.cells?.shrunkSize ?? Number.NaN,
    si: c.shrinkIndex,
    siCells: c.cells?.shrinkIndex ?? Number.NaN,
    share: c.shrinkIndex / ceiling.index(Number(c.shrunk.size)),
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

function oneSeed(l: Landscape, original: OriginalContext, ceiling: Ceiling, seed: number) {
  const ev = new TableEvaluator(l.table, l.search);
  const fSearch = ev.objective(l.search);
  const fReport = ev.objective(l.report);
  const root = Rng.fromSeed(seed);
  const run = benchLissnas(l, seed, knobs);
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
      ceiling,
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
for (const l0 of landscapes(only)) {
  const { l, original } = measuredOriginal(l0, onSearchColumn);
  const ceiling = sameSizeCeiling(l, original);
  const seeds = Array.from({ length: nSeeds }, (_, i) => firstSeed + i);
  const per = seeds.map((s) => {
    process.stderr.write(`${l.name}: seed ${s} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    return oneSeed(l, original, ceiling, s);
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
      `| ${l.name} | ${m} | ${ci(col("size"), 0)} | ${ci(col("si"))} | ${ci(col("siCells"))} | ${ci(col("share"), 2)} | ${n("kept")} | ${l.search === l.report ? "=" : n("keptSearch")} | ${n("top01")} | ${ci(col("hvr"))} | ${ci(col("front"))} | ${ci(col("queries"), 0)} |`,
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
  "| landscape | method | size (classes) | shrink index (classes) | shrink index (cells) | share of the same-size ceiling | best kept | best kept (searched column) | top-0.1 % kept | Pareto HV ratio | Pareto front kept | queries |",
);
console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
