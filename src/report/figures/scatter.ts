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
 * points (high accuracy, low cost), in the group's colour: a horizontal step until the next cheapest front point
 * (at cost c the best value reachable for at most c). Groups are drawn in order (the last on top, in
 * larger, more opaque points: the shrunk space over the original's cloud). `fronts` holds the front points
 * of each group, sorted by x.
 */
export function scatterSpec(
  points: readonly ScatterPoint[],
  fronts: readonly ScatterPoint[],
  xTitle: string,
  yTitle: string,
): TopLevelSpec {
  const groups = [...new Set([...points.map((p) => p.group), ...fronts.map((p) => p.group)])];
  const last = groups[groups.length - 1];
  const pts = points.map((p) => ({
    group: p.group,
    x: finite(p.x),
    y: finite(p.y),
    arch: p.label ?? "",
    top: p.group === last,
  }));
  // Drawn in group order: the last group's points after (above) the others'.
  pts.sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
  const fr = fronts.map((p, i) => ({ group: p.group, x: finite(p.x), y: finite(p.y), order: i }));
  const color = { field: "group", type: "nominal" as const, title: null, scale: { domain: groups } };
  return {
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: pts },
        mark: { type: "point", filled: true },
        encoding: {
          x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
          y: { field: "y", type: "quantitative", title: yTitle, scale: { zero: false } },
          color,
          size: { condition: { test: "datum.top", value: 22 }, value: 8 },
          opacity: { condition: { test: "datum.top", value: 0.85 }, value: 0.3 },
          tooltip: [
            { field: "arch", type: "nominal" },
            { field: "x", type: "quantitative" },
            { field: "y", type: "quantitative" },
          ],
        },
      },
      {
        data: { values: fr },
        mark: { type: "line", interpolate: "step-after", strokeWidth: 2.5 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          order: { field: "order", type: "quantitative" },
          detail: { field: "group", type: "nominal" },
          color,
        },
      },
    ],
  } as TopLevelSpec;
}
