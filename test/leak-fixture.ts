/**
 * Shared pieces of the permanent leak tests (issue #14: test/search/leak.test.ts, test/shrink/leak.test.ts,
 * test/shrink/lissnas-predictor-choice.test.ts): a generated landscape as one value per canonical class, the
 * permutation of every value a run did not query, and the positive control's change of a queried value.
 */
import { Rng } from "../src/core/rng.js";
import { SyntheticLandscape } from "../src/data/synthetic.js";
import { nb201 } from "../src/spaces/nb201/space.js";
import type { SearchSpace } from "../src/spaces/space.js";

/** A fixture landscape (NK, k = 2, its own seed) as a table of values per canonical class (not real data). */
export function classValues(space: SearchSpace = nb201, landscapeSeed = 21): Map<number, number> {
  const f = new SyntheticLandscape(space, { k: 2, seed: landscapeSeed }).objective();
  const v = new Map<number, number>();
  for (const a of space.enumerate!()) {
    const k = space.key(a);
    if (!v.has(k)) v.set(k, f(space.canonical(a)));
  }
  return v;
}

/** The same values with those of every class outside `fixed` shuffled among themselves (seeded). */
export function permuteOutside(
  values: Map<number, number>,
  fixed: ReadonlySet<number>,
  seed: number,
): Map<number, number> {
  const free = [...values.keys()].filter((k) => !fixed.has(k)).sort((a, b) => a - b);
  const shuffled = Rng.fromSeed(seed).shuffle(free.map((k) => values.get(k)!));
  const out = new Map(values);
  free.forEach((k, i) => {
    out.set(k, shuffled[i]);
  });
  return out;
}

/**
 * The positive control's change: the best queried class's value swapped with the worst value of the space
 * (a real leak path — the truth of a queried class — must then show in the output).
 */
export function swapBestQueriedWithWorst(
  values: Map<number, number>,
  queried: ReadonlySet<number>,
): Map<number, number> {
  const q = [...queried].sort((a, b) => values.get(b)! - values.get(a)!)[0];
  let worst = -1;
  for (const [k, v] of values) if (worst < 0 || v < values.get(worst)!) worst = k;
  const changed = new Map(values);
  changed.set(q, values.get(worst)!);
  changed.set(worst, values.get(q)!);
  return changed;
}
