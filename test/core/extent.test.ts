import assert from "node:assert/strict";
import { test } from "node:test";
import { maxOf, minOf } from "../../src/core/extent.js";

test("minOf/maxOf handle arrays far past the call-argument limit of Math.min(...xs)", () => {
  const n = 2_000_000;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = ((i * 7919) % n) - 17;
  assert.throws(() => Math.min(...xs), RangeError); // the pattern these replace
  assert.equal(minOf(xs), -17);
  assert.equal(maxOf(xs), n - 18);
  assert.equal(minOf([]), Number.POSITIVE_INFINITY);
  assert.equal(maxOf([3, Number.NaN, 5]), 5);
});
