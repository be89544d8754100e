import { extname } from "node:path";
import { DataError, UsageError } from "../core/errors.js";
import { loadNb101Sample } from "../spaces/nb101/sample.js";
import { Nb101Space } from "../spaces/nb101/space.js";
import type { Arch, SearchSpace } from "../spaces/space.js";
import { cellError, cellNumber, clip, isNumeric, parseJsonText, readCsv, readText, toNumber } from "./csv.js";
import { isAccelNasBenchHeader, loadAccelNasBench } from "./formats/accel-nasbench.js";
import { loadNaslibZcJson, NASLIB_ZC_SPACES } from "./formats/naslib-zc-json.js";
import { isNbGraphSpace, loadNbGraphCsv } from "./formats/nbgraph-csv.js";
import { topLevelKeys } from "./json-keys.js";
import { BenchmarkTable } from "./table.js";

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
  if (ext === ".json" && space instanceof Nb101Space) return loadNb101Sample(file, space);
  if (ext === ".json" && NASLIB_ZC_SPACES.has(space.id)) return loadNaslibZcJson(file, space, options.task);
  if (ext === ".json") return loadMacroJson(file, space);
  if (ext === ".csv" && isNbGraphSpace(space)) return loadNbGraphCsv(file, space, options);
  // SpikeNAS-Bench's summary names its architecture column after its encoding.
  if (ext === ".csv" && space.id === "spikenas")
    options = { ...options, archColumn: options.archColumn ?? "enc_base5_edge0to5" };
  if (ext !== ".csv") throw new UsageError(`${file}: unknown table format '${ext}' (expected .csv or .json)`);
  return loadCsvTable(file, space, options);
}

function loadCsvTable(file: string, space: SearchSpace, options: LoadOptions): BenchmarkTable {
  const csv = readCsv(file);
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
  if (isAccelNasBenchHeader(header)) return loadAccelNasBench(file, space, { file, header, records, lines });
  // The first recognised column whose first cell is an architecture of the space (an integer `arch` column
  // is NB201's index in some files, but a digit string like "0201" is a categorical architecture).
  const parses = (c: string) => {
    try {
      space.parse(records[0][header.indexOf(c)]);
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
  const archCol = header.indexOf(archName);
  if (archCol < 0) throw new DataError(file, `no column '${archName}' (columns: ${header.join(", ")})`, 1);

  const archs: Arch[] = records.map((r, i) => {
    try {
      return space.parse(r[archCol]);
    } catch (e) {
      return cellError(e, file, lines[i], archName);
    }
  });

  // Place rows by an index column when it is a permutation of 0..n-1.
  let order: Int32Array | undefined;
  const indexName = INDEX_COLUMNS.find((c) => c !== archName && header.includes(c));
  if (indexName) {
    const j = header.indexOf(indexName);
    const pos = new Int32Array(records.length).fill(-1);
    let ok = true;
    for (let i = 0; i < records.length && ok; i++) {
      const v = Number(records[i][j]);
      if (!Number.isInteger(v) || v < 0 || v >= records.length || pos[v] >= 0) ok = false;
      else pos[v] = i;
    }
    if (ok) order = pos;
  }
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
      table.setNumeric(name, v);
    } else if (isNumeric(records[0][c]) && records[0][c].trim() !== "") {
      // the first cell reads as a number: the column is numeric, and the first cell that is not is an error
      const bad = records.findIndex((r) => cellNumber(r[c]) === undefined);
      toNumber(records[bad][c], file, lines[bad], name);
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
 * Column `c` as numbers in table order (`at` maps table rows to records), or null when some cell is not a
 * number or every cell is empty. One pass, one test per cell (loading is on every command's path).
 */
function numericColumn(records: string[][], c: number, at: (r: number) => number): Float64Array | null {
  const v = new Float64Array(records.length);
  let filled = false;
  for (let r = 0; r < records.length; r++) {
    const x = cellNumber(records[at(r)][c]);
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
