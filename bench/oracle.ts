/**
 * The same-size oracle of issue #14's fifth pass (docs/shrink.md) on a landscape: `oracleCeiling`
 * (src/metrics/oracle-ceiling.ts) over the original's classes, ranked by the SEARCHED column (validation
 * where the table has one; ties by the smaller key), measured on the reported column like a shrunk space:
 * the best a rule keeping architectures by their own searched value can do. It reads every class's searched
 * value: a reference, not a method, and not a bound on methods that pool many measurements.
 */
import { TableEvaluator } from "../src/data/evaluator.js";
import { oracleCeiling, searchedOrder } from "../src/metrics/oracle-ceiling.js";
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
  const searched = Float64Array.from(archs, (a) => f(a));
  const keys = Float64Array.from(archs, (a) => l.space.key(a));
  const curve = oracleCeiling(searched, values, original.goodThreshold, keys);
  return {
    ranked: searchedOrder(searched, keys).map((i) => archs[i]),
    index: (k) => curve[Math.min(k, curve.length) - 1],
  };
}
