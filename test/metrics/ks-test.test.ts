import assert from "node:assert/strict";
import { test } from "node:test";
import { kolmogorovSf, ksTwoSample } from "../../src/metrics/ks-test.js";

// Reference values: scipy 1.10.1, stats.ks_2samp(x, y, method="exact") and stats.kstwobign.sf(λ).
const close = (a: number, b: number, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-300), `${a} vs ${b}`);

test("KS exact p-value matches scipy (unequal sizes, no ties)", () => {
  const x = [
    0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09,
    -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47,
  ];
  const y = [
    2.2, 1.66, 1.38, 0.2, 0.36, 0.0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7,
    0.52, -0.71,
  ];
  const r = ksTwoSample(x, y);
  assert.equal(r.method, "exact");
  close(r.d, 0.23);
  close(r.pValue, 0.5286364448145011);
  // Symmetric in its arguments.
  close(ksTwoSample(y, x).pValue, 0.5286364448145011);
});

test("KS with ties, equal sizes, and larger samples matches scipy", () => {
  const t = ksTwoSample([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 5, 5, 6]);
  close(t.d, 0.5);
  close(t.pValue, 0.3327505827505828);
  const gen = (n: number, mul: number, mod: number, shift: number) =>
    Array.from({ length: n }, (_, i) => ((i * mul) % mod) / mod + shift);
  const e = ksTwoSample(gen(40, 7919, 1000, 0), gen(40, 104729, 997, 0));
  close(e.d, 0.15);
  close(e.pValue, 0.7659314523482239);
  const b = ksTwoSample(gen(300, 7919, 1000, 0), gen(200, 104729, 997, 0.1));
  close(b.d, 0.10666666666666667);
  close(b.pValue, 0.12398372491604806, 1e-8);
});

test("KS exact p-value keeps its precision when tiny (separated samples: 2 / C(60, 30))", () => {
  const r = ksTwoSample(
    Array.from({ length: 30 }, (_, i) => 0.1 * i),
    Array.from({ length: 30 }, (_, i) => 100 + i),
  );
  close(r.d, 1);
  close(r.pValue, 1.6911233892144742e-17, 1e-8);
  const same = ksTwoSample([1, 2, 3], [1, 2, 3]);
  assert.equal(same.d, 0);
  assert.equal(same.pValue, 1);
});

test("Kolmogorov survival function matches scipy's kstwobign.sf", () => {
  const ref: Array<[number, number]> = [
    [0.3, 0.9999906941986655],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.36, 0.049485876755377876],
    [1.63, 0.009846364888486529],
    [3.0, 3.045995948942526e-8],
  ];
  for (const [lam, p] of ref) close(kolmogorovSf(lam), p, 1e-10);
  assert.equal(kolmogorovSf(0), 1);
});

test("KS asymptotic method for large samples, and bad input", () => {
  const x = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 10007) / 10007);
  const y = Array.from({ length: 4000 }, (_, i) => ((i * 104729) % 9973) / 9973 + 0.02);
  const r = ksTwoSample(x, y);
  assert.equal(r.method, "asymptotic");
  close(r.pValue, kolmogorovSf(r.d * Math.sqrt((5000 * 4000) / 9000)));
  assert.throws(() => ksTwoSample([], [1]), /non-empty/);
  assert.throws(() => ksTwoSample([Number.NaN], [1]), /NaN/);
});
