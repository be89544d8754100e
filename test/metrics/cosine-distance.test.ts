import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { maxCosineDistance } from "../../src/metrics/cosine-distance.js";

test("max cosine distance: exact over pairs, zero rows skipped", () => {
  const x = Float32Array.from([1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0]); // rows (1,0,0) (1,1,0) (0,0,0) (1,1,0)
  const r = maxCosineDistance(x, 3);
  // The zero row is skipped; cos((1,0,0), (1,1,0)) = 1/√2.
  assert.equal(r.zeroRows, 1);
  assert.ok(Math.abs(r.value - (1 - 1 / Math.SQRT2)) < 1e-7);
  assert.equal(r.exact, true);
  const neg = maxCosineDistance(Float64Array.from([1, 0, -1, 0]), 2);
  assert.ok(Math.abs(neg.value - 2) < 1e-12);
  assert.equal(maxCosineDistance(Float32Array.from([1, 2]), 2).value, 0);
});

test("max cosine distance: orthogonal one-hots reach the bound of 1 and stop", () => {
  const n = 5000;
  const w = 10;
  const x = new Float32Array(n * w);
  for (let i = 0; i < n; i++) x[i * w + (i % 2 === 0 ? 0 : 1 + (i % (w - 1)))] = 1;
  const r = maxCosineDistance(x, w, Rng.fromSeed(1));
  assert.equal(r.value, 1);
  assert.equal(r.method, "bound");
  assert.equal(r.exact, true);
});

test("max cosine distance: farthest-point search on a large set finds the diameter of a circle", () => {
  const n = 6000;
  const x = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const t = (Math.PI * i) / (n - 1); // half circle: antipodes at i = 0 and n − 1, distance 2
    x[2 * i] = Math.cos(t);
    x[2 * i + 1] = Math.sin(t);
  }
  const r = maxCosineDistance(x, 2, Rng.fromSeed(3));
  assert.equal(r.method, "bound");
  assert.ok(Math.abs(r.value - 2) < 1e-9);
  const exact = maxCosineDistance(x.subarray(0, 200), 2);
  assert.equal(exact.method, "all-pairs");
  assert.throws(() => maxCosineDistance(x, 2), /Rng/);
  assert.throws(() => maxCosineDistance(new Float32Array(5), 2), /rows of width/);
});
