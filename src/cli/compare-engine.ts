import { join } from "node:path";
import { UsageError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import type { EvaluationEngine } from "../data/engine.js";
import { metricUnits } from "../data/objectives.js";
import { meanCI } from "../metrics/mean-ci.js";
import { GbdtRegressor } from "../predictors/gbdt.js";
import { compareReport } from "../report/builders/compare.js";
import type { FigureFormat } from "../report/write.js";
import { type AlgorithmName, checkAlgorithmSpec } from "../search/algorithms.js";
import { runManyAsync } from "../search/async-runs.js";
import type { Problem } from "../search/problem.js";
import { uniqueCount } from "../search/source.js";
import { type AnytimeCurve, anytimeCurve, thinCurve } from "../search/summary.js";
import { rivalSpaces, type ShrinkerName } from "../shrink/compare.js";
import { costSource, datasetOfMetric } from "../shrink/cost.js";
import { type LissnasOptions, lissnas, resolveLissnasOptions } from "../shrink/lissnas.js";
import { productRivalsUnsupported } from "../shrink/product.js";
import { classCount } from "../shrink/quality.js";
import type { SearchSpace } from "../spaces/space.js";
import { emit, fmtCi, writeOut } from "./common.js";
import { COMPARE_FILES, type CompareRunOptions } from "./compare-checkpoint.js";
import { type EvaluationOptions, evaluationReport, evaluationText } from "./evaluation.js";
import { progress } from "./progress.js";
import { saveReport } from "./reporting.js";

/**
 * What `compare` leaves out with an asynchronous evaluator, and why (one line, in compare.json and
 * tables.md): every quality figure of a space is over all its architectures' values.
 */
export const OMITTED_WITH_TRAINER =
  "omitted with --trainer: shrink index, P(good), mean, max, KS tests, error EDFs, kept best and top-0.1 %, Pareto hypervolume (they need every architecture's value in each space, which a trainer does not give), and the cosine-distance and FLOP-coverage tables (not computed on this path); reported: sizes (canonical classes), the shrinkage's queries and the searches in every space with those queries charged";

export interface EngineCompareInputs {
  opts: EvaluationOptions & {
    out: string;
    metric?: string;
    costDataset?: string;
    nasBudget: number;
    nasRuns: number;
    json?: boolean;
    figures?: FigureFormat[];
  };
  options: CompareRunOptions;
  seeds: readonly number[];
  methods: readonly ShrinkerName[];
  algos: readonly AlgorithmName[];
  /** Called once every input is checked, before any work (moves an earlier result aside). */
  begin?: () => void;
}

/** One space on one seed: what a trainer-run comparison can state. */
interface EngineOutcome {
  seed: number;
  size: number;
  shrinkQueries: number;
  nas: Record<string, number>;
  nasCurves: Record<string, AnytimeCurve>;
}

/**
 * `lissnas compare` with an asynchronous evaluator (`--trainer`, issue #11), like `shrink` does it
 * (src/cli/shrink-engine.ts): LISSNAS runs through the replay engine (its batches in flight on --workers);
 * the rivals are sized to it from the same predictor (they evaluate nothing); then every algorithm searches
 * every space through the engine (`runManyAsync`, batch = --workers), the shrinkage queries charged to the
 * shrunk spaces. Every random stream is the table path's, so with --workers 1 and a trainer that returns a
 * table's values the sizes and searches equal `compare --data` on that table. Figures that need the whole
 * space's values are omitted and the output says so (OMITTED_WITH_TRAINER). Resume: `--store` replays the
 * finished evaluations (the computation itself is cheap next to them); no per-seed checkpoint here.
 */
export async function compareWithEngine(
  inputs: EngineCompareInputs,
  engine: EvaluationEngine,
): Promise<void> {
  const { opts, seeds, methods, algos } = inputs;
  try {
    const space = engine.space;
    const unsupported = productRivalsUnsupported(space);
    if (unsupported !== null)
      throw new UsageError(
        `compare cannot run the rivals, which prune operations per position: ${unsupported}`,
      );
    const metric = opts.metric!;
    const cost = costSource(space, opts.costDataset ?? datasetOfMetric(metric));
    const knobs: LissnasOptions = {};
    const shrinkBudget = resolveLissnasOptions(space, knobs, cost !== undefined).budget;
    if (opts.nasBudget <= shrinkBudget) {
      throw new UsageError(
        `--nas-budget ${opts.nasBudget} leaves no query for the searches after the ${shrinkBudget} shrinkage queries`,
      );
    }
    const objective = engine.objective(metric);
    const encoding = space.encodings[0];
    const rivals = {
      space,
      pool: undefined,
      methods,
      predictor: () => new GbdtRegressor(),
      encoding,
      width: space.encodingLength(encoding),
    };
    inputs.begin?.();
    const bar = progress("compare", seeds.length * (methods.length + 1));
    const perSeed = new Map<string, EngineOutcome[]>();
    const search: SearchInputs = {
      engine,
      objective,
      metric,
      algos,
      budget: opts.nasBudget,
      runs: opts.nasRuns,
      batch: opts.workers,
    };
    for (const seed of seeds) {
      const root = Rng.fromSeed(seed);
      bar.label(`compare seed ${seed}: lissnas`);
      const run = await engine.run(() =>
        lissnas(
          { space, objective, predictor: rivals.predictor, rng: root.child("lissnas"), cost: cost?.mflops },
          knobs,
        ),
      );
      for (const [name, s, shrinkQueries] of rivalSpaces(rivals, run, root)) {
        bar.label(`compare seed ${seed}: search ${name}`);
        const found = await searchSpace(search, s, shrinkQueries, root, name);
        const outcome = { seed, size: Number(classCount(s, space)), shrinkQueries, ...found };
        perSeed.set(name, [...(perSeed.get(name) ?? []), outcome]);
        bar.tick();
      }
    }
    bar.done();
    await writeEngineResult(inputs, engine, perSeed, cost?.label ?? null);
  } finally {
    await engine.close();
  }
}

interface SearchInputs {
  engine: EvaluationEngine;
  objective: Problem["objective"];
  metric: string;
  algos: readonly AlgorithmName[];
  budget: number;
  runs: number;
  batch: number;
}

/**
 * Every algorithm's runs in one space through the engine, the shrinkage queries charged; the seeds are the
 * table path's (`root.child("nas", name, algo)`), the budget capped at the space's classes (exhaustive).
 */
async function searchSpace(
  inp: SearchInputs,
  s: SearchSpace,
  shrinkQueries: number,
  root: Rng,
  name: string,
): Promise<{ nas: Record<string, number>; nasCurves: Record<string, AnytimeCurve> }> {
  const nas: Record<string, number> = {};
  const nasCurves: Record<string, AnytimeCurve> = {};
  for (const algo of inp.algos) {
    // No optimum: nothing enumerates a trained space (regrets are not reported).
    const problem: Problem = {
      space: s,
      objective: inp.objective,
      report: inp.objective,
      searchMetric: inp.metric,
      reportMetric: inp.metric,
      extraQueries: shrinkQueries,
    };
    const cap = BigInt(shrinkQueries) + uniqueCount(s);
    const budget = BigInt(inp.budget) > cap ? Number(cap) : inp.budget;
    const runs = await runManyAsync(
      problem,
      checkAlgorithmSpec({ algo }),
      { seed: root.child("nas", name, algo).seed, budget, batch: inp.batch },
      inp.runs,
      inp.engine,
    );
    nas[algo] = runs.reduce((acc, x) => acc + x.finalReport, 0) / runs.length;
    nasCurves[algo] = thinCurve(anytimeCurve(runs, budget));
  }
  return { nas, nasCurves };
}

/** compare.json, tables.md and the text/JSON output of a trainer-run comparison. */
async function writeEngineResult(
  inputs: EngineCompareInputs,
  engine: EvaluationEngine,
  perSeed: Map<string, EngineOutcome[]>,
  cost: string | null,
): Promise<void> {
  const { opts, options, seeds, algos } = inputs;
  const evaluation = evaluationReport(engine, opts);
  // issue #15: a :min metric was searched negated; its bests and curves are reported in its own units
  const units = metricUnits(options.metric);
  const inUnits = (o: EngineOutcome): EngineOutcome =>
    units.sign === 1
      ? o
      : {
          ...o,
          nas: Object.fromEntries(Object.entries(o.nas).map(([k, v]) => [k, units.value(v)])),
          nasCurves: Object.fromEntries(
            Object.entries(o.nasCurves).map(([k, c]) => [
              k,
              {
                queries: c.queries,
                mean: units.values(c.mean),
                lo: units.values(c.hi),
                hi: units.values(c.lo),
              },
            ]),
          ),
        };
  const methods = [...perSeed].map(([method, raw]) => {
    const list = raw.map(inUnits);
    const size = meanCI(list.map((o) => o.size));
    const nas: Record<string, { mean: number; lo: number; hi: number }> = {};
    for (const a of algos) {
      const c = meanCI(list.map((o) => o.nas[a]));
      nas[a] = { mean: c.mean, lo: c.lo, hi: c.hi };
    }
    return { method, size: size.mean, sizeCI: [size.lo, size.hi], nas, perSeed: list };
  });
  const json = {
    command: "compare",
    complete: true,
    options,
    space: engine.space.id,
    evaluator: engine.evaluator.name,
    synthetic: false,
    ...units.label,
    seeds,
    partial: null,
    omitted: OMITTED_WITH_TRAINER,
    predictor: "gbdt",
    cost,
    nas: { algos, budget: opts.nasBudget, runs: opts.nasRuns },
    methods,
    evaluation,
    files: { json: COMPARE_FILES.json, tables: COMPARE_FILES.tables, report: COMPARE_FILES.report },
  };
  const n = seeds.length;
  const md = [
    `# Shrinkers compared on ${engine.space.id} with ${engine.evaluator.name}`,
    "",
    `Metric ${options.metric}; seeds ${seeds.join(", ")} (mean [95 % CI] over ${n} seed${n > 1 ? "s" : ""}).`,
    evaluation ? evaluationText(evaluation) : "",
    "",
    `${OMITTED_WITH_TRAINER}.`,
    "",
    `## Table 3 — NAS in each space: mean best ${options.metric} found, ${opts.nasBudget} total queries (shrinkage queries included), ${opts.nasRuns} runs per seed`,
    "",
    `| method | size (classes) | ${algos.join(" | ")} |`,
    `|---|---|${algos.map(() => "---").join("|")}|`,
    ...methods.map(
      (m) =>
        `| ${m.method} | ${fmtCi({ mean: m.size, lo: m.sizeCI[0], hi: m.sizeCI[1] })} | ${algos.map((a) => fmtCi(m.nas[a])).join(" | ")} |`,
    ),
    "",
  ].join("\n");
  // compare.json last: it marks the folder finished (as on the table path).
  writeOut(join(opts.out, COMPARE_FILES.tables), md);
  await saveReport(opts.out, () => compareReport(json), opts.figures);
  writeOut(join(opts.out, COMPARE_FILES.json), `${JSON.stringify(json, null, 2)}\n`);
  emit(
    json,
    opts.json,
    () =>
      `${md.trimEnd()}\n\nWrote ${join(opts.out, COMPARE_FILES.tables)}, ${join(opts.out, COMPARE_FILES.json)}`,
  );
}
