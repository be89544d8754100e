import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { LissnasError } from "../core/errors.js";
import { LISSNAS_VERSION } from "../version.js";
import { setQuiet } from "./progress.js";
import { checkSourceOptions } from "./source-options.js";

type Loader = () => Promise<{ register(program: Command): void }>;

/**
 * Every command (one file per command in ./commands), loaded only when the command line names it: a
 * command's module pulls in its whole stack (tables, predictors, plotting), and `lissnas --version`,
 * `--help` or one command should not pay for all of them (issue: start-up ≤ 1.5× a bare `node`). The
 * summary is what `lissnas --help` lists; each module's own description is what `lissnas CMD --help` shows.
 */
const COMMANDS: Array<{ name: string; summary: string; load: Loader }> = [
  {
    name: "info",
    summary: "describe a space and a benchmark table (or the synthetic landscape)",
    load: () => import("./commands/info.js"),
  },
  {
    name: "spaces",
    summary: "list every search space: size, edit distance, capabilities, files it reads",
    load: () => import("./commands/spaces.js"),
  },
  {
    name: "locality",
    summary: "locality by edit distance: RWA, AAD, fitness–distance correlation",
    load: () => import("./commands/locality.js"),
  },
  {
    name: "landscape",
    summary: "exact local optima and basins of an enumerable space, with the theory",
    load: () => import("./commands/landscape.js"),
  },
  {
    name: "shrink",
    summary: "shrink a space with LISSNAS; write the shrunk space, metrics and a report",
    load: () => import("./commands/shrink.js"),
  },
  {
    name: "metrics",
    summary: "quality metrics of a saved shrunk space vs the original",
    load: () => import("./commands/metrics.js"),
  },
  {
    name: "members",
    summary: "list the members of a shrunk-space file as architecture strings",
    load: () => import("./commands/members.js"),
  },
  {
    name: "compare",
    summary: "LISSNAS vs ABS, PADNAS, NSE and GreedyNAS: the paper's tables",
    load: () => import("./commands/compare.js"),
  },
  {
    name: "search",
    summary: "run a NAS algorithm many times with honest query accounting",
    load: () => import("./commands/search.js"),
  },
  {
    name: "experiment",
    summary: "a grid of searches from a JSON config into one results file",
    load: () => import("./commands/experiment.js"),
  },
  {
    name: "predictor",
    summary: "performance predictors: evaluate GBDT / XGBoost",
    load: () => import("./commands/predictor.js"),
  },
  {
    name: "enumerate",
    summary: "every unique cell of a space with its official hash (nb101)",
    load: () => import("./commands/enumerate.js"),
  },
  {
    name: "store",
    summary: "inspect or export a durable evaluation store",
    load: () => import("./commands/store.js"),
  },
  {
    name: "worker",
    summary: "take evaluation jobs from a Redis queue and run them with --trainer",
    load: () => import("./commands/worker.js"),
  },
  { name: "queue", summary: "inspect the evaluation queue", load: () => import("./commands/worker.js") },
  {
    name: "report",
    summary: "build a self-contained HTML report from a command's --out folder",
    load: () => import("./commands/report.js"),
  },
];

/**
 * Commander prints errors, and the usage it shows when a command that needs a subcommand gets none, as
 * several lines on stderr; both are silenced here and `reportError` prints one line instead.
 */
const QUIET_ERRORS = { outputError: () => {}, writeErr: () => {} };

/** The root program, without commands. */
function rootProgram(): Command {
  return new Command("lissnas")
    .description(
      "Locality, search-space shrinkage (LISSNAS) and local search for NAS, on real benchmark tables",
    )
    .version(LISSNAS_VERSION)
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput(QUIET_ERRORS);
}

/** Registers the modules' commands (each module once) and the shared hooks. */
async function withCommands(program: Command, loaders: readonly Loader[]): Promise<Command> {
  const modules = new Set(await Promise.all(loaders.map((load) => load())));
  for (const m of modules) m.register(program);
  // --quiet (every command) silences progress and notes on stderr; errors still print.
  program.hook("preAction", (_root, action) => setQuiet(action.opts().quiet === true));
  // options that cannot apply (a table's without --data, the synthetic landscape's with one) fail in one line
  program.hook("preAction", (_root, action) => checkSourceOptions(action));
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(QUIET_ERRORS);
  return program;
}

/** The whole program, every command loaded (tests, introspection). */
export async function buildProgram(): Promise<Command> {
  return withCommands(
    rootProgram(),
    COMMANDS.map((c) => c.load),
  );
}

/**
 * The program for one command line: only the named command's module is loaded. Without a command
 * (`--help`, `--version`, nothing, an unknown name) the commands are listed from their summaries alone.
 */
async function programFor(args: readonly string[]): Promise<Command> {
  const name = args[0] === "help" && args.length > 1 ? args[1] : args[0];
  const hit = COMMANDS.find((c) => c.name === name);
  if (hit) return withCommands(rootProgram(), [hit.load]);
  const program = rootProgram();
  for (const c of COMMANDS) program.command(c.name).description(c.summary);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(QUIET_ERRORS);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are printed as one line on stderr, never as a stack trace. */
export async function main(argv: string[]): Promise<number> {
  let args = argv.slice(2);
  // `lissnas help CMD` is `lissnas CMD --help` (the command's own help needs its module)
  if (args[0] === "help" && args.length > 1) args = [args[1], "--help"];
  let program: Command | undefined;
  try {
    program = await programFor(args);
    await program.parseAsync([...argv.slice(0, 2), ...args]);
    return 0;
  } catch (e) {
    return reportError(e, program ?? rootProgram(), args);
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
