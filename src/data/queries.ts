import { LissnasError, UsageError } from "../core/errors.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import type { BatchObjective } from "./engine.js";
import { codeReader, type Objective } from "./evaluator.js";

/** Keys below this bound are stored in typed arrays; larger (hashed) keys go to a Map. */
const DENSE_KEYS = 1 << 22;

/** Thrown by `QueryCounter.evaluate` when a new query would exceed the budget. */
export class BudgetExhausted extends LissnasError {
  constructor(budget: number) {
    super(`query budget of ${budget} exhausted`);
    this.name = "BudgetExhausted";
  }
}

/**
 * Honest query accounting (local-search paper; nasbench issue #6 on duplicate queries).
 *
 * A *query* is one unique canonical architecture evaluated. Evaluating an architecture whose canonical key
 * was already evaluated costs nothing: it returns the value of the first evaluation of that class (the
 * same computation graph is not trained twice) and is counted as a `repeat` (same genotype) or an
 * `isomorph` (another genotype of the same class). Optional `seconds` gives the simulated training time of
 * each new query (from a table column), summed in `simulatedSeconds`, separately from wall-clock.
 *
 * An optional `budget` caps the number of queries: a new query beyond it throws `BudgetExhausted` (repeats
 * and isomorphs stay free). `reset()` forgets everything in O(1) so one counter can serve many runs; keys
 * that are small non-negative integers (exact keys of spaces such as NB201) live in typed arrays stamped
 * with the run's generation, other keys in a Map.
 */
export class QueryCounter {
  queries = 0;
  repeats = 0;
  isomorphs = 0;
  simulatedSeconds = 0;
  /** Architectures `exclude` ruled out for free (not queries). */
  excluded = 0;
  /**
   * A free feasibility test (constraints on `--cheap` columns): a genotype it returns true for is never
   * evaluated, costs no query and is worth −∞; its class is not recorded (a feasible isomorph of it may
   * still be queried: latencies differ between isomorphic genotypes). See src/data/constraints.ts.
   */
  exclude?: (a: Arch) => boolean;
  /** Maximum number of queries (Infinity: none). */
  budget: number;
  private generation = 1;
  private stamp = new Uint32Array(0);
  private values = new Float64Array(0);
  private codes = new Float64Array(0);
  private readonly seen = new Map<number, { value: number; code: number }>();
  /** The objectives read by the code the caller knows, when they offer it (`codeReader`, issue 17). */
  private readonly objectiveByCode: ((code: number, a: Arch) => number) | undefined;
  private readonly secondsByCode: ((code: number, a: Arch) => number) | undefined;

  constructor(
    readonly space: SearchSpace,
    private readonly objective: Objective,
    private readonly seconds?: Objective,
    options: { budget?: number } = {},
  ) {
    this.budget = checkBudget(options.budget ?? Number.POSITIVE_INFINITY);
    this.objectiveByCode = codeReader(objective, space);
    this.secondsByCode = seconds ? codeReader(seconds, space) : undefined;
  }

  /** Queries left before the budget is spent. */
  get remaining(): number {
    return this.budget - this.queries;
  }

  /** Forgets every evaluation and zeroes the counts (O(1) for dense keys); optionally sets a new budget. */
  reset(budget: number = this.budget): void {
    this.budget = checkBudget(budget);
    this.queries = 0;
    this.repeats = 0;
    this.isomorphs = 0;
    this.simulatedSeconds = 0;
    this.excluded = 0;
    this.seen.clear();
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  /** Value of `a`, charging a query only for a new canonical class. */
  evaluate(a: Arch): number {
    if (this.exclude?.(a)) return this.excludedValue();
    return this.evaluateKeyed(a, this.space.key(a), this.space.code(a));
  }

  /**
   * `evaluate(a)` for a caller that already knows `a`'s canonical key and code (the search loops cache them
   * per interned node): the same counts and values, without recomputing either.
   */
  evaluateKeyed(a: Arch, key: number, code: number): number {
    if (this.exclude?.(a)) return this.excludedValue();
    if (key >= 0 && key < DENSE_KEYS && Number.isInteger(key)) {
      if (key < this.stamp.length && this.stamp[key] === this.generation) {
        if (this.codes[key] === code) this.repeats++;
        else this.isomorphs++;
        return this.values[key];
      }
      const value = this.charge(a, code);
      if (key >= this.stamp.length) this.grow(key);
      this.stamp[key] = this.generation;
      this.values[key] = value;
      this.codes[key] = code;
      return value;
    }
    const hit = this.seen.get(key);
    if (hit !== undefined) {
      if (hit.code === code) this.repeats++;
      else this.isomorphs++;
      return hit.value;
    }
    const value = this.charge(a, code);
    this.seen.set(key, { value, code });
    return value;
  }

  /** Cheaply infeasible (issue #15, `--cheap`): looked up free, never queried nor recorded, worth −∞. */
  private excludedValue(): number {
    this.excluded++;
    return Number.NEGATIVE_INFINITY;
  }

  /**
   * Declares a batch (issue #11's engine): tells a batch-aware objective (`BatchObjective.prepare`, the
   * evaluation engine's) every distinct not-yet-queried class of `archs` that the budget still allows, so
   * they are evaluated concurrently. Table and synthetic objectives have no `prepare`: nothing happens.
   */
  declare(archs: readonly Arch[]): void {
    const prepare = (this.objective as BatchObjective).prepare;
    if (prepare === undefined || archs.length === 0) return;
    const fresh: Arch[] = [];
    const keys = new Set<number>();
    for (const a of archs) {
      if (fresh.length >= this.remaining) break;
      const key = this.space.key(a);
      if (keys.has(key) || this.has(a)) continue;
      keys.add(key);
      fresh.push(a);
    }
    if (fresh.length > 0) prepare(fresh);
  }

  /** `declare(archs)`, then the value of each in order (a query for each new class, as `evaluate`). */
  evaluateMany(archs: readonly Arch[]): Float64Array {
    this.declare(archs);
    const out = new Float64Array(archs.length);
    for (let i = 0; i < archs.length; i++) out[i] = this.evaluate(archs[i]);
    return out;
  }

  /**
   * Records `value` as the known value of `a`'s class without charging a query (issue #14: a query spent
   * before this run, e.g. by the shrinkage, whose cost is charged as extra queries instead). Later
   * evaluations of the class are then free. A class already known keeps its first value.
   */
  remember(a: Arch, value: number): void {
    if (this.has(a)) return;
    const key = this.space.key(a);
    if (key >= 0 && key < DENSE_KEYS && Number.isInteger(key)) {
      if (key >= this.stamp.length) this.grow(key);
      this.stamp[key] = this.generation;
      this.values[key] = value;
      this.codes[key] = this.space.code(a);
      return;
    }
    this.seen.set(key, { value, code: this.space.code(a) });
  }

  /** Whether the canonical class of `a` was already evaluated. */
  has(a: Arch): boolean {
    return this.hasKey(this.space.key(a));
  }

  /** Whether the canonical class with this key was already evaluated. */
  hasKey(key: number): boolean {
    if (key >= 0 && key < DENSE_KEYS && Number.isInteger(key)) {
      return key < this.stamp.length && this.stamp[key] === this.generation;
    }
    return this.seen.has(key);
  }

  /** The value of `a`'s class if it was already evaluated (free), else undefined. */
  known(a: Arch): number | undefined {
    const key = this.space.key(a);
    if (key >= 0 && key < DENSE_KEYS && Number.isInteger(key)) {
      return key < this.stamp.length && this.stamp[key] === this.generation ? this.values[key] : undefined;
    }
    return this.seen.get(key)?.value;
  }

  /** A new query of `a` (whose code is `code`): the objective read, by code when it can be. */
  private charge(a: Arch, code: number): number {
    if (this.queries >= this.budget) throw new BudgetExhausted(this.budget);
    const byCode = this.objectiveByCode;
    const value = byCode !== undefined ? byCode(code, a) : this.objective(a);
    this.queries++;
    if (this.seconds) {
      const s = this.secondsByCode;
      this.simulatedSeconds += s !== undefined ? s(code, a) : this.seconds(a);
    }
    return value;
  }

  private grow(key: number): void {
    let n = Math.max(1024, this.stamp.length);
    while (n <= key) n *= 2;
    n = Math.min(n, DENSE_KEYS);
    const stamp = new Uint32Array(n);
    stamp.set(this.stamp);
    const values = new Float64Array(n);
    values.set(this.values);
    const codes = new Float64Array(n);
    codes.set(this.codes);
    this.stamp = stamp;
    this.values = values;
    this.codes = codes;
  }
}

function checkBudget(budget: number): number {
  if (!(budget === Number.POSITIVE_INFINITY || (Number.isInteger(budget) && budget >= 0))) {
    throw new UsageError(`query budget must be a non-negative integer, got ${budget}`);
  }
  return budget;
}
