import type { Rng } from "../core/rng.js";
import type { Objective } from "../data/evaluator.js";
import { QueryCounter } from "../data/queries.js";
import type { Arch, SearchSpace } from "../spaces/space.js";

/**
 * What a search run optimises: a space (full or shrunk) and objectives on its architectures. Values are
 * maximised. `report` is the column reported in traces and regrets (a test column when the search runs on
 * validation); it defaults to the search objective.
 */
export interface Problem {
  space: SearchSpace;
  /** The value the algorithm sees and maximises (one query each new canonical class). */
  objective: Objective;
  /** The value reported (trace, final, regret) for the incumbent chosen by `objective`. */
  report: Objective;
  /** Simulated training seconds of one query (a table column), summed separately from wall-clock. */
  seconds?: Objective;
  /** Names for reports. */
  searchMetric: string;
  reportMetric: string;
  /** Best value of `objective` in the reference (full) space, when known: defines "reached the optimum". */
  optimum?: number;
  /**
   * Canonical keys of target architectures: when given, "reached the optimum" means "queried one of these"
   * instead of "found a value ≥ optimum" (to time the search for one named architecture).
   */
  targets?: ReadonlySet<number>;
  /** Best value of `report` in the reference (full) space, when known: regret = reportOptimum − final. */
  reportOptimum?: number;
  /** Best value of `objective` inside the searched space (differs from `optimum` in a shrunk space). */
  spaceOptimum?: number;
  /** Queries spent before the search (e.g. by a shrinkage predictor), charged to the budget. */
  extraQueries: number;
}

/** Node caches are dropped between runs when they grow past this many architectures. */
const NODE_LIMIT = 1 << 21;
/** Codes below this bound index a dense Int32Array; others go to a Map. */
const DENSE_CODES = 1 << 22;
/** Spaces this small get an enumerated node list, used when rejection sampling of new archs stalls. */
const ENUMERATE_FALLBACK = 1_000_000;
/** Consecutive rejected samples before falling back to the enumerated list. */
const SAMPLE_TRIES = 64;

/**
 * Shared, run-independent state for searching one problem: architectures interned as integer *nodes*
 * (by raw genotype code), their neighbour lists cached as Int32Arrays, and one QueryCounter reset per run.
 * Nothing cached here changes what a run does (neighbour lists are in `space.neighbours` order), so runs
 * are reproducible whatever ran before them, in this thread or another.
 */
export class SearchContext {
  readonly space: SearchSpace;
  readonly counter: QueryCounter;
  private archs: Arch[] = [];
  private nbrs: Array<Int32Array | undefined> = [];
  private dense = new Int32Array(0);
  private sparse = new Map<number, number>();
  private all: Int32Array | null | undefined;
  /** Scratch buffer for shuffled neighbour lists. */
  scratch = new Int32Array(64);

  constructor(readonly problem: Problem) {
    this.space = problem.space;
    this.counter = new QueryCounter(problem.space, problem.objective, problem.seconds);
  }

  /** Number of interned architectures. */
  get nodes(): number {
    return this.archs.length;
  }

  /** The node of an architecture (interned on first sight; the array is kept, do not mutate it). */
  intern(a: Arch): number {
    const code = this.space.code(a);
    if (code >= 0 && code < DENSE_CODES && Number.isInteger(code)) {
      if (code < this.dense.length) {
        const n = this.dense[code];
        if (n >= 0) return n;
      } else {
        let len = Math.max(1024, this.dense.length);
        while (len <= code) len *= 2;
        const d = new Int32Array(Math.min(len, DENSE_CODES)).fill(-1);
        d.set(this.dense);
        this.dense = d;
      }
      const n = this.archs.length;
      this.archs.push(a);
      this.dense[code] = n;
      return n;
    }
    const hit = this.sparse.get(code);
    if (hit !== undefined) return hit;
    const n = this.archs.length;
    this.archs.push(a);
    this.sparse.set(code, n);
    return n;
  }

  arch(node: number): Arch {
    return this.archs[node];
  }

  /** The neighbours of a node, as nodes, in `space.neighbours` order (cached). */
  neighbours(node: number): Int32Array {
    let list = this.nbrs[node];
    if (list === undefined) {
      const archs = this.space.neighbours(this.archs[node]);
      list = new Int32Array(archs.length);
      for (let i = 0; i < archs.length; i++) list[i] = this.intern(archs[i]);
      this.nbrs[node] = list;
      if (list.length > this.scratch.length) this.scratch = new Int32Array(list.length * 2);
    }
    return list;
  }

  /** Every architecture of the space as nodes, for small enumerable spaces; null otherwise. */
  allNodes(): Int32Array | null {
    if (this.all === undefined) {
      const s = this.space;
      if (s.enumerate && s.capabilities.has("enumerate") && s.size() <= BigInt(ENUMERATE_FALLBACK)) {
        const out: number[] = [];
        for (const a of s.enumerate()) out.push(this.intern(a));
        this.all = Int32Array.from(out);
      } else {
        this.all = null;
      }
    }
    return this.all;
  }

  /** Called at the start of each run: drops the caches when they grew too large (results do not change). */
  trim(): void {
    if (this.archs.length <= NODE_LIMIT) return;
    this.archs = [];
    this.nbrs = [];
    this.dense = new Int32Array(0);
    this.sparse.clear();
    this.all = undefined;
  }
}

/** Why a run stopped. */
export type StopReason = "budget" | "optimum" | "exhausted";

/**
 * The state of one run: the counter (reset), the incumbent (best by the search objective) and the anytime
 * trace, indexed by the *total* query count (extra queries first, then the run's own).
 */
export class RunState {
  readonly counter: QueryCounter;
  /** Total budget, extra queries included. */
  readonly total: number;
  /** Budget left to the search itself: total − extraQueries. */
  readonly budget: number;
  readonly extra: number;
  /** trace[q − 1] = report value of the incumbent after q total queries (NaN while none). */
  readonly trace: Float64Array;
  /** Nodes in query order, and their search values. */
  readonly order: Int32Array;
  readonly values: Float64Array;
  best = Number.NEGATIVE_INFINITY;
  bestReport = Number.NaN;
  bestNode = -1;
  /** Total queries (extra included) when the optimum was first reached; −1 if not. */
  hitAt = -1;
  stopped: StopReason | undefined;
  /** Algorithm steps (proposals, free or not). */
  steps = 0;
  /** Random unqueried architectures injected by evolution after a stall (see STALL_LIMIT). */
  immigrants = 0;
  private readonly optimum: number;
  private readonly targets: ReadonlySet<number> | undefined;
  private readonly sameReport: boolean;

  constructor(
    readonly ctx: SearchContext,
    total: number,
    readonly untilOptimum = false,
  ) {
    const p = ctx.problem;
    this.total = total;
    this.extra = p.extraQueries;
    this.budget = total - p.extraQueries;
    this.counter = ctx.counter;
    this.counter.reset(this.budget);
    this.trace = new Float64Array(total).fill(Number.NaN);
    this.order = new Int32Array(this.budget);
    this.values = new Float64Array(this.budget);
    this.optimum = p.optimum ?? Number.POSITIVE_INFINITY;
    this.targets = p.targets;
    this.sameReport = p.report === p.objective;
  }

  /** True when the run must stop: budget spent, optimum reached (with untilOptimum) or space exhausted. */
  get done(): boolean {
    return this.stopped !== undefined || this.counter.queries >= this.budget;
  }

  /** Whether the node's canonical class was already queried in this run. */
  queried(node: number): boolean {
    return this.counter.has(this.ctx.arch(node));
  }

  /** The search value of a node: a query when its class is new, free otherwise. */
  query(node: number): number {
    const c = this.counter;
    const before = c.queries;
    const a = this.ctx.arch(node);
    const v = c.evaluate(a);
    if (c.queries !== before) {
      this.order[before] = node;
      this.values[before] = v;
      if (v > this.best) {
        this.best = v;
        this.bestNode = node;
        this.bestReport = this.sameReport ? v : this.ctx.problem.report(a);
        if (this.hitAt < 0 && this.targets === undefined && v >= this.optimum) this.hit();
      }
      if (this.hitAt < 0 && this.targets !== undefined && this.targets.has(this.ctx.space.key(a))) this.hit();
      this.trace[this.extra + before] = this.bestReport;
    }
    return v;
  }

  private hit(): void {
    this.hitAt = this.extra + this.counter.queries;
    if (this.untilOptimum) this.stopped = "optimum";
  }

  /** A uniformly sampled architecture whose class this run has not queried; −1 when none can be found. */
  sampleNew(rng: Rng): number {
    const ctx = this.ctx;
    for (let t = 0; t < SAMPLE_TRIES; t++) {
      const n = ctx.intern(ctx.space.sample(rng));
      if (!this.queried(n)) return n;
    }
    const all = ctx.allNodes();
    if (all === null) return -1;
    let free = 0;
    for (let i = 0; i < all.length; i++) if (!this.queried(all[i])) free++;
    if (free === 0) return -1;
    let k = rng.int(free);
    for (let i = 0; i < all.length; i++) {
      if (!this.queried(all[i]) && k-- === 0) return all[i];
    }
    return -1;
  }

  /** Marks the run as stopped because no new architecture can be proposed. */
  exhaust(): void {
    if (this.stopped === undefined) this.stopped = "exhausted";
  }

  /** Pads the trace after the last query with the final incumbent (the best-so-far does not change). */
  finish(): void {
    const q = this.extra + this.counter.queries;
    for (let i = Math.max(q, this.extra); i < this.total; i++) this.trace[i] = this.bestReport;
  }
}

/**
 * A problem from a space and an objective function (library use and tests). The optimum is found by
 * enumeration when the space can enumerate and has at most 1,000,000 architectures, unless given.
 */
export function makeProblem(
  space: SearchSpace,
  objective: Objective,
  options: Partial<Omit<Problem, "space" | "objective">> = {},
): Problem {
  let optimum = options.optimum;
  if (
    optimum === undefined &&
    space.enumerate &&
    space.capabilities.has("enumerate") &&
    space.size() <= 1_000_000n
  ) {
    optimum = Number.NEGATIVE_INFINITY;
    for (const a of space.enumerate()) optimum = Math.max(optimum, objective(a));
  }
  const report = options.report ?? objective;
  let reportOptimum = options.reportOptimum;
  if (reportOptimum === undefined && report === objective) reportOptimum = optimum;
  return {
    space,
    objective,
    report,
    seconds: options.seconds,
    searchMetric: options.searchMetric ?? "value",
    reportMetric: options.reportMetric ?? options.searchMetric ?? "value",
    optimum,
    targets: options.targets,
    reportOptimum,
    spaceOptimum: options.spaceOptimum ?? optimum,
    extraQueries: options.extraQueries ?? 0,
  };
}
