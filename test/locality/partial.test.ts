import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { SyntheticLandscape } from "../../src/data/synthetic.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { runCli } from "../cli/run.js";

/**
 * A 6×5 categorical landscape (NK, k = 1: local) written as a complete table and as a 15 % sample of it
 * (a partial table), both generated here.
 */
function tables() {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-locality-partial-"));
  const space = new CategoricalSpace([5, 5, 5, 5, 5, 5]);
  const f = new SyntheticLandscape(space, { k: 1, seed: 2 }).objective();
  const all = [...space.enumerate()];
  const rows = all.map((a) => `${space.format(a)},${f(a)}`);
  const keep = new Set(Rng.fromSeed(11).sampleIndices(all.length, Math.round(all.length * 0.15)));
  const full = join(dir, "full.csv");
  const part = join(dir, "partial.csv");
  writeFileSync(full, `arch,acc\n${rows.join("\n")}\n`);
  writeFileSync(part, `arch,acc\n${rows.filter((_, i) => keep.has(i)).join("\n")}\n`);
  return { full, part, sampled: keep.size };
}

interface Point {
  distance: number;
  n: number;
  r: number;
  lo: number;
  hi: number;
}

test("locality on a partial table estimates the distance curves on its sample, close to the complete table's exact ones", async () => {
  const t = tables();
  const args = ["locality", "--space", "categorical:6x5", "--metric", "acc", "--walks", "100", "--json"];
  const full = await runCli([...args, "--data", t.full]);
  assert.equal(full.code, 0, full.stderr);
  const part = await runCli([...args, "--data", t.part]);
  assert.equal(part.code, 0, part.stderr);
  const exact = JSON.parse(full.stdout);
  const est = JSON.parse(part.stdout);
  assert.equal(exact.rwaSample, null);
  assert.equal(est.rwaExact, null, "a sample gives no exact curve");
  assert.match(est.partial, /^partial table: 2,344 of 15,625/);
  assert.match(est.definitions.exact, /estimated on the table's sample: .* 2,344 classes/);
  assert.equal(est.sampleEstimate.architectures, t.sampled);
  assert.equal(est.thresholdSource, "RWA estimated on the table's sample");
  const ex = exact.rwaExact as Point[];
  for (const p of est.rwaSample as Point[]) {
    // sampling error only: within 3 jackknife standard errors (99.7 %) of the exact value, and precise
    const se = (p.hi - p.lo) / 2 / 1.959964;
    const e = ex[p.distance - 1].r;
    assert.ok(Math.abs(p.r - e) <= 3 * se, `d=${p.distance}: ${p.r} vs exact ${e} (se ${se})`);
    assert.ok(se < 0.04, `d=${p.distance}: se ${se}`);
  }
  // the same threshold as the exact curve gives
  assert.equal(est.threshold, exact.threshold);
  const csv = await runCli([
    ...args.slice(0, -1),
    "--data",
    t.part,
    "--csv",
    join(tmpdir(), `lp-${process.pid}.csv`),
  ]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /RWA on the sample/);
});
