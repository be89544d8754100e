import type { Command } from "commander";
import { type ExperimentCell, readExperimentConfig, runExperiment } from "../../search/experiment.js";
import { emit, fmt, intOption, textTable, writeOut } from "../common.js";

/** The results file's format tag. */
export const EXPERIMENT_FORMAT = "lissnas-experiment";

function ciText(m: { mean: number; lo: number; hi: number }): string {
  return Number.isNaN(m.lo) ? fmt(m.mean) : `${fmt(m.mean)} [${fmt(m.lo)}, ${fmt(m.hi)}]`;
}

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
        `${fmt(b.final.mean)} ± ${fmt(half)}`,
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
    .action(async (file: string, opts: { json?: boolean; seed?: number }) => {
      const config = readExperimentConfig(file);
      if (opts.seed !== undefined) config.seeds = [opts.seed];
      const progress = process.stderr.isTTY && !opts.json;
      // The results file is rewritten (atomically) after every cell, marked incomplete until the last one,
      // so a run stopped by an error or a signal keeps every finished cell.
      const done: ExperimentCell[] = [];
      const save = (complete: boolean) =>
        writeOut(
          config.output,
          `${JSON.stringify({ format: EXPERIMENT_FORMAT, version: 1, complete, config, cells: done }, null, 1)}\n`,
        );
      const cells = await runExperiment(config, (c, i, n) => {
        done.push(c);
        if (i < n) save(false);
        if (progress)
          process.stderr.write(`[${i}/${n}] ${c.problem} ${c.space} ${c.algorithm} seed ${c.seed}\n`);
      });
      save(true);
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
          atBudgets: c.atBudgets,
        })),
      };
      emit(brief, opts.json, () => {
        const metrics = [
          ...new Set(
            cells.map(
              (c) => `${c.problem}: searched ${c.summary.searchMetric}, reported ${c.summary.reportMetric}`,
            ),
          ),
        ];
        return [
          `${cells.length} cells × ${config.runs} runs → ${config.output}`,
          ...metrics,
          experimentTable(cells, config.runs),
        ].join("\n");
      });
    });
}
