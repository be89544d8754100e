/**
 * Distributed evaluation through BullMQ + Redis (issue #12), on loopback, in one run:
 *
 * 1. Queue overhead: jobs per second through the queue with a trainer that answers at once — 1 coordinator
 *    (a QueueEvaluator in this process) and 4 `lissnas worker` processes (concurrency 1 each), `--jobs`
 *    distinct NB201 evaluations submitted at once; `--rounds` rounds, each on a fresh `--eval-seed` (so no
 *    job id repeats), median and range.
 * 2. Scaling: wall time of `lissnas search --algo rs --budget 200 --runs 1` (200 evaluations) with a trainer
 *    that sleeps 0.2 s per evaluation, through a queue served by 1 worker process (`--workers 1`) vs one
 *    served by 4 (`--workers 4`); the two alternate within each round, on the same fresh eval seed.
 *    Target: 4 workers ≥ 3.2× faster. Wall time of the whole coordinator command (its start included).
 *
 *   node --import tsx bench/queue.ts [--jobs 2000] [--rounds 3] [--budget 200] [--sleep 0.2]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { Rng } from "../src/core/rng.js";
import { engineRequest } from "../src/data/engine.js";
import { QueueEvaluator } from "../src/data/queue.js";
import { TrainerEvaluator } from "../src/data/trainer.js";
import { getSpace } from "../src/spaces/registry.js";
import { startRedis, type TestRedis } from "../test/helpers-redis.js";
import { arg } from "./args.js";

const ROOT = resolve(import.meta.dirname, "..");
const MAIN = join(ROOT, "src/cli/main.ts");
const TRAINER = join(ROOT, "test/fixtures/trainers/table-trainer.mjs");
const JOBS = Number(arg("jobs", "2000"));
const ROUNDS = Number(arg("rounds", "3"));
const BUDGET = Number(arg("budget", "200"));
const SLEEP = Number(arg("sleep", "0.2"));
const space = getSpace("nb201");
const procs = new Set<ChildProcess>();

function cli(args: string[], quiet = true): { child: ChildProcess; done: Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", quiet ? "ignore" : "inherit"],
  });
  procs.add(child);
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const done = new Promise<string>((res, rej) =>
    child.once("exit", (code) => {
      procs.delete(child);
      if (code === 0) res(out);
      else rej(new Error(`lissnas ${args[0]} exited ${code}`));
    }),
  );
  return { child, done };
}

function workers(n: number, redis: TestRedis, queue: string, trainer: string): ChildProcess[] {
  return Array.from(
    { length: n },
    () => cli(["worker", "--redis", redis.url, "--queue", queue, "--trainer", trainer, "--quiet"]).child,
  );
}

/** Distinct canonical NB201 architectures (the first `n` of a seeded stream). */
function distinctRequests(evaluator: TrainerEvaluator, n: number, evalSeed: number) {
  const rng = Rng.fromSeed(12);
  const seen = new Set<string>();
  const out = [];
  while (out.length < n) {
    const r = engineRequest(evaluator, space.sample(rng), evalSeed);
    if (!seen.has(r.key)) out.push(r);
    seen.add(r.key);
  }
  return out;
}

async function throughputRound(redis: TestRedis, trainer: string, evalSeed: number): Promise<number> {
  const local = new TrainerEvaluator({ command: trainer, space, spaceSpec: "nb201", evalSeed });
  const reqs = distinctRequests(local, JOBS, evalSeed);
  const q = await QueueEvaluator.open({
    redis: redis.url,
    queue: "throughput",
    identity: local.identity,
    evalSeed,
    space,
    spaceSpec: "nb201",
    concurrency: 4,
    pollMs: 1000,
  });
  const t0 = performance.now();
  const outs = await Promise.all(reqs.map((r) => q.evaluate(r)));
  const s = (performance.now() - t0) / 1000;
  await q.close();
  if (outs.some((o) => o.status !== "ok")) throw new Error("a throughput job failed");
  return JOBS / s;
}

async function searchSeconds(redis: TestRedis, queue: string, trainer: string, w: number, evalSeed: number) {
  const args = ["search", "--space", "nb201", "--algo", "rs", "--budget", String(BUDGET), "--runs", "1"];
  const more = ["--metric", "accuracy", "--trainer", trainer, "--workers", String(w), "--eval-seed"];
  const t0 = performance.now();
  const out = await cli([
    ...args,
    ...more,
    String(evalSeed),
    "--redis",
    redis.url,
    "--queue",
    queue,
    "--json",
  ]).done;
  const s = (performance.now() - t0) / 1000;
  const evaluated = JSON.parse(out).evaluation.evaluated as number;
  return { s, evaluated };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], d: number) => `${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  const redis = await startRedis();
  try {
    const instant = `node ${TRAINER}`;
    const sleepy = `node ${TRAINER} --sleep ${SLEEP}`;
    workers(4, redis, "throughput", instant);
    workers(1, redis, "one", sleepy);
    workers(4, redis, "four", sleepy);
    await new Promise((r) => setTimeout(r, 4000)); // the worker processes start (tsx)
    const rates: number[] = [];
    const one: number[] = [];
    const four: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const seed = 1000 + round;
      rates.push(await throughputRound(redis, instant, seed));
      const a = await searchSeconds(redis, "one", sleepy, 1, seed);
      const b = await searchSeconds(redis, "four", sleepy, 4, seed);
      one.push(a.s);
      four.push(b.s);
      ratios.push(a.s / b.s);
      console.error(
        `round ${round + 1}: ${rates[round].toFixed(0)} jobs/s; search 1 worker ${a.s.toFixed(2)} s (${a.evaluated} evaluations), 4 workers ${b.s.toFixed(2)} s (${b.evaluated}); ${ratios[round].toFixed(2)}×`,
      );
    }
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}`);
    console.log(`load average (1 min): ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
    console.log("| measure | median | range | rounds |");
    console.log("|---|---:|---:|---:|");
    console.log(
      `| jobs/s, instant trainer, ${JOBS} jobs, 4 workers | ${median(rates).toFixed(0)} | ${range(rates, 0)} | ${ROUNDS} |`,
    );
    console.log(
      `| search ${BUDGET} evaluations × ${SLEEP} s, 1 worker (s) | ${median(one).toFixed(2)} | ${range(one, 2)} | ${ROUNDS} |`,
    );
    console.log(`| same, 4 workers (s) | ${median(four).toFixed(2)} | ${range(four, 2)} | ${ROUNDS} |`);
    console.log(
      `| speed-up 4 vs 1 (target ≥ 3.2×) | ${median(ratios).toFixed(2)}× | ${range(ratios, 2)}× | ${ROUNDS} |`,
    );
  } finally {
    for (const p of procs) p.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of procs) p.kill("SIGKILL");
    await redis.stop();
  }
}

await main();
