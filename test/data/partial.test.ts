import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { hash32 } from "../../src/core/hash.js";
import { loadTable } from "../../src/data/loaders.js";
import { tableCoverage, tablePool } from "../../src/data/partial.js";
import { loadSpaceFile } from "../../src/shrink/file.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { runCli } from "../cli/run.js";
import { generatedTables } from "../cli/trainer-fixtures.js";
import { sharedData } from "../helpers.js";

// A sampled NB201 table: about 30 % of the genotypes.
const keep = (row: number) => hash32(`keep:${row}`) % 10 < 3;
const t = generatedTables(keep);

test("a table that does not cover its space loads as partial; its pool is the classes it holds", () => {
  const table = loadTable(t.csv, nb201);
  const c = tableCoverage(table);
  assert.equal(c.partial, true);
  assert.equal(c.rows, t.rows);
  assert.equal(c.label, `partial table: ${t.rows.toLocaleString("en-US")} of 15,625 architectures`);
  const pool = tablePool(table)!;
  assert.equal(pool.count, c.classes);
  const classes = new Set(table.archs().map((a) => nb201.key(a)));
  assert.equal(pool.count, classes.size);
  // the complete generated table is not partial
  assert.equal(tablePool(loadTable(generatedTables().csv, nb201)), undefined);
});

test("search on a partial table: every algorithm stays in the table, the output says it is partial", async () => {
  const table = loadTable(t.csv, nb201);
  const inTable = new Set(table.archs().map((a) => nb201.key(a)));
  for (const algo of ["ls", "ls-full", "rs", "re"]) {
    const r = await runCli([
      "search",
      "--data",
      t.csv,
      "--metric",
      "accuracy",
      "--algo",
      algo,
      "--budget",
      "80",
      "--runs",
      "5",
      "--per-run",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.match(j.partial, /^partial table: [\d,]+ of 15,625 architectures/);
    assert.equal(j.space, "members:nb201");
    assert.equal(j.perRun.queries, 80, algo);
    for (const run of j.perRunResults) assert.ok(inTable.has(nb201.key(nb201.parse(run.bestArch))), algo);
    // the optimum is the table's best: reached by some runs of a budget this size
    assert.equal(j.optimum, Math.max(...table.column("accuracy")));
  }
});

test("shrink on a partial table: defaults work, members are classes of the table, metrics say they are estimated", async () => {
  const out = join(t.dir, "shrink-partial");
  const r = await runCli([
    "shrink",
    "--data",
    t.csv,
    "--metric",
    "accuracy",
    "--budget",
    "30",
    "--out",
    out,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.match(j.partial, /estimated on the table's sample/);
  assert.equal(j.queries, 30);
  const table = loadTable(t.csv, nb201);
  const inTable = new Set(table.archs().map((a) => nb201.key(a)));
  const members = loadSpaceFile(join(out, "space.lissnas"), nb201);
  assert.ok(members.size() > 0n);
  for (const a of members.enumerate!()) assert.ok(inTable.has(nb201.key(a)));
  assert.ok(readFileSync(join(out, "space.lissnas")).length > 0);
});

const naslib = sharedData("naslib-zc-partial/zc_nasbench201_flat.csv");

test("the real NASLib zero-cost flat file (cifar10) runs through search, shrink and locality", {
  skip: naslib.skip,
}, async () => {
  const data = ["--data", naslib.path, "--where", "dataset=cifar10", "--metric", "val_accuracy"];
  const s = await runCli(["search", ...data, "--algo", "ls", "--budget", "100", "--runs", "10", "--json"]);
  assert.equal(s.code, 0, s.stderr);
  assert.match(JSON.parse(s.stdout).partial, /^partial table: 724 of 15,625 architectures/);
  const out = join(t.dir, "naslib-shrink");
  const k = await runCli(["shrink", ...data, "--out", out, "--json"]);
  assert.equal(k.code, 0, k.stderr);
  assert.ok(JSON.parse(k.stdout).queries > 0);
  const l = await runCli(["locality", ...data, "--walks", "100", "--json"]);
  assert.equal(l.code, 0, l.stderr);
  assert.match(JSON.parse(l.stdout).partial, /partial table/);
});
