import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { nb201 } from "../../src/spaces/nb201/space.js";

test("memoised mutate draws exactly what an uncached neighbour list gives, and sees new members", () => {
  const rng = Rng.fromSeed(3);
  const seeds = Array.from({ length: 40 }, () => nb201.sample(rng));
  const set = MemberSet.from(
    nb201,
    seeds.flatMap((a) => [a, ...nb201.neighbours(a).slice(0, 8)]),
  );
  const r1 = Rng.fromSeed(9);
  const r2 = Rng.fromSeed(9);
  let cur = set.sample(r1);
  set.sample(r2);
  for (let step = 0; step < 3000; step++) {
    const parent = step % 7 === 0 ? set.sample(r1) : cur;
    if (step % 7 === 0) set.sample(r2);
    const got = set.mutate(parent, r1);
    // the reference: the neighbour list built afresh, drawn with the same stream
    const fresh = set.neighbours(parent);
    const want = fresh.length > 0 ? fresh[r2.int(fresh.length)] : set.sample(r2);
    assert.deepEqual(got, want, `step ${step}`);
    got[0] = (got[0] + 1) % 5; // a caller scribbling on its child must not corrupt the memo
    cur = want;
  }
  // adding a member changes the neighbour lists: the memo must not serve a stale one
  const a = set.at(0);
  const outside = nb201.neighbours(a).find((b) => !set.has(b))!;
  set.add(outside);
  const lists = new Set<string>();
  const r = Rng.fromSeed(5);
  for (let i = 0; i < 400; i++) lists.add(nb201.format(set.mutate(a, r)));
  assert.ok(lists.has(nb201.format(nb201.canonical(outside))) || lists.has(nb201.format(outside)));
});
