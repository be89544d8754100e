import assert from "node:assert/strict";
import { test } from "node:test";
import { hypervolumeRatio } from "../../src/metrics/hypervolume-ratio.js";
import { paretoKeptFraction } from "../../src/metrics/pareto-kept.js";
import { keptTopFraction } from "../../src/metrics/top-fraction-kept.js";

const f = (xs: number[]) => Float64Array.from(xs);

// Original space: (accuracy, cost) = A(90, 10) B(80, 5) C(70, 2) D(60, 8) E(50, 12). Reference point
// (min accuracy 50, max cost 12). Front (max accuracy, min cost): A, B, C (D is dominated by B, E by all).
// HV by hand, strips from the best accuracy down: A: (90−50)·(12−10) = 80; B: (80−50)·(10−5) = 150;
// C: (70−50)·(5−2) = 60; total 290.
const accO = f([90, 80, 70, 60, 50]);
const costO = f([10, 5, 2, 8, 12]);

test("hypervolume ratio: hand-computed areas, subsets in [0, 1], dominated members add nothing", () => {
  assert.equal(hypervolumeRatio(accO, costO, accO, costO), 1);
  // {A, C}, by strips: A (90−50)·(12−10) = 80, C (70−50)·(10−2) = 160; 240 in all.
  assert.ok(Math.abs(hypervolumeRatio(f([90, 70]), f([10, 2]), accO, costO) - 240 / 290) < 1e-12);
  // {B} alone: (80−50)·(12−5) = 210.
  assert.ok(Math.abs(hypervolumeRatio(f([80]), f([5]), accO, costO) - 210 / 290) < 1e-12);
  // Adding dominated D and E to {B} changes nothing (a cost-range metric would reward E's extent).
  assert.equal(hypervolumeRatio(f([80, 60, 50]), f([5, 8, 12]), accO, costO), 210 / 290);
  // Only the worst corner: zero.
  assert.equal(hypervolumeRatio(f([50]), f([12]), accO, costO), 0);
  assert.ok(Number.isNaN(hypervolumeRatio(f([]), f([]), accO, costO)));
});

test("fraction of the original Pareto-optimal architectures kept, by key", () => {
  const keys = f([11, 12, 13, 14, 15]); // A..E
  assert.equal(
    paretoKeptFraction(keys, accO, costO, (k) => k === 11 || k === 14),
    1 / 3,
  ); // A of {A,B,C}
  assert.equal(
    paretoKeptFraction(keys, accO, costO, (k) => k !== 15),
    1,
  );
  assert.equal(
    paretoKeptFraction(keys, accO, costO, (k) => k === 14 || k === 15),
    0,
  );
});

test("top-fraction kept: count-based threshold (the ⌈f·n⌉-th best original value)", () => {
  const o = Array.from({ length: 2000 }, (_, i) => i); // best 1999; top 0.1 % = 2 values: 1999, 1998
  assert.equal(keptTopFraction(o, [1998, 3], 0.001), true);
  assert.equal(keptTopFraction(o, [1997, 3], 0.001), false);
  assert.equal(keptTopFraction(o, [1999], 1 / 2000), true); // fraction 1/n = exact best kept
  assert.equal(keptTopFraction(o, [1998], 1 / 2000), false);
  assert.equal(keptTopFraction(o, [], 0.001), false);
  assert.equal(keptTopFraction([], [1], 0.001), null);
  assert.equal(keptTopFraction([5, Number.NaN, 7], [7], 0.5), true); // NaN ignored: top ⌈0.5·2⌉ = 1 → 7
});
