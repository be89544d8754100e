import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import { lazy } from "../core/lazy.js";
import type { AlgorithmSpec } from "./algorithms.js";
import { checkAlgorithmForSpace } from "./algorithms.js";
import { checkRunGrid } from "./limits.js";
import { SearchContext } from "./problem.js";
import { checkBudget, type RunResult, type RunSettings, range, runSequential } from "./run.js";
import { buildProblem, type ProblemSource } from "./source.js";
import type { SearchTask } from "./worker.js";

/** Below this many (runs × budget) query units, threads cost more than they save. */
const PARALLEL_THRESHOLD = 2_000_000;

/** How many threads to use: `requested` (0 = automatic) bounded by the cores and the runs. */
export function workerCount(requested: number, runs: number, work: number): number {
  if (requested === 1) return 1;
  const cores = Math.max(1, availableParallelism());
  if (requested === 0) return work >= PARALLEL_THRESHOLD ? Math.min(cores, runs) : 1;
  return Math.max(1, Math.min(requested, runs));
}

/** piscina loads with the first pool (most searches run in this thread). */
const piscina = lazy<typeof import("piscina")>("piscina");

let pool: Piscina | undefined;
let poolThreads = 0;

function getPool(threads: number): Piscina {
  if (!pool || poolThreads !== threads) {
    void pool?.destroy();
    const here = import.meta.url;
    // Under tsx (tests, `npm run demo`) the sources are .ts; in the built package, .js.
    const filename = new URL(here.endsWith(".ts") ? "./worker.ts" : "./worker.js", here).href;
    pool = new (piscina().Piscina)({ filename, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
    poolThreads = threads;
  }
  return pool;
}

/** Shuts the worker pool down (the CLI calls it before exiting). */
export async function closePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  poolThreads = 0;
  if (p) await p.destroy();
}

/**
 * Runs `runs` independent seeded runs (run i uses `rng.child("run", i)`), in this thread or across
 * `threads` worker threads. The result is the same array either way (byte-identical): each run depends only
 * on (problem, spec, seed, i), and results are assembled in run order.
 */
export async function runMany(
  source: ProblemSource,
  spec: AlgorithmSpec,
  settings: RunSettings,
  runs: number,
  threads = 0,
): Promise<RunResult[]> {
  const built = buildProblem(source);
  checkAlgorithmForSpace(spec, built.problem.space);
  checkBudget(built.problem, settings.budget);
  checkRunGrid(runs, settings.budget);
  const n = workerCount(
    threads,
    runs,
    runs * settings.budget * (spec.algo === "pls" || spec.algo === "pre" ? 1000 : 1),
  );
  if (n <= 1) return runSequential(built.problem, spec, settings, range(runs), sharedContext(source));
  const chunks = Math.min(runs, n * 4);
  const tasks: Promise<RunResult[]>[] = [];
  const p = getPool(n);
  for (let c = 0; c < chunks; c++) {
    const lo = Math.floor((c * runs) / chunks);
    const hi = Math.floor(((c + 1) * runs) / chunks);
    const ids: number[] = [];
    for (let i = lo; i < hi; i++) ids.push(i);
    const task: SearchTask = { source, spec, settings, runs: ids };
    tasks.push(p.run(task));
  }
  return (await Promise.all(tasks)).flat();
}

const contexts = new Map<string, SearchContext>();

/** The main thread's context for a source (caches reused across calls). */
export function sharedContext(source: ProblemSource): SearchContext {
  const key = JSON.stringify(source);
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = new SearchContext(buildProblem(source).problem);
    contexts.set(key, ctx);
  }
  return ctx;
}
