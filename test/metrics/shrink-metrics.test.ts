import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { edfArea, errorEdf } from "../../src/metrics/edf.js";
import { histogram } from "../../src/metrics/histogram.js";
import { pGood, topPercentThreshold } from "../../src/metrics/p-good.js";
import { rangeCoverage } from "../../src/metrics/range-coverage.js";
import { reductionFactor } from "../../src/metrics/reduction-factor.js";
import { shrinkIndex } from "../../src/metrics/shrink-index.js";

test("P(good) and the top-x % threshold", () => {
  const v = Float64Array.from({ length: 100 }, (_, i) => i);
  const t = topPercentThreshold(v, 5); // 95th percentile, type 7: 94.05
  assert.ok(Math.abs(t - 94.05) < 1e-12);
  assert.equal(pGood(v, t), 0.05);
  assert.equal(pGood([1, 2, 3, 4], 3), 0.5);
  assert.ok(Number.isNaN(pGood([], 1)));
  assert.throws(() => topPercentThreshold(v, 0), /top percent/);
});

test("shrink index is P(good | shrunk) − P(good | original): positive when shrinking enriches", () => {
  const original = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const richer = [8, 9, 10, 7];
  const poorer = [1, 2, 3, 10];
  const t = 8;
  const po = pGood(original, t);
  assert.ok(Math.abs(shrinkIndex(pGood(richer, t), po) - (0.75 - 0.3)) < 1e-12);
  assert.ok(shrinkIndex(pGood(richer, t), po) > 0);
  assert.ok(shrinkIndex(pGood(poorer, t), po) < 0);
  assert.equal(shrinkIndex(0.3, 0.3), 0);
});

test("the shrink-index doc comment carries the paper's eq. 2 and says which way it is read", () => {
  const src = readFileSync(new URL("../../src/metrics/shrink-index.ts", import.meta.url), "utf8");
  assert.match(src, /eq\. 2/);
  assert.match(src, /P\(good \| init_ss\) − P\(good \| shrunk_ss\)/);
});

test("reduction factor is exact for big sizes", () => {
  assert.equal(reductionFactor(15625n, 1562n), 15625 / 1562);
  assert.equal(reductionFactor(4n ** 20n, 10n ** 6n), 4 ** 20 / 1e6);
  assert.throws(() => reductionFactor(10, 0), /empty/);
});

test("error EDF and its area", () => {
  const e = errorEdf([90, 95, 80]);
  assert.deepEqual(Array.from(e.x), [5, 10, 20]);
  assert.deepEqual(Array.from(e.f), [1 / 3, 2 / 3, 1]);
  // ∫_0^20 F = (20−5 + 20−10 + 20−20)/3 = 25/3, normalised by 20.
  assert.ok(Math.abs(edfArea(e.x, 0, 20) - 25 / 60) < 1e-12);
  // Lower errors, larger area.
  assert.ok(edfArea([1, 2, 3], 0, 20) > edfArea([10, 12, 19], 0, 20));
  assert.throws(() => edfArea([1], 2, 2), /lo < hi/);
});

test("histogram and FLOP range coverage", () => {
  const h = histogram([0, 1, 2, 3, 4, 10, 11], 0, 10, 5);
  assert.deepEqual(Array.from(h.counts), [2, 2, 1, 0, 1]);
  assert.deepEqual(Array.from(h.edges), [0, 2, 4, 6, 8, 10]);
  assert.equal(rangeCoverage([2, 8], 0, 10), 0.6);
  assert.equal(rangeCoverage([-5, 20], 0, 10), 1);
  assert.equal(rangeCoverage([12, 20], 0, 10), 0);
  assert.equal(rangeCoverage([3], 3, 3), 1);
  assert.ok(Number.isNaN(rangeCoverage([], 0, 1)));
});
