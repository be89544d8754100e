import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";

test("K = 0 is additive: f(a) − f(b) decomposes over positions", () => {
  const s = new CategoricalSpace([3, 3, 3, 3]);
  const f = new SyntheticLandscape(s, { k: 0, seed: 1 }).objective();
  const a = Uint8Array.from([0, 1, 2, 0]);
  const b = Uint8Array.from([2, 1, 2, 0]);
  const c = Uint8Array.from([0, 1, 2, 1]);
  const d = Uint8Array.from([2, 1, 2, 1]);
  assert.ok(Math.abs(f(a) - f(b) - (f(c) - f(d))) < 1e-9);
});

test("K > 0 is not additive; values are in [0, 100]; seeds change the landscape", () => {
  const s = new CategoricalSpace([3, 3, 3, 3]);
  const f = new SyntheticLandscape(s, { k: 3, seed: 1 }).objective();
  const g = new SyntheticLandscape(s, { k: 3, seed: 2 }).objective();
  let nonAdditive = 0;
  let differs = 0;
  for (const a of s.enumerate()) {
    assert.ok(f(a) >= 0 && f(a) <= 100);
    if (f(a) !== g(a)) differs++;
    const b = a.slice();
    b[0] = (b[0] + 1) % 3;
    const c = a.slice();
    c[1] = (c[1] + 1) % 3;
    const d = b.slice();
    d[1] = c[1];
    if (Math.abs(f(a) - f(b) - (f(c) - f(d))) > 1e-9) nonAdditive++;
  }
  assert.ok(nonAdditive > 40);
  assert.equal(differs, 81);
});

test("isomorphic NB201 cells score the same; noise is deterministic", () => {
  const land = new SyntheticLandscape(nb201, { k: 2, seed: 3, noise: 1 });
  const f = land.objective();
  const r = Rng.fromSeed(1);
  for (let i = 0; i < 500; i++) {
    const a = nb201.sample(r);
    assert.equal(f(a), f(nb201.canonical(a)));
    assert.equal(f(a), f(a.slice()));
  }
  assert.throws(() => new SyntheticLandscape(nb201, { k: 6 }), /k must be an integer in 0\.\.5/);
  assert.throws(() => land.objective("loss"), /one metric/);
});
