import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng.js";
import { absShrink } from "../../../src/shrink/rivals/abs.js";
import { greedyNasShrink } from "../../../src/shrink/rivals/greedynas.js";
import { nseShrink } from "../../../src/shrink/rivals/nse.js";
import { padnasShrink } from "../../../src/shrink/rivals/padnas.js";
import { allocateKeeps, type Scorer } from "../../../src/shrink/rivals/scores.js";
import { CategoricalSpace } from "../../../src/spaces/categorical/space.js";
import type { Arch } from "../../../src/spaces/space.js";

// A hand-built additive landscape: at every position choice 0 is best, then 1, then 2, then 3; later
// positions weigh more, so the ranking of all (position, choice) pairs is known.
const space = new CategoricalSpace([4, 4, 4, 4]);
const weight = (i: number, v: number) => (i + 1) * (3 - v);
const value = (a: Arch) => a.reduce((s, v, i) => s + weight(i, v), 0);
const scorer: Scorer = (archs) => Float64Array.from(archs, value);
const lists = (allowed: readonly Uint8Array[]) => allowed.map((l) => [...l]);

test("allocateKeeps spreads the cut evenly and meets the target", () => {
  assert.deepEqual(allocateKeeps([4, 4, 4, 4], 16n), [2, 2, 2, 2]);
  assert.deepEqual(allocateKeeps([5, 5, 5, 5, 5, 5], 1562n), [3, 3, 3, 3, 4, 4]);
  assert.deepEqual(allocateKeeps([3, 3], 1n), [1, 1]);
  assert.deepEqual(allocateKeeps([3, 3], 100n), [3, 3]);
});

test("ABS drops the lowest-scored operations first and never a position's last", () => {
  // Path-averaged score of (i, v) = const + (i+1)(1.5 − v) on the full space. Round 0 (5 drops, the default
  // 4 + 1): (3,3) −6, (2,3) −4.5, (1,3) −3, (3,2) −2, then the tie at −1.5 by position: (0,3) → size 54.
  // Round 1 re-scores in the sub-space: (2,2) −3 → 36, (1,2) −2 → 24, (3,1) −2 → 12 ≤ 16: stop.
  const r = absShrink(space, scorer, Rng.fromSeed(1), { targetSize: 16n });
  assert.deepEqual(
    r.rounds[0].dropped.map((d) => [d.position, d.choice]),
    [
      [3, 3],
      [2, 3],
      [1, 3],
      [3, 2],
      [0, 3],
    ],
  );
  assert.deepEqual(
    r.rounds[1].dropped.map((d) => [d.position, d.choice]),
    [
      [2, 2],
      [1, 2],
      [3, 1],
    ],
  );
  assert.deepEqual(lists(r.space.allowed), [[0, 1, 2], [0, 1], [0, 1], [0]]);
  assert.equal(r.space.size(), 12n);
  const one = absShrink(space, scorer, Rng.fromSeed(1), { targetSize: 1n });
  assert.deepEqual(lists(one.space.allowed), [[0], [0], [0], [0]]);
});

test("PAD-NAS keeps each position's best operations, stage by stage", () => {
  const r = padnasShrink(space, scorer, Rng.fromSeed(2), { targetSize: 16n });
  assert.deepEqual(lists(r.space.allowed), [
    [0, 1],
    [0, 1],
    [0, 1],
    [0, 1],
  ]);
  assert.equal(r.rounds.length, 4);
  // After stage i the positions 0..i keep 2 of their 4 operations and the others all 4: 2^(i+1) · 4^(3−i).
  assert.deepEqual(
    r.rounds.map((x) => x.size),
    ["128", "64", "32", "16"],
  );
});

test("NSE keeps the best operations across subset refills", () => {
  const r = nseShrink(space, scorer, Rng.fromSeed(3), { targetSize: 16n, subsetSize: 2 });
  assert.deepEqual(lists(r.space.allowed), [
    [0, 1],
    [0, 1],
    [0, 1],
    [0, 1],
  ]);
  assert.equal(r.rounds.length, 2);
  const single = nseShrink(space, scorer, Rng.fromSeed(3), { targetSize: 1n, subsetSize: 1 });
  assert.deepEqual(lists(single.space.allowed), [[0], [0], [0], [0]]);
});

test("GreedyNAS's pool converges to the best paths", () => {
  const r = greedyNasShrink(space, scorer, Rng.fromSeed(4), { poolSize: 5, steps: 400 });
  const all = [...space.enumerate()].sort((a, b) => value(b) - value(a));
  const best5 = new Set(all.slice(0, 5).map((a) => space.key(a)));
  assert.equal(r.space.count, 5);
  for (const a of r.space) assert.ok(best5.has(space.key(a)), space.format(a));
  assert.equal(r.scored, 4000);
});

test("rivals are deterministic under a seed and validate their knobs", () => {
  const a = greedyNasShrink(space, scorer, Rng.fromSeed(9), { poolSize: 20, steps: 30 });
  const b = greedyNasShrink(space, scorer, Rng.fromSeed(9), { poolSize: 20, steps: 30 });
  assert.deepEqual([...a.space.keys()], [...b.space.keys()]);
  const noisy: Scorer = (archs) => Float64Array.from(archs, (x) => value(x) + ((space.code(x) * 7919) % 13));
  const n1 = nseShrink(space, noisy, Rng.fromSeed(5), { targetSize: 10n });
  const n2 = nseShrink(space, noisy, Rng.fromSeed(5), { targetSize: 10n });
  assert.deepEqual(lists(n1.space.allowed), lists(n2.space.allowed));
  assert.throws(() => greedyNasShrink(space, scorer, Rng.fromSeed(1), { poolSize: 0 }), /poolSize/);
  assert.throws(() => greedyNasShrink(space, scorer, Rng.fromSeed(1), { poolSize: 3, k: 11 }), /1 ≤ k ≤ m/);
  assert.throws(() => absShrink(space, scorer, Rng.fromSeed(1), { targetSize: 0n }), /target size/);
  assert.throws(() => padnasShrink(space, scorer, Rng.fromSeed(1), { targetSize: 4n, stages: 9 }), /stages/);
  assert.throws(
    () => nseShrink(space, scorer, Rng.fromSeed(1), { targetSize: 4n, subsetSize: 0 }),
    /subsetSize/,
  );
});
