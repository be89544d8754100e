import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { EvaluationStore } from "../../src/store/evaluations.js";
import { ROOT } from "../helpers.js";

const DIR = mkdtempSync(join(tmpdir(), "lissnas-store-kill-"));
after(() => rmSync(DIR, { recursive: true, force: true }));
const WRITER = resolve(ROOT, "test/fixtures/store/writer.ts");

/** Runs the writer until it has acknowledged `acks` more puts, then kills it with SIGKILL; returns the last ack. */
function writeThenKill(file: string, acks: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, file, "id"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let seen = 0;
    let last = -1;
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split("\n");
      text = lines.pop() ?? "";
      for (const l of lines) {
        last = Number(l);
        if (++seen === acks) child.kill("SIGKILL");
      }
    });
    child.on("error", fail);
    child.on("close", (_code, signal) =>
      signal === "SIGKILL" ? done(last) : fail(new Error(`writer ended: ${signal}`)),
    );
  });
}

test("kill -9 while writing: every acknowledged put survives, the store reopens and keeps going", async () => {
  const file = join(DIR, "k.db");
  let acknowledged = -1;
  for (const acks of [5, 37, 120]) {
    acknowledged = await writeThenKill(file, acks);
    const s = EvaluationStore.open(file, { space: "nb201", identity: "id" });
    const keys = s.all().map((r) => Number(r.key));
    s.close();
    // every put the writer reported durable is there (puts after the last one read may be too), in order,
    // none torn or lost in between
    assert.ok(keys.length >= acknowledged + 1, `${keys.length} stored, ${acknowledged + 1} acknowledged`);
    assert.deepEqual(
      keys,
      keys.map((_, i) => i),
    );
  }
  const s = EvaluationStore.openReadOnly(file);
  const st = s.stats();
  s.close();
  assert.ok(st.evaluations >= 5 + 37 + 120);
  assert.equal(st.failed, Math.floor((st.evaluations - 4) / 7) + 1);
});
