import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-compare-"));
const args = (out: string) => [
  "compare",
  "--space",
  "categorical:8x3",
  "--landscape-k",
  "1",
  "--seed",
  "5",
  "--seeds",
  "2",
  "--nas-runs",
  "3",
  "--nas-budget",
  "150",
  "--out",
  out,
  "--json",
];

test("compare runs LISSNAS and the four rivals at LISSNAS's size, deterministically", async () => {
  const a = await runCli(args(join(dir, "a")));
  assert.equal(a.code, 0, a.stderr);
  const j = JSON.parse(a.stdout);
  assert.equal(j.synthetic, true);
  assert.deepEqual(
    j.methods.map((m: { method: string }) => m.method),
    ["full", "lissnas", "abs", "padnas", "nse", "greedynas"],
  );
  const byName = Object.fromEntries(j.methods.map((m: { method: string }) => [m.method, m]));
  for (let s = 0; s < 2; s++) {
    const target = byName.lissnas.perSeed[s].size;
    assert.ok(target > 0 && target < 6561);
    for (const m of ["abs", "padnas", "nse"]) assert.ok(byName[m].perSeed[s].size <= target, m);
    assert.equal(byName.greedynas.perSeed[s].size, target);
    assert.equal(byName.lissnas.perSeed[s].shrinkQueries, byName.abs.perSeed[s].shrinkQueries);
  }
  // Every shrink index is the mean over seeds of P(good | space) − P(good | original), recomputed here from
  // the per-seed P(good)s; the full space is the original (6,561 classes, same P(good)), and LISSNAS must
  // actually enrich the space (a positive index on both seeds).
  for (const m of j.methods) {
    const per = m.perSeed.map((o: { pGood: number; pGoodOriginal: number }) => o.pGood - o.pGoodOriginal);
    assert.ok(
      Math.abs(m.shrinkIndex - per.reduce((x: number, y: number) => x + y, 0) / per.length) < 1e-12,
      m.method,
    );
    assert.ok(m.nas.ls.mean <= j.originalBest + 1e-9);
  }
  for (const o of byName.full.perSeed) {
    assert.equal(o.size, 6561);
    assert.equal(o.pGood, o.pGoodOriginal);
  }
  for (const o of byName.lissnas.perSeed) assert.ok(o.shrinkIndex > 0, `seed ${o.seed}`);
  const tables = readFileSync(join(dir, "a", "tables.md"), "utf8");
  for (const t of ["Table 1", "Table 3", "Table 4", "§5.2", "Tables 5–6", "Table 7", "Figure 5"]) {
    assert.ok(tables.includes(t), t);
  }
  assert.match(tables, /SYNTHETIC/);
  assert.ok(
    !existsSync(join(dir, "a", "compare.partial.json")),
    "the per-seed checkpoint is removed at the end",
  );
  const b = await runCli(args(join(dir, "b")));
  assert.equal(b.stdout.replaceAll(join(dir, "b"), ""), a.stdout.replaceAll(join(dir, "a"), ""));
  assert.equal(
    readFileSync(join(dir, "b", "edf.csv"), "utf8"),
    readFileSync(join(dir, "a", "edf.csv"), "utf8"),
  );
});

test("compare rejects bad knobs with one-line errors", async () => {
  for (const [extra, pattern] of [
    [["--methods", "lissnas,foo"], /unknown shrinker 'foo'/],
    [["--methods", "abs"], /must include lissnas/],
    [["--algos", "ls,xx"], /--algos/],
    [["--seeds", "0"], /--seeds must be an integer/],
  ] as const) {
    const r = await runCli(["compare", "--space", "categorical:4x3", "--out", join(dir, "bad"), ...extra]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  const r = await runCli(["compare", "--space", "nb201", "--out", join(dir, "x"), "--nas-budget", "50"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--nas-budget 50 leaves no query for the searches after the 100 shrinkage queries/);
});
