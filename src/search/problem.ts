import type { Rng } from "../core/rng.js";
import type { Objective } from "../data/evaluator.js";
import { QueryCounter } from "../data/queries.js";
import { HammingSpace } from "../spaces/hamming.js";
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
  /**
   * Cheap infeasibility (issue #15: constraints on `--cheap` columns): architectures it returns true for
   * are ruled out for free, never queried, never returned. Paid constraints live in `objective` (−∞).
   */
  exclude?: (a: Arch) => boolean;
  /**
   * Architectures already queried before the search (the shrinkage's, issue #14) with their search values:
   * each run knows them for free (they are charged through `extraQueries`), starts with the best of them as
   * its incumbent, and local search climbs from the best of them that lies in the space.
   */
  known?: { archs: readonly Arch[]; values: Float64Array };
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
  /** Per node: canonical key (NaN until first asked) and raw code, so the hot loops compute neither twice. */
  private keys = new Float64Array(0);
  private codes = new Float64Array(0);
  /** Scratch buffer for shuffled neighbour lists. */
  scratch = new Int32Array(64);
  /**
   * Place values of the mixed-radix code when the space is a HammingSpace with exact codes and the default
   * `neighbours`/`code`: neighbour codes are then arithmetic, and a neighbour already interned costs no
   * genotype allocation (most of a cold run's time on NB201 before). Null otherwise.
   */
  private readonly places: Float64Array | null;
  /** `places` when the space's `sample` is also the base class's (codes can then be drawn directly). */
  private readonly samplePlaces: Float64Array | null;

  constructor(readonly problem: Problem) {
    this.space = problem.space;
    this.counter = new QueryCounter(problem.space, problem.objective, problem.seconds);
    this.counter.exclude = problem.exclude;
    this.places = hammingPlaces(problem.space);
    this.samplePlaces =
      this.places && problem.space.sample === HammingSpace.prototype.sample ? this.places : null;
  }

  /**
   * `intern(space.sample(rng))` with the same random draws (one `rng.int(c_i)` per position, in order); in a
   * HammingSpace the code is summed as the draws come and a genotype is built only for a new node.
   */
  sampleNode(rng: Rng): number {
    const places = this.samplePlaces;
    if (places === null) return this.intern(this.space.sample(rng));
    const space = this.space as HammingSpace;
    const cards = space.cardinalities;
    let code = 0;
    for (let i = 0; i < places.length; i++) code += rng.int(cards[i]) * places[i];
    const n = code < this.dense.length ? this.dense[code] : -1;
    return n >= 0 ? n : this.intern(space.decodeCode(code));
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
      const n = this.push(a, code);
      this.dense[code] = n;
      return n;
    }
    const hit = this.sparse.get(code);
    if (hit !== undefined) return hit;
    const n = this.push(a, code);
    this.sparse.set(code, n);
    return n;
  }

  private push(a: Arch, code: number): number {
    const n = this.archs.length;
    this.archs.push(a);
    if (n >= this.codes.length) {
      const len = Math.max(1024, this.codes.length * 2);
      const codes = new Float64Array(len);
      codes.set(this.codes);
      const keys = new Float64Array(len).fill(Number.NaN);
      keys.set(this.keys);
      this.codes = codes;
      this.keys = keys;
    }
    this.codes[n] = code;
    return n;
  }

  arch(node: number): Arch {
    return this.archs[node];
  }

  /** `space.key(arch(node))`, computed once per node. */
  keyOf(node: number): number {
    let k = this.keys[node];
    if (Number.isNaN(k)) {
      k = this.space.key(this.archs[node]);
      this.keys[node] = k;
    }
    return k;
  }

  /** `space.code(arch(node))`. */
  codeOf(node: number): number {
    return this.codes[node];
  }

  /** The neighbours of a node, as nodes, in `space.neighbours` order (cached). */
  neighbours(node: number): Int32Array {
    let list = this.nbrs[node];
    if (list === undefined) {
      if (this.places) list = this.hammingNeighbours(node, this.places);
      else {
        const archs = this.space.neighbours(this.archs[node]);
        list = new Int32Array(archs.length);
        for (let i = 0; i < archs.length; i++) list[i] = this.intern(archs[i]);
      }
      this.nbrs[node] = list;
      if (list.length > this.scratch.length) this.scratch = new Int32Array(list.length * 2);
    }
    return list;
  }

  /**
   * The neighbours of `HammingSpace.neighbours`, in its order (position by position, values ascending), as
   * nodes: the code of each is the node's code moved by (v − a[i]) · place[i]; the genotype is built only
   * for a code not interned yet. Same nodes, same numbering as interning `space.neighbours(a)`.
   */
  private hammingNeighbours(node: number, places: Float64Array): Int32Array {
    const a = this.archs[node];
    const base = this.codes[node];
    const cards = (this.space as HammingSpace).cardinalities;
    const list = new Int32Array((this.space as HammingSpace).neighbourCount);
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      const c = cards[i];
      const ai = a[i];
      for (let v = 0; v < c; v++) {
        if (v === ai) continue;
        const code = base + (v - ai) * places[i];
        const n = code < this.dense.length ? this.dense[code] : -1;
        if (n >= 0) list[j++] = n;
        else {
          const b = a.slice();
          b[i] = v;
          list[j++] = this.intern(b);
        }
      }
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
    this.keys = new Float64Array(0);
    this.codes = new Float64Array(0);
  }
}

/** Place values of a HammingSpace whose codes are exact and whose neighbours/code are the base class's. */
function hammingPlaces(space: SearchSpace): Float64Array | null {
  if (!(space instanceof HammingSpace) || !space.keyExact) return null;
  const base = HammingSpace.prototype;
  if (space.neighbours !== base.neighbours || space.code !== base.code) return null;
  const places = new Float64Array(space.genotypeLength);
  let place = 1;
  for (let i = 0; i < places.length; i++) {
    places[i] = place;
    place *= space.cardinalities[i];
  }
  return places;
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
  /** Queries whose evaluation failed (NaN: skipped by the algorithm, still counted as spent). */
  failed = 0;
  /** The best known (pre-queried, `Problem.known`) architecture that lies in the space, as a node; −1: none. */
  knownStart = -1;
  private readonly optimum: number;
  private readonly targets: ReadonlySet<number> | undefined;
  private readonly sameReport: boolean;

  constructor(
    readonly ctx: SearchContext,
    total: number,
    readonly untilOptimum = false,
    /**
     * Evaluations an algorithm puts in flight at once (`--workers N`, batch-parallel variants; docs/search.md).
     * 1: the sequential algorithms, unchanged.
     */
    readonly batch = 1,
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
    if (p.known) this.preload(p.known);
  }

  /** True when the run must stop: budget spent, optimum reached (with untilOptimum) or space exhausted. */
  get done(): boolean {
    return this.stopped !== undefined || this.counter.queries >= this.budget;
  }

  /** Whether the node's canonical class was already queried in this run. */
  queried(node: number): boolean {
    return this.counter.hasKey(this.ctx.keyOf(node));
  }

  /** The search value of a node: a query when its class is new, free otherwise. */
  query(node: number): number {
    const c = this.counter;
    const before = c.queries;
    const ctx = this.ctx;
    const a = ctx.arch(node);
    const v = c.evaluateKeyed(a, ctx.keyOf(node), ctx.codeOf(node));
    if (c.queries !== before) {
      this.order[before] = node;
      this.values[before] = v;
      if (Number.isNaN(v)) this.failed++; // NaN: a failed evaluation, never the incumbent (NaN > x is false)
      if (v > this.best) {
        this.best = v;
        this.bestNode = node;
        this.bestReport = this.sameReport ? v : this.ctx.problem.report(a);
        if (this.hitAt < 0 && this.targets === undefined && v >= this.optimum) this.hit();
      }
      if (this.hitAt < 0 && this.targets !== undefined && this.targets.has(ctx.keyOf(node))) this.hit();
      this.trace[this.extra + before] = this.bestReport;
    }
    return v;
  }

  /**
   * Queries `nodes[0..len)` as one batch: declares them to the counter first (an asynchronous backend then
   * evaluates every new one concurrently), then queries them in order. `len` must not exceed the budget
   * left (callers size batches with `batchRoom`). Returns the values in `out`.
   */
  queryBatch(nodes: ArrayLike<number>, len: number, out: Float64Array, charged?: Uint8Array): void {
    if (len > 1) {
      const archs = new Array<Arch>(len);
      for (let i = 0; i < len; i++) archs[i] = this.ctx.arch(nodes[i]);
      this.counter.declare(archs);
    }
    for (let i = 0; i < len; i++) {
      const before = this.counter.queries;
      out[i] = this.query(nodes[i]);
      if (charged) charged[i] = this.counter.queries > before ? 1 : 0;
    }
  }

  /** Size of the next batch: `batch`, bounded by the queries left. */
  batchRoom(): number {
    return Math.max(0, Math.min(this.batch, this.budget - this.counter.queries));
  }

  /** Serves the known architectures free and starts the incumbent at their best (see `Problem.known`). */
  private preload(known: NonNullable<Problem["known"]>): void {
    let startV = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < known.archs.length; i++) {
      const a = known.archs[i];
      const v = known.values[i];
      this.counter.remember(a, v);
      if (v > this.best) {
        this.best = v;
        this.bestNode = this.ctx.intern(a);
        this.bestReport = this.sameReport ? v : this.ctx.problem.report(a);
      }
      if (v > startV && this.ctx.space.isValid(a)) {
        startV = v;
        this.knownStart = this.ctx.intern(a);
      }
    }
    if (this.bestNode >= 0 && this.extra > 0) this.trace[this.extra - 1] = this.bestReport;
    if (this.bestNode >= 0 && this.targets === undefined && this.best >= this.optimum) {
      this.hitAt = this.extra;
      if (this.untilOptimum) this.stopped = "optimum";
    }
  }

  private hit(): void {
    this.hitAt = this.extra + this.counter.queries;
    if (this.untilOptimum) this.stopped = "optimum";
  }

  /** Not yet queried and not ruled out by a cheap constraint (`Problem.exclude`). */
  private open(node: number): boolean {
    if (this.queried(node)) return false;
    const exclude = this.counter.exclude;
    return exclude === undefined || !exclude(this.ctx.arch(node));
  }

  /**
   * A uniformly sampled feasible architecture whose class this run has not queried; −1 when none can be
   * found.
   */
  sampleNew(rng: Rng): number {
    const ctx = this.ctx;
    for (let t = 0; t < SAMPLE_TRIES; t++) {
      const n = ctx.sampleNode(rng);
      if (this.open(n)) return n;
    }
    const all = ctx.allNodes();
    if (all === null) return -1;
    let free = 0;
    for (let i = 0; i < all.length; i++) if (this.open(all[i])) free++;
    if (free === 0) return -1;
    let k = rng.int(free);
    for (let i = 0; i < all.length; i++) {
      if (this.open(all[i]) && k-- === 0) return all[i];
    }
    return -1;
  }

  /**
   * Up to `n` distinct new nodes (classes neither queried nor already drawn for this batch) into `out`;
   * returns how many. With n = 1 it is exactly one `sampleNew` (same random draws).
   */
  sampleBatch(rng: Rng, n: number, out: Int32Array): number {
    if (n <= 1) {
      const one = this.sampleNew(rng);
      if (one < 0) return 0;
      out[0] = one;
      return 1;
    }
    const keys = new Set<number>();
    let len = 0;
    for (let tries = 0; len < n && tries < n * SAMPLE_TRIES; tries++) {
      const c = this.sampleNew(rng);
      if (c < 0) break;
      const key = this.ctx.space.key(this.ctx.arch(c));
      if (keys.has(key)) continue;
      keys.add(key);
      out[len++] = c;
    }
    return len;
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
    exclude: options.exclude,
  };
}
