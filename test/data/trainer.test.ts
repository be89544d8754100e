import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { LissnasError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { TrainerEvaluator } from "../../src/data/trainer.js";
import { nb201 } from "../../src/spaces/nb201/space.js";
import { ROOT } from "../helpers.js";

const FIXTURE = resolve(ROOT, "test/fixtures/trainers/table-trainer.mjs");
const DIR = mkdtempSync(join(tmpdir(), "lissnas-trainer-"));
after(() => rmSync(DIR, { recursive: true, force: true }));

function trainer(args: string, opts: Partial<ConstructorParameters<typeof TrainerEvaluator>[0]> = {}) {
  return new TrainerEvaluator({
    command: `'${process.execPath}' '${FIXTURE}' ${args}`,
    space: nb201,
    spaceSpec: "nb201",
    ...opts,
  });
}

function archs(n: number, seed = 1) {
  const rng = Rng.fromSeed(seed);
  const seen = new Map<number, Uint8Array>();
  while (seen.size < n) {
    const a = nb201.sample(rng);
    seen.set(nb201.key(a), a);
  }
  return [...seen.values()];
}

/** Every process the evaluator started has exited (signal 0 fails with ESRCH). */
function assertNoneAlive(ev: TrainerEvaluator): void {
  assert.ok(ev.pids.length > 0);
  for (const pid of ev.pids) {
    assert.throws(() => process.kill(pid, 0), /ESRCH/, `process ${pid} left behind`);
  }
}

async function one(args: string, opts: Partial<ConstructorParameters<typeof TrainerEvaluator>[0]> = {}) {
  const ev = trainer(args, opts);
  try {
    return { outcome: await ev.evaluate(TrainerEvaluator.requestFor(ev, archs(1)[0])), ev };
  } finally {
    await ev.close();
    assertNoneAlive(ev);
  }
}

test("answers from a table: metrics as replied, request carries space, canonical arch, key and seed", async () => {
  const [a, b] = archs(2);
  const table = join(DIR, "t.json");
  const fa = nb201.format(nb201.canonical(a));
  writeFileSync(table, JSON.stringify({ [fa]: { accuracy: 91.25, params: 3 } }));
  const log = join(DIR, "calls.log");
  const ev = trainer(`'${table}' --log '${log}'`, { evalSeed: 7 });
  try {
    const req = TrainerEvaluator.requestFor(ev, a, 7);
    assert.equal(req.space, "nb201");
    assert.equal(req.arch, fa);
    assert.equal(req.key, String(nb201.key(a)));
    assert.equal(req.seed, TrainerEvaluator.evalSeed(7, req.key));
    assert.notEqual(req.seed, TrainerEvaluator.evalSeed(8, req.key));
    const ok = await ev.evaluate(req);
    assert.equal(ok.status, "ok");
    assert.deepEqual(ok.metrics, { accuracy: 91.25, params: 3 });
    assert.equal(ok.attempts, 1);
    assert.ok(ok.seconds > 0 && ok.seconds < 10);
    // an arch the table lacks: the trainer's `error` reply is a failed evaluation with its reason
    const missing = await ev.evaluate(TrainerEvaluator.requestFor(ev, b, 7));
    assert.equal(missing.status, "failed");
    assert.match(missing.error ?? "", /^trainer error: architecture .* is not in the table$/);
    assert.equal(readFileSync(log, "utf8").trim().split("\n").length, 2);
  } finally {
    await ev.close();
  }
  assertNoneAlive(ev);
});

test("identity depends on argv (as parsed), space and eval seed — not on quoting or time", () => {
  const a = trainer("--mode ok");
  const b = new TrainerEvaluator({
    command: `${process.execPath}   ${FIXTURE} "--mode" ok`,
    space: nb201,
    spaceSpec: "nb201",
  });
  assert.equal(a.identity, b.identity);
  assert.notEqual(a.identity, trainer("--mode ok", { evalSeed: 1 }).identity);
  assert.notEqual(a.identity, trainer("--mode ok", { spaceSpec: "nb201x" }).identity);
  assert.notEqual(a.identity, trainer("--mode error").identity);
  assert.match(a.name, /^trainer: /);
});

const BAD: Array<[string, RegExp]> = [
  ["crash", /^trainer exited with code 1 during the evaluation: table-trainer: segmentation fault/],
  ["garbage", /^non-JSON line on the trainer's stdout .*'epoch 1\/3 loss=2\.31'$/],
  ["nan", /non-finite metric value \(NaN\)/],
  ["inf", /^metric 'accuracy' is not a finite number \(Infinity\)$/],
  ["missing", /^reply has no 'metrics' object$/],
  ["wrong-id", /^reply for id ".*-other", expected '.*'/],
  ["dup", /^two replies for evaluation/],
  ["huge", /^reply line longer than 1048576 characters/],
  ["error", /^trainer error: CUDA out of memory \(simulated\)$/],
];
for (const [mode, reason] of BAD) {
  test(`a trainer in mode '${mode}' gives a failed evaluation with its reason, leaving no process`, async () => {
    const { outcome } = await one(`--mode ${mode}`);
    assert.equal(outcome.status, "failed");
    assert.equal(outcome.metrics, undefined);
    assert.equal(outcome.attempts, 1);
    assert.match(outcome.error ?? "", reason);
    assert.doesNotMatch(outcome.error ?? "", /\n/);
  });
}

test("a hanging trainer times out, is killed, and the next evaluation gets a fresh process", async () => {
  const ev = trainer("--mode hang", { timeoutS: 0.4, retries: 1 });
  try {
    const t0 = performance.now();
    const r = await ev.evaluate(TrainerEvaluator.requestFor(ev, archs(1)[0]));
    const s = (performance.now() - t0) / 1000;
    assert.equal(r.status, "failed");
    assert.match(r.error ?? "", /^timed out after 0\.4 s/);
    assert.equal(r.attempts, 2);
    assert.ok(s >= 0.8 && s < 5, `two 0.4 s attempts took ${s} s`);
    assert.equal(ev.pids.length, 2);
  } finally {
    await ev.close();
  }
  assertNoneAlive(ev);
});

test("retries: a trainer that crashes once succeeds on attempt 2 (restarted)", async () => {
  const state = join(DIR, "crash-once.state");
  const { outcome, ev } = await one(`--mode crash-once --state '${state}'`, { retries: 2 });
  assert.equal(outcome.status, "ok");
  assert.equal(outcome.attempts, 2);
  assert.equal(ev.pids.length, 2);
  // without retries the same crash is a failed evaluation
  rmSync(state);
  const again = await one(`--mode crash-once --state '${state}'`);
  assert.equal(again.outcome.status, "failed");
  assert.equal(again.outcome.attempts, 1);
});

test("not found / not executable / exits at start: one-line fatal errors naming the trainer", async () => {
  const notFound = new TrainerEvaluator({
    command: "no-such-trainer-xyz --a",
    space: nb201,
    spaceSpec: "nb201",
  });
  await assert.rejects(
    notFound.evaluate(TrainerEvaluator.requestFor(notFound, archs(1)[0])),
    (e: unknown) =>
      e instanceof LissnasError &&
      e.message ===
        "trainer: no-such-trainer-xyz --a: cannot start 'no-such-trainer-xyz': not found (ENOENT)",
  );
  // later evaluations reject with the same error
  await assert.rejects(notFound.evaluate(TrainerEvaluator.requestFor(notFound, archs(1)[0])), /not found/);
  await notFound.close();

  const script = join(DIR, "not-executable.sh");
  writeFileSync(script, "#!/bin/sh\necho hi\n");
  chmodSync(script, 0o644);
  const noExec = new TrainerEvaluator({ command: `'${script}'`, space: nb201, spaceSpec: "nb201" });
  await assert.rejects(
    noExec.evaluate(TrainerEvaluator.requestFor(noExec, archs(1)[0])),
    /not executable \(EACCES\)/,
  );
  await noExec.close();

  const ev = trainer("--mode exit-at-start", { retries: 5, workers: 2 });
  const reqs = archs(4).map((a) => ev.evaluate(TrainerEvaluator.requestFor(ev, a)));
  const results = await Promise.allSettled(reqs);
  await ev.close();
  const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
  assert.ok(rejected.length >= 1);
  for (const r of rejected) {
    assert.ok(r.reason instanceof LissnasError);
    assert.match(
      r.reason.message,
      /^trainer: .*: the trainer died [34] times in a row before answering anything \(last: trainer exited with code 3 during the evaluation: table-trainer: cannot load the model\)$/,
    );
  }
  assert.ok(ev.pids.length <= 4, `${ev.pids.length} starts`);
  assertNoneAlive(ev);
});

test("stderr goes to the log file, prefixed by pid", async () => {
  const logFile = join(DIR, "stderr.log");
  const { ev } = await one("--mode crash", { logFile });
  const text = readFileSync(logFile, "utf8");
  assert.equal(text, `[pid ${ev.pids[0]}] table-trainer: segmentation fault (simulated)\n`);
});

test("workers: 4 uses 4 processes and runs 8 sleeping evaluations faster than workers: 1", async () => {
  const timeIt = async (workers: number) => {
    const log = join(DIR, `workers-${workers}.log`);
    const ev = trainer(`--sleep 0.3 --log '${log}'`, { workers });
    const t0 = performance.now();
    try {
      const out = await Promise.all(archs(8, 5).map((a) => ev.evaluate(TrainerEvaluator.requestFor(ev, a))));
      assert.ok(out.every((o) => o.status === "ok"));
    } finally {
      await ev.close();
    }
    assertNoneAlive(ev);
    const pids = new Set(
      readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[1]),
    );
    return { s: (performance.now() - t0) / 1000, pids: pids.size };
  };
  const four = await timeIt(4);
  const single = await timeIt(1);
  assert.equal(four.pids, 4);
  assert.equal(single.pids, 1);
  assert.ok(single.s >= 8 * 0.3, `workers 1: ${single.s} s`);
  // 8 × 0.3 s sequential ≥ 2.4 s; 4 workers: 2 rounds of 0.3 s plus start-up
  assert.ok(four.s < single.s * 0.6, `workers 4: ${four.s} s vs workers 1: ${single.s} s`);
});

test("close ends even a process that ignores the end of its input (SIGTERM after the grace period)", async () => {
  const ev = trainer("--mode hang", { timeoutS: 30, closeGraceS: 0.3 });
  const pending = ev.evaluate(TrainerEvaluator.requestFor(ev, archs(1)[0]));
  await new Promise((r) => setTimeout(r, 200));
  await ev.close();
  assertNoneAlive(ev);
  const r = await pending;
  assert.equal(r.status, "failed");
});

test("bad options are UsageErrors", () => {
  assert.throws(() => trainer("", { workers: 0 }), /--workers must be a positive integer/);
  assert.throws(() => trainer("", { retries: -1 }), /--retries/);
  assert.throws(() => trainer("", { timeoutS: 0 }), /--eval-timeout/);
  assert.throws(
    () => new TrainerEvaluator({ command: "  ", space: nb201, spaceSpec: "nb201" }),
    /empty command/,
  );
});

/** Whether a pid is a running process (absent, or a zombie awaiting its reaper, counts as gone). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(stat, "utf8"));
  } catch {
    return false;
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`${signal} to lissnas reaches the trainers (own process group): none outlives it`, async () => {
    const log = join(DIR, `signal-${signal}.log`);
    const helper = resolve(ROOT, "test/fixtures/trainers/evaluate-forever.ts");
    const child = spawn(process.execPath, ["--import", "tsx", helper, FIXTURE, log], { stdio: "ignore" });
    const pids = async (): Promise<number[]> => {
      for (let i = 0; i < 200; i++) {
        const lines = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [];
        if (lines.length >= 2) return lines.map((l) => Number(l.split(" ")[1]));
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("the trainers never received their requests");
    };
    const trainers = await pids();
    assert.ok(trainers.every(running));
    const exited = new Promise<string | null>((r) => child.once("exit", (_c, s) => r(s)));
    child.kill(signal);
    assert.equal(await exited, signal, "lissnas still ends by the signal's default action");
    for (let i = 0; i < 40 && trainers.some(running); i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(trainers.filter(running), [], "trainers left behind");
  });
}
