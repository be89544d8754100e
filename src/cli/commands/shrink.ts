import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { chargedTable } from "../../data/constraints.js";
import { missingField } from "../../data/missing.js";
import { metricUnits } from "../../data/objectives.js";
import { sampleNote, tablePool } from "../../data/partial.js";
import { chooseThreshold, randomWalkAutocorrelation } from "../../locality/statistics.js";
import { GbdtRegressor } from "../../predictors/gbdt.js";
import { shrinkReport } from "../../report/builders/shrink.js";
import { SHRINK_REPORT_DATA } from "../../report/load.js";
import { reportDataInUnits, shrinkReportData } from "../../report/shrink-data.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
import { checkCostDataset, costSource, datasetOfMetric } from "../../shrink/cost.js";
import { encodeSpaceFileChunks } from "../../shrink/file.js";
import { type LissnasOptions, lissnas, resolveLissnasOptions } from "../../shrink/lissnas.js";
import { infeasibleKeys, keptFeasible } from "../../shrink/paid.js";
import {
  comparisonInUnits,
  goodLabel,
  headlineFields,
  iterationsInUnits,
  measureOriginal,
  measureShrunk,
  parseGood,
  queriedCsv,
  summaryMarkdown,
} from "../../shrink/report.js";
import { getSpace } from "../../spaces/registry.js";
import { type DataOptions, emit, intOption, load, numberOption, withData, writeOut } from "../common.js";
import {
  type EvaluationOptions,
  evaluationContext,
  makeEvaluationEngine,
  withEvaluation,
} from "../evaluation.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";
import { withState } from "../result-state.js";
import { shrinkWithEngine } from "../shrink-engine.js";

interface ShrinkOptions extends DataOptions, EvaluationOptions {
  out: string;
  initialSamples: number;
  budget: number;
  initialQueries?: number;
  queriesPerIteration?: number;
  seedCount: number;
  threshold?: string;
  rwaWalks: number;
  neighbourLimit: number;
  pruneQuantile: number;
  coreQuantile: number;
  prune: boolean;
  coreRadius: number;
  coreSeeds: number;
  strata?: number;
  maxIterations: number;
  minRise: number;
  encoding?: string;
  useObserved: boolean;
  observedSeeds: boolean;
  good: string;
  costDataset?: string;
  predictor: string;
}

/** Names of the files `shrink` writes into --out. */
export const SHRINK_FILES = {
  space: "space.lissnas",
  metrics: "metrics.json",
  summary: "summary.md",
  queried: "queried.csv",
} as const;

/** `lissnas shrink`: LISSNAS on a benchmark table (or the synthetic landscape), with the quality metrics. */
export function register(program: Command): void {
  withData(
    withEvaluation(
      program
        .command("shrink")
        .description(
          "shrink a space with LISSNAS; write the shrunk space, metrics JSON and a markdown summary",
        ),
    ),
  )
    .requiredOption("--out <dir>", "output folder (space.lissnas, metrics.json, summary.md)")
    .option(
      "--initial-samples <n>",
      "uniform samples scored by the predictor",
      intOption("initial-samples", 1),
      1000,
    )
    .option(
      "--budget <n>",
      "queries (unique architectures evaluated) for the predictor",
      intOption("budget", 2),
      100,
    )
    .option(
      "--initial-queries <n>",
      "random queries before the first fit (default ⌈budget/2⌉)",
      intOption("initial-queries", 2),
    )
    .option(
      "--queries-per-iteration <n>",
      "queries on the best predicted per iteration (default ⌈budget/5⌉; 0: fit once)",
      intOption("queries-per-iteration", 0),
    )
    .option("--seed-count <k>", "seeds per iteration (best queried)", intOption("seed-count", 0), 20)
    .option(
      "--threshold <d|rwa>",
      "neighbour edit distance (default ⌈max distance/3⌉; rwa: the locality rule)",
    )
    .option("--rwa-walks <n>", "walks of the RWA curve for --threshold rwa", intOption("rwa-walks", 4), 1000)
    .option(
      "--neighbour-limit <n>",
      "most neighbours generated per seed (larger balls are sampled)",
      intOption("neighbour-limit", 1, 1_000_000),
      5000,
    )
    .option(
      "--prune-quantile <q>",
      "drop neighbours predicted below this quantile of the initial samples",
      numberOption("prune-quantile", 0, 0.999999),
      0.98,
    )
    .option("--no-prune", "keep every neighbour (no pruning bar)")
    .option(
      "--core-radius <d>",
      "keep everything within this distance of the best core seeds (0: off)",
      intOption("core-radius", 0),
      1,
    )
    .option(
      "--core-quantile <q>",
      "keep core-pocket neighbours scored at or above this quantile of the initial samples",
      numberOption("core-quantile", 0, 0.999999),
      0.8,
    )
    .option("--core-seeds <k>", "number of core seeds", intOption("core-seeds", 0), 5)
    .option(
      "--strata <k>",
      "FLOP strata for extra seeds (default 10 with FLOPs, else 0)",
      intOption("strata", 0, 1000),
    )
    .option("--max-iterations <n>", "maximum iterations", intOption("max-iterations", 1), 10)
    .option("--min-rise <x>", "least rise of the mean prediction to go on", numberOption("min-rise", 0), 0)
    .option(
      "--encoding <name>",
      "encoding fed to the predictor and the cosine distance (default: the space's first)",
    )
    .option("--no-use-observed", "score queried architectures by their prediction, not their observed value")
    .option(
      "--no-observed-seeds",
      "seeds = the best-scored candidates (the paper's reading), not the best queried",
    )
    .option(
      "--good <spec>",
      "good architectures: top:X (top X % of the original space) or a metric value",
      "top:5",
    )
    .option("--cost-dataset <name>", "dataset of the FLOP count (nb201; default from the metric name)")
    .option("--predictor <name>", "performance predictor (gbdt)", "gbdt")
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .action(async (opts: ShrinkOptions & { figures?: FigureFormat[] }, cmd: Command) => {
      // Every check before any work: knobs against the space, the output folder, the good rule.
      if (!opts.prune && cmd.getOptionValueSource("pruneQuantile") === "cli") {
        throw new UsageError("--no-prune and --prune-quantile conflict: give one of them");
      }
      const space = getSpace(opts.space);
      if (opts.predictor !== "gbdt")
        throw new UsageError(`unknown predictor '${opts.predictor}' (known: gbdt)`);
      const good = parseGood(opts.good);
      if (existsSync(opts.out) && !statSync(opts.out).isDirectory()) {
        throw new UsageError(`--out ${opts.out} exists and is not a folder`);
      }
      const rwa = opts.threshold === "rwa";
      let threshold: number | undefined;
      if (opts.threshold !== undefined && !rwa) {
        threshold = intOption("threshold", 0)(opts.threshold);
      }
      const knobs: LissnasOptions = {
        initialSamples: opts.initialSamples,
        budget: opts.budget,
        initialQueries: opts.initialQueries,
        queriesPerIteration: opts.queriesPerIteration,
        seeds: opts.seedCount,
        threshold,
        neighbourLimit: opts.neighbourLimit,
        pruneQuantile: opts.prune ? opts.pruneQuantile : null,
        coreRadius: opts.coreRadius,
        coreSeeds: opts.coreSeeds,
        coreQuantile: opts.coreQuantile,
        strata: opts.strata,
        maxIterations: opts.maxIterations,
        minRise: opts.minRise,
        encoding: opts.encoding,
        useObserved: opts.useObserved,
        observedSeeds: opts.observedSeeds,
      };
      // (FLOPs may come from the table, not loaded yet: the strata check waits for it.)
      resolveLissnasOptions(space, knobs, true);
      checkCostDataset(space, opts.costDataset);
      // issue #11: an asynchronous evaluator (--trainer) shrinks through the replay engine
      const engine = await makeEvaluationEngine(opts, space, evaluationContext(opts));
      if (engine) return shrinkWithEngine(opts, knobs, engine, space, SHRINK_FILES);

      const { evaluator, table, metric, rng, constrained, missing } = load(opts);
      const cost = costSource(space, opts.costDataset ?? datasetOfMetric(metric), table);
      if (opts.strata !== undefined && opts.strata > 0 && !cost) {
        throw new UsageError(
          `--strata needs FLOPs, and ${space.id} has neither a cost model nor a 'flops' column`,
        );
      }
      const f = evaluator.objective(metric);
      // issue #15: paid constraints are charged — LISSNAS draws from the cheap-feasible rows and reads a paid
      // constraint column only with the query (an infeasible architecture costs it; src/data/constraints.ts)
      const charged = constrained?.feasibility.hasPaid
        ? chargedTable(constrained.table, constrained.feasibility, metric)
        : undefined;
      // #11: a partial table is shrunk within its pool (the table's classes); the result is over the base
      const shrunkFrom = charged?.table ?? table;
      const pool = shrunkFrom ? tablePool(shrunkFrom) : undefined;
      if (pool && cmd.getOptionValueSource("initialSamples") !== "cli" && pool.count < opts.initialSamples) {
        knobs.initialSamples = pool.count; // the default is min(1000, the classes the table holds)
      }
      let thresholdRule = threshold === undefined ? "⌈max edit distance / 3⌉" : "given";
      let rwaEvaluations = 0;
      if (rwa) {
        const curve = randomWalkAutocorrelation(pool ?? space, charged?.truth ?? f, rng.child("rwa"), {
          walks: opts.rwaWalks,
        });
        knobs.threshold = chooseThreshold(curve);
        rwaEvaluations = opts.rwaWalks * (curve.maxDistance + 1);
        thresholdRule = `locality rule on the RWA curve (${opts.rwaWalks} walks, ${rwaEvaluations} evaluations outside the budget)`;
      }
      const original = measureOriginal(space, evaluator, metric, table, good, rng.child("original"), cost);
      const run = lissnas(
        {
          space: pool ?? space,
          objective: charged?.objective ?? f,
          predictor: () => new GbdtRegressor(),
          rng: rng.child("lissnas"),
          cost: cost?.mflops,
          truth: { objective: charged?.truth ?? f, goodThreshold: original.goodThreshold },
        },
        knobs,
      );
      // paid constraints: the space never keeps an architecture its queries found infeasible; the metrics
      // are over the feasible original space, so they measure the members that are feasible (reporting only)
      // (src/shrink/paid.ts, the rule compare shares)
      const paid =
        charged && constrained
          ? keptFeasible(space, run.space, infeasibleKeys(run.queried), constrained.feasibility)
          : undefined;
      const kept = paid?.kept ?? run.space;
      const measured = paid?.measured ?? run.space;
      // issue #15: every reported value in the metric's own units (a :min metric was shrunk negated)
      const units = metricUnits(metric);
      const comparison = comparisonInUnits(
        measureShrunk(space, measured, evaluator, metric, original, rng.child("metrics"), {
          encoding: run.options.encoding,
          cost,
        }),
        units,
      );
      const iterations = iterationsInUnits(run.iterations, units);
      const result = {
        command: "shrink",
        space: space.id,
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        ...units.label,
        seed: opts.seed,
        good: goodLabel(good),
        goodThreshold: comparison.goodThreshold,
        cost: cost?.label ?? null,
        predictor: "gbdt",
        options: run.options,
        thresholdRule,
        rwaEvaluations,
        partial: sampleNote(table),
        ...missingField(missing),
        original: comparison.original,
        shrunk: comparison.shrunk,
        ...headlineFields(comparison),
        reductionFactor: comparison.reductionFactor,
        ks: comparison.ks,
        cosineRatio: comparison.cosineRatio,
        queries: run.queries,
        repeats: run.repeats,
        isomorphs: run.isomorphs,
        budget: run.options.budget,
        chosenIteration: run.chosenIteration,
        stopReason: run.stopReason,
        iterations,
        ...(paid ? { paidConstraints: paid.report } : {}),
        files: SHRINK_FILES,
      };
      const md = summaryMarkdown(comparison, {
        space: space.id,
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        metric,
        good: goodLabel(good),
        extra: [
          `LISSNAS: ${run.queries} queries (budget ${run.options.budget}), ${run.iterations.length} iterations, ` +
            `space of iteration ${run.chosenIteration} returned (${run.stopReason}); seed ${opts.seed}; ` +
            `threshold ${run.options.threshold} (${thresholdRule}); FLOPs: ${cost?.label ?? "none"}.`,
          "",
          "| iteration | size | mean predicted | mean true | P(good) true | queries | accepted |",
          "|---|---|---|---|---|---|---|",
          ...iterations.map(
            (l) =>
              `| ${l.iteration} | ${l.size} | ${l.meanPredicted.toFixed(4)} | ${l.meanTrue?.toFixed(4) ?? "—"} | ${l.pGoodTrue?.toFixed(4) ?? "—"} | ${l.queries} | ${l.accepted ? "yes" : "no"} |`,
          ),
        ],
      });
      // The shrinkage's queries travel with the space (meta.queries, meta.queried): a search in it is charged
      // them and gets their values free (they are known).
      const queried = run.queried.archs.map(
        (a, i) => [space.format(a), units.value(run.queried.values[i])] as const,
      );
      writeOut(
        join(opts.out, SHRINK_FILES.space),
        encodeSpaceFileChunks(kept, {
          command: "shrink",
          metric,
          seed: opts.seed,
          data: opts.data ?? evaluator.name,
          queries: run.queries,
          queried: queried.map(([a, v]) => [a, v]),
        }),
      );
      writeOut(join(opts.out, SHRINK_FILES.queried), queriedCsv(queried));
      writeOut(join(opts.out, SHRINK_FILES.metrics), `${JSON.stringify(withState(result, opts), null, 2)}\n`);
      writeOut(join(opts.out, SHRINK_FILES.summary), md);
      // The report: EDF curves, members and Pareto fronts beside metrics.json, then report.html.
      const reportData = reportDataInUnits(
        shrinkReportData({
          space,
          shrunk: measured,
          metric,
          objective: f,
          original: original.population,
          cost: cost?.mflops,
          rng: rng.child("report"),
        }),
        units,
      );
      writeOut(join(opts.out, SHRINK_REPORT_DATA), `${JSON.stringify(reportData)}\n`);
      const written = await saveReport(opts.out, () => shrinkReport(result, reportData), opts.figures);
      emit(result, opts.json, () => `${md.trimEnd()}\n\nReport: ${written[0]}`);
    });
}
