import assert from "node:assert/strict";
import { test } from "node:test";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { buildLandscape } from "../../src/locality/graph.js";
import { analyseLandscape } from "../../src/locality/landscape.js";
import { defaultBins, theoryPredictions } from "../../src/locality/theory.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { RandomEvaluator } from "./fixtures.js";

test("no-locality model on the rank grid: exactly n/(s+1) local optima, and a self-consistent basin model", () => {
  const g = buildLandscape(nb201, new RandomEvaluator(nb201).objective());
  const t = theoryPredictions(g, { independent: true });
  assert.equal(t.bins, 625);
  assert.ok(Math.abs(t.localOptima - 625) < 1e-6, `${t.localOptima}`);
  assert.equal(t.localOptimaIid, 625);
  // Every start ends at some optimum: ∫ pdf_n · P(opt) · E|basin| ≈ 1 when pdf_e = pdf_n.
  assert.ok(Math.abs(t.mass - 1) < 0.05, `mass ${t.mass}`);
  let sum = 0;
  for (const w of t.pdfN) sum += w;
  assert.ok(Math.abs(sum - 1) < 1e-12);
});

test("random values: the estimated model predicts about as many optima as measured", () => {
  const g = buildLandscape(nb201, new RandomEvaluator(nb201, 3).objective());
  const measured = analyseLandscape(g).strictLocalOptima;
  const t = theoryPredictions(g, { epsilon: 5 });
  assert.ok(Math.abs(t.localOptima - 625) < 60, `theory ${t.localOptima}`);
  assert.ok(Math.abs(t.localOptima - measured) < 80, `theory ${t.localOptima}, measured ${measured}`);
  // pdf_e rows are distributions.
  for (let i = 0; i < t.bins; i += 50) {
    let row = 0;
    for (let j = 0; j < t.bins; j++) row += t.pdfE[i * t.bins + j];
    assert.ok(Math.abs(row - 1) < 1e-9);
  }
  assert.ok(t.pWithinEpsilon > 0 && t.pWithinEpsilon <= 1);
  const v = theoryPredictions(g, { grid: "value", bins: 50 });
  assert.ok(Math.abs(v.localOptima - 625) < 80, `value grid ${v.localOptima}`);
});

test("locality lowers the predicted number of optima (synthetic K = 1 vs no locality)", () => {
  const g = buildLandscape(nb201, new SyntheticLandscape(nb201, { k: 1, seed: 2 }).objective());
  const t = theoryPredictions(g, { epsilon: 1 });
  assert.ok(t.localOptima < 300, `theory ${t.localOptima}`);
  assert.ok(t.pWithinEpsilon > theoryPredictions(g, { epsilon: 1, independent: true }).pWithinEpsilon);
});

test("grid size rule and bad knobs", () => {
  assert.equal(defaultBins(15625), 625);
  assert.equal(defaultBins(100), 10);
  assert.equal(defaultBins(1e7), 1000);
  const g = buildLandscape(nb201, new RandomEvaluator(nb201).objective());
  assert.throws(() => theoryPredictions(g, { bins: 1 }), /bins must be/);
  assert.throws(() => theoryPredictions(g, { grid: "log" as "rank" }), /grid must be/);
  assert.throws(() => theoryPredictions(g, { epsilon: -2 }), /epsilon must be/);
});
