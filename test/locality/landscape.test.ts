import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { buildLandscape, collapseCanonical, permuteValues } from "../../src/locality/graph.js";
import { analyseLandscape } from "../../src/locality/landscape.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { handLandscape, RandomEvaluator } from "./fixtures.js";

// 3×3 rook graph (change either position): code = a0 + 3·a1, laid out as rows a1 = 0, 1, 2.
//   a1=0: 1 5 2      strict maxima: 9 (code 5) and 8 (code 6)
//   a1=1: 3 4 9      best-improvement moves: 0→6, 1→7→6, 2→5, 3→5, 4→5, 7→6, 8→5
//   a1=2: 8 6 7      basins: code 5 = {5,2,3,4,8} (5), code 6 = {6,0,7,1} (4)
const HAND = [1, 5, 2, 3, 4, 9, 8, 6, 7];

test("hand-built 3×3 landscape: local optima, basins, steps and P(within ε)", () => {
  const { space, evaluator } = handLandscape([3, 3], HAND);
  const g = buildLandscape(space, evaluator.objective());
  assert.equal(g.n, 9);
  assert.deepEqual(Array.from(g.adj.subarray(g.offsets[4], g.offsets[5])).sort(), [1, 3, 5, 7]);
  const a = analyseLandscape(g, 0.5);
  assert.equal(a.strictLocalOptima, 2);
  assert.equal(a.weakLocalOptima, 2);
  assert.deepEqual(
    a.optima.map((o) => [o.code, o.value, o.basin, o.strict]),
    [
      [5, 9, 5, true],
      [6, 8, 4, true],
    ],
  );
  assert.deepEqual(Array.from(a.attractor), [6, 6, 5, 5, 5, 5, 6, 6, 5]);
  assert.deepEqual(Array.from(a.stepsTo), [1, 2, 1, 1, 1, 0, 0, 1, 1]);
  assert.equal(a.globalBasin, 5);
  assert.equal(a.pGlobal, 5 / 9);
  assert.equal(a.pWithinEpsilon, 5 / 9);
  assert.equal(analyseLandscape(g, 1).pWithinEpsilon, 1);
  assert.equal(a.steps.max, 2);
  assert.deepEqual(a.degree, { min: 4, mean: 4, max: 4 });
});

test("ties: a plateau is weak, not strict; equal best neighbours go to the lowest code", () => {
  // One position, 3 choices (complete graph K3): values 2, 2, 1.
  const { space, evaluator } = handLandscape([3], [2, 2, 1]);
  const a = analyseLandscape(buildLandscape(space, evaluator.objective()));
  assert.equal(a.strictLocalOptima, 0);
  assert.equal(a.weakLocalOptima, 2);
  assert.deepEqual(Array.from(a.attractor), [0, 1, 0]);
  assert.deepEqual(
    a.optima.map((o) => [o.code, o.basin, o.strict]),
    [
      [0, 2, false],
      [1, 1, false],
    ],
  );
  assert.equal(a.globalOptima, 2);
  assert.equal(a.globalBasin, 3);
});

test("the Hamming adjacency equals space.neighbours for a mixed-cardinality space", () => {
  const space = new CategoricalSpace([2, 3, 4]);
  const g = buildLandscape(space, (a) => a[0] + a[1] + a[2]);
  for (let v = 0; v < g.n; v++) {
    const got = Array.from(g.adj.subarray(g.offsets[v], g.offsets[v + 1])).sort((x, y) => x - y);
    const want = space
      .neighbours(g.arch(v))
      .map((b) => space.code(b))
      .sort((x, y) => x - y);
    assert.deepEqual(got, want);
    assert.equal(space.code(g.arch(v)), v);
  }
});

test("additive landscape has exactly one local optimum whose basin is everything", () => {
  const space = new CategoricalSpace([3, 3, 3, 3]);
  const a = analyseLandscape(buildLandscape(space, (x) => x[0] + 2 * x[1] + 3 * x[2] + 4 * x[3]));
  assert.equal(a.strictLocalOptima, 1);
  assert.equal(a.globalBasin, 81);
  assert.equal(a.pGlobal, 1);
});

test("random values: about n/(s+1) local optima; permutation is seeded and keeps the values", () => {
  const g = buildLandscape(nb201, new RandomEvaluator(nb201).objective());
  const a = analyseLandscape(g);
  assert.ok(Math.abs(a.strictLocalOptima - 625) < 100, `${a.strictLocalOptima} optima`);
  const p1 = permuteValues(g, Rng.fromSeed(3).child("permute"));
  const p2 = permuteValues(g, Rng.fromSeed(3).child("permute"));
  assert.deepEqual(p1.values, p2.values);
  assert.deepEqual(Float64Array.from(p1.values).sort(), Float64Array.from(g.values).sort());
  assert.notDeepEqual(p1.values, g.values);
});

test("canonical collapse of NB201: 6,466 classes, symmetric adjacency, rep and mean values", () => {
  const g = buildLandscape(nb201, (a) => a[0] * 10 + a[5]);
  const rep = collapseCanonical(g, "rep");
  assert.equal(rep.n, 6466);
  let members = 0;
  for (const s of rep.classSizes!) members += s;
  assert.equal(members, 15625);
  const edges = new Set<string>();
  for (let c = 0; c < rep.n; c++) {
    for (let q = rep.offsets[c]; q < rep.offsets[c + 1]; q++) {
      assert.notEqual(rep.adj[q], c);
      edges.add(`${c},${rep.adj[q]}`);
    }
  }
  for (const e of edges) {
    const [x, y] = e.split(",");
    assert.ok(edges.has(`${y},${x}`), `edge ${e} lacks its reverse`);
  }
  // rep: the value of the representative genotype (smallest code of the class).
  for (let c = 0; c < rep.n; c += 97) {
    const a = rep.arch(c);
    assert.equal(nb201.key(a), rep.codes[c]);
    assert.equal(rep.values[c], a[0] * 10 + a[5]);
  }
  const mean = collapseCanonical(g, "mean");
  assert.equal(mean.n, 6466);
  analyseLandscape(rep);
  analyseLandscape(mean);
});

test("bad input: non-enumerable space, negative epsilon", () => {
  const big = new CategoricalSpace(new Array(30).fill(3));
  assert.throws(() => buildLandscape(big, () => 0), /needs the space capability enumerate/);
  const { space, evaluator } = handLandscape([3, 3], HAND);
  const g = buildLandscape(space, evaluator.objective());
  assert.throws(() => analyseLandscape(g, -1), /epsilon must be/);
});
