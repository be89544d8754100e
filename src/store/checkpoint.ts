import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { LissnasError } from "../core/errors.js";
import { LISSNAS_VERSION } from "../version.js";

/**
 * Result files that know their state, and checkpoints a rerun resumes from (issue #18). Shared by
 * `experiment` (`<output>.partial`) and `compare` (`compare.partial.json`):
 * - every result or checkpoint document carries `format`, `lissnas` (the version), `complete`, the
 *   `options` that produced it and its `seeds`;
 * - a rerun reuses the finished work of the first checkpoint whose format, version and options equal its own
 *   (`findResumable`); any other is named with the first option that differs and replaced;
 * - per-seed records travel through `exactStringify`/`exactParse`, which keep NaN, ±∞, −0 and bigints (plain
 *   JSON turns them into null), so results rebuilt from a checkpoint are the very numbers computed.
 */

/** Written by `exactStringify` in place of a number JSON cannot hold, or of a bigint. */
const TAG_NUMBER = "$num";
const TAG_BIGINT = "$big";

/** JSON text of `value` with NaN, ±∞, −0 and bigints kept (as `{"$num": "NaN"}`, `{"$big": "123"}`). */
export function exactStringify(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      // JSON.stringify hands numbers to the replacer as they are; -0 would be written "0".
      const raw = (this as Record<string, unknown>)[key];
      if (typeof raw === "bigint") return { [TAG_BIGINT]: raw.toString() };
      if (typeof raw === "number" && (!Number.isFinite(raw) || Object.is(raw, -0)))
        return { [TAG_NUMBER]: Object.is(raw, -0) ? "-0" : String(raw) };
      return v;
    },
    indent,
  );
}

/** The inverse of `exactStringify`. */
export function exactParse(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG_NUMBER)
        return Number((v as Record<string, string>)[TAG_NUMBER]);
      if (keys.length === 1 && keys[0] === TAG_BIGINT)
        return BigInt((v as Record<string, string>)[TAG_BIGINT]);
    }
    return v;
  });
}

/** JSON text with every object's keys sorted: equal for equal values whatever their key order. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)),
        )
      : x,
  );
}

/**
 * The name of the first option (in key order) whose value differs between `a` and `b`, compared as JSON
 * regardless of key order; undefined when they are equal.
 */
export function differingOption(a: unknown, b: unknown): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (!a || !b || typeof a !== "object" || typeof b !== "object") return "options";
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
    if (stableJson(ra[k]) !== stableJson(rb[k])) return k;
  }
  return "options";
}

export interface ResumeWanted {
  /** The document's `format` tag. */
  format: string;
  /** The options of this run: a document is resumable only when its options are JSON-equal. */
  options: unknown;
  /** Where a document keeps its options (default: `doc.options`). */
  optionsOf?: (doc: Record<string, unknown>) => unknown;
  /** Parser of the file's text (default `JSON.parse`; `exactParse` for exact per-seed records). */
  parse?: (text: string) => unknown;
}

export interface Resumable {
  file: string;
  doc: Record<string, unknown>;
}

/**
 * The first of `files` that is a document of this run (same format, lissnas version and options), and a
 * one-line reason for each existing file that is not (`file: not resumed (option --x differs)`), so a
 * command can say why it starts over. Unreadable or foreign files are reasons too, never errors: they are
 * replaced when the run checkpoints.
 */
export function findResumable(
  files: readonly string[],
  want: ResumeWanted,
): { found?: Resumable; ignored: string[] } {
  const ignored: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    let doc: Record<string, unknown>;
    try {
      doc = (want.parse ?? JSON.parse)(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch {
      ignored.push(`${file}: not resumed (not valid JSON)`);
      continue;
    }
    if (!doc || typeof doc !== "object" || doc.format !== want.format) {
      ignored.push(`${file}: not resumed (not a ${want.format} file)`);
      continue;
    }
    if (doc.lissnas !== LISSNAS_VERSION) {
      ignored.push(
        `${file}: not resumed (written by lissnas ${String(doc.lissnas)}, this is ${LISSNAS_VERSION})`,
      );
      continue;
    }
    const differs = differingOption((want.optionsOf ?? ((d) => d.options))(doc), want.options);
    if (differs !== undefined) {
      ignored.push(`${file}: not resumed (made with another ${differs}); it will be replaced`);
      continue;
    }
    return { found: { file, doc }, ignored };
  }
  return { ignored };
}

/**
 * Moves a finished result set out of `dir` into `dir/previous/` (the set's earlier copy there is replaced),
 * so that a new run over the folder never leaves an older result looking current (issue #18). `marker` (the
 * file whose presence means "finished", e.g. compare.json) moves first: once it has moved, nothing left in
 * `dir` claims to be a finished result. Each move is an atomic rename. Returns the files moved; nothing when
 * `marker` is absent.
 */
export function moveAside(dir: string, marker: string, others: readonly string[]): string[] {
  if (!existsSync(join(dir, marker))) return [];
  const to = join(dir, "previous");
  const moved: string[] = [];
  try {
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    for (const name of [marker, ...others]) {
      if (!existsSync(join(dir, name))) continue;
      renameSync(join(dir, name), join(to, name));
      moved.push(name);
    }
  } catch (e) {
    throw new LissnasError(
      `${join(dir, marker)}: cannot move the earlier result aside to ${to} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  return moved;
}
