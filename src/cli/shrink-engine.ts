import { join } from "node:path";
import { UsageError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import type { EvaluationEngine } from "../data/engine.js";
import { metricUnits } from "../data/objectives.js";
import { GbdtRegressor } from "../predictors/gbdt.js";
import { costSource, datasetOfMetric } from "../shrink/cost.js";
import { encodeSpaceFile } from "../shrink/file.js";
import { type LissnasOptions, lissnas } from "../shrink/lissnas.js";
import { iterationsInUnits, queriedCsv } from "../shrink/report.js";
import type { SearchSpace } from "../spaces/space.js";
import { emit, writeOut } from "./common.js";
import { type EvaluationOptions, evaluationReport } from "./evaluation.js";
import { withState } from "./result-state.js";

/** The options of `shrink` this path reads. */
export interface EngineShrinkOptions extends EvaluationOptions {
  out: string;
  metric?: string;
  seed: number;
  json?: boolean;
  threshold?: string;
  costDataset?: string;
}

/**
 * `lissnas shrink` with an asynchronous evaluator (`--trainer`): LISSNAS runs through the replay engine
 * (its initial queries and each iteration's queries are declared as batches, so `--workers N` trains N at
 * once; the trajectory does not depend on N). The quality metrics of the table path (shrink index, KS,
 * P(good), kept best…) need every architecture's value, which a trainer does not have: they are not
 * computed, and the output says so. Writes space.lissnas (with the queried values in `meta`, so a search in
 * the shrunk space is charged them and replays them), metrics.json and summary.md into --out.
 */
export async function shrinkWithEngine(
  opts: EngineShrinkOptions,
  knobs: LissnasOptions,
  engine: EvaluationEngine,
  space: SearchSpace,
  files: { space: string; metrics: string; summary: string; queried: string },
): Promise<void> {
  try {
    if (opts.threshold === "rwa") {
      throw new UsageError(
        "--threshold rwa walks the space evaluating every step: not available with --trainer (give a distance)",
      );
    }
    const metric = opts.metric!;
    const cost = costSource(space, opts.costDataset ?? datasetOfMetric(metric));
    const objective = engine.objective(metric);
    const run = await engine.run(() =>
      lissnas(
        {
          space,
          objective,
          predictor: () => new GbdtRegressor(),
          rng: Rng.fromSeed(opts.seed).child("lissnas"),
          cost: cost?.mflops,
        },
        knobs,
      ),
    );
    const evaluation = evaluationReport(engine, opts);
    // issue #15: reported values in the metric's own units (the space file's meta keeps the internal ones)
    const units = metricUnits(metric);
    const iterations = iterationsInUnits(run.iterations, units);
    const queried = run.queried.archs.map((a, i) => [space.format(a), run.queried.values[i]] as const);
    const result = {
      command: "shrink",
      space: space.id,
      evaluator: engine.evaluator.name,
      synthetic: false,
      ...units.label,
      seed: opts.seed,
      cost: cost?.label ?? null,
      predictor: "gbdt",
      options: run.options,
      size: run.space.count,
      quality:
        "not computed: the shrink index, KS, P(good) and the kept best need every architecture's value, which an asynchronous evaluator does not have",
      queries: run.queries,
      repeats: run.repeats,
      isomorphs: run.isomorphs,
      failed: run.failed,
      budget: run.options.budget,
      chosenIteration: run.chosenIteration,
      stopReason: run.stopReason,
      iterations,
      evaluation,
      files,
    };
    const md = [
      `# LISSNAS on ${space.id} with ${engine.evaluator.name}`,
      "",
      `Metric ${metric}; seed ${opts.seed}; ${run.queries} queries (budget ${run.options.budget}), ${run.failed} failed; ` +
        `${evaluation?.evaluated ?? 0} evaluations done, ${evaluation?.replayed ?? 0} replayed from the store.`,
      `Shrunk space: ${run.space.count} architectures (iteration ${run.chosenIteration} of ${run.iterations.length}, ${run.stopReason}).`,
      "",
      "Quality metrics (shrink index, KS, P(good)) need the values of the whole space: not computed with a trainer.",
      "",
      "| iteration | size | mean predicted | queries | accepted |",
      "|---|---|---|---|---|",
      ...iterations.map(
        (l) =>
          `| ${l.iteration} | ${l.size} | ${l.meanPredicted.toFixed(4)} | ${l.queries} | ${l.accepted ? "yes" : "no"} |`,
      ),
      "",
    ].join("\n");
    writeOut(
      join(opts.out, files.space),
      encodeSpaceFile(run.space, {
        command: "shrink",
        metric,
        seed: opts.seed,
        data: engine.evaluator.name,
        queries: run.queries,
        queried: queried.map(([a, v]) => [a, v]),
      }),
    );
    writeOut(join(opts.out, files.metrics), `${JSON.stringify(withState(result, opts), null, 2)}\n`);
    writeOut(join(opts.out, files.summary), md);
    // issue 14: the queried architectures with their values (metric units) and order, as with a table
    writeOut(
      join(opts.out, files.queried),
      queriedCsv(queried.map(([a, v]) => [a, units.value(v)] as const)),
    );
    emit(result, opts.json, () => md.trimEnd());
  } finally {
    await engine.close();
  }
}
