/**
 * The product rivals (ABS, PAD-NAS, NSE) on a space with invalid genotypes and isomorphs, NAS-Bench-Graph
 * (issue #14): a product of per-position choices intersected with the valid (link, ops) pairs, sized and
 * measured in the benchmark's classes (valid_hash). Fixtures are generated; no real table is read.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { SyntheticLandscape } from "../../../src/data/synthetic.js";
import { GbdtRegressor } from "../../../src/predictors/gbdt.js";
import { rivalSpaces, SHRINKER_NAMES, sizedInClasses } from "../../../src/shrink/compare.js";
import { lissnas } from "../../../src/shrink/lissnas.js";
import { ProductSubspace, productRivalsUnsupported } from "../../../src/shrink/product.js";
import { classCount } from "../../../src/shrink/quality.js";
import { absShrink } from "../../../src/shrink/rivals/abs.js";
import { nseShrink } from "../../../src/shrink/rivals/nse.js";
import { padnasShrink } from "../../../src/shrink/rivals/padnas.js";
import type { Scorer } from "../../../src/shrink/rivals/scores.js";
import { NBGRAPH_OPS } from "../../../src/spaces/nbgraph/hash.js";
import { nbgraphSpace } from "../../../src/spaces/nbgraph/space.js";
import { getSpace } from "../../../src/spaces/registry.js";

const s = nbgraphSpace();
const op = (n: string) => NBGRAPH_OPS.indexOf(n as (typeof NBGRAPH_OPS)[number]);
const GAT = op("gat");
const GCN = op("gcn");
const SKIP = op("skip");
const keys = (p: ProductSubspace) =>
  [...new Set(Array.from(p.enumerate(), (a) => s.key(a)))].sort((x, y) => x - y);

test("which spaces the product rivals take: Hamming spaces and NAS-Bench-Graph, not NB101", () => {
  assert.equal(productRivalsUnsupported(getSpace("nb201")), null);
  assert.equal(productRivalsUnsupported(s), null);
  assert.match(productRivalsUnsupported(getSpace("nb101")) ?? "", /too many|no exact/);
});

test("a hand-counted product: link 0000 (4 interchangeable nodes), ops {gat, gcn} → 16 pairs, 5 classes", () => {
  // Every node reads the input, so the class is the multiset of the 4 ops: 0–4 gcn among 4 → 5 classes;
  // valid_hash = link index 0 then the sorted op digits (gat 0, gcn 1): 0, 1, 11, 111, 1111.
  const p = new ProductSubspace(s, [[0], [GAT, GCN], [GAT, GCN], [GAT, GCN], [GAT, GCN]]);
  assert.equal(p.size(), 16n);
  assert.equal(p.uniqueSize!(), 5n);
  assert.equal(classCount(p, s), 5n);
  assert.deepEqual(keys(p), [0, 1, 11, 111, 1111]);
});

test("a class is kept when any of its pairs is in the product, even if its representative is not", () => {
  // gcn-gat-gat-gat on link 0000 is the class of gat-gat-gat-gcn (key 1), whose representative (the sorted
  // spelling) lies outside this one-pair product.
  const p = new ProductSubspace(s, [[0], [GCN], [GAT], [GAT], [GAT]]);
  assert.equal(p.size(), 1n);
  assert.deepEqual(keys(p), [1]);
  assert.equal(p.isValid(s.decodeKey(1)), false);
  assert.deepEqual([...s.decodeKey(1)], [0, GAT, GAT, GAT, GCN]);
});

test("all-skip pairs are outside the product: 9 links × 2 × 1 × 1 × 1 − 9 = 9 pairs", () => {
  const p = new ProductSubspace(s, [[0, 1, 2, 3, 4, 5, 6, 7, 8], [GAT, SKIP], [SKIP], [SKIP], [SKIP]]);
  assert.equal(p.size(), 9n);
  const all = [...p.enumerate()];
  assert.equal(all.length, 9);
  assert.ok(all.every((a) => a[1] === GAT));
  const allSkip = Uint8Array.from([0, SKIP, SKIP, SKIP, SKIP]);
  assert.equal(p.isValid(allSkip), false);
  // neighbours and mutations of a member skip the invalid pair (node 1 → skip would make it all-skip)
  const a = Uint8Array.from([3, GAT, SKIP, SKIP, SKIP]);
  assert.ok(p.neighbours(a).every((b) => b[1] === GAT));
  assert.equal(p.neighbours(a).length, 8);
  const r = Rng.fromSeed(3);
  for (let i = 0; i < 50; i++) {
    assert.equal(p.sample(r)[1], GAT);
    assert.equal(p.mutate(a, r)[1], GAT);
  }
  assert.equal(p.atDistance(a, 1, r)[1], GAT);
  assert.throws(() => p.atDistance(a, 2, r), /edit distance 2/);
  assert.throws(
    () => new ProductSubspace(s, [[0], [SKIP], [SKIP], [SKIP], [SKIP]]),
    /no valid architecture is left/,
  );
});

test("sampling is uniform over the product's valid pairs (each of 15 drawn ≈ 1/15 of the time)", () => {
  // 2⁴ = 16 pairs on link 0000 with ops {gat, skip}, one of them all-skip: 15 valid ones
  const p = new ProductSubspace(s, [[0], [GAT, SKIP], [GAT, SKIP], [GAT, SKIP], [GAT, SKIP]]);
  assert.equal(p.size(), 15n);
  const counts = new Map<string, number>();
  const r = Rng.fromSeed(9);
  const n = 15_000;
  for (let i = 0; i < n; i++) {
    const k = p.sample(r).join(",");
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  assert.equal(counts.size, 15);
  // binomial sd at p = 1/15, n = 15,000: √(n p (1−p)) ≈ 30.6; 5 sd is 153
  for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 153, `${c}`);
});

/** Scores of a generated NK landscape on the canonical pairs (the rivals read it as a predictor). */
const landscape = new SyntheticLandscape(s, { k: 1, seed: 5 }).objective();
const scorer: Scorer = (archs) => Float64Array.from(archs, (a) => landscape(a));

test("ABS, PAD-NAS and NSE sized in classes: the largest product with at most the target's classes", () => {
  const r = Rng.fromSeed(2);
  const makers = {
    abs: (t: bigint) => absShrink(s, scorer, r.child("abs"), { targetSize: t }).space,
    padnas: (t: bigint) => padnasShrink(s, scorer, r.child("padnas"), { targetSize: t }).space,
    nse: (t: bigint) => nseShrink(s, scorer, r.child("nse"), { targetSize: t }).space,
  };
  for (const [name, make] of Object.entries(makers)) {
    const p = sizedInClasses(s, 400n, make);
    const classes = classCount(p, s);
    assert.ok(classes <= 400n, `${name}: ${classes} classes`);
    // isomorphs make a product hold fewer classes than pairs, so the sizing asked for more pairs than 400
    assert.ok(p.size() > classes, `${name}: ${p.size()} pairs, ${classes} classes`);
    for (const a of p.enumerate()) assert.ok(s.isValid(a));
    // and no larger genotype target of the same rival stays within 400 classes (bisection to 1/64)
    const twice = make(p.size() * 2n);
    assert.ok(classCount(twice, s) > 400n, `${name}: twice the pairs still fit`);
  }
});

test("compare's rival path on NAS-Bench-Graph: every rival's size in classes ≤ LISSNAS's", () => {
  const f = new SyntheticLandscape(s, { k: 2, seed: 8 }).objective();
  const run = lissnas(
    { space: s, objective: f, predictor: () => new GbdtRegressor(), rng: Rng.fromSeed(1) },
    { initialSamples: 300, budget: 40, seeds: 8, maxIterations: 4 },
  );
  const enc = s.encodings[0];
  const ctx = {
    space: s,
    pool: undefined,
    methods: SHRINKER_NAMES,
    predictor: () => new GbdtRegressor(),
    encoding: enc,
    width: s.encodingLength(enc),
  };
  const target = run.space.size();
  const spaces = rivalSpaces(ctx, run, Rng.fromSeed(1));
  assert.deepEqual(
    spaces.map(([n]) => n),
    ["full", ...SHRINKER_NAMES],
  );
  for (const [name, space, queries] of spaces.slice(1)) {
    const classes = classCount(space, s);
    assert.ok(classes <= target, `${name}: ${classes} classes > LISSNAS's ${target}`);
    assert.ok(classes >= target / 2n, `${name}: ${classes} classes, far below LISSNAS's ${target}`);
    assert.equal(queries, run.queries);
  }
  assert.ok(spaces.slice(2, 5).every(([, p]) => p instanceof ProductSubspace));
});
