import assert from "node:assert/strict";
import { test } from "node:test";
import { meanCI } from "../../src/metrics/mean-ci.js";
import { pooledCI } from "../../src/report/builders/search.js";

test("pooledCI over seeds equals the t-interval of all runs together", () => {
  const a = [3, 5, 4, 8, 6];
  const b = [10, 7, 9];
  const c = [1, 2, 2, 4];
  const groups = [a, b, c].map((g) => {
    const m = meanCI(g);
    return { n: g.length, mean: m.mean, half: (m.hi - m.lo) / 2 };
  });
  const all = meanCI([...a, ...b, ...c]);
  const p = pooledCI(groups);
  assert.ok(Math.abs(p.mean - all.mean) < 1e-12);
  assert.ok(Math.abs(p.lo - all.lo) < 1e-9, `${p.lo} vs ${all.lo}`);
  assert.ok(Math.abs(p.hi - all.hi) < 1e-9);
});
