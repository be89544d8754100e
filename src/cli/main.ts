import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { LissnasError } from "../core/errors.js";
import { LISSNAS_VERSION } from "../version.js";
import { register as registerCompare } from "./commands/compare.js";
import { register as registerEnumerate } from "./commands/enumerate.js";
import { register as registerExperiment } from "./commands/experiment.js";
import { register as registerInfo } from "./commands/info.js";
import { register as registerLandscape } from "./commands/landscape.js";
import { register as registerLocality } from "./commands/locality.js";
import { register as registerMembers } from "./commands/members.js";
import { register as registerMetrics } from "./commands/metrics.js";
import { register as registerPredictor } from "./commands/predictor.js";
import { register as registerReport } from "./commands/report.js";
import { register as registerSearch } from "./commands/search.js";
import { register as registerShrink } from "./commands/shrink.js";
import { register as registerSpaces } from "./commands/spaces.js";
import { register as registerStore } from "./commands/store.js";
import { register as registerWorker } from "./commands/worker.js";
import { setQuiet } from "./progress.js";

/** Every command registers itself here (one file per command in ./commands). */
const COMMANDS: Array<(program: Command) => void> = [
  registerInfo,
  registerSpaces,
  registerLocality,
  registerLandscape,
  registerShrink,
  registerMetrics,
  registerMembers,
  registerCompare,
  registerSearch,
  registerExperiment,
  registerPredictor,
  registerEnumerate,
  registerStore,
  registerWorker,
  registerReport,
];

/**
 * Commander prints errors, and the usage it shows when a command that needs a subcommand gets none, as
 * several lines on stderr; both are silenced here and `reportError` prints one line instead.
 */
const QUIET_ERRORS = { outputError: () => {}, writeErr: () => {} };

export function buildProgram(): Command {
  const program = new Command("lissnas")
    .description(
      "Locality, search-space shrinkage (LISSNAS) and local search for NAS, on real benchmark tables",
    )
    .version(LISSNAS_VERSION)
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput(QUIET_ERRORS);
  for (const register of COMMANDS) register(program);
  // --quiet (every command) silences progress and notes on stderr; errors still print.
  program.hook("preAction", (_root, action) => setQuiet(action.opts().quiet === true));
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(QUIET_ERRORS);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are printed as one line on stderr, never as a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    return reportError(e, program, argv.slice(2));
  }
}

/** The command a (sub)command line names, and the names of its subcommands. */
function commandOf(program: Command, args: string[]): { path: string; subcommands: string[] } {
  let cmd = program;
  const path = ["lissnas"];
  for (const a of args) {
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    cmd = sub;
    path.push(a);
  }
  return { path: path.join(" "), subcommands: cmd.commands.map((c) => c.name()).filter((n) => n !== "help") };
}

/** The first line of a message, at most 400 characters (a 16 MB architecture cell is not echoed back). */
function oneLine(message: string): string {
  const line = message.split("\n")[0];
  return line.length <= 400 ? line : `${line.slice(0, 397)}...`;
}

function reportError(e: unknown, program: Command, args: string[]): number {
  if (e instanceof CommanderError && e.code === "commander.help") {
    // A command that needs a subcommand was given none (commander would print its whole usage).
    const { path, subcommands } = commandOf(program, args);
    process.stderr.write(
      `lissnas: ${path} needs a command (${subcommands.join(", ")}); see '${path} --help'\n`,
    );
    return 2;
  }
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) return 0;
    process.stderr.write(`lissnas: ${e.message.replace(/^error: /, "").split("\n")[0]}\n`);
    return 2;
  }
  if (e instanceof LissnasError) {
    process.stderr.write(`lissnas: ${oneLine(e.message)}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`lissnas: internal error: ${oneLine(String(err?.message ?? e))}\n`);
  if (process.env.LISSNAS_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return 70;
}

// Run when executed directly (`node --import tsx src/cli/main.ts …`).
const self = fileURLToPath(import.meta.url);
if (process.argv[1] && realpathSync(process.argv[1]) === self) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
