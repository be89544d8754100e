/**
 * A text column kept as positions in the file's text: 8 bytes a cell instead of a string object each
 * (a 100 MB table's architecture column alone was ~80 MB of strings). Strings are made when asked for:
 * `get` one, `forEach` in row order, or `toArray` (what BenchmarkTable.textColumn returns, built once).
 *
 * The text comes in pieces (src/data/csv-columns.ts reads a file a chunk at a time); every row lies in one
 * piece, and `pieceRows[p]` is the first row of piece p. Cells that are not a plain range of the text
 * (quoted cells with `""` escapes, the first record) are kept as strings.
 */
export class TextCells {
  private starts: Int32Array;
  private ends: Int32Array;
  private strings: Map<number, string> | null = null;
  /** Rows stored (set by the reader when it is done). */
  length = 0;

  constructor(
    private readonly pieces: readonly string[],
    private readonly pieceRows: readonly number[],
    capacity: number,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  /** Row `row` is text[start, end) of the current (last) piece. */
  setRange(row: number, start: number, end: number): void {
    this.starts[row] = start;
    this.ends[row] = end;
  }

  setString(row: number, value: string): void {
    this.strings ??= new Map();
    this.strings.set(row, value);
  }

  /** Room for `capacity` rows. */
  grow(capacity: number): void {
    const s = new Int32Array(capacity);
    s.set(this.starts);
    this.starts = s;
    const e = new Int32Array(capacity);
    e.set(this.ends);
    this.ends = e;
  }

  /** Row count is final: drops the unused room. */
  finish(rows: number): void {
    this.length = rows;
    if (this.starts.length > rows) {
      this.starts = this.starts.slice(0, rows);
      this.ends = this.ends.slice(0, rows);
    }
  }

  get(row: number): string {
    const s = this.strings?.get(row);
    if (s !== undefined) return s;
    let p = this.pieceRows.length - 1;
    while (p > 0 && this.pieceRows[p] > row) p--;
    return this.pieces[p].slice(this.starts[row], this.ends[row]);
  }

  /** Calls `fn` with each cell in row order (strings made one at a time). */
  forEach(fn: (cell: string, row: number) => void): void {
    const { pieces, pieceRows, starts, ends, strings } = this;
    for (let p = 0; p < pieces.length; p++) {
      const text = pieces[p];
      const to = p + 1 < pieceRows.length ? Math.min(pieceRows[p + 1], this.length) : this.length;
      for (let r = p === 0 ? 0 : pieceRows[p]; r < to; r++) {
        const s = strings?.get(r);
        fn(s !== undefined ? s : text.slice(starts[r], ends[r]), r);
      }
    }
  }

  toArray(): string[] {
    const out: string[] = new Array(0);
    this.forEach((cell) => {
      out.push(cell);
    });
    return out;
  }
}
