import assert from "node:assert/strict";
import { test } from "node:test";
import { fisherCI } from "../../src/metrics/fisher-ci.js";
import { normalQuantile } from "../../src/metrics/normal-quantile.js";

test("normal quantile matches reference values", () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
  assert.equal(normalQuantile(0.5), 0);
  assert.ok(Math.abs(normalQuantile(0.05) + 1.6448536269514722) < 1e-12);
  assert.equal(normalQuantile(1), Number.POSITIVE_INFINITY);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});

test("Fisher-z interval: r = 0.5, n = 103 gives tanh(atanh(0.5) ± 1.96/10)", () => {
  const { lo, hi } = fisherCI(0.5, 103);
  const z = Math.atanh(0.5);
  assert.ok(Math.abs(lo - Math.tanh(z - 0.1959963984540054)) < 1e-12);
  assert.ok(Math.abs(hi - Math.tanh(z + 0.1959963984540054)) < 1e-12);
  assert.ok(lo < 0.5 && hi > 0.5);
  assert.deepEqual(fisherCI(1, 50), { lo: 1, hi: 1 });
  assert.ok(Number.isNaN(fisherCI(0.3, 3).lo));
  assert.ok(Number.isNaN(fisherCI(Number.NaN, 30).hi));
});
