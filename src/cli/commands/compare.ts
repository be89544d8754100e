import { join } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { cheapFeasibleTable, type Feasibility } from "../../data/constraints.js";
import { missingField } from "../../data/missing.js";
import { metricUnits } from "../../data/objectives.js";
import type { BenchmarkTable } from "../../data/table.js";
import { GbdtRegressor } from "../../predictors/gbdt.js";
import { compareReport } from "../../report/builders/compare.js";
import { compareTables, edfCsv, flopEdges, flopsCsv } from "../../report/compare-tables.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
import { parseAlgorithmName } from "../../search/algorithms.js";
import { checkRunGrid } from "../../search/limits.js";
import {
  type CompareResult,
  compareShrinkers,
  SHRINKER_NAMES,
  type ShrinkerName,
} from "../../shrink/compare.js";
import { compareResultInUnits } from "../../shrink/compare-units.js";
import { checkCostDataset, costSource, datasetOfMetric } from "../../shrink/cost.js";
import { goodLabel, parseGood } from "../../shrink/report.js";
import { getSpace } from "../../spaces/registry.js";
import { checkWritable } from "../../store/atomic.js";
import { type DataOptions, emit, fmt, intOption, load, withData, writeOut } from "../common.js";
import {
  COMPARE_FILES,
  CompareCheckpoint,
  compareOptions,
  moveEarlierResult,
} from "../compare-checkpoint.js";
import { compareWithEngine } from "../compare-engine.js";
import {
  type EvaluationOptions,
  evaluationContext,
  makeEvaluationEngine,
  withEvaluation,
} from "../evaluation.js";
import { type Progress, progress } from "../progress.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";

export interface CompareOptions extends DataOptions, EvaluationOptions {
  out: string;
  seeds: number;
  methods: string;
  algos: string;
  nasBudget: number;
  nasRuns: number;
  good: string;
  costDataset?: string;
  figures?: FigureFormat[];
}

/** Files `compare` writes into --out (defined beside its checkpoint). */
export { COMPARE_FILES };

/** `lissnas compare`: LISSNAS and the rival shrinkers on one space/table, with one predictor and seeds. */
export function register(program: Command): void {
  withEvaluation(
    withData(
      program
        .command("compare")
        .description(
          "run LISSNAS and the rival shrinkers (ABS, PADNAS, NSE, GreedyNAS); write the paper's tables",
        ),
    ),
  )
    .requiredOption("--out <dir>", "output folder (compare.json, tables.md, edf.csv, flops.csv)")
    .option("--seeds <n>", "number of seeds: --seed, --seed+1, …", intOption("seeds", 1, 1000), 1)
    .option("--methods <list>", `shrinkers (${SHRINKER_NAMES.join(",")})`, SHRINKER_NAMES.join(","))
    .option("--algos <list>", "search algorithms run in every space", "ls,rs,re")
    .option(
      "--nas-budget <n>",
      "total queries per search, shrinkage queries included",
      intOption("nas-budget", 2),
      300,
    )
    .option("--nas-runs <n>", "search runs per space, algorithm and seed", intOption("nas-runs", 1), 50)
    .option("--good <spec>", "good: top:X (top X % of the original space) or a metric value", "top:5")
    .option("--cost-dataset <name>", "dataset of the FLOP count (nb201; default from the metric name)")
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .action(async (opts: CompareOptions) => {
      const methods = opts.methods.split(",").map((m) => m.trim());
      for (const m of methods) {
        if (!SHRINKER_NAMES.includes(m as ShrinkerName)) {
          throw new UsageError(`--methods: unknown shrinker '${m}' (known: ${SHRINKER_NAMES.join(", ")})`);
        }
      }
      if (!methods.includes("lissnas"))
        throw new UsageError("--methods must include lissnas (the rivals are sized to it)");
      checkCostDataset(getSpace(opts.space), opts.costDataset);
      const algos = opts.algos.split(",").map((a) => parseAlgorithmName(a.trim(), "--algos"));
      checkRunGrid(opts.nasRuns, opts.nasBudget, "--nas-runs", "--nas-budget");
      // An unwritable --out is found now, not at the first checkpoint after minutes of work.
      checkWritable(join(opts.out, COMPARE_FILES.json));
      checkWritable(join(opts.out, COMPARE_FILES.partial));
      const good = parseGood(opts.good);
      // #11: an asynchronous evaluator (--trainer) compares through the replay engine, as shrink does
      const engine = await makeEvaluationEngine(opts, getSpace(opts.space), evaluationContext(opts));
      if (engine) {
        const seeds = Array.from({ length: opts.seeds }, (_, i) => opts.seed + i);
        const options = compareOptions({ ...opts }, opts.metric!, methods, algos);
        const m = methods as ShrinkerName[];
        return compareWithEngine(
          { opts, options, seeds, methods: m, algos, begin: () => moveEarlierResult(opts.out) },
          engine,
        );
      }
      const { space, evaluator, table, metric, constrained, missing } = load(opts);
      // issue #15: a paid constraint is read with the query and charged, as shrink and search do
      const paid = constrained?.feasibility.hasPaid ? constrained : undefined;
      const cost = costSource(space, opts.costDataset ?? datasetOfMetric(metric), table);
      const seeds = Array.from({ length: opts.seeds }, (_, i) => opts.seed + i);
      const options = compareOptions({ ...opts }, metric, methods, algos);
      const checkpoint = new CompareCheckpoint(opts.out, options, seeds, {
        spaces: ["full", ...methods],
        algos,
      });
      // Started on the first message, after compareShrinkers has checked its inputs (errors stay one line,
      // and nothing in --out is touched by a run that stops on bad input).
      let bar: Progress | undefined;
      const raw = compareShrinkers({
        space,
        evaluator,
        metric,
        table,
        seeds,
        good,
        cost,
        predictor: () => new GbdtRegressor(),
        nas: { algos, budget: opts.nasBudget, runs: opts.nasRuns },
        methods: methods as ShrinkerName[],
        ...(paid ? { paid } : {}),
        finished: checkpoint.finished,
        onProgress: (m) => {
          if (!bar) {
            checkpoint.begin();
            bar = progress("compare", seeds.length * (methods.length + 1));
          }
          bar.label(`compare ${m}`);
          if (/: measure /.test(m)) bar.tick();
        },
        // A checkpoint after every seed (atomic), so an error or a stop keeps the finished seeds.
        onSeed: (record) => checkpoint.save(record),
      });
      bar?.done();
      // issue #15: every reported value in the metric's own units (checkpoints keep the internal ones)
      const units = metricUnits(metric);
      const result = compareResultInUnits(raw, units);
      const command = [
        `lissnas compare --space ${opts.space}`,
        opts.data ? `--data ${opts.data}` : "",
        `--metric ${metric} --seed ${opts.seed} --seeds ${opts.seeds} --methods ${methods.join(",")}`,
        `--algos ${algos.join(",")} --nas-budget ${opts.nasBudget} --nas-runs ${opts.nasRuns} --good ${opts.good}`,
      ]
        .filter(Boolean)
        .join(" ");
      const json = {
        command: "compare",
        complete: true,
        options,
        space: space.id,
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        ...units.label,
        seeds,
        partial: result.partial,
        ...missingField(missing),
        good: goodLabel(good),
        goodThreshold: result.goodThreshold,
        originalBest: result.originalBest,
        predictor: "gbdt",
        cost: cost?.label ?? null,
        nas: { algos, budget: opts.nasBudget, runs: opts.nasRuns },
        methods: result.methods.map(({ perSeed, ...m }) => ({
          ...m,
          perSeed: perSeed.map((o) => ({
            seed: o.seed,
            size: o.comparison.shrunk.size,
            shrinkIndex: o.comparison.shrinkIndex,
            shrinkIndexCells: o.comparison.cells?.shrinkIndex ?? null,
            pGood: o.comparison.shrunk.pGood,
            pGoodOriginal: o.comparison.original.pGood,
            keptGlobalBest: o.comparison.keptGlobalBest,
            keptTop01: o.comparison.keptTop01,
            paretoHypervolumeRatio: o.comparison.paretoHypervolumeRatio,
            mean: o.comparison.shrunk.mean,
            max: o.comparison.shrunk.max,
            ks: o.comparison.ks,
            ksVsLissnas: o.ksVsLissnas,
            cosineRatio: o.comparison.cosineRatio,
            flopCoverage: o.comparison.shrunk.flops?.coverage ?? null,
            nas: o.nas,
            nasCurves: o.nasCurves ?? null,
            shrinkQueries: o.shrinkQueries,
            ...(o.paid ? { paid: o.paid } : {}),
          })),
        })),
        ...(paid ? { paidConstraints: paidBlock(paid) } : {}),
        edf: result.edf,
        flopHistograms: result.flopHistograms,
        flopEdges: flopEdges(result),
        flopUnit: "MFLOPs",
        files: COMPARE_FILES,
      };
      const mdTables = compareTables(result, {
        space: space.id,
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        metric,
        good: goodLabel(good),
        command,
        nas: { algos, budget: opts.nasBudget, runs: opts.nasRuns },
      });
      const tables = paid ? `${mdTables.trimEnd()}\n\n${paidLine(paid, result)}\n` : mdTables;
      // compare.json is written last and marks the folder finished; the checkpoint goes after it.
      writeOut(join(opts.out, COMPARE_FILES.tables), tables);
      writeOut(join(opts.out, COMPARE_FILES.edf), edfCsv(result, units.sign === 1 ? "error" : units.column));
      if (result.flopHistograms) writeOut(join(opts.out, COMPARE_FILES.flops), flopsCsv(result));
      const written = await saveReport(opts.out, () => compareReport(json), opts.figures);
      writeOut(join(opts.out, COMPARE_FILES.json), `${JSON.stringify(json, null, 2)}\n`);
      checkpoint.remove();
      const files = ["tables.md", "compare.json", "edf.csv", ...(result.flopHistograms ? ["flops.csv"] : [])];
      emit(json, opts.json, () =>
        [
          tables.trimEnd(),
          "",
          `Wrote ${files.map((f) => join(opts.out, f)).join(", ")}`,
          `Report: ${written[0]} (open it in a browser)${written.length > 1 ? `; ${written.length - 1} figure files in ${join(opts.out, "figures")}` : ""}`,
          opts.data
            ? `Next: lissnas search --members <shrunk space> --data ${opts.data} … (docs/search.md)`
            : "Next, on a real table: npx lissnas compare --space nb201 --data YOUR/nats_bench.csv --metric CIFAR10TestAccuracy200Epochs --seeds 3 --out out/nb201",
        ].join("\n"),
      );
    });
}

/** compare.json's `paidConstraints` block (issue #15): the convention of shrink's, per method in `paid`. */
function paidBlock({ feasibility, table }: { feasibility: Feasibility; table: BenchmarkTable }) {
  return {
    constraints: feasibility.constraints.map((c) => c.text),
    cheap: feasibility.cheapColumns,
    // what the shrinkers and searches draw from: the rows passing the cheap constraints (free to know)
    searchedRows: cheapFeasibleTable(table, feasibility).rows,
    feasibleRows: feasibility.feasibleCount ?? null,
    note:
      "paid columns are read only with a query (charged, the same one); shrinkers drop and searches never return an architecture found infeasible; " +
      "each method's paid.members are its kept members (genotypes), membersFeasibleTruth those feasible (evaluator's truth, reporting only: " +
      "the metrics are over them and the feasible original space), membersUnqueried those whose paid values no shrinkage query read",
  };
}

/** The one line of tables.md on paid constraints: per shrunk space, members kept, feasible, unqueried. */
function paidLine(
  { feasibility, table }: { feasibility: Feasibility; table: BenchmarkTable },
  result: CompareResult,
): string {
  const parts = result.methods
    .filter((m) => m.paid)
    .map(
      (m) =>
        `${m.method} ${fmt(m.paid!.members)} kept, ${fmt(m.paid!.membersFeasibleTruth)} feasible, ${fmt(m.paid!.membersUnqueried)} unqueried (feasibility unknown to a search)`,
    );
  const searched = cheapFeasibleTable(table, feasibility).rows;
  return `Paid constraints (${feasibility.constraints.map((c) => c.text).join(" AND ")}; read only with a query, infeasible queries charged and dropped; shrinkers and searches draw from the ${fmt(searched)} architectures passing the cheap constraints, the metrics are over the feasible members and the feasible original space of ${fmt(feasibility.feasibleCount ?? Number.NaN)}), mean members per shrunk space in genotypes: ${parts.join("; ")}. A space with no feasible member scores P(good) 0 (other figures n/a); a search that found no feasible architecture is worth −∞, so its mean is — in Table 3.`;
}
