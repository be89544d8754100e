import assert from "node:assert/strict";
import { test } from "node:test";
import { log2Histogram } from "../../src/metrics/log-histogram.js";

test("log2Histogram: bins [1,2), [2,4), [4,8)…, counted by hand", () => {
  // 1 → bin 0; 2, 3 → bin 1; 4, 7 → bin 2; 8 → bin 3; 0 and 0.5 are not counted.
  assert.deepEqual(log2Histogram([1, 2, 3, 4, 7, 8, 0, 0.5]), {
    edges: [1, 2, 4, 8, 16],
    counts: [1, 2, 2, 1],
  });
  assert.deepEqual(log2Histogram([5]), { edges: [1, 2, 4, 8], counts: [0, 0, 1] });
  assert.deepEqual(log2Histogram([]), { edges: [1, 2], counts: [0] });
});
