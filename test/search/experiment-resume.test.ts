import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readFileSync as readPkg, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { LISSNAS_VERSION } from "../../src/version.js";
import { runCli } from "../cli/run.js";
import { ROOT } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "lissnas-resume-"));

function config(name: string, seeds: number[], runs = 4): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      output: join(dir, "results.json"),
      runs,
      seeds,
      budgets: [30],
      problems: [{ name: "syn", space: "categorical:6x4", landscape: { k: 1, seed: 2 } }],
      algorithms: [{ algo: "ls" }, { algo: "rs" }],
    }),
  );
  return file;
}

test("the version stamped into result files is package.json's", () => {
  assert.equal(JSON.parse(readPkg(join(ROOT, "package.json"), "utf8")).version, LISSNAS_VERSION);
});

test("experiment resumes from its .partial checkpoint: finished cells are reused, final bytes unchanged", async () => {
  const cfg = config("a", [0, 1]);
  const out = join(dir, "results.json");
  assert.equal((await runCli(["experiment", cfg])).code, 0);
  const uninterrupted = readFileSync(out, "utf8");
  assert.ok(!existsSync(`${out}.partial`), "the checkpoint is removed when the run completes");
  // An interrupted run leaves the first two cells in <output>.partial; mark one so reuse is visible.
  const doc = JSON.parse(uninterrupted);
  doc.complete = false;
  doc.cells = doc.cells.slice(0, 2);
  writeFileSync(`${out}.partial`, JSON.stringify(doc));
  writeFileSync(out, "stale");
  assert.equal((await runCli(["experiment", cfg])).code, 0);
  assert.equal(readFileSync(out, "utf8"), uninterrupted, "resumed run ends byte-identical");
  doc.cells[0].summary.marker = "reused";
  writeFileSync(`${out}.partial`, JSON.stringify(doc));
  assert.equal((await runCli(["experiment", cfg])).code, 0);
  assert.equal(JSON.parse(readFileSync(out, "utf8")).cells[0].summary.marker, "reused", "not recomputed");
  // A checkpoint of another config is not reused.
  doc.config.runs = 99;
  writeFileSync(`${out}.partial`, JSON.stringify(doc));
  writeFileSync(out, "stale");
  assert.equal((await runCli(["experiment", cfg])).code, 0);
  assert.equal(readFileSync(out, "utf8"), uninterrupted);
});

test("a rerun killed over a complete results file leaves it complete and unchanged", async () => {
  const out = join(dir, "results.json");
  assert.equal((await runCli(["experiment", config("b", [0])])).code, 0);
  const complete = readFileSync(out, "utf8");
  // A bigger grid (other seeds, many runs): killed with SIGKILL once its first checkpoint is written.
  const big = config("c", [3, 4, 5, 6, 7, 8], 3000);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "experiment", big],
    {
      cwd: ROOT,
      stdio: "ignore",
    },
  );
  const t0 = Date.now();
  while (!existsSync(`${out}.partial`) && Date.now() - t0 < 60_000)
    await new Promise((r) => setTimeout(r, 50));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  assert.ok(existsSync(`${out}.partial`), "the killed run had checkpointed");
  assert.equal(readFileSync(out, "utf8"), complete, "the finished results survive");
  assert.equal(JSON.parse(readFileSync(out, "utf8")).complete, true);
});
