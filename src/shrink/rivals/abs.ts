import { UsageError } from "../../core/errors.js";
import { maxOf } from "../../core/extent.js";
import type { Rng } from "../../core/rng.js";
import type { SearchSpace } from "../../spaces/space.js";
import { ProductSubspace } from "../product.js";
import { opScores, productSize, type Scorer } from "./scores.js";

export interface AbsOptions {
  /** Stop once the sub-space has at most this many architectures. */
  targetSize: bigint;
  /** Architectures scored per round to rank operations (all of them when the sub-space is this small). */
  samples?: number;
  /** Operations dropped per round; default: the largest number of choices + 1 (ABS's SPOS schedule). */
  dropPerRound?: number;
}

export interface RivalRound {
  round: number;
  size: string;
  scored: number;
  dropped: Array<{ position: number; choice: number; score: number }>;
}

export interface ProductRivalResult {
  space: ProductSubspace;
  rounds: RivalRound[];
}

/**
 * ABS — angle-based search-space shrinking (Hu et al., ECCV 2020; megvii-model/AngleNAS `shrinking`), with
 * our predictor's score in place of the supernet angle (their `dropnode_by_acc` variant: any path score
 * plugs in). Each round scores every (position, operation) by the mean predicted score of the architectures
 * of the current sub-space that contain it, sorts ascending and drops the lowest first — never the last
 * operation of a position — `dropPerRound` at a time, re-scoring between rounds, until the sub-space has at
 * most `targetSize` architectures (it stops mid-round as soon as it fits).
 * Departures from the original: no supernet, no training between rounds (the predictor is fixed), no FLOPs
 * limit on the sampled paths.
 */
export function absShrink(
  base: SearchSpace,
  scorer: Scorer,
  rng: Rng,
  options: AbsOptions,
): ProductRivalResult {
  const samples = options.samples ?? 1000;
  const maxCard = maxOf(base.cardinalities);
  const dropPerRound = options.dropPerRound ?? maxCard + 1;
  if (options.targetSize < 1n) throw new UsageError("abs: target size must be ≥ 1");
  if (!Number.isInteger(dropPerRound) || dropPerRound < 1)
    throw new UsageError("abs: dropPerRound must be ≥ 1");
  const allowed = Array.from(base.cardinalities, (c) => Array.from({ length: c }, (_, v) => v));
  const rounds: RivalRound[] = [];
  for (let round = 0; productSize(allowed) > options.targetSize; round++) {
    const sub = new ProductSubspace(base, allowed);
    const scores = opScores(sub, scorer, rng.child("abs", round), samples);
    const candidates: Array<{ position: number; choice: number; score: number }> = [];
    allowed.forEach((list, position) => {
      for (const choice of list) candidates.push({ position, choice, score: scores.mean[position][choice] });
    });
    candidates.sort((u, v) => u.score - v.score || u.position - v.position || u.choice - v.choice);
    const dropped: RivalRound["dropped"] = [];
    for (const c of candidates) {
      if (dropped.length >= dropPerRound || productSize(allowed) <= options.targetSize) break;
      const list = allowed[c.position];
      if (list.length <= 1) continue;
      list.splice(list.indexOf(c.choice), 1);
      dropped.push(c);
    }
    rounds.push({ round, size: productSize(allowed).toString(), scored: scores.scored, dropped });
    if (dropped.length === 0) break;
  }
  return { space: new ProductSubspace(base, allowed), rounds };
}
