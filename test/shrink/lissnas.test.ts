import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { lissnas, resolveLissnasOptions, terminationRule } from "../../src/shrink/lissnas.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import type { Arch } from "../../src/spaces/space.js";
import { countTwos, OraclePredictor } from "./helpers.js";

test("termination rule: iteration 1 always kept; later ones only when the mean rose by more than minRise", () => {
  assert.deepEqual(terminationRule(1, 10, 20, 0), { accepted: true });
  assert.deepEqual(terminationRule(2, 21, 20, 0), { accepted: true });
  assert.deepEqual(terminationRule(2, 19, 20, 0), { accepted: false, reason: "fell" });
  assert.deepEqual(terminationRule(3, 20, 20, 0), { accepted: false, reason: "plateau" });
  assert.deepEqual(terminationRule(3, 20.5, 20, 1), { accepted: false, reason: "plateau" });
  assert.deepEqual(terminationRule(3, 21.5, 20, 1), { accepted: true });
});

/**
 * A hand-built case whose answer is known: space 6 × 3, f = number of 2s (additive, unique optimum 222222),
 * exact predictions, one-shot predictor (no queries after the first fit), threshold 1, one seed, no
 * pruning, no core or strata. Iteration t's seed is the best of the candidates, which gains a 2 per iteration
 * (the best neighbour of the seed joins the space), so the mean predicted value rises until the seed is
 * 222222; the next iteration rebuilds the same space (plateau) and the previous space, the optimum's
 * neighbourhood, is returned. Seeds are best-scored candidates (`observedSeeds: false`, the paper's reading):
 * with a one-shot predictor no new architecture is queried, so measured seeds could not move.
 */
test("LISSNAS on a hand-built landscape: rises, plateaus, returns the previous space (the optimum's pocket)", () => {
  const space = new CategoricalSpace(new Array(6).fill(3));
  const f = (a: Arch) => countTwos(a);
  let oracle: OraclePredictor | undefined;
  const r = lissnas(
    { space, objective: f, predictor: () => (oracle = new OraclePredictor(space, f)), rng: Rng.fromSeed(4) },
    {
      initialSamples: 20,
      budget: 10,
      initialQueries: 10,
      queriesPerIteration: 0,
      seeds: 1,
      threshold: 1,
      pruneQuantile: null,
      coreRadius: 0,
      maxIterations: 50,
      observedSeeds: false,
    },
  );
  assert.equal(oracle!.fits, 1);
  assert.equal(r.queries, 10);
  const means = r.iterations.map((l) => l.meanPredicted);
  const last = r.iterations.at(-1)!;
  assert.equal(r.stopReason, "plateau");
  assert.equal(last.accepted, false);
  assert.equal(r.chosenIteration, r.iterations.length - 1);
  for (let i = 1; i < means.length - 1; i++) assert.ok(means[i] > means[i - 1], `rise at ${i + 1}: ${means}`);
  assert.equal(means.at(-1), means.at(-2));
  // The returned space: 222222 and its 12 neighbours (value 5 each), mean (6 + 12·5)/13.
  assert.equal(r.space.count, 13);
  assert.ok(r.space.has(Uint8Array.of(2, 2, 2, 2, 2, 2)));
  for (const a of r.space) assert.ok(space.editDistance(a, Uint8Array.of(2, 2, 2, 2, 2, 2)) <= 1);
  assert.ok(Math.abs(r.iterations[r.chosenIteration - 1].meanPredicted - 66 / 13) < 1e-12);
  assert.deepEqual(Array.from(r.seedKeys), [space.key(Uint8Array.of(2, 2, 2, 2, 2, 2))]);
});

test("a fixed iteration budget stops with max-iterations and returns the last space", () => {
  const space = new CategoricalSpace(new Array(6).fill(3));
  const f = (a: Arch) => countTwos(a);
  const r = lissnas(
    { space, objective: f, predictor: () => new OraclePredictor(space, f), rng: Rng.fromSeed(4) },
    {
      initialSamples: 20,
      budget: 10,
      seeds: 1,
      threshold: 1,
      pruneQuantile: null,
      coreRadius: 0,
      maxIterations: 1,
    },
  );
  assert.equal(r.stopReason, "max-iterations");
  assert.equal(r.chosenIteration, 1);
  assert.equal(r.space.count, r.iterations[0].size);
});

test("members are valid, distinct and within the threshold of some seed (NB201, isomorphs included)", () => {
  const land = new SyntheticLandscape(nb201, { k: 2, seed: 3 });
  const f = land.objective();
  const threshold = 2;
  const r = lissnas(
    { space: nb201, objective: f, predictor: () => new OraclePredictor(nb201, f), rng: Rng.fromSeed(11) },
    { initialSamples: 300, budget: 40, seeds: 8, threshold, strata: 0, pruneQuantile: 0.8 },
  );
  // Every genotype of each class, to measure a class's distance to a seed.
  const byKey = new Map<number, Arch[]>();
  for (const a of nb201.enumerate()) {
    const k = nb201.key(a);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(a);
  }
  const seeds = Array.from(r.seedKeys, (k) => nb201.decodeKey(k));
  const keys = new Set<number>();
  for (const m of r.space) {
    assert.ok(nb201.isValid(m));
    assert.deepEqual(m, nb201.canonical(m));
    const k = nb201.key(m);
    assert.ok(!keys.has(k), "distinct");
    keys.add(k);
    const near = byKey.get(k)!.some((g) => seeds.some((s) => nb201.editDistance(g, s) <= threshold));
    assert.ok(near, `${nb201.format(m)} is farther than ${threshold} from every seed`);
  }
  assert.equal(keys.size, r.space.count);
  assert.ok(r.queries <= 40);
  // Pruning keeps only neighbours at or above the bar (seeds and core pockets excepted). The oracle
  // predictor scores every class by its true value, so the bar can be checked member by member.
  const last = r.iterations[r.chosenIteration - 1];
  const bar = last.bar!;
  assert.equal(typeof bar, "number");
  const seedSet = new Set(r.seedKeys);
  const core = seeds.slice(0, r.options.coreSeeds);
  let pruned = 0;
  for (const m of r.space) {
    const k = nb201.key(m);
    if (seedSet.has(k)) continue;
    const inCore = byKey
      .get(k)!
      .some((g) => core.some((c) => nb201.editDistance(g, c) <= r.options.coreRadius));
    if (inCore) continue;
    pruned++;
    assert.ok(f(m) >= bar, `${nb201.format(m)} scored ${f(m)} below the bar ${bar}`);
  }
  assert.ok(pruned > 0, "some members were kept by the bar alone");
  // …and the bar did drop neighbours: the balls generated more classes than the space keeps.
  assert.ok(last.generated > last.size - last.seeds, `${last.generated} generated, ${last.size} kept`);
});

test("categorical space: every member within the threshold of a seed (plain Hamming)", () => {
  const space = new CategoricalSpace(new Array(10).fill(4));
  const land = new SyntheticLandscape(space, { k: 1, seed: 5 });
  const f = land.objective();
  const r = lissnas(
    { space, objective: f, predictor: () => new OraclePredictor(space, f), rng: Rng.fromSeed(2) },
    { initialSamples: 500, budget: 50, seeds: 5, neighbourLimit: 400 },
  );
  const t = r.options.threshold;
  assert.equal(t, 4); // ⌈10 / 3⌉
  const seeds = Array.from(r.seedKeys, (k) => space.decodeKey(k));
  for (const m of r.space) assert.ok(seeds.some((s) => space.editDistance(m, s) <= t));
});

test("determinism: same seed, same space and log; another seed, another space", () => {
  const land = new SyntheticLandscape(nb201, { k: 3, seed: 1 });
  const f = land.objective();
  const cost = (a: Arch) => nb201.cost(a, "cifar10").mflops;
  const run = (seed: number) =>
    lissnas(
      {
        space: nb201,
        objective: f,
        predictor: () => new OraclePredictor(nb201, f),
        rng: Rng.fromSeed(seed),
        cost,
      },
      { initialSamples: 400, budget: 60 },
    );
  const a = run(5);
  const b = run(5);
  const c = run(6);
  assert.deepEqual(Array.from(a.space.keys()), Array.from(b.space.keys()));
  assert.deepEqual(a.iterations, b.iterations);
  assert.deepEqual(Array.from(a.queried.keys), Array.from(b.queried.keys));
  assert.notDeepEqual(Array.from(a.queried.keys), Array.from(c.queried.keys));
  assert.equal(a.options.strata, 10); // a cost function turns the FLOP strata on by default
});

test("FLOP strata reach both ends of the cost range", () => {
  const land = new SyntheticLandscape(nb201, { k: 2, seed: 8 });
  const f = land.objective();
  const cost = (a: Arch) => nb201.cost(a, "cifar10").mflops;
  const r = lissnas(
    {
      space: nb201,
      objective: f,
      predictor: () => new OraclePredictor(nb201, f),
      rng: Rng.fromSeed(1),
      cost,
    },
    { initialSamples: 300, budget: 30 },
  );
  const costs = [...r.space].map(cost);
  const all = [...nb201.enumerate()].map(cost);
  assert.equal(Math.min(...costs), Math.min(...all));
  assert.equal(Math.max(...costs), Math.max(...all));
});

test("bad knobs: one-line errors before any work", () => {
  const bad = (o: Parameters<typeof resolveLissnasOptions>[1], pattern: RegExp, hasCost = false) =>
    assert.throws(
      () => resolveLissnasOptions(nb201, o, hasCost),
      (e: unknown) =>
        e instanceof UsageError && !(e as Error).message.includes("\n") && pattern.test((e as Error).message),
    );
  bad({ threshold: 7 }, /threshold 7 is outside 0\.\.6/);
  bad({ threshold: -1 }, /threshold -1/);
  bad({ budget: 7000 }, /budget 7000 exceeds the 6466 distinct architectures/);
  bad({ seeds: 0 }, /zero seeds/);
  bad({ initialSamples: 7000 }, /initial samples exceed/);
  bad({ budget: 100, initialQueries: 101 }, /initialQueries must be an integer in 2\.\.100/);
  bad({ initialSamples: 10, budget: 30 }, /initialQueries 15 exceeds initialSamples 10/);
  bad({ pruneQuantile: 1 }, /pruneQuantile/);
  bad({ strata: 3 }, /strata need a cost function/);
  bad({ encoding: "graph" }, /unknown encoding 'graph'/);
  bad({ coreRadius: 3, threshold: 2 }, /coreRadius must be an integer in 0\.\.2/);
  const o = resolveLissnasOptions(nb201, {}, true);
  assert.equal(o.threshold, 2);
  assert.equal(o.initialSamples, 1000);
  assert.equal(o.budget, 100);
  assert.equal(o.initialQueries, 50);
  assert.equal(o.strata, 10);
  assert.equal(resolveLissnasOptions(nb201, {}, false).strata, 0);
});
