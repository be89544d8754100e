import type cliProgressModule from "cli-progress";
import { lazy } from "../core/lazy.js";

/** cli-progress, loaded when a bar is first shown, not at import. */
const cliProgress = lazy<typeof cliProgressModule>("cli-progress");

/** "auto": a progress bar on a TTY, one line a minute otherwise (both on stderr); "off": silent. */
export type QueueProgressMode = "auto" | "off";

/** What the coordinator shows: its own jobs and the queue's state. */
export interface QueueSnapshot {
  submitted: number;
  done: number;
  failed: number;
  pending: number;
  /** Queue-wide waiting and active jobs (other coordinators' jobs included). */
  waiting: number;
  active: number;
  /** Workers connected now, and workers whose results this coordinator received. */
  live: number;
  workersSeen: number;
}

const BAR_MS = 1000;
const LINE_MS = 60_000;

/** One line describing the queue, e.g. for the per-minute log. */
export function describeSnapshot(s: QueueSnapshot): string {
  return (
    `lissnas: queue: ${s.submitted} submitted, ${s.waiting} queued, ${s.active} running, ${s.done} done, ` +
    `${s.failed} failed; ${s.live} workers connected, ${s.workersSeen} seen`
  );
}

/**
 * Coordinator progress for the queue evaluator, on stderr. Uses cli-progress for the TTY bar; the
 * snapshot comes from Redis and may fail while it is down ("Redis unreachable, reconnecting").
 */
export class QueueProgress {
  private timer: NodeJS.Timeout | undefined;
  private bar: cliProgressModule.SingleBar | undefined;
  private busy = false;

  constructor(
    private readonly mode: QueueProgressMode,
    private readonly snapshot: () => Promise<QueueSnapshot>,
    private readonly tty = Boolean(process.stderr.isTTY),
    /** Period of updates (default: 1 s for the bar, 60 s for lines). */
    private readonly everyMs = tty ? BAR_MS : LINE_MS,
  ) {}

  /** Starts showing progress (idempotent). */
  start(): void {
    if (this.mode === "off" || this.timer) return;
    if (this.tty) {
      this.bar = new (cliProgress().SingleBar)(
        {
          stream: process.stderr,
          format:
            "queue [{bar}] {value}/{total} | queued {waiting} running {active} done {done} failed {failed} | workers {live}",
          hideCursor: true,
        },
        cliProgress().Presets.shades_classic,
      );
      this.bar.start(0, 0, { waiting: 0, active: 0, done: 0, failed: 0, live: 0 });
    }
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  /** Nothing pending: the bar shows the final numbers. */
  idle(): void {
    if (this.bar) void this.tick();
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const s = await this.snapshot();
      if (this.bar) {
        this.bar.setTotal(s.submitted);
        this.bar.update(s.done + s.failed, { ...s });
      } else {
        process.stderr.write(`${describeSnapshot(s)}\n`);
      }
    } catch {
      if (!this.bar) process.stderr.write("lissnas: queue: Redis unreachable, reconnecting\n");
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.bar?.stop();
    this.bar = undefined;
  }
}
