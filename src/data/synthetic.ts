import { UsageError } from "../core/errors.js";
import { fmix32 } from "../core/hash.js";
import { Rng } from "../core/rng.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import type { Evaluator, Objective } from "./evaluator.js";

export interface SyntheticOptions {
  /** Epistasis K: each position interacts with K others (0 = additive, perfectly local; L−1 = rugged). */
  k?: number;
  /** Seed of the landscape itself (independent of the search seed). */
  seed?: number;
  /** Standard deviation of per-architecture noise added to the score (deterministic per architecture). */
  noise?: number;
}

/**
 * A synthetic NK landscape (Kauffman & Weinberger 1989) over any space's genotype: built in, seeded, needs
 * no data. With L genotype positions, position i interacts with K others (drawn once from the seed); its
 * contribution F_i(a_i, a_{p1}, …, a_{pK}) is a uniform [0, 1) value obtained by hashing the seed, i and the
 * K+1 choices, so no table is stored and any space size works. The score is
 *
 *     f(a) = 100 · (1/L) Σ_i F_i(…)  (+ noise · N(0,1), deterministic per architecture)
 *
 * on the canonical genotype, so isomorphic architectures score the same. K tunes locality: K = 0 is
 * additive (random-walk autocorrelation near 1 at lag 1), K = L−1 is maximally rugged. Every number it
 * produces is labelled synthetic.
 */
export class SyntheticLandscape implements Evaluator {
  readonly synthetic = true;
  readonly metrics = ["accuracy"] as const;
  readonly defaultMetric = "accuracy";
  readonly name: string;
  readonly k: number;
  private readonly salt: number;
  private readonly noise: number;
  /** partners[i*K + j]: the j-th interaction partner of position i. */
  private readonly partners: Int32Array;

  constructor(
    readonly space: SearchSpace,
    options: SyntheticOptions = {},
  ) {
    const L = space.genotypeLength;
    const k = options.k ?? Math.min(2, L - 1);
    if (!Number.isInteger(k) || k < 0 || k > L - 1) {
      throw new UsageError(`synthetic landscape: k must be an integer in 0..${L - 1}, got ${options.k}`);
    }
    const seed = options.seed ?? 0;
    const noise = options.noise ?? 0;
    if (!(noise >= 0)) throw new UsageError(`synthetic landscape: noise must be ≥ 0, got ${noise}`);
    this.k = k;
    this.noise = noise;
    this.salt = Rng.fromSeed(seed).child("nk").uint32();
    this.name = `synthetic(nk, k=${k}, seed=${seed}${noise > 0 ? `, noise=${noise}` : ""})`;
    const rng = Rng.fromSeed(seed).child("nk-partners");
    this.partners = new Int32Array(L * k);
    for (let i = 0; i < L; i++) {
      const others = rng.sampleIndices(L - 1, k);
      for (let j = 0; j < k; j++) this.partners[i * k + j] = others[j] >= i ? others[j] + 1 : others[j];
    }
  }

  /** The score of one architecture (see class comment). */
  score(a: Arch): number {
    const c = this.space.canonical(a);
    const L = c.length;
    const k = this.k;
    let sum = 0;
    for (let i = 0; i < L; i++) {
      let h = fmix32(this.salt ^ Math.imul(i + 1, 0x9e3779b1));
      h = fmix32(h ^ (c[i] + 1));
      for (let j = 0; j < k; j++)
        h = fmix32(Math.imul(h ^ (c[this.partners[i * k + j]] + 1), 0x85ebca6b) + j);
      sum += h / 4294967296;
    }
    let f = (100 * sum) / L;
    if (this.noise > 0) {
      const r = Rng.fromSeed(this.salt).child("noise", this.space.key(c));
      f += this.noise * r.normal();
    }
    return f;
  }

  objective(metric: string = "accuracy"): Objective {
    if (metric === "accuracy:min") return (a) => -this.score(a);
    if (metric !== "accuracy" && metric !== "accuracy:max") {
      throw new UsageError(`the synthetic landscape has one metric, 'accuracy' (asked for '${metric}')`);
    }
    return (a) => this.score(a);
  }
}
