import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import {
  ALGORITHM_NAMES,
  type AlgorithmSpec,
  algorithmLabel,
  checkAlgorithmSpec,
  PREDICTOR_NAMES,
} from "../../search/algorithms.js";
import { closePool, runMany } from "../../search/parallel.js";
import type { RunResult } from "../../search/run.js";
import { buildProblem, type ProblemSource } from "../../search/source.js";
import { type SearchSummary, summarize, valueAt } from "../../search/summary.js";
import { type DataOptions, emit, fmt, intOption, textTable, withData } from "../common.js";

interface SearchOptions extends DataOptions {
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
  opts: DataOptions & {
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
  if (opts.target && opts.target.length > 0) source.targets = opts.target;
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
  const ci = (m: { mean: number; lo: number; hi: number } | null) =>
    m === null ? "n/a" : `${fmt(m.mean)} [${fmt(m.lo)}, ${fmt(m.hi)}]`;
  const q = s.queriesToOptimum;
  const lines = [
    `queries to the optimum: mean ${ci(s.meanQueriesToOptimum)} (95 % t-CI, ${q.reached}/${s.runs} runs reached it` +
      `${q.median !== null ? `, median ${fmt(q.median)}` : ""})`,
    `final ${s.reportMetric}: ${ci(s.final)}; regret ${ci(s.finalRegret)}`,
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
        return [p, fmt(v.mean), `[${fmt(v.lo)}, ${fmt(v.hi)}]`];
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
    .option("--per-run", "include one line per run in the JSON");
  cmd.action(async (opts: SearchOptions) => {
    if (opts.budget === undefined) throw new UsageError("--budget is required (a positive integer)");
    const spec = specFromOptions(cmd, opts);
    const source = sourceFromOptions(opts);
    const built = buildProblem(source);
    const t0 = performance.now();
    let results: RunResult[];
    try {
      results = await runMany(
        source,
        spec,
        { seed: opts.seed, budget: opts.budget, untilOptimum: opts.untilOptimum },
        opts.runs,
        opts.threads,
      );
    } finally {
      await closePool();
    }
    const wall = (performance.now() - t0) / 1000;
    const p = built.problem;
    const s = summarize(p, opts.budget, results);
    const result = {
      command: "search",
      space: p.space.id,
      data: built.evaluator.name,
      synthetic: built.evaluator.synthetic,
      members: source.members ?? null,
      algorithm: spec,
      label: algorithmLabel(spec),
      seed: opts.seed,
      untilOptimum: opts.untilOptimum ?? false,
      targets: source.targets ?? null,
      ...s,
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
    emit(result, opts.json, () =>
      [
        `${algorithmLabel(spec)} on ${p.space.id}${source.members ? ` (${source.members})` : ""}, ` +
          `${built.evaluator.name}${built.evaluator.synthetic ? " (SYNTHETIC)" : ""}`,
        `searched ${p.searchMetric}, reported ${p.reportMetric}; ${opts.runs} runs × ${opts.budget} queries, seed ${opts.seed}` +
          `; optimum ${s.optimum === null ? "unknown" : fmt(s.optimum)}`,
        summaryText(s, results),
        `wall-clock ${wall.toFixed(2)} s`,
      ].join("\n"),
    );
  });
}
