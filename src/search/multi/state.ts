import type { Rng } from "../../core/rng.js";
import { chargePaid } from "../../data/constraints.js";
import { QueryCounter } from "../../data/queries.js";
import { hypervolume } from "../../metrics/hypervolume-nd.js";
import { dominates } from "../../metrics/pareto-nd.js";
import type { Arch } from "../../spaces/space.js";
import type { MultiProblem } from "./problem.js";

/** Consecutive rejected samples before `sampleNew` enumerates the space. */
const SAMPLE_TRIES = 64;

/**
 * One run of a multi-objective search: the honest query accounting (a `QueryCounter` whose "value" is the
 * table row of the class's first queried genotype: one query reads every objective of that row), the
 * queried points, the Pareto archive (the non-dominated queried points) and the anytime hypervolume trace.
 *
 * Constraints: cheap ones exclude architectures before any query (free, never returned); paid ones are
 * read with the query — an infeasible architecture costs its query and never enters the archive.
 */
export class MultiRun {
  readonly counter: QueryCounter;
  readonly k: number;
  /** Queried feasible points, in query order: architectures, and internal values row-major (n × k). */
  readonly archs: Arch[] = [];
  readonly values: Float64Array;
  /** Indices (into `archs`) of the current archive. */
  archive: number[] = [];
  /** hv[q − 1] = hypervolume of the archive after q queries. */
  readonly hv: Float64Array;
  private readonly indexOfKey = new Map<number, number>();
  private all: Arch[] | undefined;

  constructor(
    readonly problem: MultiProblem,
    readonly budget: number,
    /** Queries charged before this run (a shrinkage's), first in the trace. */
    readonly extra = 0,
  ) {
    const t = problem.table;
    const f = problem.feasibility;
    // the "value" is the table row; a paid-infeasible class costs its query and is worth −1 (src/data/constraints.ts)
    const objective = chargePaid((a: Arch) => t.rowOf(a), f, -1);
    this.counter = new QueryCounter(problem.space, objective, undefined, { budget: budget - extra });
    if (f) this.counter.exclude = (a) => !f.cheap(a);
    this.k = problem.k;
    this.values = new Float64Array(budget * problem.k);
    this.hv = new Float64Array(budget);
  }

  get done(): boolean {
    return this.counter.queries >= this.counter.budget;
  }

  /** Whether `a` is ruled out for free or its class was already queried. */
  closed(a: Arch): boolean {
    return this.counter.has(a) || (this.counter.exclude?.(a) ?? false);
  }

  /** Queries `a` (free when its class is known or it is cheaply infeasible); its point index or −1. */
  query(a: Arch): number {
    const key = this.problem.space.key(a);
    const known = this.indexOfKey.get(key);
    if (known !== undefined) return known;
    const before = this.counter.queries;
    const row = this.counter.evaluate(a);
    if (this.counter.queries === before) return -1; // excluded, or an infeasible class seen before
    let idx = -1;
    if (row >= 0) {
      idx = this.archs.length;
      this.archs.push(a);
      for (let j = 0; j < this.k; j++) this.values[idx * this.k + j] = this.problem.columns[j][row];
      this.indexOfKey.set(key, idx);
      this.admit(idx);
    }
    const q = this.extra + this.counter.queries;
    this.hv[q - 1] = this.archiveHv();
    return idx;
  }

  /** Adds a point to the archive unless an archive member dominates or equals it; drops those it dominates. */
  private admit(idx: number): void {
    const v = this.values;
    const k = this.k;
    for (const m of this.archive) {
      if (dominates(v, k, m, idx)) return;
      let same = true;
      for (let j = 0; j < k && same; j++) same = v[m * k + j] === v[idx * k + j];
      if (same) return;
    }
    this.archive = this.archive.filter((m) => !dominates(v, k, idx, m));
    this.archive.push(idx);
  }

  /** The archive's values, row-major. */
  archiveValues(): Float64Array {
    const out = new Float64Array(this.archive.length * this.k);
    for (let i = 0; i < this.archive.length; i++) {
      const m = this.archive[i];
      out.set(this.values.subarray(m * this.k, (m + 1) * this.k), i * this.k);
    }
    return out;
  }

  archiveHv(): number {
    return hypervolume(this.archiveValues(), this.k, this.problem.ref);
  }

  /** A uniformly drawn feasible architecture whose class is not yet queried (from `pool` when given). */
  sampleNew(rng: Rng, pool?: readonly Arch[]): Arch | undefined {
    const space = this.problem.space;
    for (let t = 0; t < SAMPLE_TRIES; t++) {
      const a = pool ? pool[rng.int(pool.length)] : space.sample(rng);
      if (!this.closed(a)) return a;
    }
    if (!pool && !this.all && space.enumerate && space.size() <= 1_000_000n)
      this.all = [...space.enumerate()];
    const list = pool ?? this.all;
    if (!list) return undefined;
    const open = list.filter((a) => !this.closed(a));
    return open.length > 0 ? open[rng.int(open.length)] : undefined;
  }

  /** Pads the trace after the last query (the archive no longer changes). */
  finish(): void {
    for (let q = this.extra + this.counter.queries; q < this.budget; q++) {
      this.hv[q] = q > 0 ? this.hv[q - 1] : 0;
    }
  }
}
