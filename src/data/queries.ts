import type { Arch, SearchSpace } from "../spaces/space.js";
import type { Objective } from "./evaluator.js";

/**
 * Honest query accounting (local-search paper; nasbench issue #6 on duplicate queries).
 *
 * A *query* is one unique canonical architecture evaluated. Evaluating an architecture whose canonical key
 * was already evaluated costs nothing: it returns the value of the first evaluation of that class (the
 * same computation graph is not trained twice) and is counted as a `repeat` (same genotype) or an
 * `isomorph` (another genotype of the same class). Optional `seconds` gives the simulated training time of
 * each new query (from a table column), summed in `simulatedSeconds`, separately from wall-clock.
 */
export class QueryCounter {
  queries = 0;
  repeats = 0;
  isomorphs = 0;
  simulatedSeconds = 0;
  private readonly seen = new Map<number, { value: number; code: number }>();

  constructor(
    readonly space: SearchSpace,
    private readonly objective: Objective,
    private readonly seconds?: Objective,
  ) {}

  /** Value of `a`, charging a query only for a new canonical class. */
  evaluate(a: Arch): number {
    const key = this.space.key(a);
    const hit = this.seen.get(key);
    if (hit !== undefined) {
      if (hit.code === this.space.code(a)) this.repeats++;
      else this.isomorphs++;
      return hit.value;
    }
    const value = this.objective(a);
    this.queries++;
    if (this.seconds) this.simulatedSeconds += this.seconds(a);
    this.seen.set(key, { value, code: this.space.code(a) });
    return value;
  }

  /** Whether the canonical class of `a` was already evaluated. */
  has(a: Arch): boolean {
    return this.seen.has(this.space.key(a));
  }
}
