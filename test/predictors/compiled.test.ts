import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { BitslicedEnsemble, distinctTests } from "../../src/predictors/bitsliced.js";
import { CompiledEnsemble, type PredictMode, subtreeDepth } from "../../src/predictors/compiled.js";
import type { Ensemble } from "../../src/predictors/ensemble.js";
import { GbdtRegressor } from "../../src/predictors/gbdt.js";
import { onehotProblem, smallProblem } from "./fixtures.js";

/** Σ_t leaf_t(row), added in tree order from +0: the definition every evaluator must match bit for bit. */
function walk(e: Ensemble, x: Float32Array, width: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let t = 0; t + 1 < e.treeStart.length; t++) {
      let i = e.treeStart[t];
      while (e.feature[i] >= 0) i = x[r * width + e.feature[i]] < e.threshold[i] ? e.left[i] : e.right[i];
      s += e.value[i];
    }
    out[r] = s;
  }
  return out;
}

/** Indices of rows whose values differ in any bit (so +0 and −0 differ, NaN equals NaN). */
function bitDiff(a: Float64Array, b: Float64Array): number[] {
  const ua = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i]) bad.push(i);
  return bad;
}

interface Shape {
  trees: number;
  /** Depth of each tree: a fixed number, or drawn from 0..maxDepth per tree. */
  depth: number | { max: number };
  /** Probability that a node above the depth limit becomes a leaf early (ragged trees). */
  early: number;
  width: number;
  /** "binary": features 0/1 and thresholds in (0, 1]; "real": values on a grid, thresholds from it too. */
  kind: "binary" | "real";
}

/** Thresholds and feature values of "real" models: a small grid, so that x = threshold happens often. */
const GRID = [-2.5, -1, -0, 0, 0.1, 0.5, 1, 1.5, 3, 7.25, 1e6];

/**
 * A random ensemble (flat arrays, children after parents, as fitted models have them) whose leaf values
 * span 12 orders of magnitude and both signs, so that the float64 sum depends on the order of the trees.
 */
function randomEnsemble(shape: Shape, rng: Rng): Ensemble {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const treeStart = [0];
  for (let t = 0; t < shape.trees; t++) {
    const D = typeof shape.depth === "number" ? shape.depth : rng.int(shape.depth.max + 1);
    const add = () => {
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      value.push((rng.float() - 0.5) * 10 ** (rng.float() * 12 - 6));
      return feature.length - 1;
    };
    // Breadth first; the first path always reaches depth D, so the tree is exactly D deep.
    const queue: Array<[number, number, boolean]> = [[add(), 0, true]];
    while (queue.length > 0) {
      const [i, d, spine] = queue.shift() as [number, number, boolean];
      if (d === D || (!spine && rng.float() < shape.early)) continue;
      feature[i] = rng.int(shape.width);
      threshold[i] = shape.kind === "binary" ? (rng.int(2) === 0 ? 1 : 0.5) : GRID[rng.int(GRID.length)];
      left[i] = add();
      right[i] = add();
      queue.push([left[i], d + 1, spine], [right[i], d + 1, false]);
    }
    treeStart.push(feature.length);
  }
  return {
    treeStart: Int32Array.from(treeStart),
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

function randomRows(rows: number, width: number, kind: Shape["kind"], rng: Rng): Float32Array {
  const x = new Float32Array(rows * width);
  for (let i = 0; i < x.length; i++) x[i] = kind === "binary" ? rng.int(2) : GRID[rng.int(GRID.length)];
  return x;
}

/** Checks every evaluator against the walk; returns the modes that ran. */
function checkAllModes(e: Ensemble, x: Float32Array, width: number, rows: number, what: string): string[] {
  const want = walk(e, x, width, rows);
  const ran: string[] = [];
  for (const mode of ["auto", "bitsliced", "padded", "walk"] as PredictMode[]) {
    const c = new CompiledEnsemble(e, width, mode);
    const got = new Float64Array(rows).fill(Number.NaN);
    c.sumInto(x, rows, got);
    const bad = bitDiff(got, want);
    assert.equal(
      bad.length,
      0,
      `${what}, mode ${mode} → ${c.mode}: ${bad.length} rows differ, e.g. row ${bad[0]}: ${got[bad[0]]} vs ${want[bad[0]]}`,
    );
    // Twice on the same evaluator (the second call reuses its buffers).
    c.sumInto(x, rows, got);
    assert.equal(bitDiff(got, want).length, 0, `${what}, mode ${c.mode}, second call`);
    ran.push(c.mode);
  }
  return ran;
}

test("compiled: the sums of random models depend on the order of the trees (so the checks below are sharp)", () => {
  const rng = Rng.fromSeed(1);
  const e = randomEnsemble({ trees: 60, depth: 6, early: 0.2, width: 12, kind: "real" }, rng);
  const x = randomRows(300, 12, "real", rng);
  const forward = walk(e, x, 12, 300);
  // The same leaves summed from the last tree to the first.
  const T = e.treeStart.length - 1;
  let differ = 0;
  for (let r = 0; r < 300; r++) {
    let s = 0;
    for (let t = T - 1; t >= 0; t--) {
      let i = e.treeStart[t];
      while (e.feature[i] >= 0) i = x[r * 12 + e.feature[i]] < e.threshold[i] ? e.left[i] : e.right[i];
      s += e.value[i];
    }
    if (s !== forward[r]) differ++;
  }
  assert.ok(differ > 100, `only ${differ} of 300 rows depend on the order`);
});

test("compiled: every evaluator equals the tree-order walk bit for bit, depths 1 to 8, binary and real-valued features", () => {
  const rng = Rng.fromSeed(2);
  for (let depth = 1; depth <= 8; depth++) {
    for (const kind of ["binary", "real"] as const) {
      const width = kind === "binary" ? 30 : 7;
      const e = randomEnsemble({ trees: 37, depth, early: 0.25, width, kind }, rng);
      const x = randomRows(301, width, kind, rng);
      const ran = checkAllModes(e, x, width, 301, `depth ${depth}, ${kind}`);
      assert.deepEqual(ran, ["bitsliced", "bitsliced", "padded", "walk"]);
    }
  }
});

test("compiled: single trees, perfect and ragged, and rows around the 128-row block", () => {
  const rng = Rng.fromSeed(3);
  for (const rows of [1, 2, 127, 128, 129, 255, 256, 257]) {
    for (const [depth, early] of [
      [1, 0],
      [3, 0.5],
      [6, 0],
      [8, 0.3],
    ]) {
      const e = randomEnsemble({ trees: 1, depth, early, width: 9, kind: "real" }, rng);
      checkAllModes(e, randomRows(rows, 9, "real", rng), 9, rows, `1 tree, depth ${depth}, ${rows} rows`);
    }
  }
});

test("compiled: many trees of mixed depths (0 to 8, across 32-tree chunks), one-leaf trees, and a one-leaf model", () => {
  const rng = Rng.fromSeed(4);
  for (const trees of [31, 32, 33, 150]) {
    const e = randomEnsemble({ trees, depth: { max: 8 }, early: 0.3, width: 30, kind: "binary" }, rng);
    checkAllModes(e, randomRows(700, 30, "binary", rng), 30, 700, `${trees} mixed-depth trees`);
  }
  const stump = randomEnsemble({ trees: 5, depth: 0, early: 0, width: 3, kind: "real" }, rng);
  const ran = checkAllModes(stump, randomRows(200, 3, "real", rng), 3, 200, "depth-0 trees only");
  assert.equal(ran[0], "bitsliced");
});

test("compiled: batches longer than the evaluator's row chunk (wide rows and one-feature rows)", () => {
  const rng = Rng.fromSeed(5);
  // 2^20 bytes of rows per chunk: 1,280 rows of 200 features, 8,192 rows of one feature.
  for (const [width, rows] of [
    [200, 2 * 1280 + 77],
    [1, 8192 + 300],
  ]) {
    const e = randomEnsemble({ trees: 40, depth: { max: 7 }, early: 0.2, width, kind: "real" }, rng);
    checkAllModes(e, randomRows(rows, width, "real", rng), width, rows, `width ${width}, ${rows} rows`);
  }
});

test("compiled: values equal to a threshold go right, −0 and +0 are the same value, extreme values work", () => {
  // One tree: x0 < 0 ? (x1 < 1 ? a : b) : (x1 < 1e6 ? c : d).
  const e: Ensemble = {
    treeStart: Int32Array.from([0, 7]),
    feature: Int32Array.from([0, 1, 1, -1, -1, -1, -1]),
    threshold: Float32Array.from([0, 1, 1e6, 0, 0, 0, 0]),
    left: Int32Array.from([1, 3, 5, -1, -1, -1, -1]),
    right: Int32Array.from([2, 4, 6, -1, -1, -1, -1]),
    value: Float64Array.from([0, 0, 0, 1, 2, 3, 4]),
  };
  const cases: Array<[number, number, number]> = [
    [-1, 0.5, 1],
    [-1, 1, 2],
    [0, 0, 3],
    [-0, 0, 3], // −0 < 0 is false: right
    [0, 1e6, 4],
    [-3.4e38, 3.4e38, 2],
    [1e-45, -1e-45, 3],
  ];
  const x = Float32Array.from(cases.flatMap((c) => c.slice(0, 2)));
  for (const mode of ["bitsliced", "padded", "walk"] as PredictMode[]) {
    const c = new CompiledEnsemble(e, 2, mode);
    assert.equal(c.mode, mode);
    const out = new Float64Array(cases.length);
    c.sumInto(x, cases.length, out);
    assert.deepEqual(
      Array.from(out),
      cases.map(([, , v]) => v),
      mode,
    );
  }
});

test("compiled: trees deeper than 8 fall back to the padded kernels, deeper than 10 to the walk, both exact", () => {
  const rng = Rng.fromSeed(6);
  for (const [depth, expect] of [
    [9, "padded"],
    [10, "padded"],
    [12, "walk"],
  ] as const) {
    const e = randomEnsemble({ trees: 6, depth, early: 0.6, width: 10, kind: "real" }, rng);
    const ran = checkAllModes(e, randomRows(333, 10, "real", rng), 10, 333, `depth ${depth}`);
    assert.equal(ran[0], expect);
    assert.equal(ran[1], expect, "bitsliced is not offered beyond depth 8");
  }
});

test("compiled: auto leaves the bit-sliced evaluator when the model has far more distinct tests than walk steps", () => {
  // Two perfect depth-8 trees whose 510 nodes all test different thresholds: 510 tests > 24 · 16 steps.
  const rng = Rng.fromSeed(7);
  const e = randomEnsemble({ trees: 2, depth: 8, early: 0, width: 50, kind: "real" }, rng);
  const t = e.threshold;
  for (let i = 0; i < t.length; i++) if (e.feature[i] >= 0) t[i] = Math.fround(i / 7);
  assert.equal(distinctTests(e).feature.length, 510);
  assert.equal(new CompiledEnsemble(e, 50).mode, "padded");
  checkAllModes(e, randomRows(150, 50, "real", rng), 50, 150, "many tests");
});

test("compiled: fitted models (one-hot and real-valued) predict through the bit-sliced evaluator, exactly", () => {
  for (const [data, opts] of [
    [onehotProblem(600), { nEstimators: 80, eta: 0.1, maxDepth: 6 }],
    [smallProblem(500), { nEstimators: 60, eta: 0.1, maxDepth: 7 }],
    [onehotProblem(60), { nEstimators: 70, gamma: 0.05, eta: 0.5 }], // many one-leaf trees
  ] as const) {
    const { x, y, width } = data;
    const m = new GbdtRegressor(opts);
    m.fit(x, width, y, Rng.fromSeed(1));
    const e = m.model();
    const T = e.treeStart.length - 1;
    const depths = Int32Array.from({ length: T }, (_, t) => subtreeDepth(e, e.treeStart[t]));
    assert.ok(BitslicedEnsemble.supports(width, depths));
    assert.equal(new CompiledEnsemble(e, width).mode, "bitsliced");
    const rows = y.length;
    const { labelMean, labelStd } = m.toJSON() as { labelMean: number; labelStd: number };
    const sums = walk(e, x, width, rows);
    const want = Float64Array.from(sums, (s) => (s + m.options.baseScore) * labelStd + labelMean);
    assert.deepEqual(bitDiff(m.predict(x, width), want), []);
  }
});

test("gbdt: setEvaluator switches predict between evaluators with identical results, and survives a refit", () => {
  const { x, y, width } = onehotProblem(300);
  const m = new GbdtRegressor({ nEstimators: 40 });
  assert.equal(m.evaluator, "auto");
  m.fit(x, width, y, Rng.fromSeed(3));
  assert.equal(m.evaluator, "bitsliced");
  const want = m.predict(x, width);
  for (const mode of ["padded", "walk", "bitsliced"] as const) {
    m.setEvaluator(mode);
    assert.equal(m.evaluator, mode);
    assert.deepEqual(bitDiff(m.predict(x, width), want), [], mode);
  }
  m.setEvaluator("walk");
  m.fit(x, width, y, Rng.fromSeed(3));
  assert.equal(m.evaluator, "walk");
  assert.deepEqual(bitDiff(m.predict(x, width), want), []);
});
