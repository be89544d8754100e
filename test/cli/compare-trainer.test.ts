import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "./run.js";
import { generatedTables, trainerCommand } from "./trainer-fixtures.js";

const t = generatedTables();
const KNOBS = [
  "compare",
  "--space",
  "nb201",
  "--metric",
  "accuracy",
  "--seed",
  "3",
  "--nas-budget",
  "130",
  "--nas-runs",
  "1",
  "--algos",
  "ls",
  "--json",
  "--quiet",
];
type Method = {
  method: string;
  perSeed: Array<{ size: number; shrinkQueries: number; nas: Record<string, number> }>;
};
const figures = (j: { methods: Method[] }) =>
  j.methods.map((m) => ({
    method: m.method,
    per: m.perSeed.map((o) => [o.size, o.shrinkQueries, o.nas.ls]),
  }));

test("compare with --trainer: the table path's sizes and searches, ground-truth figures omitted and said so", async () => {
  const table = await runCli([...KNOBS, "--data", t.csv, "--out", join(t.dir, "cmp-table")]);
  assert.equal(table.code, 0, table.stderr);
  const jt = JSON.parse(table.stdout);
  const out = join(t.dir, "cmp-trainer");
  const store = join(t.dir, "cmp.db");
  const args = [...KNOBS, "--trainer", trainerCommand(t.json), "--store", store, "--out", out];
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  // Same streams, same numbers (a trainer answering the table's values, --workers 1): every space's size in
  // classes, its shrinkage queries and the mean best its search found equal the table path's.
  assert.deepEqual(figures(j), figures(jt));
  assert.deepEqual(
    j.methods.map((m: Method) => m.method),
    ["full", "lissnas", "abs", "padnas", "nse", "greedynas"],
  );
  assert.match(
    j.omitted,
    /^omitted with --trainer: shrink index, P\(good\).*need every architecture's value/,
  );
  assert.equal(j.methods[1].shrinkIndex, undefined, "no figure that needs the whole space's values");
  assert.equal(j.complete, true);
  assert.equal(j.options.trainer, trainerCommand(t.json));
  assert.ok(j.evaluation.evaluated > 100 && j.evaluation.replayed === 0, JSON.stringify(j.evaluation));
  const md = readFileSync(join(out, "tables.md"), "utf8");
  assert.match(md, /omitted with --trainer/);
  assert.match(md, /Table 3/);
  assert.match(readFileSync(join(out, "report.html"), "utf8"), /Shrinkers compared on nb201/);
  // Rerun with the same store: every evaluation replayed, none asked of the trainer, same result.
  const again = await runCli(args);
  assert.equal(again.code, 0, again.stderr);
  const j2 = JSON.parse(again.stdout);
  assert.equal(j2.evaluation.evaluated, 0);
  assert.equal(j2.evaluation.replayed, j.evaluation.evaluated);
  assert.deepEqual(j2.methods, j.methods);
  // The first run's finished result was moved aside when the rerun began, not left looking current.
  assert.ok(existsSync(join(out, "previous", "compare.json")));
});
