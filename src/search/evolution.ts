import type { Rng } from "../core/rng.js";
import type { RunState } from "./problem.js";

/** Options of regularised evolution. */
export interface EvolutionOptions {
  /** Population size P (the oldest member dies when a child is born). */
  population: number;
  /** Tournament sample size S: the parent is the best of S distinct members drawn uniformly. */
  sampleSize: number;
}

/**
 * Chooses the child of a step (predictor-guided evolution): gets a function that draws one mutated child
 * of a tournament winner and returns the node to query. Without it, the child is that one draw.
 */
export interface EvolutionGuide {
  choose(st: RunState, draw: () => number, rng: Rng): number;
}

/** Observes the population after each change (tests, traces). Nodes oldest first. */
export type PopulationObserver = (nodes: Int32Array, values: Float64Array) => void;

/**
 * Consecutive free children (already queried) after which the next child is replaced by a uniformly random
 * unqueried architecture (an "immigrant"), so a converged population cannot stall the run without spending
 * its budget. The run stops as exhausted only when no unqueried architecture is left.
 */
export const STALL_LIMIT = 100;

/**
 * Regularised (aging) evolution (Real, Aggarwal, Huang, Le 2019):
 *
 * 1. fill the population with P random architectures not queried before;
 * 2. repeat: draw S distinct members uniformly, take the best as parent, mutate it by one random edit
 *    (`space.mutate`: a uniform neighbour), query the child, append it and remove the *oldest* member.
 *
 * A child whose class was already queried costs nothing (honest accounting) but still joins the population,
 * exactly as in the original algorithm. With honest accounting a converged population can keep producing
 * only queried children (small or shrunk spaces); after STALL_LIMIT consecutive free children the next
 * child is a uniformly random unqueried architecture instead (counted in `st.immigrants`).
 */
export function regularisedEvolution(
  st: RunState,
  rng: Rng,
  opts: EvolutionOptions,
  guide?: EvolutionGuide,
  observe?: PopulationObserver,
): void {
  const ctx = st.ctx;
  const P = opts.population;
  const pop = new Int32Array(P);
  const val = new Float64Array(P);
  let head = 0; // index of the oldest member
  let size = 0;
  const ordered = (): [Int32Array, Float64Array] => {
    const n = new Int32Array(size);
    const v = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      n[i] = pop[(head + i) % P];
      v[i] = val[(head + i) % P];
    }
    return [n, v];
  };
  while (size < P && !st.done) {
    const n = st.sampleNew(rng);
    if (n < 0) break;
    st.steps++;
    pop[size] = n;
    val[size] = st.query(n);
    size++;
    if (observe) observe(...ordered());
  }
  if (size === 0) {
    st.exhaust();
    return;
  }
  const draw = (): number => {
    const S = Math.min(opts.sampleSize, size);
    const picks = rng.sampleIndices(size, S);
    let best = (head + picks[0]) % P;
    for (let i = 1; i < S; i++) {
      const j = (head + picks[i]) % P;
      if (val[j] > val[best]) best = j;
    }
    return ctx.intern(ctx.space.mutate(ctx.arch(pop[best]), rng));
  };
  let free = 0;
  while (!st.done) {
    let child: number;
    if (free >= STALL_LIMIT) {
      child = st.sampleNew(rng);
      if (child < 0) {
        st.exhaust();
        return;
      }
      st.immigrants++;
    } else {
      child = guide ? guide.choose(st, draw, rng) : draw();
    }
    const before = st.counter.queries;
    st.steps++;
    const v = st.query(child);
    if (st.counter.queries === before) free++;
    else free = 0;
    if (size < P) {
      pop[(head + size) % P] = child;
      val[(head + size) % P] = v;
      size++;
    } else {
      pop[head] = child;
      val[head] = v;
      head = (head + 1) % P;
    }
    if (observe) observe(...ordered());
  }
}
