import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../cli/run.js";

/** The report kinds and the folder (or file) each command's results went to. */
export type ReportDirs = Record<
  "compare" | "shrink" | "search" | "experiment" | "locality" | "landscape",
  string
>;

/**
 * Runs every command that writes a report, on the synthetic landscape with small settings (a few seconds
 * in all), into `root`; asserts each succeeded and wrote report.html. The compare run is the README demo's
 * command (`compare --seed 1`) with fewer search runs.
 */
export async function makeReports(root: string): Promise<ReportDirs> {
  const d = (k: string) => join(root, k);
  const run = async (args: string[]) => {
    const r = await runCli([...args, "--quiet"]);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    return r;
  };
  await run(["compare", "--seed", "1", "--out", d("compare"), "--nas-runs", "3"]);
  await run([
    "shrink",
    "--seed",
    "1",
    "--out",
    d("shrink"),
    "--initial-samples",
    "300",
    "--budget",
    "30",
    "--max-iterations",
    "2",
  ]);
  await run([
    "search",
    "--seed",
    "1",
    "--algo",
    "ls",
    "--budget",
    "300",
    "--runs",
    "10",
    "--threads",
    "1",
    "--out",
    d("search"),
  ]);
  await run(["locality", "--seed", "1", "--walks", "100", "--out", d("locality")]);
  await run(["landscape", "--space", "categorical:6x3", "--seed", "1", "--out", d("landscape")]);
  const cfg = join(root, "grid.config.json");
  writeFileSync(
    cfg,
    JSON.stringify({
      output: join(d("experiment"), "grid.json"),
      runs: 4,
      seeds: [0, 1],
      budgets: [20, 40],
      problems: [{ name: "syn", space: "categorical:6x4", landscape: { k: 1, seed: 2 } }],
      algorithms: [{ algo: "ls" }, { algo: "rs" }],
    }),
  );
  await run(["experiment", cfg]);
  return {
    compare: d("compare"),
    shrink: d("shrink"),
    search: d("search"),
    experiment: d("experiment"),
    locality: d("locality"),
    landscape: d("landscape"),
  };
}
