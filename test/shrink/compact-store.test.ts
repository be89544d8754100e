import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { KeyIndex } from "../../src/shrink/key-index.js";
import { lissnas } from "../../src/shrink/lissnas.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { eachNeighbour, neighbourhood } from "../../src/shrink/neighbourhood.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import type { Arch } from "../../src/spaces/space.js";
import { OraclePredictor } from "./helpers.js";

// The compact stores of issue 17 (a 10⁷-member shrink under 1 GB) against the general paths they replace.

/** Mixed widths (1 to 8 bits, a 1-choice position) and > 2^53 genotypes: hashed keys, packed member sets. */
const MIXED = [1, 200, 3, 8, 255, 2, 5, ...new Array(12).fill(8)];

test("KeyIndex.fromDistinct adopts the keys and finds each, like adding them one by one", () => {
  const keys = Float64Array.from([2 ** 52 + 7, 0, 13, 2 ** 40, 99, 5]);
  const adopted = KeyIndex.fromDistinct(keys);
  const added = new KeyIndex();
  for (const k of keys) added.add(k);
  assert.equal(adopted.keys().buffer, keys.buffer, "adopted, not copied");
  assert.equal(adopted.size, 6);
  for (let i = 0; i < keys.length; i++) assert.equal(adopted.indexOf(keys[i]), added.indexOf(keys[i]));
  assert.equal(adopted.indexOf(14), -1);
  assert.equal(adopted.add(14), 6, "grows past the adopted array");
  assert.equal(adopted.indexOf(2 ** 52 + 7), 0);
});

test("MemberSet.fromAscendingKeys: the set sorted() builds, packed or decoded", () => {
  for (const cards of [MIXED, [3, 4, 2, 5]]) {
    const space = new CategoricalSpace(cards);
    const rng = Rng.fromSeed(3);
    const archs: Arch[] = [];
    for (let i = 0; i < 300; i++) archs.push(space.sample(rng));
    const ref = MemberSet.from(space, archs).sorted();
    const keys = ref.keys();
    const seen = new Set<number>();
    const built = MemberSet.fromAscendingKeys(space, keys, (sink) => {
      for (const a of archs) {
        const k = space.key(a);
        if (!seen.has(k)) sink.put(k, space.canonical(a));
        seen.add(k);
      }
    });
    assert.equal(built.packed, cards === MIXED);
    assert.equal(built.count, ref.count);
    assert.ok(built.keysAscending());
    for (let i = 0; i < ref.count; i++) {
      assert.equal(built.keyAt(i), ref.keyAt(i));
      assert.deepEqual(built.at(i), ref.at(i));
    }
    assert.deepEqual(built.packedGenotypes(), ref.packedGenotypes());
  }
});

test("eachNeighbour streams what neighbourhood returns, sampled and exhaustive", () => {
  const space = new CategoricalSpace([3, 4, 2, 5]);
  const seed = Uint8Array.from([1, 2, 0, 3]);
  for (const limit of [45, 20]) {
    const streamed: number[] = [];
    const whole = eachNeighbour(space, seed, 2, limit, Rng.fromSeed(8), (b) => streamed.push(space.code(b)));
    const nb = neighbourhood(space, seed, 2, limit, Rng.fromSeed(8));
    assert.equal(whole, nb.exhaustive);
    assert.equal(whole, limit === 45);
    assert.deepEqual(
      streamed,
      nb.archs.map((a) => space.code(a)),
    );
  }
});

test("lissnas stores bit-packed genotypes: every member and query is the genotype of its key", () => {
  const space = new CategoricalSpace(MIXED);
  // a landscape that reads every position, so a genotype unpacked wrong scores differently
  const f = (a: Arch) => a.reduce((s, v, i) => s + ((v * (i + 3)) % 7), 0);
  const r = lissnas(
    { space, objective: f, predictor: () => new OraclePredictor(space, f), rng: Rng.fromSeed(5) },
    { initialSamples: 200, budget: 40, seeds: 4, threshold: 3, neighbourLimit: 500, maxIterations: 2 },
  );
  assert.ok(r.space.packed);
  assert.ok(r.space.count > 500, `${r.space.count} members`);
  for (let i = 0; i < r.space.count; i++) {
    const a = r.space.at(i);
    assert.ok(space.isValid(a), `member ${i}`);
    assert.equal(space.key(a), r.space.keyAt(i), `member ${i}`);
    if (i > 0) assert.ok(r.space.keyAt(i - 1) < r.space.keyAt(i));
  }
  for (let q = 0; q < r.queried.keys.length; q++) {
    assert.equal(space.key(r.queried.archs[q]), r.queried.keys[q]);
    assert.equal(r.queried.values[q], f(r.queried.archs[q]));
  }
});
