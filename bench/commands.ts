/**
 * Whole commands as a user runs them (fresh process, cold start), each beside its reference in the same
 * run, interleaved: pair k runs the two commands back to back, alternating which goes first. Reports
 * min–median–max of each side and of the per-pair ratio. `npm run bench:commands [-- --pairs N]`.
 * Needs `npm run build` (the CLI runs from dist/, as `npx lissnas` does) and, for the NB201 rows,
 * ../shared/data (skipped with a line when absent).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { arg } from "./args.js";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = resolve(ROOT, "bin/lissnas.js");
const DATA = resolve(ROOT, "../shared/data/nb201/nats_bench.csv");
const pairs = Number(arg("pairs", "5"));
const only = arg("only", "");
const PY = "/usr/bin/python3";

interface Row {
  name: string;
  ours: string[];
  ref: string[];
  refName: string;
  /** Reads a figure to print beside the timing (e.g. queries to the optimum) from each side's stdout. */
  check?: (ours: string, ref: string) => string;
}

function run(cmd: string[]): { ms: number; out: string } {
  const t = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr.split("\n")[0]}`);
  return { ms, out: r.stdout };
}

const q = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], med: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
};
const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 2));

const node = process.execPath;
const rows: Row[] = [
  { name: "lissnas --version", ours: [node, CLI, "--version"], ref: [node, "-e", "0"], refName: "node -e 0" },
  { name: "lissnas --help", ours: [node, CLI, "--help"], ref: [node, "-e", "0"], refName: "node -e 0" },
];
if (existsSync(DATA)) {
  rows.push({
    name: "load nats_bench.csv into a table (in-process ms)",
    ours: [node, resolve(ROOT, "dist/../bench/load-table.mjs"), DATA],
    ref: [
      PY,
      "-c",
      "import csv,sys,time\nt=time.perf_counter()\nd={r['ArchitectureString']:r for r in csv.DictReader(open(sys.argv[1]))}\nprint((time.perf_counter()-t)*1000)",
      DATA,
    ],
    refName: "Python csv.DictReader + dict",
  });
  rows.push({
    name: "search LS 1,000 runs × 300 queries (NB201 C-100)",
    ours: [
      node,
      CLI,
      "search",
      "--space",
      "nb201",
      "--data",
      DATA,
      "--metric",
      "CIFAR100TestAccuracy200Epochs",
      "--algo",
      "ls",
      "--runs",
      "1000",
      "--budget",
      "300",
      "--threads",
      "1",
      "--json",
    ],
    ref: [PY, resolve(ROOT, "bench/ls_naive.py"), DATA, "CIFAR100TestAccuracy200Epochs", "1000", "300"],
    refName: "naive Python LS (bench/ls_naive.py)",
    check: (o, r) => {
      const a = JSON.parse(o);
      const b = JSON.parse(r);
      return `queries to optimum: ours ${f(a.queriesToOptimum?.mean ?? a.meanQueriesToOptimum?.mean ?? Number.NaN)} (${a.queriesToOptimum?.reached ?? "?"} reached), Python ${f(b.meanQueriesToOptimum)} (${b.reached} reached)`;
    },
  });
  for (const n of [100, 1000, 5000]) {
    const base = [node, CLI, "predictor", "eval", "--space", "nb201", "--data", DATA];
    const tail = ["--metric", "CIFAR10TestAccuracy200Epochs", "--train", String(n), "--json"];
    rows.push({
      name: `predictor eval n = ${n} (whole call)`,
      ours: [...base, ...tail],
      ref: [...base, ...tail, "--backend", "xgboost"],
      refName: "same call, --backend xgboost",
      check: (o, r) =>
        `Kendall τ ours ${f(JSON.parse(o).kendallTau)}, xgboost ${f(JSON.parse(r).kendallTau)}`,
    });
  }
} else {
  console.log(`skipped NB201 rows: needs ${DATA}`);
}

const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; ${pairs} interleaved pairs per row; ms min–median–max.`,
  "",
  "| command | ours (ms) | reference | reference (ms) | ratio ours/ref (min–median–max) | check |",
  "|---|---|---|---|---|---|",
];
for (const row of rows) {
  if (only && !row.name.includes(only)) continue;
  const a: number[] = [];
  const b: number[] = [];
  const ratio: number[] = [];
  let check = "";
  for (let k = 0; k < pairs; k++) {
    const first = k % 2 === 0;
    const r1 = first ? run(row.ours) : run(row.ref);
    const r2 = first ? run(row.ref) : run(row.ours);
    const [o, r] = first ? [r1, r2] : [r2, r1];
    // the load row reports in-process milliseconds on stdout; the others are wall-clock
    const inProcess = row.name.startsWith("load");
    const oms = inProcess ? Number(o.out.trim()) : o.ms;
    const rms = inProcess ? Number(r.out.trim()) : r.ms;
    a.push(oms);
    b.push(rms);
    ratio.push(oms / rms);
    if (row.check && k === 0) check = row.check(o.out, r.out);
  }
  const qa = q(a);
  const qb = q(b);
  const qr = q(ratio);
  lines.push(
    `| ${row.name} | ${f(qa.min)}–${f(qa.med)}–${f(qa.max)} | ${row.refName} | ${f(qb.min)}–${f(qb.med)}–${f(qb.max)} | ${qr.min.toFixed(2)}–${qr.med.toFixed(2)}–${qr.max.toFixed(2)}× | ${check} |`,
  );
  console.log(lines[lines.length - 1]);
}
mkdirSync(resolve(ROOT, "bench/out"), { recursive: true });
writeFileSync(resolve(ROOT, "bench/out/commands.md"), `${lines.join("\n")}\n`);
