import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { EvaluationStore } from "../../src/store/evaluations.js";
import { expectError, runCli } from "../cli/run.js";

const DIR = mkdtempSync(join(tmpdir(), "lissnas-store-cli-"));
after(() => rmSync(DIR, { recursive: true, force: true }));
const FILE = join(DIR, "s.db");
const IDENTITY = 'trainer ["node","t.mjs"] space=nb201 eval-seed=0';
{
  const s = EvaluationStore.open(FILE, { space: "nb201", identity: IDENTITY });
  s.put({
    key: "17",
    arch: "|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|",
    status: "ok",
    metrics: { accuracy: 91.5, params: 0.125 },
    error: null,
    attempts: 1,
    seconds: 1.5,
    time: "2026-01-01T00:00:01.000Z",
  });
  s.put({
    key: "4",
    arch: "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    status: "failed",
    metrics: null,
    error: 'trainer error: bad "arch", really',
    attempts: 2,
    seconds: 3,
    time: "2026-01-01T00:00:05.000Z",
  });
  s.close();
}

test("store stats --json: binding, counts, seconds, time span, metrics", async () => {
  const r = await runCli(["store", "stats", "--store", FILE, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.space, "nb201");
  assert.equal(s.identity, IDENTITY);
  assert.equal(s.evaluations, 2);
  assert.equal(s.ok, 1);
  assert.equal(s.failed, 1);
  assert.equal(s.seconds, 4.5);
  assert.equal(s.first, "2026-01-01T00:00:01.000Z");
  assert.equal(s.last, "2026-01-01T00:00:05.000Z");
  assert.deepEqual(s.metrics, ["accuracy", "params"]);
  const text = await runCli(["store", "stats", "--store", FILE]);
  assert.match(text.stdout, /^failed\s+1$/m);
});

test("store export: CSV with one column per metric and proper quoting; JSON lines; atomic --out", async () => {
  const csv = await runCli(["store", "export", "--store", FILE]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(
    csv.stdout,
    [
      "key,arch,status,accuracy,params,error,attempts,seconds,time",
      "17,|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|,ok,91.5,0.125,,1,1.5,2026-01-01T00:00:01.000Z",
      '4,|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,failed,,,"trainer error: bad ""arch"", really",2,3,2026-01-01T00:00:05.000Z',
      "",
    ].join("\n"),
  );
  const out = join(DIR, "x.jsonl");
  const j = await runCli(["store", "export", "--store", FILE, "--format", "jsonl", "--out", out]);
  assert.equal(j.code, 0, j.stderr);
  assert.equal(j.stdout, "");
  const lines = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => [l.key, l.status, l.metrics?.accuracy ?? null, l.error]),
    [
      ["17", "ok", 91.5, null],
      ["4", "failed", null, 'trainer error: bad "arch", really'],
    ],
  );
});

test("store: missing or corrupt file, bad --format: one-line errors", async () => {
  await expectError(["store", "stats", "--store", join(DIR, "absent.db")], /absent\.db: no such store\n$/);
  const junk = join(DIR, "junk.db");
  writeFileSync(junk, "not a database ".repeat(100));
  await expectError(
    ["store", "export", "--store", junk],
    /junk\.db: not a lissnas evaluation store or corrupt/,
  );
  await expectError(["store", "export", "--store", FILE, "--format", "xml"], /--format must be csv or jsonl/);
});
