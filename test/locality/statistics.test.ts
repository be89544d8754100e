import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { exactCurves } from "../../src/locality/exact.js";
import { buildLandscape } from "../../src/locality/graph.js";
import {
  chooseThreshold,
  fitnessDistanceCorrelation,
  type LocalityCurve,
  naslibAutocorrelation,
  nearDifferences,
  neighbourhoodStats,
  randomWalkAutocorrelation,
  thresholdWithRule,
} from "../../src/locality/statistics.js";
import { pearson } from "../../src/metrics/pearson.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { RandomEvaluator } from "./fixtures.js";

const curve = (rs: number[]): LocalityCurve => ({
  maxDistance: rs.length,
  points: rs.map((r, i) => ({ distance: i + 1, n: 100, r, lo: r, hi: r })),
});

test("threshold rule: first distance with RWA < 0.3, else ⌈max/3⌉", () => {
  assert.equal(chooseThreshold(curve([0.8, 0.29, 0.1, 0, 0, 0])), 2);
  assert.equal(chooseThreshold(curve([0.2, 0.1])), 1);
  assert.equal(chooseThreshold(curve([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])), 2);
  assert.equal(chooseThreshold(curve([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.4])), 3);
  assert.equal(chooseThreshold(curve([0.9, Number.NaN, 0.1])), 3);
  assert.equal(chooseThreshold(curve([0.9, 0.5, 0.45]), 0.5), 3);
  assert.match(thresholdWithRule(curve([0.9, 0.9, 0.9])).rule, /never < 0.3/);
  assert.throws(() => chooseThreshold(curve([0.5]), 1.5), /cut-off/);
});

test("no locality (random values): RWA ≈ 0 at every distance", () => {
  const space = new CategoricalSpace(new Array(8).fill(4));
  const f = new RandomEvaluator(space).objective();
  const near = nearDifferences(space, f, Rng.fromSeed(1), { samples: 2000 });
  const walk = randomWalkAutocorrelation(space, f, Rng.fromSeed(1), { walks: 2000 });
  for (const p of [...near.correlation, ...walk.points]) {
    assert.ok(Math.abs(p.r) < 0.1, `r = ${p.r} at ${p.distance}`);
    assert.ok(p.lo < p.r && p.r < p.hi);
  }
  const exact = exactCurves(buildLandscape(space, f), 8);
  for (const p of exact.rwa!.points) assert.ok(Math.abs(p.r) < 0.01, `exact r = ${p.r}`);
  // A walk can come back: after 2 steps it is at its start with probability 1/s = 1/24, hence r₂ ≈ 1/24.
  assert.ok(Math.abs(exact.walk.points[1].r - 1 / 24) < 0.005, `walk r2 = ${exact.walk.points[1].r}`);
  for (const p of exact.walk.points) assert.ok(Math.abs(p.r) < 0.05, `exact walk r = ${p.r}`);
});

test("perfectly additive landscape (synthetic K = 0): RWA near 1 at distance 1, then falling", () => {
  const space = new CategoricalSpace(new Array(40).fill(3));
  const f = new SyntheticLandscape(space, { k: 0, seed: 4 }).objective();
  const near = nearDifferences(space, f, Rng.fromSeed(2), { samples: 2000, maxDistance: 12 });
  assert.ok(near.correlation[0].r > 0.9, `r1 = ${near.correlation[0].r}`);
  assert.ok(near.correlation[11].r < near.correlation[0].r);
  const walk = randomWalkAutocorrelation(space, f, Rng.fromSeed(2), { walks: 2000, maxDistance: 3 });
  assert.ok(walk.points[0].r > 0.9);
  // AAD grows with distance.
  assert.ok(near.aad[11].mean > near.aad[0].mean);
  assert.ok(near.exactDistance);
});

test("exact curves equal brute force over all pairs (distance) and the walk's matrix power", () => {
  const space = new CategoricalSpace([2, 3, 4]);
  const f = new RandomEvaluator(space, 11).objective();
  const g = buildLandscape(space, f);
  const ex = exactCurves(g, 3);
  for (let d = 1; d <= 3; d++) {
    const x: number[] = [];
    const y: number[] = [];
    for (let a = 0; a < g.n; a++) {
      for (let b = 0; b < g.n; b++) {
        if (space.editDistance(g.arch(a), g.arch(b)) !== d) continue;
        x.push(g.values[a]);
        y.push(g.values[b]);
      }
    }
    assert.ok(Math.abs(ex.rwa!.points[d - 1].r - pearson(x, y)) < 1e-12, `distance ${d}`);
    assert.equal(ex.rwa!.points[d - 1].n, x.length);
  }
  // Walk: P^k by dense matrix powers; the graph is regular so X_k is uniform.
  const n = g.n;
  let pk = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let k = 1; k <= 3; k++) {
    pk = pk.map((row) => {
      const out = new Array(n).fill(0);
      for (let u = 0; u < n; u++) {
        const deg = g.offsets[u + 1] - g.offsets[u];
        for (let q = g.offsets[u]; q < g.offsets[u + 1]; q++) out[g.adj[q]] += row[u] / deg;
      }
      return out;
    });
    let mu = 0;
    for (const v of g.values) mu += v / n;
    let cov = 0;
    let varf = 0;
    for (let i = 0; i < n; i++) {
      varf += (g.values[i] - mu) ** 2 / n;
      for (let j = 0; j < n; j++) cov += ((g.values[i] - mu) * (g.values[j] - mu) * pk[i][j]) / n;
    }
    assert.ok(Math.abs(ex.walk.points[k - 1].r - cov / varf) < 1e-12, `walk ${k}`);
  }
});

test("determinism: same seed, same curves; another seed, other curves", () => {
  const f = new SyntheticLandscape(nb201, { k: 2, seed: 1 }).objective();
  const a = randomWalkAutocorrelation(nb201, f, Rng.fromSeed(5), { walks: 300 });
  const b = randomWalkAutocorrelation(nb201, f, Rng.fromSeed(5), { walks: 300 });
  const c = randomWalkAutocorrelation(nb201, f, Rng.fromSeed(6), { walks: 300 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const n1 = nearDifferences(nb201, f, Rng.fromSeed(5), { samples: 300 });
  assert.deepEqual(n1, nearDifferences(nb201, f, Rng.fromSeed(5), { samples: 300 }));
  const l1 = naslibAutocorrelation(nb201, f, Rng.fromSeed(5), { window: 10, steps: 100 });
  assert.deepEqual(l1, naslibAutocorrelation(nb201, f, Rng.fromSeed(5), { window: 10, steps: 100 }));
  assert.equal(l1.length, 10);
  assert.equal(l1[3].sqrtLag, 2);
  assert.equal(l1[0].n, 100);
});

test("fitness–distance correlation: −1 for a value that falls with distance to the optimum", () => {
  const space = new CategoricalSpace([3, 3, 3]);
  const archs = [];
  for (let c = 0; c < 27; c++) archs.push(space.decodeKey(c));
  const values = archs.map((a) => -space.editDistance(a, Uint8Array.from([2, 2, 2])));
  const fdc = fitnessDistanceCorrelation(space, archs, values, true);
  assert.ok(Math.abs(fdc.r + 1) < 1e-12);
  assert.equal(fdc.optima, 1);
  assert.ok(fdc.best === 0);
});

test("neighbourhood statistics: NB201 has 24 neighbours, some isomorphic to the cell itself", () => {
  const s = neighbourhoodStats(nb201, Rng.fromSeed(1), 500);
  assert.deepEqual(s.size, { min: 24, mean: 24, max: 24 });
  assert.ok(s.distinctClasses.mean < 24 && s.distinctClasses.mean > 10);
  assert.ok(s.selfIsomorphic > 0);
  const cat = neighbourhoodStats(new CategoricalSpace([3, 3]), Rng.fromSeed(1), 50);
  assert.deepEqual(cat.distinctClasses, { min: 4, mean: 4, max: 4 });
  assert.equal(cat.selfIsomorphic, 0);
});

test("bad knobs: one-line UsageErrors", () => {
  const f = new RandomEvaluator(nb201).objective();
  assert.throws(() => randomWalkAutocorrelation(nb201, f, Rng.fromSeed(1), { walks: 2 }), /walks must be/);
  assert.throws(() => nearDifferences(nb201, f, Rng.fromSeed(1), { maxDistance: 7 }), /max distance must be/);
  assert.throws(() => nearDifferences(nb201, f, Rng.fromSeed(1), { maxDistance: 0 }), /max distance must be/);
  assert.throws(() => naslibAutocorrelation(nb201, f, Rng.fromSeed(1), { window: 0 }), /window must be/);
});
