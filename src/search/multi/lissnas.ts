import type { Rng } from "../../core/rng.js";
import { neighbourhood } from "../../shrink/neighbourhood.js";
import { type Arch, encodeMany } from "../../spaces/space.js";
import { predictorFactory } from "../algorithms.js";
import { crowdingDistance, nonDominatedSort } from "./sorting.js";
import type { MultiRun } from "./state.js";

/** Defaults of the multi-objective LISSNAS shrinkage (those of src/shrink/lissnas.ts where they exist). */
export const MULTI_LISSNAS = { maxQueries: 100, candidates: 1000, seeds: 20, neighbourLimit: 5000 };

/**
 * LISSNAS (Goel et al., paper §4.3) for several objectives, one-shot: query min(100, ⌈budget/3⌉) uniform
 * architectures (real queries of the run, so the shrinkage is charged); fit one GBDT predictor per
 * objective that is not `--cheap` (cheap objectives are looked up as is, free); score 1,000 uniform
 * candidates (queried ones by their observed values); seeds are the predicted non-dominated set — the
 * first fronts of a non-dominated sort until 20 seeds, the last front cut by crowding distance; the shrunk
 * space is the seeds and every architecture within edit distance ⌈maxEditDistance / 3⌉ of one
 * (LISSNAS's default threshold). Returns it as canonical keys and genotypes, for Pareto local search.
 */
export function lissnasPool(st: MultiRun, rng: Rng): { keys: Set<number>; archs: Arch[] } {
  const p = st.problem;
  const space = p.space;
  const m = Math.min(MULTI_LISSNAS.maxQueries, Math.ceil(st.budget / 3));
  for (let i = 0; i < m && !st.done; i++) {
    const a = st.sampleNew(rng.child("sample"));
    if (!a) break;
    st.query(a);
  }
  const cands: Arch[] = [];
  const seen = new Set<number>();
  const draw = rng.child("candidates");
  for (let i = 0; i < MULTI_LISSNAS.candidates; i++) {
    const a = space.sample(draw);
    const key = space.key(a);
    if (seen.has(key) || st.counter.exclude?.(a)) continue;
    seen.add(key);
    cands.push(a);
  }
  const scores = predictScores(st, cands, rng.child("fit"));
  const all = cands.map((_, i) => i);
  const seeds: number[] = [];
  for (const front of nonDominatedSort(scores, p.k, all)) {
    if (seeds.length + front.length <= MULTI_LISSNAS.seeds) {
      seeds.push(...front);
      continue;
    }
    const d = crowdingDistance(scores, p.k, front);
    const order = front.map((_, i) => i).sort((a, b) => d[b] - d[a] || front[a] - front[b]);
    for (let i = 0; seeds.length < MULTI_LISSNAS.seeds; i++) seeds.push(front[order[i]]);
    break;
  }
  const radius = Math.ceil(space.maxEditDistance() / 3);
  const pool = { keys: new Set<number>(), archs: [] as Arch[] };
  const add = (a: Arch) => {
    const key = space.key(a);
    if (pool.keys.has(key)) return;
    pool.keys.add(key);
    pool.archs.push(a);
  };
  for (const s of seeds) {
    add(cands[s]);
    for (const a of neighbourhood(space, cands[s], radius, MULTI_LISSNAS.neighbourLimit, rng.child("ball", s))
      .archs)
      add(a);
  }
  return pool;
}

/** Scores (internal, row-major cands × k): observed when queried, table value when cheap, else predicted. */
function predictScores(st: MultiRun, cands: Arch[], rng: Rng): Float64Array {
  const p = st.problem;
  const space = p.space;
  const enc = space.encodings[0];
  const width = space.encodingLength(enc);
  const xTrain = encodeMany(space, st.archs, enc);
  const xCand = encodeMany(space, cands, enc);
  const out = new Float64Array(cands.length * p.k);
  for (let j = 0; j < p.k; j++) {
    let pred: Float64Array | undefined;
    if (!p.cheap[j]) {
      const y = Float64Array.from(st.archs, (_, i) => st.values[i * p.k + j]);
      const model = predictorFactory("gbdt")();
      model.fit(xTrain, width, y, rng.child("objective", j));
      pred = model.predict(xCand, width);
    }
    for (let i = 0; i < cands.length; i++) {
      const row = p.table.rowOf(cands[i]);
      out[i * p.k + j] = pred ? pred[i] : row >= 0 ? p.columns[j][row] : Number.NEGATIVE_INFINITY;
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
