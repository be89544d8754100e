import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { UsageError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { RidgePredictor } from "../../src/predictors/ridge.js";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

// x = [[1,0],[0,1],[1,1]], y = [1,2,4], λ = 1, intercept unpenalised. Centred: x̄ = (2/3, 2/3), ȳ = 7/3;
// XcᵀXc = [[2/3, −1/3], [−1/3, 2/3]], Xcᵀyc = (1/3, 4/3); (XcᵀXc + I)⁻¹ = (3/8)[[5/3, 1/3], [1/3, 5/3]]
// → w = (3/8, 7/8), b = 7/3 − (2/3)(3/8 + 7/8) = 3/2; fitted values 15/8, 19/8, 11/4 (they sum to Σy = 7).
test("ridge: a 3×2 example solved by hand (centring, unpenalised intercept, λ on the weights)", () => {
  const m = new RidgePredictor(1);
  m.fit(new Float32Array([1, 0, 0, 1, 1, 1]), 2, new Float64Array([1, 2, 4]), Rng.fromSeed(0));
  const p = m.predict(new Float32Array([1, 0, 0, 1, 1, 1, 0, 0]), 2);
  close(p[0], 15 / 8);
  close(p[1], 19 / 8);
  close(p[2], 11 / 4);
  close(p[3], 3 / 2); // the intercept alone
});

test("ridge: bad lambda and mismatched widths fail with a UsageError", () => {
  assert.throws(() => new RidgePredictor(0), UsageError);
  const m = new RidgePredictor(1);
  assert.throws(() => m.fit(new Float32Array(5), 2, new Float64Array(3), Rng.fromSeed(0)), UsageError);
  m.fit(new Float32Array([1, 0, 0, 1]), 2, new Float64Array([1, 2]), Rng.fromSeed(0));
  assert.throws(() => m.predict(new Float32Array(3), 3), UsageError);
});

const PYTHON = "/usr/bin/python3";
function numpySkip(): string | false {
  if (!existsSync(PYTHON)) return `needs ${PYTHON}, which is absent`;
  const r = spawnSync(PYTHON, ["-c", "import numpy"], { stdio: "ignore", timeout: 60_000 });
  return r.status === 0 ? false : `needs ${PYTHON} with numpy, which it lacks`;
}

test("ridge: agrees with numpy's solve of the centred normal equations (60 × 12 one-hot rows)", {
  skip: numpySkip(),
}, () => {
  const rng = Rng.fromSeed(3);
  const n = 60;
  const groups = 4;
  const w = groups * 3; // 4 categorical positions × 3 choices, one-hot
  const x = new Float32Array(n * w);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < groups; g++) x[r * w + g * 3 + rng.int(3)] = 1;
    y[r] = rng.normal() * 2 + 70;
  }
  const m = new RidgePredictor(2.5);
  m.fit(x, w, y, Rng.fromSeed(0));
  const ours = m.predict(x, w);
  const script = [
    "import json, sys, numpy as np",
    "d = json.load(sys.stdin)",
    "X = np.array(d['x'], dtype=np.float64).reshape(-1, d['w']); y = np.array(d['y'])",
    "mx = X.mean(0); my = y.mean(); Xc = X - mx",
    "w = np.linalg.solve(Xc.T @ Xc + d['lam'] * np.eye(d['w']), Xc.T @ (y - my))",
    "print(json.dumps((X @ w + my - mx @ w).tolist()))",
  ].join("\n");
  const r = spawnSync(PYTHON, ["-c", script], {
    input: JSON.stringify({ x: Array.from(x), y: Array.from(y), w, lam: 2.5 }),
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const theirs: number[] = JSON.parse(r.stdout);
  assert.equal(theirs.length, n);
  for (let i = 0; i < n; i++) close(ours[i], theirs[i], 1e-9);
});
