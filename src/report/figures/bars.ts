import type { TopLevelSpec } from "vega-lite";
import { finite, HEIGHT } from "./common.js";

export interface BarRow {
  category: string;
  group: string;
  value: number;
  lo?: number | null;
  hi?: number | null;
}

/**
 * Grouped bars (one group of bars per category, one colour per group) with 95 % interval whiskers where
 * known: e.g. the best value NAS finds inside each shrunk space, per algorithm (LISSNAS Table 3 as a figure).
 */
export function barsSpec(
  rows: readonly BarRow[],
  yTitle: string,
  options: { yZero?: boolean } = {},
): TopLevelSpec {
  const values = rows.map((r) => ({
    category: r.category,
    group: r.group,
    value: finite(r.value),
    lo: finite(r.lo),
    hi: finite(r.hi),
  }));
  const categories = [...new Set(rows.map((r) => r.category))];
  const groups = [...new Set(rows.map((r) => r.group))];
  const x = {
    field: "category",
    type: "nominal" as const,
    title: null,
    sort: categories,
    axis: { labelAngle: 0 },
  };
  const y = {
    field: "value",
    type: "quantitative" as const,
    title: yTitle,
    scale: { zero: options.yZero ?? false },
  };
  return {
    width: Math.max(320, categories.length * groups.length * 22),
    height: HEIGHT,
    data: { values },
    encoding: { x, xOffset: { field: "group", type: "nominal", sort: groups } },
    layer: [
      {
        mark: { type: "bar" },
        encoding: { y, color: { field: "group", type: "nominal", title: null, sort: groups } },
      },
      {
        transform: [{ filter: "datum.lo !== null && datum.hi !== null" }],
        mark: { type: "rule", color: "#333" },
        encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
      },
    ],
  } as TopLevelSpec;
}
