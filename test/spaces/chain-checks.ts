import assert from "node:assert/strict";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import fc from "fast-check";
import { Rng } from "../../src/core/rng.js";
import type { Arch, SearchSpace } from "../../src/spaces/space.js";

/** fast-check arbitrary of valid genotypes of a space (independent of the space's own sampler). */
export function genotypes(space: SearchSpace): fc.Arbitrary<Arch> {
  return fc
    .tuple(...Array.from(space.cardinalities, (c) => fc.integer({ min: 0, max: c - 1 })))
    .map((xs) => Uint8Array.from(xs));
}

/** format∘parse and parse∘format are identities on `runs` random genotypes. */
export function checkRoundTrip(space: SearchSpace, runs = 300): void {
  fc.assert(
    fc.property(genotypes(space), (a) => {
      const s = space.format(a);
      assert.deepEqual(space.parse(s), a);
      assert.equal(space.format(space.parse(s)), s);
    }),
    { numRuns: runs, seed: 1 },
  );
}

/**
 * Neighbours are valid, pairwise distinct, at edit distance 1, and as many as `expected` (a count the
 * caller derives independently of the space's code).
 */
export function checkNeighbours(space: SearchSpace, expected: number, runs = 50): void {
  fc.assert(
    fc.property(genotypes(space), (a) => {
      const ns = space.neighbours(a);
      assert.equal(ns.length, expected);
      assert.equal(new Set(ns.map((n) => space.format(n))).size, expected);
      for (const n of ns) {
        assert.ok(space.isValid(n));
        assert.equal(space.editDistance(a, n), 1);
      }
    }),
    { numRuns: runs, seed: 2 },
  );
}

/** Chi-square test of uniformity of every position's marginal over `n` samples (p > 0.001 each). */
export function checkUniformSampling(space: SearchSpace, n = 20_000): void {
  const rng = Rng.fromSeed(11);
  const L = space.genotypeLength;
  const counts = Array.from(space.cardinalities, (c) => new Float64Array(c));
  for (let i = 0; i < n; i++) {
    const a = space.sample(rng);
    for (let p = 0; p < L; p++) counts[p][a[p]]++;
  }
  for (let p = 0; p < L; p++) {
    const c = counts[p].length;
    const chi = counts[p].reduce((s, k) => s + (k - n / c) ** 2 / (n / c), 0);
    const pv = 1 - chisquareCdf(chi, c - 1);
    assert.ok(pv > 0.001, `position ${p}: chi2 = ${chi.toFixed(2)}, p = ${pv}`);
  }
}

/** Relative error |ours − published| / published. */
export function relErr(ours: number, published: number): number {
  return Math.abs(ours - published) / published;
}
