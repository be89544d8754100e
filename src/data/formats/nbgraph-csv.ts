import { DataError } from "../../core/errors.js";
import { NbGraphSpace } from "../../spaces/nbgraph/space.js";
import type { Arch, SearchSpace } from "../../spaces/space.js";
import { isNumeric, readCsv, toNumber } from "../csv.js";
import type { LoadOptions } from "../loaders.js";
import { BenchmarkTable } from "../table.js";

export function isNbGraphSpace(space: SearchSpace): space is NbGraphSpace {
  return space instanceof NbGraphSpace;
}

/**
 * NAS-Bench-Graph's tables as shipped (one CSV per dataset, converted from the benchmark's `light/*.bench`
 * pickles): `hash,link,ops,valid_perf,test_perf,latency,params_M`, `link` = 4 space-separated input
 * indices, `ops` = 4 op names. Each row's architecture is built from `link` and `ops`; when a `hash` column is
 * present it must equal the benchmark's `valid_hash` of that pair (checked row by row) and is kept as the
 * row's official index. Every other numeric column is a metric. `--where column=value` filters rows.
 */
export function loadNbGraphCsv(file: string, space: NbGraphSpace, options: LoadOptions): BenchmarkTable {
  const csv = readCsv(file);
  const { header } = csv;
  let { records, lines } = csv;
  for (const need of ["link", "ops"]) {
    if (!header.includes(need)) {
      throw new DataError(file, `no '${need}' column (NAS-Bench-Graph tables have hash, link, ops, …)`, 1);
    }
  }
  if (options.where) {
    const { column, value } = options.where;
    const wc = header.indexOf(column);
    if (wc < 0) throw new DataError(file, `no column '${column}' to filter on`, 1);
    const keep = records.map((r, i) => (r[wc] === value ? i : -1)).filter((i) => i >= 0);
    if (keep.length === 0) throw new DataError(file, `no row has ${column} = '${value}'`);
    records = keep.map((i) => records[i]);
    lines = keep.map((i) => lines[i]);
  }
  if (records.length === 0) throw new DataError(file, "no rows");
  const li = header.indexOf("link");
  const oi = header.indexOf("ops");
  const hi = header.indexOf("hash");
  const archs: Arch[] = records.map((r, i) => {
    let a: Arch;
    try {
      a = space.fromParts(r[li].trim().split(/\s+/), r[oi].trim().split(/\s+/), `${r[li]} / ${r[oi]}`);
    } catch (e) {
      throw new DataError(file, (e as Error).message, lines[i], "link/ops");
    }
    if (hi >= 0 && Number(r[hi]) !== space.key(a)) {
      throw new DataError(
        file,
        `hash ${r[hi]} is not the benchmark's valid_hash ${space.key(a)} of this link and ops`,
        lines[i],
        "hash",
      );
    }
    return a;
  });
  const table = new BenchmarkTable(space, file, archs, lines);
  for (let c = 0; c < header.length; c++) {
    if (c === li || c === oi) continue;
    const name = header[c];
    if (records.every((r) => isNumeric(r[c]) && r[c].trim() !== "")) {
      table.setNumeric(
        name,
        Float64Array.from(records, (r, i) =>
          toNumber(r[c], file, lines[i], name, options.allowNonfinite ? "missing" : "error"),
        ),
      );
    } else {
      table.setText(
        name,
        records.map((r) => r[c]),
      );
    }
  }
  table.indexColumns = hi >= 0 ? ["hash"] : [];
  table.setText(
    "link",
    records.map((r) => r[li]),
  );
  table.setText(
    "ops",
    records.map((r) => r[oi]),
  );
  return table;
}
