import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { exactCurves } from "../../src/locality/exact.js";
import { buildLandscape } from "../../src/locality/graph.js";
import { sampleCurves } from "../../src/locality/sample.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import type { Arch } from "../../src/spaces/space.js";

/** The sample-centred pair correlation and AAD at distance d, by brute force over ordered pairs. */
function brute(space: CategoricalSpace, archs: Arch[], f: number[], d: number) {
  const m = archs.length;
  const mu = f.reduce((s, v) => s + v, 0) / m;
  const variance = f.reduce((s, v) => s + (v - mu) ** 2, 0) / m;
  let num = 0;
  let abs = 0;
  let n = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j || space.editDistance(archs[i], archs[j]) !== d) continue;
      num += (f[i] - mu) * (f[j] - mu);
      abs += Math.abs(f[i] - f[j]);
      n++;
    }
  }
  return { r: num / n / variance, aad: abs / n, pairs: n / 2 };
}

test("sampleCurves: the O(m²) sums and the leave-one-out jackknife equal brute force", () => {
  const space = new CategoricalSpace([3, 3, 3, 3]);
  const rng = Rng.fromSeed(4);
  const f0 = new SyntheticLandscape(space, { k: 1, seed: 3 }).objective();
  const archs = Array.from({ length: 40 }, () => space.sample(rng));
  const f = archs.map(f0);
  const est = sampleCurves(space, archs, f, 4, Rng.fromSeed(1), 4000, 1);
  assert.equal(est.architectures, 40);
  // with the default minimum of 30 pairs, a distance with fewer pairs has no estimate
  const sparse = sampleCurves(space, archs.slice(0, 8), f.slice(0, 8), 4, Rng.fromSeed(1));
  assert.ok(sparse.rwa.every((p) => p.n >= 30 || Number.isNaN(p.r)));
  assert.ok(sparse.rwa.some((p) => Number.isNaN(p.r)));
  for (let d = 1; d <= 4; d++) {
    const b = brute(space, archs, f, d);
    assert.ok(Math.abs(est.rwa[d - 1].r - b.r) < 1e-9, `r at ${d}`);
    assert.ok(Math.abs(est.aad[d - 1].mean - b.aad) < 1e-9, `aad at ${d}`);
    assert.equal(est.rwa[d - 1].n, b.pairs);
    // jackknife by recomputing without each architecture
    const loo = archs.map((_, i) =>
      brute(
        space,
        archs.filter((_, j) => j !== i),
        f.filter((_, j) => j !== i),
        d,
      ),
    );
    const mean = loo.reduce((s, x) => s + x.r, 0) / loo.length;
    const se = Math.sqrt((39 / 40) * loo.reduce((s, x) => s + (x.r - mean) ** 2, 0));
    const half = (est.rwa[d - 1].hi - est.rwa[d - 1].lo) / 2;
    if (est.rwa[d - 1].hi < 1 && est.rwa[d - 1].lo > -1) assert.ok(Math.abs(half - 1.959964 * se) < 1e-6);
  }
});

test("sampleCurves on a 15 % sample of a 6×5 landscape: within the jackknife bounds of the exact curve, and rejects a wrong one", () => {
  const space = new CategoricalSpace([5, 5, 5, 5, 5, 5]);
  const f = new SyntheticLandscape(space, { k: 1, seed: 2 }).objective();
  const exact = exactCurves(buildLandscape(space, f), 6).rwa!.points;
  const rng = Rng.fromSeed(11);
  const all = [...space.enumerate()];
  const pick = rng.sampleIndices(all.length, Math.round(all.length * 0.15));
  const archs = Array.from(pick, (i) => all[i]);
  const est = sampleCurves(space, archs, archs.map(f), 6, Rng.fromSeed(1));
  assert.equal(est.architectures, archs.length);
  for (let d = 1; d <= 6; d++) {
    const p = est.rwa[d - 1];
    const se = (p.hi - p.lo) / 2 / 1.959964;
    // a sampling error: at most 3 jackknife standard errors (99.7 % two-sided), and the error is small
    assert.ok(
      Math.abs(p.r - exact[d - 1].r) <= 3 * se,
      `d=${d}: ${p.r} vs exact ${exact[d - 1].r}, se ${se}`,
    );
    assert.ok(se < 0.04, `d=${d}: se ${se}`);
  }
  // the bound is tight enough to tell this landscape from a more local one (k = 0: additive)
  const other = exactCurves(
    buildLandscape(space, new SyntheticLandscape(space, { k: 0, seed: 2 }).objective()),
    6,
  ).rwa!.points;
  const rejected = est.rwa.some((p, i) => Math.abs(p.r - other[i].r) > 3 * ((p.hi - p.lo) / 2 / 1.959964));
  assert.ok(rejected, "the estimate cannot tell two different landscapes apart");
});
