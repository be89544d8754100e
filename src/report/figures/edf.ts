import type { TopLevelSpec } from "vega-lite";
import { finite, HEIGHT, WIDTH } from "./common.js";

/** One EDF curve: P(error ≤ x) at each x. */
export interface EdfSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
}

/**
 * Error EDFs of several spaces on one plot (LISSNAS paper Fig. 3; Radosavovic et al. 2019's "EDF" of model
 * errors): x the error (metric scale − metric), y the fraction of the space with error ≤ x; a curve further
 * up-left holds more good architectures.
 */
export function edfSpec(series: readonly EdfSeries[], xTitle: string): TopLevelSpec {
  const values = series.flatMap((s) =>
    s.x.map((x, i) => ({ space: s.name, error: finite(x), F: finite(s.y[i]) })),
  );
  return {
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
    encoding: {
      x: { field: "error", type: "quantitative", title: xTitle },
      y: {
        field: "F",
        type: "quantitative",
        title: "fraction of the space with error ≤ x",
        scale: { domain: [0, 1] },
      },
      color: { field: "space", type: "nominal", title: "space", sort: series.map((s) => s.name) },
    },
  };
}
