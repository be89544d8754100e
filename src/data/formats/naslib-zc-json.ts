import { ArchitectureError, DataError, UsageError } from "../../core/errors.js";
import { NASLIB_TO_NB201 } from "../../spaces/nb201/ops.js";
import type { Arch, SearchSpace } from "../../spaces/space.js";
import { clip, parseJsonText, readText } from "../csv.js";
import { BenchmarkTable } from "../table.js";

/** Spaces whose NASLib zero-cost JSON this reader understands. */
export const NASLIB_ZC_SPACES = new Set(["nb201", "darts", "transnas-micro", "transnas-macro"]);

/** NASLib's NB201 edge order (1,2),(1,3),(1,4),(2,3),(2,4),(3,4) → our genotype positions. */
const NASLIB_EDGE_TO_NB201 = [0, 1, 3, 2, 4, 5];

/**
 * NASLib's zero-cost JSON files as shipped (NAS-Bench-Suite-Zero's early tables under naslib/data/:
 * zc_nasbench201.json, zc_nasbench301.json, zc_transbench101_micro.json, zc_transbench101_macro.json):
 * `{task: {archKey: {idx, arch, val_accuracy, flops: {score, time}, params: {score, time}, synflow: {…}, …}}}`.
 *
 * One task is read (`--task NAME`; optional when the file has one). Columns: `val_accuracy` first (the
 * default metric), then every `{score}` field under its own name (flops in MFLOPs, params in M, the zero-cost
 * proxies synflow, jacov, snip, …) in the file's order; the measuring times are not read (timings are kept
 * apart from results); NASLib's `idx` is kept as text. These are partial tables (sampled architectures).
 * Architecture keys: NASLib's strings — for nb201 the op-index tuple in NASLib's op and edge order,
 * converted to the NB201 genotype; for the other spaces the space's own string.
 */
export function loadNaslibZcJson(file: string, space: SearchSpace, task?: string): BenchmarkTable {
  const data = parseJsonText(pythonJson(readText(file)), file);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new DataError(file, "expected NASLib's zero-cost JSON object {task: {arch: {…}}}");
  }
  const tasks = Object.keys(data);
  if (tasks.length === 0) throw new DataError(file, "no task in the JSON object");
  let chosen = task;
  if (chosen === undefined) {
    if (tasks.length > 1) {
      throw new UsageError(`${file} holds tasks ${tasks.join(", ")}: choose one with --task NAME`);
    }
    chosen = tasks[0];
  } else if (!tasks.includes(chosen)) {
    throw new UsageError(`--task '${chosen}' is not in ${file} (tasks: ${tasks.join(", ")})`);
  }
  const rows = (data as Record<string, unknown>)[chosen];
  if (typeof rows !== "object" || rows === null || Array.isArray(rows)) {
    throw new DataError(file, `task '${chosen}' must map architecture keys to objects`);
  }
  const entries = Object.entries(rows as Record<string, unknown>);
  if (entries.length === 0) throw new DataError(file, `task '${chosen}' has no architectures`);
  const parse = keyParser(space);
  const archs: Arch[] = [];
  for (const [key] of entries) {
    try {
      archs.push(parse(key));
    } catch (e) {
      throw new DataError(file, `task '${chosen}': ${(e as Error).message}`, undefined, "key");
    }
  }
  const names = columnNames(entries[0][1], file, chosen, entries[0][0]);
  const cols = names.map(() => new Float64Array(entries.length));
  const idx: string[] = [];
  entries.forEach(([key, value], r) => {
    const v = value as Record<string, unknown>;
    names.forEach((name, c) => {
      const x = v[name];
      const score = typeof x === "object" && x !== null ? (x as { score?: unknown }).score : x;
      if (score === null) {
        cols[c][r] = Number.NaN;
        return;
      }
      if (typeof score !== "number") {
        throw new DataError(
          file,
          `task '${chosen}', entry '${clip(key)}': '${name}' is not a number`,
          undefined,
          name,
        );
      }
      cols[c][r] = score;
    });
    idx.push(String(v.idx ?? ""));
  });
  const table = new BenchmarkTable(space, file, archs);
  for (const [c, name] of names.entries()) table.setNumeric(name, cols[c]);
  table.setText("idx", idx);
  table.setText(
    "arch",
    entries.map(([key]) => key),
  );
  return table;
}

/**
 * Python's `json.dump` writes NaN, Infinity and -Infinity (NASLib's files hold `-Infinity` nwot scores):
 * infinities become 1e999 (parsed as ±Infinity), NaN becomes null (read as NaN).
 */
function pythonJson(text: string): string {
  return text.replace(
    /([:,[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g,
    (_, pre: string, tok: string) => pre + (tok === "NaN" ? "null" : tok === "Infinity" ? "1e999" : "-1e999"),
  );
}

/** The numeric fields of the first entry: val_accuracy first, then `{score}` fields in file order. */
function columnNames(first: unknown, file: string, task: string, key: string): string[] {
  if (typeof first !== "object" || first === null) {
    throw new DataError(file, `task '${task}', entry '${clip(key)}' is not an object`);
  }
  const names: string[] = [];
  for (const [name, x] of Object.entries(first)) {
    if (typeof x === "number") names.push(name);
    else if (typeof x === "object" && x !== null && typeof (x as { score?: unknown }).score === "number") {
      names.push(name);
    }
  }
  const at = names.indexOf("val_accuracy");
  if (at > 0) names.unshift(...names.splice(at, 1));
  if (names.length === 0) throw new DataError(file, `task '${task}': entries hold no numbers`);
  return names;
}

/** How a NASLib key becomes a genotype of `space`. */
function keyParser(space: SearchSpace): (key: string) => Arch {
  if (space.id !== "nb201") return (key) => space.parse(key);
  return (key) => {
    const m =
      /^\(\s*([0-4])\s*,\s*([0-4])\s*,\s*([0-4])\s*,\s*([0-4])\s*,\s*([0-4])\s*,\s*([0-4])\s*\)$/.exec(key);
    if (!m)
      throw new ArchitectureError(`'${clip(key)}' is not NASLib's NB201 op-index tuple (6 ints in 0..4)`);
    const a = new Uint8Array(6);
    for (let i = 0; i < 6; i++) a[NASLIB_EDGE_TO_NB201[i]] = NASLIB_TO_NB201[Number(m[i + 1])];
    return a;
  };
}
