import { UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { Arch, SearchSpace } from "../../spaces/space.js";
import { MemberSet } from "../member-set.js";
import type { Scorer } from "./scores.js";

export interface GreedyNasOptions {
  /** Candidate-pool size: the shrunk space's size (GreedyNAS: 1,000). */
  poolSize: number;
  /** Paths sampled per step (GreedyNAS: m = 10). */
  m?: number;
  /** Paths kept per step (GreedyNAS: k = 5). */
  k?: number;
  /** Sampling steps (default: 20 × poolSize / k, so the pool is refreshed many times over). */
  steps?: number;
  /** Final probability of sampling from the pool; ε rises linearly from 0 (GreedyNAS: 0.8). */
  maxPoolProbability?: number;
}

export interface GreedyNasResult {
  space: MemberSet;
  steps: number;
  scored: number;
  /** Mean score of the pool at the end. */
  poolMeanScore: number;
}

/**
 * GreedyNAS (You et al., CVPR 2020): multi-path sampling with rejection. At step t, ε_t rises linearly
 * from 0 to `maxPoolProbability`; m paths are drawn — each from the candidate pool with probability ε_t,
 * else uniformly from the space — scored, and the best k enter the candidate pool, a bounded min-heap of the
 * `poolSize` best distinct (canonical) paths found. The final pool is the shrunk space (an explicit member
 * set). Departures: the score is our predictor's instead of the supernet's loss on a validation batch, and
 * no supernet is trained between steps, so the scores of pool members do not change over time.
 */
export function greedyNasShrink(
  base: SearchSpace,
  scorer: Scorer,
  rng: Rng,
  options: GreedyNasOptions,
): GreedyNasResult {
  const m = options.m ?? 10;
  const k = options.k ?? 5;
  const P = options.poolSize;
  const eMax = options.maxPoolProbability ?? 0.8;
  if (!Number.isInteger(P) || P < 1) throw new UsageError("greedynas: poolSize must be an integer ≥ 1");
  if (!Number.isInteger(m) || m < 1 || !Number.isInteger(k) || k < 1 || k > m) {
    throw new UsageError("greedynas: need integers 1 ≤ k ≤ m");
  }
  if (!(eMax >= 0 && eMax <= 1)) throw new UsageError("greedynas: maxPoolProbability must be in [0, 1]");
  const steps = options.steps ?? Math.ceil((20 * P) / k);
  if (!Number.isInteger(steps) || steps < 1) throw new UsageError("greedynas: steps must be an integer ≥ 1");

  // Min-heap of pool entries by score: parallel arrays, genotypes kept for pool sampling.
  const heapScore = new Float64Array(P);
  const heapKey = new Float64Array(P);
  const heapArch: Arch[] = new Array(P);
  let size = 0;
  const inPool = new Map<number, number>(); // key → heap slot
  const swap = (i: number, j: number) => {
    const s = heapScore[i];
    heapScore[i] = heapScore[j];
    heapScore[j] = s;
    const q = heapKey[i];
    heapKey[i] = heapKey[j];
    heapKey[j] = q;
    const a = heapArch[i];
    heapArch[i] = heapArch[j];
    heapArch[j] = a;
    inPool.set(heapKey[i], i);
    inPool.set(heapKey[j], j);
  };
  const less = (i: number, j: number) =>
    heapScore[i] < heapScore[j] || (heapScore[i] === heapScore[j] && heapKey[i] > heapKey[j]);
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(i, p)) break;
      swap(i, p);
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < size && less(l, s)) s = l;
      if (r < size && less(r, s)) s = r;
      if (s === i) return;
      swap(i, s);
      i = s;
    }
  };
  const offer = (a: Arch, score: number) => {
    const key = base.key(a);
    if (inPool.has(key)) return;
    if (size < P) {
      heapScore[size] = score;
      heapKey[size] = key;
      heapArch[size] = a;
      inPool.set(key, size);
      up(size++);
    } else if (score > heapScore[0] || (score === heapScore[0] && key < heapKey[0])) {
      inPool.delete(heapKey[0]);
      heapScore[0] = score;
      heapKey[0] = key;
      heapArch[0] = a;
      inPool.set(key, 0);
      down(0);
    }
  };

  const r = rng.child("greedynas");
  let scored = 0;
  for (let t = 0; t < steps; t++) {
    const eps = steps > 1 ? (eMax * t) / (steps - 1) : eMax;
    const batch: Arch[] = [];
    for (let j = 0; j < m; j++)
      batch.push(size > 0 && r.float() < eps ? heapArch[r.int(size)] : base.sample(r));
    const y = scorer(batch);
    scored += m;
    const order = Array.from({ length: m }, (_, j) => j).sort((u, v) => y[v] - y[u] || u - v);
    for (let j = 0; j < k; j++) offer(batch[order[j]], y[order[j]]);
  }
  const members = new MemberSet(base, size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    members.add(heapArch[i]);
    total += heapScore[i];
  }
  return { space: members.sorted(), steps, scored, poolMeanScore: size > 0 ? total / size : Number.NaN };
}
