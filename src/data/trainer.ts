import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { LissnasError, UsageError } from "../core/errors.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import { parseCommandLine } from "./argv.js";
import type { AsyncEvaluator, EvalOutcome, EvalRequest } from "./async-evaluator.js";
import { engineRequest, evalSeedOf } from "./engine.js";

/** Longest reply line read from a trainer; a longer one fails the evaluation (the process is killed). */
export const MAX_LINE_CHARS = 1 << 20;
/** Consecutive processes that die before writing anything (and none ever answered) → the trainer is fatal. */
const DEAD_STARTS = 3;
/** close(): wait this long after ending stdin, then SIGTERM, wait again, then SIGKILL. */
const CLOSE_GRACE_S = 2;

export interface TrainerOptions {
  /** The user's command line (`--trainer`), split with shell-style quoting and run without a shell. */
  command: string;
  space: SearchSpace;
  /** The space spec as `--space` takes it; sent in every request. */
  spaceSpec: string;
  /** Trainer processes run at once (`--workers`), each handling one evaluation at a time. Default 1. */
  workers?: number;
  /** Per-evaluation (per-attempt) timeout in seconds (`--eval-timeout`). Default: none. */
  timeoutS?: number;
  /** Extra attempts after a failed one (`--retries`). Default 0. */
  retries?: number;
  /** `--eval-seed`: the training seed of each request is a function of it and the canonical key. */
  evalSeed?: number;
  /** The trainers' stderr is appended here, each line prefixed with `[pid N]`. Default: discarded. */
  logFile?: string;
  /** Working directory of the trainer processes. Default: this process's. */
  cwd?: string;
  /** Reply-line cap in characters (default MAX_LINE_CHARS). */
  maxLineChars?: number;
  /** close(): seconds to wait after ending stdin, and again after SIGTERM, before SIGKILL. Default 2. */
  closeGraceS?: number;
}

type AttemptResult =
  | { ok: true; metrics: Record<string, number> }
  | {
      ok: false;
      error: string;
      deadStart?: boolean;
      fatal?: LissnasError;
      /** It exited cleanly (code 0) after answering an earlier request, before answering this one. */
      exitedAfterReply?: boolean;
    };

interface Job {
  request: EvalRequest;
  resolve: (o: EvalOutcome) => void;
  reject: (e: Error) => void;
}

/**
 * Every live trainer process of this Node process. Trainers run in their own process group (so a timeout
 * kill reaches their children too), which also keeps the terminal's Ctrl-C from reaching them: while any
 * is alive, SIGINT/SIGTERM/SIGHUP are forwarded to them and then re-raised with the default action, and
 * whatever is left at exit is killed, so no trainer outlives lissnas.
 */
const LIVE = new Set<ChildProcess>();
const FORWARDED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let exitHookInstalled = false;

let forwardSignals = true;

/**
 * Turns the signal forwarding off (or on again) for this process: `lissnas worker` handles SIGTERM/SIGINT
 * itself (it finishes the evaluations in flight, then closes its trainers; a second signal hands them back).
 */
export function setSignalForwarding(on: boolean): void {
  forwardSignals = on;
}

function onSignal(signal: NodeJS.Signals): void {
  if (!forwardSignals) return;
  for (const child of LIVE) killTree(child, "SIGTERM");
  for (const s of FORWARDED) process.removeListener(s, onSignal);
  // with no other listener this ends the process with the signal's default action, as without us
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const c of LIVE) killTree(c, "SIGKILL");
    });
  }
  if (LIVE.size === 0) for (const s of FORWARDED) process.on(s, onSignal);
  LIVE.add(child);
}

function untrack(child: ChildProcess): void {
  if (!LIVE.delete(child)) return;
  if (LIVE.size === 0) for (const s of FORWARDED) process.removeListener(s, onSignal);
}

/** Signals the trainer's process group (its own children included); falls back to the process alone. */
function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Makes any text one short line (for reasons stored and printed). */
function oneLine(text: string, max = 200): string {
  const s = text.replace(/\s+/g, " ").trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * One running copy of the trainer. It handles one request at a time: `send` writes the request line and
 * resolves with the attempt's result — a validated reply, or a failure (exit, timeout, bad line…) after
 * which the process is killed if it is no longer in step with the protocol.
 */
class TrainerProcess {
  readonly child: ChildProcess;
  /** Whether it wrote anything on stdout (a process that dies without doing so counts as a dead start). */
  wroteAnything = false;
  /** Replies (with the right id) it wrote: a clean exit after one is a program that answers once and exits. */
  private replies = 0;
  /** Exited, or being killed: the slot starts a new process for its next attempt. */
  dead = false;
  /** Killed by us (out of step, timed out): whatever it still writes is ignored. */
  private killed = false;
  lastStderr = "";
  private buffer = "";
  private readonly decoder = new StringDecoder("utf8");
  private current?: {
    id: string;
    finish: (r: AttemptResult) => void;
    reply?: AttemptResult;
  };
  private spawnError?: NodeJS.ErrnoException;
  private closedOnce = false;
  private resolveExited: () => void = () => {};
  readonly exited: Promise<void>;

  constructor(
    private readonly owner: TrainerEvaluator,
    argv: string[],
    cwd: string | undefined,
    private readonly logFd: number | undefined,
  ) {
    this.child = spawn(argv[0], argv.slice(1), {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
      env: process.env,
    });
    track(this.child);
    this.exited = new Promise((resolve) => {
      this.resolveExited = resolve;
    });
    this.child.once("exit", () => {
      this.dead = true;
      this.resolveExited();
      // normally "close" follows at once; a grandchild holding stdout open must not stall us
      setTimeout(() => this.onClose(), 1000).unref();
    });
    // "close" comes after the exit and after stdout is drained: a reply written just before exiting counts
    this.child.once("close", () => this.onClose());
    this.child.on("error", (e: NodeJS.ErrnoException) => {
      if (this.child.pid !== undefined) return; // a failed kill of a process already gone
      this.spawnError = e;
      this.dead = true;
      this.onClose();
    });
    this.child.stdin?.on("error", () => {}); // EPIPE when it died: reported through exit
    this.child.stdout?.on("data", (chunk: Buffer) => this.onStdout(chunk));
    this.child.stderr?.on("data", (chunk: Buffer) => this.onStderr(chunk));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends one request; resolves with the attempt's result (never rejects). */
  send(request: EvalRequest, timeoutMs: number | undefined): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: AttemptResult) => {
        if (this.current?.id !== request.id) return;
        this.current = undefined;
        if (timer) clearTimeout(timer);
        resolve(r);
      };
      this.current = { id: request.id, finish };
      if (this.dead) {
        finish(this.deathResult());
        return;
      }
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.kill();
          finish({ ok: false, error: `timed out after ${timeoutMs / 1000} s (trainer killed)` });
        }, timeoutMs);
      }
      const line = `${JSON.stringify({
        id: request.id,
        space: request.space,
        arch: request.arch,
        key: request.key,
        seed: request.seed,
      })}\n`;
      this.child.stdin?.write(line);
    });
  }

  kill(): void {
    this.dead = true;
    this.killed = true;
    killTree(this.child, "SIGKILL");
  }

  /** Ends stdin, then SIGTERM, then SIGKILL, each after a grace period; resolves when it has exited. */
  async close(graceMs: number): Promise<void> {
    this.child.stdin?.end();
    if (await this.waitExit(graceMs)) return;
    killTree(this.child, "SIGTERM");
    if (await this.waitExit(graceMs)) return;
    killTree(this.child, "SIGKILL");
    await this.exited;
  }

  private async waitExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), ms);
    });
    const done = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return done;
  }

  private onClose(): void {
    if (this.closedOnce) return;
    this.closedOnce = true;
    this.dead = true;
    untrack(this.child);
    this.resolveExited();
    if (this.current) this.current.finish(this.current.reply ?? this.deathResult());
  }

  private deathResult(): AttemptResult {
    const e = this.spawnError;
    if (e && (e.code === "ENOENT" || e.code === "EACCES" || this.child.pid === undefined)) {
      const why =
        e.code === "ENOENT" ? "not found" : e.code === "EACCES" ? "not executable" : oneLine(e.message);
      const fatal = new LissnasError(
        `${this.owner.name}: cannot start '${this.child.spawnfile}': ${why} (${e.code ?? "error"})`,
      );
      return { ok: false, error: fatal.message, fatal };
    }
    const code = this.child.exitCode;
    const signal = this.child.signalCode;
    if (code === 0 && !signal && this.replies > 0 && !this.killed) {
      // one process per evaluation: the request reached it while it was exiting after its reply
      return {
        ok: false,
        error: "trainer exited (code 0) after its previous reply, before answering this request",
        exitedAfterReply: true,
      };
    }
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const tail = this.lastStderr ? `: ${this.lastStderr}` : "";
    return {
      ok: false,
      error: oneLine(`trainer ${how} during the evaluation${tail}`),
      deadStart: !this.wroteAnything,
    };
  }

  private onStdout(chunk: Buffer): void {
    if (this.killed || (this.dead && !this.current)) return;
    this.buffer += this.decoder.write(chunk);
    let nl = this.buffer.indexOf("\n");
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line.length > 0) this.onLine(line);
      if (this.killed) return;
      nl = this.buffer.indexOf("\n");
    }
    if (this.buffer.length > this.owner.maxLineChars) {
      this.buffer = "";
      this.wroteAnything = true;
      this.fail(`reply line longer than ${this.owner.maxLineChars} characters (trainer killed)`, true);
    }
  }

  private onLine(line: string): void {
    this.wroteAnything = true;
    const cur = this.current;
    if (!cur) {
      // a line while idle: out of step with the protocol (e.g. a late second reply)
      this.log(`lissnas: unexpected line while idle, trainer restarted: ${oneLine(line, 100)}`);
      this.kill();
      return;
    }
    if (cur.reply) {
      const twice = replyId(line) === cur.id;
      this.fail(
        twice
          ? `two replies for evaluation '${cur.id}' (trainer restarted)`
          : `an extra line after the reply: '${oneLine(line, 80)}' (trainer restarted)`,
        true,
      );
      return;
    }
    const parsed = parseReply(line, cur.id);
    if (parsed.desync) {
      this.fail(parsed.error, true);
      return;
    }
    cur.reply = parsed.result;
    this.replies++;
    // finish once the rest of this chunk has been read: a second reply written with it is caught
    setImmediate(() => {
      if (this.current === cur && cur.reply) cur.finish(cur.reply);
    });
  }

  private fail(error: string, kill: boolean): void {
    if (kill) this.kill();
    this.current?.finish({ ok: false, error });
  }

  private onStderr(chunk: Buffer): void {
    const text = chunk.toString("utf8");
    const lines = text.split("\n").filter((l) => l.trim().length > 0);
    if (lines.length > 0) this.lastStderr = oneLine(lines[lines.length - 1], 160);
    const prefix = `[pid ${this.child.pid}] `;
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    this.write(`${prefix}${body.split("\n").join(`\n${prefix}`)}\n`);
  }

  private log(message: string): void {
    this.write(`[pid ${this.child.pid}] ${message}\n`);
  }

  private write(text: string): void {
    if (this.logFd === undefined) return;
    try {
      writeSync(this.logFd, text);
    } catch {
      // the log is best-effort: a full disk must not turn into a failed evaluation
    }
  }
}

/** The id of a reply line if it is a JSON object with a string id. */
function replyId(line: string): string | undefined {
  try {
    const v = JSON.parse(line);
    return typeof v?.id === "string" ? v.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates one reply line for evaluation `id`. `desync` marks replies after which the process is no longer
 * in step (not JSON, wrong id): it is killed and restarted.
 */
function parseReply(
  line: string,
  id: string,
): { result: AttemptResult; desync: false } | { error: string; desync: true } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    const nonFinite = /(^|[^"\w])(NaN|-?Infinity)([^"\w]|$)/.exec(line);
    if (nonFinite) {
      return {
        result: { ok: false, error: `reply has a non-finite metric value (${nonFinite[2]})` },
        desync: false,
      };
    }
    return {
      error: `non-JSON line on the trainer's stdout (diagnostics belong on stderr): '${oneLine(line, 80)}'`,
      desync: true,
    };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return { error: `reply is not a JSON object: '${oneLine(line, 80)}'`, desync: true };
  }
  const reply = v as { id?: unknown; metrics?: unknown; error?: unknown };
  if (reply.id !== id) {
    return {
      error: `reply for id ${JSON.stringify(reply.id)}, expected '${id}' (trainer restarted)`,
      desync: true,
    };
  }
  if (reply.error !== undefined) {
    return { result: { ok: false, error: `trainer error: ${oneLine(String(reply.error))}` }, desync: false };
  }
  return { result: checkMetrics(reply.metrics), desync: false };
}

function checkMetrics(m: unknown): AttemptResult {
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    return { ok: false, error: "reply has no 'metrics' object" };
  }
  const metrics: Record<string, number> = {};
  const entries = Object.entries(m as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, error: "reply has an empty 'metrics' object" };
  for (const [name, value] of entries) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const shown = typeof value === "number" ? String(value) : JSON.stringify(value);
      return { ok: false, error: `metric '${name}' is not a finite number (${oneLine(shown, 40)})` };
    }
    metrics[name] = value;
  }
  return { ok: true, metrics };
}

/**
 * Evaluates architectures by running the user's training program (`--trainer "CMD ARGS"`), `workers`
 * copies of it, speaking JSON lines (docs/evaluators.md): a request `{"id","space","arch","key","seed"}`
 * per line on its stdin, a reply `{"id","metrics":{…}}` or `{"id","error":"…"}` per line on its stdout.
 *
 * A crash, a timeout, a non-JSON line, a wrong id, two replies, a missing or non-finite metric, an
 * over-long line or an `error` reply is a failed attempt with a one-line reason; the process is restarted
 * when it died or fell out of step, and the evaluation retried up to `retries` times. Fatal (the promise
 * rejects with a one-line LissnasError): the program cannot be started (not found / not executable), or
 * DEAD_STARTS processes in a row die before writing anything while none has ever answered.
 */
export class TrainerEvaluator implements AsyncEvaluator {
  readonly name: string;
  readonly identity: string;
  readonly space: SearchSpace;
  readonly spaceSpec: string;
  readonly concurrency: number;
  readonly argv: readonly string[];
  readonly maxLineChars: number;
  private readonly closeGraceMs: number;
  private readonly timeoutMs?: number;
  private readonly retries: number;
  private readonly cwd?: string;
  private readonly logFd?: number;
  private readonly slots: Array<{ proc?: TrainerProcess; busy: boolean }>;
  private readonly queue: Job[] = [];
  private fatal?: LissnasError;
  private closed = false;
  private deadStarts = 0;
  private everAnswered = false;
  /** Pids of every process started (tests and reports). */
  readonly pids: number[] = [];

  constructor(opts: TrainerOptions) {
    this.argv = parseCommandLine(opts.command, "--trainer");
    if (this.argv.length === 0) throw new UsageError("--trainer: empty command");
    const workers = opts.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new UsageError(`--workers must be a positive integer, got ${workers}`);
    }
    const retries = opts.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new UsageError(`--retries must be a non-negative integer, got ${retries}`);
    }
    if (opts.timeoutS !== undefined && !(opts.timeoutS > 0 && Number.isFinite(opts.timeoutS))) {
      throw new UsageError(`--eval-timeout must be a positive number of seconds, got ${opts.timeoutS}`);
    }
    if (opts.cwd !== undefined && !existsSync(opts.cwd)) {
      throw new UsageError(`trainer working directory '${opts.cwd}' does not exist`);
    }
    const evalSeed = opts.evalSeed ?? 0;
    this.space = opts.space;
    this.spaceSpec = opts.spaceSpec;
    this.concurrency = workers;
    this.retries = retries;
    this.timeoutMs = opts.timeoutS === undefined ? undefined : opts.timeoutS * 1000;
    this.cwd = opts.cwd;
    this.maxLineChars = opts.maxLineChars ?? MAX_LINE_CHARS;
    this.closeGraceMs = (opts.closeGraceS ?? CLOSE_GRACE_S) * 1000;
    this.name = `trainer: ${opts.command.trim()}`;
    this.identity = `trainer ${JSON.stringify(this.argv)} space=${opts.spaceSpec} eval-seed=${evalSeed}`;
    this.slots = Array.from({ length: workers }, () => ({ busy: false }));
    if (opts.logFile !== undefined) {
      try {
        this.logFd = openSync(opts.logFile, "a");
      } catch (e) {
        throw new LissnasError(
          `${opts.logFile}: cannot open the trainer log (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
    }
  }

  /** The training seed of one evaluation: a deterministic 31-bit function of `--eval-seed` and the key. */
  static evalSeed(evalSeed: number, key: string): number {
    return evalSeedOf(evalSeed, key);
  }

  /** The request for `arch` (canonical representative, deterministic id and seed), as the engine builds it. */
  static requestFor(evaluator: AsyncEvaluator, arch: Arch, evalSeed = 0): EvalRequest {
    return engineRequest(evaluator, arch, evalSeed);
  }

  evaluate(request: EvalRequest): Promise<EvalOutcome> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closed) return Promise.reject(new LissnasError(`${this.name}: evaluator is closed`));
    return new Promise<EvalOutcome>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = new LissnasError(`${this.name}: evaluator closed`);
    for (const job of this.queue.splice(0)) job.reject(closedError);
    await Promise.all(this.slots.map((s) => s.proc?.close(this.closeGraceMs)));
    if (this.logFd !== undefined) closeSync(this.logFd);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0 || this.fatal || this.closed) return;
      if (slot.busy) continue;
      const job = this.queue.shift() as Job;
      slot.busy = true;
      this.run(slot, job.request)
        .then(job.resolve, (e: Error) => this.setFatal(e, job))
        .finally(() => {
          slot.busy = false;
          this.pump();
        });
    }
  }

  private setFatal(e: Error, job: Job): void {
    const err = e instanceof LissnasError ? e : new LissnasError(`${this.name}: ${oneLine(e.message)}`);
    this.fatal ??= err;
    job.reject(err);
    for (const j of this.queue.splice(0)) j.reject(this.fatal);
    for (const s of this.slots) if (!s.busy) s.proc?.kill();
  }

  /** Runs one evaluation on a slot: attempts with restarts, up to 1 + retries. */
  private async run(
    slot: { proc?: TrainerProcess; busy: boolean },
    request: EvalRequest,
  ): Promise<EvalOutcome> {
    const t0 = performance.now();
    // wall-clock to the microsecond (no float noise in stored records)
    const elapsed = () => Math.round((performance.now() - t0) * 1000) / 1e6;
    let attempts = 0;
    let error = "";
    while (attempts <= this.retries) {
      if (this.fatal) throw this.fatal;
      if (this.closed && attempts > 0) break; // no restart after close(): report the last failure
      attempts++;
      if (!slot.proc || slot.proc.dead) slot.proc = this.start();
      let r = await slot.proc.send(request, this.timeoutMs);
      if (!r.ok && r.exitedAfterReply && !this.closed) {
        // A program that answers one request and exits (one process per training run) is supported: its
        // exit after a reply is no failure; the request goes, once, to a fresh process (not an attempt).
        slot.proc = this.start();
        r = await slot.proc.send(request, this.timeoutMs);
      }
      const seconds = elapsed();
      if (r.ok) {
        this.everAnswered = true;
        this.deadStarts = 0;
        return { status: "ok", metrics: r.metrics, attempts, seconds };
      }
      if (r.fatal) throw r.fatal;
      this.countStart(slot.proc, r);
      error = r.error;
    }
    return { status: "failed", error, attempts, seconds: elapsed() };
  }

  /** Tracks processes that die before writing anything; too many in a row, before any answer: fatal. */
  private countStart(proc: TrainerProcess, r: { error: string; deadStart?: boolean }): void {
    if (proc.wroteAnything) {
      this.everAnswered = true;
      this.deadStarts = 0;
      return;
    }
    if (!r.deadStart || this.everAnswered) return;
    this.deadStarts++;
    if (this.deadStarts >= DEAD_STARTS) {
      throw new LissnasError(
        `${this.name}: the trainer died ${this.deadStarts} times in a row before answering anything (last: ${r.error})`,
      );
    }
  }

  private start(): TrainerProcess {
    const proc = new TrainerProcess(this, [...this.argv], this.cwd, this.logFd);
    if (proc.pid !== undefined) this.pids.push(proc.pid);
    return proc;
  }
}
