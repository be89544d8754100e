import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { hypervolume } from "../../src/metrics/hypervolume-nd.js";
import { igd } from "../../src/metrics/igd.js";
import { paretoFront } from "../../src/metrics/pareto-nd.js";

const f = (a: number[]) => Float64Array.from(a);

/** O(n²) brute force over rows of k. */
function bruteFront(v: number[], k: number): number[] {
  const n = v.length / k;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let dom = false;
    for (let j = 0; j < n && !dom; j++) {
      let ge = true;
      let gt = false;
      for (let c = 0; c < k; c++) {
        if (v[j * k + c] < v[i * k + c]) ge = false;
        if (v[j * k + c] > v[i * k + c]) gt = true;
      }
      dom = ge && gt;
    }
    if (!dom) out.push(i);
  }
  return out;
}

test("paretoFront (k = 2, 3, 4) equals the O(n²) brute force (fast-check, ties)", () => {
  for (const k of [2, 3, 4]) {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 30 * k }), (raw) => {
        const v = raw.slice(0, raw.length - (raw.length % k));
        assert.deepEqual(Array.from(paretoFront(f(v), k)), bruteFront(v, k));
      }),
      { seed: 15 + k, numRuns: 200 },
    );
  }
});

test("hypervolume (3-D): by hand, a unit cube and a 2×1×1 box overlapping in 1×1×1 → 2", () => {
  assert.equal(hypervolume(f([1, 1, 1, 2, 1, 1]), 3, [0, 0, 0]), 2);
  // (2,1,1) and (1,2,1) and (1,1,2): 3·2 − 3·1 + 1 = 4
  assert.equal(hypervolume(f([2, 1, 1, 1, 2, 1, 1, 1, 2]), 3, [0, 0, 0]), 4);
  // points not strictly better than the reference in every objective contribute nothing
  assert.equal(hypervolume(f([5, 5, 0]), 3, [0, 0, 0]), 0);
  // k = 2 agrees with the 2-D case: (3,1),(1,3) → 5
  assert.equal(hypervolume(f([3, 1, 1, 3]), 2, [0, 0]), 5);
});

test("hypervolume (3-D) equals counting unit cells of an integer grid (fast-check)", () => {
  const c = fc.integer({ min: 0, max: 5 });
  fc.assert(
    fc.property(fc.array(fc.tuple(c, c, c), { maxLength: 15 }), (pts) => {
      let cells = 0;
      for (let x = 0; x < 5; x++)
        for (let y = 0; y < 5; y++)
          for (let z = 0; z < 5; z++) if (pts.some((p) => p[0] > x && p[1] > y && p[2] > z)) cells++;
      assert.equal(hypervolume(f(pts.flat()), 3, [0, 0, 0]), cells);
    }),
    { seed: 15, numRuns: 200 },
  );
});

test("igd: by hand, reference {(0,1),(1,0)} and found {(0,1)} → (0 + √2)/2", () => {
  assert.equal(igd(f([0, 1]), f([0, 1, 1, 0]), 2), Math.SQRT2 / 2);
  assert.equal(igd(f([0, 1, 1, 0]), f([0, 1, 1, 0]), 2), 0);
  assert.equal(igd(f([]), f([0, 1]), 2), Number.POSITIVE_INFINITY);
});
