import assert from "node:assert/strict";
import { test } from "node:test";
import { probAtLeastKGood } from "../../src/metrics/theorem1.js";

// Reference values: scipy 1.10.1, stats.binom.sf(k − 1, n, p).
test("Theorem 1 matches the binomial tail", () => {
  const ref: Array<[number, number, number, number]> = [
    [10, 3, 0.2, 0.32220047360000015],
    [100, 20, 0.05, 1.0522953420147289e-7],
    [50, 1, 0.05, 0.9230550247232867],
    [20, 5, 0.45, 0.9811367282688523],
    [1000, 100, 0.12, 0.9790833916919058],
  ];
  for (const [n, k, p, want] of ref) {
    const got = probAtLeastKGood(n, k, p);
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(want, 1e-6), `n=${n} k=${k} p=${p}: ${got} vs ${want}`);
  }
  // At least one good in n: 1 − (1 − p)^n.
  assert.ok(Math.abs(probAtLeastKGood(50, 1, 0.05) - (1 - 0.95 ** 50)) < 1e-12);
});

test("Theorem 1 edge cases and bad input", () => {
  assert.equal(probAtLeastKGood(10, 0, 0.3), 1);
  assert.equal(probAtLeastKGood(10, 10, 1), 1);
  assert.equal(probAtLeastKGood(10, 1, 0), 0);
  // A richer space (higher p) makes k good samples more likely: the point of shrinking.
  assert.ok(probAtLeastKGood(20, 4, 0.45) > probAtLeastKGood(20, 4, 0.05));
  assert.throws(() => probAtLeastKGood(10, 11, 0.5), /k must be/);
  assert.throws(() => probAtLeastKGood(10, 2, 1.5), /p must be/);
  assert.throws(() => probAtLeastKGood(-1, 0, 0.5), /n must be/);
});
