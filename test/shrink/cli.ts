import { Command, CommanderError } from "commander";
import { register as registerMetrics } from "../../src/cli/commands/metrics.js";
import { register as registerShrink } from "../../src/cli/commands/shrink.js";
import { LissnasError } from "../../src/core/errors.js";

/**
 * Runs `shrink` / `metrics` in-process on a program holding just these commands (main.ts registers them
 * with the others), reporting errors the way main.ts does: one line on stderr and an exit code.
 */
export async function runShrinkCli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  const program = new Command("lissnas").exitOverride().configureOutput({ outputError: () => {} });
  registerShrink(program);
  registerMetrics(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ outputError: () => {} });
  let code = 0;
  try {
    await program.parseAsync(["node", "lissnas", ...args]);
  } catch (e) {
    if (e instanceof CommanderError) {
      code = e.exitCode === 0 ? 0 : 2;
      if (code) stderr = `lissnas: ${e.message.replace(/^error: /, "").split("\n")[0]}\n`;
    } else if (e instanceof LissnasError) {
      code = e.exitCode;
      stderr = `lissnas: ${e.message.split("\n")[0]}\n`;
    } else {
      code = 70;
      stderr = `lissnas: internal error: ${String((e as Error)?.stack ?? e)}\n`;
    }
  } finally {
    process.stdout.write = out;
  }
  return { code, stdout, stderr };
}
