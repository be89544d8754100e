import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import {
  cellsJsonlBytes,
  encodeCellsBin,
  enumerateNb101,
  type Nb101EnumerateStats,
} from "../../spaces/nb101/enumerate.js";
import { emit, intOption, writeOut } from "../common.js";
import { progress } from "../progress.js";

interface EnumerateOptions {
  space: string;
  out: string;
  format: string;
  maxVertices: number;
  json?: boolean;
  timings?: boolean;
}

/**
 * `lissnas enumerate --space nb101 --out FILE [--format bin|jsonl]`: every valid NB101 cell up to
 * isomorphism (423,624), sorted by official hash, written atomically. `bin` is the compact file the nb101
 * space loads (docs/nb101.md); `jsonl` is one readable line per cell.
 */
export function register(program: Command): void {
  program
    .command("enumerate")
    .description("list every unique cell of a space with its official hash (nb101: 423,624 cells)")
    .requiredOption("--space <name>", "search space (nb101)")
    .requiredOption("--out <file>", "output file (written atomically)")
    .option("--format <fmt>", "bin (compact, loadable) or jsonl (one cell per line)", "bin")
    .option("--max-vertices <n>", "only cells with at most n vertices", intOption("max-vertices", 2, 7), 7)
    .option("--json", "print the summary as JSON")
    .option("--timings", "also print the enumeration time (kept out otherwise: same input, same bytes)")
    .option("--quiet", "no progress on stderr (errors still print)")
    .option(
      "--seed <n>",
      "accepted like every command's; enumeration makes no random choice",
      intOption("seed", 0, 2 ** 32 - 1),
      0,
    )
    .action((opts: EnumerateOptions) => {
      if (opts.space !== "nb101") {
        throw new UsageError(`enumerate supports --space nb101 only, got '${opts.space}'`);
      }
      if (opts.format !== "bin" && opts.format !== "jsonl") {
        throw new UsageError(`--format must be bin or jsonl, got '${opts.format}'`);
      }
      const start = performance.now();
      const stats = {} as Nb101EnumerateStats;
      const bar = progress(
        `enumerate: every ${opts.space} cell up to ${opts.maxVertices} vertices, up to isomorphism`,
        1,
      );
      const cells = enumerateNb101({ maxVertices: opts.maxVertices }, stats);
      bar.done();
      const seconds = (performance.now() - start) / 1000;
      writeOut(opts.out, opts.format === "bin" ? encodeCellsBin(cells) : cellsJsonlBytes(cells));
      const result = {
        space: "nb101",
        out: opts.out,
        format: opts.format,
        cells: cells.count,
        cellsByVertexCount: Object.fromEntries(stats.cells.map((c, i) => [i + 2, c])),
        hashDuplicates: stats.hashDuplicates,
        ...(opts.timings ? { timings: { seconds: Math.round(seconds * 100) / 100 } } : {}),
      };
      emit(result, opts.json, () =>
        [
          `nb101: ${cells.count} unique cells (by vertex count ${stats.cells.map((c, i) => `${i + 2}:${c}`).join(" ")})` +
            (opts.timings ? ` in ${Math.round(seconds * 100) / 100} s` : ""),
          `wrote ${opts.out} (${opts.format})`,
        ].join("\n"),
      );
    });
}
