import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { loadSpaceFile, readSpaceFileHeader } from "../../shrink/file.js";
import { csvField } from "../../shrink/report.js";
import { getSpace } from "../../spaces/registry.js";
import { writeOut } from "../common.js";

interface MembersOptions {
  members: string;
  format: string;
  out?: string;
}

/**
 * `lissnas members --members FILE [--format csv|jsonl] [--out FILE]`: the members of a shrunk-space file as
 * architecture strings of its base space (named in the file's header), one per line in the file's order
 * (ascending canonical key for member sets; product order for product sub-spaces), with the canonical key.
 * CSV: `architecture,key`; JSONL: `{"architecture": …, "key": …}`. Printed, or written atomically to --out.
 */
export function register(program: Command): void {
  program
    .command("members")
    .description("list the members of a shrunk-space file as architecture strings")
    .requiredOption("--members <file>", "shrunk-space file (space.lissnas, written by shrink)")
    .option("--format <fmt>", "csv or jsonl", "csv")
    .option("--out <file>", "write the list here (atomically) instead of printing it")
    .action((opts: MembersOptions) => {
      if (opts.format !== "csv" && opts.format !== "jsonl") {
        throw new UsageError(`--format must be csv or jsonl, got '${opts.format}'`);
      }
      const header = readSpaceFileHeader(opts.members);
      const base = getSpace(header.space);
      const set = loadSpaceFile(opts.members, base);
      const lines: string[] = opts.format === "csv" ? ["architecture,key"] : [];
      for (const a of set.enumerate()) {
        const arch = base.format(a);
        const key = base.key(a);
        lines.push(
          opts.format === "csv" ? `${csvField(arch)},${key}` : JSON.stringify({ architecture: arch, key }),
        );
      }
      const text = `${lines.join("\n")}\n`;
      if (opts.out) writeOut(opts.out, text);
      else process.stdout.write(text);
    });
}
