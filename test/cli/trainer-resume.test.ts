import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Rng } from "../../src/core/rng.js";
import { ROOT } from "../helpers.js";
import { runCli } from "./run.js";
import { generatedTables, trainerCommand } from "./trainer-fixtures.js";

const t = generatedTables();
const CLI = join(ROOT, "src/cli/main.ts");

/** The parts of a search result that must not depend on interruptions (not the evaluation accounting). */
function outcome(j: Record<string, unknown>) {
  const { evaluation: _e, data: _d, ...rest } = j as { evaluation: unknown; data: unknown };
  return rest;
}

const lineCount = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0;

/**
 * Runs the CLI in a child process. With `kill`, SIGKILLs it `kill.afterMs` after the trainer log shows
 * `kill.requests` new requests of this run (a moment inside the evaluations, whatever the start-up time).
 */
function spawnCli(
  args: string[],
  kill?: { log: string; requests: number; afterMs: number },
): Promise<{ code: number | null; stdout: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let killed = false;
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    const start = kill ? lineCount(kill.log) : 0;
    const poll = kill
      ? setInterval(() => {
          if (lineCount(kill.log) - start < kill.requests) return;
          clearInterval(poll);
          setTimeout(() => {
            killed = child.exitCode === null;
            child.kill("SIGKILL");
          }, kill.afterMs);
        }, 20)
      : undefined;
    child.on("close", (code) => {
      if (poll) clearInterval(poll);
      resolve({ code, stdout, killed });
    });
  });
}

test("kill -9 at 5 seeded moments, then a rerun with the same store: the same result, no finished evaluation redone", async () => {
  const base = [
    "search",
    "--space",
    "nb201",
    "--metric",
    "accuracy",
    "--algo",
    "ls",
    "--budget",
    "40",
    "--runs",
    "1",
  ];
  const args = [...base, "--seed", "3", "--json", "--per-run"];
  // the uninterrupted reference, with its own store
  const ref = await runCli([...args, "--trainer", trainerCommand(t.json), "--store", join(t.dir, "ref.db")]);
  assert.equal(ref.code, 0, ref.stderr);

  const store = join(t.dir, "killed.db");
  const log = join(t.dir, "calls.log");
  const trainer = trainerCommand(t.json, "--sleep", "0.12", "--log", log);
  const rng = Rng.fromSeed(11);
  let kills = 0;
  for (let k = 0; k < 5; k++) {
    const moment = { log, requests: 1 + rng.int(2), afterMs: Math.floor(rng.float() * 300) };
    const r = await spawnCli([...args, "--trainer", trainer, "--store", store], moment);
    if (r.killed) kills++;
    else assert.equal(r.code, 0);
  }
  assert.ok(kills >= 5, `${kills} runs were killed`);
  assert.ok(existsSync(store));
  const final = await spawnCli([...args, "--trainer", trainer, "--store", store]);
  assert.equal(final.code, 0);
  const fin = JSON.parse(final.stdout);
  assert.deepEqual(outcome(fin), outcome(JSON.parse(ref.stdout)));
  assert.ok(fin.evaluation.replayed > 0, "the rerun replayed stored evaluations");
  assert.equal(fin.evaluation.replayed + fin.evaluation.evaluated, 40);

  // the trainer log: one line per request received. A request is repeated only when it was in flight at a
  // kill (1 worker: at most one per kill); a finished (stored) evaluation is never asked again.
  const lines = readFileSync(log, "utf8").trim().split("\n");
  const archs = lines.map((l) => l.split(" ")[0]);
  const distinct = new Set(archs).size;
  assert.equal(distinct, 40);
  assert.ok(
    archs.length - distinct <= kills,
    `${archs.length - distinct} repeated requests for ${kills} kills`,
  );
  const counts = new Map<string, number>();
  for (const a of archs) counts.set(a, (counts.get(a) ?? 0) + 1);
  assert.ok([...counts.values()].every((c) => c <= 1 + kills));
});

test("--workers 4 on a sleeping trainer: 4 processes, much faster than --workers 1", async () => {
  const timed = async (workers: number) => {
    const log = join(t.dir, `w${workers}.log`);
    const t0 = performance.now();
    const r = await runCli([
      "search",
      "--space",
      "nb201",
      "--metric",
      "accuracy",
      "--algo",
      "rs",
      "--budget",
      "8",
      "--runs",
      "1",
      "--trainer",
      trainerCommand(t.json, "--sleep", "0.4", "--log", log),
      "--workers",
      String(workers),
      "--json",
    ]);
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(r.code, 0, r.stderr);
    const pids = new Set(
      readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[1]),
    );
    return { seconds, pids: pids.size, result: JSON.parse(r.stdout) };
  };
  const one = await timed(1);
  const four = await timed(4);
  assert.equal(one.pids, 1);
  assert.equal(four.pids, 4);
  assert.ok(one.seconds >= 8 * 0.4, `${one.seconds} s`);
  assert.ok(four.seconds < one.seconds * 0.5, `workers 4: ${four.seconds} s, workers 1: ${one.seconds} s`);
  // random search draws the same samples in batches: the same result
  assert.deepEqual(four.result.final, one.result.final);
});
