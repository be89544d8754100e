import type { TopLevelSpec } from "vega-lite";
import { finite, HEIGHT, WIDTH } from "./common.js";

/** One curve with its 95 % interval at each x (lo/hi may be NaN where unknown: no band there). */
export interface BandSeries {
  name: string;
  x: readonly number[];
  mean: readonly number[];
  lo: readonly number[];
  hi: readonly number[];
}

/**
 * Mean curves with shaded 95 % confidence bands, one colour per series: anytime regret over queries
 * (NASLib and JAHS-Bench plot the incumbent's mean with its spread), and locality curves (RWA, AAD) by edit
 * distance.
 */
export function bandSpec(
  series: readonly BandSeries[],
  xTitle: string,
  yTitle: string,
  options: { logX?: boolean; points?: boolean; zeroRule?: boolean; integerX?: boolean } = {},
): TopLevelSpec {
  const values = series.flatMap((s) =>
    s.x.map((x, i) => ({
      series: s.name,
      x: finite(x),
      mean: finite(s.mean[i]),
      lo: finite(s.lo[i]),
      hi: finite(s.hi[i]),
    })),
  );
  const names = series.map((s) => s.name);
  const x = {
    field: "x",
    type: "quantitative" as const,
    title: xTitle,
    ...(options.logX ? { scale: { type: "log" as const, nice: false } } : {}),
    ...(options.integerX ? { axis: { tickMinStep: 1, format: "d" } } : {}),
  };
  const color = { field: "series", type: "nominal" as const, title: null, sort: names };
  return {
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.lo !== null && datum.hi !== null" }],
        mark: { type: "area", opacity: 0.2 },
        encoding: { x, y: { field: "lo", type: "quantitative", title: yTitle }, y2: { field: "hi" }, color },
      },
      {
        mark: { type: "line", strokeWidth: 2, point: options.points ?? false },
        encoding: { x, y: { field: "mean", type: "quantitative", title: yTitle }, color },
      },
      ...(options.zeroRule
        ? [
            {
              data: { values: [{ y: 0 }] },
              mark: { type: "rule" as const, color: "#999" },
              encoding: { y: { field: "y", type: "quantitative" as const } },
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}
