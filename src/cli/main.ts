import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { LissnasError } from "../core/errors.js";
import { register as registerCompare } from "./commands/compare.js";
import { register as registerEnumerate } from "./commands/enumerate.js";
import { register as registerExperiment } from "./commands/experiment.js";
import { register as registerInfo } from "./commands/info.js";
import { register as registerLandscape } from "./commands/landscape.js";
import { register as registerLocality } from "./commands/locality.js";
import { register as registerMetrics } from "./commands/metrics.js";
import { register as registerPredictor } from "./commands/predictor.js";
import { register as registerSearch } from "./commands/search.js";
import { register as registerShrink } from "./commands/shrink.js";

/** Every command registers itself here (one file per command in ./commands). */
const COMMANDS: Array<(program: Command) => void> = [
  registerInfo,
  registerLocality,
  registerLandscape,
  registerShrink,
  registerMetrics,
  registerCompare,
  registerSearch,
  registerExperiment,
  registerPredictor,
  registerEnumerate,
];

export function buildProgram(): Command {
  const program = new Command("lissnas")
    .description(
      "Locality, search-space shrinkage (LISSNAS) and local search for NAS, on real benchmark tables",
    )
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => {} });
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ outputError: () => {} });
  return program;
}

/** Runs the CLI; returns the exit code. Errors are printed as one line on stderr, never as a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) return 0;
    process.stderr.write(`lissnas: ${e.message.replace(/^error: /, "").split("\n")[0]}\n`);
    return 2;
  }
  if (e instanceof LissnasError) {
    process.stderr.write(`lissnas: ${e.message.split("\n")[0]}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`lissnas: internal error: ${String(err?.message ?? e).split("\n")[0]}\n`);
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
