/**
 * LISSNAS results and ablation on real tables: 10 seeds per configuration, mean ± 95 % CI (Student t).
 * Each run is exactly what `lissnas shrink --seed S [knobs]` computes (same Rng streams: the root seed's
 * "original", "lissnas" and "metrics" children), with the table loaded once.
 *
 *   node --import tsx bench/shrink-results.ts [nb201-c10|nb201-c100|macro|all] [--ablation] [--seeds N]
 *
 * Prints markdown tables (pasted into docs/RESULTS.md and docs/shrink.md).
 */
import { Rng } from "../src/core/rng.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { loadTable } from "../src/data/loaders.js";
import { meanCI } from "../src/metrics/mean-ci.js";
import { GbdtRegressor } from "../src/predictors/gbdt.js";
import { costSource, datasetOfMetric } from "../src/shrink/cost.js";
import { type LissnasOptions, lissnas } from "../src/shrink/lissnas.js";
import type { Comparison } from "../src/shrink/quality.js";
import { measureOriginal, measureShrunk, type OriginalContext } from "../src/shrink/report.js";
import { getSpace } from "../src/spaces/registry.js";

const DATA = new URL("../../shared/data/", import.meta.url).pathname;
const DATASETS = {
  "nb201-c10": {
    space: "nb201",
    file: `${DATA}nb201/nats_bench.csv`,
    metric: "CIFAR10TestAccuracy200Epochs",
  },
  "nb201-c100": {
    space: "nb201",
    file: `${DATA}nb201/nats_bench.csv`,
    metric: "CIFAR100TestAccuracy200Epochs",
  },
  macro: { space: "macro", file: `${DATA}nas-bench-macro/nas-bench-macro_cifar10.json`, metric: "mean_acc" },
} as const;

/**
 * Ablations: name → knobs (the CLI flags in brackets). The defaults are issue #14's second pass (prune at
 * 0.98, core floor 0.8, ⌈budget / 5⌉ = 20 queries per round, measured seeds); each other row changes knobs
 * away from them. `--core-quantile 0` stands for the whole core pocket (the CLI has no flag for `null`).
 */
const CONFIGS: Array<[string, LissnasOptions, string]> = [
  ["defaults (second pass)", {}, ""],
  [
    "plain reading: one fit, predicted seeds, no pruning, no core, no strata",
    { queriesPerIteration: 0, observedSeeds: false, pruneQuantile: null, coreRadius: 0, strata: 0 },
    "--queries-per-iteration 0 --no-observed-seeds --no-prune --core-radius 0 --strata 0",
  ],
  [
    "issue-4 defaults",
    { pruneQuantile: 0.95, coreQuantile: 0, queriesPerIteration: 10, observedSeeds: false },
    "--prune-quantile 0.95 --core-quantile 0 --queries-per-iteration 10 --no-observed-seeds",
  ],
  [
    "first-pass defaults",
    { coreQuantile: 0.5, queriesPerIteration: 10, observedSeeds: false },
    "--core-quantile 0.5 --queries-per-iteration 10 --no-observed-seeds",
  ],
  ["predicted seeds (the paper's reading)", { observedSeeds: false }, "--no-observed-seeds"],
  ["10 queries per round", { queriesPerIteration: 10 }, "--queries-per-iteration 10"],
  ["core floor at the median", { coreQuantile: 0.5 }, "--core-quantile 0.5"],
  ["whole core pockets", { coreQuantile: 0 }, "--core-quantile 0"],
  ["no pruning", { pruneQuantile: null }, "--no-prune"],
  ["prune at q = 0.95", { pruneQuantile: 0.95 }, "--prune-quantile 0.95"],
  ["prune at q = 0.99", { pruneQuantile: 0.99 }, "--prune-quantile 0.99"],
  ["one fit (no queries after the first 50)", { queriesPerIteration: 0 }, "--queries-per-iteration 0"],
  [
    "random budget (100 random queries, one fit)",
    { initialQueries: 100, queriesPerIteration: 0 },
    "--initial-queries 100 --queries-per-iteration 0",
  ],
  ["threshold 1", { threshold: 1 }, "--threshold 1"],
  ["threshold 3", { threshold: 3 }, "--threshold 3"],
  ["no core pockets", { coreRadius: 0 }, "--core-radius 0"],
  ["core pockets around 10 seeds", { coreSeeds: 10 }, "--core-seeds 10"],
  ["no FLOP strata", { strata: 0 }, "--strata 0"],
  ["10 seeds", { seeds: 10 }, "--seed-count 10"],
  ["40 seeds", { seeds: 40 }, "--seed-count 40"],
  ["single iteration", { maxIterations: 1 }, "--max-iterations 1"],
  ["predicted values for queried cells", { useObserved: false }, "--no-use-observed"],
];

interface Row {
  size: number;
  sizeCells: number;
  shrinkIndex: number;
  shrinkIndexCells: number;
  top01: number;
  hv: number;
  pGood: number;
  kept: number;
  cosine: number;
  flop: number;
  queries: number;
  mean: number;
  ksD: number;
  ksP: number;
  iterations: number;
  stop: string;
}

const args = process.argv.slice(2);
const which = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a)) ?? "all";
const ablation = args.includes("--ablation");
const nSeeds = Number(args[args.indexOf("--seeds") + 1]) || 10;
const names =
  which === "all"
    ? (Object.keys(DATASETS) as Array<keyof typeof DATASETS>)
    : [which as keyof typeof DATASETS];

const ci = (xs: number[], digits = 3) => {
  const c = meanCI(xs);
  return Number.isNaN(c.lo)
    ? c.mean.toFixed(digits)
    : `${c.mean.toFixed(digits)} ± ${((c.hi - c.lo) / 2).toFixed(digits)}`;
};

for (const name of names) {
  const d = DATASETS[name];
  const space = getSpace(d.space);
  const table = loadTable(d.file, space);
  const evaluator = new TableEvaluator(table, d.metric);
  const f = evaluator.objective(d.metric);
  const cost = costSource(space, datasetOfMetric(d.metric), table);
  const configs = ablation ? CONFIGS : CONFIGS.slice(0, 1);
  console.log(`\n### ${name}: ${d.space}, ${d.metric} (${nSeeds} seeds, mean ± 95 % CI)\n`);
  console.log(
    "| configuration | flags | size (classes) | shrink index (classes) | min s.i. | s.i. (cells) | P(good) | kept best | top-0.1 % kept | Pareto HV ratio | cosine ratio | FLOP coverage | queries | iterations |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  let original: OriginalContext | undefined;
  let first: Comparison | undefined;
  for (const [label, knobs, flags] of configs) {
    const rows: Row[] = [];
    const t0 = performance.now();
    for (let seed = 1; seed <= nSeeds; seed++) {
      const rng = Rng.fromSeed(seed);
      original = measureOriginal(
        space,
        evaluator,
        d.metric,
        table,
        { kind: "top", percent: 5 },
        rng.child("original"),
        cost,
      );
      const run = lissnas(
        {
          space,
          objective: f,
          predictor: () => new GbdtRegressor(),
          rng: rng.child("lissnas"),
          cost: cost?.mflops,
        },
        knobs,
      );
      const c = measureShrunk(space, run.space, evaluator, d.metric, original, rng.child("metrics"), {
        encoding: run.options.encoding,
        cost,
      });
      if (seed === 1) first = c;
      rows.push({
        size: Number(c.shrunk.size),
        sizeCells: c.cells?.shrunkSize ?? Number.NaN,
        shrinkIndex: c.shrinkIndex,
        shrinkIndexCells: c.cells?.shrinkIndex ?? Number.NaN,
        top01: c.keptTop01 ? 1 : 0,
        hv: c.paretoHypervolumeRatio ?? Number.NaN,
        pGood: c.shrunk.pGood,
        kept: c.keptGlobalBest ? 1 : 0,
        cosine: c.cosineRatio,
        flop: c.shrunk.flops?.coverage ?? Number.NaN,
        queries: run.queries,
        mean: c.shrunk.mean,
        ksD: c.ks.d,
        ksP: c.ks.pValue,
        iterations: run.chosenIteration,
        stop: `${run.stopReason} at ${run.iterations.length}, returned ${run.chosenIteration}`,
      });
    }
    const col = (k: Exclude<keyof Row, "stop">) => rows.map((r) => r[k]);
    const kept = rows.reduce((s, r) => s + r.kept, 0);
    const top01 = rows.reduce((s, r) => s + r.top01, 0);
    console.log(
      `| ${label} | ${flags || "(none)"} | ${ci(col("size"), 0)} (max ${Math.max(...col("size"))}) | ${ci(col("shrinkIndex"))} | ${Math.min(...col("shrinkIndex")).toFixed(3)} | ${ci(col("shrinkIndexCells"))} | ${ci(col("pGood"))} | ${kept}/${nSeeds} | ${top01}/${nSeeds} | ${ci(col("hv"))} | ${ci(col("cosine"))} | ${ci(col("flop"))} | ${ci(col("queries"), 1)} | ${ci(col("iterations"), 1)} |`,
    );
    if (!ablation && original && first) {
      const o = first.original;
      const oc = first.cells;
      console.log(
        `\noriginal: ${o.size} classes (${oc?.originalSize ?? "?"} cells), mean ${o.mean.toFixed(3)}, max ${o.max.toFixed(3)}, ` +
          `P(good) ${o.pGood.toFixed(4)} (cells ${oc?.pGoodOriginal.toFixed(4) ?? "?"}), MFLOPs ${o.flops?.min.toFixed(2)}–${o.flops?.max.toFixed(2)}; ` +
          `shrunk cells ${ci(col("sizeCells"), 0)}, reduction ×${(Number(o.size) / meanCI(col("size")).mean).toFixed(1)} (classes), ` +
          `×${((oc?.originalSize ?? Number.NaN) / meanCI(col("sizeCells")).mean).toFixed(1)} (cells)`,
      );
      console.log(
        `seed 1: ${rows[0].size} classes (${rows[0].sizeCells} cells), P(good) ${rows[0].pGood.toFixed(3)}, s.i. ${rows[0].shrinkIndex.toFixed(3)} ` +
          `(cells ${rows[0].shrinkIndexCells.toFixed(3)}), KS D ${rows[0].ksD.toFixed(3)} (p ${rows[0].ksP.toExponential(1)}), ` +
          `kept best ${rows[0].kept}, top-0.1 % ${rows[0].top01}, ${rows[0].queries} queries, ${rows[0].stop}`,
      );
      console.log(
        `\nshrunk mean ${ci(col("mean"))}; KS D ${ci(col("ksD"))}, max p ${Math.max(...col("ksP")).toExponential(2)}; ` +
          `per seed s.i. ${col("shrinkIndex")
            .map((x) => x.toFixed(3))
            .join(" ")}, kept ${col("kept").join("")}, top-0.1 % ${col("top01").join("")}; ` +
          `${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
}
