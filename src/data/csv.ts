import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataError, LissnasError } from "../core/errors.js";

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
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? e);
    throw new DataError(file, why);
  }
}

/**
 * Parses a CSV file with a header row (csv-parse: quoting, embedded commas and newlines handled).
 * Rows with a different number of fields than the header, or broken quoting, give a one-line DataError
 * naming the file and line.
 */
export function readCsv(file: string): CsvFile {
  const text = readText(file);
  let out: Array<{ record: string[]; info: { lines: number } }>;
  try {
    out = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false, bom: true });
  } catch (e) {
    const err = e as Error & { lines?: number };
    const msg = err.message.replace(/^Invalid Record Length: /, "").split("\n")[0];
    throw new DataError(file, `malformed CSV: ${msg}`, err.lines);
  }
  if (out.length === 0) throw new DataError(file, "empty file: no header row");
  const header = out[0].record.map((h) => h.trim());
  if (out.length === 1) throw new DataError(file, "no data rows after the header", out[0].info.lines);
  return {
    file,
    header,
    records: out.slice(1).map((o) => o.record),
    lines: out.slice(1).map((o) => o.info.lines),
  };
}

/** Reads and parses a JSON file; syntax errors name the file and line. */
export function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split("\n").length : undefined;
    throw new DataError(file, `malformed JSON: ${msg.split("\n")[0]}`, line);
  }
}

/** Converts a cell to a number: "" → NaN; anything else that is not a number throws. */
export function toNumber(cell: string, file: string, line: number, field: string): number {
  const s = cell.trim();
  const lower = s.toLowerCase();
  if (s === "" || lower === "nan") return Number.NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity") return Number.POSITIVE_INFINITY;
  if (lower === "-inf" || lower === "-infinity") return Number.NEGATIVE_INFINITY;
  const v = Number(s);
  if (Number.isNaN(v)) throw new DataError(file, `'${cell}' is not a number`, line, field);
  return v;
}

export function isNumeric(cell: string): boolean {
  const s = cell.trim().toLowerCase();
  return s === "" || s === "nan" || /^[+-]?(inf|infinity)$/.test(s) || !Number.isNaN(Number(s));
}

/** Wraps an error from parsing one cell into a DataError naming the file, line and field. */
export function cellError(e: unknown, file: string, line: number, field: string): never {
  if (e instanceof LissnasError) throw new DataError(file, e.message, line, field);
  throw e;
}
