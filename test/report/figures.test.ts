import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv } from "ajv";
import type { TopLevelSpec } from "vega-lite";
import { bandSpec } from "../../src/report/figures/band.js";
import { barsSpec } from "../../src/report/figures/bars.js";
import { ecdfSpec } from "../../src/report/figures/ecdf.js";
import { edfSpec } from "../../src/report/figures/edf.js";
import { histogramSpec } from "../../src/report/figures/histogram.js";
import { scatterSpec } from "../../src/report/figures/scatter.js";
import { renderPng, renderSvg, withDefaults } from "../../src/report/render.js";

/** One spec of every figure kind, with small data (one value NaN: drawn as a gap, never a crash). */
const SPECS: Record<string, TopLevelSpec> = {
  edf: edfSpec(
    [
      { name: "original", x: [0, 10, 20, 30], y: [0.1, 0.4, 0.8, 1] },
      { name: "shrunk <b>", x: [0, 10, 20, 30], y: [0.3, 0.7, 1, 1] },
    ],
    "error",
  ),
  histogram: histogramSpec([0, 50, 100, 150], { original: [5, 3, 2], shrunk: [1, 1, 0] }, "MFLOPs"),
  basins: histogramSpec([1, 2, 4, 8, 16], { "local optima": [7, 0, 2, 1] }, "basin size", {
    share: false,
    logX: true,
    logY: true,
  }),
  scatter: scatterSpec(
    [
      { group: "original", x: 10, y: 80 },
      { group: "original", x: 50, y: 90 },
      { group: "shrunk", x: 30, y: 88, label: '|nor_conv_3x3~0|+|"quoted"|' },
    ],
    [
      { group: "original", x: 10, y: 80 },
      { group: "original", x: 50, y: 90 },
    ],
    "MFLOPs",
    "accuracy",
  ),
  band: bandSpec(
    [
      {
        name: "ls",
        x: [1, 2, 4, 8],
        mean: [5, 3, 1, 0],
        lo: [4, 2, 0.5, Number.NaN],
        hi: [6, 4, 1.5, Number.NaN],
      },
    ],
    "total queries",
    "regret",
    { logX: true, zeroRule: true, points: true },
  ),
  distance: bandSpec(
    [{ name: "RWA", x: [1, 2, 3], mean: [0.6, 0.3, 0.1], lo: [0.5, 0.2, 0], hi: [0.7, 0.4, 0.2] }],
    "edit distance d",
    "r",
    { integerX: true, points: true },
  ),
  ecdf: ecdfSpec([{ name: "ls", hits: [3, 7, null, 12] }], 20),
  bars: barsSpec(
    [
      { category: "LISSNAS", group: "ls", value: 84, lo: 83, hi: 85 },
      { category: "LISSNAS", group: "rs", value: 82, lo: null, hi: null },
      { category: "ABS", group: "ls", value: 77 },
    ],
    "best found",
  ),
};

const schema = JSON.parse(readFileSync("node_modules/vega-lite/build/vega-lite-schema.json", "utf8"));
const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);

test("every figure's spec validates against the Vega-Lite JSON schema (and the validator rejects a bad one)", () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    // The spec as written into the page: through JSON (no NaN/undefined survive).
    const json = JSON.parse(JSON.stringify(withDefaults(spec)));
    assert.ok(validate(json), `${name}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
  }
  assert.equal(validate({ mark: "lines", data: { values: [] } }), false, "an unknown mark must fail");
  assert.equal(
    validate({ ...withDefaults(SPECS.edf), encoding: { x: { field: "e", type: "continuous" } } }),
    false,
  );
});

test("SVG and PNG bytes are identical across two renderings; SVGs carry marks and no random ids", async () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    const a = await renderSvg(spec);
    const b = await renderSvg(spec);
    assert.equal(a, b, `${name}: SVG differs between runs`);
    assert.match(a, /^<svg /);
    assert.match(a, /class="mark-(line|rect|symbol|area|rule)/, `${name}: no marks`);
    assert.doesNotMatch(a, /id="[^"]*\d{6,}/, `${name}: a random-looking id`);
    const pa = renderPng(a);
    const pb = renderPng(b);
    assert.deepEqual(Buffer.from(pa), Buffer.from(pb), `${name}: PNG differs between runs`);
    assert.deepEqual([...pa.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  }
});

test("a figure's data reaches its SVG (the scatter draws one symbol per point, text is escaped)", async () => {
  const svg = await renderSvg(SPECS.scatter);
  // 3 points in the symbol layer: vega writes one path per symbol inside the mark-symbol group.
  const group = /<g class="mark-symbol[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
  assert.equal((group.match(/<path /g) ?? []).length, 3);
  const edf = await renderSvg(SPECS.edf);
  assert.ok(edf.includes("shrunk &lt;b&gt;"), "legend text must be escaped in the SVG");
  assert.ok(!edf.includes("shrunk <b>"));
});
