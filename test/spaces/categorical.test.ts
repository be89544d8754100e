import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { CategoricalSpace, macroSpace, parseShape } from "../../src/spaces/categorical/space.js";
import { getSpace } from "../../src/spaces/registry.js";

test("categorical space: size, neighbours, Hamming distance, codes round-trip", () => {
  const s = new CategoricalSpace([2, 3, 4]);
  assert.equal(s.size(), 24n);
  assert.equal(s.maxEditDistance(), 3);
  const all = [...s.enumerate()];
  assert.equal(all.length, 24);
  assert.equal(new Set(all.map((a) => s.code(a))).size, 24);
  for (const a of all) {
    assert.deepEqual(s.decodeKey(s.key(a)), a);
    const ns = s.neighbours(a);
    assert.equal(ns.length, 1 + 2 + 3);
    for (const n of ns) assert.equal(s.editDistance(a, n), 1);
    assert.equal(s.parse(s.format(a)).join(), a.join());
  }
});

test("mutate draws every neighbour uniformly", () => {
  const s = new CategoricalSpace([2, 3, 4]);
  const a = Uint8Array.from([0, 0, 0]);
  const r = Rng.fromSeed(1);
  const counts = new Map<number, number>();
  for (let i = 0; i < 60_000; i++) {
    const m = s.mutate(a, r);
    counts.set(s.code(m), (counts.get(s.code(m)) ?? 0) + 1);
  }
  assert.equal(counts.size, 6);
  for (const c of counts.values()) assert.ok(Math.abs(c - 10_000) < 500);
});

test("macro space and shapes; large spaces hash their codes", () => {
  const m = macroSpace();
  assert.equal(m.size(), 6561n);
  assert.equal(m.format(m.parse("02012100")), "02012100");
  assert.throws(() => m.parse("0201210"), /has 7 positions/);
  assert.throws(() => m.parse("02012103"), /position 7 has choice '3'/);
  assert.deepEqual(parseShape("3x2"), [2, 2, 2]);
  assert.throws(() => parseShape("3y2"), /must read NxC/);
  const big = getSpace("categorical:30x12");
  assert.equal(big.keyExact, false);
  assert.equal(big.capabilities.has("decodeKey"), false);
  const r = Rng.fromSeed(4);
  const a = big.sample(r);
  assert.equal(big.parse(big.format(a)).join(), a.join());
  const keys = new Set<number>();
  for (let i = 0; i < 10_000; i++) keys.add(big.key(big.sample(r)));
  assert.equal(keys.size, 10_000);
  assert.throws(() => getSpace("categorical"), /needs a shape/);
});
