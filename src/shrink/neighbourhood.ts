import type { Rng } from "../core/rng.js";
import { DartsSpace } from "../spaces/darts/space.js";
import { HammingSpace } from "../spaces/hamming.js";
import { type Arch, type SearchSpace, sampleNear } from "../spaces/space.js";
import { KeyIndex } from "./key-index.js";

/** Genotypes around a seed, and whether they are the whole ball. */
export interface Neighbourhood {
  /** Distinct genotypes (by raw `code`) at edit distance 1..radius of the seed; the seed itself excluded. */
  archs: Arch[];
  /** True when `archs` is every genotype within the radius; false when it was sampled. */
  exhaustive: boolean;
}

/**
 * The neighbour generation of LISSNAS (paper §4.3, step 2a): the architectures within edit distance
 * `radius` of `seed`.
 *
 * When the ball holds at most `limit` genotypes it is enumerated exactly, by breadth-first search over
 * `space.neighbours` (level d of the search is at edit distance ≤ d, since every neighbour is one edit away)
 * with genotypes deduplicated by raw code. Otherwise (large spaces, large radii) `limit` genotypes are drawn:
 * each at a distance d uniform in 1..radius, by `sampleNear` (exactly d in spaces with "atDistance", else a
 * d-step random walk, distance ≤ d), duplicates dropped. Randomness only in the sampled case, from `rng`.
 */
export function neighbourhood(
  space: SearchSpace,
  seed: Arch,
  radius: number,
  limit: number,
  rng: Rng,
): Neighbourhood {
  const archs: Arch[] = [];
  const exhaustive = eachNeighbour(space, seed, radius, limit, rng, (b) => archs.push(b));
  return { archs, exhaustive };
}

/**
 * `neighbourhood` without the array: `visit` gets the same genotypes in the same order (each a fresh array
 * it may keep), and the result says whether they were the whole ball. A sampled ball is streamed, so its
 * genotypes need not all be alive at once (issue 17: 650,000 genotype objects per seed drove the peak RSS
 * of a 10⁷-member shrink).
 */
export function eachNeighbour(
  space: SearchSpace,
  seed: Arch,
  radius: number,
  limit: number,
  rng: Rng,
  visit: (b: Arch) => void,
): boolean {
  const seen = new KeyIndex(64);
  seen.add(space.code(seed));
  const out: Arch[] = [];
  let frontier: Arch[] = [seed];
  // a ball known to exceed the limit is not walked first (in a 20 × 8 space the walk built ~10⁵ genotypes
  // per seed only to be dropped); the walk consumes no randomness, so the sample is the same
  let exhaustive = !ballExceeds(space, radius, limit);
  for (let d = 1; d <= radius && frontier.length > 0 && exhaustive; d++) {
    const next: Arch[] = [];
    for (const a of frontier) {
      for (const b of space.neighbours(a)) {
        const before = seen.size;
        if (seen.add(space.code(b)) < before) continue;
        next.push(b);
        if (out.length + next.length > limit) {
          exhaustive = false;
          break;
        }
      }
      if (!exhaustive) break;
    }
    if (exhaustive) for (const b of next) out.push(b);
    frontier = next;
  }
  if (exhaustive) {
    for (const b of out) visit(b);
    return true;
  }

  const drawn = new KeyIndex(limit);
  drawn.add(space.code(seed));
  for (let i = 0; i < limit; i++) {
    const d = 1 + rng.int(radius);
    const b = sampleNear(space, seed, d, rng);
    const before = drawn.size;
    if (drawn.add(space.code(b)) < before) continue;
    visit(b);
  }
  return false;
}

/**
 * Whether the ball of `radius` around any genotype surely holds more than `limit` others: in DARTS, by
 * `DartsSpace.ballLowerBound`; in a HammingSpace with its own neighbours, Σ_{d=1..radius} e_d(c_1 − 1, …,
 * c_L − 1) genotypes (e_d the elementary symmetric polynomial: choose d positions, change each). False when
 * unknown or too close to call in floating point.
 */
function ballExceeds(space: SearchSpace, radius: number, limit: number): boolean {
  // darts: a lower bound on its ball (ops changed only); twice the limit leaves room for 53-bit key collisions
  if (space instanceof DartsSpace && space.neighbours === DartsSpace.prototype.neighbours)
    return space.ballLowerBound(radius) > 2 * limit + 1;
  if (!(space instanceof HammingSpace) || space.neighbours !== HammingSpace.prototype.neighbours)
    return false;
  const e = new Float64Array(radius + 1);
  e[0] = 1;
  for (const c of space.cardinalities) {
    for (let d = radius; d >= 1; d--) e[d] += e[d - 1] * (c - 1);
  }
  let ball = 0;
  for (let d = 1; d <= radius; d++) ball += e[d];
  return ball > limit * (1 + 1e-9) + 1;
}
