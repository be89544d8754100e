import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { UsageError } from "../../src/core/errors.js";
import { hypervolume2d } from "../../src/metrics/hypervolume.js";

const f = (a: number[]) => Float64Array.from(a);

test("hypervolume2d: by hand, two boxes 3×1 and 1×3 overlap in 1×1 → 5", () => {
  assert.equal(hypervolume2d(f([3, 1]), f([1, 3]), 0, 0), 5);
});

test("hypervolume2d: by hand, staircase (1,3) (2,2) (3,1) from (0,0) → 3+2+1 = 6", () => {
  assert.equal(hypervolume2d(f([1, 2, 3]), f([3, 2, 1]), 0, 0), 6);
  // A dominated point and a duplicate add nothing.
  assert.equal(hypervolume2d(f([1, 2, 3, 1.5, 2]), f([3, 2, 1, 1.5, 2]), 0, 0), 6);
});

test("hypervolume2d: reference point shifts and points not strictly better contribute nothing", () => {
  // From (1,1): boxes (2−1)×(3−1)=2 and (4−1)×(2−1)=3 overlap in 1×1 → 4.
  assert.equal(hypervolume2d(f([2, 4]), f([3, 2]), 1, 1), 4);
  // x equal to the reference: empty box.
  assert.equal(hypervolume2d(f([1, 0.5]), f([10, 10]), 1, 0), 0);
  assert.equal(hypervolume2d(f([5]), f([-1]), 0, -1), 0);
  assert.equal(hypervolume2d(f([]), f([]), 0, 0), 0);
  // Negative coordinates (a minimised objective negated): (−2, 3) from (−5, 0) → 3·3 = 9.
  assert.equal(hypervolume2d(f([-2]), f([3]), -5, 0), 9);
});

test("hypervolume2d: bad input", () => {
  assert.throws(() => hypervolume2d(f([1]), f([]), 0, 0), UsageError);
  assert.throws(() => hypervolume2d(f([1]), f([1]), Number.NaN, 0), UsageError);
});

test("hypervolume2d equals counting unit cells of an integer grid (fast-check)", () => {
  const c = fc.integer({ min: 0, max: 8 });
  fc.assert(
    fc.property(fc.array(fc.tuple(c, c), { maxLength: 25 }), (pts) => {
      let cells = 0;
      for (let gx = 0; gx < 8; gx++) {
        for (let gy = 0; gy < 8; gy++) {
          // cell [gx,gx+1]×[gy,gy+1] is covered iff some point has x ≥ gx+1 and y ≥ gy+1
          if (pts.some((p) => p[0] >= gx + 1 && p[1] >= gy + 1)) cells++;
        }
      }
      const hv = hypervolume2d(f(pts.map((p) => p[0])), f(pts.map((p) => p[1])), 0, 0);
      assert.equal(hv, cells);
    }),
    { seed: 15, numRuns: 300 },
  );
});
