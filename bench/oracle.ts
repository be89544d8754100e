/**
 * The same-size oracle of issue #14's fifth pass (docs/shrink.md): the k classes with the best SEARCHED value
 * (validation where the table has one; NaN last, ties by the smaller key), measured on the original's
 * reported column like a shrunk space. No shrinker steered by the searched column ranks better, so its
 * shrink index is the ceiling of the index at size k; a method's index over the ceiling at its own size
 * compares spaces of different sizes. It reads every class's searched value: a reference, not a method.
 */
import { TableEvaluator } from "../src/data/evaluator.js";
import { pGood } from "../src/metrics/p-good.js";
import type { OriginalContext } from "../src/shrink/report.js";
import type { Arch } from "../src/spaces/space.js";
import type { Landscape } from "./landscape-list.js";

export interface Ceiling {
  /** The original's classes, best searched value first. */
  ranked: Arch[];
  /** Shrink index (classes, reported column) of the k best-ranked classes. */
  index(k: number): number;
}

export function sameSizeCeiling(l: Landscape, original: OriginalContext): Ceiling {
  const f = new TableEvaluator(l.table, l.search).objective(l.search);
  const { archs, values } = original.population;
  const search = Float64Array.from(archs, (a) => f(a));
  const keys = archs.map((a) => l.space.key(a));
  const rank = (v: number) => (Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v);
  const order = Array.from(archs.keys()).sort(
    (i, j) => rank(search[j]) - rank(search[i]) || keys[i] - keys[j],
  );
  // goodBefore[k]: how many of the k best-ranked classes are good on the reported column
  const goodBefore = new Int32Array(order.length + 1);
  order.forEach((i, r) => {
    goodBefore[r + 1] = goodBefore[r] + (values[i] >= original.goodThreshold ? 1 : 0);
  });
  const base = pGood(values, original.goodThreshold);
  return {
    ranked: order.map((i) => archs[i]),
    index: (k) => goodBefore[Math.min(k, order.length)] / Math.min(k, order.length) - base,
  };
}
