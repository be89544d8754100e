import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { oracleCeiling } from "../../src/metrics/oracle-ceiling.js";
import { pGood } from "../../src/metrics/p-good.js";

test("oracle ceiling: a hand-counted example, ties broken by key", () => {
  // searched: the order by searched value is c (0.9), then a and d tied at 0.8 (key 1 < key 4: d first), b
  const searched = [0.8, 0.1, 0.9, 0.8];
  const reported = [70, 60, 50, 90];
  const keys = [4, 2, 3, 1];
  // good = reported ≥ 70: a and d; P(good | original) = 2/4
  const c = oracleCeiling(searched, reported, 70, keys);
  assert.deepEqual(Array.from(c), [0 / 1 - 0.5, 1 / 2 - 0.5, 2 / 3 - 0.5, 2 / 4 - 0.5]);
  // without keys the tie goes to the earlier position (a first)
  assert.deepEqual(Array.from(oracleCeiling(searched, reported, 70)), [-0.5, 0, 2 / 3 - 0.5, 0]);
});

test("oracle ceiling: NaN searched values rank last, NaN reported values are never good", () => {
  const c = oracleCeiling([Number.NaN, 1, 2], [100, 1, Number.NaN], 50);
  // order: 2 (reported NaN), 1 (1), 0 (100); good only index 0; base 1/3
  assert.deepEqual(Array.from(c), [-1 / 3, -1 / 3, 0]);
  assert.equal(oracleCeiling([], [], 1).length, 0);
  assert.throws(() => oracleCeiling([1, 2], [1], 1), /2 searched values, 1 reported/);
});

test("oracle ceiling equals the index of the sorted top-k, and bounds every k-set when searched = reported", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (pairs, threshold, pick) => {
        const s = pairs.map((p) => p[0]);
        const r = pairs.map((p) => p[1]);
        const c = oracleCeiling(s, r, threshold);
        const order = s.map((_, i) => i).sort((i, j) => s[j] - s[i] || i - j);
        const base = pGood(r, threshold);
        for (let k = 1; k <= s.length; k++) {
          const top = order.slice(0, k).map((i) => r[i]);
          assert.ok(Math.abs(c[k - 1] - (pGood(top, threshold) - base)) < 1e-12);
        }
        // searched = reported: no k-set beats the ceiling (k consecutive positions from `pick`, wrapping)
        const own = oracleCeiling(r, r, threshold);
        const k = 1 + (pick % r.length);
        const chosen = Array.from({ length: k }, (_, t) => (pick + t) % r.length);
        const index =
          pGood(
            chosen.map((i) => r[i]),
            threshold,
          ) - base;
        assert.ok(index <= own[k - 1] + 1e-12);
      },
    ),
  );
});
