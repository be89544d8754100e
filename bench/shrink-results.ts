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
import { measureOriginal, measureShrunk } from "../src/shrink/report.js";
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

/** Ablations: name → knobs (the CLI flags in brackets). */
const CONFIGS: Array<[string, LissnasOptions, string]> = [
  ["defaults", {}, ""],
  [
    "plain reading: one fit, no pruning, no core, no strata",
    { queriesPerIteration: 0, pruneQuantile: null, coreRadius: 0, strata: 0 },
    "--queries-per-iteration 0 --no-prune --core-radius 0 --strata 0",
  ],
  ["no pruning", { pruneQuantile: null }, "--no-prune"],
  ["prune at q = 0.90", { pruneQuantile: 0.9 }, "--prune-quantile 0.9"],
  ["prune at q = 0.98", { pruneQuantile: 0.98 }, "--prune-quantile 0.98"],
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
  shrinkIndex: number;
  pGood: number;
  kept: number;
  cosine: number;
  flop: number;
  queries: number;
  mean: number;
  ksD: number;
  ksP: number;
  iterations: number;
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
    "| configuration | flags | size | shrink index | min s.i. | P(good) | kept best | cosine ratio | FLOP coverage | queries | iterations |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [label, knobs, flags] of configs) {
    const rows: Row[] = [];
    const t0 = performance.now();
    for (let seed = 1; seed <= nSeeds; seed++) {
      const rng = Rng.fromSeed(seed);
      const original = measureOriginal(
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
      rows.push({
        size: run.space.count,
        shrinkIndex: c.shrinkIndex,
        pGood: c.shrunk.pGood,
        kept: c.keptGlobalBest ? 1 : 0,
        cosine: c.cosineRatio,
        flop: c.shrunk.flops?.coverage ?? Number.NaN,
        queries: run.queries,
        mean: c.shrunk.mean,
        ksD: c.ks.d,
        ksP: c.ks.pValue,
        iterations: run.chosenIteration,
      });
    }
    const col = (k: keyof Row) => rows.map((r) => r[k]);
    const kept = rows.reduce((s, r) => s + r.kept, 0);
    console.log(
      `| ${label} | ${flags || "(none)"} | ${ci(col("size"), 0)} (max ${Math.max(...col("size"))}) | ${ci(col("shrinkIndex"))} | ${Math.min(...col("shrinkIndex")).toFixed(3)} | ${ci(col("pGood"))} | ${kept}/${nSeeds} | ${ci(col("cosine"))} | ${ci(col("flop"))} | ${ci(col("queries"), 1)} | ${ci(col("iterations"), 1)} |`,
    );
    if (!ablation) {
      console.log(
        `\nshrunk mean ${ci(col("mean"))}; KS D ${ci(col("ksD"))}, max p ${Math.max(...col("ksP")).toExponential(2)}; ` +
          `per seed s.i. ${col("shrinkIndex")
            .map((x) => x.toFixed(3))
            .join(" ")}, kept ${col("kept").join("")}; ` +
          `${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
}
