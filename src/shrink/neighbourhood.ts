import type { Rng } from "../core/rng.js";
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
  const seen = new KeyIndex(64);
  seen.add(space.code(seed));
  const out: Arch[] = [];
  let frontier: Arch[] = [seed];
  let exhaustive = true;
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
  if (exhaustive) return { archs: out, exhaustive };

  const drawn = new KeyIndex(limit);
  drawn.add(space.code(seed));
  const sampled: Arch[] = [];
  for (let i = 0; i < limit; i++) {
    const d = 1 + rng.int(radius);
    const b = sampleNear(space, seed, d, rng);
    const before = drawn.size;
    if (drawn.add(space.code(b)) < before) continue;
    sampled.push(b);
  }
  return { archs: sampled, exhaustive: false };
}
