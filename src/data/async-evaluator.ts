import type { SearchSpace } from "../spaces/space.js";

/**
 * The asynchronous evaluation contract (issue: evaluation engine). Evaluations that train a network are
 * slow, asynchronous, fallible and precious; every such backend — a trainer program started by lissnas
 * (`trainer.ts`), a BullMQ queue served by `lissnas worker` processes on other machines (`queue.ts`) —
 * implements `AsyncEvaluator`. Algorithms never see it directly: the evaluation engine (`engine.ts`) runs
 * them against a synchronous objective backed by a cache and replays them deterministically as results
 * arrive, committing every finished evaluation to the durable store (`src/store/evaluations.ts`) before
 * any algorithm sees it.
 */

/** One evaluation asked of a backend. Everything a remote worker needs travels in it. */
export interface EvalRequest {
  /** Unique per evaluation within a run: `<identity hash>:<canonical key>`; deterministic. */
  id: string;
  /** The space id as `--space` takes it ("nb201", "darts", "categorical:8x3"…). */
  space: string;
  /** The architecture in the space's own string format (`space.format`). */
  arch: string;
  /** The canonical key (`space.key`), as a decimal string (keys may exceed 2^31). */
  key: string;
  /** Training seed of this evaluation: a deterministic function of `--eval-seed` and the key. */
  seed: number;
}

/** What a backend answers for one request (after its own retries). Never rejects for a failed training. */
export interface EvalOutcome {
  status: "ok" | "failed";
  /** Metric values (finite numbers) when status is "ok". */
  metrics?: Record<string, number>;
  /** One-line reason when status is "failed" (crash, timeout, bad reply, missing/non-finite metric…). */
  error?: string;
  /** Attempts made (1 + retries used). */
  attempts: number;
  /** Wall-clock seconds spent on it (all attempts). */
  seconds: number;
}

export interface AsyncEvaluator {
  /** Human name for reports ("trainer: python3 train.py", "queue redis://…/lissnas"). */
  readonly name: string;
  /**
   * What makes two evaluators' numbers comparable: e.g. the trainer's argv and `--eval-seed`. The store
   * keys every evaluation by (space, identity, canonical key), so two trainers' numbers never mix.
   */
  readonly identity: string;
  readonly space: SearchSpace;
  /** The space spec string (as `--space` takes it), sent in every request. */
  readonly spaceSpec: string;
  /** Evaluations it runs at once (`--workers N`, or the queue's total concurrency). */
  readonly concurrency: number;
  /**
   * Evaluates one architecture. Requests beyond `concurrency` wait inside the evaluator. Resolves with a
   * failed outcome (never rejects) when the training fails; rejects only for a fatal, run-ending problem
   * (the trainer cannot be started at all, the queue is unreachable…) with a one-line LissnasError.
   */
  evaluate(request: EvalRequest): Promise<EvalOutcome>;
  /** Stops child processes / connections. Idempotent. */
  close(): Promise<void>;
}
