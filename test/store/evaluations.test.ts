import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { DataError } from "../../src/core/errors.js";
import { type EvaluationRecord, EvaluationStore } from "../../src/store/evaluations.js";

const DIR = mkdtempSync(join(tmpdir(), "lissnas-store-"));
after(() => rmSync(DIR, { recursive: true, force: true }));
const BIND = { space: "nb201", identity: 'trainer ["python3","t.py"] space=nb201 eval-seed=0' };

const ok = (key: string, acc: number): EvaluationRecord => ({
  key,
  arch: `|arch-${key}|`,
  status: "ok",
  metrics: { accuracy: acc, params: 1.5 },
  error: null,
  attempts: 1,
  seconds: 2.25,
  time: `2026-01-01T00:00:0${key}.000Z`,
});
const failed: EvaluationRecord = {
  key: "9",
  arch: "|bad|",
  status: "failed",
  metrics: null,
  error: "timed out after 5 s (trainer killed)",
  attempts: 3,
  seconds: 15,
  time: "2026-01-01T00:00:09.000Z",
};

test("round trip: records come back equal, in insertion order, after reopening; a second put is ignored", () => {
  const file = join(DIR, "round.db");
  const s = EvaluationStore.open(file, BIND);
  assert.equal(s.put(ok("3", 91.5)), true);
  assert.equal(s.put(failed), true);
  assert.equal(s.put(ok("1", 70.25)), true);
  assert.equal(s.put(ok("3", 10)), false, "first record of a key wins");
  s.close();
  const r = EvaluationStore.open(file, BIND);
  assert.deepEqual(r.all(), [ok("3", 91.5), failed, ok("1", 70.25)]);
  assert.deepEqual(r.get("9"), failed);
  assert.equal(r.get("4"), undefined);
  assert.equal(r.count(), 3);
  const st = r.stats();
  assert.equal(st.ok, 2);
  assert.equal(st.failed, 1);
  assert.equal(st.seconds, 2.25 + 15 + 2.25);
  assert.equal(st.first, "2026-01-01T00:00:01.000Z");
  assert.equal(st.last, "2026-01-01T00:00:09.000Z");
  assert.deepEqual(st.metrics, ["accuracy", "params"]);
  assert.equal(st.identity, BIND.identity);
  r.close();
  // committed durably: another connection sees every row, WAL on, synchronous FULL on our connection
  const raw = new Database(file, { readonly: true });
  assert.equal((raw.prepare("SELECT COUNT(*) AS n FROM evaluations").get() as { n: number }).n, 3);
  assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
  raw.close();
});

test("put is visible to another connection as soon as it returns (committed, not buffered)", () => {
  const file = join(DIR, "live.db");
  const s = EvaluationStore.open(file, BIND);
  const reader = EvaluationStore.openReadOnly(file);
  s.put(ok("2", 80));
  assert.deepEqual(reader.all(), [ok("2", 80)]);
  reader.close();
  s.close();
});

test("another space or identity: one-line DataError naming file and both values; file unchanged", () => {
  const file = join(DIR, "bound.db");
  const s = EvaluationStore.open(file, BIND);
  s.put(ok("1", 50));
  s.close();
  const before = readFileSync(file);
  for (const other of [
    { space: "nb201", identity: "trainer other" },
    { space: "macro", identity: BIND.identity },
  ]) {
    assert.throws(
      () => EvaluationStore.open(file, other),
      (e: unknown) =>
        e instanceof DataError &&
        e.message.startsWith(
          `${file}: store is bound to space 'nb201' and evaluator '${BIND.identity}', not space '${other.space}' and evaluator '${other.identity}'`,
        ) &&
        !e.message.includes("\n"),
    );
  }
  assert.deepEqual(readFileSync(file), before);
  const again = EvaluationStore.open(file, BIND);
  assert.equal(again.count(), 1);
  again.close();
});

test("corrupt, foreign and unknown-version files: one-line DataErrors, nothing overwritten", () => {
  const junk = join(DIR, "junk.db");
  writeFileSync(
    junk,
    "this is not sqlite at all, just text that is long enough to have a header ".repeat(10),
  );
  const junkBytes = readFileSync(junk);
  assert.throws(
    () => EvaluationStore.open(junk, BIND),
    /junk\.db: not a lissnas evaluation store or corrupt \(file is not a database\)$/,
  );
  assert.throws(() => EvaluationStore.openReadOnly(junk), /not a lissnas evaluation store or corrupt/);
  assert.deepEqual(readFileSync(junk), junkBytes);

  const foreign = join(DIR, "foreign.db");
  const f = new Database(foreign);
  f.exec("CREATE TABLE users (name TEXT)");
  f.close();
  assert.throws(
    () => EvaluationStore.open(foreign, BIND),
    /foreign\.db: not a lissnas evaluation store \(an SQLite file with other tables\)$/,
  );

  const future = join(DIR, "future.db");
  EvaluationStore.open(future, BIND).close();
  const g = new Database(future);
  g.prepare("UPDATE meta SET value = '2' WHERE name = 'version'").run();
  g.close();
  assert.throws(() => EvaluationStore.open(future, BIND), /store schema version 2 is not supported/);

  assert.throws(() => EvaluationStore.openReadOnly(join(DIR, "absent.db")), /absent\.db: no such store$/);
  assert.throws(
    () => EvaluationStore.open(join(DIR, "no/such/dir/x.db"), BIND),
    /x\.db: cannot open the store/,
  );
});

test("a store locked by another writer past the busy timeout: one-line DataError; nothing lost", () => {
  const file = join(DIR, "locked.db");
  const s = EvaluationStore.open(file, BIND, 100);
  s.put(ok("1", 60));
  const other = new Database(file);
  other.exec("BEGIN IMMEDIATE");
  other.prepare("UPDATE meta SET value = value WHERE name = 'created'").run();
  assert.throws(() => s.put(ok("2", 61)), /locked\.db: store is locked by another process \(writing;/);
  other.exec("ROLLBACK");
  other.close();
  assert.equal(s.put(ok("2", 61)), true);
  assert.deepEqual(
    s.all().map((r) => r.key),
    ["1", "2"],
  );
  s.close();
});

test("inconsistent records are refused", () => {
  const s = EvaluationStore.open(join(DIR, "refuse.db"), BIND);
  assert.throws(
    () => s.put({ ...ok("1", 1), metrics: { accuracy: Number.NaN } }),
    /metric 'accuracy' is not finite/,
  );
  assert.throws(() => s.put({ ...failed, error: null }), /failed without a reason/);
  assert.equal(s.count(), 0);
  s.close();
});

test("two commands can share one store: interleaved puts from two connections are all kept, first wins", () => {
  const file = join(DIR, "shared.db");
  const a = EvaluationStore.open(file, BIND);
  const b = EvaluationStore.open(file, BIND);
  assert.equal(a.put(ok("1", 10)), true);
  assert.equal(b.put(ok("2", 20)), true);
  assert.equal(b.put(ok("1", 99)), false);
  assert.equal(a.put(ok("3", 30)), true);
  assert.deepEqual(
    b.all().map((r) => [r.key, r.metrics?.accuracy]),
    [
      ["1", 10],
      ["2", 20],
      ["3", 30],
    ],
  );
  a.close();
  b.close();
});
