import { extname } from "node:path";
import { DataError, UsageError } from "../core/errors.js";
import { loadNb101Sample } from "../spaces/nb101/sample.js";
import { Nb101Space } from "../spaces/nb101/space.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import {
  cellError,
  cellValue,
  clip,
  isNumeric,
  type NonfinitePolicy,
  parseJsonText,
  readText,
  toNumber,
} from "./csv.js";
import { readCsvColumns } from "./csv-columns.js";
import { parseCsvText } from "./csv-text.js";
import { isAccelNasBenchHeader, loadAccelNasBench } from "./formats/accel-nasbench.js";
import { loadNaslibZcJson, NASLIB_ZC_SPACES } from "./formats/naslib-zc-json.js";
import { isNbGraphSpace, loadNbGraphCsv } from "./formats/nbgraph-csv.js";
import { topLevelKeys } from "./json-keys.js";
import { BenchmarkTable } from "./table.js";
import type { TextCells } from "./text-cells.js";

/** Column names recognised as the architecture column, in order of preference. */
export const ARCH_COLUMNS = ["ArchitectureString", "arch_str", "cellstr", "architecture", "arch", "key"];
/** Column names recognised as an official index column (NB201 index). */
export const INDEX_COLUMNS = ["index", "nb201_index", "arch"];

export interface LoadOptions {
  /** Name of the column holding the architecture string (default: first of ARCH_COLUMNS present). */
  archColumn?: string;
  /** Keep only rows where `column` equals `value` (e.g. dataset=cifar10 in NASLib's flat file). */
  where?: { column: string; value: string };
  /** The task (dataset) of a file holding several, e.g. NASLib's zero-cost JSON (`--task cifar10`). */
  task?: string;
  /**
   * Read ±∞ metric cells (`inf`, `-inf`, `infinity`, and literals beyond a double's range such as 1e400)
   * as missing (NaN) instead of refusing the file (`--allow-nonfinite`). Empty and `nan` cells are always
   * missing.
   */
  allowNonfinite?: boolean;
}

/**
 * Loads a benchmark table for `space` from a CSV or JSON file.
 *
 * CSV (documented mapping): one header row; the architecture column is `--arch-column` or the first of
 * ArchitectureString / arch_str / cellstr / architecture / arch / key found, parsed with `space.parse`;
 * every column whose cells are numbers becomes a metric; other columns are kept as text. When an integer
 * index column (index / nb201_index / arch) holds a permutation of 0..rows−1, rows are placed by it (so the
 * NB201 index is the row whatever the file order); otherwise file order is kept.
 * JSON: for `nb101`, the NB101 sample's column-oriented JSON (src/spaces/nb101/sample.ts); otherwise
 * NAS-Bench-Macro's object `{ "02012100": {test_acc: [..], mean_acc, std, params, flops} }` for the
 * `macro` (or any 8×3 categorical) space.
 */
export function loadTable(file: string, space: SearchSpace, options: LoadOptions = {}): BenchmarkTable {
  const ext = extname(file).toLowerCase();
  if (ext === ".json" && space instanceof Nb101Space) {
    unusedOptions(file, options, ALL_OPTIONS, "the NB101 sample's JSON");
    return loadNb101Sample(file, space);
  }
  if (ext === ".json" && NASLIB_ZC_SPACES.has(space.id)) {
    unusedOptions(file, options, ["where", "archColumn", "allowNonfinite"], "NASLib's zero-cost JSON");
    return loadNaslibZcJson(file, space, options.task);
  }
  if (ext === ".json") {
    unusedOptions(file, options, ALL_OPTIONS, "a NAS-Bench-Macro JSON");
    return loadMacroJson(file, space);
  }
  if (ext === ".csv") unusedOptions(file, options, ["task"], "a CSV table (--task: NASLib's zero-cost JSON)");
  if (ext === ".csv" && isNbGraphSpace(space)) {
    unusedOptions(file, options, ["archColumn"], "NAS-Bench-Graph's CSV (link and ops columns)");
    return loadNbGraphCsv(file, space, options);
  }
  // SpikeNAS-Bench's summary names its architecture column after its encoding.
  if (ext === ".csv" && space.id === "spikenas")
    options = { ...options, archColumn: options.archColumn ?? "enc_base5_edge0to5" };
  if (ext !== ".csv") throw new UsageError(`${file}: unknown table format '${ext}' (expected .csv or .json)`);
  return loadCsvTable(file, space, options);
}

const ALL_OPTIONS = ["where", "archColumn", "task", "allowNonfinite"] as const;
const OPTION_FLAGS: Record<(typeof ALL_OPTIONS)[number], string> = {
  where: "--where",
  archColumn: "--arch-column",
  task: "--task",
  allowNonfinite: "--allow-nonfinite",
};

/** A load option the file's format does not read is a one-line error, not silently ignored. */
function unusedOptions(
  file: string,
  options: LoadOptions,
  unused: ReadonlyArray<(typeof ALL_OPTIONS)[number]>,
  format: string,
): void {
  for (const k of unused) {
    if (options[k] !== undefined && options[k] !== false) {
      throw new UsageError(`${file}: ${OPTION_FLAGS[k]} does not apply to ${format}`);
    }
  }
}

function loadCsvTable(file: string, space: SearchSpace, options: LoadOptions): BenchmarkTable {
  if (!options.where) {
    const table = loadCsvColumns(file, space, options);
    if (table) return table;
  }
  const csv = { file, ...parseCsvText(readText(file), file) };
  const nonfinite = nonfinitePolicy(csv.header, options);
  const { header } = csv;
  let { records, lines } = csv;
  if (options.where) {
    const wc = header.indexOf(options.where.column);
    if (wc < 0) throw new DataError(file, `no column '${options.where.column}' to filter on`, 1);
    const keep = records.map((r, i) => (r[wc] === options.where!.value ? i : -1)).filter((i) => i >= 0);
    if (keep.length === 0) {
      throw new DataError(file, `no row has ${options.where.column} = '${options.where.value}'`);
    }
    records = keep.map((i) => records[i]);
    lines = keep.map((i) => lines[i]);
  }
  if (isAccelNasBenchHeader(header))
    return loadAccelNasBench(file, space, { file, header, records, lines }, nonfinite);
  const archName = archColumnName(header, records[0], space, file, options);
  const archCol = header.indexOf(archName);

  const archs: Arch[] = records.map((r, i) => {
    try {
      return space.parse(r[archCol]);
    } catch (e) {
      return cellError(e, file, lines[i], archName);
    }
  });

  // Place rows by an index column when it is a permutation of 0..n-1.
  const indexName = INDEX_COLUMNS.find((c) => c !== archName && header.includes(c));
  const ic = indexName ? header.indexOf(indexName) : -1;
  const order = ic >= 0 ? permutation(records.length, (i) => Number(records[i][ic])) : undefined;
  const at = (r: number) => (order ? order[r] : r);
  const table = new BenchmarkTable(
    space,
    file,
    archs.map((_, r) => archs[at(r)]),
    records.map((_, r) => lines[at(r)]),
  );
  for (let c = 0; c < header.length; c++) {
    if (c === archCol) continue;
    const name = header[c];
    const v = numericColumn(records, c, at);
    if (v) {
      // a numeric column: its ±∞ cells follow the policy (the first refused one, in file order, is named)
      if (nonfinite !== "keep") {
        for (let i = 0; i < records.length; i++) {
          if (Math.abs(cellValue(records[i][c]) as number) === Number.POSITIVE_INFINITY) {
            toNumber(records[i][c], file, lines[i], name, nonfinite);
          }
        }
        for (let r = 0; r < v.length; r++) if (Math.abs(v[r]) === Number.POSITIVE_INFINITY) v[r] = Number.NaN;
      }
      table.setNumeric(name, v);
    } else if (isNumeric(records[0][c]) && records[0][c].trim() !== "") {
      // the first cell reads as a number: the column is numeric, and its first refused cell is the error
      const refused = (cell: string) => {
        const x = cellValue(cell);
        return x === undefined || (nonfinite === "error" && Math.abs(x) === Number.POSITIVE_INFINITY);
      };
      const bad = records.findIndex((r) => refused(r[c]));
      toNumber(records[bad][c], file, lines[bad], name, nonfinite);
      throw new DataError(file, `'${clip(records[bad][c])}' is not a number`, lines[bad], name);
    } else {
      table.setText(
        name,
        records.map((_, r) => records[at(r)][c]),
      );
    }
  }
  table.indexColumns = INDEX_COLUMNS.filter((c) => table.hasColumn(c));
  table.setText(
    archName,
    records.map((_, r) => records[at(r)][archCol]),
  );
  return table;
}

/**
 * What ±∞ metric cells become: missing with `--allow-nonfinite`, else an error — except in NASLib's
 * zero-cost flat file (a `naslib_op_indices` column), where NASLib writes −∞ for an `nwot` score whose kernel
 * is singular, read as −∞ as the NASLib JSON reader does (src/data/formats/naslib-zc-json.ts).
 */
function nonfinitePolicy(header: readonly string[], options: LoadOptions): NonfinitePolicy {
  if (options.allowNonfinite) return "missing";
  return header.includes("naslib_op_indices") ? "keep" : "error";
}

/**
 * The architecture column: `--arch-column`, else the first recognised column whose first cell is an
 * architecture of the space (an integer `arch` column is NB201's index in some files, but a digit string
 * like "0201" is a categorical architecture), else the first recognised column.
 */
function archColumnName(
  header: readonly string[],
  first: readonly string[],
  space: SearchSpace,
  file: string,
  options: LoadOptions,
): string {
  const parses = (c: string) => {
    try {
      space.parse(first[header.indexOf(c)]);
      return true;
    } catch {
      return false;
    }
  };
  const archName =
    options.archColumn ??
    ARCH_COLUMNS.find((c) => header.includes(c) && parses(c)) ??
    ARCH_COLUMNS.find((c) => header.includes(c));
  if (!archName) {
    throw new DataError(
      file,
      `no architecture column (looked for ${ARCH_COLUMNS.join(", ")}; use --arch-column)`,
      1,
    );
  }
  if (!header.includes(archName)) {
    throw new DataError(file, `no column '${archName}' (columns: ${header.join(", ")})`, 1);
  }
  return archName;
}

/** The row order an index column gives when its values are a permutation of 0..n−1 (pos[index] = record). */
function permutation(n: number, value: (i: number) => number): Int32Array | undefined {
  const pos = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (!Number.isInteger(v) || v < 0 || v >= n || pos[v] >= 0) return undefined;
    pos[v] = i;
  }
  return pos;
}

/**
 * The common case (no --where, not Accel-NASBench nor NASLib's flat file, which the record path above
 * reads; null for those): the file is read straight into typed columns (src/data/csv-columns.ts) and
 * architectures into one genotype array, with no per-row records. Same rules, messages and lines as the
 * record path.
 */
function loadCsvColumns(file: string, space: SearchSpace, options: LoadOptions): BenchmarkTable | null {
  let archName = "";
  let archError: unknown;
  const cols = readCsvColumns(file, {
    nonfinite: options.allowNonfinite ? "missing" : "error",
    textColumns: (header, first) => {
      if (isAccelNasBenchHeader(header) || nonfinitePolicy(header, options) === "keep") return null;
      try {
        archName = archColumnName(header, first, space, file, options);
      } catch (e) {
        archError = e;
        return [];
      }
      return [header.indexOf(archName)];
    },
  });
  if (!cols) return null;
  const { header, rows } = cols;
  if (archError) throw archError;
  const archCol = header.indexOf(archName);
  const archText = cols.text[archCol] as TextCells;
  const L = space.genotypeLength;
  let genotypes = new Uint8Array(rows * L);
  archText.forEach((cell, r) => {
    let a: Arch;
    try {
      a = space.parse(cell);
    } catch (e) {
      cellError(e, file, cols.lines[r], archName);
    }
    genotypes.set(a, r * L);
  });
  const indexName = INDEX_COLUMNS.find((c) => c !== archName && header.includes(c));
  let order: Int32Array | undefined;
  if (indexName) {
    const j = header.indexOf(indexName);
    const num = cols.numeric[j];
    const txt = cols.text[j];
    order = permutation(rows, num ? (i) => num[i] : (i) => Number((txt as TextCells).get(i)));
  }
  let lines: Int32Array = cols.lines;
  if (order) {
    genotypes = permuteRows(genotypes, order, L);
    lines = permuteRows(lines, order, 1);
  }
  const table = new BenchmarkTable(space, file, genotypes, lines);
  for (let c = 0; c < header.length; c++) {
    const error = cols.errors[c];
    if (error) throw error;
    if (c === archCol) continue;
    const num = cols.numeric[c];
    if (num) table.setNumeric(header[c], order ? permuteRows(num, order, 1) : num);
    else table.setText(header[c], lazyText(cols.text[c] as TextCells, order));
  }
  table.indexColumns = INDEX_COLUMNS.filter((c) => table.hasColumn(c));
  table.setText(archName, lazyText(archText, order));
  return table;
}

/** A text column's strings in table order, made when first asked for (most commands never read them). */
function lazyText(cells: TextCells, order: Int32Array | undefined): () => string[] {
  return () => {
    const all = cells.toArray();
    return order ? Array.from(order, (i) => all[i]) : all;
  };
}

/** Rows of `width` values placed in table order: out row r = in row order[r]. */
function permuteRows<T extends Uint8Array | Int32Array | Float64Array>(
  a: T,
  order: Int32Array,
  width: number,
): T {
  const out = new (a.constructor as new (n: number) => T)(order.length * width);
  for (let r = 0; r < order.length; r++) {
    for (let k = 0; k < width; k++) out[r * width + k] = a[order[r] * width + k];
  }
  return out;
}

/**
 * Column `c` as numbers in table order (`at` maps table rows to records), or null when some cell is not a
 * number or every cell is empty. One pass, one test per cell.
 */
function numericColumn(records: string[][], c: number, at: (r: number) => number): Float64Array | null {
  const v = new Float64Array(records.length);
  let filled = false;
  for (let r = 0; r < records.length; r++) {
    const x = cellValue(records[at(r)][c]);
    if (x === undefined) return null;
    if (!Number.isNaN(x)) filled = true;
    v[r] = x;
  }
  return filled || records.some((rec) => rec[c].trim() !== "") ? v : null;
}

/** NAS-Bench-Macro's JSON (see loadTable). Columns: mean_acc, std, params, flops, test_acc_0..2. */
function loadMacroJson(file: string, space: SearchSpace): BenchmarkTable {
  const text = readText(file);
  const data = parseJsonText(text, file);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new DataError(file, "expected a JSON object keyed by architecture (NAS-Bench-Macro format)");
  }
  // File order, not JavaScript's key order (integer-like keys first); duplicates are errors.
  const keys = topLevelKeys(text, file);
  const entries = keys.map(({ key }) => [key, (data as Record<string, unknown>)[key]] as const);
  if (entries.length === 0) throw new DataError(file, "no architectures in the JSON object");
  const lineOf = new Map(keys.map(({ key, line }) => [key, line]));
  const archs: Arch[] = [];
  const cols = {
    mean_acc: [],
    std: [],
    params: [],
    flops: [],
    test_acc_0: [],
    test_acc_1: [],
    test_acc_2: [],
  } as Record<string, number[]>;
  for (const [key, value] of entries) {
    const line = lineOf.get(key);
    try {
      archs.push(space.parse(key));
    } catch (e) {
      throw new DataError(file, (e as Error).message, line, "key");
    }
    const v = value as Record<string, unknown>;
    for (const f of ["mean_acc", "std", "params", "flops"]) {
      const x = v?.[f];
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0 || (f === "mean_acc" && x > 100)) {
        const range = f === "mean_acc" ? "in [0, 100]" : "≥ 0";
        throw new DataError(file, `entry '${clip(key)}': '${f}' must be a finite number ${range}`, line, f);
      }
      cols[f].push(x);
    }
    const t = v.test_acc;
    if (
      !Array.isArray(t) ||
      t.length !== 3 ||
      t.some((x) => typeof x !== "number" || !Number.isFinite(x) || x < 0 || x > 100)
    ) {
      throw new DataError(
        file,
        `entry '${clip(key)}': 'test_acc' must be 3 numbers in [0, 100]`,
        line,
        "test_acc",
      );
    }
    for (let i = 0; i < 3; i++) cols[`test_acc_${i}`].push(t[i] as number);
  }
  const table = new BenchmarkTable(space, file, archs);
  for (const [name, values] of Object.entries(cols)) table.setNumeric(name, Float64Array.from(values));
  return table;
}
