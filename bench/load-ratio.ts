/**
 * Cold load of nats_bench.csv into a table (bench/load-table.mjs, from dist/) beside Python's csv.DictReader
 * + dict on the same file, in fresh processes, interleaved (pair k alternates which runs first). Reports
 * min–median–max of in-process wall and CPU milliseconds of each side and of the per-pair ratios: CPU time
 * is the steadier figure on a shared machine. `npm run build && node --import tsx bench/load-ratio.ts
 * [--pairs 7] [--file F]` (issue #17).
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { arg, sharedDataOrSkip } from "./args.js";

const ROOT = resolve(import.meta.dirname, "..");
const file = arg("file", "") || sharedDataOrSkip("nb201/nats_bench.csv");
const pairs = Number(arg("pairs", "7"));
const PY = [
  "/usr/bin/python3",
  "-c",
  [
    "import csv,sys,time",
    "t=time.perf_counter(); c=time.process_time()",
    "d={r['ArchitectureString']:r for r in csv.DictReader(open(sys.argv[1]))}",
    "print((time.perf_counter()-t)*1000, (time.process_time()-c)*1000)",
  ].join("\n"),
  file,
];
const NODE = [
  process.execPath,
  "-e",
  `import(${JSON.stringify(resolve(ROOT, "dist/data/loaders.js"))}).then(async ({ loadTable }) => {
    const { nb201 } = await import(${JSON.stringify(resolve(ROOT, "dist/spaces/nb201/space.js"))});
    const t = performance.now(); const c = process.cpuUsage();
    loadTable(${JSON.stringify(file)}, nb201);
    const u = process.cpuUsage(c);
    console.log(performance.now() - t, (u.user + u.system) / 1000);
  })`,
];

function run(cmd: string[]): [number, number] {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd[0]} failed: ${r.stderr.split("\n")[0]}`);
  const [wall, cpu] = r.stdout.trim().split(/\s+/).map(Number);
  return [wall, cpu];
}

const q = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(1)}–${s[Math.floor((s.length - 1) / 2)].toFixed(1)}–${s[s.length - 1].toFixed(1)}`;
};
const qr = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(2)}–${s[Math.floor((s.length - 1) / 2)].toFixed(2)}–${s[s.length - 1].toFixed(2)}×`;
};
const ours: [number, number][] = [];
const ref: [number, number][] = [];
const before = loadavg()[0];
for (let k = 0; k < pairs; k++) {
  if (k % 2 === 0) {
    ours.push(run(NODE));
    ref.push(run(PY));
  } else {
    ref.push(run(PY));
    ours.push(run(NODE));
  }
}
console.log(
  `${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}; ${pairs} interleaved pairs; 1-min load ${before.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
);
for (const [i, what] of [
  [0, "wall"],
  [1, "CPU"],
] as const) {
  console.log(
    `${what} ms: ours ${q(ours.map((x) => x[i]))}, Python ${q(ref.map((x) => x[i]))}, ratio ${qr(ours.map((x, k) => x[i] / ref[k][i]))}`,
  );
}
