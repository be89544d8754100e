import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expectError, runCli as runShrinkCli } from "../cli/run.js";
import { sharedData } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-shrink-cli-"));

const SMALL = ["--initial-samples", "300", "--budget", "30"];

test("shrink on the synthetic landscape: files written, labelled synthetic, byte-identical for one seed", async () => {
  const out1 = join(dir, "syn1");
  const out2 = join(dir, "syn2");
  const r1 = await runShrinkCli([
    "shrink",
    "--space",
    "nb201",
    "--seed",
    "3",
    "--out",
    out1,
    "--json",
    ...SMALL,
  ]);
  assert.equal(r1.code, 0, r1.stderr);
  const j = JSON.parse(r1.stdout);
  assert.equal(j.synthetic, true);
  for (const k of ["size", "mean", "max", "pGood", "maxCosineDistance", "flops"]) {
    assert.ok(k in j.original && k in j.shrunk, k);
  }
  assert.equal(j.shrinkIndex, j.shrunk.pGood - j.original.pGood);
  assert.equal(typeof j.keptGlobalBest, "boolean");
  assert.ok(j.queries <= 30);
  assert.ok(Array.isArray(j.iterations) && j.iterations.length >= 1);
  // One unit (issue #14): headline figures count canonical classes — NB201 has 6,466 (data README, NATS
  // isomorphism classes) — and the cell-counted figures are reported beside them over all 15,625 cells.
  assert.equal(j.unit, "classes");
  assert.equal(j.original.size, 6466);
  assert.equal(j.cells.originalSize, 15625);
  assert.equal(j.shrinkIndexCells, j.cells.pGoodShrunk - j.cells.pGoodOriginal);
  assert.ok(j.cells.shrunkSize >= j.shrunk.size, "every member class holds at least one cell");
  for (const k of ["keptTop01", "paretoHypervolumeRatio", "paretoFrontKept"]) assert.ok(k in j, k);
  assert.equal(j.queries, readFileSync(join(out1, "queried.csv"), "utf8").trim().split("\n").length - 1);
  assert.match(readFileSync(join(out1, "summary.md"), "utf8"), /SYNTHETIC/);
  const r2 = await runShrinkCli(["shrink", "--space", "nb201", "--seed", "3", "--out", out2, ...SMALL]);
  assert.equal(r2.code, 0, r2.stderr);
  for (const f of ["space.lissnas", "metrics.json", "summary.md", "queried.csv"]) {
    assert.deepEqual(readFileSync(join(out1, f)), readFileSync(join(out2, f)), f);
  }
  // metrics on the saved space reproduces the shrink command's numbers.
  const m = await runShrinkCli([
    "metrics",
    "--space",
    "nb201",
    "--members",
    join(out1, "space.lissnas"),
    "--json",
  ]);
  assert.equal(m.code, 0, m.stderr);
  const mj = JSON.parse(m.stdout);
  assert.deepEqual(mj.shrunk, j.shrunk);
  assert.equal(mj.shrinkIndex, j.shrinkIndex);
  assert.equal(mj.synthetic, true);
});

test("shrink on a larger categorical space (sampled original) and macro", async () => {
  const r = await runShrinkCli([
    "shrink",
    "--space",
    "categorical:12x4",
    "--out",
    join(dir, "cat"),
    "--json",
    ...SMALL,
    "--neighbour-limit",
    "200",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.options.threshold, 4);
  assert.equal(j.shrunk.flops, null); // no cost model: no FLOP metrics
  assert.equal(j.options.strata, 0);
});

const nb = sharedData("nb201/nats_bench.csv");
test("shrink with defaults on NB201 CIFAR-10: ≤ 100 queries, ≥ 10× smaller, richer in good cells", {
  skip: nb.skip,
}, async () => {
  const out = join(dir, "nb201");
  const r = await runShrinkCli([
    "shrink",
    "--space",
    "nb201",
    "--data",
    nb.path,
    "--metric",
    "CIFAR10TestAccuracy200Epochs",
    "--seed",
    "1",
    "--out",
    out,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.synthetic, false);
  assert.equal(j.queries, 100, "the default budget is spent");
  // Independent recomputation of the cell-counted figures (issue #14) from the raw table: classes are the
  // table's own NATS isomorphism strings (UniqueString), not our canonical form; "good" = at or above the
  // type-7 95th percentile of the 15,625 CIFAR-10 values; the members are read back through `members`.
  const rows = readFileSync(nb.path, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const acc = rows.map((c) => Number(c[0]));
  const sorted = [...acc].sort((x, y) => x - y);
  const h = (sorted.length - 1) * 0.95;
  const tau =
    sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.floor(h) + 1] - sorted[Math.floor(h)]);
  const uniqueOf = new Map(rows.map((c) => [c[2], c[3]]));
  const listed = await runShrinkCli(["members", "--members", join(out, "space.lissnas")]);
  assert.equal(listed.code, 0, listed.stderr);
  const memberUniques = new Set(
    listed.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => uniqueOf.get(l.split(",")[0])),
  );
  assert.equal(memberUniques.size, j.shrunk.size, "members are distinct NATS classes");
  const cells = rows.filter((c) => memberUniques.has(c[3]));
  const good = (xs: number[]) => xs.filter((x) => x >= tau).length / xs.length;
  assert.equal(j.cells.shrunkSize, cells.length);
  assert.ok(Math.abs(j.cells.pGoodOriginal - good(acc)) < 1e-12);
  assert.ok(Math.abs(j.shrinkIndexCells - (good(cells.map((c) => Number(c[0]))) - good(acc))) < 1e-12);
  assert.ok(j.shrinkIndexCells > 0, "the shrunk space is richer in good cells than the original");
  assert.equal(j.cost, "nb201.cost(cifar10)");
  for (const l of j.iterations) assert.ok("meanTrue" in l && "pGoodTrue" in l);
});

test("bad input: one-line errors before any work", async () => {
  const out = join(dir, "bad");
  await expectError(
    ["shrink", "--space", "nb201", "--out", out, "--threshold", "7"],
    /threshold 7 is outside 0\.\.6/,
  );
  await expectError(["shrink", "--space", "nb201", "--out", out, "--budget", "7000"], /budget 7000 exceeds/);
  await expectError(["shrink", "--space", "nb201", "--out", out, "--seed-count", "0"], /zero seeds/);
  await expectError(
    ["shrink", "--space", "nb201", "--out", out, "--threshold", "two"],
    /--threshold must be an integer/,
  );
  await expectError(["shrink", "--space", "nb201", "--out", out, "--good", "best"], /--good must read/);
  await expectError(
    ["shrink", "--space", "nb201", "--out", out, "--prune-quantile", "2"],
    /--prune-quantile/,
  );
  await expectError(
    ["shrink", "--space", "nb201", "--out", out, "--predictor", "svm"],
    /unknown predictor 'svm'/,
  );
  await expectError(["shrink", "--space", "nb201"], /--out/);
  const file = join(dir, "not-a-folder");
  writeFileSync(file, "x");
  await expectError(["shrink", "--space", "nb201", "--out", file], /not a folder/);
  await expectError(
    ["metrics", "--space", "nb201", "--members", join(dir, "none.lissnas")],
    /cannot read the space file/,
  );
  const junk = join(dir, "junk.lissnas");
  writeFileSync(junk, "hello\nworld\n");
  await expectError(["metrics", "--space", "nb201", "--members", junk], /not a lissnas space file/);
  await expectError(
    ["metrics", "--space", "macro", "--members", join(dir, "syn1", "space.lissnas")],
    /not 'macro'/,
  );
});
