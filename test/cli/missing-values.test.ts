import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { expectError, runCli } from "./run.js";

// Issue #18: a generated categorical:6x3 table (all 729 architectures) with five missing metric cells:
// `inf` (file line 5), an empty cell, `-inf`, `nan`, and an empty cell at the row holding the largest
// value. By default ±∞ is refused with file, line and column; with --allow-nonfinite every command leaves
// the five rows out, says so (`missing`), and its statistics equal those computed here on the other rows.
const dir = mkdtempSync(join(tmpdir(), "lissnas-missing-"));
const N = 729;
const L = 6;
const arch = (i: number) => Array.from({ length: L }, (_, j) => Math.floor(i / 3 ** j) % 3).join("");
/** Distinct values (7919 is a unit mod the prime 997): 50 + (7919·i mod 997) / 25. */
const value = (i: number) => 50 + ((7919 * i) % 997) / 25;
const best = Array.from({ length: N }, (_, i) => i).reduce((b, i) => (value(i) > value(b) ? i : b), 0);
const cells = new Map<number, string>([
  [3, "inf"],
  [7, ""],
  [11, "-inf"],
  [20, "nan"],
  [best, ""],
]);
const MISSING = cells.size;
const present = Array.from({ length: N }, (_, i) => i).filter((i) => !cells.has(i));
const file = join(dir, "cat.csv");
writeFileSync(
  file,
  `arch,acc,params\n${Array.from({ length: N }, (_, i) => `${arch(i)},${cells.get(i) ?? value(i)},${1 + (i % 17)}`).join("\n")}\n`,
);
const DATA = ["--space", "categorical:6x3", "--data", file, "--metric", "acc"];
const OK = [...DATA, "--allow-nonfinite", "--json", "--quiet"];

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Type-7 quantile of ascending values (numpy's default), computed here independently of src/metrics. */
function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
}

const close = (a: unknown, b: number, what: string) =>
  assert.ok(typeof a === "number" && Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

test("default: a ±∞ metric cell is one line naming file, line 5 and the column", async () => {
  for (const cmd of [["info"], ["locality"], ["landscape"], ["search", "--budget", "20"]]) {
    await expectError([...cmd, ...DATA], /cat\.csv, line 5, field 'acc': 'inf' is not a finite number/);
  }
});

test("info: the five rows are left out of best and mean and counted", async () => {
  const j = await json(["info", ...OK]);
  assert.equal(j.missing, MISSING);
  assert.equal(j.architectures, N);
  const vals = present.map(value);
  close((j.best as { value: number }).value, Math.max(...vals), "best");
  close(j.mean, vals.reduce((s, v) => s + v, 0) / vals.length, "mean");
});

test("landscape: nodes, global optimum and strict local optima over the rows with a value", async () => {
  const j = await json(["landscape", ...OK]);
  assert.equal(j.missing, MISSING);
  assert.equal(j.nodes, present.length);
  close(j.globalValue, Math.max(...present.map(value)), "global optimum");
  // independent count: a strict local optimum beats every neighbour (one position changed) that has a value
  const has = new Set(present);
  let optima = 0;
  for (const i of present) {
    let strict = true;
    for (let p = 0, w = 1; p < L; p++, w *= 3) {
      const d = Math.floor(i / w) % 3;
      for (let e = 0; e < 3; e++) {
        const n = i + (e - d) * w;
        if (e !== d && has.has(n) && value(n) >= value(i)) strict = false;
      }
    }
    if (strict) optima++;
  }
  assert.equal(j.localOptima, optima);
});

test("shrink, metrics and compare: the good threshold and P(good) over the rows with a value", async () => {
  const sorted = present.map(value).sort((a, b) => a - b);
  const threshold = quantile7(sorted, 0.95);
  const pGood = sorted.filter((v) => v >= threshold).length / sorted.length;
  const out = join(dir, "shrink");
  const s = await json(["shrink", ...OK, "--out", out, "--initial-samples", "100"]);
  assert.equal(s.missing, MISSING);
  close(s.goodThreshold, threshold, "shrink good threshold");
  close((s.original as { pGood: number }).pGood, pGood, "shrink P(good | original)");
  assert.equal((s.original as { size: number }).size, present.length);
  const m = await json(["metrics", ...OK, "--members", join(out, "space.lissnas")]);
  assert.equal(m.missing, MISSING);
  close(m.goodThreshold, threshold, "metrics good threshold");
  const cmp = join(dir, "compare");
  await json(["compare", ...OK, "--out", cmp, "--methods", "lissnas", "--algos", "ls", "--nas-runs", "2"]);
  const c = JSON.parse(readFileSync(join(cmp, "compare.json"), "utf8"));
  assert.equal(c.missing, MISSING);
  close(c.goodThreshold, threshold, "compare good threshold");
});

test("search, Pareto search, predictor eval and locality report the count; search's optimum skips it", async () => {
  const s = await json(["search", ...OK, "--budget", "30", "--runs", "3"]);
  assert.equal(s.missing, MISSING);
  close(s.optimum, Math.max(...present.map(value)), "search optimum");
  const text = await runCli(["search", ...DATA, "--allow-nonfinite", "--budget", "30", "--runs", "3"]);
  assert.match(text.stdout, new RegExp(`missing ${MISSING} of ${N} rows without a value in 'acc'`));
  assert.doesNotMatch(text.stdout, /NaN/);
  const p = await json([
    "search",
    ...OK.filter((a) => a !== "--metric" && a !== "acc"),
    "--objectives",
    "acc:max,params:min",
    "--budget",
    "30",
    "--runs",
    "2",
  ]);
  assert.equal(p.missing, MISSING);
  const e = await json(["predictor", "eval", ...OK, "--train", "100"]);
  assert.equal(e.missing, MISSING);
  assert.equal((e.train as number) + (e.test as number), present.length);
  const loc = await json(["locality", ...OK, "--walks", "50"]);
  assert.equal(loc.missing, MISSING);
  assert.ok(Number.isFinite((loc.fdc as { r: number }).r), "FDC over rows with a value");
  // the sample curves run over every pair of rows with a value: count the distance-1 pairs here
  const has = new Set(present);
  let pairs = 0;
  for (const i of present) {
    for (let p = 0, w = 1; p < L; p++, w *= 3) {
      const d = Math.floor(i / w) % 3;
      for (let e = d + 1; e < 3; e++) if (has.has(i + (e - d) * w)) pairs++;
    }
  }
  assert.equal((loc.rwaSample as Array<{ distance: number; n: number }>)[0].n, pairs);
});

test("experiment: 'allowNonfinite' in a problem; a non-boolean is one line naming the config field", async () => {
  const config = (allow: unknown) => {
    const f = join(dir, `exp-${String(allow)}.json`);
    const problem = {
      name: "cat",
      space: "categorical:6x3",
      data: file,
      metric: "acc",
      allowNonfinite: allow,
    };
    writeFileSync(
      f,
      JSON.stringify({
        output: join(dir, `exp-${String(allow)}`, "results.json"),
        runs: 2,
        seeds: [0],
        budgets: [20],
        algorithms: [{ algo: "ls" }],
        problems: [problem],
      }),
    );
    return f;
  };
  const j = await json(["experiment", config(true), "--json", "--quiet"]);
  assert.equal((j.cells as Array<{ missing: number }>)[0].missing, MISSING);
  await expectError(
    ["experiment", config(1), "--quiet"],
    /exp-1\.json, field 'problems\[0\]\.allowNonfinite': must be true or false/,
  );
  await expectError(["experiment", config(false), "--quiet"], /cat\.csv, line 5, field 'acc': 'inf'/);
});
