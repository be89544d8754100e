import { Redis, type RedisOptions } from "ioredis";
import { LissnasError, UsageError } from "../core/errors.js";

/**
 * Redis connections for distributed evaluation (the BullMQ queue of `queue.ts` and `lissnas worker`).
 * ioredis reconnects by itself (`retryStrategy`); with `maxRetriesPerRequest: null` commands wait through
 * a Redis restart instead of failing, which BullMQ requires for workers and which keeps a coordinator
 * waiting rather than dying. `probeRedis` fails fast with one line for a server that cannot be reached or
 * refuses the credentials, before any long-lived connection is made.
 */

/** Default queue name (`--queue`). */
export const DEFAULT_QUEUE = "lissnas";

/** Checks `--redis` (redis:// or rediss:// URL) and `--queue` (BullMQ forbids ':'); returns the URL. */
export function checkRedisUrl(url: string, queue = DEFAULT_QUEUE): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a redis:// or rediss:// URL, got '${url}'`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new UsageError(`--redis must be a redis:// or rediss:// URL, got '${redact(url)}'`);
  }
  if (queue === "" || /[:\s]/.test(queue)) {
    throw new UsageError(`--queue must be a non-empty name without ':' or spaces, got '${queue}'`);
  }
  return url;
}

/** The URL with its password replaced by `***` (for messages and reports). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  }
}

/** Reconnect delay: 100 ms, 200 ms, … capped at 2 s; never gives up (a restarted Redis is waited for). */
export function reconnectDelay(times: number): number {
  return Math.min(100 * times, 2000);
}

/** A long-lived connection that reconnects forever and lets commands wait through an outage. */
export function connectRedis(url: string, name: string): Redis {
  const opts: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: reconnectDelay,
    connectionName: name,
  };
  const r = new Redis(url, opts);
  // Connection errors while Redis is down are expected: ioredis reconnects; callers watch `status`.
  r.on("error", () => {});
  return r;
}

/** One line describing why a Redis connection failed (never the password). */
export function redisFailure(url: string, e: unknown): string {
  const msg = String((e as Error)?.message ?? e).split("\n")[0];
  const code = (e as NodeJS.ErrnoException)?.code;
  if (/WRONGPASS|NOAUTH|invalid password|without any password|invalid username-password/i.test(msg)) {
    return `Redis at ${redact(url)} refused the credentials (${msg.replace(/^ReplyError: /, "")})`;
  }
  return `cannot reach Redis at ${redact(url)} (${code ?? msg})`;
}

/**
 * Connects once without retrying and sends PING (and AUTH, from the URL): resolves when Redis answers,
 * otherwise throws a one-line LissnasError (unreachable, timed out, wrong password).
 */
export async function probeRedis(url: string, timeoutMs = 5000): Promise<void> {
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  let lastError: unknown;
  r.on("error", (e) => {
    lastError = e;
  });
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    throw new LissnasError(redisFailure(url, lastError ?? e));
  } finally {
    r.disconnect();
  }
}
