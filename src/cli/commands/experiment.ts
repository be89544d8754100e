import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { experimentReport } from "../../report/builders/search.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
import {
  cellKey,
  type ExperimentCell,
  type ExperimentConfig,
  readExperimentConfig,
  runExperiment,
} from "../../search/experiment.js";
import { checkWritable } from "../../store/atomic.js";
import { findResumable } from "../../store/checkpoint.js";
import { LISSNAS_VERSION } from "../../version.js";
import { emit, fmt, fmtCi, intOption, textTable, writeOut } from "../common.js";
import { note, type Progress, progress as startProgress } from "../progress.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";

/** The results file's format tag. */
export const EXPERIMENT_FORMAT = "lissnas-experiment";

const ciText = fmtCi;

/** One row per (cell, budget): final value with its CI, regret, runs that reached the optimum. */
export function experimentTable(cells: readonly ExperimentCell[], runs: number): string {
  const rows: Array<Array<string | number>> = [];
  for (const c of cells) {
    for (const b of c.atBudgets) {
      const half = (b.final.hi - b.final.lo) / 2;
      rows.push([
        c.problem,
        c.space,
        c.algorithm,
        c.seed,
        b.budget,
        Number.isFinite(half) ? `${fmt(b.final.mean)} ± ${fmt(half)}` : `${fmt(b.final.mean)} ± n/a`,
        b.regret ? fmt(b.regret.mean) : "n/a",
        `${b.reached}/${runs}`,
        b.meanQueriesToOptimum ? ciText(b.meanQueriesToOptimum) : "n/a",
      ]);
    }
  }
  return textTable(
    [
      "problem",
      "space",
      "algorithm",
      "seed",
      "budget",
      "final (95 % CI)",
      "regret",
      "reached",
      "mean q→opt (95 % CI)",
    ],
    rows,
  );
}

/** One line per trainer problem: its evaluator and the evaluations its cells asked for or replayed. */
function trainerLines(cells: readonly ExperimentCell[]): string[] {
  const sums = new Map<string, { evaluator: string; evaluated: number; replayed: number; failed: number }>();
  for (const c of cells) {
    const e = c.evaluation;
    if (!e) continue;
    const s = sums.get(c.problem) ?? { evaluator: e.evaluator, evaluated: 0, replayed: 0, failed: 0 };
    s.evaluated += e.evaluated;
    s.replayed += e.replayed;
    s.failed += e.failed;
    sums.set(c.problem, s);
  }
  return [...sums].map(
    ([p, s]) =>
      `${p}: ${s.evaluator} — ${s.evaluated} evaluated, ${s.replayed} replayed from the store, ${s.failed} failed (skipped, counted as queries)`,
  );
}

/**
 * Cells of earlier runs of the same config (same lissnas version, same config JSON), keyed by `cellKey`,
 * from the first of `files` that holds any; unreadable or foreign files are ignored (they are replaced).
 */
function finishedCells(config: ExperimentConfig, files: string[]): Map<string, ExperimentCell> {
  const out = new Map<string, ExperimentCell>();
  for (const f of files) {
    // the helper `compare` resumes with too (src/store/checkpoint.ts): same format, version and config
    const { found } = findResumable([f], {
      format: EXPERIMENT_FORMAT,
      options: config,
      optionsOf: (d) => d.config,
    });
    const cells = found?.doc.cells;
    if (!Array.isArray(cells)) continue; // not a results file of ours: it will be replaced
    for (const c of cells as ExperimentCell[]) out.set(cellKey(c.problem, c.space, c.algorithm, c.seed), c);
    if (out.size > 0) return out;
  }
  return out;
}

/** `lissnas experiment <config.json>`: a grid of searches into one results file and a summary table. */
export function register(program: Command): void {
  program
    .command("experiment")
    .description("run a grid (problems × spaces × algorithms × seeds) of searches into one JSON results file")
    .argument("<config>", "experiment config (JSON); see docs/search.md")
    .option("--json", "print the summary as JSON")
    .option(
      "--seed <n>",
      "run only this seed instead of the config's seeds",
      intOption("seed", 0, 2 ** 32 - 1),
    )
    .option("--quiet", "no progress and no notes on stderr (errors still print)")
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .action(async (file: string, opts: { json?: boolean; seed?: number; figures?: FigureFormat[] }) => {
      const config = readExperimentConfig(file);
      if (opts.seed !== undefined) config.seeds = [opts.seed];
      const partialFile = `${config.output}.partial`;
      checkWritable(config.output);
      checkWritable(partialFile);
      let bar: Progress | undefined;
      // Finished cells of an earlier run of this very config (interrupted: the .partial file; complete: the
      // results file) are reused, not recomputed: runs are seeded, so the final bytes are the same.
      const finished = finishedCells(config, [partialFile, config.output]);
      // Checkpoints go to <output>.partial (atomically, after every cell), never over the results file: a
      // complete results file stays intact until the new run completes and replaces it atomically.
      const done: ExperimentCell[] = [];
      const doc = (complete: boolean) =>
        `${JSON.stringify({ format: EXPERIMENT_FORMAT, version: 1, lissnas: LISSNAS_VERSION, complete, options: { config: file, seed: opts.seed ?? null }, seeds: config.seeds, config, cells: done }, null, 1)}\n`;
      const cells = await runExperiment(
        config,
        (c, i, n) => {
          done.push(c);
          if (i < n) writeOut(partialFile, doc(false));
          bar ??= startProgress("experiment", n);
          bar.label(`experiment [${i}/${n}] ${c.problem} ${c.space} ${c.algorithm} seed ${c.seed}`);
          bar.tick();
        },
        finished,
      );
      writeOut(config.output, doc(true));
      rmSync(partialFile, { force: true });
      bar?.done();
      // The report beside the results file (report.html in its folder: `lissnas report --in` rebuilds it).
      const page = (
        await saveReport(dirname(config.output), () => experimentReport(JSON.parse(doc(true))), opts.figures)
      )[0];
      note(`Report: ${page}`);
      const brief = {
        output: config.output,
        runs: config.runs,
        cells: cells.map((c) => ({
          problem: c.problem,
          space: c.space,
          algorithm: c.algorithm,
          seed: c.seed,
          searchMetric: c.summary.searchMetric,
          reportMetric: c.summary.reportMetric,
          extraQueries: c.summary.extraQueries,
          ...(c.missing !== undefined ? { missing: c.missing } : {}),
          atBudgets: c.atBudgets,
          ...(c.evaluation ? { evaluation: c.evaluation } : {}),
        })),
      };
      emit(brief, opts.json, () => {
        const metrics = [
          ...new Set(
            cells.map(
              (c) =>
                `${c.problem}: searched ${c.summary.searchMetric}, reported ${c.summary.reportMetric}` +
                (c.missing ? `; ${c.missing} rows without a value left out` : ""),
            ),
          ),
        ];
        return [
          `${cells.length} cells × ${config.runs} runs → ${config.output}`,
          ...metrics,
          ...trainerLines(cells),
          experimentTable(cells, config.runs),
        ].join("\n");
      });
    });
}
