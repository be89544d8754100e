/**
 * Honest search in shrunk spaces (issue #14): `shrink` records its queries in the space file and in
 * queried.csv; `members` lists the members; `search --members` charges the shrinkage's queries and serves
 * the queried architectures free.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readSpaceFileHeader } from "../../src/shrink/file.js";
import { expectError, runCli } from "../cli/run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-members-"));
const SYN = ["--space", "nb201", "--seed", "4"];

test("shrink records its queries; members lists the members; search --members charges and reuses them", async () => {
  const out = join(dir, "s");
  const r = await runCli([
    "shrink",
    ...SYN,
    "--out",
    out,
    "--initial-samples",
    "300",
    "--budget",
    "30",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const file = join(out, "space.lissnas");
  const meta = readSpaceFileHeader(file).meta as { queries: number; queried: [string, number][] };
  assert.equal(meta.queries, j.queries);
  assert.equal(meta.queried.length, j.queries);
  const csv = readFileSync(join(out, "queried.csv"), "utf8").trim().split("\n");
  assert.equal(csv[0], "architecture,value,order");
  assert.deepEqual(
    csv.slice(1).map((l) => l.split(",")),
    meta.queried.map(([a, v], i) => [a, String(v), String(i + 1)]),
  );

  const listed = await runCli(["members", "--members", file]);
  assert.equal(listed.code, 0, listed.stderr);
  const rows = listed.stdout.trim().split("\n");
  assert.equal(rows[0], "architecture,key");
  assert.equal(rows.length - 1, j.shrunk.size);
  const jsonl = await runCli(["members", "--members", file, "--format", "jsonl"]);
  const lines = jsonl.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((o: { architecture: string; key: number }) => `${o.architecture},${o.key}`),
    rows.slice(1),
  );

  // The search is charged the shrinkage's queries (40 of its own remain) and starts from their best.
  const s = await runCli([
    "search",
    ...SYN,
    "--members",
    file,
    "--algo",
    "ls",
    "--budget",
    String(j.queries + 40),
    "--runs",
    "4",
    "--json",
    "--per-run",
  ]);
  assert.equal(s.code, 0, s.stderr);
  const sj = JSON.parse(s.stdout);
  assert.equal(sj.extraQueries, j.queries);
  const bestQueried = Math.max(...meta.queried.map(([, v]) => v));
  for (const run of sj.perRunResults) {
    assert.ok(run.queries <= 40, `${run.queries} own queries`);
    // The incumbent starts at the shrinkage's best (known, free): it can only be as good or better.
    assert.ok(run.finalSearch >= bestQueried, `${run.finalSearch} < ${bestQueried}`);
  }
  // The anytime curve starts at the shrinkage's last query, with the best queried value (known, free).
  assert.equal(sj.anytime.queries[0], j.queries);
  assert.equal(sj.anytime.mean[0], bestQueried);
});

test("members: one-line errors", async () => {
  await expectError(["members", "--members", join(dir, "missing.lissnas")], /missing\.lissnas/);
  await expectError(["members", "--members", join(dir, "s", "space.lissnas"), "--format", "xml"], /--format/);
});
