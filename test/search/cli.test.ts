import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { saveSpaceFile } from "../../src/shrink/file.js";
import { MemberSet } from "../../src/shrink/member-set.js";
import { CategoricalSpace } from "../../src/spaces/categorical/space.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { expectError, runCli } from "../cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-search-"));
const file = (name: string, content: string) => {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
};

const SYN = ["--space", "categorical:6x4", "--landscape-k", "1"];

test("search --json carries meanQueriesToOptimum with its CI, the anytime curve and the final regret", async () => {
  const r = await runCli([
    "search",
    ...SYN,
    "--algo",
    "ls",
    "--budget",
    "60",
    "--runs",
    "12",
    "--seed",
    "3",
    "--json",
    "--per-run",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.runs, 12);
  assert.equal(j.synthetic, true);
  assert.equal(j.budget, 60);
  // Every summary figure recomputed from the per-run results (independent of summary.ts's arithmetic).
  type R = { queriesToOptimum: number | null; finalReport: number; regret: number; queries: number };
  const runs: R[] = j.perRunResults;
  assert.equal(runs.length, 12);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const hits = runs.filter((x) => x.queriesToOptimum !== null).map((x) => x.queriesToOptimum as number);
  assert.equal(j.queriesToOptimum.reached, hits.length);
  assert.equal(j.queriesToOptimum.fraction, hits.length / 12);
  if (hits.length > 0) assert.ok(Math.abs(j.meanQueriesToOptimum.mean - mean(hits)) < 1e-9);
  else assert.equal(j.meanQueriesToOptimum, null);
  assert.equal(j.anytime.queries.length, 60);
  assert.equal(j.anytime.mean.length, 60);
  assert.ok(Math.abs(j.anytime.mean[59] - mean(runs.map((x) => x.finalReport))) < 1e-9);
  assert.ok(Math.abs(j.finalRegret.mean - (j.reportOptimum - mean(runs.map((x) => x.finalReport)))) < 1e-9);
  for (const x of runs) assert.equal(x.regret, j.reportOptimum - x.finalReport);
  assert.equal(j.perRun.queries, 60);
  const again = await runCli([
    "search",
    ...SYN,
    "--algo",
    "ls",
    "--budget",
    "60",
    "--runs",
    "12",
    "--seed",
    "3",
    "--json",
    "--per-run",
  ]);
  assert.equal(again.stdout, r.stdout, "same seed, same bytes");
  const par = await runCli([
    "search",
    ...SYN,
    "--algo",
    "ls",
    "--budget",
    "60",
    "--runs",
    "12",
    "--seed",
    "3",
    "--json",
    "--per-run",
    "--threads",
    "2",
  ]);
  assert.equal(par.stdout, r.stdout, "threads, same bytes");
});

test("search text output names the metrics, the accounting and the checkpoints", async () => {
  const r = await runCli([
    "search",
    ...SYN,
    "--algo",
    "re",
    "--population",
    "10",
    "--sample-size",
    "3",
    "--budget",
    "40",
    "--runs",
    "5",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /re\(population=10,sampleSize=3\) on categorical:6x4/);
  assert.match(r.stdout, /SYNTHETIC/);
  assert.match(r.stdout, /queries to the optimum/);
  assert.match(r.stdout, /repeats and .* isomorphs free/);
});

test("search: bad budgets, algorithms and knobs are one-line errors naming the option", async () => {
  await expectError(["search", ...SYN, "--budget", "0"], /--budget must be an integer ≥ 1/);
  await expectError(["search", ...SYN, "--budget", "-3"], /--budget/);
  await expectError(["search", ...SYN], /--budget is required/);
  await expectError(
    ["search", ...SYN, "--budget", "4097"],
    /--budget 4097 exceeds the 4096 distinct architectures/,
  );
  await expectError(["search", "--budget", "7000"], /exceeds the 6466 distinct architectures of nb201/);
  await expectError(
    ["search", ...SYN, "--budget", "10", "--algo", "sa"],
    /--algo: unknown algorithm 'sa' \(known: ls, ls-full, rs, re, pls, pre\)/,
  );
  await expectError(
    ["search", ...SYN, "--budget", "10", "--algo", "ls", "--population", "5"],
    /--population: not a knob of ls/,
  );
  await expectError(
    ["search", ...SYN, "--budget", "10", "--algo", "re", "--sample-size", "40"],
    /sampleSize 40 exceeds the population 30/,
  );
  await expectError(["search", ...SYN, "--budget", "10", "--runs", "0"], /--runs must be an integer ≥ 1/);
  await expectError(
    ["search", ...SYN, "--budget", "10", "--extra-queries", "10"],
    /leaves no query for the search/,
  );
  await expectError(
    ["search", ...SYN, "--budget", "10", "--algo", "pls", "--encoding", "path"],
    /unknown encoding 'path'/,
  );
});

test("search --members: a shrunk space is searched, its meta.queries charged; another space's file is refused", async () => {
  const rng = Rng.fromSeed(1);
  const archs = Array.from({ length: 300 }, () => nb201.sample(rng));
  const set = MemberSet.from(nb201, archs);
  const members = join(dir, "nb201.members");
  saveSpaceFile(members, set, { queries: 25 });
  const r = await runCli([
    "search",
    "--budget",
    "100",
    "--runs",
    "4",
    "--algo",
    "rs",
    "--members",
    members,
    "--per-run",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.space, "members:nb201");
  assert.equal(j.extraQueries, 25);
  assert.equal(j.perRun.queries, 75);
  for (const run of j.perRunResults)
    assert.ok(set.has(nb201.parse(run.bestArch)), "the incumbent is a member");
  assert.equal(j.anytime.queries[0], 26, "the curve starts after the extra queries");
  const over = await runCli(["search", "--budget", "400", "--members", members, "--extra-queries", "0"]);
  assert.match(over.stderr, /exceeds the \d+ distinct architectures of members:nb201/);

  const cat = new CategoricalSpace([5, 5, 5, 5, 5, 5], { id: "categorical:6x5" });
  const other = join(dir, "cat.members");
  saveSpaceFile(other, MemberSet.from(cat, [cat.sample(rng), cat.sample(rng)]));
  await expectError(
    ["search", "--budget", "10", "--members", other],
    /holds a space of 'categorical:6x5', not 'nb201'/,
  );
});

test("experiment: a grid into one atomically written results file plus a summary table", async () => {
  const out = join(dir, "res", "grid.json");
  const cfg = file(
    "grid.json",
    JSON.stringify({
      output: out,
      runs: 6,
      seeds: [0, 1],
      budgets: [20, 50],
      problems: [{ name: "syn", space: "categorical:6x4", landscape: { k: 1, seed: 2 } }],
      algorithms: [{ algo: "ls" }, { algo: "rs" }, { algo: "re", population: 10, sampleSize: 3 }],
    }),
  );
  const r = await runCli(["experiment", cfg]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /6 cells × 6 runs/);
  assert.match(r.stdout, /syn\s+full\s+ls\s+0\s+20/);
  const doc = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(doc.format, "lissnas-experiment");
  assert.equal(doc.cells.length, 6);
  assert.deepEqual(
    doc.cells[0].atBudgets.map((b: { budget: number }) => b.budget),
    [20, 50],
  );
  const first = readFileSync(out, "utf8");
  const again = await runCli(["experiment", cfg, "--json"]);
  assert.equal(again.code, 0);
  assert.equal(readFileSync(out, "utf8"), first, "byte-identical results file");
  assert.equal(JSON.parse(again.stdout).cells.length, 6);
  const one = await runCli(["experiment", cfg, "--seed", "7", "--json"]);
  assert.equal(one.code, 0, one.stderr);
  const cells = JSON.parse(one.stdout).cells;
  assert.equal(cells.length, 3);
  assert.ok(cells.every((c: { seed: number }) => c.seed === 7));
});

test("experiment: malformed configs are one-line errors naming the field", async () => {
  const base = {
    runs: 2,
    budgets: [10],
    problems: [{ name: "s", space: "categorical:4x3" }],
    algorithms: [{ algo: "rs" }],
  };
  const bad = async (name: string, cfg: unknown, pattern: RegExp) =>
    expectError(["experiment", file(name, typeof cfg === "string" ? cfg : JSON.stringify(cfg))], pattern);
  await bad("a.json", "{ not json", /a\.json: not valid JSON/);
  await bad("b.json", [1, 2], /must be a JSON object/);
  await bad("c.json", { ...base, runs: 0 }, /field 'runs': must be an integer ≥ 1/);
  await bad("d.json", { ...base, budgets: [10, -1] }, /field 'budgets\[1\]'/);
  await bad(
    "e.json",
    { ...base, algorithms: [{ algo: "hill" }] },
    /algorithms\[0\]\.algo: unknown algorithm 'hill'/,
  );
  await bad(
    "f.json",
    { ...base, algorithms: [{ algo: "ls", popultion: 3 }] },
    /algorithms\[0\]\.popultion: not a knob of ls/,
  );
  await bad("g.json", { ...base, problems: [] }, /field 'problems'/);
  await bad("h.json", { ...base, budgets: [100] }, /budgets 100 exceeds the 81 distinct architectures/);
  await bad("i.json", { ...base, colour: "red" }, /field 'colour': unknown field/);
  await bad(
    "j.json",
    { ...base, problems: [{ name: "s", space: "categorical:4x3", metric: 3 }] },
    /problems\[0\]\.metric/,
  );
  await bad(
    "k.json",
    { ...base, spaces: [{ name: "x", members: "/nonexistent/file" }] },
    /cannot read the space file/,
  );
  await expectError(
    ["experiment", join(dir, "missing.json")],
    /missing\.json: cannot read the config \(ENOENT\)/,
  );
  await bad(
    "n.json",
    { ...base, problems: [{ name: "s", space: "categorical:4x3", cheap: ["flops"] }] },
    /field 'problems\[0\]\.cheap': marks a constraint column as free; give 'constraints'/,
  );
  await bad(
    "o.json",
    { ...base, untilOptimum: true, problems: [{ name: "big", space: "spos" }] },
    /field 'untilOptimum': needs a known optimum: problem 'big' is a synthetic landscape too large to enumerate/,
  );
  // fields that cannot apply: a table's without data, the synthetic landscape's with data
  await bad(
    "l.json",
    { ...base, problems: [{ name: "s", space: "categorical:4x3", where: { column: "d", value: "x" } }] },
    /field 'problems\[0\]\.where': applies to a benchmark table; give data/,
  );
  await bad(
    "m.json",
    { ...base, problems: [{ name: "s", data: "t.csv", landscape: { k: 1 } }] },
    /field 'problems\[0\]\.landscape': shapes the built-in synthetic landscape; it has no effect with data/,
  );
});

test("experiment: a failure mid-grid keeps the finished cells in the results file, marked incomplete", async () => {
  const out = join(dir, "res", "partial.json");
  // A 2×3 space whose table has no seconds for two architectures: a search of 5 queries reaches one and fails.
  // (A table lacking rows is a partial table, searched in its pool since #11, and rows without a value in the
  // metric are left out since #18: neither would fail.)
  const table = file(
    "partial.csv",
    `arch,acc,sec\n${["00", "01", "02", "10", "11", "12"].map((a, i) => `${a},${i},${i < 4 ? i : ""}`).join("\n")}\n`,
  );
  const cfg = file(
    "partial-grid.json",
    JSON.stringify({
      output: out,
      runs: 2,
      seeds: [0],
      budgets: [5],
      problems: [
        { name: "syn", space: "categorical:6x4", landscape: { k: 1, seed: 2 } },
        { name: "holes", space: "categorical:2,3", data: table, metric: "acc", secondsColumn: "sec" },
      ],
      algorithms: [{ algo: "rs" }],
    }),
  );
  const r = await runCli(["experiment", cfg]);
  assert.notEqual(r.code, 0);
  // the file's line of the row (rows 4 and 5, lines 6 and 7, lack the seconds), on one line
  assert.match(r.stderr, /partial\.csv, line (6: row 4|7: row 5) has no value in column 'sec'\n$/);
  // checkpoints go to <output>.partial (the results file is written only when the grid completes)
  const doc = JSON.parse(readFileSync(`${out}.partial`, "utf8"));
  assert.equal(doc.complete, false);
  assert.equal(doc.cells.length, 1);
  assert.equal(doc.cells[0].problem, "syn");
});
