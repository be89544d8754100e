import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { TopLevelSpec } from "vega-lite";

// vega, vega-lite and resvg are loaded on first use, not at import: every command imports the report code,
// and only the ones that draw should pay for loading the renderers.
const require = createRequire(import.meta.url);

/** The Vega-Lite schema every figure declares (the version installed: vega-lite 6). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * Font used for PNGs. resvg is given exactly this file and never the system's font list, so the same SVG
 * gives the same PNG bytes wherever the file is; where it is absent, PNG text falls back to no font (the
 * marks are still drawn and the bytes still repeat). The SVGs name generic `sans-serif` and the browser
 * picks its own.
 */
export const PNG_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/** Common look: one font family, no actions, white background (a report is read on screen and in print). */
const CONFIG = {
  font: "sans-serif",
  background: "white",
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 360 },
  title: { fontSize: 13, anchor: "start" as const },
};

/** Adds the schema and the common config to a figure's spec. */
export function withDefaults(spec: TopLevelSpec): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...spec,
    config: { ...CONFIG, ...(spec.config ?? {}) },
  } as TopLevelSpec;
}

/**
 * Renders a Vega-Lite spec to SVG in Node: vega-lite compiles it to a Vega spec, a headless vega View
 * (renderer "none": no DOM, no canvas) draws it as SVG text. Deterministic: no random ids, no clock.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vega = await import("vega");
  const vl = await import("vega-lite");
  const compiled = vl.compile(withDefaults(spec)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG to PNG with resvg at `scale` (2: sharp on high-density screens). */
export function renderPng(svg: string, scale = 2): Uint8Array {
  const fontFiles = existsSync(PNG_FONT) ? [PNG_FONT] : [];
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
