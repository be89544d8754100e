import { UsageError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { SearchSpace } from "../../spaces/space.js";
import { ProductSubspace } from "../product.js";
import type { ProductRivalResult, RivalRound } from "./abs.js";
import { allocateKeeps, opScores, productSize, type Scorer, topChoices } from "./scores.js";

export interface PadnasOptions {
  targetSize: bigint;
  /** Architectures scored per stage. */
  samples?: number;
  /** Number of stages the positions are pruned in, shallow to deep (default: one position per stage). */
  stages?: number;
}

/**
 * PAD-NAS — progressive, layer-wise operation pruning (Xia & Ding 2020), emulated with a predictor score.
 * The paper prunes each layer of a one-shot supernet to its own operation subset, in stages from shallow to
 * deep; its exact score and schedule are not public, so: each position gets a number of operations to keep
 * (`allocateKeeps`, even across positions, Π k_i ≤ target); positions are split into `stages` consecutive
 * groups; at each stage the operations are scored in the *current* sub-space (path averaging, as ABS) and
 * the group's positions keep their k_i best — so deeper layers are ranked given the shallow layers'
 * pruning. Departures: no supernet, no hardware constraint during search.
 */
export function padnasShrink(
  base: SearchSpace,
  scorer: Scorer,
  rng: Rng,
  options: PadnasOptions,
): ProductRivalResult {
  const L = base.genotypeLength;
  const stages = options.stages ?? L;
  const samples = options.samples ?? 1000;
  if (!Number.isInteger(stages) || stages < 1 || stages > L)
    throw new UsageError(`padnas: stages must be in 1..${L}`);
  if (options.targetSize < 1n) throw new UsageError("padnas: target size must be ≥ 1");
  const keep = allocateKeeps(base.cardinalities, options.targetSize);
  const allowed = Array.from(base.cardinalities, (c) => Array.from({ length: c }, (_, v) => v));
  const rounds: RivalRound[] = [];
  for (let s = 0; s < stages; s++) {
    const from = Math.floor((s * L) / stages);
    const to = Math.floor(((s + 1) * L) / stages);
    const scores = opScores(new ProductSubspace(base, allowed), scorer, rng.child("padnas", s), samples);
    const dropped: RivalRound["dropped"] = [];
    for (let i = from; i < to; i++) {
      const kept = topChoices(allowed[i], scores.mean[i], keep[i]);
      for (const v of allowed[i]) {
        if (!kept.includes(v)) dropped.push({ position: i, choice: v, score: scores.mean[i][v] });
      }
      allowed[i] = kept;
    }
    rounds.push({ round: s, size: productSize(allowed).toString(), scored: scores.scored, dropped });
  }
  return { space: new ProductSubspace(base, allowed), rounds };
}
