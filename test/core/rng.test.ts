import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";

test("same seed, same stream; different seeds and children differ", () => {
  const draw = (r: Rng) => Array.from({ length: 20 }, () => r.uint32());
  assert.deepEqual(draw(Rng.fromSeed(5)), draw(Rng.fromSeed(5)));
  assert.notDeepEqual(draw(Rng.fromSeed(5)), draw(Rng.fromSeed(6)));
  assert.deepEqual(draw(Rng.fromSeed("abc")), draw(Rng.fromSeed("abc")));
  const root = Rng.fromSeed(1);
  assert.notDeepEqual(draw(root.child("a")), draw(root.child("b")));
});

test("children depend on labels only, not on how much the parent was used", () => {
  const a = Rng.fromSeed(9);
  const b = Rng.fromSeed(9);
  for (let i = 0; i < 100; i++) b.uint32();
  assert.equal(a.child("run", 3).uint32(), b.child("run", 3).uint32());
});

test("int is in range and roughly uniform; float in [0,1); sampleIndices distinct", () => {
  const r = Rng.fromSeed(2);
  const counts = new Array(7).fill(0);
  for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, String(counts));
  for (let i = 0; i < 1000; i++) {
    const f = r.float();
    assert.ok(f >= 0 && f < 1);
  }
  for (const [n, k] of [
    [10, 10],
    [1000, 5],
    [50, 20],
  ]) {
    const s = r.sampleIndices(n, k);
    assert.equal(new Set(s).size, k);
    for (const v of s) assert.ok(v >= 0 && v < n);
  }
  assert.throws(() => r.sampleIndices(3, 4), /cannot draw 4/);
  assert.throws(() => Rng.fromSeed(-1), /seed must be a non-negative integer/);
});

test("normal deviates have mean ≈ 0 and variance ≈ 1", () => {
  const r = Rng.fromSeed(3);
  let s = 0;
  let s2 = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) {
    const x = r.normal();
    s += x;
    s2 += x * x;
  }
  assert.ok(Math.abs(s / n) < 0.02);
  assert.ok(Math.abs(s2 / n - 1) < 0.03);
});
