import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throw-away `redis-server` for tests: 127.0.0.1, a free port, no persistence (`--save '' --appendonly
 * no`), its own temporary folder. Tests that need it skip with a one-line reason when redis-server is not
 * installed (`REDIS_SKIP`). `stop()` waits for the process to exit and removes the folder; call it in an
 * `after` hook so that no server outlives the tests.
 */
export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Kills the server at once (data lost: it persists nothing) and starts a fresh one on the same port. */
  restart(opts?: { downMs?: number }): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? "redis-server";

function redisMissing(): string | false {
  const r = spawnSync(BINARY, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? false : `needs ${BINARY} (apt-get install redis-server), which is not installed`;
}

/** A skip reason when redis-server is missing; `false` when tests can start one. */
export const REDIS_SKIP: string | false = redisMissing();

/** A free TCP port on 127.0.0.1 (the OS picks it; the tiny race with other programs is acceptable in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string, extra: string[]): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(BINARY, [...args, "--dir", dir, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start on port ${port}: ${out.slice(-300)}`));
    }, 10_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(child);
      }
    });
    child.stderr?.resume();
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) on port ${port}: ${out.slice(-300)}`));
    });
  });
}

function waitExit(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Starts a redis-server; `extra` are more server arguments (e.g. `["--requirepass", "s3cret"]`). */
export async function startRedis(extra: string[] = []): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "lissnas-redis-"));
  const port = await freePort();
  let child = await launch(port, dir, extra);
  let stopped = false;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill("SIGTERM");
      await waitExit(child, 3000);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(opts = {}) {
      child.kill("SIGKILL");
      await waitExit(child, 0);
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
      child = await launch(port, dir, extra);
    },
  };
}
