import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Queue } from "bullmq";
import { Rng } from "../../src/core/rng.js";
import { engineRequest } from "../../src/data/engine.js";
import { jobIdOf, QueueEvaluator } from "../../src/data/queue.js";
import { connectRedis } from "../../src/data/redis.js";
import { TrainerEvaluator } from "../../src/data/trainer.js";
import { getSpace } from "../../src/spaces/registry.js";
import { EvaluationStore } from "../../src/store/evaluations.js";
import { ROOT } from "../helpers.js";
import { freePort, REDIS_SKIP, startRedis, type TestRedis } from "../helpers-redis.js";
import { expectError, runCli } from "./run.js";

/**
 * `lissnas worker` processes against a redis-server the tests start: a coordinator + 3 workers equal the
 * in-process run; kill -9 of a worker mid-job and of the coordinator; SIGTERM; one-line errors.
 */
const TRAINER = join(ROOT, "test/fixtures/trainers/table-trainer.mjs");
const MAIN = join(ROOT, "src/cli/main.ts");
const dir = mkdtempSync(join(tmpdir(), "lissnas-worker-"));
const children = new Set<ChildProcess>();

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnCli(args: string[]): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, out: () => out, err: () => err, exit };
}

function startWorkers(n: number, redis: TestRedis, queue: string, trainer: string): Proc[] {
  return Array.from({ length: n }, () =>
    spawnCli([
      "worker",
      "--redis",
      redis.url,
      "--queue",
      queue,
      "--trainer",
      trainer,
      "--stalled-interval",
      "1",
    ]),
  );
}

async function stopAll(procs: Proc[]): Promise<void> {
  for (const p of procs) p.child.kill("SIGTERM");
  const exits = await Promise.all(procs.map((p) => p.exit));
  for (const e of exits) if (e.signal !== "SIGKILL") assert.deepEqual(e, { code: 0, signal: null });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function logLines(file: string): Array<{ arch: string; pid: number }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => ({ arch: l.split(" ")[0], pid: Number(l.split(" ")[1]) }));
}

/** The parent pid of a process (Linux /proc): which worker runs a trainer process. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** A search's JSON without what names the evaluator (the queue's name/identity differ from the in-process one). */
function resultOf(stdout: string): unknown {
  const r = JSON.parse(stdout);
  delete r.evaluation;
  delete r.data;
  delete r.evaluator;
  return r;
}

const SEARCH = [
  "search",
  "--space",
  "nb201",
  "--metric",
  "accuracy",
  "--algo",
  "ls",
  "--runs",
  "1",
  "--seed",
  "3",
];

describe("lissnas worker / search --redis with worker processes", { skip: REDIS_SKIP }, () => {
  let redis: TestRedis;
  let threeEvaluated = -1;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    for (const c of children) c.kill("SIGKILL");
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a coordinator and 3 worker processes finish a search equal to the in-process run", async () => {
    const log = join(dir, "three.log");
    const trainer = `node ${TRAINER} --log ${log}`;
    const workers = startWorkers(3, redis, "three", trainer);
    const args = [...SEARCH, "--budget", "24", "--workers", "3", "--trainer", trainer, "--json", "--quiet"];
    const q = await runCli([...args, "--redis", redis.url, "--queue", "three", "--store", join(dir, "q.db")]);
    assert.equal(q.code, 0, q.stderr);
    const calls = logLines(log);
    assert.equal(new Set(calls.map((c) => c.arch)).size, calls.length, "no evaluation ran twice");
    const byWorker = new Set(calls.map((c) => parentOf(c.pid)));
    await stopAll(workers);
    rmSync(log);
    const local = await runCli([...args, "--store", join(dir, "l.db")]);
    assert.equal(local.code, 0, local.stderr);
    assert.deepEqual(resultOf(q.stdout), resultOf(local.stdout));
    assert.equal(JSON.parse(q.stdout).evaluation.identity, JSON.parse(local.stdout).evaluation.identity);
    assert.equal(JSON.parse(q.stdout).evaluation.evaluated, calls.length);
    threeEvaluated = calls.length;
    assert.ok(byWorker.size >= 2, `jobs ran on ${byWorker.size} worker(s)`);
  });

  test("a worker killed with kill -9 mid-job: the job completes on another worker, each evaluation stored once", async () => {
    const log = join(dir, "kill.log");
    const store = join(dir, "kill.db");
    const trainer = `node ${TRAINER} --sleep 0.6 --log ${log}`;
    const workers = startWorkers(2, redis, "kill", trainer);
    const args = [...SEARCH, "--budget", "8", "--workers", "2", "--trainer", trainer, "--json", "--quiet"];
    const search = runCli([...args, "--redis", redis.url, "--queue", "kill", "--store", store]);
    await until("a first job to start", () => logLines(log).length > 0);
    const first = logLines(log)[0];
    const victim = workers.find((w) => w.child.pid === parentOf(first.pid));
    assert.ok(victim, "the trainer of the first job belongs to a worker");
    victim.child.kill("SIGKILL");
    const r = await search;
    assert.equal(r.code, 0, r.stderr);
    const calls = logLines(log);
    const again = calls.filter((c) => c.arch === first.arch);
    assert.equal(again.length, 2, "the killed job ran once more, on another worker");
    assert.notEqual(parentOf(again[1].pid), victim.child.pid);
    const s = EvaluationStore.openReadOnly(store);
    const records = s.all();
    s.close();
    assert.equal(new Set(records.map((x) => x.key)).size, records.length, "each evaluation stored once");
    assert.equal(records.length, JSON.parse(r.stdout).evaluation.evaluated);
    assert.equal(records.find((x) => x.arch === first.arch)?.status, "ok");
    assert.equal(calls.length, records.length + 1);
    await stopAll(workers);
  });

  test("the coordinator killed with kill -9 and restarted: same result, no finished job redone", async () => {
    const log = join(dir, "coord.log");
    const store = join(dir, "coord.db");
    const trainer = `node ${TRAINER} --sleep 0.3 --log ${log}`;
    const workers = startWorkers(2, redis, "coord", trainer);
    const args = [...SEARCH, "--budget", "16", "--workers", "2", "--trainer", trainer, "--json", "--quiet"];
    const queued = [...args, "--redis", redis.url, "--queue", "coord", "--store", store];
    const first = spawnCli(queued);
    await until("4 evaluations", () => logLines(log).length >= 4);
    first.child.kill("SIGKILL");
    await first.exit;
    await sleep(800); // jobs in flight finish while no coordinator runs
    const second = spawnCli(queued);
    const ended = await second.exit;
    assert.deepEqual(ended, { code: 0, signal: null }, second.err());
    const calls = logLines(log);
    assert.equal(new Set(calls.map((c) => c.arch)).size, calls.length, "no evaluation ran twice");
    await stopAll(workers);
    const local = await runCli([
      ...SEARCH,
      "--budget",
      "16",
      "--workers",
      "2",
      "--trainer",
      `node ${TRAINER}`,
      "--json",
    ]);
    assert.equal(local.code, 0, local.stderr);
    assert.deepEqual(resultOf(second.out()), resultOf(local.stdout));
    assert.ok(
      JSON.parse(second.out()).evaluation.replayed > 0,
      "the restarted run replayed stored evaluations",
    );
  });

  test("SIGTERM: the worker finishes the job in flight, then exits 0", async () => {
    const log = join(dir, "term.log");
    const trainer = `node ${TRAINER} --sleep 1 --log ${log}`;
    const [worker] = startWorkers(1, redis, "term", trainer);
    const space = getSpace("nb201");
    const local = new TrainerEvaluator({ command: trainer, space, spaceSpec: "nb201" });
    const coordinator = await QueueEvaluator.open({
      redis: redis.url,
      queue: "term",
      identity: local.identity,
      evalSeed: 0,
      space,
      spaceSpec: "nb201",
      concurrency: 1,
      pollMs: 200,
    });
    try {
      const outcome = coordinator.evaluate(engineRequest(local, space.sample(Rng.fromSeed(9))));
      await until("the job to start", () => logLines(log).length === 1);
      worker.child.kill("SIGTERM");
      assert.deepEqual(await worker.exit, { code: 0, signal: null });
      assert.match(worker.err(), /SIGTERM: finishing 1 job\(s\) in flight/);
      const o = await outcome;
      assert.equal(o.status, "ok", o.error);
    } finally {
      await coordinator.close();
      await local.close();
    }
  });

  test("a worker whose trainer cannot start hands the job back and exits with one line", async () => {
    const trainer = join(dir, "no-such-trainer");
    const worker = spawnCli([
      "worker",
      "--redis",
      redis.url,
      "--queue",
      "fatal",
      "--trainer",
      trainer,
      "--quiet",
    ]);
    const space = getSpace("nb201");
    const local = new TrainerEvaluator({ command: trainer, space, spaceSpec: "nb201" });
    const coordinator = await QueueEvaluator.open({
      redis: redis.url,
      queue: "fatal",
      identity: local.identity,
      evalSeed: 0,
      space,
      spaceSpec: "nb201",
      concurrency: 1,
    });
    const req = engineRequest(local, space.sample(Rng.fromSeed(4)));
    const pending = coordinator.evaluate(req).catch((e: Error) => e);
    try {
      const ended = await worker.exit;
      assert.equal(ended.code, 1);
      const lines = worker.err().trim().split("\n");
      assert.equal(lines.length, 1, worker.err());
      assert.match(lines[0], /^lissnas: .*no-such-trainer/);
      const conn = connectRedis(redis.url, "test");
      const queue = new Queue("fatal", { connection: conn });
      const job = await queue.getJob(jobIdOf(local.identity, "nb201", req.key));
      assert.equal(await job?.getState(), "waiting", "handed back for another worker");
      await queue.close();
      conn.disconnect();
    } finally {
      await coordinator.close();
      await local.close();
    }
    assert.match(String(await pending), /closed while job .* was pending/);
  });

  test("queue stats counts the jobs and the workers connected", async () => {
    const workers = startWorkers(1, redis, "three", `node ${TRAINER}`);
    await until("the worker to connect", () => /serving/.test(workers[0].err()));
    const r = await runCli(["queue", "stats", "--redis", redis.url, "--queue", "three", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.jobs.completed, threeEvaluated, "the first test's jobs are kept");
    assert.equal(s.jobs.failed + s.jobs.waiting + s.jobs.active, 0, JSON.stringify(s.jobs));
    assert.equal(s.workers.length, 1);
    assert.equal(s.workers[0].name, `${hostname()}:${workers[0].child.pid}`);
    await stopAll(workers);
  });

  test("bad input: one-line errors for an unreachable Redis, a wrong password, bad URLs and options", async () => {
    const port = await freePort();
    await expectError(
      ["worker", "--redis", `redis://127.0.0.1:${port}`, "--trainer", "node x.mjs"],
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    await expectError(["queue", "stats", "--redis", `redis://127.0.0.1:${port}`], /cannot reach Redis/);
    const locked = await startRedis(["--requirepass", "s3cret"]);
    try {
      await expectError(
        ["worker", "--redis", `redis://:nope@127.0.0.1:${locked.port}`, "--trainer", "node x.mjs"],
        /refused the credentials \(WRONGPASS/,
      );
      await expectError(["queue", "stats", "--redis", locked.url], /refused the credentials \(NOAUTH/);
    } finally {
      await locked.stop();
    }
    await expectError(
      ["worker", "--redis", "localhost:6379", "--trainer", "x"],
      /--redis must be a redis:\/\/ or rediss:\/\//,
    );
    await expectError(
      ["worker", "--redis", redis.url, "--queue", "a:b", "--trainer", "x"],
      /--queue must be/,
    );
    await expectError(
      ["worker", "--redis", redis.url, "--trainer", "'unbalanced"],
      /--trainer: unbalanced single quote/,
    );
    await expectError([...SEARCH, "--budget", "5", "--redis", redis.url], /--redis needs --trainer/);
  });
});
