import type { Rng } from "../../core/rng.js";
import type { Arch } from "../../spaces/space.js";
import type { ProductSubspace } from "../product.js";

/** Scores a batch of architectures (higher is better): a trained predictor's predictions, in practice. */
export type Scorer = (archs: readonly Arch[]) => Float64Array;

/** Mean score of the architectures containing each (position, choice) of a product sub-space. */
export interface OpScores {
  /** mean[i][v]: mean score of the evaluated architectures with choice v at position i (NaN if none). */
  mean: Float64Array[];
  /** Number of architectures scored. */
  scored: number;
  /** Whether every architecture of the sub-space was scored (else a uniform sample). */
  complete: boolean;
}

/**
 * Operation scores by path averaging — the plug-in-a-scorer pattern of ABS's `dropnode_by_acc` and of
 * PAD-NAS/NSE emulations: score(i, v) = mean of score(a) over architectures a with a_i = v, over the whole
 * sub-space when it has at most `samples` architectures (NB201: all of them, as ABS does), else over
 * `samples` uniform draws from it.
 */
export function opScores(sub: ProductSubspace, scorer: Scorer, rng: Rng, samples: number): OpScores {
  const complete = sub.size() <= BigInt(samples) && sub.enumerate !== undefined;
  const archs: Arch[] = complete
    ? [...sub.enumerate!()]
    : Array.from({ length: samples }, () => sub.sample(rng));
  const y = scorer(archs);
  const L = sub.genotypeLength;
  const sum = Array.from({ length: L }, (_, i) => new Float64Array(sub.base.cardinalities[i]));
  const count = Array.from({ length: L }, (_, i) => new Float64Array(sub.base.cardinalities[i]));
  for (let r = 0; r < archs.length; r++) {
    const a = archs[r];
    for (let i = 0; i < L; i++) {
      sum[i][a[i]] += y[r];
      count[i][a[i]] += 1;
    }
  }
  const mean = sum.map((s, i) => s.map((v, j) => (count[i][j] > 0 ? v / count[i][j] : Number.NaN)));
  return { mean, scored: archs.length, complete };
}

/** Π |allowed_i| as a bigint. */
export function productSize(allowed: readonly (readonly number[])[]): bigint {
  return allowed.reduce((p, l) => p * BigInt(l.length), 1n);
}

/**
 * How many choices each position keeps so that Π k_i ≤ target with the k_i as even as possible: starting
 * from all choices, repeatedly take one choice away from the position that has the most (the shallowest
 * among ties) until the product fits. Used by the PAD-NAS and NSE emulations to meet a target size.
 */
export function allocateKeeps(cardinalities: ArrayLike<number>, target: bigint): number[] {
  const k = Array.from(cardinalities);
  let size = k.reduce((p, c) => p * BigInt(c), 1n);
  while (size > target) {
    let j = -1;
    for (let i = 0; i < k.length; i++) if (k[i] > 1 && (j < 0 || k[i] > k[j])) j = i;
    if (j < 0) break;
    size = (size / BigInt(k[j])) * BigInt(k[j] - 1);
    k[j]--;
  }
  return k;
}

/** The `keep` best choices of `choices` by score (higher first; ties by lower choice index), ascending. */
export function topChoices(choices: readonly number[], score: Float64Array, keep: number): number[] {
  const s = (v: number) => (Number.isNaN(score[v]) ? Number.NEGATIVE_INFINITY : score[v]);
  return [...choices]
    .sort((u, v) => s(v) - s(u) || u - v)
    .slice(0, keep)
    .sort((u, v) => u - v);
}
