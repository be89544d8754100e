import type { Command } from "commander";
import { LissnasError } from "../../core/errors.js";
import { SPACE_DOCS } from "../../spaces/catalog.js";
import { getSpace, spaceNames } from "../../spaces/registry.js";
import { emit, intOption, textTable } from "../common.js";

/** One row of `lissnas spaces`. */
export interface SpaceRow {
  name: string;
  /** Exact number of genotypes (a decimal string: sizes exceed 2^53), or null when it needs an argument. */
  size: string | null;
  /** Exact number of isomorphism classes where the space knows it. */
  uniqueSize?: string;
  maxEditDistance: number | null;
  capabilities: string[];
  reads: string;
  /** Example `--space` values for spaces that need an argument. */
  usage?: string;
}

/** Every registered space, described without reading any benchmark file. */
export function listSpaces(): SpaceRow[] {
  return spaceNames().map((name) => {
    const doc = SPACE_DOCS[name];
    const reads = doc?.reads ?? "—";
    let space: ReturnType<typeof getSpace>;
    try {
      space = getSpace(name);
    } catch (e) {
      if (!(e instanceof LissnasError)) throw e;
      // needs an argument (categorical:NxC, spec:FILE): listed with its usage
      return {
        name,
        size: null,
        maxEditDistance: null,
        capabilities: [],
        reads,
        usage: doc?.usage ?? `${name}:ARG`,
      };
    }
    const row: SpaceRow = {
      name,
      size: space.size().toString(),
      maxEditDistance: space.maxEditDistance(),
      capabilities: [...space.capabilities].sort(),
      reads,
    };
    const unique = space.uniqueSize?.();
    if (unique !== undefined && unique !== space.size()) row.uniqueSize = unique.toString();
    if (doc?.usage) row.usage = doc.usage;
    return row;
  });
}

/** `lissnas spaces [--json]`: every space with size, max edit distance, capabilities and its files. */
export function register(program: Command): void {
  program
    .command("spaces")
    .description("list every search space: size, max edit distance, capabilities, the files it reads")
    .option("--json", "print the list as JSON")
    .option("--quiet", "accepted like every command's; nothing goes to stderr")
    .option(
      "--seed <n>",
      "accepted like every command's; listing makes no random choice",
      intOption("seed", 0, 2 ** 32 - 1),
      0,
    )
    .action((opts: { json?: boolean }) => {
      const rows = listSpaces();
      emit(rows, opts.json, () =>
        textTable(
          ["space", "size", "max dist", "capabilities", "reads"],
          rows.map((r) => [
            r.usage && r.size === null ? r.usage.split(" | ")[0] : r.name,
            r.size === null ? "(argument)" : r.uniqueSize ? `${r.size} (${r.uniqueSize} unique)` : r.size,
            r.maxEditDistance === null ? "—" : String(r.maxEditDistance),
            r.capabilities.join(",") || "—",
            r.reads,
          ]),
        ),
      );
    });
}
