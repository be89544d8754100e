import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { pearson } from "../../src/metrics/pearson.js";
import { averageRanks } from "../../src/metrics/ranks.js";
import { spearman } from "../../src/metrics/spearman.js";

test("averageRanks: tied values share the mean of their ranks", () => {
  assert.deepEqual(Array.from(averageRanks([10, 20, 10, 30])), [1.5, 3, 1.5, 4]);
  assert.deepEqual(Array.from(averageRanks([5, 5, 5])), [2, 2, 2]);
  assert.deepEqual(Array.from(averageRanks([3, 1, 2])), [3, 1, 2]);
});

test("pearson: by hand, x=[1,2,3], y=[2,4,7] → 5/√(2·114/9)", () => {
  assert.ok(Math.abs(pearson([1, 2, 3], [2, 4, 7]) - 5 / Math.sqrt((2 * 114) / 9)) < 1e-15);
  assert.equal(pearson([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
});

test("spearman: ties get average ranks (y ranks [1,2,3.5,5,3.5] → 8/√95)", () => {
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 8 / Math.sqrt(95)) < 1e-15);
});

test("spearman: without ties equals 1 − 6Σd²/(n(n²−1))", () => {
  const x = [1, 2, 3, 4, 5, 6];
  const y = [2, 1, 4, 3, 6, 5];
  const d2 = x.reduce((s, xi, i) => s + (xi - y[i]) ** 2, 0);
  assert.ok(Math.abs(spearman(x, y) - (1 - (6 * d2) / (6 * 35))) < 1e-15);
});

test("pearson/spearman: unequal lengths and infinities are usage errors", () => {
  assert.throws(() => pearson([1, 2], [1]), UsageError);
  assert.throws(() => spearman([1, Number.POSITIVE_INFINITY], [1, 2]), UsageError);
});
