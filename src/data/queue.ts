import { createHash } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { LissnasError } from "../core/errors.js";
import type { SearchSpace } from "../spaces/space.js";
import type { AsyncEvaluator, EvalOutcome, EvalRequest } from "./async-evaluator.js";
import { QueueProgress, type QueueProgressMode } from "./queue-progress.js";
import { checkRedisUrl, connectRedis, DEFAULT_QUEUE, probeRedis, redact } from "./redis.js";

/**
 * Distributed evaluation on a BullMQ queue in Redis (issue: distributed evaluation). The coordinator (any
 * evaluating command given `--redis URL`) submits each evaluation as a job; `lissnas worker` processes on
 * any machine take jobs and run them through the trainer protocol (`trainer.ts`), with its timeouts,
 * retries and failure records. BullMQ does the queueing: we write no queue of our own.
 *
 * - Job ids are deterministic (`jobIdOf`: a hash of the evaluator identity, the space and the protocol
 *   version, then the canonical key), so a resubmitted evaluation is deduplicated by the queue: adding an
 *   id that exists returns the existing job. Completed and failed jobs are kept, so a coordinator restarted
 *   after `kill -9` finds the results that finished while it was down and never has them redone.
 * - Results are awaited through QueueEvents (prompt) and a poll of every pending job (`pollMs`, the safety
 *   net that survives reconnects, missed events and a Redis that lost its data: a job that vanished is
 *   added again).
 * - A job that failed all its attempts (rejected by the worker's checks, stalled too often…) becomes a
 *   failed outcome carrying BullMQ's reason; a result whose identity, key or shape is not this
 *   evaluator's is a failed outcome too: a number is never attributed to the wrong evaluator. A job found
 *   failed that finished before this coordinator asked for it (e.g. refused by a misconfigured worker since
 *   replaced) is retried once. (A training that failed is not a failed job: the worker completes it with a
 *   failed outcome, which is kept and reused like any result.)
 */

/** Version of the job format; workers refuse jobs of another version. */
export const QUEUE_PROTOCOL = 1;

/** BullMQ job name of an evaluation. */
export const JOB_NAME = "evaluate";

/** The data of one job: the request plus the evaluator identity and the protocol version. */
export interface EvalJob extends EvalRequest {
  v: number;
  identity: string;
  /** `--eval-seed` of the coordinator (part of the trainer identity; `seed` is already derived from it). */
  evalSeed: number;
}

/** A job's return value (written by `lissnas worker`). */
export interface EvalJobResult {
  v: number;
  identity: string;
  key: string;
  /** `host:pid` of the worker that ran it. */
  worker: string;
  outcome: EvalOutcome;
}

/** Deterministic BullMQ job id: `<16 hex of sha256(identity, space, version)>-<canonical key>`. */
export function jobIdOf(identity: string, spaceSpec: string, key: string): string {
  const h = createHash("sha256").update(`${QUEUE_PROTOCOL}\n${spaceSpec}\n${identity}`).digest("hex");
  return `${h.slice(0, 16)}-${key}`;
}

export interface QueueEvaluatorOptions {
  /** `redis://[user:pass@]host:port[/db]` or `rediss://…` (TLS). */
  redis: string;
  /** Queue name (`--queue`, default "lissnas"). */
  queue?: string;
  /** The identity of the trainer the workers run: the same string the in-process TrainerEvaluator has. */
  identity: string;
  /** `--eval-seed` (workers rebuild the identity from their own trainer command and it). */
  evalSeed: number;
  space: SearchSpace;
  spaceSpec: string;
  /** Total worker concurrency (the coordinator's batch width), `--workers`. */
  concurrency: number;
  /** Human name of the trainer (for reports). */
  trainer?: string;
  /** Milliseconds between polls of the pending jobs (default 1000). */
  pollMs?: number;
  /** Progress on stderr: "auto" (a bar on a TTY, a line a minute otherwise) or "off" (--quiet). */
  progress?: QueueProgressMode;
}

interface Pending {
  job: EvalJob;
  jobId: string;
  promise: Promise<EvalOutcome>;
  resolve: (o: EvalOutcome) => void;
  reject: (e: Error) => void;
  checking: boolean;
  settled: boolean;
  /** When this coordinator asked for it (ms), and whether it retried a job that had failed before that. */
  since: number;
  retried: boolean;
}

/** Counts the coordinator knows of itself (progress, `counts`). */
export interface QueueCounts {
  submitted: number;
  done: number;
  failed: number;
  workersSeen: number;
}

export class QueueEvaluator implements AsyncEvaluator {
  readonly name: string;
  readonly identity: string;
  readonly space: SearchSpace;
  readonly spaceSpec: string;
  readonly concurrency: number;
  readonly queueName: string;
  private readonly evalSeed: number;
  private readonly conn: Redis;
  private readonly eventsConn: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly pending = new Map<string, Pending>();
  private readonly workers = new Set<string>();
  private readonly tally = { submitted: 0, done: 0, failed: 0 };
  private readonly timer: NodeJS.Timeout;
  private readonly progress: QueueProgress;
  private fatal: LissnasError | undefined;
  private closed = false;

  /** Checks the URL, fails fast with one line if Redis is unreachable or refuses us, then connects. */
  static async open(opts: QueueEvaluatorOptions): Promise<QueueEvaluator> {
    checkRedisUrl(opts.redis, opts.queue);
    await probeRedis(opts.redis);
    return new QueueEvaluator(opts);
  }

  private constructor(opts: QueueEvaluatorOptions) {
    this.queueName = opts.queue ?? DEFAULT_QUEUE;
    this.identity = opts.identity;
    this.evalSeed = opts.evalSeed;
    this.space = opts.space;
    this.spaceSpec = opts.spaceSpec;
    this.concurrency = opts.concurrency;
    this.name = `queue ${redact(opts.redis)}/${this.queueName}${opts.trainer ? ` (${opts.trainer})` : ""}`;
    this.conn = connectRedis(opts.redis, "lissnas-coordinator");
    this.eventsConn = connectRedis(opts.redis, "lissnas-coordinator-events");
    this.queue = new Queue(this.queueName, { connection: this.conn });
    this.events = new QueueEvents(this.queueName, { connection: this.eventsConn });
    // BullMQ re-emits connection errors; ioredis reconnects, the poll catches up.
    this.queue.on("error", () => {});
    this.events.on("error", () => {});
    // A completed event carries the result: settled at once (the result names its identity and key).
    this.events.on("completed", ({ jobId, returnvalue }) => this.completed(jobId, returnvalue));
    this.events.on("failed", ({ jobId }) => void this.check(jobId));
    this.timer = setInterval(() => this.pollAll(), opts.pollMs ?? 1000);
    this.timer.unref();
    this.progress = new QueueProgress(opts.progress ?? "off", () => this.snapshot());
  }

  /** What this coordinator has submitted and received, and the workers whose results it saw. */
  counts(): QueueCounts {
    return { ...this.tally, workersSeen: this.workers.size };
  }

  /** Queue-wide job counts and live workers (for progress and `lissnas queue stats`). */
  private async snapshot() {
    const c = await this.queue.getJobCounts("waiting", "active", "completed", "failed", "delayed");
    const live = new Set((await this.queue.getWorkers()).map((w) => String(w.rawname ?? w.name))).size;
    return { ...this.counts(), pending: this.pending.size, waiting: c.waiting, active: c.active, live };
  }

  evaluate(request: EvalRequest): Promise<EvalOutcome> {
    if (this.closed) return Promise.reject(new LissnasError(`${this.name}: evaluator is closed`));
    if (this.fatal) return Promise.reject(this.fatal);
    const jobId = jobIdOf(this.identity, this.spaceSpec, request.key);
    const existing = this.pending.get(jobId);
    if (existing) return existing.promise;
    const job: EvalJob = {
      ...request,
      space: this.spaceSpec,
      v: QUEUE_PROTOCOL,
      identity: this.identity,
      evalSeed: this.evalSeed,
    };
    let resolve!: (o: EvalOutcome) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<EvalOutcome>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const p: Pending = {
      job,
      jobId,
      promise,
      resolve,
      reject,
      checking: false,
      settled: false,
      since: Date.now(),
      retried: false,
    };
    this.pending.set(jobId, p);
    this.tally.submitted++;
    this.progress.start();
    void this.submit(p).then(() => this.check(jobId));
    return promise;
  }

  /** Adds the job (a no-op returning the existing job when its id is already in the queue). */
  private async submit(p: Pending): Promise<void> {
    try {
      await this.queue.add(JOB_NAME, p.job, {
        jobId: p.jobId,
        attempts: 1,
        removeOnComplete: false,
        removeOnFail: false,
      });
    } catch (e) {
      this.fail(new LissnasError(`${this.name}: cannot add job ${p.jobId}: ${oneLine(e)}`));
    }
  }

  private pollAll(): void {
    for (const id of this.pending.keys()) void this.check(id);
  }

  /** Looks at one pending job; settles it when finished, adds it again if Redis lost it. */
  private async check(jobId: string): Promise<void> {
    const p = this.pending.get(jobId);
    if (!p || p.checking || p.settled) return;
    p.checking = true;
    try {
      const job = await this.queue.getJob(jobId);
      if (!job) {
        await this.submit(p);
        return;
      }
      const other = sameEvaluation(job.data as EvalJob, p.job);
      if (other) return this.settle(p, failed(`job ${jobId} in queue ${this.queueName} ${other}`, 0, 0));
      if (!job.finishedOn) return;
      const state = await job.getState();
      const seconds = job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
      if (state === "completed") this.settle(p, this.fromResult(job.returnvalue, p, seconds));
      else if (state === "failed") {
        if (job.finishedOn < p.since && !p.retried) {
          // failed before we asked (a worker that refused it, since replaced?): once more, then its reason
          p.retried = true;
          await job.retry("failed");
          return;
        }
        const why = job.failedReason || "failed without a reason";
        this.settle(p, failed(`job ${jobId}: ${why}`, Math.max(1, job.attemptsMade), seconds));
      }
    } catch {
      // A connection problem: the next poll retries.
    } finally {
      p.checking = false;
    }
  }

  private completed(jobId: string, value: unknown): void {
    const p = this.pending.get(jobId);
    if (p && !p.settled) this.settle(p, this.fromResult(value, p, 0));
  }

  /** The outcome of a completed job, after checking that it is this evaluator's answer to this request. */
  private fromResult(value: unknown, p: Pending, seconds: number): EvalOutcome {
    const r = value as Partial<EvalJobResult> | null;
    if (!r || typeof r !== "object" || r.v !== QUEUE_PROTOCOL) {
      return failed(`job ${p.jobId}: malformed result (protocol ${String(r?.v)})`, 1, seconds);
    }
    if (r.identity !== this.identity || r.key !== p.job.key) {
      return failed(
        `job ${p.jobId}: result from another evaluator (identity '${r.identity}', key ${r.key})`,
        1,
        seconds,
      );
    }
    const o = r.outcome;
    if (!validOutcome(o)) return failed(`job ${p.jobId}: malformed outcome`, 1, seconds);
    if (typeof r.worker === "string") this.workers.add(r.worker);
    return o;
  }

  private settle(p: Pending, o: EvalOutcome): void {
    if (p.settled) return;
    p.settled = true;
    this.pending.delete(p.jobId);
    if (o.status === "ok") this.tally.done++;
    else this.tally.failed++;
    p.resolve(o);
    if (this.pending.size === 0) this.progress.idle();
  }

  /** A fatal problem (the queue refuses jobs): every pending evaluation rejects with it. */
  private fail(e: LissnasError): void {
    this.fatal ??= e;
    for (const p of this.pending.values()) {
      p.settled = true;
      p.reject(this.fatal);
    }
    this.pending.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.progress.stop();
    for (const p of this.pending.values()) {
      p.settled = true;
      p.reject(new LissnasError(`${this.name}: closed while job ${p.jobId} was pending`));
    }
    this.pending.clear();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.conn.disconnect();
    this.eventsConn.disconnect();
  }
}

function failed(error: string, attempts: number, seconds: number): EvalOutcome {
  return { status: "failed", error, attempts, seconds };
}

/** Why a job found under our id is not our evaluation (another space, version, identity, arch), or "". */
function sameEvaluation(found: Partial<EvalJob> | undefined, ours: EvalJob): string {
  if (!found || typeof found !== "object") return "holds malformed data";
  if (found.v !== ours.v) return `holds a job of protocol version ${String(found.v)}`;
  if (found.space !== ours.space) return `holds a job of space '${String(found.space)}'`;
  if (found.identity !== ours.identity) return `holds a job of evaluator '${String(found.identity)}'`;
  if (found.key !== ours.key || found.arch !== ours.arch) return `holds another architecture`;
  return "";
}

/** An EvalOutcome as the contract describes it (finite metrics when ok, a reason when failed). */
export function validOutcome(o: unknown): o is EvalOutcome {
  if (!o || typeof o !== "object") return false;
  const x = o as EvalOutcome;
  if (typeof x.attempts !== "number" || typeof x.seconds !== "number") return false;
  if (x.status === "failed") return typeof x.error === "string";
  if (x.status !== "ok" || !x.metrics || typeof x.metrics !== "object") return false;
  return Object.values(x.metrics).every((v) => typeof v === "number" && Number.isFinite(v));
}

function oneLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}
