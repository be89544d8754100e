import { join } from "node:path";
import type { Command } from "commander";
import { missingField } from "../../data/missing.js";
import { metricUnits } from "../../data/objectives.js";
import { shrinkReport } from "../../report/builders/shrink.js";
import { SHRINK_REPORT_DATA } from "../../report/load.js";
import { reportDataInUnits, shrinkReportData } from "../../report/shrink-data.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
import { checkCostDataset, costSource, datasetOfMetric } from "../../shrink/cost.js";
import { loadSpaceFile } from "../../shrink/file.js";
import {
  comparisonInUnits,
  goodLabel,
  headlineFields,
  measureOriginal,
  measureShrunk,
  parseGood,
  summaryMarkdown,
} from "../../shrink/report.js";
import { getSpace } from "../../spaces/registry.js";
import { checkEncoding } from "../../spaces/space.js";
import { type DataOptions, emit, load, withData, writeOut } from "../common.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";
import { withState } from "../result-state.js";

interface MetricsOptions extends DataOptions {
  members: string;
  good: string;
  encoding?: string;
  costDataset?: string;
  out?: string;
}

/** `lissnas metrics`: the search-space quality metrics of a saved shrunk space against its original. */
export function register(program: Command): void {
  withData(
    program
      .command("metrics")
      .description(
        "quality metrics of a saved shrunk space (member set or product sub-space) vs the original",
      ),
  )
    .requiredOption("--members <file>", "a shrunk-space file written by `lissnas shrink` (or saveSpaceFile)")
    .option(
      "--good <spec>",
      "good architectures: top:X (top X % of the original space) or a metric value",
      "top:5",
    )
    .option("--encoding <name>", "encoding for the cosine distance (default: the space's first)")
    .option("--cost-dataset <name>", "dataset of the FLOP count (nb201; default from the metric name)")
    .option("--out <dir>", "also write metrics.json and summary.md there")
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .action(async (opts: MetricsOptions & { figures?: FigureFormat[] }) => {
      const space = getSpace(opts.space);
      const good = parseGood(opts.good);
      if (opts.encoding) checkEncoding(space, opts.encoding);
      const shrunk = loadSpaceFile(opts.members, space);
      const { evaluator, table, metric, rng, missing } = load(opts);
      checkCostDataset(space, opts.costDataset);
      const cost = costSource(space, opts.costDataset ?? datasetOfMetric(metric), table);
      const original = measureOriginal(space, evaluator, metric, table, good, rng.child("original"), cost);
      // issue #15: every reported value in the metric's own units (a :min metric is measured negated)
      const units = metricUnits(metric);
      const c = comparisonInUnits(
        measureShrunk(space, shrunk, evaluator, metric, original, rng.child("metrics"), {
          encoding: opts.encoding,
          cost,
        }),
        units,
      );
      const result = {
        command: "metrics",
        space: space.id,
        members: opts.members,
        kind: shrunk.id.split(":")[0],
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        ...units.label,
        ...missingField(missing),
        good: goodLabel(good),
        goodThreshold: c.goodThreshold,
        cost: cost?.label ?? null,
        original: c.original,
        shrunk: c.shrunk,
        ...headlineFields(c),
        reductionFactor: c.reductionFactor,
        ks: c.ks,
        cosineRatio: c.cosineRatio,
      };
      const md = summaryMarkdown(c, {
        space: space.id,
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        metric,
        good: goodLabel(good),
        extra: [`Space file: ${opts.members} (${shrunk.id}).`],
      });
      if (opts.out) {
        writeOut(join(opts.out, "metrics.json"), `${JSON.stringify(withState(result, opts), null, 2)}\n`);
        writeOut(join(opts.out, "summary.md"), md);
        const reportData = reportDataInUnits(
          shrinkReportData({
            space,
            shrunk,
            metric,
            objective: evaluator.objective(metric),
            original: original.population,
            cost: cost?.mflops,
            rng: rng.child("report"),
          }),
          units,
        );
        writeOut(join(opts.out, SHRINK_REPORT_DATA), `${JSON.stringify(reportData)}\n`);
        await saveReport(opts.out, () => shrinkReport(result, reportData), opts.figures);
      }
      emit(result, opts.json, () => md.trimEnd());
    });
}
