import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeFileAtomic } from "../../src/store/atomic.js";

test("atomic writes create folders, replace whole files and leave no temporary file", () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-atomic-"));
  const f = join(dir, "a", "b", "out.json");
  writeFileAtomic(f, "first");
  writeFileAtomic(f, "second");
  assert.equal(readFileSync(f, "utf8"), "second");
  assert.deepEqual(readdirSync(join(dir, "a", "b")), ["out.json"]);
});

test("an unwritable target is a one-line error and the old file stays intact", () => {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-atomic-"));
  const blocker = join(dir, "file");
  writeFileSync(blocker, "keep");
  assert.throws(
    () => writeFileAtomic(join(blocker, "under-a-file.json"), "x"),
    (e: Error) => e.name === "LissnasError" && /under-a-file\.json: cannot write/.test(e.message),
  );
  assert.equal(readFileSync(blocker, "utf8"), "keep");
  assert.deepEqual(readdirSync(dir), ["file"]);
});
