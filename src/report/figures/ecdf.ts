import type { TopLevelSpec } from "vega-lite";
import { HEIGHT, WIDTH } from "./common.js";

/** Queries each run needed to reach the optimum (null: not reached within the budget). */
export interface EcdfSeries {
  name: string;
  hits: readonly (number | null)[];
}

/**
 * Queries-to-optimum ECDF: for each query count q, the fraction of ALL runs (unreached runs included, as
 * never reaching) that had found the optimum within q queries — a curve that ends below 1 says some runs
 * never got there. Step curve from (0, 0) to the budget.
 */
export function ecdfSpec(series: readonly EcdfSeries[], budget: number): TopLevelSpec {
  const values: Array<{ series: string; q: number; F: number }> = [];
  for (const s of series) {
    const n = s.hits.length;
    const sorted = s.hits.filter((h): h is number => typeof h === "number").sort((a, b) => a - b);
    values.push({ series: s.name, q: 0, F: 0 });
    sorted.forEach((q, i) => {
      values.push({ series: s.name, q, F: n > 0 ? (i + 1) / n : 0 });
    });
    values.push({ series: s.name, q: budget, F: n > 0 ? sorted.length / n : 0 });
  }
  return {
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: { field: "q", type: "quantitative", title: "total queries", scale: { domain: [0, budget] } },
      y: {
        field: "F",
        type: "quantitative",
        title: "share of runs at the optimum",
        scale: { domain: [0, 1] },
      },
      color: { field: "series", type: "nominal", title: null, sort: series.map((s) => s.name) },
    },
  };
}
