import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "./run.js";

/** Issue #18 (results know their state): every result JSON says complete, the options and the seeds. */
const dir = mkdtempSync(join(tmpdir(), "lissnas-state-"));
const syn = ["--space", "categorical:5x3", "--landscape-k", "1", "--seed", "7"];

const state = (file: string) => {
  const j = JSON.parse(readFileSync(file, "utf8"));
  return { complete: j.complete, options: j.options, seeds: j.seeds, keys: Object.keys(j) };
};

test("shrink, search, locality, landscape, compare and experiment results carry complete, options, seeds", async () => {
  const runs: Array<[string, string[], string]> = [
    ["shrink", ["shrink", ...syn, "--budget", "30", "--initial-samples", "100"], "metrics.json"],
    ["search", ["search", ...syn, "--budget", "20", "--runs", "3", "--threads", "1"], "search.json"],
    ["locality", ["locality", ...syn, "--walks", "40"], "locality.json"],
    ["landscape", ["landscape", ...syn], "landscape.json"],
    [
      "compare",
      ["compare", ...syn, "--space", "categorical:6x4", "--nas-runs", "2", "--nas-budget", "120"],
      "compare.json",
    ],
  ];
  for (const [name, args, file] of runs) {
    const out = join(dir, name);
    const r = await runCli([...args, "--out", out, "--quiet"]);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    const s = state(join(out, file));
    assert.equal(s.complete, true, name);
    assert.deepEqual(s.seeds, [7], name);
    assert.equal(s.options.seed, 7, name);
    assert.equal(s.options.space, name === "compare" ? "categorical:6x4" : "categorical:5x3", name);
    assert.equal(s.options.landscapeK, 1, name);
    assert.equal(s.options.out, undefined, `${name}: where it went is not an option of the result`);
  }
  // The options are recorded in one key order whatever order the flags came in: same bytes.
  const a = join(dir, "order-a");
  const b = join(dir, "order-b");
  await runCli(["locality", ...syn, "--walks", "40", "--out", a, "--quiet"]);
  await runCli([
    "locality",
    "--walks",
    "40",
    "--out",
    b,
    "--quiet",
    "--seed",
    "7",
    "--landscape-k",
    "1",
    "--space",
    "categorical:5x3",
  ]);
  assert.equal(
    readFileSync(join(b, "locality.json"), "utf8"),
    readFileSync(join(a, "locality.json"), "utf8"),
  );
  // The search's knobs are recorded too: another budget is another result.
  assert.equal(state(join(dir, "search", "search.json")).options.budget, 20);

  const cfg = join(dir, "grid.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      output: join(dir, "grid-results.json"),
      runs: 2,
      seeds: [3, 4],
      budgets: [15],
      problems: [{ name: "syn", space: "categorical:5x3", landscape: { k: 1, seed: 2 } }],
      algorithms: [{ algo: "rs" }],
    }),
  );
  assert.equal((await runCli(["experiment", cfg, "--quiet"])).code, 0);
  const e = state(join(dir, "grid-results.json"));
  assert.equal(e.complete, true);
  assert.deepEqual(e.seeds, [3, 4]);
  assert.deepEqual(e.options, { config: cfg, seed: null });
});
