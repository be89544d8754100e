import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { runCli } from "./run.js";

/**
 * Same seed, same inputs → the same bytes on stdout and in every file written, for every command (timings
 * only appear behind --timings). Each command runs twice into two fresh folders; stdout is compared with
 * the folder names swapped out, and every written file byte for byte.
 */
const root = mkdtempSync(join(tmpdir(), "lissnas-bytes-"));

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

async function twice(name: string, args: (dir: string) => string[]): Promise<void> {
  const runs: Array<{ stdout: string; files: Map<string, Buffer> }> = [];
  for (const k of [0, 1]) {
    const dir = join(root, `${name}-${k}`);
    const r = await runCli(args(dir));
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    let f = new Map<string, Buffer>();
    try {
      f = files(dir);
    } catch {
      // the command wrote no folder
    }
    // the folder's own name may be echoed (a config's output path): it is the one input that differs
    for (const [n, b] of f) f.set(n, Buffer.from(b.toString("latin1").split(dir).join("<DIR>"), "latin1"));
    runs.push({ stdout: r.stdout.split(dir).join("<DIR>"), files: f });
  }
  assert.equal(runs[1].stdout, runs[0].stdout, `${name}: stdout differs`);
  assert.deepEqual([...runs[1].files.keys()], [...runs[0].files.keys()], `${name}: different files`);
  for (const [f, bytes] of runs[0].files) {
    assert.ok(bytes.equals(runs[1].files.get(f)!), `${name}: ${f} differs between two runs`);
  }
}

const syn = ["--space", "categorical:6x4", "--landscape-k", "1", "--seed", "5"];

test("info, locality, landscape: same bytes twice", async () => {
  await twice("info", () => ["info", ...syn]);
  await twice("locality", (d) => ["locality", ...syn, "--csv", join(d, "curves.csv")]);
  await twice("landscape", () => ["landscape", ...syn, "--json"]);
});

test("shrink, metrics, compare: same bytes twice", async () => {
  await twice("shrink", (d) => ["shrink", ...syn, "--out", d, "--json"]);
  const members = join(root, "shrink-0", "space.lissnas");
  await twice("metrics", () => ["metrics", ...syn, "--members", members, "--json"]);
  await twice("compare", (d) => ["compare", ...syn, "--out", d, "--nas-runs", "3", "--nas-budget", "120"]);
});

test("search (text and JSON), experiment, predictor eval: same bytes twice", async () => {
  const s = [...syn, "--budget", "40", "--runs", "5", "--threads", "1"];
  await twice("search-text", () => ["search", ...s]);
  await twice("search-json", () => ["search", ...s, "--json", "--per-run"]);
  const cfg = join(root, "grid.json");
  await twice("experiment", (d) => {
    writeFileSync(
      cfg,
      JSON.stringify({
        output: join(d, "grid.json"),
        runs: 3,
        seeds: [0],
        budgets: [20],
        problems: [{ name: "syn", space: "categorical:6x4", landscape: { k: 1, seed: 2 } }],
        algorithms: [{ algo: "ls" }, { algo: "re", population: 8, sampleSize: 3 }],
      }),
    );
    return ["experiment", cfg, "--json"];
  });
  await twice("predictor", () => ["predictor", "eval", ...syn, "--train", "200", "--rounds", "20", "--json"]);
  const timed = await runCli(["predictor", "eval", ...syn, "--train", "200", "--rounds", "20", "--timings"]);
  assert.match(timed.stdout, /fit [\d.]+ s, predict [\d.]+ s/, "--timings shows them");
});
