import assert from "node:assert/strict";
import { test } from "node:test";
import { meanCI } from "../../src/metrics/mean-ci.js";

test("Student-t interval of 1..5: 3 ± t(0.975, 4)·√2.5/√5", () => {
  const m = meanCI([1, 2, 3, 4, 5]);
  assert.equal(m.mean, 3);
  assert.ok(Math.abs(m.sd - Math.sqrt(2.5)) < 1e-12);
  const half = (2.7764451051977987 * Math.sqrt(2.5)) / Math.sqrt(5);
  assert.ok(Math.abs(m.lo - (3 - half)) < 1e-9);
  assert.ok(Math.abs(m.hi - (3 + half)) < 1e-9);
  assert.ok(Number.isNaN(meanCI([7]).lo));
  assert.equal(meanCI([7]).mean, 7);
});
