import { DataError } from "../../core/errors.js";
import { encodeBlocks, MNAS_BLOCKS, type MnasBlock } from "../../spaces/mnasnet/space.js";
import type { Arch, SearchSpace } from "../../spaces/space.js";
import { type CsvFile, clip, isNumeric, type NonfinitePolicy, readCsv, toNumber } from "../csv.js";
import { BenchmarkTable } from "../table.js";

/** The per-block decision columns of Accel-NASBench's flattened CSV (`block0_e` … `block6_se`). */
const FIELDS = ["e", "k", "l", "se"] as const;

/** Whether a CSV header is Accel-NASBench's (it has every `block<i>_<e|k|l|se>` column). */
export function isAccelNasBenchHeader(header: readonly string[]): boolean {
  for (let b = 0; b < MNAS_BLOCKS; b++) {
    for (const f of FIELDS) if (!header.includes(`block${b}_${f}`)) return false;
  }
  return true;
}

/**
 * Reads Accel-NASBench's table as shipped (`anb_dataset.csv`: one row per sampled network, columns
 * `file, block0_e, block0_k, block0_l, block0_se, …, block6_se, val_top1, val_top5, train_time, macs_M,
 * params_M, latency_*, throughput_*`) for the `mnasnet` space. The architecture is built from the 28 block
 * columns (e ∈ {1,4,6}, k ∈ {3,5}, l ∈ {1..4}, se ∈ {True, False}); every other all-numeric column is a
 * metric (empty std cells read as NaN), `file` is kept as text, and an `arch` text column holds the
 * formatted architecture. It is a partial table: 5,138 sampled runs of 5.9·10^11 networks. 13 networks
 * were trained twice (e.g. result_0 and result_443); such repeats become one row whose numeric columns are
 * the mean over the runs, whose text columns join the runs' cells with ";", and whose `repeats` column
 * counts the runs (5,125 rows).
 */
export function loadAccelNasBench(
  file: string,
  space: SearchSpace,
  csv: CsvFile = readCsv(file),
  nonfinite: NonfinitePolicy = "error",
): BenchmarkTable {
  if (space.id !== "mnasnet") {
    throw new DataError(file, `an Accel-NASBench table belongs to --space mnasnet, not ${space.id}`);
  }
  const { header, records, lines } = csv;
  const col = (name: string) => header.indexOf(name);
  const archs: Arch[] = records.map((r, i) => {
    const blocks: MnasBlock[] = [];
    for (let b = 0; b < MNAS_BLOCKS; b++) {
      const cell = (f: string, allowed: readonly string[]) => {
        const v = r[col(`block${b}_${f}`)].trim();
        if (!allowed.includes(v)) {
          throw new DataError(
            file,
            `'${clip(v)}' is not one of ${allowed.join(", ")}`,
            lines[i],
            `block${b}_${f}`,
          );
        }
        return v;
      };
      blocks.push({
        e: Number(cell("e", ["1", "4", "6"])),
        k: Number(cell("k", ["3", "5"])),
        l: Number(cell("l", ["1", "2", "3", "4"])),
        se: cell("se", ["True", "False"]) === "True",
      });
    }
    return encodeBlocks(blocks, `row ${i}`);
  });
  const groups = groupRepeats(archs, space);
  const table = new BenchmarkTable(
    space,
    file,
    groups.map((g) => archs[g[0]]),
    groups.map((g) => lines[g[0]]),
  );
  const blockCols = new Set(header.filter((h) => /^block\d+_(e|k|l|se)$/.test(h)));
  for (let c = 0; c < header.length; c++) {
    const name = header[c];
    if (blockCols.has(name)) continue;
    if (records.every((r) => isNumeric(r[c])) && records.some((r) => r[c].trim() !== "")) {
      const v = Float64Array.from(records, (r, i) => toNumber(r[c], file, lines[i], name, nonfinite));
      table.setNumeric(
        name,
        Float64Array.from(groups, (g) => g.reduce((s, i) => s + v[i], 0) / g.length),
      );
    } else {
      table.setText(
        name,
        groups.map((g) => g.map((i) => records[i][c]).join(";")),
      );
    }
  }
  table.setNumeric(
    "repeats",
    Float64Array.from(groups, (g) => g.length),
  );
  table.setText(
    "arch",
    groups.map((g) => space.format(archs[g[0]])),
  );
  return table;
}

/** Row groups of equal architectures, in order of first appearance. */
function groupRepeats(archs: readonly Arch[], space: SearchSpace): number[][] {
  const byCode = new Map<number, number[]>();
  archs.forEach((a, i) => {
    const code = space.code(a);
    const g = byCode.get(code);
    if (g) g.push(i);
    else byCode.set(code, [i]);
  });
  return [...byCode.values()];
}
