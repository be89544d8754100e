import type { MetricUnits } from "../data/objectives.js";
import type { AnytimeCurve } from "../search/summary.js";
import type { CompareResult } from "./compare.js";
import { comparisonInUnits } from "./report.js";

/**
 * A comparison of shrinkers with every value-type figure in the metric's own units (issue #15): a `:min`
 * metric is shrunk and searched negated, so its means, bests, good threshold, the searches' final bests
 * and anytime curves, and the EDF grid are negated back here, once, before the JSON, the tables, the CSVs
 * and the report are written. For such a metric the EDF grid becomes the metric itself: errors
 * e = scale − (−v) map to v = e − scale, so the curves are P(value ≤ x). Sizes, P(good), shrink indices,
 * KS, ratios and counts do not depend on the sign. Checkpoints keep the internal values.
 */
export function compareResultInUnits(r: CompareResult, units: MetricUnits, errorScale = 100): CompareResult {
  if (units.sign === 1) return r;
  const finals = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, units.value(v)]));
  const curve = (c: AnytimeCurve): AnytimeCurve => ({
    queries: c.queries,
    mean: units.values(c.mean),
    lo: units.values(c.hi),
    hi: units.values(c.lo),
  });
  return {
    ...units.convert(r, ["goodThreshold", "originalBest"]),
    methods: r.methods.map((m) => ({
      ...units.convert(m, ["mean", "max"]),
      nas: Object.fromEntries(
        Object.entries(m.nas).map(([k, c]) => [
          k,
          { ...c, mean: units.value(c.mean), lo: units.value(c.hi), hi: units.value(c.lo) },
        ]),
      ),
      perSeed: m.perSeed.map((o) => ({
        ...o,
        comparison: comparisonInUnits(o.comparison, units),
        nas: finals(o.nas),
        ...(o.nasCurves
          ? { nasCurves: Object.fromEntries(Object.entries(o.nasCurves).map(([k, c]) => [k, curve(c)])) }
          : {}),
      })),
    })),
    edf: { ...r.edf, errors: r.edf.errors.map((e) => e - errorScale) },
  };
}
