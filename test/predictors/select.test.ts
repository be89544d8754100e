import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { AveragePredictor } from "../../src/predictors/average.js";
import { BaggedPredictor } from "../../src/predictors/bagged.js";
import type { Predictor } from "../../src/predictors/predictor.js";
import { RidgePredictor } from "../../src/predictors/ridge.js";
import { crossValidatedChoice, SelectingPredictor } from "../../src/predictors/select.js";

/** An additive one-hot landscape: 5 positions × 3 choices, y = Σ per-position effects + small noise. */
function additive(n: number, seed: number) {
  const rng = Rng.fromSeed(seed);
  const w = 15;
  const effect = Float64Array.from({ length: w }, () => rng.normal());
  const x = new Float32Array(n * w);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < 5; g++) {
      const j = g * 3 + rng.int(3);
      x[r * w + j] = 1;
      y[r] += effect[j];
    }
    y[r] += 0.05 * rng.normal();
  }
  return { x, y, w };
}

/** A model that ranks backwards: ridge's prediction negated. */
class Backwards implements Predictor {
  readonly name = "backwards";
  private readonly inner = new RidgePredictor(1);
  fit(x: Float32Array, w: number, y: Float64Array, rng: Rng): void {
    this.inner.fit(x, w, y, rng);
  }
  predict(x: Float32Array, w: number): Float64Array {
    return this.inner.predict(x, w).map((v) => -v);
  }
}

const RIDGE = { name: "ridge", make: () => new RidgePredictor(1) };
const BACK = { name: "backwards", make: () => new Backwards() };

test("cross-validated choice: picks the model that ranks held-out rows, whatever its place in the list", () => {
  const { x, y, w } = additive(60, 1);
  for (const list of [
    [BACK, RIDGE],
    [RIDGE, BACK],
  ]) {
    const c = crossValidatedChoice(list, x, w, y, Rng.fromSeed(2));
    assert.equal(c.name, "ridge");
    const r = c.scores[list.indexOf(RIDGE)];
    const b = c.scores[list.indexOf(BACK)];
    assert.ok(r > 0.9 && b < -0.9, `ridge ρ ${r}, backwards ρ ${b}`);
    assert.ok(Math.abs(r + b) < 1e-12, "the backwards model's out-of-fold ρ is ridge's, negated");
  }
});

test("cross-validated choice: too few rows for the folds keeps the first candidate; no candidate fails", () => {
  const { x, y, w } = additive(9, 3);
  const c = crossValidatedChoice([BACK, RIDGE], x, w, y, Rng.fromSeed(0));
  assert.equal(c.name, "backwards");
  assert.deepEqual(c.scores, []);
  assert.throws(() => crossValidatedChoice([], x, w, y, Rng.fromSeed(0)), UsageError);
  assert.throws(() => new SelectingPredictor([]), UsageError);
});

test("selecting predictor: deterministic given the stream, fits the chosen model on every row", () => {
  const { x, y, w } = additive(50, 4);
  const run = () => {
    const p = new SelectingPredictor([BACK, RIDGE]);
    p.fit(x, w, y, Rng.fromSeed(9));
    return p;
  };
  const a = run();
  const b = run();
  assert.equal(a.chosen, "ridge");
  assert.deepEqual(a.scores, b.scores);
  const alone = new RidgePredictor(1);
  alone.fit(x, w, y, Rng.fromSeed(9));
  assert.deepEqual(a.predict(x, w), alone.predict(x, w));
  assert.throws(() => new SelectingPredictor([RIDGE]).predict(x, w), UsageError);
});

test("average predictor: the mean of its parts' predictions", () => {
  const { x, y, w } = additive(30, 5);
  const avg = new AveragePredictor([RIDGE.make, BACK.make]);
  avg.fit(x, w, y, Rng.fromSeed(0));
  // ridge and its negation cancel exactly
  for (const v of avg.predict(x, w)) assert.equal(v, 0);
  const two = new AveragePredictor([() => new RidgePredictor(1), () => new RidgePredictor(4)]);
  two.fit(x, w, y, Rng.fromSeed(0));
  const r1 = new RidgePredictor(1);
  const r4 = new RidgePredictor(4);
  r1.fit(x, w, y, Rng.fromSeed(0));
  r4.fit(x, w, y, Rng.fromSeed(0));
  const p1 = r1.predict(x, w);
  const p4 = r4.predict(x, w);
  const p = two.predict(x, w);
  for (let i = 0; i < p.length; i++) assert.ok(Math.abs(p[i] - (p1[i] + p4[i]) / 2) < 1e-12);
  assert.throws(() => new AveragePredictor([]), UsageError);
});

test("bagged predictor: all rows in every member = the model itself; subsamples differ; bad knobs fail", () => {
  const { x, y, w } = additive(40, 6);
  const ridge = new RidgePredictor(1);
  ridge.fit(x, w, y, Rng.fromSeed(0));
  const full = new BaggedPredictor(() => new RidgePredictor(1), 3, 1);
  full.fit(x, w, y, Rng.fromSeed(1));
  const half = new BaggedPredictor(() => new RidgePredictor(1), 3, 0.5);
  half.fit(x, w, y, Rng.fromSeed(1));
  const again = new BaggedPredictor(() => new RidgePredictor(1), 3, 0.5);
  again.fit(x, w, y, Rng.fromSeed(1));
  const pr = ridge.predict(x, w);
  const pf = full.predict(x, w);
  const ph = half.predict(x, w);
  let diff = 0;
  for (let i = 0; i < pr.length; i++) {
    assert.ok(Math.abs(pf[i] - pr[i]) < 1e-9, `row ${i}: ${pf[i]} vs ${pr[i]}`);
    diff = Math.max(diff, Math.abs(ph[i] - pr[i]));
  }
  assert.ok(diff > 1e-3, "members fitted on half the rows are not the full model");
  assert.deepEqual(again.predict(x, w), ph, "same stream, same bags");
  assert.throws(() => new BaggedPredictor(() => new RidgePredictor(1), 0), UsageError);
  assert.throws(() => new BaggedPredictor(() => new RidgePredictor(1), 2, 0), UsageError);
  assert.throws(() => new BaggedPredictor(() => new RidgePredictor(1)).predict(x, w), UsageError);
});
