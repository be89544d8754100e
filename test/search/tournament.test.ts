import assert from "node:assert/strict";
import { test } from "node:test";
import { IndexScratch, Rng } from "../../src/core/rng.js";

// The reused-buffer tournament draw of regularised evolution (issue 17) against the one-shot draw, in both
// of its regimes (partial Fisher–Yates when k·4 ≥ n, rejection of repeats otherwise).
test("Rng.sampleIndices with an IndexScratch draws what it draws without, call after call", () => {
  const scratch = new IndexScratch(200);
  const out = new Int32Array(200);
  const a = Rng.fromSeed(5);
  const b = Rng.fromSeed(5);
  let regimes = 0;
  for (let t = 0; t < 2000; t++) {
    const n = 1 + a.int(200);
    b.int(200);
    const k = 1 + a.int(Math.min(n, 30));
    b.int(Math.min(n, 30));
    regimes |= k * 4 >= n ? 1 : 2;
    const want = b.sampleIndices(n, k);
    a.sampleIndices(n, k, scratch, out);
    assert.deepEqual(Array.from(out.subarray(0, k)), Array.from(want), `draw ${t}: n ${n}, k ${k}`);
  }
  assert.equal(regimes, 3, "both regimes exercised");
});
