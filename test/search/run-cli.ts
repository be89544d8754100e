import { Command, CommanderError } from "commander";
import { register as registerExperiment } from "../../src/cli/commands/experiment.js";
import { register as registerSearch } from "../../src/cli/commands/search.js";
import { LissnasError } from "../../src/core/errors.js";

/**
 * Runs the search/experiment commands in-process, as src/cli/main.ts would once they are in its COMMANDS
 * list (same error handling: one line on stderr, exit codes 2 / LissnasError's / 70).
 */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  // Only strings are captured: the test runner's own (binary, serialised) messages pass through, since
  // they may be written while a command awaits its worker threads.
  process.stdout.write = ((c: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof c !== "string") return (out as (...a: unknown[]) => boolean)(c, ...rest);
    stdout += c;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  }) as typeof process.stderr.write;
  let code = 0;
  try {
    const program = new Command("lissnas").exitOverride().configureOutput({ outputError: () => {} });
    registerSearch(program);
    registerExperiment(program);
    for (const cmd of program.commands) cmd.exitOverride().configureOutput({ outputError: () => {} });
    await program.parseAsync(["node", "lissnas", ...args]);
  } catch (e) {
    if (e instanceof CommanderError) {
      code = e.exitCode === 0 ? 0 : 2;
      if (code) stderr += `lissnas: ${e.message.replace(/^error: /, "").split("\n")[0]}\n`;
    } else if (e instanceof LissnasError) {
      code = e.exitCode;
      stderr += `lissnas: ${e.message.split("\n")[0]}\n`;
    } else {
      code = 70;
      stderr += `lissnas: internal error: ${String((e as Error)?.message ?? e).split("\n")[0]}\n`;
    }
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { code, stdout, stderr };
}
