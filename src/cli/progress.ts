import type cliProgressModule from "cli-progress";
import { lazy } from "../core/lazy.js";

/** cli-progress (16 CommonJS files), loaded when a bar is first shown on a terminal, not at import. */
const cliProgress = lazy<typeof cliProgressModule>("cli-progress");

/** A unit of long work: `tick` after each step, `done` at the end (idempotent). */
export interface Progress {
  tick(n?: number): void;
  /** A new phase within the work: shown beside the bar (terminal), else one line on stderr. */
  label(text: string): void;
  done(): void;
}

let quiet = false;

/**
 * Silences (or re-enables) progress for the rest of the process: `--quiet`. The CLI sets it from every
 * command's options before the action runs; library users never see progress unless they call `progress`.
 */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Whether --quiet is in force (for progress shown by other parts, e.g. the queue evaluator's). */
export function isQuiet(): boolean {
  return quiet;
}

const NOOP: Progress = { tick() {}, label() {}, done() {} };

/**
 * Progress of one phase on stderr (never stdout, so `--json` output stays pure JSON):
 * - stderr a terminal: a cli-progress bar `label [████░░] 12/40 ETA 3s`, cleared line by line as it goes;
 * - otherwise (a pipe, a log file, CI): exactly one line when the phase starts, `lissnas: label (total)…`;
 * - `--quiet`: nothing.
 */
export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (quiet) return NOOP;
  if (!stream.isTTY) {
    // One line per phase: the start, then each new label.
    stream.write(`lissnas: ${label}${total > 1 ? ` (${total} steps)` : ""}…\n`);
    return { tick() {}, label: (text) => void stream.write(`lissnas: ${text}\n`), done() {} };
  }
  const bar = new (cliProgress().SingleBar)(
    {
      stream,
      format: "{phase} [{bar}] {value}/{total} {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress().Presets.shades_classic,
  );
  bar.start(total, 0, { phase: label });
  let finished = false;
  return {
    tick(n = 1) {
      if (!finished) bar.increment(n);
    },
    label(text: string) {
      if (!finished) bar.update({ phase: text });
    },
    done() {
      if (finished) return;
      finished = true;
      bar.update(total);
      bar.stop();
    },
  };
}

/** One line on stderr (unless --quiet): what a command wrote, where to look next. */
export function note(text: string): void {
  if (!quiet) process.stderr.write(`${text}\n`);
}
