import { hostname } from "node:os";
import { type Job, UnrecoverableError, WaitingError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { LissnasError } from "../core/errors.js";
import { getSpace } from "../spaces/registry.js";
import type { SearchSpace } from "../spaces/space.js";
import type { AsyncEvaluator, EvalOutcome } from "./async-evaluator.js";
import { type EvalJob, type EvalJobResult, JOB_NAME, QUEUE_PROTOCOL } from "./queue.js";
import { checkRedisUrl, connectRedis, DEFAULT_QUEUE, probeRedis, redact } from "./redis.js";

/**
 * The serving side of distributed evaluation (`lissnas worker`): a BullMQ Worker that takes evaluation
 * jobs from the queue and runs each through an AsyncEvaluator of the worker's own (the trainer protocol's
 * `TrainerEvaluator`, one per space met). Every job is checked first — protocol version, fields, the space
 * is known, the architecture parses to the job's canonical key, the job's evaluator identity is this
 * worker's — and a job that fails a check fails at once (UnrecoverableError, no retry) with the reason,
 * so no number is ever produced by the wrong trainer. A training that fails is not a failed job: the
 * evaluator has already retried it, and its failed outcome is the job's result (the coordinator records
 * it). A fatal evaluator error (the trainer cannot be started at all) hands the job back to the queue and
 * stops the worker with that one-line error.
 *
 * Faults are BullMQ's: a worker killed mid-job stops renewing its lock; after `lockMs` the stalled-job
 * check of any live worker puts the job back in the queue (at most `maxStalled` times, then it fails).
 */
export interface QueueWorkerOptions {
  redis: string;
  queue?: string;
  /** Jobs run at once (the evaluator should run as many trainer processes). */
  concurrency: number;
  /** The evaluator for a space and `--eval-seed` (created on first use, kept until stop). */
  evaluatorFor: (spaceSpec: string, space: SearchSpace, evalSeed: number) => AsyncEvaluator;
  /** Job lock duration and stalled-check interval, ms (default 30,000; tests use ~1,000). */
  lockMs?: number;
  /** Times a job may stall (its worker died) before it fails (BullMQ's maxStalledCount; default 1). */
  maxStalled?: number;
  /** One line per event (job done, stop…); default: nothing. */
  log?: (line: string) => void;
}

interface Active {
  job: Job;
  token: string | undefined;
}

export class QueueWorker {
  readonly id = `${hostname()}:${process.pid}`;
  private readonly conn: Redis;
  private readonly worker: Worker;
  private readonly evaluators = new Map<string, AsyncEvaluator>();
  private readonly active = new Map<string, Active>();
  private readonly log: (line: string) => void;
  private fatalError: LissnasError | undefined;
  private stopping: Promise<void> | undefined;
  private readonly done: Promise<LissnasError | undefined>;
  private finish!: (e: LissnasError | undefined) => void;
  /** Jobs this worker finished (ok or failed outcome) and rejected (a check failed). */
  readonly tally = { ok: 0, failed: 0, rejected: 0 };

  /** Checks the URL, fails with one line if Redis is unreachable or refuses us, then starts taking jobs. */
  static async start(opts: QueueWorkerOptions): Promise<QueueWorker> {
    checkRedisUrl(opts.redis, opts.queue);
    await probeRedis(opts.redis);
    return new QueueWorker(opts);
  }

  private constructor(private readonly opts: QueueWorkerOptions) {
    this.log = opts.log ?? (() => {});
    this.done = new Promise((r) => {
      this.finish = r;
    });
    this.conn = connectRedis(opts.redis, "lissnas-worker");
    const lockMs = opts.lockMs ?? 30_000;
    this.worker = new Worker(opts.queue ?? DEFAULT_QUEUE, (job, token) => this.process(job, token), {
      connection: this.conn,
      concurrency: opts.concurrency,
      name: this.id,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: opts.maxStalled ?? 1,
    });
    // Connection errors while Redis restarts are expected: ioredis reconnects and BullMQ resumes.
    this.worker.on("error", () => {});
    this.log(
      `worker ${this.id}: serving ${redact(opts.redis)}/${opts.queue ?? DEFAULT_QUEUE} with concurrency ${opts.concurrency}`,
    );
  }

  /** Resolves when the worker has stopped: undefined after a graceful stop, the error after a fatal one. */
  wait(): Promise<LissnasError | undefined> {
    return this.done;
  }

  private async process(job: Job, token: string | undefined): Promise<EvalJobResult> {
    if (job.name !== JOB_NAME) return this.reject(job, `not an evaluation job (name '${job.name}')`);
    const d = job.data as Partial<EvalJob>;
    const bad = malformed(d);
    if (bad) return this.reject(job, `malformed job: ${bad}`);
    const data = d as EvalJob;
    let space: SearchSpace;
    let key: string;
    try {
      space = getSpace(data.space);
      key = String(space.key(space.parse(data.arch)));
    } catch (e) {
      return this.reject(job, oneLine(e));
    }
    if (key !== data.key)
      return this.reject(job, `architecture '${data.arch}' has key ${key}, not ${data.key}`);
    const evaluator = this.evaluatorOf(data.space, space, data.evalSeed);
    if (evaluator.identity !== data.identity) {
      const msg = `job wants evaluator '${data.identity}', worker ${this.id} runs '${evaluator.identity}'`;
      return this.reject(job, msg);
    }
    this.active.set(job.id as string, { job, token });
    let outcome: EvalOutcome;
    try {
      const { id, space: s, arch, key, seed } = data;
      outcome = await evaluator.evaluate({ id, space: s, arch, key, seed });
    } catch (e) {
      return this.handBack(job, token, e);
    } finally {
      this.active.delete(job.id as string);
    }
    this.tally[outcome.status === "ok" ? "ok" : "failed"]++;
    this.log(
      `worker ${this.id}: job ${job.id} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ""}`,
    );
    return { v: QUEUE_PROTOCOL, identity: evaluator.identity, key: data.key, worker: this.id, outcome };
  }

  private reject(job: Job, reason: string): never {
    this.tally.rejected++;
    this.log(`worker ${this.id}: job ${job.id} rejected: ${reason}`);
    throw new UnrecoverableError(`worker ${this.id}: ${reason}`);
  }

  /** A fatal evaluator error: the job goes back to the queue for another worker, this one stops. */
  private async handBack(job: Job, token: string | undefined, e: unknown): Promise<never> {
    this.fatalError ??= e instanceof LissnasError ? e : new LissnasError(oneLine(e));
    try {
      await job.moveToWait(token);
    } catch {
      // the lock is gone already: the stalled check hands it back
    }
    void this.stop(true);
    throw new WaitingError();
  }

  private evaluatorOf(spaceSpec: string, space: SearchSpace, evalSeed: number): AsyncEvaluator {
    const k = `${evalSeed} ${spaceSpec}`;
    let ev = this.evaluators.get(k);
    if (!ev) {
      ev = this.opts.evaluatorFor(spaceSpec, space, evalSeed);
      this.evaluators.set(k, ev);
    }
    return ev;
  }

  /**
   * Stops taking jobs. Graceful (`handBack` false): the jobs in flight finish first. Otherwise they are
   * handed back to the queue at once. Closes the evaluators and the connection; idempotent.
   */
  stop(handBack = false): Promise<void> {
    if (handBack) void this.handBackAll();
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** Jobs in flight now. */
  get inFlight(): number {
    return this.active.size;
  }

  private async handBackAll(): Promise<void> {
    for (const { job, token } of this.active.values()) {
      try {
        await job.moveToWait(token);
        this.log(`worker ${this.id}: job ${job.id} handed back`);
      } catch {
        // lost the lock: the stalled check hands it back
      }
    }
    await Promise.allSettled([...this.evaluators.values()].map((e) => e.close()));
  }

  private async shutdown(): Promise<void> {
    await this.worker.close();
    await Promise.allSettled([...this.evaluators.values()].map((e) => e.close()));
    this.conn.disconnect();
    this.log(
      `worker ${this.id}: stopped (${this.tally.ok} ok, ${this.tally.failed} failed, ${this.tally.rejected} rejected)`,
    );
    this.finish(this.fatalError);
  }
}

/** What is wrong with a job's data, or "" (fields and protocol version). */
function malformed(d: Partial<EvalJob> | undefined): string {
  if (!d || typeof d !== "object") return "no data";
  if (d.v !== QUEUE_PROTOCOL) return `protocol version ${String(d.v)}, this worker speaks ${QUEUE_PROTOCOL}`;
  for (const f of ["id", "space", "arch", "key", "identity"] as const) {
    if (typeof d[f] !== "string" || d[f] === "") return `field '${f}' missing or not a string`;
  }
  if (!Number.isSafeInteger(d.seed)) return "field 'seed' missing or not an integer";
  if (!Number.isSafeInteger(d.evalSeed)) return "field 'evalSeed' missing or not an integer";
  return "";
}

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}
