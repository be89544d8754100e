import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { kendallTau } from "../../src/metrics/kendall-tau.js";
import { averageRanks } from "../../src/metrics/ranks.js";
import { topK } from "../../src/metrics/top-k.js";

// Issue 17: topK and averageRanks no longer sort indices with a comparator. These properties hold them
// (and kendallTau's O(n log n) count) to the definitions written out here, on data with many ties, −0 and
// +0, and values spread over many magnitudes, so a mismatch in any tie rule shows.

const values = fc.array(
  fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(-0, 0, 1e-300, -1e300, 1e300, 0.1 + 0.2, 0.3),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
  { minLength: 1, maxLength: 120 },
);

function topKByComparator(x: number[], k: number): number[] {
  const order = x.map((_, i) => i);
  order.sort((a, b) => x[b] - x[a] || a - b);
  return order.slice(0, k);
}

function averageRanksByComparator(x: number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Array<number>(x.length);
  for (let i = 0; i < x.length; ) {
    let j = i + 1;
    while (j < x.length && x[order[j]] === x[order[i]]) j++;
    for (let t = i; t < j; t++) ranks[order[t]] = (i + 1 + j) / 2;
    i = j;
  }
  return ranks;
}

test("topK equals the comparator sort's first k, for every k, typed or plain input", () => {
  fc.assert(
    fc.property(values, fc.nat(), (x, seed) => {
      const k = 1 + (seed % x.length);
      const want = topKByComparator(x, k);
      assert.deepEqual(Array.from(topK(x, k)), want);
      assert.deepEqual(Array.from(topK(Float64Array.from(x), k)), want);
      const arrayLike: ArrayLike<number> = { ...x, length: x.length }; // neither array nor typed array
      assert.deepEqual(Array.from(topK(arrayLike, k)), want);
    }),
    { numRuns: 300 },
  );
  // k above the native-scan bound, with ties across the cut
  const big = Array.from({ length: 500 }, (_, i) => (i * 7919) % 13);
  assert.deepEqual(Array.from(topK(big, 200)), topKByComparator(big, 200));
});

test("averageRanks equals the comparator definition", () => {
  fc.assert(
    fc.property(values, (x) => {
      assert.deepEqual(Array.from(averageRanks(x)), averageRanksByComparator(x));
    }),
    { numRuns: 300 },
  );
});

test("kendallTau equals the O(n²) pair count on tied and wide-ranged data", () => {
  fc.assert(
    fc.property(values, fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 120 }), (x, noise) => {
      if (x.length < 2) return;
      const y = x.map((v, i) => (i % 3 === 0 ? (noise[i] ?? 0) : Math.round(v / 2)));
      const got = kendallTau(x, y);
      const want = naiveTauB(x, y);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) < 1e-12, `${got} vs ${want}`);
    }),
    { numRuns: 300 },
  );
});

/** τ-b by its definition, over all pairs. */
function naiveTauB(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const s = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (s > 0) c++;
      else if (s < 0) d++;
      else if (x[i] === x[j] && y[i] !== y[j]) tx++;
      else if (y[i] === y[j] && x[i] !== x[j]) ty++;
    }
  }
  const den = Math.sqrt((c + d + tx) * (c + d + ty));
  return den === 0 ? Number.NaN : (c - d) / den;
}
