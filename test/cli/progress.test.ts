import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { progress, setQuiet } from "../../src/cli/progress.js";
import { runCli } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-progress-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => chunks.push(String(s)) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, chunks };
}

test("progress off a terminal: one line per phase on the stream; --quiet: nothing", () => {
  const { stream, chunks } = fakeStream(false);
  const p = progress("compare", 6, stream);
  p.tick();
  p.label("compare seed 1: abs");
  p.tick(5);
  p.done();
  assert.deepEqual(chunks, ["lissnas: compare (6 steps)…\n", "lissnas: compare seed 1: abs\n"]);
  setQuiet(true);
  try {
    const q = fakeStream(false);
    const s = progress("compare", 6, q.stream);
    s.label("x");
    s.done();
    assert.deepEqual(q.chunks, []);
  } finally {
    setQuiet(false);
  }
});

test("experiment: phase lines on stderr, pure JSON on stdout with --json, silence with --quiet", async () => {
  const cfg = join(dir, "grid.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      output: join(dir, "out", "grid.results.json"),
      runs: 2,
      seeds: [0],
      budgets: [10],
      problems: [{ name: "syn", space: "categorical:4x3", landscape: { k: 1, seed: 2 } }],
      algorithms: [{ algo: "ls" }, { algo: "rs" }],
    }),
  );
  const r = await runCli(["experiment", cfg, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  JSON.parse(r.stdout);
  assert.match(r.stderr, /^lissnas: experiment \(2 steps\)…\nlissnas: experiment \[1\/2\] syn /);
  assert.match(r.stderr, /Report: .*report\.html\n$/);
  const q = await runCli(["experiment", cfg, "--quiet"]);
  assert.equal(q.code, 0, q.stderr);
  assert.equal(q.stderr, "");
});
