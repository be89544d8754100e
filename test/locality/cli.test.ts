import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../cli/run.js";

test("landscape on the synthetic landscape: labelled, deterministic, permutable", async () => {
  const args = ["landscape", "--landscape-k", "1", "--seed", "4", "--permute", "--json", "--top", "3"];
  const a = await runCli(args);
  assert.equal(a.code, 0, a.stderr);
  const b = await runCli(args);
  assert.equal(a.stdout, b.stdout);
  const j = JSON.parse(a.stdout);
  assert.equal(j.synthetic, true);
  assert.equal(j.permuted, true);
  assert.match(j.evaluator, /synthetic/);
  assert.equal(j.optima.length, 3);
  assert.ok(j.localOptima <= j.weakLocalOptima);
  assert.equal(j.canonical, null);
  const other = await runCli([
    "landscape",
    "--landscape-k",
    "1",
    "--seed",
    "5",
    "--permute",
    "--json",
    "--top",
    "3",
  ]);
  assert.notEqual(other.stdout, a.stdout);
  const text = await runCli(["landscape", "--landscape-k", "0", "--canonical", "--canonical-value", "mean"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /SYNTHETIC/);
  assert.match(text.stdout, /canonical graph \(class value: mean\)/);
});

test("locality on the synthetic landscape: threshold in the JSON, CSV curves, same seed same bytes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-locality-"));
  const csv = join(dir, "curves.csv");
  const args = ["locality", "--seed", "2", "--walks", "200", "--json", "--naslib", "--naslib-window", "5"];
  const a = await runCli([...args, "--csv", csv]);
  assert.equal(a.code, 0, a.stderr);
  const b = await runCli(args);
  assert.equal(a.stdout, b.stdout);
  const j = JSON.parse(a.stdout);
  assert.equal(j.synthetic, true);
  // The threshold rule, re-applied by hand to the curve it names: the smallest distance whose exact RWA
  // falls below the cut-off (0.3), else ⌈6 / 3⌉.
  assert.equal(j.thresholdSource, "exact RWA");
  assert.equal(j.cutoff, 0.3);
  const below = j.rwaExact.find((p: { r: number }) => p.r < j.cutoff);
  assert.equal(j.threshold, below ? below.distance : 2);
  assert.equal(j.naslibRwa.length, 5);
  assert.equal(j.rwaExact.length, 6);
  const lines = readFileSync(csv, "utf8").trim().split("\n");
  assert.equal(lines[0], "curve,distance,n,value,lo,hi");
  assert.equal(lines.length, 1 + 6 * 5 + 5);
  const text = await runCli(["locality", "--walks", "100", "--space", "categorical:20x3", "--no-exact"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /SYNTHETIC/);
  assert.match(text.stdout, /threshold \d+ of 20/);
});

test("bad knobs: one-line usage errors, exit code 2", async () => {
  const cases: Array<[string[], RegExp]> = [
    [["locality", "--walks", "2"], /--walks must be an integer/],
    [["locality", "--max-distance", "7"], /--max-distance must be an integer in 1\.\.6/],
    [["locality", "--cutoff", "2"], /--cutoff must be a number/],
    [["landscape", "--epsilon", "-1"], /--epsilon must be a number/],
    [["landscape", "--canonical", "--canonical-value", "median"], /--canonical-value must be rep or mean/],
    [["landscape", "--grid", "log"], /--grid must be rank or value/],
    [["landscape", "--bins", "1"], /--bins must be an integer/],
    [["landscape", "--space", "categorical:30x3"], /needs the space capability enumerate/],
    [["landscape", "--landscape-k", "9"], /k must be an integer in 0\.\.5/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^lissnas: /);
  }
});
