import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { UsageError } from "../../src/core/errors.js";
import { paretoFront2d } from "../../src/metrics/pareto.js";

const f = (a: number[]) => Float64Array.from(a);

/** Brute force O(n²): i is on the front iff no j dominates it (≥ in both, > in one). */
function bruteFront(xs: number[], ys: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isNaN(xs[i]) || Number.isNaN(ys[i])) continue;
    let dominated = false;
    for (let j = 0; j < xs.length && !dominated; j++) {
      if (xs[j] >= xs[i] && ys[j] >= ys[i] && (xs[j] > xs[i] || ys[j] > ys[i])) dominated = true;
    }
    if (!dominated) out.push(i);
  }
  return out;
}

test("paretoFront2d: by hand, a staircase with one dominated point", () => {
  // (1,5) (2,4) (3,3) are the front; (2,2) is dominated by (2,4) and (3,3); (0,5) by (1,5).
  const xs = f([1, 2, 2, 3, 0]);
  const ys = f([5, 4, 2, 3, 5]);
  assert.deepEqual(Array.from(paretoFront2d(xs, ys)), [3, 1, 0]); // x descending
});

test("paretoFront2d: duplicates of a front point are all kept; same x lower y is dominated", () => {
  const xs = f([1, 1, 1, 0.5]);
  const ys = f([2, 2, 1, 3]);
  assert.deepEqual(Array.from(paretoFront2d(xs, ys)), [0, 1, 3]);
  // Equal y at a larger x dominates.
  assert.deepEqual(Array.from(paretoFront2d(f([2, 1]), f([3, 3]))), [0]);
});

test("paretoFront2d: NaN points are dropped and dominate nothing; empty input", () => {
  assert.deepEqual(Array.from(paretoFront2d(f([Number.NaN, 1]), f([9, 1]))), [1]);
  assert.deepEqual(Array.from(paretoFront2d(f([]), f([]))), []);
  assert.throws(() => paretoFront2d(f([1]), f([])), UsageError);
});

test("paretoFront2d equals the O(n²) brute force (fast-check, many ties)", () => {
  const small = fc.integer({ min: 0, max: 6 });
  fc.assert(
    fc.property(fc.array(fc.tuple(small, small), { maxLength: 40 }), (pts) => {
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const got = Array.from(paretoFront2d(f(xs), f(ys))).sort((a, b) => a - b);
      assert.deepEqual(got, bruteFront(xs, ys));
    }),
    { seed: 15, numRuns: 300 },
  );
});
