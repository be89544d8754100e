import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { DataError } from "../core/errors.js";
import {
  cellNumber,
  clip,
  isNumeric,
  type NonfinitePolicy,
  nonfiniteCell,
  outOfRange,
  readProblem,
} from "./csv.js";
import { checkHeader, quotedField } from "./csv-text.js";
import { TextCells } from "./text-cells.js";

/**
 * A CSV file read straight into columns: numeric columns as Float64Array, the others as positions in the
 * file's text (TextCells; no per-row record arrays, no string per cell). `lines[r]` is the 1-based file
 * line record r starts on.
 */
export interface CsvColumns {
  header: string[];
  rows: number;
  lines: Int32Array;
  /** Per column: its numbers, or null for a text column. */
  numeric: (Float64Array | null)[];
  /** Per column: its cells, or null for a numeric column. */
  text: (TextCells | null)[];
  /** Per column: the first cell that makes it invalid (a numeric column with a bad cell), else null. */
  errors: (DataError | null)[];
}

export interface ColumnsOptions {
  /** What a ±∞ cell of a numeric column becomes (src/data/csv.ts). */
  nonfinite: NonfinitePolicy;
  /**
   * Called once with the header and the first record's cells; returns the columns that stay text whatever
   * they hold (the architecture column: "0201" is a categorical architecture, not a number), or null to
   * decline the file (a format another reader handles).
   */
  textColumns: (header: string[], first: string[]) => number[] | null;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** How a column's cells are typed, decided by its first cell (the rules of `loadTable`, README). */
enum Mode {
  /** Numeric: the first cell is a non-empty number; any later cell that is not is an error. */
  Numeric,
  /** The first cell is empty: numeric if every cell is a number and one is not empty, else text. */
  Open,
  Text,
  /** A numeric column with a bad cell (its error is kept; later cells are skipped). */
  Failed,
}

/** One column's store while the text is scanned. */
interface Sink {
  mode: Mode;
  values: Float64Array | null;
  cells: TextCells | null;
  /** Open columns: whether a cell was not empty, and the first ±∞ cell seen (an error if it ends numeric). */
  filled: boolean;
  error: DataError | null;
  name: string;
}

/** Bytes read at a time from a file: the file is never held twice (as bytes and as text) at once. */
const CHUNK = 16 << 20;

/**
 * Reads a CSV file (RFC 4180, as src/data/csv-text.ts, with the same messages and lines) straight into typed
 * columns, in one pass with no per-row arrays, `CHUNK` bytes at a time: the shape that keeps a 2.7 MB table
 * load near Python's csv module and a table's memory within a few times its file size (issues #17, #18).
 * Null when `options.textColumns` declines the file (another reader's format).
 *
 * Written by hand, not with csv-parse: that library builds a record array per row (the cost this avoids).
 * Error order matches `parseCsvText` followed by the column checks: quoting errors at once; then an empty
 * file, the header, a file without data rows, the first record with the wrong field count; column errors
 * are returned in `errors` for the caller to raise after its own (architecture) checks.
 */
export function readCsvColumns(file: string, options: ColumnsOptions, chunk = CHUNK): CsvColumns | null {
  const fd = openText(file);
  try {
    const size = fstatSync(fd).size;
    let buffer = Buffer.allocUnsafe(Math.min(Math.max(size, 1), chunk));
    let have = 0;
    const parser = new ColumnParser(file, options, size);
    for (;;) {
      if (have === buffer.length) {
        // a record longer than the buffer: room for more of it
        const more = Buffer.allocUnsafe(2 * buffer.length);
        buffer.copy(more, 0, 0, have);
        buffer = more;
      }
      const got = readChunk(fd, buffer, have, file);
      have += got;
      const final = got === 0;
      // whole records only (cut after a line feed: never inside a UTF-8 character or a quoted field)
      const cut = final ? have : safeCut(buffer, have);
      if ((cut > 0 || final) && !parser.feed(buffer.toString("utf8", 0, cut), final)) return null;
      if (final) return parser.finish();
      buffer.copy(buffer, 0, cut, have);
      have -= cut;
    }
  } finally {
    closeSync(fd);
  }
}

function openText(file: string): number {
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
    return openSync(file, "r");
  } catch (e) {
    throw new DataError(file, readProblem(e));
  }
}

function readChunk(fd: number, buffer: Buffer, at: number, file: string): number {
  try {
    return readSync(fd, buffer, at, buffer.length - at, null);
  } catch (e) {
    throw new DataError(file, readProblem(e));
  }
}

/**
 * Where the bytes buffer[0, have) may be cut: after the last line feed outside quotes (an even number of
 * quotes before it; a stray quote before the cut is reported when the scan reaches it), or 0 when there is
 * none yet. Both are ASCII bytes, which never occur inside a multi-byte UTF-8 character.
 */
function safeCut(buffer: Buffer, have: number): number {
  let lf = have > 0 ? buffer.lastIndexOf(LF, have - 1) : -1;
  if (lf < 0) return 0;
  const q0 = buffer.indexOf(QUOTE);
  if (q0 < 0 || q0 >= have) return lf + 1;
  const quotes: number[] = [];
  for (let q = q0; q >= 0 && q < have; q = buffer.indexOf(QUOTE, q + 1)) quotes.push(q);
  let k = quotes.length; // quotes before the candidate line feed
  while (lf >= 0) {
    while (k > 0 && quotes[k - 1] > lf) k--;
    if (k % 2 === 0) return lf + 1;
    lf = lf > 0 ? buffer.lastIndexOf(LF, lf - 1) : -1;
  }
  return 0;
}

/** The column reader's state across chunks: header, first record, then one record after another. */
class ColumnParser {
  private line = 1;
  private started = false;
  private header: string[] | null = null;
  private headerLine = 0;
  private headerError: DataError | null = null;
  private badCount: DataError | null = null;
  private sinks: Sink[] = [];
  /** The text read so far, one piece a chunk, and the first row of each (shared by the text columns). */
  private readonly pieces: string[] = [];
  private readonly pieceRows: number[] = [];
  private lines = new Int32Array(0);
  private capacity = 0;
  private row = 0;

  constructor(
    private readonly file: string,
    private readonly options: ColumnsOptions,
    /** The file's size in bytes, to size the columns from the first chunk. */
    private readonly size: number,
  ) {}

  /** Reads the records of `text` (whole records); false when the caller's hook declines the file. */
  feed(text: string, final: boolean): boolean {
    const sc = new Scanner(text, this.file, this.line, this.started ? 0 : bomLength(text), text.length);
    this.pieces.push(text);
    this.pieceRows.push(this.row);
    this.started = true;
    try {
      sc.skipBlank();
      if (!this.header) {
        if (sc.done()) {
          if (final) throw new DataError(this.file, "empty file: no header row");
          return true;
        }
        this.headerLine = sc.line;
        this.header = sc.record().map((h) => h.trim());
        this.headerError = headerProblem(this.header, this.file, this.headerLine);
        sc.skipBlank();
      }
      if (this.row === 0) {
        if (sc.done()) {
          if (!final) return true;
          if (this.headerError) throw this.headerError;
          throw new DataError(this.file, "no data rows after the header", this.headerLine);
        }
        if (!this.first(sc, text)) return false;
      }
      this.records(sc);
      return true;
    } finally {
      this.line = sc.line;
    }
  }

  /** The first record, as strings: the hook chooses the architecture column from it; columns get typed. */
  private first(sc: Scanner, text: string): boolean {
    const header = this.header as string[];
    const lfs = countLines(text, sc.i) + 1;
    // rows in the whole file, estimated from this chunk's share of it (grown if short)
    const n = text.length;
    this.capacity = this.size > n ? Math.ceil((lfs * this.size) / n) + 16 : lfs;
    this.lines = new Int32Array(this.capacity);
    const line = sc.line;
    const first = sc.record();
    const ncols = header.length;
    if (first.length !== ncols) this.badCount = countError(this.file, first.length, ncols, line);
    const forced = this.headerError || this.badCount ? [] : this.options.textColumns(header, first);
    if (forced === null) return false;
    const text1 = new Set(forced);
    this.sinks = header.map((name, c) =>
      newSink(
        name,
        c < first.length ? first[c] : "",
        text1.has(c),
        this.capacity,
        this.pieces,
        this.pieceRows,
      ),
    );
    for (let c = 0; c < ncols && c < first.length; c++)
      put(this.sinks[c], 0, first[c], this.file, line, this.options.nonfinite);
    this.lines[0] = line;
    this.row = 1;
    return true;
  }

  private records(sc: Scanner): void {
    const { sinks, options, file } = this;
    const ncols = sinks.length;
    const { text } = sc;
    const ends = new Int32Array(ncols);
    let quote = -1;
    let cr = -1;
    for (;;) {
      sc.skipBlank();
      if (sc.done()) return;
      if (this.row === this.capacity) this.grow();
      const start = sc.line;
      const i = sc.i;
      // The common record: one line, no quote, no lone CR, the header's number of fields. Its field ends
      // are found first (native indexOf), then each cell goes to its column; any other record takes the
      // general path, which also reports what is wrong with it.
      let lf = text.indexOf("\n", i);
      if (lf < 0 || lf > sc.n) lf = sc.n;
      if (quote < i) quote = next(text, '"', i);
      if (cr < i) cr = next(text, "\r", i);
      const end = cr === lf - 1 ? cr : lf;
      if (quote >= end && cr >= end && splitFields(text, i, end, ends)) {
        for (let c = 0, s0 = i; c < ncols; s0 = ends[c] + 1, c++) {
          const sink = sinks[c];
          if (sink.mode === Mode.Text) (sink.cells as TextCells).setRange(this.row, s0, ends[c]);
          else putRange(sink, this.row, text, s0, ends[c], file, start, options.nonfinite);
        }
        sc.i = lf < sc.n ? lf + 1 : lf;
        sc.line++;
      } else {
        const fields = sc.cells(sinks, this.row, options.nonfinite);
        if (fields !== ncols && !this.badCount) this.badCount = countError(file, fields, ncols, start);
      }
      this.lines[this.row++] = start;
    }
  }

  /** More records than estimated: grow every store. */
  private grow(): void {
    this.capacity *= 2;
    this.lines = grown(this.lines, this.capacity);
    for (const s of this.sinks) {
      if (s.values) s.values = grown(s.values, this.capacity);
      s.cells?.grow(this.capacity);
    }
  }

  finish(): CsvColumns {
    if (this.headerError) throw this.headerError;
    if (this.badCount) throw this.badCount;
    return finish(this.header as string[], this.row, this.lines, this.sinks);
  }
}

function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/**
 * A position in the CSV text. Field ends are found with `indexOf` (native, fast before the JIT has
 * optimised anything) and the next comma, line feed, carriage return and quote are remembered, so each
 * character is looked at a few times in native code instead of once per character in JavaScript.
 */
class Scanner {
  i: number;
  line = 1;
  readonly n: number;
  private comma = -1;
  private lf = -1;
  private cr = -1;
  private quote = -1;

  /** Scans text[start, end) from file line `line`; `end` follows a line end outside quotes, or is the end. */
  constructor(
    readonly text: string,
    private readonly file: string,
    line: number,
    start: number,
    end: number,
  ) {
    this.n = end;
    this.i = start;
    this.line = line;
  }

  done(): boolean {
    return this.i >= this.n;
  }

  skipBlank(): void {
    const { text } = this;
    for (;;) {
      if (this.i >= this.n) return;
      const c = text.charCodeAt(this.i);
      if (c !== LF && c !== CR) return;
      if (c === CR && text.charCodeAt(this.i + 1) === LF) this.i++;
      this.i++;
      this.line++;
    }
  }

  /** One record as strings (the header, the first record). */
  record(): string[] {
    const cells: string[] = [];
    for (;;) {
      const end = this.fieldEnd();
      if (end < 0) cells.push(this.quoted());
      else {
        cells.push(this.text.slice(this.i, end));
        this.i = end;
      }
      if (!this.comma1()) break;
    }
    this.endRecord();
    return cells;
  }

  /** One record into the column stores at `row`; returns its number of fields. */
  cells(sinks: Sink[], row: number, nonfinite: NonfinitePolicy): number {
    const start = this.line;
    let c = 0;
    for (; ; c++) {
      const sink = c < sinks.length ? sinks[c] : null;
      const end = this.fieldEnd();
      if (end < 0) {
        const value = this.quoted();
        if (sink) put(sink, row, value, this.file, start, nonfinite);
      } else {
        if (sink) putRange(sink, row, this.text, this.i, end, this.file, start, nonfinite);
        this.i = end;
      }
      if (!this.comma1()) break;
    }
    this.endRecord();
    return c + 1;
  }

  /** Steps over a comma after a field; false at the end of a record. */
  private comma1(): boolean {
    if (this.i < this.n && this.text.charCodeAt(this.i) === COMMA) {
      this.i++;
      return true;
    }
    return false;
  }

  private endRecord(): void {
    if (this.i < this.n) {
      if (this.text.charCodeAt(this.i) === CR && this.text.charCodeAt(this.i + 1) === LF) this.i++;
      this.i++;
      this.line++;
    }
  }

  /** The end of the unquoted field at `i`, or −1 when the field is quoted; a stray quote is an error. */
  private fieldEnd(): number {
    const { i, text } = this;
    if (this.comma < i) this.comma = next(text, ",", i);
    if (this.lf < i) this.lf = next(text, "\n", i);
    if (this.cr < i) this.cr = next(text, "\r", i);
    if (this.quote < i) this.quote = next(text, '"', i);
    const end = Math.min(this.comma, this.lf, this.cr);
    if (this.quote < end) {
      if (this.quote === i) return -1;
      throw new DataError(this.file, "malformed CSV: quote inside an unquoted field", this.line);
    }
    return end;
  }

  /** Reads the quoted field at `i` (src/data/csv-text.ts), which must end at a comma or line end. */
  private quoted(): string {
    const q = quotedField(this.text, this.i, this.line, this.file);
    this.i = q.end;
    this.line = q.line;
    afterQuote(this.text, this.i, this.line, this.file);
    return q.value;
  }
}

/**
 * Splits the unquoted one-line record text[i, end) at its commas into `ends` (the end of each field); false
 * when it has another number of fields than `ends` holds.
 */
function splitFields(text: string, i: number, end: number, ends: Int32Array): boolean {
  const last = ends.length - 1;
  let s = i;
  for (let c = 0; c < last; c++) {
    const k = text.indexOf(",", s);
    if (k < 0 || k >= end) return false;
    ends[c] = k;
    s = k + 1;
  }
  const k = text.indexOf(",", s);
  if (k >= 0 && k < end) return false;
  ends[last] = end;
  return true;
}

/** The index of `ch` at or after `from`, or the text's length. */
function next(text: string, ch: string, from: number): number {
  const k = text.indexOf(ch, from);
  return k < 0 ? text.length : k;
}

function afterQuote(text: string, i: number, line: number, file: string): void {
  const d = i < text.length ? text.charCodeAt(i) : LF;
  if (d !== COMMA && d !== LF && d !== CR) {
    throw new DataError(file, "malformed CSV: text after a closing quote", line);
  }
}

/** Line feeds from `from` on: the records left, unless lines end with CR alone (then grown). */
function countLines(text: string, from: number): number {
  let count = 0;
  for (let j = text.indexOf("\n", from); j >= 0; j = text.indexOf("\n", j + 1)) count++;
  return count;
}

function grown<T extends Int32Array | Float64Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

function countError(file: string, got: number, want: number, line: number): DataError {
  return new DataError(file, `malformed CSV: ${got} fields where the header has ${want}`, line);
}

function headerProblem(header: string[], file: string, line: number): DataError | null {
  try {
    checkHeader(header, file, line);
    return null;
  } catch (e) {
    return e as DataError;
  }
}

function newSink(
  name: string,
  first: string,
  forced: boolean,
  capacity: number,
  pieces: string[],
  pieceRows: number[],
): Sink {
  let mode: Mode;
  if (forced) mode = Mode.Text;
  else if (isNumeric(first) && first.trim() !== "") mode = Mode.Numeric;
  else if (cellNumber(first) === undefined) mode = Mode.Text;
  else mode = Mode.Open;
  return {
    mode,
    values: mode === Mode.Numeric || mode === Mode.Open ? new Float64Array(capacity) : null,
    cells: mode === Mode.Text || mode === Mode.Open ? new TextCells(pieces, pieceRows, capacity) : null,
    filled: false,
    error: null,
    name,
  };
}

/** Stores one cell given as a string (quoted cells, the first record). */
function put(sink: Sink, row: number, cell: string, file: string, line: number, nonfinite: NonfinitePolicy) {
  sink.cells?.setString(row, cell);
  if (sink.values) number(sink, row, cellNumber(cell), cell, file, line, nonfinite);
}

/** Stores the unquoted cell text[s, e) without building a string for plain decimal numbers. */
function putRange(
  sink: Sink,
  row: number,
  text: string,
  s: number,
  e: number,
  file: string,
  line: number,
  nonfinite: NonfinitePolicy,
) {
  if (sink.mode === Mode.Numeric) {
    const v = plainDecimal(text, s, e);
    if (v - v === 0) (sink.values as Float64Array)[row] = v;
    else {
      const cell = text.slice(s, e);
      number(sink, row, cellNumber(cell), cell, file, line, nonfinite);
    }
    return;
  }
  if (sink.mode === Mode.Failed) return;
  sink.cells?.setRange(row, s, e);
  if (sink.values) {
    const cell = text.slice(s, e);
    number(sink, row, cellNumber(cell), cell, file, line, nonfinite);
  }
}

/** Types one cell of a numeric or open column (see Mode). */
function number(
  sink: Sink,
  row: number,
  v: number | undefined,
  cell: string,
  file: string,
  line: number,
  nonfinite: NonfinitePolicy,
): void {
  const values = sink.values as Float64Array;
  let over = false;
  if (v === undefined && isNumeric(cell)) {
    // a decimal literal beyond a double's range: the ±∞ it overflows to, under the same policy as inf
    v = cell.trim().startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    over = true;
  }
  if (v === undefined) {
    if (sink.mode === Mode.Open) {
      sink.mode = Mode.Text;
      sink.values = null;
      sink.error = null;
    } else {
      sink.error = new DataError(file, `'${clip(cell)}' is not a number`, line, sink.name);
      sink.mode = Mode.Failed;
      sink.values = null;
    }
    return;
  }
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
    if (nonfinite === "missing") v = Number.NaN;
    else if (nonfinite === "error" && !sink.error) {
      sink.error = new DataError(file, over ? outOfRange(cell) : nonfiniteCell(cell), line, sink.name);
      if (sink.mode === Mode.Numeric) {
        sink.mode = Mode.Failed;
        sink.values = null;
        return;
      }
    }
  }
  if (sink.mode === Mode.Open && cell.trim() !== "") sink.filled = true;
  values[row] = v;
}

/**
 * The value of the unquoted cell text[s, e) when it is a plain decimal literal (the common case), else NaN
 * (the caller then takes the general path of `cellNumber`). `Number` reads exactly the decimal literals of
 * `DECIMAL` (src/data/csv.ts) plus surrounding blanks, `Infinity` and unsigned 0x/0o/0b integers: a first
 * character in [0-9+-.], a last in [0-9.] and no radix prefix leave only the decimal ones. Native `Number`
 * rather than a digit loop of our own: most of a load runs before the JIT has optimised anything.
 */
function plainDecimal(text: string, s: number, e: number): number {
  if (s >= e) return Number.NaN;
  const first = text.charCodeAt(s);
  const last = text.charCodeAt(e - 1);
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return Number.NaN;
  if (!((last >= 48 && last <= 57) || last === 46)) return Number.NaN;
  if (first === 48 && e - s > 2) {
    const x = text.charCodeAt(s + 1) | 32; // lower case
    if (x === 120 || x === 111 || x === 98) return Number.NaN; // 0x, 0o, 0b
  }
  return Number(text.slice(s, e));
}

/** The typed columns once every record is read. */
function finish(header: string[], rows: number, lines: Int32Array, sinks: Sink[]): CsvColumns {
  const numeric: (Float64Array | null)[] = [];
  const text: (TextCells | null)[] = [];
  const errors: (DataError | null)[] = [];
  for (const sink of sinks) {
    sink.cells?.finish(rows);
    if (sink.mode === Mode.Open && !sink.filled && sink.cells) {
      // every cell empty (or "nan" only): numeric only when some cell is not empty
      sink.cells.forEach((c) => {
        if (c.trim() !== "") sink.filled = true;
      });
    }
    const isNumber = sink.mode === Mode.Numeric || (sink.mode === Mode.Open && sink.filled);
    numeric.push(isNumber ? trimmed(sink.values as Float64Array, rows) : null);
    text.push(isNumber || sink.mode === Mode.Failed ? null : (sink.cells as TextCells));
    errors.push(sink.mode === Mode.Failed || isNumber ? sink.error : null);
  }
  return { header, rows, lines: trimmed(lines, rows), numeric, text, errors };
}

/** The first `rows` values, copied when the store was sized well beyond them (an estimate from a chunk). */
function trimmed<T extends Int32Array | Float64Array>(a: T, rows: number): T {
  return (a.length > rows + (rows >> 4) + 64 ? a.slice(0, rows) : a.subarray(0, rows)) as T;
}
