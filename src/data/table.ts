import { DataError, UsageError } from "../core/errors.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import { negated, parseMetricSpec } from "./objectives.js";

/** Dense lookup arrays are used for spaces up to this many genotype codes. */
const DENSE_LIMIT = 4_000_000;

/**
 * A benchmark table: one row per architecture, in the file's row order (for NB201 that order *is* the
 * official index), with numeric columns as Float64Array and text columns kept as strings.
 *
 * Lookups go both ways: `archAt(row)` and `rowOf(arch)` (by the space's raw genotype `code`, so two
 * isomorphic cells keep their own rows, as in NB201 where each was trained separately).
 */
export class BenchmarkTable {
  readonly space: SearchSpace;
  /** Where the table came from (a file path), used in messages. */
  readonly source: string;
  readonly rows: number;
  /** Genotypes, row-major: rows × space.genotypeLength. */
  readonly genotypes: Uint8Array;
  /** Numeric columns that hold identifiers (an official index), never a default metric. */
  indexColumns: string[] = [];
  private readonly numeric = new Map<string, Float64Array>();
  private readonly text = new Map<string, string[] | (() => string[])>();
  private readonly negatedColumns = new Map<string, { base: Float64Array; values: Float64Array }>();
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;
  /** Each row's line in its file (for messages), when the loader knew it. */
  private readonly lines: Int32Array | undefined;

  /**
   * `archs`: one genotype per row, or all of them as one row-major array (rows × space.genotypeLength,
   * taken as is: no per-row objects for a large table). `lines`: each row's file line, for messages.
   */
  constructor(
    space: SearchSpace,
    source: string,
    archs: readonly Arch[] | Uint8Array,
    lines?: ArrayLike<number>,
  ) {
    this.space = space;
    this.source = source;
    const L = space.genotypeLength;
    const packed = archs instanceof Uint8Array;
    this.rows = packed ? archs.length / L : archs.length;
    this.lines = lines ? Int32Array.from(lines) : undefined;
    this.genotypes = packed ? archs : new Uint8Array(archs.length * L);
    const denseOk = space.keyExact && space.size() <= BigInt(DENSE_LIMIT);
    if (denseOk) this.dense = new Int32Array(Number(space.size())).fill(-1);
    else this.sparse = new Map();
    for (let r = 0; r < this.rows; r++) {
      const a = packed ? archs.subarray(r * L, (r + 1) * L) : archs[r];
      if (!packed) this.genotypes.set(a, r * L);
      const code = space.code(a);
      const prev = this.dense ? this.dense[code] : this.sparse!.get(code);
      if (prev !== undefined && prev >= 0) {
        throw new DataError(
          source,
          `architecture ${space.format(a)} repeats row ${prev} (line ${lines?.[prev] ?? "?"})`,
          lines?.[r],
        );
      }
      if (this.dense) this.dense[code] = r;
      else this.sparse!.set(code, r);
    }
  }

  /** The architecture of a row (a copy). */
  archAt(row: number): Arch {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) {
      throw new UsageError(`${this.source}: no row ${row} (rows 0..${this.rows - 1})`);
    }
    const L = this.space.genotypeLength;
    return this.genotypes.slice(row * L, (row + 1) * L);
  }

  /** The file line of a row, when the loader recorded it. */
  lineOf(row: number): number | undefined {
    return this.lines?.[row];
  }

  /** The row of an architecture, or −1 when the table lacks it. */
  rowOf(a: Arch): number {
    return this.rowOfCode(this.space.code(a));
  }

  /** The row of the architecture whose raw genotype code (`space.code`) is `code`, or −1 (issue 17). */
  rowOfCode(code: number): number {
    if (this.dense) return code < this.dense.length ? this.dense[code] : -1;
    return this.sparse!.get(code) ?? -1;
  }

  /** The official index of a row: the value of the table's index column when it has one, else the row. */
  officialIndex(row: number): number {
    return this.indexColumns.length > 0 ? this.column(this.indexColumns[0])[row] : row;
  }

  /** All architectures, as one array of genotypes (copies). */
  archs(): Arch[] {
    const out: Arch[] = [];
    for (let r = 0; r < this.rows; r++) out.push(this.archAt(r));
    return out;
  }

  setNumeric(name: string, values: Float64Array): void {
    if (values.length !== this.rows)
      throw new Error(`column ${name}: ${values.length} values for ${this.rows}`);
    this.numeric.set(name, values);
  }

  /** A text column: its strings, or a function making them when first asked for (src/data/text-cells.ts). */
  setText(name: string, values: string[] | (() => string[])): void {
    this.text.set(name, values);
  }

  /** Names of the numeric columns. */
  get metrics(): string[] {
    return [...this.numeric.keys()];
  }

  /** Names of the text columns. */
  get textColumns(): string[] {
    return [...this.text.keys()];
  }

  hasColumn(name: string): boolean {
    return this.numeric.has(name) || this.directed(name) !== undefined;
  }

  /**
   * `NAME:max` is column NAME, `NAME:min` its negation (cached): the one place metric directions enter
   * (src/data/objectives.ts). Undefined when NAME is not a numeric column.
   */
  private directed(name: string): Float64Array | undefined {
    const spec = parseMetricSpec(name);
    const base = spec.column !== name ? this.numeric.get(spec.column) : undefined;
    if (!base || spec.sign === 1) return base;
    let neg = this.negatedColumns.get(spec.column);
    if (!neg || neg.base !== base) {
      neg = { base, values: negated(base) };
      this.negatedColumns.set(spec.column, neg);
    }
    return neg.values;
  }

  /** A numeric column (`NAME:min` negated, see `directed`); a one-line error naming the known columns. */
  column(name: string): Float64Array {
    const c = this.numeric.get(name) ?? this.directed(name);
    if (!c) {
      const known = this.metrics.join(", ");
      throw new UsageError(`${this.source}: no numeric column '${name}' (numeric columns: ${known})`);
    }
    return c;
  }

  textColumn(name: string): string[] {
    let c = this.text.get(name);
    if (!c) throw new UsageError(`${this.source}: no text column '${name}'`);
    if (typeof c === "function") {
      c = c();
      this.text.set(name, c);
    }
    return c;
  }
}
