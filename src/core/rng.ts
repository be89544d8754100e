import prand, { type RandomGenerator } from "pure-rand";
import { UsageError } from "./errors.js";
import { hash32 } from "./hash.js";

/**
 * The one seeded random-number source of lissnas.
 *
 * Every random choice in the library flows from a root `Rng` made from the user's `--seed`. The seed is
 * hashed first (FNV-1a + fmix32), then drives pure-rand's xoroshiro128+. Streams are split by *name*,
 * not by consumption order: `rng.child("search", run)` always gives the same stream for the same root seed
 * and labels, however much the parent was used, so adding a random draw in one component never shifts the
 * numbers of another, and runs can be executed in parallel (worker threads) with byte-identical results.
 */
export class Rng {
  /** The 32-bit hashed seed this stream was built from. */
  readonly seed: number;
  private readonly gen: RandomGenerator;

  private constructor(seed: number) {
    this.seed = seed >>> 0;
    this.gen = prand.xoroshiro128plus(this.seed | 0);
  }

  /** A root stream from a user seed (a non-negative integer or any string). */
  static fromSeed(seed: number | string): Rng {
    if (typeof seed === "number" && (!Number.isInteger(seed) || seed < 0)) {
      throw new UsageError(`seed must be a non-negative integer, got ${seed}`);
    }
    return new Rng(hash32(`lissnas:${seed}`));
  }

  /** An independent stream named by `labels`, derived from this stream's seed only. */
  child(...labels: Array<string | number>): Rng {
    return new Rng(hash32(`${this.seed}/${labels.join("/")}`));
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return this.gen.unsafeNext() >>> 0;
  }

  /** A uniform integer in [0, n), without modulo bias. `n` must be a positive integer ≤ 2^32. */
  int(n: number): number {
    if (n <= 1) return 0;
    return prand.unsafeUniformIntDistribution(0, n - 1, this.gen);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const a = this.gen.unsafeNext() >>> 5;
    const b = this.gen.unsafeNext() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal deviate (Box–Muller; one value per call). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  /** One uniformly chosen element. */
  pick<T>(items: ArrayLike<T>): T {
    return items[this.int(items.length)];
  }

  /** Fisher–Yates shuffle in place; returns its argument. */
  shuffle<T, A extends { length: number; [i: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /**
   * `k` distinct integers from [0, n), in random order (partial Fisher–Yates when k·4 ≥ n, else rejection of
   * repeats). With `scratch` (n ≤ its size) the buffers are reused from call to call and the draws are the
   * same: regularised evolution makes ~10⁴ tournament draws a run, where the arrays (or the Set) allocated
   * per call were the largest cost of `compare` (issue 17). `out` receives the draws (a new array by default).
   */
  sampleIndices(
    n: number,
    k: number,
    scratch?: IndexScratch,
    out: Int32Array = new Int32Array(k),
  ): Int32Array {
    if (k > n) throw new UsageError(`cannot draw ${k} distinct items from ${n}`);
    if (k * 4 >= n) {
      const all = scratch ? scratch.all : new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      for (let i = 0; i < k; i++) {
        const j = i + this.int(n - i);
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
        out[i] = all[i];
      }
      return out;
    }
    if (scratch) {
      // the Set of the one-shot path becomes a generation stamp
      const g = scratch.nextGeneration();
      const stamp = scratch.stamp;
      for (let i = 0; i < k; i++) {
        let v = this.int(n);
        while (stamp[v] === g) v = this.int(n);
        stamp[v] = g;
        out[i] = v;
      }
      return out;
    }
    const seen = new Set<number>();
    for (let i = 0; i < k; i++) {
      let v = this.int(n);
      while (seen.has(v)) v = this.int(n);
      seen.add(v);
      out[i] = v;
    }
    return out;
  }
}

/** Buffers `Rng.sampleIndices` reuses across calls for n up to `maxN`. */
export class IndexScratch {
  readonly all: Int32Array;
  readonly stamp: Uint32Array;
  private generation = 0;
  constructor(maxN: number) {
    this.all = new Int32Array(maxN);
    this.stamp = new Uint32Array(maxN);
  }
  /** A new mark for `stamp` (indices holding it are taken in this call). */
  nextGeneration(): number {
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}
