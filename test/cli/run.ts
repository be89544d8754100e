import assert from "node:assert/strict";
import { main } from "../../src/cli/main.js";

/**
 * Runs the CLI in-process through `main` (the same error handling as the binary: one line on stderr, exit
 * codes 2 / LissnasError's / 70); returns the exit code and what it wrote. Only strings are captured: the
 * test runner's own binary messages pass through (they may be written while a command awaits workers).
 */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture =
    (sink: (s: string) => void, original: (...a: unknown[]) => boolean) =>
    (chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== "string") return original(chunk, ...rest);
      sink(chunk);
      return true;
    };
  process.stdout.write = capture(
    (s) => {
      stdout += s;
    },
    out as (...a: unknown[]) => boolean,
  ) as typeof process.stdout.write;
  process.stderr.write = capture(
    (s) => {
      stderr += s;
    },
    err as (...a: unknown[]) => boolean,
  ) as typeof process.stderr.write;
  try {
    const code = await main(["node", "lissnas", ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** Runs the CLI and asserts a one-line `lissnas: …` error matching `pattern`, a non-zero exit, no stack trace. */
export async function expectError(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(args);
  assert.notEqual(r.code, 0, `exit code for ${args.join(" ")}`);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr.trimEnd().split("\n").length, 1, `one line: ${r.stderr}`);
  assert.match(r.stderr, /^lissnas: /);
  assert.doesNotMatch(r.stderr, /\s+at\s.+:\d+:\d+/);
  assert.match(r.stderr, pattern);
}

/** Runs `args` with `--out out --json --quiet`, asserts a zero exit (stderr as the message), returns the result. */
export async function runJsonOut(
  args: string[],
  out: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCli([...args, "--out", out, "--json", "--quiet"]);
  assert.equal(r.code, 0, r.stderr);
  return r;
}
