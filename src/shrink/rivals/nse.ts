import { UsageError } from "../../core/errors.js";
import { maxOf } from "../../core/extent.js";
import type { Rng } from "../../core/rng.js";
import type { SearchSpace } from "../../spaces/space.js";
import { ProductSubspace } from "../product.js";
import type { ProductRivalResult, RivalRound } from "./abs.js";
import { allocateKeeps, opScores, productSize, type Scorer, topChoices } from "./scores.js";

export interface NseOptions {
  targetSize: bigint;
  /** Operations per subset of each position's pool (default ⌈choices / 2⌉). */
  subsetSize?: number;
  samples?: number;
}

/**
 * NSE — neural search-space evolution (Ci et al. 2020), emulated with a predictor score. Each position's
 * operation pool is shuffled (seeded) and split into subsets of `subsetSize`; the search starts on the first
 * subset; each round scores the operations of the current sub-space (path averaging), keeps the best k_i of
 * each position (`allocateKeeps`: Π k_i ≤ target) and refills from the next subset of the pool, inheriting
 * the kept operations; it ends when every pool is exhausted, returning the kept operations. Departures: no
 * supernet, so "learned fitness" is the predictor's path-averaged score, not a per-op probability.
 */
export function nseShrink(
  base: SearchSpace,
  scorer: Scorer,
  rng: Rng,
  options: NseOptions,
): ProductRivalResult {
  const samples = options.samples ?? 1000;
  if (options.targetSize < 1n) throw new UsageError("nse: target size must be ≥ 1");
  if (options.subsetSize !== undefined && (!Number.isInteger(options.subsetSize) || options.subsetSize < 1)) {
    throw new UsageError("nse: subsetSize must be an integer ≥ 1");
  }
  const keep = allocateKeeps(base.cardinalities, options.targetSize);
  const order = rng.child("nse-pools");
  const pools = Array.from(base.cardinalities, (c) => {
    const ops = order.shuffle(Array.from({ length: c }, (_, v) => v));
    const size = options.subsetSize ?? Math.max(1, Math.ceil(c / 2));
    const subsets: number[][] = [];
    for (let j = 0; j < ops.length; j += size) subsets.push(ops.slice(j, j + size));
    return subsets;
  });
  const rounds = maxOf(pools.map((p) => p.length));
  let kept: number[][] = pools.map(() => []);
  const log: RivalRound[] = [];
  for (let r = 0; r < rounds; r++) {
    const current = kept.map((k, i) => [...new Set([...k, ...(pools[i][r] ?? [])])].sort((u, v) => u - v));
    const scores = opScores(new ProductSubspace(base, current), scorer, rng.child("nse", r), samples);
    const dropped: RivalRound["dropped"] = [];
    kept = current.map((ops, i) => {
      const best = topChoices(ops, scores.mean[i], keep[i]);
      for (const v of ops)
        if (!best.includes(v)) dropped.push({ position: i, choice: v, score: scores.mean[i][v] });
      return best;
    });
    log.push({ round: r, size: productSize(kept).toString(), scored: scores.scored, dropped });
  }
  return { space: new ProductSubspace(base, kept), rounds: log };
}
