import { mkdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { DataError, LissnasError } from "../core/errors.js";
import { buildFeasibility } from "../data/constraints.js";
import type { EngineStats, EvaluationEngine } from "../data/engine.js";
import { TrainerEvaluator } from "../data/trainer.js";
import type { MeanCI } from "../metrics/mean-ci.js";
import { getSpace } from "../spaces/registry.js";
import { openEngine } from "../store/open-engine.js";
import {
  type AlgorithmSpec,
  algorithmLabel,
  checkAlgorithmForSpace,
  checkAlgorithmSpec,
} from "./algorithms.js";
import { engineProblem, runManyAsync } from "./async-runs.js";
import { inMetricUnits } from "./directed.js";
import { checkRunGrid } from "./limits.js";
import { closePool, runMany } from "./parallel.js";
import type { Problem } from "./problem.js";
import { checkBudget, type RunResult } from "./run.js";
import { buildProblem, enumerableOptimum, type ProblemSource } from "./source.js";
import { type SearchSummary, summarize, valueAt } from "./summary.js";

/**
 * A problem evaluated by the user's training program instead of a table (issue #11; docs/evaluators.md):
 * the `--trainer`, `--workers`, `--store`, `--eval-timeout`, `--retries`, `--eval-seed` options as config
 * fields. Runs go through the evaluation engine (deterministic replay), the store makes a rerun replay.
 */
export interface ExperimentTrainer {
  /** The command line, split with shell-style quoting and run without a shell, in `cwd`. */
  command: string;
  /** Trainer processes at once = batch size of the batch-parallel algorithm variants (1: sequential). */
  workers: number;
  /** SQLite evaluation store (absolute path), bound to the problem's space and the trainer's identity. */
  store?: string;
  evalTimeout?: number;
  retries: number;
  evalSeed: number;
  /** Working directory of the trainer: the config file's folder (relative paths in it read as elsewhere). */
  cwd: string;
}

/** One data/metric combination of an experiment (paths relative to the config file). */
export interface ExperimentProblem {
  name: string;
  source: ProblemSource;
  /** Evaluated by a trainer (then `source` holds only space, metric, reportMetric). */
  trainer?: ExperimentTrainer;
}

/** One searched space: the full space, or a shrunk one (members file) with its extra queries. */
export interface ExperimentSpace {
  name: string;
  members?: string;
  extraQueries?: number;
}

/** A validated experiment configuration. */
export interface ExperimentConfig {
  /** Results file (JSON), written atomically. */
  output: string;
  runs: number;
  seeds: number[];
  /** Budgets reported; each cell runs once at the largest and reads smaller budgets off the anytime trace. */
  budgets: number[];
  untilOptimum: boolean;
  threads: number;
  problems: ExperimentProblem[];
  spaces: ExperimentSpace[];
  algorithms: AlgorithmSpec[];
}

/** One grid cell's results. */
export interface ExperimentCell {
  problem: string;
  space: string;
  algorithm: string;
  spec: AlgorithmSpec;
  seed: number;
  /** Value of the final incumbent at each budget (the first is the smallest). */
  atBudgets: Array<{
    budget: number;
    final: MeanCI;
    regret: MeanCI | null;
    reached: number;
    meanQueriesToOptimum: MeanCI | null;
  }>;
  /** Full summary at the largest budget (anytime curve included). */
  summary: SearchSummary;
  /** Table problems: rows left out for having no value in the metric (#18, src/data/missing.ts). */
  missing?: number;
  /**
   * Trainer problems only: the engine's accounting during this cell (evaluations asked of the trainer,
   * replayed from the store, failed, replays), the workers and the store.
   */
  evaluation?: EngineStats & { workers: number; store: string | null };
}

const TOP_FIELDS = [
  "output",
  "runs",
  "seed",
  "seeds",
  "budgets",
  "budget",
  "untilOptimum",
  "threads",
  "problems",
  "spaces",
  "algorithms",
];
/** Fields of a problem evaluated by a trainer (`trainer` needs `metric`; excludes `data`). */
const TRAINER_FIELDS = ["trainer", "workers", "store", "evalTimeout", "retries", "evalSeed"];
/** Fields of a problem read from a table or landscape besides `data` (a trainer problem has none of them). */
const TABLE_FIELDS = ["secondsColumn", "archColumn", "where", "task", "allowNonfinite", "landscape"];
/**
 * Fields every problem may have: `targets`, and `constraints`/`cheap` (with a trainer only on the space's
 * analytic costs, tested on the canonical network sent to it, as `search --trainer --constraint`).
 */
const SHARED_FIELDS = ["targets", "constraints", "cheap"];
/** Table/landscape fields a trainer problem cannot have. */
const NOT_WITH_TRAINER = ["data", ...TABLE_FIELDS];
const PROBLEM_FIELDS = [
  "name",
  "space",
  "data",
  "metric",
  "reportMetric",
  ...TABLE_FIELDS,
  ...SHARED_FIELDS,
  ...TRAINER_FIELDS,
];
const SPACE_FIELDS = ["name", "members", "extraQueries"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function posInt(file: string, field: string, v: unknown, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new DataError(file, `must be an integer ≥ ${min}, got ${JSON.stringify(v)}`, undefined, field);
  }
  return v;
}

function str(file: string, field: string, v: unknown): string {
  if (typeof v !== "string" || v === "")
    throw new DataError(file, "must be a non-empty string", undefined, field);
  return v;
}

function unknownFields(file: string, where: string, o: Record<string, unknown>, known: string[]): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) {
      throw new DataError(
        file,
        `unknown field (known: ${known.join(", ")})`,
        undefined,
        where ? `${where}.${k}` : k,
      );
    }
  }
}

/**
 * Reads and validates an experiment config (JSON). Every problem is a one-line DataError naming the file
 * and the field. Relative paths (data, members, output) are resolved against the config's folder.
 *
 * {
 *   "output": "results/grid.json",             // default: <config>.results.json
 *   "runs": 100, "seed": 0 | "seeds": [0, 1],
 *   "budgets": [100, 150, 300],                 // or "budget": 300
 *   "untilOptimum": false, "threads": 0,
 *   "problems": [{ "name": "c100", "space": "nb201", "data": "…csv", "metric": "…", "reportMetric": "…" }],
 *   "spaces": [{ "name": "full" }, { "name": "lissnas", "members": "…", "extraQueries": 100 }],
 *   "algorithms": [{ "algo": "ls" }, { "algo": "re", "population": 30 }]
 * }
 */
export function readExperimentConfig(file: string): ExperimentConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new DataError(
      file,
      err.code ? `cannot read the config (${err.code})` : `not valid JSON (${err.message.split("\n")[0]})`,
    );
  }
  if (!isObject(raw)) throw new DataError(file, "the config must be a JSON object");
  unknownFields(file, "", raw, TOP_FIELDS);
  const dir = dirname(resolve(file));
  const path = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));

  const runs = posInt(file, "runs", raw.runs ?? 100);
  let seeds: number[];
  if (raw.seeds !== undefined) {
    if (!Array.isArray(raw.seeds) || raw.seeds.length === 0)
      throw new DataError(file, "must be a non-empty array", undefined, "seeds");
    seeds = raw.seeds.map((s, i) => posInt(file, `seeds[${i}]`, s, 0));
  } else {
    seeds = [posInt(file, "seed", raw.seed ?? 0, 0)];
  }
  let budgets: number[];
  if (raw.budgets !== undefined) {
    if (!Array.isArray(raw.budgets) || raw.budgets.length === 0)
      throw new DataError(file, "must be a non-empty array", undefined, "budgets");
    budgets = raw.budgets.map((b, i) => posInt(file, `budgets[${i}]`, b));
  } else if (raw.budget !== undefined) {
    budgets = [posInt(file, "budget", raw.budget)];
  } else {
    throw new DataError(
      file,
      "missing (an array of query budgets, e.g. [100, 150, 300])",
      undefined,
      "budgets",
    );
  }
  budgets = [...new Set(budgets)].sort((a, b) => a - b);
  try {
    checkRunGrid(runs, budgets[budgets.length - 1], "runs", "budgets");
  } catch (e) {
    throw new DataError(file, (e as Error).message, undefined, "runs");
  }
  if (raw.untilOptimum !== undefined && typeof raw.untilOptimum !== "boolean") {
    throw new DataError(file, "must be true or false", undefined, "untilOptimum");
  }
  const threads = posInt(file, "threads", raw.threads ?? 0, 0);

  if (!Array.isArray(raw.problems) || raw.problems.length === 0) {
    throw new DataError(
      file,
      "must be a non-empty array of {name, space, data, metric, …}",
      undefined,
      "problems",
    );
  }
  const names = new Set<string>();
  const problems = raw.problems.map((p, i): ExperimentProblem => {
    const f = `problems[${i}]`;
    if (!isObject(p)) throw new DataError(file, "must be an object", undefined, f);
    unknownFields(file, f, p, PROBLEM_FIELDS);
    const name = str(file, `${f}.name`, p.name);
    if (names.has(name)) throw new DataError(file, `repeats the name '${name}'`, undefined, `${f}.name`);
    names.add(name);
    const source: ProblemSource = {
      space: p.space === undefined ? "nb201" : str(file, `${f}.space`, p.space),
    };
    if (p.data !== undefined) source.data = path(str(file, `${f}.data`, p.data));
    for (const k of ["metric", "reportMetric", "secondsColumn", "archColumn", "task"] as const) {
      if (p[k] !== undefined) source[k] = str(file, `${f}.${k}`, p[k]);
    }
    if (p.where !== undefined) {
      const w = p.where;
      if (!isObject(w) || typeof w.column !== "string" || typeof w.value !== "string") {
        throw new DataError(file, 'must be {"column": …, "value": …}', undefined, `${f}.where`);
      }
      source.where = { column: w.column, value: w.value };
    }
    if (p.allowNonfinite !== undefined) {
      // --allow-nonfinite: ±∞ metric cells read as missing (left out, counted); set only when true
      if (typeof p.allowNonfinite !== "boolean") {
        throw new DataError(file, "must be true or false", undefined, `${f}.allowNonfinite`);
      }
      if (p.allowNonfinite) source.allowNonfinite = true;
    }
    if (p.landscape !== undefined) {
      if (!isObject(p.landscape))
        throw new DataError(file, "must be {k, seed, noise}", undefined, `${f}.landscape`);
      unknownFields(file, `${f}.landscape`, p.landscape, ["k", "seed", "noise"]);
      for (const k of ["k", "seed", "noise"] as const) {
        const v = p.landscape[k];
        if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) {
          throw new DataError(file, "must be a non-negative number", undefined, `${f}.landscape.${k}`);
        }
      }
      source.landscape = p.landscape as ProblemSource["landscape"];
    }
    if (p.targets !== undefined) {
      if (!Array.isArray(p.targets) || p.targets.some((t) => typeof t !== "string")) {
        throw new DataError(file, "must be an array of architecture strings", undefined, `${f}.targets`);
      }
      source.targets = p.targets as string[];
    }
    for (const k of ["constraints", "cheap"] as const) {
      const v = p[k];
      if (v === undefined) continue;
      if (!Array.isArray(v) || v.some((t) => typeof t !== "string")) {
        throw new DataError(file, "must be an array of strings", undefined, `${f}.${k}`);
      }
      source[k] = v as string[]; // issue #15: --constraint / --cheap
    }
    if (source.cheap && !source.constraints) {
      throw new DataError(
        file,
        "marks a constraint column as free; give 'constraints'",
        undefined,
        `${f}.cheap`,
      );
    }
    const trainer = readTrainer(file, f, p, dir);
    checkProblemFields(file, f, p, source, trainer !== undefined);
    return trainer ? { name, source, trainer } : { name, source };
  });

  let spaces: ExperimentSpace[] = [{ name: "full" }];
  if (raw.spaces !== undefined) {
    if (!Array.isArray(raw.spaces) || raw.spaces.length === 0) {
      throw new DataError(
        file,
        "must be a non-empty array of {name, members?, extraQueries?}",
        undefined,
        "spaces",
      );
    }
    const seen = new Set<string>();
    spaces = raw.spaces.map((s, i): ExperimentSpace => {
      const f = `spaces[${i}]`;
      if (!isObject(s)) throw new DataError(file, "must be an object", undefined, f);
      unknownFields(file, f, s, SPACE_FIELDS);
      const name = str(file, `${f}.name`, s.name);
      if (seen.has(name)) throw new DataError(file, `repeats the name '${name}'`, undefined, `${f}.name`);
      seen.add(name);
      const out: ExperimentSpace = { name };
      if (s.members !== undefined) out.members = path(str(file, `${f}.members`, s.members));
      if (s.extraQueries !== undefined)
        out.extraQueries = posInt(file, `${f}.extraQueries`, s.extraQueries, 0);
      return out;
    });
  }

  if (!Array.isArray(raw.algorithms) || raw.algorithms.length === 0) {
    throw new DataError(file, 'must be a non-empty array like [{"algo": "ls"}]', undefined, "algorithms");
  }
  const algorithms = raw.algorithms.map((a, i) => {
    try {
      return checkAlgorithmSpec(a, `algorithms[${i}]`);
    } catch (e) {
      throw new DataError(file, (e as Error).message);
    }
  });

  // untilOptimum needs a known optimum: a table, an enumerable synthetic landscape, or targets
  const blind = problems.find(
    (q) =>
      !q.source.targets?.length &&
      (q.trainer || (q.source.data === undefined && !enumerableOptimum(getSpace(q.source.space)))),
  );
  if (raw.untilOptimum === true && blind) {
    const why = blind.trainer ? "has a trainer" : "is a synthetic landscape too large to enumerate";
    throw new DataError(
      file,
      `needs a known optimum: problem '${blind.name}' ${why} and no 'targets'`,
      undefined,
      "untilOptimum",
    );
  }
  const output =
    raw.output !== undefined
      ? path(str(file, "output", raw.output))
      : resolve(file).replace(/(\.json)?$/i, ".results.json");
  return {
    output,
    runs,
    seeds,
    budgets,
    untilOptimum: raw.untilOptimum === true,
    threads,
    problems,
    spaces,
    algorithms,
  };
}

/** The trainer fields of a problem (undefined without `trainer`), each checked with a one-line error. */
function readTrainer(
  file: string,
  f: string,
  p: Record<string, unknown>,
  dir: string,
): ExperimentTrainer | undefined {
  if (p.trainer === undefined) {
    for (const k of TRAINER_FIELDS) {
      if (p[k] !== undefined)
        throw new DataError(file, "needs a 'trainer' (the program that evaluates)", undefined, `${f}.${k}`);
    }
    return undefined;
  }
  const command = str(file, `${f}.trainer`, p.trainer);
  for (const k of NOT_WITH_TRAINER) {
    if (p[k] !== undefined) {
      throw new DataError(
        file,
        "cannot be used with 'trainer' (a trainer evaluates; tables and the landscape are read)",
        undefined,
        `${f}.${k}`,
      );
    }
  }
  if (p.metric === undefined) {
    throw new DataError(
      file,
      "missing: a trainer needs 'metric', a key of its replies' 'metrics' (e.g. \"accuracy\")",
      undefined,
      `${f}.metric`,
    );
  }
  const workers = posInt(file, `${f}.workers`, p.workers ?? 1);
  if (workers > 1024) throw new DataError(file, "must be at most 1024", undefined, `${f}.workers`);
  const retries = posInt(file, `${f}.retries`, p.retries ?? 0, 0);
  if (retries > 100) throw new DataError(file, "must be at most 100", undefined, `${f}.retries`);
  const evalSeed = posInt(file, `${f}.evalSeed`, p.evalSeed ?? 0, 0);
  if (evalSeed > 2 ** 31 - 1) throw new DataError(file, "must be below 2^31", undefined, `${f}.evalSeed`);
  const t = p.evalTimeout;
  if (t !== undefined && (typeof t !== "number" || !Number.isFinite(t) || t <= 0)) {
    throw new DataError(
      file,
      `must be a positive number of seconds, got ${JSON.stringify(t)}`,
      undefined,
      `${f}.evalTimeout`,
    );
  }
  const out: ExperimentTrainer = { command, workers, retries, evalSeed, cwd: dir };
  if (p.store !== undefined) {
    const s = str(file, `${f}.store`, p.store);
    out.store = isAbsolute(s) ? s : resolve(dir, s);
  }
  if (t !== undefined) out.evalTimeout = t as number;
  return out;
}

/**
 * A problem's fields checked against each other (one-line errors naming the field): targets parse in its
 * space; a trainer's constraints are the space's analytic costs; a table's fields need `data`, the
 * landscape's exclude it (they would be silently ignored otherwise).
 */
function checkProblemFields(
  file: string,
  f: string,
  p: Record<string, unknown>,
  source: ProblemSource,
  trainer: boolean,
): void {
  // a library error (one line) becomes the config's error naming the field
  const asField = (field: string, check: () => unknown) => {
    try {
      check();
    } catch (e) {
      if (!(e instanceof LissnasError)) throw e;
      throw new DataError(file, e.message, undefined, `${f}.${field}`);
    }
  };
  const space = () => getSpace(source.space);
  for (const [j, t] of (source.targets ?? []).entries()) asField(`targets[${j}]`, () => space().parse(t));
  if (trainer && source.constraints?.length) {
    // a trainer has no table: only the space's analytic costs; any other column is named now
    const { constraints, cheap } = source;
    asField("constraints", () => buildFeasibility(constraints, cheap ?? [], space(), undefined));
  }
  // fields that cannot apply are errors, not silently ignored (as the CLI's --where without --data)
  if (!trainer && source.data === undefined) {
    for (const k of ["archColumn", "where", "task", "allowNonfinite"] as const) {
      if (p[k] !== undefined)
        throw new DataError(file, "applies to a benchmark table; give data", undefined, `${f}.${k}`);
    }
  }
  if (source.data !== undefined && p.landscape !== undefined) {
    throw new DataError(
      file,
      "shapes the built-in synthetic landscape; it has no effect with data",
      undefined,
      `${f}.landscape`,
    );
  }
}

/**
 * The evaluation engine of a trainer problem: its TrainerEvaluator (stderr appended to `logFile`) and
 * store. Nothing starts yet (processes start on the first evaluation); the store's binding is checked now.
 */
function openTrainerEngine(t: ExperimentTrainer, spaceSpec: string, logFile: string): EvaluationEngine {
  const evaluator = new TrainerEvaluator({
    command: t.command,
    space: getSpace(spaceSpec),
    spaceSpec,
    workers: t.workers,
    timeoutS: t.evalTimeout,
    retries: t.retries,
    evalSeed: t.evalSeed,
    logFile,
    cwd: t.cwd,
  });
  return openEngine(evaluator, t.store, spaceSpec, t.evalSeed);
}

/** Identifies a cell of the grid (problem, space, algorithm, seed) across runs of one config. */
export function cellKey(problem: string, space: string, algorithm: string, seed: number): string {
  return JSON.stringify([problem, space, algorithm, seed]);
}

/** The problem source of one (problem, space) pair. */
function cellSource(p: ExperimentProblem, s: ExperimentSpace): ProblemSource {
  const source: ProblemSource = { ...p.source };
  if (s.members) source.members = s.members;
  if (s.extraQueries !== undefined) source.extraQueries = s.extraQueries;
  return source;
}

/** The problem of one (problem, space) pair: a table/landscape problem, or the trainer engine's. */
function cellProblem(p: ExperimentProblem, s: ExperimentSpace, engine?: EvaluationEngine): Problem {
  if (!engine) return buildProblem(cellSource(p, s)).problem;
  return engineProblem(engine, {
    space: p.source.space,
    metric: p.source.metric as string,
    reportMetric: p.source.reportMetric,
    members: s.members,
    extraQueries: s.extraQueries,
    targets: p.source.targets,
    constraints: p.source.constraints,
    cheap: p.source.cheap,
  });
}

/** The values at each reported budget, read off the runs at the largest one. */
function atBudgets(
  problem: Problem,
  budgets: number[],
  results: readonly RunResult[],
): ExperimentCell["atBudgets"] {
  return budgets.map((b) => {
    const hits = results.filter((r) => r.queriesToOptimum !== null && r.queriesToOptimum <= b);
    const sub = summarize(
      problem,
      b,
      results.map((r) => ({
        ...r,
        queriesToOptimum: r.queriesToOptimum !== null && r.queriesToOptimum <= b ? r.queriesToOptimum : null,
        finalReport: r.trace[b - 1],
        // distance to the optimum: positive for maximised and minimised metrics alike
        regret: r.regret === null ? null : Math.abs(problem.reportOptimum! - r.trace[b - 1]),
        trace: r.trace.subarray(0, b),
      })),
    );
    return {
      budget: b,
      final: valueAt(results, b),
      regret: sub.finalRegret,
      reached: hits.length,
      meanQueriesToOptimum: sub.meanQueriesToOptimum,
    };
  });
}

/** The engine's accounting between two snapshots (one cell's share). */
function statsDelta(after: EngineStats, before: EngineStats): EngineStats {
  return {
    ...after,
    evaluated: after.evaluated - before.evaluated,
    replayed: after.replayed - before.replayed,
    failed: after.failed - before.failed,
    replays: after.replays - before.replays,
  };
}

/**
 * Opens the engine of every trainer problem (the trainer log is `trainer.log` beside the results file)
 * and checks every cell before running any: a bad budget, members file, algorithm or store fails in one
 * line before minutes of work. On an error the engines opened are closed.
 */
async function prepareGrid(config: ExperimentConfig): Promise<Map<string, EvaluationEngine>> {
  const engines = new Map<string, EvaluationEngine>();
  try {
    for (const p of config.problems) {
      if (p.trainer) {
        try {
          mkdirSync(dirname(config.output), { recursive: true }); // the trainer log goes beside the results
          const log = join(dirname(config.output), "trainer.log");
          engines.set(p.name, openTrainerEngine(p.trainer, p.source.space, log));
        } catch (e) {
          throw new DataError(`problem '${p.name}'`, (e as Error).message);
        }
      }
      for (const s of config.spaces) {
        try {
          const problem = cellProblem(p, s, engines.get(p.name));
          for (const b of config.budgets) checkBudget(problem, b, "budgets");
          for (const a of config.algorithms) checkAlgorithmForSpace(a, problem.space);
        } catch (e) {
          throw new DataError(`problem '${p.name}', space '${s.name}'`, (e as Error).message);
        }
      }
    }
  } catch (e) {
    for (const engine of engines.values()) await engine.close();
    throw e;
  }
  return engines;
}

/**
 * Checks every cell before running any, then runs the grid problems × spaces × algorithms × seeds in that
 * order. Table problems run on worker threads (`threads`); trainer problems through their evaluation
 * engine (`runManyAsync`: every run a deterministic replay, `workers` evaluations in flight, each committed
 * to the store on arrival) — with `workers: 1` a cell equals the table cell on the same numbers.
 */
export async function runExperiment(
  config: ExperimentConfig,
  onCell?: (cell: ExperimentCell, index: number, total: number) => void,
  /** Cells already finished by an earlier, interrupted run of the same config (not recomputed). */
  finished?: ReadonlyMap<string, ExperimentCell>,
): Promise<ExperimentCell[]> {
  const maxBudget = config.budgets[config.budgets.length - 1];
  const engines = await prepareGrid(config);
  const cells: ExperimentCell[] = [];
  const total =
    config.problems.length * config.spaces.length * config.algorithms.length * config.seeds.length;
  try {
    for (const p of config.problems) {
      const engine = engines.get(p.name);
      for (const s of config.spaces) {
        const source = cellSource(p, s);
        const problem = cellProblem(p, s, engine);
        const missing = engine ? undefined : buildProblem(source).missing;
        for (const spec of config.algorithms) {
          for (const seed of config.seeds) {
            const kept = finished?.get(cellKey(p.name, s.name, algorithmLabel(spec), seed));
            if (kept) {
              cells.push(kept);
              onCell?.(kept, cells.length, total);
              continue;
            }
            const settings = { seed, budget: maxBudget, untilOptimum: config.untilOptimum };
            const before = engine?.stats;
            const results = engine
              ? await runManyAsync(
                  problem,
                  spec,
                  { ...settings, batch: p.trainer!.workers },
                  config.runs,
                  engine,
                )
              : await runMany(source, spec, settings, config.runs, config.threads);
            // issue #15: reported in the metric's own units (a :min metric was searched negated), as `search`
            const shown = inMetricUnits(problem, results);
            const cell: ExperimentCell = {
              problem: p.name,
              space: s.name,
              algorithm: algorithmLabel(spec),
              spec,
              seed,
              atBudgets: atBudgets(shown.problem, config.budgets, shown.results),
              summary: summarize(shown.problem, maxBudget, shown.results),
              ...(missing ? { missing: missing.count } : {}),
            };
            if (engine && before) {
              cell.evaluation = {
                ...statsDelta(engine.stats, before),
                workers: p.trainer!.workers,
                store: p.trainer!.store ?? null,
              };
            }
            cells.push(cell);
            onCell?.(cell, cells.length, total);
          }
        }
      }
    }
  } finally {
    await closePool();
    for (const engine of engines.values()) await engine.close();
  }
  return cells;
}
