import { hash32 } from "../core/hash.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import type { EvaluationRecord } from "../store/evaluations.js";
import type { AsyncEvaluator, EvalOutcome, EvalRequest } from "./async-evaluator.js";
import type { Objective } from "./evaluator.js";
import { parseMetricSpec } from "./objectives.js";

/**
 * Thrown by an engine objective when an architecture it is asked about has not been evaluated yet. It
 * carries every architecture the algorithm needs next (one, or a whole declared batch). It deliberately
 * does NOT extend LissnasError: no `catch` of user errors may swallow it; `EvaluationEngine.run` is the
 * only place that catches it.
 */
export class NeedEvaluation extends Error {
  constructor(readonly archs: readonly Arch[]) {
    super(`${archs.length} evaluation(s) needed (caught by EvaluationEngine.run)`);
    this.name = "NeedEvaluation";
  }
}

/**
 * A synchronous objective that can be told ahead of time which architectures a batch will evaluate
 * (`QueryCounter.declare`): `prepare` throws one NeedEvaluation for every unknown one, so they are
 * evaluated concurrently. Table and synthetic objectives have no `prepare` (nothing to prepare).
 */
export interface BatchObjective extends Objective {
  prepare?: (archs: readonly Arch[]) => void;
}

/** One finished evaluation as the store keeps it (the record of src/store/evaluations.ts). */
export type { EvaluationRecord };

/** What the engine needs of a durable store: every stored record (preload) and a committing put. */
export interface RecordStore {
  all(): EvaluationRecord[];
  /** Durable when it returns. */
  put(record: EvaluationRecord): void;
}

/** Evaluation accounting of an engine (JSON-able; stated in every command's output). */
export interface EngineStats {
  /** The evaluator's name and identity. */
  evaluator: string;
  identity: string;
  /** Evaluations asked of the evaluator by this process (finished, ok or failed). */
  evaluated: number;
  /** Stored evaluations (from an earlier command or an interrupted run) used instead of re-evaluating. */
  replayed: number;
  /** Distinct architectures used whose evaluation failed or lacks the metric (the algorithm skipped them). */
  failed: number;
  /** Times an algorithm was run from the start again after evaluations arrived. */
  replays: number;
}

interface Entry {
  record: EvaluationRecord;
  fromStore: boolean;
  used: boolean;
  failedUse: boolean;
}

export interface EngineOptions {
  /** Durable store bound to (space, identity); preloaded, and every outcome committed to it on arrival. */
  store?: RecordStore;
  /** `--eval-seed`: the training seed of each request is a function of it and the canonical key. */
  evalSeed?: number;
  /** Builds the request of an architecture (default: `engineRequest`); shared with queue backends. */
  request?: (arch: Arch) => EvalRequest;
}

/** The training seed of one evaluation: a deterministic 31-bit function of `--eval-seed` and the key. */
export function evalSeedOf(evalSeed: number, key: string): number {
  return hash32(`${evalSeed}:${key}`) & 0x7fffffff;
}

/** The request for an architecture: canonical representative, deterministic id and seed. */
export function engineRequest(evaluator: AsyncEvaluator, arch: Arch, evalSeed = 0): EvalRequest {
  const space = evaluator.space;
  const key = String(space.key(arch));
  return {
    id: `${hash32(evaluator.identity).toString(16)}:${key}`,
    space: evaluator.spaceSpec,
    arch: space.format(space.canonical(arch)),
    key,
    seed: evalSeedOf(evalSeed, key),
  };
}

/**
 * The evaluation engine: drives synchronous algorithms from an asynchronous evaluator by **deterministic
 * replay** (the technique of Temporal/Cadence workflow replay). Algorithms stay synchronous code over a
 * synchronous `Objective` (so the table fast path is untouched): `objective(metric)` answers from an
 * in-memory cache (canonical key → outcome) and, on a miss, throws `NeedEvaluation`. `run(fn)` runs a
 * whole algorithm run from scratch; each time it throws NeedEvaluation the engine evaluates the missing
 * architectures concurrently (up to the evaluator's concurrency), commits each outcome to the store the
 * moment it arrives (before anything sees it), caches it, and runs `fn` again from the start with the
 * same seed — until it returns. A run is a deterministic function of its seed and the values it sees, so
 * every replay retraces the previous one and the result equals the synchronous run's.
 *
 * On creation the cache is preloaded from the store (bound to the same space and evaluator identity), so
 * a command rerun after `kill -9` replays the stored evaluations and never asks the evaluator again for a
 * finished one. A failed evaluation (crash, timeout, bad reply…) is stored with its reason; the objective
 * gives NaN for it (and for an ok reply without the metric), which every algorithm skips while counting
 * the query as spent.
 */
export class EvaluationEngine {
  readonly space: SearchSpace;
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly request: (arch: Arch) => EvalRequest;
  private readonly counts = { evaluated: 0, replayed: 0, failed: 0, replays: 0 };

  constructor(
    readonly evaluator: AsyncEvaluator,
    private readonly options: EngineOptions = {},
  ) {
    this.space = evaluator.space;
    const seed = options.evalSeed ?? 0;
    this.request = options.request ?? ((a) => engineRequest(evaluator, a, seed));
    for (const record of options.store?.all() ?? []) {
      this.cache.set(record.key, { record, fromStore: true, used: false, failedUse: false });
    }
  }

  /** Accounting so far. */
  get stats(): EngineStats {
    return { evaluator: this.evaluator.name, identity: this.evaluator.identity, ...this.counts };
  }

  /** Stored or finished evaluations known to the engine. */
  get known(): number {
    return this.cache.size;
  }

  /**
   * A synchronous objective reading `metric` of the evaluations: the cached value, NaN for a failed
   * evaluation or a reply without a finite `metric`, NeedEvaluation for an architecture not evaluated yet.
   * Its `prepare` declares a batch (QueryCounter.declare): one NeedEvaluation for all unknown ones.
   */
  objective(metric: string): BatchObjective {
    // `NAME:min` is maximised as −NAME, as table columns are (src/data/objectives.ts).
    const { column, sign } = parseMetricSpec(metric);
    const f: BatchObjective = (a: Arch) => {
      const e = this.cache.get(String(this.space.key(a)));
      if (e === undefined) throw new NeedEvaluation([a]);
      return sign * this.use(e, column);
    };
    f.prepare = (archs) => {
      const missing = archs.filter((a) => !this.cache.has(String(this.space.key(a))));
      if (missing.length > 0) throw new NeedEvaluation(missing);
    };
    return f;
  }

  private use(e: Entry, metric: string): number {
    const v = e.record.status === "ok" ? e.record.metrics?.[metric] : undefined;
    const ok = typeof v === "number" && Number.isFinite(v);
    if (!e.used) {
      e.used = true;
      if (e.fromStore) this.counts.replayed++;
    }
    if (!ok && !e.failedUse) {
      e.failedUse = true;
      this.counts.failed++;
    }
    return ok ? v : Number.NaN;
  }

  /** The stored record of an architecture's class, if evaluated (no evaluation is started). */
  recordOf(a: Arch): EvaluationRecord | undefined {
    return this.cache.get(String(this.space.key(a)))?.record;
  }

  /**
   * Runs `fn` (a whole, deterministic algorithm run over `objective(…)`) to completion, evaluating what it
   * needs between replays. Errors other than NeedEvaluation propagate; a fatal evaluator error (it cannot
   * start…) propagates after every evaluation already in flight has been committed.
   */
  async run<T>(fn: () => T): Promise<T> {
    for (;;) {
      let need: NeedEvaluation;
      try {
        return fn();
      } catch (e) {
        if (!(e instanceof NeedEvaluation)) throw e;
        need = e;
      }
      this.counts.replays++;
      await this.evaluateAll(need.archs);
    }
  }

  /**
   * For a computation whose architectures do not depend on the values it reads (random walks, uniform
   * samples: the locality statistics): runs `fn` once with an objective that records every unknown
   * architecture (answering NaN), evaluates them all concurrently, then runs `fn` for real through `run`
   * (which still catches anything the first pass missed). One round of evaluations instead of one replay
   * per architecture.
   */
  async collectThenRun<T>(metric: string, fn: (f: Objective) => T): Promise<T> {
    const missing: Arch[] = [];
    const seen = new Set<string>();
    const probe: Objective = (a) => {
      const key = String(this.space.key(a));
      if (!this.cache.has(key) && !seen.has(key)) {
        seen.add(key);
        missing.push(a.slice());
      }
      return Number.NaN;
    };
    fn(probe);
    await this.evaluateAll(missing);
    const f = this.objective(metric);
    return this.run(() => fn(f));
  }

  /** Evaluates every architecture of `archs` not known yet, concurrently; resolves once all are cached. */
  async evaluateAll(archs: readonly Arch[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const asked = new Set<string>();
    for (const a of archs) {
      const key = String(this.space.key(a));
      if (this.cache.has(key) || asked.has(key)) continue;
      asked.add(key);
      let p = this.inflight.get(key);
      if (!p) {
        p = this.evaluateOne(a, key).finally(() => this.inflight.delete(key));
        this.inflight.set(key, p);
      }
      waits.push(p);
    }
    const settled = await Promise.allSettled(waits);
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private async evaluateOne(a: Arch, key: string): Promise<void> {
    const req = this.request(a);
    const out: EvalOutcome = await this.evaluator.evaluate(req);
    const ok = out.status === "ok" && out.metrics !== undefined;
    const record: EvaluationRecord = {
      key,
      arch: req.arch,
      status: ok ? "ok" : "failed",
      metrics: ok ? { ...out.metrics } : null,
      error: ok ? null : (out.error ?? "failed without a reason"),
      attempts: out.attempts,
      seconds: out.seconds,
      time: new Date().toISOString(),
    };
    // Durable first: nothing sees a value the store does not hold.
    this.options.store?.put(record);
    this.counts.evaluated++;
    this.cache.set(key, { record, fromStore: false, used: false, failedUse: false });
  }

  /** Closes the evaluator (child processes, connections). */
  async close(): Promise<void> {
    await this.evaluator.close();
  }
}
