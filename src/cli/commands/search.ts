import { join } from "node:path";
import type { Command } from "commander";
import { LissnasError, UsageError } from "../../core/errors.js";
import { buildFeasibility } from "../../data/constraints.js";
import { missingField, missingNote } from "../../data/missing.js";
import { parseMetricSpec } from "../../data/objectives.js";
import { searchReport } from "../../report/builders/search.js";
import { RESULT_FILES } from "../../report/load.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
import {
  ALGORITHM_NAMES,
  type AlgorithmSpec,
  algorithmLabel,
  checkAlgorithmSpec,
  PREDICTOR_NAMES,
} from "../../search/algorithms.js";
import { engineProblem, runManyAsync } from "../../search/async-runs.js";
import { inMetricUnits } from "../../search/directed.js";
import { closePool, runMany } from "../../search/parallel.js";
import type { Problem } from "../../search/problem.js";
import type { RunResult } from "../../search/run.js";
import { buildProblem, type ProblemSource } from "../../search/source.js";
import { type SearchSummary, summarize, valueAt } from "../../search/summary.js";
import { getSpace } from "../../spaces/registry.js";
import {
  type ConstraintOptions,
  type DataOptions,
  emit,
  fmt,
  fmtCi,
  intOption,
  textTable,
  withData,
  writeOut,
} from "../common.js";
import {
  type EvaluationOptions,
  engineEvaluatorInfo,
  evaluationContext,
  evaluationReport,
  evaluationText,
  makeEvaluationEngine,
  withEvaluation,
} from "../evaluation.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";
import { withState } from "../result-state.js";
import { givenOn } from "../source-options.js";
import { paretoSearch } from "./pareto.js";

/** Writes search.json and report.html into `dir`; returns the report's path. */
async function saveSearchResults(
  dir: string,
  result: unknown,
  figures: FigureFormat[] | undefined,
): Promise<string> {
  writeOut(join(dir, RESULT_FILES.search), `${JSON.stringify(result, null, 2)}\n`);
  return (await saveReport(dir, () => searchReport(result), figures))[0];
}

interface SearchOptions extends DataOptions, ConstraintOptions, EvaluationOptions {
  objectives?: string;
  out?: string;
  figures?: FigureFormat[];
  timings?: boolean;
  algo: string;
  budget: number;
  runs: number;
  numInit?: number;
  restart?: boolean;
  population?: number;
  sampleSize?: number;
  predictor?: string;
  encoding?: string;
  refit?: number;
  candidates?: number;
  rounds?: number;
  members?: string;
  extraQueries?: number;
  reportMetric?: string;
  secondsColumn?: string;
  target?: string[];
  untilOptimum?: boolean;
  threads: number;
  perRun?: boolean;
}

/** Turns the data options (--space, --data, --metric…) into a serialisable problem source. */
export function sourceFromOptions(
  opts: DataOptions &
    ConstraintOptions & {
      members?: string;
      extraQueries?: number;
      reportMetric?: string;
      secondsColumn?: string;
      target?: string[];
    },
): ProblemSource {
  const source: ProblemSource = { space: opts.space };
  if (opts.data) {
    source.data = opts.data;
    if (opts.archColumn) source.archColumn = opts.archColumn;
    if (opts.task) source.task = opts.task;
    if (opts.allowNonfinite) source.allowNonfinite = true;
    if (opts.where) {
      const i = opts.where.indexOf("=");
      if (i <= 0) throw new UsageError(`--where must read column=value, got '${opts.where}'`);
      source.where = { column: opts.where.slice(0, i), value: opts.where.slice(i + 1) };
    }
  } else {
    source.landscape = { k: opts.landscapeK, seed: opts.landscapeSeed, noise: opts.landscapeNoise };
  }
  if (opts.metric) source.metric = opts.metric;
  if (opts.reportMetric) source.reportMetric = opts.reportMetric;
  if (opts.secondsColumn) source.secondsColumn = opts.secondsColumn;
  if (opts.members) source.members = opts.members;
  if (opts.extraQueries !== undefined) source.extraQueries = opts.extraQueries;
  if (opts.target && opts.target.length > 0) {
    const space = getSpace(opts.space);
    for (const t of opts.target) {
      try {
        space.parse(t);
      } catch (e) {
        if (e instanceof LissnasError) throw new UsageError(`--target: ${e.message}`);
        throw e;
      }
    }
    source.targets = opts.target;
  }
  if (opts.constraint && opts.constraint.length > 0) source.constraints = opts.constraint;
  if (opts.cheap && opts.cheap.length > 0) source.cheap = opts.cheap;
  return source;
}

const KNOB_OPTIONS = [
  "numInit",
  "restart",
  "population",
  "sampleSize",
  "predictor",
  "encoding",
  "refit",
  "candidates",
  "rounds",
] as const;

/** The algorithm spec from --algo and the knobs given on the command line (only those given). */
function specFromOptions(cmd: Command, opts: SearchOptions): AlgorithmSpec {
  const raw: Record<string, unknown> = { algo: opts.algo };
  for (const k of KNOB_OPTIONS) {
    if (cmd.getOptionValueSource(k) === "cli") raw[k] = opts[k];
  }
  try {
    return checkAlgorithmSpec(raw, "--algo");
  } catch (e) {
    // Report knob errors with the option's command-line name.
    const msg = (e as Error).message.replace(/^--algo\.(\w+)/, (_, k: string) => `--${kebab(k)}`);
    throw new UsageError(msg.replace(/^--algo\.algo/, "--algo"));
  }
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Query counts shown in the text rendering. */
const CHECKPOINTS = [10, 25, 50, 100, 150, 200, 300, 500, 1000, 2000, 5000];

/** Text rendering of a summary: accounting, queries to the optimum, final value and regret, checkpoints. */
export function summaryText(s: SearchSummary, results: readonly RunResult[]): string {
  const ci = fmtCi;
  const q = s.queriesToOptimum;
  const lines = [
    `queries to the optimum: mean ${ci(s.meanQueriesToOptimum)} (95 % t-CI, ${q.reached}/${s.runs} runs reached it` +
      `${q.median !== null ? `, median ${fmt(q.median)}` : ""})`,
    `final ${s.reportMetric}: ${ci(s.final)}; regret ${ci(s.finalRegret)}`,
    s.best
      ? `best architecture found: ${s.best.arch} (${s.reportMetric} ${fmt(s.best.value)}, run ${s.best.run})`
      : "best architecture found: none",
    `per run: ${fmt(s.perRun.queries)} queries, ${fmt(s.perRun.repeats)} repeats and ${fmt(s.perRun.isomorphs)} isomorphs free` +
      `${s.extraQueries > 0 ? `, plus ${s.extraQueries} extra (shrinkage) queries charged` : ""}`,
  ];
  if (s.simulatedSeconds) lines.push(`simulated training time per run: ${ci(s.simulatedSeconds)} s`);
  const points = [...CHECKPOINTS.filter((c) => c < s.budget), s.budget].filter((c) => c > s.extraQueries);
  lines.push(
    textTable(
      ["queries", `mean ${s.reportMetric}`, "95 % CI"],
      points.map((p) => {
        const v = valueAt(results, p);
        return [p, fmt(v.mean), fmtCi(v).replace(/^\S+ /, "")];
      }),
    ),
  );
  return lines.join("\n");
}

/** `lissnas search`: many seeded runs of one algorithm; anytime curve, queries to the optimum, regret. */
export function register(program: Command): void {
  const cmd = withData(
    program
      .command("search")
      .description("run a NAS algorithm many times with honest query accounting (full or shrunk space)"),
  )
    .option("--algo <name>", `algorithm: ${ALGORITHM_NAMES.join(", ")}`, "ls")
    .option("--budget <n>", "total query budget per run (extra queries included)", intOption("budget", 1))
    .option("--runs <n>", "independent runs (run i uses rng.child('run', i))", intOption("runs", 1), 100)
    .option(
      "--num-init <n>",
      "ls/ls-full/pls: random architectures per (re)start (10)",
      intOption("num-init", 1),
    )
    .option(
      "--no-restart",
      "ls/ls-full/pls: at a local optimum continue from the best unexpanded architecture",
    )
    .option("--population <n>", "re/pre: population size (30)", intOption("population", 1))
    .option("--sample-size <n>", "re/pre: tournament size (10)", intOption("sample-size", 1))
    .option("--predictor <name>", `pls/pre: predictor (${PREDICTOR_NAMES.join(", ")}; gbdt)`)
    .option("--encoding <name>", "pls/pre: encoding fed to the predictor (the space's first)")
    .option("--refit <n>", "pls/pre: refit the predictor every n queries (10)", intOption("refit", 1))
    .option(
      "--candidates <n>",
      "pls/pre: candidates ranked per proposal (100 / 10)",
      intOption("candidates", 1),
    )
    .option("--rounds <n>", "pls/pre: GBDT boosting rounds (100)", intOption("rounds", 1))
    .option("--members <file>", "search a shrunk space saved by the shrink commands")
    .option(
      "--extra-queries <n>",
      "queries already spent (e.g. by the shrinkage), charged to the budget",
      intOption("extra-queries", 0),
    )
    .option(
      "--report-metric <column>",
      "column reported (trace, regret), e.g. a test column; default --metric",
    )
    .option("--seconds-column <column>", "column of simulated training seconds per architecture")
    .option(
      "--target <arch>",
      "count 'reached' when this architecture is queried (repeatable)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option("--until-optimum", "stop each run when it reaches the optimum (the curve stays at it)")
    .option("--threads <n>", "worker threads (0: automatic, 1: this thread only)", intOption("threads", 0), 0)
    .option("--per-run", "include one line per run in the JSON")
    .option(
      "--out <dir>",
      "also write search.json and report.html (anytime regret, queries-to-optimum ECDF) there",
    )
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .option(
      "--timings",
      "also print wall-clock time (kept out of the output otherwise: same seed, same bytes)",
    );
  cmd.option(
    "--objectives <list>",
    "multi-objective search: 'COL:max,COL:min,…' (--algo rs, ls = Pareto local search, re = NSGA-II-style, lissnas-ls); docs/objectives.md",
  );
  withEvaluation(cmd);
  cmd.action(async (opts: SearchOptions) => {
    if (opts.budget === undefined) throw new UsageError("--budget is required (a positive integer)");
    if (opts.objectives !== undefined) {
      return paretoSearch({ ...opts, objectives: opts.objectives }, givenOn(cmd));
    }
    const spec = specFromOptions(cmd, opts);
    const source = sourceFromOptions(opts);
    // issue #11: an asynchronous evaluator (--trainer) goes through the replay engine; tables stay synchronous
    // a trainer has no table: only analytic-cost constraints; any other column fails before a trainer starts
    // (its other refusals — --seconds-column, --threads, --until-optimum without --target — are preAction's)
    if (opts.trainer !== undefined && opts.constraint?.length) {
      buildFeasibility(opts.constraint, opts.cheap ?? [], getSpace(opts.space), undefined);
    }
    const engine = await makeEvaluationEngine(opts, getSpace(opts.space), {
      ...evaluationContext(opts),
      trainerConstraints: true,
    });
    const built = engine
      ? {
          problem: engineProblem(engine, {
            ...opts,
            metric: opts.metric!,
            constraints: opts.constraint,
            cheap: opts.cheap,
            targets: opts.target,
          }),
          evaluator: engineEvaluatorInfo(engine),
        }
      : buildProblem(source);
    if (!engine && opts.untilOptimum && built.problem.optimum === undefined && !built.problem.targets) {
      // the synthetic landscape of a space too large to enumerate has no known optimum
      throw new UsageError(
        "--until-optimum needs a known optimum: a table (--data), an enumerable space, or --target ARCH",
      );
    }
    const t0 = performance.now();
    let results: readonly RunResult[];
    let p: Problem;
    const settings = {
      seed: opts.seed,
      budget: opts.budget,
      untilOptimum: opts.untilOptimum,
      batch: opts.workers,
    };
    try {
      results = engine
        ? await runManyAsync(built.problem, spec, settings, opts.runs, engine)
        : await runMany(source, spec, settings, opts.runs, opts.threads);
    } finally {
      await closePool();
      await engine?.close();
    }
    const wall = (performance.now() - t0) / 1000;
    // Reports in the metrics' own units (a :min metric was searched negated).
    ({ problem: p, results } = inMetricUnits(built.problem, results));
    const s = summarize(p, opts.budget, results);
    const result = {
      command: "search",
      space: p.space.id,
      data: built.evaluator.name,
      synthetic: built.evaluator.synthetic,
      partial: ("partial" in built && built.partial) || null,
      ...missingField("missing" in built ? built.missing : undefined),
      members: source.members ?? null,
      algorithm: spec,
      label: algorithmLabel(spec),
      direction: parseMetricSpec(p.searchMetric).direction,
      seed: opts.seed,
      untilOptimum: opts.untilOptimum ?? false,
      targets: source.targets ?? null,
      // the feasible region searched (issue 15), only when one was given: other outputs keep their bytes
      ...(source.constraints ? { constraints: source.constraints, cheap: source.cheap ?? [] } : {}),
      evaluation: evaluationReport(engine, opts),
      ...s,
      ...(opts.timings ? { timings: { wallSeconds: wall } } : {}),
      ...(opts.perRun
        ? {
            perRunResults: results.map((r) => ({
              run: r.run,
              queries: r.queries,
              repeats: r.repeats,
              isomorphs: r.isomorphs,
              stop: r.stop,
              queriesToOptimum: r.queriesToOptimum,
              finalSearch: r.finalSearch,
              finalReport: r.finalReport,
              regret: r.regret,
              bestArch: r.bestArch,
              simulatedSeconds: r.simulatedSeconds,
            })),
          }
        : {}),
    };
    const reportFile = opts.out
      ? await saveSearchResults(opts.out, withState(result, opts), opts.figures)
      : undefined;
    emit(result, opts.json, () =>
      [
        `${algorithmLabel(spec)} on ${p.space.id}${source.members ? ` (${source.members})` : ""}, ` +
          `${built.evaluator.name}${built.evaluator.synthetic ? " (SYNTHETIC)" : ""}`,
        `searched ${p.searchMetric}, reported ${p.reportMetric}; ${opts.runs} runs × ${opts.budget} queries, seed ${opts.seed}` +
          `; optimum ${s.optimum === null ? "unknown" : fmt(s.optimum)}`,
        ...[missingNote("missing" in built ? built.missing : undefined)].filter((l) => l !== null),
        summaryText(s, results),
        ...(result.evaluation ? [evaluationText(result.evaluation)] : []),
        ...(opts.timings ? [`wall-clock ${wall.toFixed(2)} s`] : []),
        ...(reportFile ? [`Report: ${reportFile}`] : []),
      ].join("\n"),
    );
  });
}
