import { Queue } from "bullmq";
import type { Command } from "commander";
import { QueueWorker } from "../../data/queue-worker.js";
import { checkRedisUrl, connectRedis, DEFAULT_QUEUE, probeRedis, redact } from "../../data/redis.js";
import { setSignalForwarding, TrainerEvaluator } from "../../data/trainer.js";
import { getSpace } from "../../spaces/registry.js";
import { emit, intOption, numberOption, textTable } from "../common.js";

interface WorkerOptions {
  redis: string;
  trainer: string;
  concurrency: number;
  queue: string;
  evalTimeout?: number;
  retries: number;
  stalledInterval: number;
  maxStalled: number;
  trainerLog?: string;
  quiet?: boolean;
}

/**
 * `lissnas worker --redis URL --trainer "CMD"`: serves evaluation jobs from a BullMQ queue with the
 * trainer protocol (docs/distributed.md). `lissnas queue stats --redis URL`: the queue's job counts and
 * the workers connected to it.
 */
export function register(program: Command): void {
  program
    .command("worker")
    .description("take evaluation jobs from a Redis queue and run them with --trainer (docs/distributed.md)")
    .requiredOption("--redis <url>", "Redis URL: redis://[user:pass@]host:port[/db] or rediss:// (TLS)")
    .requiredOption("--trainer <command>", "the training program (the coordinator's --trainer, same argv)")
    .option("--concurrency <n>", "jobs run at once (trainer processes)", intOption("concurrency", 1, 1024), 1)
    .option("--queue <name>", "queue name", DEFAULT_QUEUE)
    .option("--eval-timeout <s>", "seconds per evaluation attempt", numberOption("eval-timeout", 0.001))
    .option("--retries <k>", "extra attempts of a failed evaluation", intOption("retries", 0, 100), 0)
    .option(
      "--stalled-interval <s>",
      "job lock and stalled-check period: a job whose worker died goes back to the queue after about this long",
      numberOption("stalled-interval", 0.2, 86_400),
      30,
    )
    .option(
      "--max-stalled <n>",
      "times a job may lose its worker before it fails",
      intOption("max-stalled", 0, 100),
      1,
    )
    .option("--trainer-log <file>", "append the trainers' stderr here")
    .option("--quiet", "no log lines on stderr (errors still print)")
    .action(runWorker);

  const queue = program.command("queue").description("inspect the evaluation queue (docs/distributed.md)");
  queue
    .command("stats")
    .description("waiting / active / completed / failed jobs and the workers connected")
    .requiredOption("--redis <url>", "Redis URL: redis://[user:pass@]host:port[/db] or rediss:// (TLS)")
    .option("--queue <name>", "queue name", DEFAULT_QUEUE)
    .option("--json", "print JSON")
    .action(queueStats);
}

async function runWorker(opts: WorkerOptions): Promise<void> {
  checkRedisUrl(opts.redis, opts.queue);
  // Parse the trainer command now: a bad one is a one-line usage error before connecting.
  new TrainerEvaluator({ command: opts.trainer, space: getSpace("nb201"), spaceSpec: "nb201" });
  const log = opts.quiet ? undefined : (line: string) => void process.stderr.write(`lissnas: ${line}\n`);
  const worker = await QueueWorker.start({
    redis: opts.redis,
    queue: opts.queue,
    concurrency: opts.concurrency,
    lockMs: Math.round(opts.stalledInterval * 1000),
    maxStalled: opts.maxStalled,
    log,
    evaluatorFor: (spaceSpec, space, evalSeed) =>
      new TrainerEvaluator({
        command: opts.trainer,
        space,
        spaceSpec,
        workers: opts.concurrency,
        timeoutS: opts.evalTimeout,
        retries: opts.retries,
        evalSeed,
        logFile: opts.trainerLog,
      }),
  });
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      log?.(`${sig}: finishing ${worker.inFlight} job(s) in flight, then stopping (again: hand them back)`);
      void worker.stop(false);
    } else {
      log?.(`${sig}: handing ${worker.inFlight} job(s) back to the queue`);
      void worker.stop(true);
    }
  };
  // the worker stops its trainers itself (graceful: after the jobs in flight)
  setSignalForwarding(false);
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    const fatal = await worker.wait();
    if (fatal) throw fatal;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    setSignalForwarding(true);
  }
}

interface StatsOptions {
  redis: string;
  queue: string;
  json?: boolean;
}

async function queueStats(opts: StatsOptions): Promise<void> {
  checkRedisUrl(opts.redis, opts.queue);
  await probeRedis(opts.redis);
  const conn = connectRedis(opts.redis, "lissnas-stats");
  const queue = new Queue(opts.queue, { connection: conn });
  queue.on("error", () => {});
  try {
    const counts = await queue.getJobCounts(
      "waiting",
      "active",
      "completed",
      "failed",
      "delayed",
      "prioritized",
    );
    // A worker holds several connections (jobs, blocking wait): one row per worker name.
    const byName = new Map<string, { name: string; addr: string; age: number }>();
    for (const w of await queue.getWorkers()) {
      const name = String(w.rawname ?? w.name ?? "").replace(/^.*:w:/, "");
      if (!byName.has(name)) byName.set(name, { name, addr: String(w.addr ?? ""), age: Number(w.age ?? 0) });
    }
    const workers = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    const result = { redis: redact(opts.redis), queue: opts.queue, jobs: counts, workers };
    emit(result, opts.json, () =>
      [
        `queue ${opts.queue} on ${result.redis}`,
        textTable(Object.keys(counts), [Object.values(counts)]),
        `workers connected: ${workers.length}`,
        ...(workers.length
          ? [
              textTable(
                ["worker", "address", "connected s"],
                workers.map((w) => [w.name, w.addr, w.age]),
              ),
            ]
          : []),
      ].join("\n"),
    );
  } finally {
    await queue.close();
    conn.disconnect();
  }
}
