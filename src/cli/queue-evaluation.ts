import type { AsyncEvaluator } from "../data/async-evaluator.js";
import { QueueEvaluator } from "../data/queue.js";
import { TrainerEvaluator } from "../data/trainer.js";
import type { SearchSpace } from "../spaces/space.js";
import type { EvaluationContext, EvaluationOptions } from "./evaluation.js";
import { isQuiet } from "./progress.js";

/**
 * `--redis URL` (with `--trainer`): the BullMQ queue evaluator (docs/distributed.md). `lissnas worker`
 * processes run the trainer; this process only submits jobs and waits. Its identity is the in-process
 * TrainerEvaluator's for the same `--trainer`, `--space` and `--eval-seed` (built without starting it), so
 * stores and results are interchangeable between the two; `--workers` is the total worker concurrency.
 */
export async function openQueueEvaluator(
  opts: EvaluationOptions & { redis: string; trainer: string },
  space: SearchSpace,
  ctx: EvaluationContext,
): Promise<AsyncEvaluator> {
  const local = new TrainerEvaluator({
    command: opts.trainer,
    space,
    spaceSpec: ctx.spaceSpec,
    evalSeed: opts.evalSeed,
  });
  await local.close(); // never started: only its identity is wanted
  return QueueEvaluator.open({
    redis: opts.redis,
    queue: opts.queue,
    identity: local.identity,
    evalSeed: opts.evalSeed,
    space,
    spaceSpec: ctx.spaceSpec,
    concurrency: opts.workers,
    trainer: opts.trainer,
    progress: isQuiet() ? "off" : "auto",
  });
}
