import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { neighbourhood } from "../../src/shrink/neighbourhood.js";
import { DartsSpace, darts } from "../../src/spaces/darts/space.js";
import type { Arch } from "../../src/spaces/space.js";

// Issue 17: the darts ball is sized by a lower bound instead of being walked before it is sampled.

/** Re-declares `neighbours`, so the neighbourhood cannot use the bound and walks the ball. */
class WalkedDarts extends DartsSpace {
  override neighbours(a: Arch): Arch[] {
    return super.neighbours(a);
  }
}
const walked = new WalkedDarts();

/** Codes of the exact ball of `radius` (breadth-first over neighbours), seed excluded. */
function ball(seed: Arch, radius: number): Map<number, Arch> {
  const out = new Map<number, Arch>([[darts.code(seed), seed]]);
  let frontier = [seed];
  for (let d = 1; d <= radius; d++) {
    const next: Arch[] = [];
    for (const a of frontier) {
      for (const b of darts.neighbours(a)) {
        if (out.has(darts.code(b))) continue;
        out.set(darts.code(b), b);
        next.push(b);
      }
    }
    frontier = next;
  }
  out.delete(darts.code(seed));
  return out;
}

test("darts ballLowerBound counts exactly the op-only changes of the real ball, and never exceeds it", () => {
  const rng = Rng.fromSeed("darts-ball");
  for (let i = 0; i < 3; i++) {
    const seed = darts.sample(rng);
    for (const radius of [1, 2]) {
      const members = [...ball(seed, radius).values()];
      const sameInputs = members.filter((b) => {
        for (let p = 0; p < b.length; p += 2) if (b[p] !== seed[p]) return false;
        return true;
      });
      assert.equal(sameInputs.length, darts.ballLowerBound(radius), `radius ${radius}`);
      assert.ok(
        members.length > darts.ballLowerBound(radius),
        `radius ${radius}: ${members.length} in the ball`,
      );
    }
  }
  assert.equal(darts.ballLowerBound(0), 0);
});

test("neighbourhood on darts: skipping the walk gives the walk's genotypes and draws, on both sides of the bound", () => {
  const seed = darts.sample(Rng.fromSeed(11));
  // bound(2) = 4,416 → the walk is skipped for limit ≤ 2,207; the radius-2 ball (≈ 7,000) fits in 20,000
  const cases: Array<[radius: number, limit: number]> = [
    [2, 100],
    [2, 2207],
    [2, 2208],
    [2, 20_000],
    [3, 1000],
  ];
  for (const [radius, limit] of cases) {
    const a = neighbourhood(darts, seed, radius, limit, Rng.fromSeed(4));
    const b = neighbourhood(walked, seed, radius, limit, Rng.fromSeed(4));
    const label = `radius ${radius}, limit ${limit}`;
    assert.equal(a.exhaustive, b.exhaustive, label);
    assert.equal(a.exhaustive, limit === 20_000, label);
    assert.deepEqual(
      a.archs.map((x) => darts.code(x)),
      b.archs.map((x) => darts.code(x)),
      label,
    );
  }
});
