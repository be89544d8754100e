import type { Command } from "commander";
import { UsageError } from "../core/errors.js";

// Kept apart from common.ts, which pulls in tables and evaluators: the root program runs this check for
// every command, and `lissnas --version` must not load them (issue 17, start-up).

/** Options of `withData` that read a benchmark table, and the synthetic landscape's own (flag per option key). */
const TABLE_ONLY = [
  ["archColumn", "--arch-column"],
  ["where", "--where"],
  ["task", "--task"],
  ["allowNonfinite", "--allow-nonfinite"],
] as const;
/** Options of `withEvaluation` that only a trainer uses (`--store` and `--eval-timeout`: checkEvaluationOptions). */
const TRAINER_ONLY = [
  ["retries", "--retries"],
  ["evalSeed", "--eval-seed"],
  ["queue", "--queue"],
] as const;
const LANDSCAPE_ONLY = [
  ["landscapeK", "--landscape-k"],
  ["landscapeSeed", "--landscape-seed"],
  ["landscapeNoise", "--landscape-noise"],
] as const;

/** An option that acts only together with another, or in one mode: refused (one line) where it cannot act. */
interface Dependent {
  key: string;
  ok: (opts: Record<string, unknown>, cmd: Command) => boolean;
  message: string;
}
const has = (cmd: Command, long: string) => cmd.options.some((o) => o.long === long);
const DEPENDENT: readonly Dependent[] = [
  {
    key: "figures",
    // (`report`'s --out is the page, defaulting into the results' folder, where its figures go)
    ok: (o, cmd) => cmd.name() === "report" || !has(cmd, "--out") || o.out !== undefined,
    message: "--figures writes figure files into --out; give --out",
  },
  {
    key: "figures",
    ok: (o, cmd) => cmd.name() !== "shrink" || o.trainer === undefined,
    message:
      "--figures: shrink with --trainer writes no report (its figures need every architecture's value)",
  },
  {
    key: "good",
    ok: (o) => o.trainer === undefined,
    message: "--good sets P(good)'s threshold, which needs every architecture's value: not with --trainer",
  },
  {
    key: "cheap",
    ok: (o) => o.constraint !== undefined || o.objectives !== undefined,
    message: "--cheap marks a --constraint column as free to look up; give --constraint",
  },
  {
    key: "workers",
    ok: (o, cmd) => cmd.name() === "search" || o.trainer !== undefined,
    message:
      "--workers sets the trainer processes in flight (--trainer); on a table only `search` runs batch variants",
  },
  {
    key: "evalTimeout",
    ok: (o, cmd) => o.redis === undefined || cmd.name() === "worker",
    message: "--eval-timeout applies to a local trainer; with --redis give it to `lissnas worker`",
  },
  {
    key: "retries",
    ok: (o, cmd) => o.redis === undefined || cmd.name() === "worker",
    message: "--retries applies to a local trainer; with --redis give it to `lissnas worker`",
  },
  {
    key: "perRun",
    ok: (o) => o.json === true || o.out !== undefined,
    message: "--per-run adds one entry per run to the JSON; give --json or --out",
  },
  {
    key: "rwaWalks",
    ok: (o) => o.threshold === "rwa",
    message: "--rwa-walks applies to --threshold rwa",
  },
  {
    key: "coreQuantile",
    ok: (o) => o.coreRadius !== 0,
    message: "--core-quantile has no effect with --core-radius 0 (no core pockets)",
  },
  {
    key: "coreSeeds",
    ok: (o) => o.coreRadius !== 0,
    message: "--core-seeds has no effect with --core-radius 0 (no core pockets)",
  },
  { key: "naslibWindow", ok: (o) => o.naslib === true, message: "--naslib-window applies to --naslib" },
  { key: "naslibSteps", ok: (o) => o.naslib === true, message: "--naslib-steps applies to --naslib" },
  {
    key: "secondsColumn",
    ok: (o) => o.trainer === undefined,
    message: "--seconds-column reads a table's simulated seconds (--data); not with --trainer",
  },
  {
    key: "threads",
    ok: (o) => o.trainer === undefined,
    message: "--threads runs table searches in worker threads; with --trainer the runs share its --workers",
  },
  {
    key: "untilOptimum",
    ok: (o) => o.trainer === undefined || o.target !== undefined,
    message: "--until-optimum needs a known optimum: a table (--data), or --target ARCH with --trainer",
  },
  {
    key: "canonicalValue",
    ok: (o) => o.canonical === true,
    message: "--canonical-value applies to --canonical",
  },
];

/** Whether an option of `cmd` was given (command line or environment), not left at its default. */
export function givenOn(cmd: Command): (key: string) => boolean {
  return (key) => {
    const source = cmd.getOptionValueSource(key);
    return source === "cli" || source === "env";
  };
}

/**
 * Options given where they cannot apply are a one-line error before any work, not silently ignored: the
 * table's options without `--data`, the synthetic landscape's with `--data` or `--trainer`, a trainer's
 * (retries, evaluation seed, queue name) without `--trainer` on a command that takes one, and the options of
 * `DEPENDENT` without what they act with. Run for every command (a preAction hook); commands without these
 * options pass untouched.
 */
export function checkSourceOptions(cmd: Command): void {
  const opts = cmd.opts();
  const given = givenOn(cmd);
  if (opts.data === undefined) {
    for (const [key, flag] of TABLE_ONLY) {
      if (given(key)) throw new UsageError(`${flag} applies to a benchmark table; give --data`);
    }
  }
  if (has(cmd, "--trainer") && opts.trainer === undefined) {
    for (const [key, flag] of TRAINER_ONLY) {
      if (given(key)) throw new UsageError(`${flag} needs an asynchronous evaluator (--trainer)`);
    }
  }
  for (const rule of DEPENDENT) {
    if (given(rule.key) && !rule.ok(opts, cmd)) throw new UsageError(rule.message);
  }
  const other = opts.data !== undefined ? "--data" : opts.trainer !== undefined ? "--trainer" : undefined;
  if (other) {
    for (const [key, flag] of LANDSCAPE_ONLY) {
      if (given(key))
        throw new UsageError(
          `${flag} shapes the built-in synthetic landscape; it has no effect with ${other}`,
        );
    }
  }
}
