import { readFileSync } from "node:fs";
import { DataError, LissnasError } from "../core/errors.js";
import { parseCsvText } from "./csv-text.js";

/** A parsed CSV file: header, string cells and the 1-based file line of each record. */
export interface CsvFile {
  file: string;
  header: string[];
  records: string[][];
  lines: number[];
}

/** Reads a whole file as UTF-8, with a one-line error naming the file when it is missing or unreadable. */
export function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new DataError(file, readProblem(e));
  }
}

/** Why a file could not be read, in words. */
export function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? e);
}

/**
 * Parses a CSV file with a header row (src/data/csv-text.ts: quoting, embedded commas and newlines).
 * Broken quoting, rows with a different number of fields than the header, and duplicate or unnamed header
 * columns give a one-line DataError naming the file and line.
 */
export function readCsv(file: string): CsvFile {
  return { file, ...parseCsvText(readText(file), file) };
}

/** Reads and parses a JSON file; syntax errors name the file and line. */
export function readJson(file: string): unknown {
  return parseJsonText(readText(file), file);
}

/** Parses JSON text read from `file`; syntax errors name the file and line. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
    throw new DataError(file, `malformed JSON: ${msg.split("\n")[0]}`, line);
  }
}

/** A decimal number as CSV files write it: no hex (0x10), binary (0b101), octal or digit separators. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What a metric cell written as ±∞ (`inf`, `-inf`, `infinity`) becomes: an error naming the file, line and
 * column (the default: an infinite accuracy is a broken table), missing (NaN, `--allow-nonfinite`), or kept
 * as ±∞ (formats whose documentation gives ±∞ a meaning, e.g. NASLib's −∞ `nwot` scores).
 */
export type NonfinitePolicy = "error" | "missing" | "keep";

/** The message for a ±∞ cell refused under the "error" policy. */
export function nonfiniteCell(cell: string): string {
  return `'${clip(cell)}' is not a finite number (--allow-nonfinite reads it as missing)`;
}

/** The message for a decimal literal beyond a double's range (1e400) refused under the "error" policy. */
export function outOfRange(cell: string): string {
  return `'${clip(cell)}' is out of a double's range (--allow-nonfinite reads it as missing)`;
}

/**
 * `cellNumber`, with a decimal literal beyond a double's range (1e400) read as the ±∞ it overflows to, so
 * that it follows the same NonfinitePolicy as `inf`.
 */
export function cellValue(cell: string): number | undefined {
  const v = cellNumber(cell);
  if (v !== undefined || !isNumeric(cell)) return v;
  return cell.trim().startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/**
 * Converts a cell to a number: "" and "nan" → NaN (missing); "inf"/"-inf"/"infinity" and decimal literals
 * too large for a double (1e400) follow `nonfinite` (an error by default, never a silent ∞); anything that
 * is not a decimal number is an error (hex and binary literals included).
 */
export function toNumber(
  cell: string,
  file: string,
  line: number,
  field: string,
  nonfinite: NonfinitePolicy = "error",
): number {
  const s = cell.trim();
  const lower = s.toLowerCase();
  if (s === "" || lower === "nan") return Number.NaN;
  const inf =
    lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity"
      ? 1
      : lower === "-inf" || lower === "-infinity"
        ? -1
        : 0;
  if (inf !== 0) {
    if (nonfinite === "error") throw new DataError(file, nonfiniteCell(cell), line, field);
    return nonfinite === "missing" ? Number.NaN : inf * Number.POSITIVE_INFINITY;
  }
  if (!DECIMAL.test(s)) throw new DataError(file, `'${clip(cell)}' is not a number`, line, field);
  const v = Number(s);
  if (!Number.isFinite(v)) {
    if (nonfinite === "error") throw new DataError(file, outOfRange(cell), line, field);
    return nonfinite === "missing" ? Number.NaN : v;
  }
  return v;
}

/**
 * The number a cell holds under `toNumber`'s rules, or undefined when it holds none (overflowing literals
 * included, so `toNumber` then reports them).
 */
export function cellNumber(cell: string): number | undefined {
  if (DECIMAL.test(cell)) {
    const v = Number(cell);
    return Number.isFinite(v) ? v : undefined;
  }
  const s = cell.trim().toLowerCase();
  if (s === "" || s === "nan") return Number.NaN;
  if (s === "inf" || s === "+inf" || s === "infinity" || s === "+infinity") return Number.POSITIVE_INFINITY;
  if (s === "-inf" || s === "-infinity") return Number.NEGATIVE_INFINITY;
  return DECIMAL.test(s) && Number.isFinite(Number(s)) ? Number(s) : undefined;
}

export function isNumeric(cell: string): boolean {
  const s = cell.trim().toLowerCase();
  return s === "" || s === "nan" || /^[+-]?(inf|infinity)$/.test(s) || DECIMAL.test(s);
}

/** A cell as quoted in an error message: at most 60 characters (a 16 MB cell is not echoed back). */
export function clip(cell: string): string {
  return cell.length <= 60 ? cell : `${cell.slice(0, 57)}...`;
}

/** Wraps an error from parsing one cell into a DataError naming the file, line and field. */
export function cellError(e: unknown, file: string, line: number, field: string): never {
  if (e instanceof LissnasError) throw new DataError(file, e.message, line, field);
  throw e;
}
