import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { ProductSubspace } from "../../src/shrink/product.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";

test("member set: dedup by canonical key (NB201 isomorphs), membership, exact size, iteration", () => {
  const set = new MemberSet(nb201);
  // Two isomorphic cells: node 1 unused by the output when edges 2 and 4 are none (edge 0 free).
  const a = nb201.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|");
  const b = nb201.parse("|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|");
  assert.equal(nb201.key(a), nb201.key(b));
  assert.equal(set.add(a), true);
  assert.equal(set.add(b), false);
  assert.equal(set.add(a), false);
  assert.equal(set.count, 1);
  assert.equal(set.size(), 1n);
  assert.ok(set.has(b));
  const c = nb201.parse(
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
  );
  set.add(c);
  assert.equal(set.count, 2);
  const all = [...set];
  assert.equal(all.length, 2);
  for (const m of all) assert.deepEqual(m, nb201.canonical(m)); // members are canonical genotypes
  assert.equal(set.packed, false); // NB201 decodes keys: no genotypes stored
  assert.ok(
    set.capabilities.has("decodeKey") && set.capabilities.has("cost") && set.capabilities.has("enumerate"),
  );
  assert.equal(typeof set.cost, "function");
  assert.ok(set.isValid(c));
  assert.equal(set.isValid(nb201.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")), false);
  assert.throws(() => set.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"), /not a member/);
  assert.deepEqual(set.parse(nb201.format(c)), c);
});

test("member set: uniform sampling over members", () => {
  const space = new CategoricalSpace([3, 3, 3]);
  const set = MemberSet.from(space, [
    Uint8Array.of(0, 0, 0),
    Uint8Array.of(1, 2, 0),
    Uint8Array.of(2, 2, 2),
    Uint8Array.of(0, 1, 2),
  ]);
  const rng = Rng.fromSeed(7);
  const counts = new Map<number, number>();
  const N = 40_000;
  for (let i = 0; i < N; i++) {
    const a = set.sample(rng);
    assert.ok(set.has(a));
    counts.set(space.key(a), (counts.get(space.key(a)) ?? 0) + 1);
  }
  assert.equal(counts.size, 4);
  // χ² with 3 degrees of freedom; 16.27 is the 0.999 quantile.
  let chi = 0;
  for (const c of counts.values()) chi += (c - N / 4) ** 2 / (N / 4);
  assert.ok(chi < 16.27, `chi² ${chi}`);
});

test("member set: neighbours are the base neighbours that are members; mutate falls back to a member", () => {
  const space = new CategoricalSpace([3, 3, 3]);
  const set = MemberSet.from(space, [
    Uint8Array.of(0, 0, 0),
    Uint8Array.of(1, 0, 0),
    Uint8Array.of(0, 0, 2),
    Uint8Array.of(2, 2, 2),
  ]);
  const nb = set
    .neighbours(Uint8Array.of(0, 0, 0))
    .map((a) => space.format(a))
    .sort();
  assert.deepEqual(nb, ["002", "100"]);
  assert.deepEqual(set.neighbours(Uint8Array.of(2, 2, 2)), []);
  const rng = Rng.fromSeed(1);
  for (let i = 0; i < 50; i++) {
    const m = set.mutate(Uint8Array.of(0, 0, 0), rng);
    assert.ok(["002", "100"].includes(space.format(m)));
    assert.ok(set.has(set.mutate(Uint8Array.of(2, 2, 2), rng))); // isolated: a random member
  }
});

test("member set: packed genotypes when the base cannot decode keys (4^40 genotypes, hashed keys)", () => {
  const space = new CategoricalSpace(new Array(40).fill(4));
  assert.equal(space.keyExact, false);
  const set = new MemberSet(space);
  assert.equal(set.packed, true);
  assert.equal(set.capabilities.has("decodeKey"), false);
  const rng = Rng.fromSeed(3);
  const archs = Array.from({ length: 500 }, () => space.sample(rng));
  for (const a of archs) set.add(a);
  for (const a of archs) set.add(a);
  assert.equal(set.count, 500);
  for (let i = 0; i < 500; i++) assert.deepEqual(set.at(i), archs[i]);
  const sorted = set.sorted();
  assert.equal(sorted.count, 500);
  for (let i = 1; i < 500; i++) assert.ok(sorted.keyAt(i - 1) < sorted.keyAt(i));
  for (let i = 0; i < 500; i++) assert.equal(space.key(sorted.at(i)), sorted.keyAt(i));
});

test("member set: many keys (growth, rehash) stay exact", () => {
  const space = new CategoricalSpace(new Array(20).fill(4));
  const set = new MemberSet(space);
  for (let k = 0; k < 200_000; k++) set.addKey(k * 4099);
  assert.equal(set.count, 200_000);
  assert.ok(set.hasKey(4099 * 123_456));
  assert.equal(set.hasKey(4099 * 123_456 + 1), false);
  assert.equal(set.addKey(4099 * 5), false);
});

test("product sub-space: exact size, uniform sampling, neighbours, distances", () => {
  const p = new ProductSubspace(nb201, [[2, 3], [3], [1, 2, 3], [0, 1, 2, 3, 4], [3], [2, 3]]);
  assert.equal(p.size(), 60n);
  assert.equal(p.maxEditDistance(), 4);
  assert.equal([...p.enumerate()].length, 60);
  const rng = Rng.fromSeed(5);
  const counts = new Map<number, number>();
  for (let i = 0; i < 60_000; i++) {
    const a = p.sample(rng);
    assert.ok(p.isValid(a));
    counts.set(nb201.code(a), (counts.get(nb201.code(a)) ?? 0) + 1);
  }
  assert.equal(counts.size, 60);
  for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 160, `count ${c}`);
  const a = Uint8Array.of(2, 3, 1, 0, 3, 2);
  assert.equal(p.neighbours(a).length, 1 + 2 + 4 + 1);
  for (const b of p.neighbours(a)) assert.ok(p.isValid(b) && nb201.editDistance(a, b) === 1);
  for (let d = 0; d <= 4; d++) assert.equal(nb201.editDistance(a, p.atDistance(a, d, rng)), d);
  assert.ok(p.isValid(p.mutate(a, rng)));
  assert.ok(p.capabilities.has("cost"));
  assert.throws(() => p.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"), /not in this product/);
  assert.throws(() => new ProductSubspace(nb201, [[0], [0], [0], [0], [0], []]), /allows no choice/);
  assert.throws(() => new ProductSubspace(nb201, [[0], [0], [0], [0], [0], [5]]), /expected 0..4/);
  assert.throws(() => new ProductSubspace(nb201, [[0]]), /1 positions given/);
  const big = new ProductSubspace(new CategoricalSpace(new Array(60).fill(4)), new Array(60).fill([0, 1, 3]));
  assert.equal(big.size(), 3n ** 60n);
});
