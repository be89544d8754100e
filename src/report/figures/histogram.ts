import type { TopLevelSpec } from "vega-lite";
import { finite } from "./common.js";

/**
 * Histograms of several spaces over shared bin edges (LISSNAS paper Fig. 5: FLOP histograms), one panel per
 * space, bars in the cost's own units; y is the share of each space's architectures (spaces differ in size
 * by orders of magnitude, so counts would not compare).
 */
export function histogramSpec(
  edges: readonly number[],
  series: Readonly<Record<string, readonly number[]>>,
  xTitle: string,
  options: { share?: boolean; logY?: boolean; logX?: boolean } = {},
): TopLevelSpec {
  const share = options.share ?? true;
  const names = Object.keys(series);
  const values = names.flatMap((name) => {
    const counts = series[name];
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((c, i) => ({
      space: name,
      lo: finite(edges[i]),
      hi: finite(edges[i + 1]),
      count: c,
      value: share ? (total > 0 ? c / total : 0) : c,
    }));
  });
  return {
    data: { values },
    facet: { field: "space", type: "nominal", title: null, sort: names },
    columns: Math.min(3, names.length),
    spec: {
      width: names.length === 1 ? 480 : 240,
      height: names.length === 1 ? 220 : 150,
      mark: { type: "bar", stroke: "white", strokeWidth: 0.5 },
      encoding: {
        x: {
          field: "lo",
          type: "quantitative",
          bin: { binned: true },
          title: xTitle,
          ...(options.logX ? { scale: { type: "log" as const, base: 2 }, axis: { tickCount: 8 } } : {}),
        },
        x2: { field: "hi" },
        y: {
          field: "value",
          type: "quantitative",
          title: share ? "share of the space" : "count",
          ...(options.logY ? { scale: { type: "symlog" as const } } : {}),
        },
        color: { field: "space", type: "nominal", legend: null, sort: names },
        tooltip: [
          { field: "lo", type: "quantitative" },
          { field: "hi", type: "quantitative" },
          { field: "count", type: "quantitative" },
        ],
      },
    },
  };
}
