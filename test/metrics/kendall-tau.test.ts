import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { kendallTau } from "../../src/metrics/kendall-tau.js";

/** τ-b by its definition, over all n(n−1)/2 pairs (the O(n²) reference). */
function naiveTauB(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (s > 0) c++;
      else if (s < 0) d++;
      else if (x[i] === x[j] && y[i] !== y[j]) tx++;
      else if (y[i] === y[j] && x[i] !== x[j]) ty++;
    }
  }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

test("kendallTau: no ties, counted by hand (6 concordant, 4 discordant pairs → 0.2)", () => {
  assert.ok(Math.abs(kendallTau([1, 2, 3, 4, 5], [3, 4, 1, 2, 5]) - 0.2) < 1e-15);
});

test("kendallTau: ties in x and in y (C=5, D=1, n1=n2=2 → 4/√(8·8) = 0.5)", () => {
  assert.ok(Math.abs(kendallTau([1, 1, 2, 2, 3], [1, 2, 1, 3, 3]) - 0.5) < 1e-15);
});

test("kendallTau: joint ties count in n3 (C=9, D=1, n1=n2=3, n3=1 → 8/12)", () => {
  assert.ok(Math.abs(kendallTau([1, 1, 2, 2, 3, 3], [1, 1, 2, 3, 2, 3]) - 2 / 3) < 1e-15);
  assert.ok(Math.abs(kendallTau([1, 1, 2], [1, 1, 2]) - 1) < 1e-15);
});

test("kendallTau: perfect and reversed orders give ±1", () => {
  assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
});

test("kendallTau: the O(n log n) algorithm equals the pairwise definition on random data with many ties", () => {
  const rng = Rng.fromSeed(7);
  for (const n of [2, 3, 17, 64, 301]) {
    const x = Array.from({ length: n }, () => rng.int(5));
    const y = Array.from({ length: n }, () => rng.int(4) + 0.5 * rng.int(2));
    const want = naiveTauB(x, y);
    const got = kendallTau(x, y);
    if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
    else assert.ok(Math.abs(got - want) < 1e-12, `n=${n}: ${got} vs ${want}`);
  }
});

test("kendallTau: undefined (NaN) for a constant sample or fewer than 2 pairs", () => {
  assert.ok(Number.isNaN(kendallTau([1, 1, 1], [1, 2, 3])));
  assert.ok(Number.isNaN(kendallTau([1], [2])));
});

test("kendallTau: unequal lengths and NaN values are one-line usage errors", () => {
  assert.throws(
    () => kendallTau([1, 2], [1, 2, 3]),
    (e: unknown) => e instanceof UsageError && /differ in length/.test(e.message),
  );
  assert.throws(
    () => kendallTau([1, Number.NaN], [1, 2]),
    (e: unknown) => e instanceof UsageError && /finite/.test(e.message),
  );
});
