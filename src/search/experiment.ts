import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { DataError } from "../core/errors.js";
import type { MeanCI } from "../metrics/mean-ci.js";
import {
  type AlgorithmSpec,
  algorithmLabel,
  checkAlgorithmForSpace,
  checkAlgorithmSpec,
} from "./algorithms.js";
import { checkRunGrid } from "./limits.js";
import { closePool, runMany } from "./parallel.js";
import { checkBudget } from "./run.js";
import { buildProblem, type ProblemSource } from "./source.js";
import { type SearchSummary, summarize, valueAt } from "./summary.js";

/** One data/metric combination of an experiment (paths relative to the config file). */
export interface ExperimentProblem {
  name: string;
  source: ProblemSource;
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
const PROBLEM_FIELDS = [
  "name",
  "space",
  "data",
  "metric",
  "reportMetric",
  "secondsColumn",
  "archColumn",
  "where",
  "task",
  "landscape",
  "targets",
  "constraints",
  "cheap",
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
    return { name, source };
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

/**
 * Checks every cell before running any (a bad budget, members file or algorithm fails in one line before
 * minutes of work), then runs the grid problems × spaces × algorithms × seeds in that order.
 */
export async function runExperiment(
  config: ExperimentConfig,
  onCell?: (cell: ExperimentCell, index: number, total: number) => void,
  /** Cells already finished by an earlier, interrupted run of the same config (not recomputed). */
  finished?: ReadonlyMap<string, ExperimentCell>,
): Promise<ExperimentCell[]> {
  const maxBudget = config.budgets[config.budgets.length - 1];
  for (const p of config.problems) {
    for (const s of config.spaces) {
      const where = `problem '${p.name}', space '${s.name}'`;
      let problem: ReturnType<typeof buildProblem>["problem"];
      try {
        problem = buildProblem(cellSource(p, s)).problem;
        for (const b of config.budgets) checkBudget(problem, b, "budgets");
        for (const a of config.algorithms) checkAlgorithmForSpace(a, problem.space);
      } catch (e) {
        throw new DataError(where, (e as Error).message);
      }
    }
  }
  const cells: ExperimentCell[] = [];
  const total =
    config.problems.length * config.spaces.length * config.algorithms.length * config.seeds.length;
  try {
    for (const p of config.problems) {
      for (const s of config.spaces) {
        const source = cellSource(p, s);
        const problem = buildProblem(source).problem;
        for (const spec of config.algorithms) {
          for (const seed of config.seeds) {
            const kept = finished?.get(cellKey(p.name, s.name, algorithmLabel(spec), seed));
            if (kept) {
              cells.push(kept);
              onCell?.(kept, cells.length, total);
              continue;
            }
            const settings = { seed, budget: maxBudget, untilOptimum: config.untilOptimum };
            const results = await runMany(source, spec, settings, config.runs, config.threads);
            const summary = summarize(problem, maxBudget, results);
            const atBudgets = config.budgets.map((b) => {
              const hits = results.filter((r) => r.queriesToOptimum !== null && r.queriesToOptimum <= b);
              const sub = summarize(
                problem,
                b,
                results.map((r) => ({
                  ...r,
                  queriesToOptimum:
                    r.queriesToOptimum !== null && r.queriesToOptimum <= b ? r.queriesToOptimum : null,
                  finalReport: r.trace[b - 1],
                  regret: r.regret === null ? null : problem.reportOptimum! - r.trace[b - 1],
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
            const cell: ExperimentCell = {
              problem: p.name,
              space: s.name,
              algorithm: algorithmLabel(spec),
              spec,
              seed,
              atBudgets,
              summary,
            };
            cells.push(cell);
            onCell?.(cell, cells.length, total);
          }
        }
      }
    }
  } finally {
    await closePool();
  }
  return cells;
}
