import type { TopLevelSpec } from "vega-lite";
import { finite, HEIGHT, WIDTH } from "./common.js";

export interface ScatterPoint {
  group: string;
  x: number;
  y: number;
  label?: string;
}

/**
 * Accuracy–cost scatter with each group's Pareto front drawn as a step line through its non-dominated
 * points (high accuracy, low cost). `fronts` holds the front points of each group, sorted by x.
 */
export function scatterSpec(
  points: readonly ScatterPoint[],
  fronts: readonly ScatterPoint[],
  xTitle: string,
  yTitle: string,
): TopLevelSpec {
  const pts = points.map((p) => ({ group: p.group, x: finite(p.x), y: finite(p.y), arch: p.label ?? "" }));
  const fr = fronts.map((p, i) => ({ group: `${p.group} front`, x: finite(p.x), y: finite(p.y), order: i }));
  const groups = [...new Set(points.map((p) => p.group))];
  return {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: pts },
        mark: { type: "point", filled: true, size: 14, opacity: 0.45 },
        encoding: {
          x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
          y: { field: "y", type: "quantitative", title: yTitle, scale: { zero: false } },
          color: { field: "group", type: "nominal", title: "architectures", sort: groups },
          tooltip: [
            { field: "arch", type: "nominal" },
            { field: "x", type: "quantitative" },
            { field: "y", type: "quantitative" },
          ],
        },
      },
      {
        data: { values: fr },
        mark: { type: "line", interpolate: "step-before", strokeWidth: 2 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          order: { field: "order", type: "quantitative" },
          strokeDash: { field: "group", type: "nominal", title: "Pareto front" },
          color: { value: "#222" },
        },
      },
    ],
  };
}
