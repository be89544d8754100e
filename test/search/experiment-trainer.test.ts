import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { expectError, runCli } from "../cli/run.js";
import { generatedTables, trainerCommand } from "../cli/trainer-fixtures.js";
import { ROOT } from "../helpers.js";

const t = generatedTables();

interface Cell {
  problem: string;
  algorithm: string;
  seed: number;
  atBudgets: Array<{ budget: number; final: unknown }>;
  summary: { final: unknown; anytime: unknown; perRun: unknown; best: unknown; runs: number };
  evaluation?: { evaluated: number; replayed: number; failed: number; workers: number };
}

/** What must agree between a trainer cell and a table cell on the same numbers (no optimum for a trainer). */
function trajectory(c: Cell) {
  return {
    algorithm: c.algorithm,
    seed: c.seed,
    finals: c.atBudgets.map((b) => [b.budget, b.final]),
    final: c.summary.final,
    anytime: c.summary.anytime,
    perRun: c.summary.perRun,
    best: c.summary.best,
  };
}

async function experiment(name: string, problem: Record<string, unknown>, output = `${name}.out.json`) {
  const cfg = join(t.dir, `cfg-${name}.json`);
  writeFileSync(
    cfg,
    JSON.stringify({
      output,
      runs: 2,
      seeds: [4],
      budgets: [15, 30],
      problems: [{ name: "p", space: "nb201", metric: "accuracy", ...problem }],
      algorithms: [{ algo: "ls" }, { algo: "rs" }],
    }),
  );
  const r = await runCli(["experiment", cfg, "--quiet"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(
    existsSync(join(t.dir, output, "..", "trainer.log")) || !problem.trainer,
    "trainer.log beside the results",
  );
  return JSON.parse(readFileSync(join(t.dir, output), "utf8")).cells as Cell[];
}

test("experiment with a trainer problem (workers 1) equals the table problem on the same numbers; the store replays", async () => {
  const table = await experiment("table", { data: t.csv });
  const store = "s.db"; // relative to the config's folder
  const trained = await experiment("trained", {
    trainer: trainerCommand(t.json),
    workers: 1,
    store,
    evalTimeout: 30,
    retries: 1,
  });
  assert.equal(trained.length, 2);
  assert.deepEqual(trained.map(trajectory), table.map(trajectory));
  assert.equal(table[0].evaluation, undefined);
  // the ls cell evaluated its architectures; rs reuses what ls already evaluated through the shared engine
  assert.ok(trained[0].evaluation!.evaluated > 0);
  assert.equal(trained[0].evaluation!.failed, 0);
  assert.equal(trained[0].evaluation!.workers, 1);
  assert.ok(existsSync(join(t.dir, "trainer.log")), "the trainer log beside the results file");
  // a rerun (another output, so no finished cell is reused) replays every evaluation from the store
  const again = await experiment(
    "again",
    { trainer: trainerCommand(t.json), workers: 1, store, evalTimeout: 30, retries: 1 },
    "again/out.json", // a folder that does not exist yet: made for the results and the trainer log
  );
  assert.deepEqual(again.map(trajectory), trained.map(trajectory));
  for (const c of again) assert.equal(c.evaluation!.evaluated, 0);
  assert.ok(again[0].evaluation!.replayed > 0);
});

test("experiment: trainer fields are checked with one-line errors naming the config and field", async () => {
  const bad = async (name: string, problem: Record<string, unknown>, pattern: RegExp) => {
    const cfg = join(t.dir, `${name}.json`);
    writeFileSync(
      cfg,
      JSON.stringify({
        runs: 1,
        budgets: [5],
        problems: [{ name: "p", space: "nb201", ...problem }],
        algorithms: [{ algo: "rs" }],
      }),
    );
    await expectError(["experiment", cfg], new RegExp(`${name}\\.json.*${pattern.source}`));
  };
  const cmd = trainerCommand(t.json);
  await bad("t1", { trainer: cmd }, /problems\[0\]\.metric.*a trainer needs 'metric'/);
  await bad("t2", { trainer: cmd, metric: "accuracy", data: t.csv }, /problems\[0\]\.data.*cannot be used/);
  await bad("t3", { trainer: cmd, metric: "accuracy", workers: 0 }, /problems\[0\]\.workers/);
  await bad("t4", { trainer: cmd, metric: "accuracy", evalTimeout: -1 }, /problems\[0\]\.evalTimeout/);
  await bad("t5", { trainer: cmd, metric: "accuracy", retries: "2" }, /problems\[0\]\.retries/);
  await bad("t6", { metric: "accuracy", workers: 2 }, /problems\[0\]\.workers.*needs a 'trainer'/);
  await bad("t7", { trainer: "", metric: "accuracy" }, /problems\[0\]\.trainer/);
  await bad("t8", { trainer: cmd, metric: "accuracy", store: 3 }, /problems\[0\]\.store/);
});

test("experiment: a trainer problem takes targets and analytic-cost constraints, as search --trainer does", async () => {
  // a target the ls cell's runs reach: the best of the table cell's first run
  const table = await experiment("tgt-table", { data: t.csv });
  const target = (table[0].summary.best as { arch: string }).arch;
  const withTarget = async (name: string, p: Record<string, unknown>) =>
    (await experiment(name, { ...p, targets: [target] })) as Array<
      Cell & { summary: { queriesToOptimum: unknown } }
    >;
  const tt = await withTarget("tgt-table2", { data: t.csv });
  const tr = await withTarget("tgt-trained", { trainer: trainerCommand(t.json) });
  assert.deepEqual(
    tr.map((c) => c.summary.queriesToOptimum),
    tt.map((c) => c.summary.queriesToOptimum),
  );
  assert.ok((tr[0].summary.queriesToOptimum as { reached: number }).reached > 0);
  // constraints: every network sent to the trainer is within the bound (its log), and some are above it without
  const flops = (a: string) => nb201.cost!(nb201.parse(a), "cifar10").mflops;
  const trained = (log: string) =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" ")[0]);
  const logC = join(t.dir, "exp-constrained.log");
  await experiment("constrained", {
    trainer: trainerCommand(t.json, "--log", logC),
    constraints: ["flops<=60"],
  });
  assert.ok(trained(logC).length > 0);
  for (const a of trained(logC)) assert.ok(flops(a) <= 60, `${a}: ${flops(a)} MFLOPs`);
  const logF = join(t.dir, "exp-free.log");
  await experiment("free", { trainer: trainerCommand(t.json, "--log", logF) });
  assert.ok(trained(logF).some((a) => flops(a) > 60));
});

test("experiment: a trainer problem's constraint on a column it cannot compute, or a bad target, names the field", async () => {
  const cfg = (name: string, problem: Record<string, unknown>) => {
    const f = join(t.dir, `${name}.json`);
    writeFileSync(
      f,
      JSON.stringify({
        runs: 1,
        budgets: [5],
        problems: [
          { name: "p", space: "nb201", metric: "accuracy", trainer: trainerCommand(t.json), ...problem },
        ],
        algorithms: [{ algo: "rs" }],
      }),
    );
    return f;
  };
  await expectError(
    ["experiment", cfg("c1", { constraints: ["latency<=5"] })],
    /c1\.json, field 'problems\[0\]\.constraints': --constraint 'latency<=5': unknown column 'latency' \(known: flops, params\)/,
  );
  const blind = cfg("c3", {});
  writeFileSync(blind, JSON.stringify({ ...JSON.parse(readFileSync(blind, "utf8")), untilOptimum: true }));
  await expectError(
    ["experiment", blind],
    /c3\.json, field 'untilOptimum': needs a known optimum: problem 'p' has a trainer and no 'targets'/,
  );
  await expectError(
    ["experiment", cfg("c2", { targets: ["|nor_conv_3x3~0|"] })],
    /c2\.json, field 'problems\[0\]\.targets\[0\]'/,
  );
});

/** Runs the CLI in a child process; with `kill`, SIGKILLs it once the trainer log has `after` new lines. */
function spawnCli(args: string[], kill?: { log: string; after: number }) {
  const lines = (f: string) => (existsSync(f) ? readFileSync(f, "utf8").split("\n").length - 1 : 0);
  return new Promise<{ code: number | null; killed: boolean }>((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], {
      cwd: ROOT,
      stdio: "ignore",
    });
    let killed = false;
    const start = kill ? lines(kill.log) : 0;
    const poll = kill
      ? setInterval(() => {
          if (lines(kill.log) - start < kill.after) return;
          clearInterval(poll);
          killed = child.exitCode === null;
          child.kill("SIGKILL");
        }, 20)
      : undefined;
    child.on("close", (code) => {
      if (poll) clearInterval(poll);
      done({ code, killed });
    });
  });
}

test("experiment with a trainer killed with -9 twice, then rerun with its store: same cells, no finished evaluation redone", async () => {
  const log = join(t.dir, "kill-calls.log");
  const problem = (trainer: string, store: string) => ({
    name: "p",
    space: "nb201",
    metric: "accuracy",
    trainer,
    store,
  });
  const write = (name: string, p: Record<string, unknown>) => {
    const cfg = join(t.dir, `cfg-${name}.json`);
    writeFileSync(
      cfg,
      JSON.stringify({
        output: `${name}.out.json`,
        runs: 1,
        seeds: [2],
        budgets: [20],
        problems: [p],
        algorithms: [{ algo: "ls" }],
      }),
    );
    return cfg;
  };
  const ref = write("kill-ref", problem(trainerCommand(t.json), "kill-ref.db"));
  assert.equal((await runCli(["experiment", ref, "--quiet"])).code, 0);
  const cfg = write("killed", problem(trainerCommand(t.json, "--sleep", "0.05", "--log", log), "killed.db"));
  let kills = 0;
  for (const after of [3, 5]) {
    const r = await spawnCli(["experiment", cfg, "--quiet"], { log, after });
    if (r.killed) kills++;
  }
  assert.equal(kills, 2);
  const fin = await spawnCli(["experiment", cfg, "--quiet"]);
  assert.equal(fin.code, 0);
  const cells = (name: string) =>
    (JSON.parse(readFileSync(join(t.dir, `${name}.out.json`), "utf8")).cells as Cell[]).map(trajectory);
  assert.deepEqual(cells("killed"), cells("kill-ref"));
  const asked = readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ")[0]);
  const distinct = new Set(asked).size;
  assert.equal(distinct, 20);
  // only an evaluation in flight at a kill is asked again (1 worker: at most one per kill)
  assert.ok(
    asked.length - distinct <= kills,
    `${asked.length - distinct} repeated requests for ${kills} kills`,
  );
});
