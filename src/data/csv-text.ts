import { DataError } from "../core/errors.js";

/** Rows of a CSV text: the header, string cells per record and the 1-based file line each record starts on. */
export interface CsvRows {
  header: string[];
  records: string[][];
  lines: number[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Parses RFC 4180 CSV text (comma separator, `"` quoting with `""` escapes, quoted commas and newlines,
 * LF or CRLF line ends, a leading byte-order mark, blank lines skipped).
 *
 * Written by hand rather than with csv-parse because loading a 2.7 MB benchmark table is most of what a
 * short command does: csv-parse's per-character state machine and per-record info objects took 220–300 ms
 * on nats_bench.csv, this single pass slices unquoted fields straight out of the text. It is also stricter
 * where that matters for errors: every problem names the file line it is on — a quote inside an unquoted
 * field (the line of the quote), a quoted field that never closes (the line it opens on), a record with
 * the wrong number of fields (the line the record starts on).
 */
export function parseCsvText(text: string, file: string): CsvRows {
  const rows: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      // a blank line
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
      continue;
    }
    const start = line;
    const row: string[] = [];
    // one record
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const r = quotedField(text, i, line, file);
        row.push(r.value);
        i = r.end;
        line = r.line;
        const d = i < n ? text.charCodeAt(i) : LF;
        if (d !== COMMA && d !== LF && d !== CR) {
          throw new DataError(file, "malformed CSV: text after a closing quote", line);
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === COMMA || d === LF || d === CR) break;
          if (d === QUOTE) throw new DataError(file, "malformed CSV: quote inside an unquoted field", line);
        }
        row.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    // end of record: newline or end of text
    if (i < n) {
      if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
    }
    rows.push(row);
    lines.push(start);
  }
  if (rows.length === 0) throw new DataError(file, "empty file: no header row");
  const header = rows[0].map((h) => h.trim());
  checkHeader(header, file, lines[0]);
  if (rows.length === 1) throw new DataError(file, "no data rows after the header", lines[0]);
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== header.length) {
      throw new DataError(
        file,
        `malformed CSV: ${rows[r].length} fields where the header has ${header.length}`,
        lines[r],
      );
    }
  }
  return { header, records: rows.slice(1), lines: lines.slice(1) };
}

/** Reads a quoted field starting at the quote at `i`; returns its value, the index after it and the line. */
export function quotedField(
  text: string,
  i: number,
  line: number,
  file: string,
): { value: string; end: number; line: number } {
  const open = line;
  let out = "";
  let from = i + 1;
  for (let j = from; ; ) {
    const q = text.indexOf('"', j);
    if (q < 0) throw new DataError(file, "malformed CSV: quoted field never closes", open);
    for (let k = j; k < q; k++) if (text.charCodeAt(k) === LF) line++;
    if (text.charCodeAt(q + 1) === QUOTE) {
      out += text.slice(from, q + 1);
      from = j = q + 2;
      continue;
    }
    out += text.slice(from, q);
    return { value: out, end: q + 1, line };
  }
}

/** Header names must be non-empty and distinct: two columns of one name would silently shadow each other. */
export function checkHeader(header: string[], file: string, line: number): void {
  const seen = new Map<string, number>();
  for (let c = 0; c < header.length; c++) {
    const h = header[c];
    if (h === "" && header.length > 1 && c > 0) {
      throw new DataError(file, `header column ${c + 1} has no name`, line);
    }
    const prev = seen.get(h);
    if (prev !== undefined) {
      throw new DataError(file, `duplicate column '${h}' (columns ${prev + 1} and ${c + 1})`, line);
    }
    seen.set(h, c);
  }
}
