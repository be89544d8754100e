import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { hash32 } from "../../src/core/hash.js";
import { runCli } from "./run.js";
import { generatedTables, trainerCommand } from "./trainer-fixtures.js";

const t = generatedTables();
const KNOBS = [
  "--space",
  "nb201",
  "--metric",
  "accuracy",
  "--budget",
  "24",
  "--initial-samples",
  "200",
  "--seed",
  "4",
];

/** The payload of a space file (after its one-line JSON header): the members themselves. */
function payload(file: string): Buffer {
  const bytes = readFileSync(file);
  return bytes.subarray(bytes.indexOf(10) + 1);
}

test("shrink with the fixture trainer (--workers 1 and 3) builds the same members as with --data on the same numbers", async () => {
  const outTable = join(t.dir, "shrink-table");
  const table = await runCli(["shrink", ...KNOBS, "--data", t.csv, "--out", outTable, "--json"]);
  assert.equal(table.code, 0, table.stderr);
  for (const workers of ["1", "3"]) {
    const out = join(t.dir, `shrink-trainer-${workers}`);
    const r = await runCli([
      "shrink",
      ...KNOBS,
      "--trainer",
      trainerCommand(t.json),
      "--workers",
      workers,
      "--store",
      join(t.dir, "shrink.db"),
      "--out",
      out,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(table.stdout);
    const b = JSON.parse(r.stdout);
    assert.ok(payload(join(out, "space.lissnas")).equals(payload(join(outTable, "space.lissnas"))));
    assert.equal(b.queries, a.queries);
    assert.equal(b.chosenIteration, a.chosenIteration);
    assert.deepEqual(
      b.iterations.map((l: { size: number; queries: number }) => [l.size, l.queries]),
      a.iterations.map((l: { size: number; queries: number }) => [l.size, l.queries]),
    );
    assert.equal(b.failed, 0);
    assert.match(b.quality, /not computed/);
    // queried.csv (architecture, value, order) is written and equals the table run's, as every listed file is
    assert.deepEqual(
      Object.values(b.files).sort(),
      readdirSync(out)
        .filter((f) => f !== "trainer.log")
        .sort(),
    );
    assert.equal(
      readFileSync(join(out, "queried.csv"), "utf8"),
      readFileSync(join(outTable, "queried.csv"), "utf8"),
    );
    // the second shrink shares the store: every evaluation is replayed
    if (workers === "3") assert.equal(b.evaluation.evaluated, 0);
    else assert.equal(b.evaluation.evaluated, 24);
  }
});

test("LISSNAS with failing evaluations completes; failures are counted, never trained on or seeded", async () => {
  // a trainer whose table lacks a third of the classes: those evaluations fail ("not in the table")
  const partial = generatedTables((row) => hash32(`drop:${row}`) % 3 !== 0);
  const out = join(partial.dir, "shrink");
  const r = await runCli([
    "shrink",
    ...KNOBS,
    "--trainer",
    trainerCommand(partial.json),
    "--out",
    out,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.failed > 0, `${j.failed} failed`);
  assert.equal(j.queries, 24);
  assert.equal(j.evaluation.failed, j.failed);
  assert.ok(j.size > 0);
  // the shrunk space's queried values in the file: failed ones are NaN → null
  const header = JSON.parse(readFileSync(join(out, "space.lissnas"), "utf8").split("\n")[0]);
  const values = header.meta.queried.map((q: [string, number | null]) => q[1]);
  assert.equal(values.filter((v: number | null) => v === null).length, j.failed);
});

test("shrink, then search in the shrunk space with the same store: the shrinkage's evaluations are replayed", async () => {
  const store = join(t.dir, "shared.db");
  const out = join(t.dir, "shrink-then-search");
  const trainer = trainerCommand(t.json);
  const k = await runCli([
    "shrink",
    ...KNOBS,
    "--trainer",
    trainer,
    "--store",
    store,
    "--out",
    out,
    "--json",
  ]);
  assert.equal(k.code, 0, k.stderr);
  const s = await runCli([
    ...[
      "search",
      "--space",
      "nb201",
      "--metric",
      "accuracy",
      "--algo",
      "ls",
      "--budget",
      "40",
      "--runs",
      "2",
    ],
    ...["--members", join(out, "space.lissnas"), "--trainer", trainer, "--store", store, "--json"],
  ]);
  assert.equal(s.code, 0, s.stderr);
  const j = JSON.parse(s.stdout);
  assert.equal(j.extraQueries, 24, "the shrinkage's queries are charged to the search");
  assert.equal(j.perRun.queries, 16);
  assert.ok(j.evaluation.replayed > 0, "evaluations done while shrinking are reused");
});
