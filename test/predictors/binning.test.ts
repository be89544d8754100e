import assert from "node:assert/strict";
import { test } from "node:test";
import { binData, featureCuts } from "../../src/predictors/binning.js";

test("featureCuts: few distinct values get one bin each, cut at the next value (exact splits)", () => {
  assert.deepEqual(Array.from(featureCuts(new Float32Array([0, 1, 0, 1, 1]), 256)), [1]);
  assert.deepEqual(Array.from(featureCuts(new Float32Array([3, -1, 2.5, 3, -1]), 256)), [2.5, 3]);
  assert.deepEqual(Array.from(featureCuts(new Float32Array([7, 7, 7]), 256)), []);
  assert.deepEqual(Array.from(featureCuts(new Float32Array([0, 1, 2, 3]), 4)), [1, 2, 3]);
});

test("featureCuts: more distinct values than bins give equal-count quantile cuts", () => {
  const v = new Float32Array(100).map((_, i) => i);
  assert.deepEqual(Array.from(featureCuts(v, 4)), [25, 50, 75]);
  // Heavy ties: 90 zeros and 1..10; at most maxBin bins, every cut a data value.
  const t = new Float32Array(100).map((_, i) => (i < 90 ? 0 : i - 89));
  const cuts = Array.from(featureCuts(t, 4));
  assert.ok(cuts.length <= 3 && cuts.length >= 1);
  for (const c of cuts) assert.ok(Array.from(t).includes(c));
  for (let i = 1; i < cuts.length; i++) assert.ok(cuts[i] > cuts[i - 1]);
});

test("binData: bins, most-frequent default bins and the sparse rows (one-hot: only the 1s are stored)", () => {
  // 4 rows × 3 features; feature 2 is constant.
  const x = new Float32Array([1, 0, 5, 0, 0, 5, 0, 1, 5, 0, 2, 5]);
  const d = binData(x, 4, 3, 256);
  assert.deepEqual(Array.from(d.featStart), [0, 2, 5, 6]);
  assert.deepEqual(Array.from(d.bins), [1, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(d.defaultBin), [0, 2, -1]);
  assert.deepEqual(Array.from(d.cuts), [
    1,
    Number.POSITIVE_INFINITY,
    1,
    2,
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
  ]);
  assert.deepEqual(Array.from(d.rowPtr), [0, 1, 1, 2, 3]);
  assert.deepEqual(Array.from(d.rowBins), [1, 3, 4]);
});

test("binData: equally long rows get the padded ELL layout, ragged rows stay CSR only", () => {
  // One-hot, 3 positions × 2 choices: every row has the same number of non-default bins.
  const onehot = new Float32Array([1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0]);
  const d = binData(onehot, 3, 6, 256);
  assert.equal(d.ellWidth, d.rowPtr[1] - d.rowPtr[0]);
  for (let r = 0; r < 3; r++) {
    assert.deepEqual(
      Array.from(d.ell.subarray(r * d.ellWidth, (r + 1) * d.ellWidth)),
      Array.from(d.rowBins.subarray(d.rowPtr[r], d.rowPtr[r + 1])),
    );
  }
  // Ragged: one row of ten 1s, nine rows of zeros.
  const ragged = new Float32Array(100);
  ragged.fill(1, 0, 10);
  const c = binData(ragged, 10, 10, 256);
  assert.equal(c.ellWidth, 0);
  assert.deepEqual(Array.from(c.rowPtr), [0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
});
