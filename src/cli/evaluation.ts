import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import type { AsyncEvaluator } from "../data/async-evaluator.js";
import type { EngineStats, EvaluationEngine } from "../data/engine.js";
import type { Evaluator } from "../data/evaluator.js";
import { TrainerEvaluator } from "../data/trainer.js";
import type { SearchSpace } from "../spaces/space.js";
import { openEngine } from "../store/open-engine.js";
import { intOption, numberOption } from "./common.js";

/** Options of every command that evaluates architectures (`withEvaluation`). */
export interface EvaluationOptions {
  /** `--trainer "CMD ARGS"`: the user's training program (docs/evaluators.md). */
  trainer?: string;
  /** Evaluations in flight (trainer processes) and batch size of the batch-parallel variants. */
  workers: number;
  store?: string;
  evalTimeout?: number;
  retries: number;
  evalSeed: number;
  /** `--redis URL`: submit evaluations to a BullMQ queue served by `lissnas worker` (docs/distributed.md). */
  redis?: string;
  /** `--queue NAME` with --redis. */
  queue?: string;
}

/**
 * Adds `--trainer`, `--workers`, `--store`, `--eval-timeout`, `--retries`, `--eval-seed` (docs/evaluators.md,
 * "Engine"). A branch point for other asynchronous backends is `chooseAsyncEvaluator` below.
 */
export function withEvaluation(cmd: Command): Command {
  return cmd
    .option(
      "--trainer <command>",
      "evaluate by running this program (argv with shell quoting, no shell; JSON lines, docs/evaluators.md) instead of --data; needs --metric",
    )
    .option(
      "--workers <n>",
      "evaluations in flight (trainer processes) = batch size of the batch-parallel algorithm variants (1: the sequential algorithms)",
      intOption("workers", 1, 1024),
      1,
    )
    .option(
      "--store <file>",
      "SQLite store of the asynchronous evaluator's evaluations: every one committed on arrival, replayed by a rerun (resume after a crash) or another command (not used with --data tables)",
    )
    .option(
      "--eval-timeout <s>",
      "seconds per evaluation attempt before it fails",
      numberOption("eval-timeout", 0.001),
    )
    .option("--retries <k>", "extra attempts of a failed evaluation", intOption("retries", 0, 100), 0)
    .option(
      "--eval-seed <n>",
      "training seed base: each evaluation's seed is a hash of it and the architecture",
      intOption("eval-seed", 0, 2 ** 31 - 1),
      0,
    )
    .option(
      "--redis <url>",
      "evaluate through a Redis queue served by `lissnas worker` processes running --trainer (redis://[user:pass@]host:port, rediss:// for TLS; --workers = their total concurrency; docs/distributed.md)",
    )
    .option("--queue <name>", "queue name with --redis", "lissnas");
}

/** What `makeEvaluationEngine` needs besides the evaluation options. */
export interface EvaluationContext {
  /** `--data` (tables and --trainer exclude each other). */
  data?: string | string[];
  metric?: string;
  /** The space spec as `--space` takes it (sent in every request). */
  spaceSpec: string;
  /** `--out` folder: the trainer's stderr goes to `<out>/trainer.log`. */
  out?: string;
  /** `--constraint` expressions (a trainer has no table: only commands that set `trainerConstraints` take them). */
  constraints?: readonly string[];
  /**
   * Whether the command applies `--constraint` with a trainer (`search`: the space's analytic costs, tested
   * before the query); the others refuse it in one line rather than train outside the constraint.
   */
  trainerConstraints?: boolean;
}

/**
 * The asynchronous evaluator the options ask for, or undefined for the synchronous table/synthetic path.
 * Branch point for other backends (a BullMQ queue with `--redis`, issue #12): add a branch here.
 */
export function chooseAsyncEvaluator(
  opts: EvaluationOptions,
  space: SearchSpace,
  ctx: EvaluationContext,
): AsyncEvaluator | undefined {
  if (opts.trainer !== undefined) {
    return new TrainerEvaluator({
      command: opts.trainer,
      space,
      spaceSpec: ctx.spaceSpec,
      workers: opts.workers,
      timeoutS: opts.evalTimeout,
      retries: opts.retries,
      evalSeed: opts.evalSeed,
      logFile: ctx.out ? join(ctx.out, "trainer.log") : undefined,
    });
  }
  return undefined;
}

/** Checks the evaluation options against the data options (one-line UsageErrors), before any work. */
export function checkEvaluationOptions(opts: EvaluationOptions, ctx: EvaluationContext): void {
  const asynchronous = opts.trainer !== undefined;
  if (opts.redis !== undefined && !asynchronous) {
    throw new UsageError(
      "--redis needs --trainer: the program the workers run (its argv is the evaluator's identity)",
    );
  }
  if (asynchronous && ctx.data !== undefined) {
    throw new UsageError("--trainer and --data exclude each other: evaluate by a trainer or read a table");
  }
  if (asynchronous && (ctx.constraints?.length ?? 0) > 0 && !ctx.trainerConstraints) {
    throw new UsageError(
      "--constraint is not supported with an asynchronous evaluator (--trainer) here; use a table (--data), or `lissnas search`, which takes the space's analytic costs (flops, params) with a trainer",
    );
  }
  if (asynchronous && !ctx.metric) {
    throw new UsageError(
      "--trainer needs --metric naming a key of the trainer's reply 'metrics' (e.g. --metric accuracy)",
    );
  }
  if (!asynchronous) {
    for (const [flag, given] of [
      ["--store", opts.store !== undefined],
      ["--eval-timeout", opts.evalTimeout !== undefined],
    ] as const) {
      if (given)
        throw new UsageError(`${flag} needs an asynchronous evaluator (--trainer); tables are read directly`);
    }
  }
}

/**
 * The evaluation engine for the options (the AsyncEvaluator from `chooseAsyncEvaluator`, the `--store` bound
 * to the space spec and the evaluator's identity), or undefined when the command reads a table or the
 * synthetic landscape (the synchronous fast path). Close it with `engine.close()` when done.
 */
export async function makeEvaluationEngine(
  opts: EvaluationOptions,
  space: SearchSpace,
  ctx: EvaluationContext,
): Promise<EvaluationEngine | undefined> {
  checkEvaluationOptions(opts, ctx);
  if (opts.trainer !== undefined && ctx.out) mkdirSync(ctx.out, { recursive: true }); // for trainer.log
  const evaluator =
    opts.redis !== undefined && opts.trainer !== undefined
      ? // bullmq + ioredis cost ~80 ms at import: loaded only when a queue is named
        await (await import("./queue-evaluation.js")).openQueueEvaluator(
          { ...opts, redis: opts.redis, trainer: opts.trainer },
          space,
          ctx,
        )
      : chooseAsyncEvaluator(opts, space, ctx);
  if (!evaluator) return undefined;
  return openEngine(evaluator, opts.store, ctx.spaceSpec, opts.evalSeed);
}

/** The evaluation block of a command's JSON output: the evaluator, its identity, the accounting. */
export function evaluationReport(
  engine: EvaluationEngine | undefined,
  opts: EvaluationOptions,
):
  | (EngineStats & {
      workers: number;
      store: string | null;
    })
  | null {
  if (!engine) return null;
  return { ...engine.stats, workers: opts.workers, store: opts.store ?? null };
}

/** The evaluation context of a command's parsed options (`--data`, `--metric`, `--space`, `--out`, `--constraint`). */
export function evaluationContext(opts: {
  data?: string | string[];
  metric?: string;
  space: string;
  out?: string;
  constraint?: string[];
}): EvaluationContext {
  return {
    data: opts.data,
    metric: opts.metric,
    spaceSpec: opts.space,
    out: opts.out,
    constraints: opts.constraint,
  };
}

/** Name and "synthetic: false" of an engine's evaluator, as commands report their evaluator. */
export function engineEvaluatorInfo(engine: EvaluationEngine): { name: string; synthetic: boolean } {
  return { name: engine.evaluator.name, synthetic: false };
}

/**
 * What `load` (src/cli/common.ts) gives a command, for an engine: the space, an Evaluator whose objective
 * is the engine's (cached values, NeedEvaluation on a miss), no table, the metric and the root Rng.
 */
export function engineLoaded(engine: EvaluationEngine, metric: string, seed: number) {
  const evaluator: Evaluator = {
    name: engine.evaluator.name,
    synthetic: false,
    space: engine.space,
    metrics: [metric],
    defaultMetric: metric,
    objective: (m: string = metric) => engine.objective(m),
  };
  return { space: engine.space, evaluator, table: undefined, metric, rng: Rng.fromSeed(seed) };
}

/** One line of text output about the evaluations of an engine. */
export function evaluationText(e: EngineStats & { workers: number; store: string | null }): string {
  return (
    `evaluations: ${e.evaluated} done by ${e.evaluator} (${e.workers} at once), ${e.replayed} replayed from ` +
    `${e.store ?? "memory"}, ${e.failed} failed (skipped, counted as queries)`
  );
}
