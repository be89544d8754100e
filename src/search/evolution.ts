import { IndexScratch, type Rng } from "../core/rng.js";
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
  const join = (child: number, v: number) => {
    if (Number.isNaN(v)) return; // a failed evaluation (NaN) never joins the population: never a parent
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
  };
  if (st.batch > 1) {
    fillBatches(st, rng, P, () => size, join);
  }
  while (size < P && !st.done) {
    const n = st.sampleNew(rng);
    if (n < 0) break;
    st.steps++;
    const v = st.query(n);
    if (Number.isNaN(v)) continue; // failed: skipped (the query is spent)
    pop[size] = n;
    val[size] = v;
    size++;
    if (observe) observe(...ordered());
  }
  if (size === 0) {
    if (!st.done) st.exhaust();
    return;
  }
  const picks = new Int32Array(Math.max(1, Math.min(opts.sampleSize, P)));
  const scratch = new IndexScratch(P);
  const draw = (): number => {
    const S = Math.min(opts.sampleSize, size);
    rng.sampleIndices(size, S, scratch, picks);
    let best = (head + picks[0]) % P;
    for (let i = 1; i < S; i++) {
      const j = (head + picks[i]) % P;
      if (val[j] > val[best]) best = j;
    }
    return ctx.intern(ctx.space.mutate(ctx.arch(pop[best]), rng));
  };
  let free = 0;
  if (st.batch > 1) {
    generationBatches(
      st,
      rng,
      () => (free >= STALL_LIMIT ? -1 : guide ? guide.choose(st, draw, rng) : draw()),
      (n, v, charged) => {
        free = charged ? 0 : free + 1;
        join(n, v);
      },
    );
    return;
  }
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
    join(child, v);
  }
}

/** Batch variant of the initial population (`st.batch` = N > 1): N new random architectures at a time. */
function fillBatches(
  st: RunState,
  rng: Rng,
  P: number,
  size: () => number,
  join: (n: number, v: number) => void,
): void {
  const nodes = new Int32Array(st.batch);
  const values = new Float64Array(st.batch);
  while (size() < P && !st.done) {
    const len = st.sampleBatch(rng, Math.min(st.batchRoom(), P - size()), nodes);
    if (len === 0) return;
    st.steps += len;
    st.queryBatch(nodes, len, values);
    for (let j = 0; j < len; j++) join(nodes[j], values[j]);
  }
}

/**
 * Batch variant of the generations (`st.batch` = N > 1): N tournaments on the current population give N
 * children (N mutations; an immigrant after a stall), queried as one batch; then they join the population
 * in order, each killing the oldest. `child()` returns −1 when a stall calls for an immigrant.
 */
function generationBatches(
  st: RunState,
  rng: Rng,
  child: () => number,
  joined: (n: number, v: number, charged: boolean) => void,
): void {
  const nodes = new Int32Array(st.batch);
  const values = new Float64Array(st.batch);
  const charged = new Uint8Array(st.batch);
  while (!st.done) {
    let len = 0;
    const room = st.batchRoom();
    for (; len < room; len++) {
      let c = child();
      if (c < 0) {
        c = st.sampleNew(rng);
        if (c < 0) break;
        st.immigrants++;
      }
      nodes[len] = c;
    }
    if (len === 0) {
      st.exhaust();
      return;
    }
    st.steps += len;
    st.queryBatch(nodes, len, values, charged);
    for (let j = 0; j < len; j++) joined(nodes[j], values[j], charged[j] === 1);
  }
}
