import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Rng } from "../../src/core/rng.js";
import type { EvalOutcome, EvalRequest } from "../../src/data/async-evaluator.js";
import { engineRequest } from "../../src/data/engine.js";
import { jobIdOf, QUEUE_PROTOCOL, QueueEvaluator } from "../../src/data/queue.js";
import { QueueWorker } from "../../src/data/queue-worker.js";
import { connectRedis } from "../../src/data/redis.js";
import { TrainerEvaluator } from "../../src/data/trainer.js";
import { getSpace } from "../../src/spaces/registry.js";
import { ROOT } from "../helpers.js";
import { freePort, REDIS_SKIP, startRedis, type TestRedis } from "../helpers-redis.js";

const space = getSpace("nb201");
const TRAINER = join(ROOT, "test/fixtures/trainers/table-trainer.mjs");
const dir = mkdtempSync(join(tmpdir(), "lissnas-queue-"));

function trainerCmd(extra = ""): string {
  return `node ${TRAINER} ${extra}`.trim();
}

function trainer(command: string, workers = 1): TrainerEvaluator {
  return new TrainerEvaluator({ command, space, spaceSpec: "nb201", workers, closeGraceS: 0.5 });
}

function requests(seed: number, n: number, evaluator: TrainerEvaluator): EvalRequest[] {
  const rng = Rng.fromSeed(seed);
  const seen = new Set<string>();
  const out: EvalRequest[] = [];
  while (out.length < n) {
    const r = engineRequest(evaluator, space.sample(rng));
    if (!seen.has(r.key)) out.push(r);
    seen.add(r.key);
  }
  return out;
}

function logLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
}

async function openCoordinator(redis: TestRedis, identity: string, queue: string): Promise<QueueEvaluator> {
  return QueueEvaluator.open({
    redis: redis.url,
    queue,
    identity,
    evalSeed: 0,
    space,
    spaceSpec: "nb201",
    concurrency: 2,
    pollMs: 150,
  });
}

async function startWorker(redis: TestRedis, queue: string, command: string, concurrency = 2) {
  return QueueWorker.start({
    redis: redis.url,
    queue,
    concurrency,
    lockMs: 1000,
    evaluatorFor: (spaceSpec, s, evalSeed) =>
      new TrainerEvaluator({
        command,
        space: s,
        spaceSpec,
        workers: concurrency,
        evalSeed,
        closeGraceS: 0.5,
      }),
  });
}

const metricsOf = (outs: EvalOutcome[]) => outs.map((o) => [o.status, o.metrics, o.error]);

describe("QueueEvaluator + QueueWorker on a real redis-server", { skip: REDIS_SKIP }, () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a batch through the queue equals the in-process trainer; resubmissions and a restarted coordinator redo nothing", async () => {
    const log = join(dir, "batch.log");
    const cmd = trainerCmd(`--log ${log}`);
    const local = trainer(cmd, 2);
    const reqs = requests(1, 10, local);
    const expected = await Promise.all(reqs.map((r) => local.evaluate(r)));
    await local.close();
    rmSync(log);
    const worker = await startWorker(redis, "batch", cmd);
    const coordinator = await openCoordinator(redis, local.identity, "batch");
    try {
      // every request twice at once: the queue holds one job per deterministic id
      const got = await Promise.all([...reqs, ...reqs].map((r) => coordinator.evaluate(r)));
      assert.deepEqual(metricsOf(got.slice(0, 10)), metricsOf(expected));
      assert.deepEqual(metricsOf(got.slice(10)), metricsOf(expected));
      assert.equal(
        expected.every((o) => o.status === "ok"),
        true,
      );
      const calls = logLines(log);
      assert.equal(calls.length, 10, "each evaluation ran once");
      assert.equal(new Set(calls.map((l) => l.split(" ")[0])).size, 10);
      assert.deepEqual(coordinator.counts(), { submitted: 10, done: 10, failed: 0, workersSeen: 1 });
    } finally {
      await coordinator.close();
    }
    // a new coordinator (e.g. restarted after kill -9) takes the kept results; the trainer is not asked again
    const again = await openCoordinator(redis, local.identity, "batch");
    try {
      const got = await Promise.all(reqs.map((r) => again.evaluate(r)));
      assert.deepEqual(metricsOf(got), metricsOf(expected));
      assert.equal(logLines(log).length, 10);
    } finally {
      await again.close();
      await worker.stop();
    }
  });

  test("a worker running another trainer fails the job with the reason; its trainer never runs", async () => {
    const log = join(dir, "other.log");
    const worker = await startWorker(redis, "identity", trainerCmd(`--log ${log}`));
    const theirs = trainer(trainerCmd("--metric other"));
    const coordinator = await openCoordinator(redis, theirs.identity, "identity");
    try {
      const [o] = await Promise.all(requests(2, 1, theirs).map((r) => coordinator.evaluate(r)));
      assert.equal(o.status, "failed");
      assert.match(
        o.error ?? "",
        /job wants evaluator 'trainer .*--metric.*other.*', worker .* runs 'trainer /,
      );
      assert.equal(o.metrics, undefined);
      assert.deepEqual(logLines(log), []);
    } finally {
      await coordinator.close();
      await worker.stop();
    }
    // the wrong worker replaced by the right one, a new coordinator: the refused job is retried once and runs
    const right = await startWorker(redis, "identity", trainerCmd("--metric other"));
    const again = await openCoordinator(redis, theirs.identity, "identity");
    try {
      const [o] = await Promise.all(requests(2, 1, theirs).map((r) => again.evaluate(r)));
      assert.equal(o.status, "ok", o.error);
      assert.equal(typeof o.metrics?.other, "number");
    } finally {
      await again.close();
      await right.stop();
      await theirs.close();
    }
  });

  test("malformed jobs, another protocol version, an unknown space, a wrong key: failed jobs with their reason", async () => {
    const log = join(dir, "bad.log");
    const worker = await startWorker(redis, "bad", trainerCmd(`--log ${log}`));
    const conn = connectRedis(redis.url, "test");
    const queue = new Queue("bad", { connection: conn });
    const eventsConn = connectRedis(redis.url, "test-events");
    const events = new QueueEvents("bad", { connection: eventsConn });
    await events.waitUntilReady();
    const arch = space.format(space.canonical(space.sample(Rng.fromSeed(3))));
    const key = String(space.key(space.parse(arch)));
    const good = {
      v: QUEUE_PROTOCOL,
      id: "x",
      space: "nb201",
      arch,
      key,
      seed: 1,
      evalSeed: 0,
      identity: "i",
    };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...good, arch: undefined }, /malformed job: field 'arch' missing/],
      [{ ...good, seed: "one" }, /malformed job: field 'seed'/],
      [{ ...good, v: 99 }, /protocol version 99, this worker speaks 1/],
      [{ ...good, space: "no-such-space" }, /no-such-space/],
      [{ ...good, key: "12345678" }, /has key \d+, not 12345678/],
      [{ ...good, arch: "|bogus~0|+|" }, /bogus/],
    ];
    try {
      for (const [i, [data, reason]] of cases.entries()) {
        const job = await queue.add("evaluate", data, { jobId: `bad-${i}` });
        await assert.rejects(job.waitUntilFinished(events, 10_000), reason);
        const state = await (await queue.getJob(`bad-${i}`))?.getState();
        assert.equal(state, "failed");
      }
      assert.deepEqual(logLines(log), [], "no bad job reached the trainer");
      assert.equal(worker.tally.rejected, cases.length);
    } finally {
      await events.close();
      await queue.close();
      conn.disconnect();
      eventsConn.disconnect();
      await worker.stop();
    }
  });

  test("a job of another evaluator under our id, and a result from another evaluator, are failed outcomes", async () => {
    const mine = trainer(trainerCmd());
    const [req] = requests(4, 1, mine);
    const conn = connectRedis(redis.url, "test");
    const queue = new Queue("foreign", { connection: conn });
    // a job already in the queue under the id we will use, but of another evaluator (e.g. another version)
    const foreign = { ...req, v: QUEUE_PROTOCOL, evalSeed: 0, identity: 'trainer ["x"]', space: "nb201" };
    await queue.add("evaluate", foreign, { jobId: jobIdOf(mine.identity, "nb201", req.key) });
    // a rogue worker on a second queue that answers for another evaluator
    const rogueConn = connectRedis(redis.url, "rogue");
    const rogue = new Worker(
      "rogue",
      async (job) => ({
        v: QUEUE_PROTOCOL,
        identity: 'trainer ["impostor"]',
        key: job.data.key,
        worker: "rogue:1",
        outcome: { status: "ok", metrics: { accuracy: 99 }, attempts: 1, seconds: 0 },
      }),
      { connection: rogueConn },
    );
    const a = await openCoordinator(redis, mine.identity, "foreign");
    const b = await openCoordinator(redis, mine.identity, "rogue");
    try {
      const oa = await a.evaluate(req);
      assert.equal(oa.status, "failed");
      assert.match(oa.error ?? "", /in queue foreign holds a job of evaluator 'trainer \["x"\]'/);
      const ob = await b.evaluate(req);
      assert.equal(ob.status, "failed");
      assert.match(ob.error ?? "", /result from another evaluator \(identity 'trainer \["impostor"\]'/);
      assert.equal(ob.metrics, undefined);
    } finally {
      await a.close();
      await b.close();
      await rogue.close();
      await queue.close();
      conn.disconnect();
      rogueConn.disconnect();
      await mine.close();
    }
  });

  test("Redis restarted mid-run (its data lost): coordinator and worker reconnect and every evaluation finishes", async () => {
    const local = trainer(trainerCmd());
    const reqs = requests(5, 8, local);
    const expected = await Promise.all(reqs.map((r) => local.evaluate(r)));
    await local.close();
    const r2 = await startRedis();
    const cmd = trainerCmd("--sleep 0.25");
    const identity = trainer(cmd).identity;
    const worker = await startWorker(r2, "restart", cmd);
    const coordinator = await openCoordinator(r2, identity, "restart");
    try {
      const pending = Promise.all(reqs.map((r) => coordinator.evaluate(r)));
      while (coordinator.counts().done < 2) await new Promise((r) => setTimeout(r, 50));
      await r2.restart({ downMs: 400 });
      const got = await pending;
      assert.deepEqual(metricsOf(got), metricsOf(expected));
    } finally {
      await coordinator.close();
      await worker.stop();
      await r2.stop();
    }
  });

  test("unreachable Redis and wrong credentials: one-line errors without the password", async () => {
    const port = await freePort();
    const open = (url: string) =>
      QueueEvaluator.open({
        redis: url,
        identity: "i",
        evalSeed: 0,
        space,
        spaceSpec: "nb201",
        concurrency: 1,
      });
    await assert.rejects(open(`redis://127.0.0.1:${port}`), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(`^cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)$`),
      );
      return true;
    });
    const locked = await startRedis(["--requirepass", "s3cret"]);
    try {
      await assert.rejects(open(`redis://:wrong-pass@127.0.0.1:${locked.port}`), (e: Error) => {
        assert.match(
          e.message,
          /^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ refused the credentials \(WRONGPASS/,
        );
        assert.doesNotMatch(e.message, /wrong-pass/);
        return true;
      });
      await assert.rejects(open(locked.url), /refused the credentials \(NOAUTH/);
      const ok = await open(`redis://:s3cret@127.0.0.1:${locked.port}`);
      await ok.close();
    } finally {
      await locked.stop();
    }
    await assert.rejects(open("http://127.0.0.1:1"), /--redis must be a redis:\/\/ or rediss:\/\/ URL/);
    await assert.rejects(
      QueueEvaluator.open({
        redis: "redis://h",
        queue: "a:b",
        identity: "i",
        evalSeed: 0,
        space,
        spaceSpec: "nb201",
        concurrency: 1,
      }),
      /--queue must be a non-empty name without ':'/,
    );
    writeFileSync(join(dir, "done"), "");
  });
});
