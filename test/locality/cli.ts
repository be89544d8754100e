import { Command, CommanderError } from "commander";
import { register as registerLandscape } from "../../src/cli/commands/landscape.js";
import { register as registerLocality } from "../../src/cli/commands/locality.js";
import { LissnasError } from "../../src/core/errors.js";

/**
 * Runs the locality/landscape commands in-process, the way src/cli/main.ts runs every command (its COMMANDS
 * list is owned by the lead), capturing stdout and the one-line error. Usable as a script too:
 * `node --import tsx test/locality/cli.ts landscape --json …`.
 */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command("lissnas").exitOverride().configureOutput({ outputError: () => {} });
  registerLocality(program);
  registerLandscape(program);
  for (const c of program.commands) c.exitOverride().configureOutput({ outputError: () => {} });
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string | Uint8Array) => {
    chunks.push(String(s));
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(["node", "lissnas", ...args]);
    return { code: 0, stdout: chunks.join(""), stderr: "" };
  } catch (e) {
    if (e instanceof CommanderError) {
      return { code: 2, stdout: chunks.join(""), stderr: e.message.replace(/^error: /, "").split("\n")[0] };
    }
    if (e instanceof LissnasError) return { code: e.exitCode, stdout: chunks.join(""), stderr: e.message };
    throw e;
  } finally {
    process.stdout.write = write;
  }
}

if (process.argv[1]?.endsWith("test/locality/cli.ts")) {
  runCli(process.argv.slice(2)).then((r) => {
    process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(`lissnas: ${r.stderr}\n`);
    process.exitCode = r.code;
  });
}
