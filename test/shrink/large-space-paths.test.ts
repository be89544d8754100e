import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { neighbourhood } from "../../src/shrink/neighbourhood.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import type { Arch } from "../../src/spaces/space.js";

// The shortcuts for shrinking very large spaces (issue 17) against the general paths.

/** Re-declares `neighbours`, so the neighbourhood cannot size the ball arithmetically and walks it. */
class Walked extends CategoricalSpace {
  override neighbours(a: Arch): Arch[] {
    return super.neighbours(a);
  }
}

const codes = (space: CategoricalSpace, archs: Arch[]) => archs.map((a) => space.code(a));

test("neighbourhood: a ball sized arithmetically gives what walking it gives, on both sides of the limit", () => {
  // choices − 1 = 2, 3, 1, 4: the radius-2 ball holds e1 + e2 = 10 + 35 = 45 others
  const cards = [3, 4, 2, 5];
  const fast = new CategoricalSpace(cards);
  const walked = new Walked(cards);
  const seed = Uint8Array.from([1, 2, 0, 3]);
  for (const limit of [44, 45, 46, 10]) {
    const a = neighbourhood(fast, seed, 2, limit, Rng.fromSeed(4));
    const b = neighbourhood(walked, seed, 2, limit, Rng.fromSeed(4));
    assert.equal(a.exhaustive, limit >= 45, `limit ${limit}`);
    assert.equal(a.exhaustive, b.exhaustive);
    assert.deepEqual(codes(fast, a.archs), codes(walked, b.archs), `limit ${limit}`);
    if (a.exhaustive) assert.equal(a.archs.length, 45);
  }
});

test("MemberSet.sorted of packed genotypes: ascending keys, each with its own genotype", () => {
  const space = new CategoricalSpace(new Array(20).fill(8)); // 8^20 > 2^53: hashed keys, packed genotypes
  const set = new MemberSet(space);
  const rng = Rng.fromSeed(2);
  const archs: Arch[] = [];
  for (let i = 0; i < 3000; i++) {
    const a = space.sample(rng);
    archs.push(a);
    set.add(a);
  }
  assert.equal(set.packed, true);
  assert.equal(set.keysAscending(), false, "3,000 random hashed keys are not in order");
  const s = set.sorted();
  assert.equal(s.keysAscending(), true);
  assert.equal(s.count, set.count);
  const byKey = new Map(archs.map((a) => [space.key(a), Array.from(a)]));
  for (let i = 0; i < s.count; i++) {
    if (i > 0) assert.ok(s.keyAt(i - 1) < s.keyAt(i), `ascending at ${i}`);
    assert.deepEqual(Array.from(s.at(i)), byKey.get(s.keyAt(i)), `genotype of member ${i}`);
  }
});
