import { DataError } from "../../core/errors.js";
import { readJson } from "../../data/csv.js";
import { BenchmarkTable } from "../../data/table.js";
import type { Arch } from "../space.js";
import { ADJ_BITS, GENOTYPE_LENGTH, genotypeProblem, OP_ABSENT, POS } from "./cell.js";
import { type Nb101Space, nb101 } from "./space.js";

/** Numeric columns of the NB101 sample, kept under these names. */
export const NB101_SAMPLE_METRICS = [
  "108_final_validation_accuracy",
  "36_final_validation_accuracy",
  "12_final_validation_accuracy",
  "4_final_validation_accuracy",
  "final_training_time",
  "trainable_parameters",
] as const;

/**
 * Loads the NB101 sample (../shared/data/nb101-sample/data-1k.json): a column-oriented JSON object of
 * equal-length lists — `key` (official hash), `adjacency` (7×7 0/1, padded), `operations` (7 ints: −1 input,
 * −2 output, 0/1/2 ops, −3 padding after the output), the 4/12/36/108-epoch validation accuracies,
 * `final_training_time` and `trainable_parameters` (`embedding` is ignored).
 *
 * Returns a BenchmarkTable (one row per cell, in file order) whose metrics are the numeric columns above
 * (108-epoch validation accuracy first, so it is the default) and whose text column `key` holds the hashes.
 * Each cell's genotype places vertices 0..n−2 in slots 0..n−2 and the output in slot 6. Every row is checked:
 * shapes, values, upper-triangularity, padding, validity, and that the official hash of the cell equals
 * its `key`. Any problem is a one-line DataError naming the file, the field and the row.
 */
export function loadNb101Sample(file: string, space: Nb101Space = nb101): BenchmarkTable {
  const data = readJson(file);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new DataError(file, "expected a JSON object of columns (key, adjacency, operations, …)");
  }
  const cols = data as Record<string, unknown>;
  const column = (name: string): unknown[] => {
    const c = cols[name];
    if (!Array.isArray(c)) throw new DataError(file, "missing column (expected a list)", undefined, name);
    return c;
  };
  const keys = column("key");
  const rows = keys.length;
  if (rows === 0) throw new DataError(file, "no cells", undefined, "key");
  const sameLength = (name: string): unknown[] => {
    const c = column(name);
    if (c.length !== rows) throw new DataError(file, `${c.length} values for ${rows} keys`, undefined, name);
    return c;
  };
  const adjacency = sameLength("adjacency");
  const operations = sameLength("operations");
  const archs: Arch[] = [];
  const hashes: string[] = [];
  for (let r = 0; r < rows; r++) {
    const bad = (field: string, why: string): never => {
      throw new DataError(file, `row ${r}: ${why}`, undefined, field);
    };
    const key = keys[r];
    if (typeof key !== "string" || !/^[0-9a-f]{32}$/.test(key)) bad("key", "not a 32-hex-digit hash");
    const ops = operations[r];
    if (!Array.isArray(ops) || ops.length !== 7) bad("operations", "expected 7 integers");
    const o = ops as unknown[];
    for (const x of o)
      if (!Number.isInteger(x) || (x as number) < -3 || (x as number) > 2)
        bad("operations", `bad value ${x}`);
    const v = o as number[];
    let n = 7;
    while (n > 0 && v[n - 1] === -3) n--;
    if (n < 2 || v[0] !== -1 || v[n - 1] !== -2)
      bad("operations", "expected -1 first, -2 last before the -3 padding");
    for (let i = 1; i < n - 1; i++) if (v[i] < 0) bad("operations", `internal vertex ${i} has label ${v[i]}`);
    const mat = adjacency[r];
    if (
      !Array.isArray(mat) ||
      mat.length !== 7 ||
      mat.some((row) => !Array.isArray(row) || row.length !== 7)
    ) {
      bad("adjacency", "expected a 7×7 matrix");
    }
    const a = new Uint8Array(GENOTYPE_LENGTH).fill(OP_ABSENT, ADJ_BITS);
    const slot = (i: number) => (i === n - 1 ? 6 : i);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 7; j++) {
        const x = (mat as unknown[][])[i][j];
        if (x !== 0 && x !== 1) bad("adjacency", `entry (${i},${j}) is ${JSON.stringify(x)}, not 0/1`);
        if (x === 0) continue;
        if (j <= i) bad("adjacency", `not upper-triangular (entry (${i},${j}))`);
        if (i >= n || j >= n) bad("adjacency", `edge (${i},${j}) touches a padding vertex`);
        a[POS[slot(i) * 7 + slot(j)]] = 1;
      }
    }
    for (let i = 1; i < n - 1; i++) a[ADJ_BITS + i - 1] = v[i];
    const problem = genotypeProblem(a);
    if (problem) bad("adjacency", problem);
    const hash = space.hashHex(a);
    if (hash !== key) bad("key", `the cell's hash is ${hash}, not ${key}`);
    archs.push(a);
    hashes.push(key as string);
  }
  const table = new BenchmarkTable(space, file, archs);
  for (const name of NB101_SAMPLE_METRICS) {
    const c = sameLength(name);
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const x = c[r];
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new DataError(file, `row ${r}: ${JSON.stringify(x)} is not a finite number`, undefined, name);
      }
      values[r] = x;
    }
    table.setNumeric(name, values);
  }
  table.setText("key", hashes);
  return table;
}
