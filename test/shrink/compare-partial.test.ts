import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, runJsonOut } from "../cli/run.js";
import { sharedData } from "../helpers.js";

/**
 * A generated partial table of categorical:7x3 (2,187 architectures): rows kept by a hash (1,203 of them),
 * accuracy rising with each position's "right" choice plus a hashed jitter, so the space is local.
 */
function partialTable(): { file: string; values: number[] } {
  const L = 7;
  const C = 3;
  const lines = ["architecture,accuracy"];
  const values: number[] = [];
  for (let i = 0; i < C ** L; i++) {
    if (Math.imul(i, 2654435761) >>> 0 < 0.45 * 2 ** 32) continue;
    const digits: number[] = [];
    for (let p = 0, x = i; p < L; p++, x = Math.floor(x / C)) digits.push(x % C);
    let acc = 60 + ((Math.imul(i, 40503) >>> 0) % 1000) / 400;
    digits.forEach((v, p) => {
      acc += v === p % C ? 4 : v === (p + 1) % C ? 1.5 : 0;
    });
    lines.push(`${digits.join("")},${acc.toFixed(3)}`);
    values.push(Number(acc.toFixed(3)));
  }
  const file = join(mkdtempSync(join(tmpdir(), "lissnas-compare-partial-")), "part.csv");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return { file, values };
}

test("compare on a partial table: every space limited to the table's pool, figures over the pool", async () => {
  const { file, values } = partialTable();
  const n = values.length;
  const out = join(file, "..", "out");
  const r = await runJsonOut(
    [
      "compare",
      "--space",
      "categorical:7x3",
      "--data",
      file,
      "--metric",
      "accuracy",
      "--seed",
      "1",
      "--seeds",
      "2",
      "--nas-runs",
      "2",
      "--nas-budget",
      "130",
    ],
    out,
  );
  const j = JSON.parse(r.stdout);
  assert.match(j.partial, new RegExp(`^partial table: ${n.toLocaleString("en-US")} of 2,187 architectures`));
  assert.match(readFileSync(join(out, "tables.md"), "utf8"), /limited to the table's pool/);
  // The original is the table's sample: the good threshold (top 5 %, type-7 quantile) and P(good | original)
  // recomputed here from the table's values, not the space's.
  const sorted = [...values].sort((a, b) => a - b);
  const h = (n - 1) * 0.95;
  const lo = Math.floor(h);
  const threshold = sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  assert.ok(Math.abs(j.goodThreshold - threshold) < 1e-9, `${j.goodThreshold} vs ${threshold}`);
  const pGood = values.filter((v) => v >= threshold).length / n;
  assert.equal(j.originalBest, sorted[n - 1]);
  const by = Object.fromEntries(j.methods.map((m: { method: string }) => [m.method, m]));
  for (const o of by.full.perSeed) {
    assert.equal(o.size, n, "the full space is the pool");
    assert.equal(o.pGoodOriginal, pGood);
  }
  for (let s = 0; s < 2; s++) {
    const target = by.lissnas.perSeed[s].size;
    assert.ok(target > 0 && target < n);
    // Rivals sized in pool classes: products at most LISSNAS's size, GreedyNAS's pool exactly it.
    for (const m of ["abs", "padnas", "nse"]) {
      assert.ok(by[m].perSeed[s].size <= target, m);
      assert.ok(by[m].perSeed[s].size >= target / 3, `${m}: sized near the target, not collapsed`);
    }
    assert.equal(by.greedynas.perSeed[s].size, target);
  }
  assert.ok(by.lissnas.shrinkIndex > 0, "LISSNAS enriches the pool");
});

const naslib = sharedData("naslib-zc-partial/zc_nasbench201_flat.csv");

test("compare on the real NASLib zero-cost NB201 file (cifar10, partial): within its 542 classes", {
  skip: naslib.skip,
}, async () => {
  const out = mkdtempSync(join(tmpdir(), "lissnas-compare-zc-"));
  const r = await runJsonOut(
    [
      "compare",
      "--space",
      "nb201",
      "--data",
      naslib.path,
      "--where",
      "dataset=cifar10",
      "--metric",
      "val_accuracy",
      "--seed",
      "1",
      "--nas-budget",
      "150",
      "--nas-runs",
      "2",
      "--algos",
      "ls",
    ],
    out,
  );
  const j = JSON.parse(r.stdout);
  assert.match(
    j.partial,
    /^partial table: 724 of 15,625 architectures; the searched space is the table's 542 classes/,
  );
  const by = Object.fromEntries(j.methods.map((m: { method: string }) => [m.method, m]));
  assert.equal(by.full.perSeed[0].size, 542);
  assert.ok(by.lissnas.perSeed[0].size < 542 / 5);
  assert.ok(by.lissnas.shrinkIndex > 0.3, `LISSNAS enriches the pool: ${by.lissnas.shrinkIndex}`);
});
