import { hash32 } from "../../src/core/hash.js";
import type { AsyncEvaluator, EvalOutcome, EvalRequest } from "../../src/data/async-evaluator.js";
import type { EvaluationRecord, RecordStore } from "../../src/data/engine.js";
import type { Objective } from "../../src/data/evaluator.js";
import type { SearchSpace } from "../../src/spaces/space.js";

/**
 * An in-test AsyncEvaluator: answers `metric` = `objective(arch)` after a delay that depends on the key and
 * `jitter` (so completions arrive out of order), at most `concurrency` at once; keys in `failing` fail.
 * It counts the evaluations asked per key and the most in flight.
 */
export class FakeEvaluator implements AsyncEvaluator {
  readonly name = "fake";
  readonly identity: string;
  readonly spaceSpec: string;
  readonly calls = new Map<string, number>();
  inFlight = 0;
  maxInFlight = 0;
  private waiting: Array<() => void> = [];
  closed = false;

  constructor(
    readonly space: SearchSpace,
    private readonly objective: Objective,
    readonly concurrency = 1,
    private readonly opts: {
      jitter?: number;
      maxDelayMs?: number;
      failing?: (key: string) => boolean;
      fatalAt?: number;
      metric?: string;
    } = {},
  ) {
    this.spaceSpec = space.id;
    this.identity = `fake:${space.id}`;
  }

  get total(): number {
    let n = 0;
    for (const c of this.calls.values()) n += c;
    return n;
  }

  async evaluate(req: EvalRequest): Promise<EvalOutcome> {
    if (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      this.calls.set(req.key, (this.calls.get(req.key) ?? 0) + 1);
      if (this.opts.fatalAt !== undefined && this.total > this.opts.fatalAt) {
        throw new Error("fake evaluator: fatal");
      }
      const delay = hash32(`${req.key}:${this.opts.jitter ?? 0}`) % ((this.opts.maxDelayMs ?? 3) + 1);
      await new Promise((r) => setTimeout(r, delay));
      if (this.opts.failing?.(req.key)) {
        return { status: "failed", error: "fake failure", attempts: 1, seconds: delay / 1000 };
      }
      const v = this.objective(this.space.parse(req.arch));
      return {
        status: "ok",
        metrics: { [this.opts.metric ?? "acc"]: v },
        attempts: 1,
        seconds: delay / 1000,
      };
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** An in-memory RecordStore that logs the order of puts. */
export class MemoryStore implements RecordStore {
  readonly records = new Map<string, EvaluationRecord>();
  puts = 0;
  all(): EvaluationRecord[] {
    return [...this.records.values()];
  }
  put(r: EvaluationRecord): void {
    this.puts++;
    this.records.set(r.key, r);
  }
}
