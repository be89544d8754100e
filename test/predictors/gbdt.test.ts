import assert from "node:assert/strict";
import { test } from "node:test";
import { DataError, LissnasError, UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { GbdtRegressor } from "../../src/predictors/gbdt.js";
import { maxAbsDiff, onehotProblem, smallProblem } from "./fixtures.js";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

// One feature x = [0, 0, 1, 1], y = [1, 2, 5, 6]; base score 0.5, eta 0.5, lambda 1, no standardisation.
// Round 1: g = 0.5 − y = [−0.5, −1.5, −4.5, −5.5], h = 1. Root G = −12, H = 4.
// Split x < 1: G_L = −2, H_L = 2; G_R = −10, H_R = 2.
// Loss change = 4/3 + 100/3 − 144/5 = 5.8667 > 0: split.
// Leaves: eta · (−G/(H+λ)) = 0.5 · 2/3 = 1/3 and 0.5 · 10/3 = 5/3; root weight 0.5 · 12/5 = 1.2.
const X1 = new Float32Array([0, 0, 1, 1]);
const Y1 = new Float64Array([1, 2, 5, 6]);
const HAND = { eta: 0.5, lambda: 1, baseScore: 0.5, maxDepth: 1, standardize: false } as const;

test("gbdt: a depth-1 tree computed by hand (split, threshold, leaf values with lambda, eta, base score)", () => {
  const m = new GbdtRegressor({ ...HAND, nEstimators: 1 });
  m.fit(X1, 1, Y1, Rng.fromSeed(0));
  const t = m.model();
  assert.deepEqual(Array.from(t.treeStart), [0, 3]);
  assert.deepEqual(Array.from(t.feature), [0, -1, -1]);
  assert.equal(t.threshold[0], 1);
  close(t.value[0], 1.2);
  close(t.value[t.left[0]], 1 / 3);
  close(t.value[t.right[0]], 5 / 3);
  const p = m.predict(new Float32Array([0, 1, 0.5, 7]), 1);
  close(p[0], 0.5 + 1 / 3);
  close(p[1], 0.5 + 5 / 3);
  close(p[2], 0.5 + 1 / 3); // 0.5 < 1 goes left
  close(p[3], 0.5 + 5 / 3);
});

test("gbdt: two rounds by hand — each leaf moves (1 − eta·H/(H+λ)) = 2/3 of the way less from its mean", () => {
  const m = new GbdtRegressor({ ...HAND, nEstimators: 2 });
  m.fit(X1, 1, Y1, Rng.fromSeed(0));
  const p = m.predict(X1, 1);
  // Left group mean 1.5: 0.5 → 1.5 − 1·(2/3) → 1.5 − (2/3)²; right group mean 5.5 likewise from 0.5.
  close(p[0], 1.5 - 1 * (4 / 9));
  close(p[2], 5.5 - 5 * (4 / 9));
  const mse = (l: number, r: number) => ((1 - l) ** 2 + (2 - l) ** 2 + (5 - r) ** 2 + (6 - r) ** 2) / 4;
  close(m.trainLoss[0], mse(0.5 + 1 / 3, 0.5 + 5 / 3));
  close(m.trainLoss[1], mse(1.5 - 4 / 9, 5.5 - 20 / 9));
});

test("gbdt: gamma above the loss change (5.8667) and min_child_weight above a child's hessian stop the split", () => {
  for (const opts of [{ gamma: 5.9 }, { minChildWeight: 2.5 }]) {
    const m = new GbdtRegressor({ ...HAND, nEstimators: 1, ...opts });
    m.fit(X1, 1, Y1, Rng.fromSeed(0));
    assert.deepEqual(Array.from(m.model().feature), [-1], JSON.stringify(opts));
    close(m.predict(X1, 1)[0], opts.minChildWeight ? 0.5 + 0.5 * (12 / 5) : 0.5 + 1.2);
  }
  const kept = new GbdtRegressor({ ...HAND, nEstimators: 1, gamma: 5.8 });
  kept.fit(X1, 1, Y1, Rng.fromSeed(0));
  assert.equal(kept.model().feature[0], 0);
});

test("gbdt: the better feature wins, and of two equal features the lower index", () => {
  // Rows (1,0,0) (0,0,0) (1,1,1) (0,1,1) for y = 1, 2, 5, 6: feature 0 separates {1,5} from {2,6} (worse);
  // features 1 and 2 both separate {1,2} from {5,6}, with equal gain.
  const x = new Float32Array([1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1]);
  const m = new GbdtRegressor({ ...HAND, nEstimators: 1 });
  m.fit(x, 3, Y1, Rng.fromSeed(0));
  assert.equal(m.model().feature[0], 1);
  const swapped = new Float32Array([0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0]); // feature 1 is now the worse one
  m.fit(swapped, 3, Y1, Rng.fromSeed(0));
  assert.equal(m.model().feature[0], 0);
});

test("gbdt: standardised labels are mapped back (prediction = mean + std · model)", () => {
  const raw = new GbdtRegressor({ ...HAND, nEstimators: 3, baseScore: 0 });
  const std = new GbdtRegressor({ ...HAND, nEstimators: 3, baseScore: 0, standardize: true });
  raw.fit(X1, 1, Y1, Rng.fromSeed(0));
  std.fit(
    X1,
    1,
    Y1.map((v) => 10 * v + 3),
    Rng.fromSeed(0),
  );
  // y' = 10y + 3 standardises to the same z as y does; with lambda the fits differ only through H/(H+λ),
  // which is the same, so std's prediction is 10·(mean + sd·z) + 3 where raw learnt y directly.
  const s = Math.sqrt(4.25);
  const pz = new GbdtRegressor({ ...HAND, nEstimators: 3, baseScore: 0 });
  pz.fit(
    X1,
    1,
    Y1.map((v) => (v - 3.5) / s),
    Rng.fromSeed(0),
  );
  const a = std.predict(X1, 1);
  const b = pz.predict(X1, 1);
  for (let i = 0; i < 4; i++) close(a[i], 10 * (3.5 + s * b[i]) + 3, 1e-10);
  assert.ok(raw.predict(X1, 1)[0] !== a[0]);
});

test("gbdt: constant targets (std 0) are fitted without dividing by zero", () => {
  const m = new GbdtRegressor({ nEstimators: 200 });
  m.fit(X1, 1, new Float64Array([7, 7, 7, 7]), Rng.fromSeed(0));
  assert.deepEqual(
    Array.from(m.model().feature).filter((f) => f >= 0),
    [],
  );
  for (const p of m.predict(new Float32Array([0, 1, 3]), 1)) close(p, 7, 1e-12);
});

test("gbdt: training loss never increases and falls in the first rounds", () => {
  const { x, y, width } = smallProblem(300);
  const m = new GbdtRegressor({ eta: 0.3, nEstimators: 60, maxDepth: 4 });
  m.fit(x, width, y, Rng.fromSeed(3));
  assert.equal(m.trainLoss.length, 60);
  for (let r = 1; r < 60; r++) assert.ok(m.trainLoss[r] <= m.trainLoss[r - 1], `round ${r}`);
  for (let r = 1; r < 20; r++) assert.ok(m.trainLoss[r] < m.trainLoss[r - 1], `round ${r} should improve`);
  assert.ok(m.trainLoss[59] < 0.05 * m.trainLoss[0]);
});

test("gbdt: same seed, same model bit for bit (with row and column sampling); another seed, another model", () => {
  const { x, y, width } = onehotProblem(400);
  const opts = { nEstimators: 40, subsample: 0.7, colsampleBytree: 0.6 };
  const fit = (seed: number) => {
    const m = new GbdtRegressor(opts);
    m.fit(x, width, y, Rng.fromSeed(seed));
    return m.predict(x, width);
  };
  const a = fit(11);
  assert.deepEqual(Array.from(fit(11)), Array.from(a));
  assert.ok(maxAbsDiff(fit(12), a) > 1e-3);
});

test("gbdt: save/load round trip through JSON text gives identical predictions and identical JSON", () => {
  for (const { x, y, width } of [onehotProblem(300), smallProblem(300)]) {
    const m = new GbdtRegressor({ nEstimators: 30, maxDepth: 5 });
    m.fit(x, width, y, Rng.fromSeed(5));
    const text = JSON.stringify(m.toJSON());
    const back = GbdtRegressor.fromJSON(JSON.parse(text));
    assert.deepEqual(Array.from(back.predict(x, width)), Array.from(m.predict(x, width)));
    assert.equal(JSON.stringify(back.toJSON()), text);
    assert.deepEqual(back.options, m.options);
  }
});

test("gbdt: batch prediction equals walking every tree node by node, bit for bit (binary and real features, mixed depths, deep trees)", () => {
  const cases = [
    { data: onehotProblem(501), opts: { nEstimators: 25 } }, // binary features; 501 rows: 128-row blocks and a rest
    { data: smallProblem(403), opts: { nEstimators: 25 } }, // many thresholds
    { data: smallProblem(402), opts: { nEstimators: 5, maxDepth: 12, minChildWeight: 0 } }, // deeper than 8 and 10
    { data: onehotProblem(40), opts: { nEstimators: 60, gamma: 0.05, eta: 0.5 } }, // depths 0 and 2..6 interleaved
    { data: smallProblem(59), opts: { nEstimators: 60, minChildWeight: 6, eta: 0.5 } }, // depths 4..6
  ];
  for (const { data, opts } of cases) {
    const { x, y, width } = data;
    const m = new GbdtRegressor(opts);
    m.fit(x, width, y, Rng.fromSeed(1));
    const e = m.model();
    const json = m.toJSON() as { labelMean: number; labelStd: number };
    const got = m.predict(x, width);
    for (let r = 0; r < y.length; r++) {
      let s = 0;
      for (let t = 0; t + 1 < e.treeStart.length; t++) {
        let i = e.treeStart[t];
        while (e.feature[i] >= 0) i = x[r * width + e.feature[i]] < e.threshold[i] ? e.left[i] : e.right[i];
        s += e.value[i];
      }
      assert.equal(got[r], (s + m.options.baseScore) * json.labelStd + json.labelMean, `row ${r}`);
    }
  }
});

test("gbdt: early stopping keeps the best validation round", () => {
  const { x, y, width } = smallProblem(300);
  const m = new GbdtRegressor({
    eta: 0.5,
    nEstimators: 400,
    maxDepth: 6,
    earlyStoppingRounds: 10,
    validationFraction: 0.2,
  });
  m.fit(x, width, y, Rng.fromSeed(4));
  assert.ok(m.rounds < 400 && m.trees === m.rounds);
  assert.equal(m.validLoss.length, m.rounds + 10);
  const best = Math.min(...m.validLoss);
  assert.equal(m.validLoss[m.rounds - 1], best);
  for (let r = m.rounds; r < m.validLoss.length; r++) assert.ok(m.validLoss[r] >= best);
});

test("gbdt: NaN or infinite targets, an empty training set and non-finite features are clear errors", () => {
  const m = new GbdtRegressor({ nEstimators: 2 });
  const rng = Rng.fromSeed(0);
  const oneLine = (re: RegExp) => (e: unknown) =>
    e instanceof LissnasError && re.test(e.message) && !e.message.includes("\n");
  assert.throws(
    () => m.fit(X1, 1, new Float64Array([1, Number.NaN, 2, 3]), rng),
    oneLine(/target of row 1 is NaN/),
  );
  assert.throws(
    () => m.fit(X1, 1, new Float64Array([1, 2, Number.POSITIVE_INFINITY, 3]), rng),
    oneLine(/target of row 2 is Infinity/),
  );
  assert.throws(() => m.fit(new Float32Array(0), 3, new Float64Array(0), rng), oneLine(/empty training set/));
  assert.throws(() => m.fit(X1, 1, new Float64Array(3), rng), oneLine(/4 rows but 3 targets/));
  assert.throws(
    () => m.fit(new Float32Array([0, Number.NaN, 1, 1]), 1, Y1, rng),
    oneLine(/feature 0 of row 1 is NaN/),
  );
  assert.throws(
    () => m.fit(new Float32Array(5), 2, new Float64Array(2), rng),
    oneLine(/do not fill rows of width 2/),
  );
});

test("gbdt: predicting with the wrong feature count, or before fit, is a usage error", () => {
  const m = new GbdtRegressor({ nEstimators: 2 });
  assert.throws(
    () => m.predict(X1, 1),
    (e: unknown) => e instanceof UsageError && /before fit/.test(e.message),
  );
  m.fit(X1, 1, Y1, Rng.fromSeed(0));
  assert.throws(
    () => m.predict(new Float32Array(6), 2),
    (e: unknown) => e instanceof UsageError && /fitted on 1 features, got rows of 2/.test(e.message),
  );
});

test("gbdt: bad options are one-line usage errors naming the option", () => {
  assert.throws(() => new GbdtRegressor({ eta: 0 }), /eta must be in \(0, 1\]/);
  assert.throws(() => new GbdtRegressor({ maxDepth: 0 }), /maxDepth must be an integer in 1\.\.16/);
  assert.throws(() => new GbdtRegressor({ subsample: 1.5 }), /subsample/);
  assert.throws(() => new GbdtRegressor({ nEstimators: 2.5 }), /nEstimators/);
  assert.throws(() => new GbdtRegressor({ etaa: 1 } as never), /unknown option 'etaa'/);
});

test("gbdt: corrupt model JSON gives a one-line DataError naming the problem", () => {
  const m = new GbdtRegressor({ nEstimators: 3, maxDepth: 2 });
  m.fit(X1, 1, Y1, Rng.fromSeed(0));
  /** The saved model's shape, loosely typed so that tests can corrupt any field. */
  type Saved = Record<string, unknown> & {
    options: Record<string, unknown>;
    trees: Record<string, unknown[]>;
  };
  const good: Saved = JSON.parse(JSON.stringify(m.toJSON()));
  const mutate = (f: (j: Saved) => void) => {
    const j = structuredClone(good);
    f(j);
    return j;
  };
  const cases: Array<[unknown, RegExp]> = [
    [null, /expected an object/],
    [[1], /expected an object/],
    [mutate((j) => (j.format = "xgb")), /not a GBDT model/],
    [mutate((j) => (j.version = 2)), /unsupported model version 2/],
    [mutate((j) => (j.options.eta = -1)), /options: .*eta must be/],
    [mutate((j) => (j.width = 0)), /'width' must be an integer/],
    [mutate((j) => (j.labelStd = 0)), /'labelStd' must be positive/],
    [mutate((j) => delete j.trees.left), /'trees.left' must be an array/],
    [mutate((j) => (j.trees.value[0] = "x")), /'trees.value\[0\]' is "x"/],
    [mutate((j) => (j.trees.value[0] = null)), /'trees.value\[0\]' is null/],
    [mutate((j) => j.trees.threshold.pop()), /'trees.threshold' has \d+ entries/],
    [mutate((j) => (j.trees.feature[0] = 3)), /'trees.feature\[0\]' is 3, outside -1\.\.0/],
    [mutate((j) => (j.trees.left[0] = 0)), /child 0 must come after its parent/],
    [mutate((j) => (j.trees.left[0] = 99)), /child 99 must come after its parent/],
    [mutate((j) => (j.trees.right[0] = j.trees.left[0])), /has two parents/],
    [mutate((j) => (j.trees.treeStart[1] = 0)), /strictly increasing/],
    [mutate((j) => (j.trees.threshold[0] = 0.1)), /not a float32 value/],
    [mutate((j) => (j.rounds = 7)), /'rounds' is 7 but the model has 3 trees/],
  ];
  for (const [obj, re] of cases) {
    assert.throws(
      () => GbdtRegressor.fromJSON(obj, "m.json"),
      (e: unknown) =>
        e instanceof DataError &&
        e.message.startsWith("m.json: ") &&
        re.test(e.message) &&
        !e.message.includes("\n"),
      `${re}`,
    );
  }
  assert.doesNotThrow(() => GbdtRegressor.fromJSON(good));
});
