import assert from "node:assert/strict";
import { test } from "node:test";
import { describeSnapshot, QueueProgress, type QueueSnapshot } from "../../src/data/queue-progress.js";

const snap: QueueSnapshot = {
  submitted: 12,
  done: 5,
  failed: 1,
  pending: 6,
  waiting: 2,
  active: 4,
  live: 3,
  workersSeen: 2,
};

/** Collects what is written to stderr while `fn` runs. */
async function stderrOf(fn: () => Promise<void>): Promise<string> {
  let text = "";
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = original;
  }
  return text;
}

test("describeSnapshot: queued / running / done / failed and the workers", () => {
  assert.equal(
    describeSnapshot(snap),
    "lissnas: queue: 12 submitted, 2 queued, 4 running, 5 done, 1 failed; 3 workers connected, 2 seen",
  );
});

test("off a terminal: one line per period; a failing snapshot says Redis is unreachable; off: nothing", async () => {
  let calls = 0;
  const lines = await stderrOf(async () => {
    const p = new QueueProgress(
      "auto",
      async () => {
        calls++;
        if (calls === 2) throw new Error("down");
        return snap;
      },
      false,
      30,
    );
    p.start();
    await new Promise((r) => setTimeout(r, 100));
    p.stop();
  });
  const got = lines.trim().split("\n");
  assert.ok(got.length >= 2, lines);
  assert.equal(got[0], describeSnapshot(snap));
  assert.equal(got[1], "lissnas: queue: Redis unreachable, reconnecting");
  const quiet = await stderrOf(async () => {
    const p = new QueueProgress("off", async () => snap, false, 10);
    p.start();
    await new Promise((r) => setTimeout(r, 50));
    p.stop();
  });
  assert.equal(quiet, "");
});
