import type { Rng } from "../../core/rng.js";
import type { Predictor } from "../../predictors/predictor.js";
import { neighbourhood } from "../../shrink/neighbourhood.js";
import { type Arch, encodeMany, type SearchSpace } from "../../spaces/space.js";
import { predictorFactory } from "../algorithms.js";
import { crowdingDistance, nonDominatedSort } from "./sorting.js";
import type { MultiRun } from "./state.js";

/**
 * Defaults of the multi-objective LISSNAS shrinkage, those of src/shrink/lissnas.ts where they exist
 * (budget 100, ⌈budget/2⌉ initial queries, 10 queries per iteration, 20 seeds, at most 10 iterations,
 * neighbour limit 5,000, 1,000 initial samples).
 */
export const MULTI_LISSNAS = {
  maxQueries: 100,
  candidates: 1000,
  seeds: 20,
  neighbourLimit: 5000,
  queriesPerIteration: 10,
  maxIterations: 10,
};

/** One iteration of the multi-objective shrinkage. */
export interface MultiLissnasIteration {
  iteration: number;
  seeds: number;
  /** Members (canonical classes) of the space built in this iteration. */
  size: number;
  /** Queries of the run after this iteration's queries (cumulative, shrinkage included). */
  queries: number;
  /** Hypervolume of the evaluated set (the archive) before and after this iteration's queries. */
  hvBefore: number;
  hvAfter: number;
  /** Iteration 1 always; later ones when the hypervolume of the evaluated set rose. */
  accepted: boolean;
}

/** A shrunk space for Pareto local search: canonical keys and genotypes, and the shrinkage's log. */
export interface MultiPool {
  keys: Set<number>;
  archs: Arch[];
  iterations: MultiLissnasIteration[];
}

/**
 * LISSNAS (Gopal et al., paper §4.3) for several objectives, iterative like src/shrink/lissnas.ts. The
 * shrinkage spends m = min(100, ⌈budget/3⌉) queries of the run (charged: they are the run's own queries):
 *
 * 1. query ⌈m/2⌉ uniform feasible architectures; draw 1,000 uniform feasible candidates;
 * 2. iterate (at most 10 times): fit one GBDT per objective that is not `--cheap` (cheap objectives are
 *    looked up as is, free) on every queried point; score the candidates (initial samples ∪ previous space
 *    ∪ queried; queried ones by their observed values); seeds = the predicted non-dominated set (first
 *    fronts of a non-dominated sort until 20 seeds, the last front cut by crowding distance); the space =
 *    the seeds and every feasible architecture within edit distance ⌈maxEditDistance / 3⌉ of one;
 *    query the 10 best-ranked (non-dominated sort, then crowding) unqueried members of the space;
 * 3. from iteration 2 on, the space is kept only when those queries raised the hypervolume of the evaluated
 *    set; otherwise stop and return the previous space (the rule of §4.3 2c with hypervolume for the mean).
 *    Stop too when the m queries are spent.
 *
 * Cheaply infeasible architectures are never candidates, seeds or members; paid-infeasible ones cost their
 * query and never enter the archive (src/search/multi/state.ts).
 */
export function lissnasPool(st: MultiRun, rng: Rng): MultiPool {
  const space = st.problem.space;
  const m = Math.min(MULTI_LISSNAS.maxQueries, Math.ceil(st.budget / 3));
  const stopAt = st.counter.queries + m;
  const sample = rng.child("sample");
  const first = Math.ceil(m / 2);
  for (let i = 0; i < first && !st.done; i++) {
    const a = st.sampleNew(sample);
    if (!a) break;
    st.query(a);
  }
  const initial = uniformCandidates(st, rng.child("candidates"));
  const radius = Math.ceil(space.maxEditDistance() / 3);
  const iterations: MultiLissnasIteration[] = [];
  let previous: MultiPool | undefined;
  for (let t = 1; t <= MULTI_LISSNAS.maxIterations; t++) {
    const models = fitModels(st, rng.child("fit", t));
    const cands = unionByKey(space, [initial, previous?.archs ?? [], st.archs]);
    const scores = predictScores(st, models, cands);
    const seeds = selectByRank(scores, st.k, cands.length, MULTI_LISSNAS.seeds);
    const pool = ballsAround(
      st,
      seeds.map((s) => cands[s]),
      radius,
      rng.child("ball", t),
    );
    const hvBefore = st.archiveHv();
    const want = Math.min(MULTI_LISSNAS.queriesPerIteration, stopAt - st.counter.queries);
    const open = pool.archs.filter((a) => !st.closed(a));
    if (want > 0 && open.length > 0) {
      const picks = selectByRank(predictScores(st, models, open), st.k, open.length, want);
      for (const i of picks) if (!st.done) st.query(open[i]);
    }
    const hvAfter = st.archiveHv();
    const accepted = t === 1 || hvAfter > hvBefore;
    iterations.push({
      iteration: t,
      seeds: seeds.length,
      size: pool.archs.length,
      queries: st.extra + st.counter.queries,
      hvBefore,
      hvAfter,
      accepted,
    });
    if (!accepted) break;
    previous = pool;
    if (st.counter.queries >= stopAt || st.done || open.length === 0) break;
  }
  return { ...(previous as MultiPool), iterations };
}

/** `MULTI_LISSNAS.candidates` uniform draws, distinct classes, cheaply infeasible ones skipped. */
function uniformCandidates(st: MultiRun, draw: Rng): Arch[] {
  const space = st.problem.space;
  const out: Arch[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < MULTI_LISSNAS.candidates; i++) {
    const a = space.sample(draw);
    const key = space.key(a);
    if (seen.has(key) || st.counter.exclude?.(a)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** The architectures of several lists, first occurrence of each canonical class kept, in order. */
function unionByKey(space: SearchSpace, lists: ReadonlyArray<readonly Arch[]>): Arch[] {
  const seen = new Set<number>();
  const out: Arch[] = [];
  for (const list of lists) {
    for (const a of list) {
      const key = space.key(a);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(a);
    }
  }
  return out;
}

/**
 * The first `n` indices by NSGA-II order: whole fronts of a non-dominated sort while they fit, the last one
 * cut by crowding distance (ties by index).
 */
function selectByRank(scores: Float64Array, k: number, count: number, n: number): number[] {
  const out: number[] = [];
  const all = Array.from({ length: count }, (_, i) => i);
  for (const front of nonDominatedSort(scores, k, all)) {
    if (out.length + front.length <= n) {
      out.push(...front);
      continue;
    }
    const d = crowdingDistance(scores, k, front);
    const order = front.map((_, i) => i).sort((a, b) => d[b] - d[a] || front[a] - front[b]);
    for (let i = 0; out.length < n; i++) out.push(front[order[i]]);
    break;
  }
  return out;
}

/** The seeds and every feasible (cheap constraints) architecture within `radius` of one, by class. */
function ballsAround(st: MultiRun, seeds: Arch[], radius: number, rng: Rng): MultiPool {
  const space = st.problem.space;
  const pool: MultiPool = { keys: new Set<number>(), archs: [], iterations: [] };
  const add = (a: Arch) => {
    const key = space.key(a);
    if (pool.keys.has(key) || st.counter.exclude?.(a)) return;
    pool.keys.add(key);
    pool.archs.push(a);
  };
  seeds.forEach((s, i) => {
    add(s);
    for (const a of neighbourhood(space, s, radius, MULTI_LISSNAS.neighbourLimit, rng.child(i)).archs) add(a);
  });
  return pool;
}

/** One fitted predictor per objective that is not cheap (undefined for cheap ones), on every queried point. */
function fitModels(st: MultiRun, rng: Rng): Array<Predictor | undefined> {
  const p = st.problem;
  const space = p.space;
  const enc = space.encodings[0];
  const width = space.encodingLength(enc);
  const xTrain = encodeMany(space, st.archs, enc);
  return p.specs.map((_, j) => {
    if (p.cheap[j] || st.archs.length === 0) return undefined;
    const y = Float64Array.from(st.archs, (_, i) => st.values[i * p.k + j]);
    const model = predictorFactory("gbdt")();
    model.fit(xTrain, width, y, rng.child("objective", j));
    return model;
  });
}

/** Scores (internal, row-major cands × k): observed when queried, table value when cheap, else predicted. */
function predictScores(st: MultiRun, models: Array<Predictor | undefined>, cands: Arch[]): Float64Array {
  const p = st.problem;
  const space = p.space;
  const enc = space.encodings[0];
  const width = space.encodingLength(enc);
  const xCand = encodeMany(space, cands, enc);
  const out = new Float64Array(cands.length * p.k);
  for (let j = 0; j < p.k; j++) {
    const pred = models[j]?.predict(xCand, width);
    for (let i = 0; i < cands.length; i++) {
      const row = p.table.rowOf(cands[i]);
      // no model (nothing feasible queried yet) for a paid objective: no information, a constant
      out[i * p.k + j] = pred
        ? pred[i]
        : !p.cheap[j]
          ? 0
          : row >= 0
            ? p.columns[j][row]
            : Number.NEGATIVE_INFINITY;
    }
  }
  // queried candidates are scored by what was observed
  const queried = new Map<number, number>();
  for (let i = 0; i < st.archs.length; i++) queried.set(space.key(st.archs[i]), i);
  for (let i = 0; i < cands.length; i++) {
    const idx = queried.get(space.key(cands[i]));
    if (idx !== undefined) out.set(st.values.subarray(idx * p.k, (idx + 1) * p.k), i * p.k);
  }
  return out;
}
