import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { precisionAtK } from "../../src/metrics/precision-at-k.js";
import { topK } from "../../src/metrics/top-k.js";
import { topKOverlap } from "../../src/metrics/top-k-overlap.js";

test("topK: largest first, ties in index order", () => {
  assert.deepEqual(Array.from(topK([3, 9, 9, 1, 5], 3)), [1, 2, 4]);
  assert.throws(() => topK([1, 2], 3), UsageError);
  assert.throws(() => topK([1, 2], 0), UsageError);
});

test("precisionAtK by hand: predicted top-2 are the true 2nd and 3rd best → 0.5", () => {
  assert.equal(precisionAtK([10, 9, 8, 7, 6], [1, 5, 4, 3, 2], 2), 0.5);
  assert.equal(precisionAtK([10, 9, 8, 7, 6], [5, 4, 3, 2, 1], 2), 1);
  assert.equal(precisionAtK([10, 9, 8, 7, 6], [1, 2, 3, 4, 5], 2), 0);
});

test("precisionAtK: an item tied with the true k-th best is a hit", () => {
  // True values [5,5,5,1]: the 2nd best is 5, so items 0, 1 and 2 are all top-2. Predicted top-2: items 3, 2.
  assert.equal(precisionAtK([5, 5, 5, 1], [0, 1, 2, 3], 2), 0.5);
  assert.equal(precisionAtK([5, 5, 5, 1], [3, 0, 2, 1], 2), 1);
});

test("topKOverlap: shared members of the two top-k sets, ties broken by index", () => {
  // top2([5,5,5,1]) = {0,1}; top2([0,1,2,3]) = {3,2}: no common member.
  assert.equal(topKOverlap([5, 5, 5, 1], [0, 1, 2, 3], 2), 0);
  assert.equal(topKOverlap([1, 2, 3, 4, 5], [1, 2, 5, 4, 3], 3), 1);
  assert.equal(topKOverlap([1, 2, 3, 4, 5], [5, 4, 3, 2, 1], 2), 0);
  assert.equal(topKOverlap([1, 2, 3, 4, 5], [1, 2, 3, 5, 0], 2), 0.5);
});
