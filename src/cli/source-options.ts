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

/**
 * Options given where they cannot apply are a one-line error before any work, not silently ignored: the
 * table's options without `--data`, the synthetic landscape's with `--data` or `--trainer`, a trainer's
 * (retries, evaluation seed, queue name) without `--trainer` on a command that takes one. Run for every
 * command (a preAction hook); commands without these options pass untouched.
 */
export function checkSourceOptions(cmd: Command): void {
  const opts = cmd.opts();
  const given = (key: string) => {
    const source = cmd.getOptionValueSource(key);
    return source === "cli" || source === "env";
  };
  if (opts.data === undefined) {
    for (const [key, flag] of TABLE_ONLY) {
      if (given(key)) throw new UsageError(`${flag} applies to a benchmark table; give --data`);
    }
  }
  const takesTrainer = cmd.options.some((o) => o.long === "--trainer");
  if (takesTrainer && opts.trainer === undefined) {
    for (const [key, flag] of TRAINER_ONLY) {
      if (given(key)) throw new UsageError(`${flag} needs an asynchronous evaluator (--trainer)`);
    }
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
