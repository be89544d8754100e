/**
 * Benchmark of the exact landscape analysis on NB201 (15,625 architectures, 24 neighbours each).
 *
 *   node --import tsx bench/landscape.ts [--reps N] [--data FILE] [--metric COLUMN]
 *
 * Times, per repetition (median and min over N, default 20, after 3 warm-ups): building the graph (objective
 * at every cell + Int32Array adjacency), the exact analysis (optima, basins, P(within ε)), the theory
 * predictions, the canonical collapse + its analysis, and the exact locality curves. Uses the NB201 table when
 * ../shared/data/nb201/nats_bench.csv (or --data) exists, else the built-in synthetic landscape (labelled).
 * Loading the CSV is timed once, separately (it is I/O and parsing, not analysis).
 */
import { existsSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import type { Objective } from "../src/data/evaluator.js";
import { TableEvaluator } from "../src/data/evaluator.js";
import { loadTable } from "../src/data/loaders.js";
import { SyntheticLandscape } from "../src/data/synthetic.js";
import { exactCurves } from "../src/locality/exact.js";
import { buildLandscape, collapseCanonical } from "../src/locality/graph.js";
import { analyseLandscape } from "../src/locality/landscape.js";
import { theoryPredictions } from "../src/locality/theory.js";
import { nb201 } from "../src/spaces/nb201/space.js";
import { arg } from "./args.js";

const reps = Number(arg("reps", "20"));
const file = arg("data", resolve(import.meta.dirname, "../../shared/data/nb201/nats_bench.csv"));
const metric = arg("metric", "CIFAR10TestAccuracy200Epochs");

let objective: Objective;
let source: string;
let loadMs = Number.NaN;
if (existsSync(file)) {
  const t = performance.now();
  const table = loadTable(file, nb201);
  loadMs = performance.now() - t;
  objective = new TableEvaluator(table, metric).objective();
  source = `${file} (${metric})`;
} else {
  objective = new SyntheticLandscape(nb201, { k: 2, seed: 0 }).objective();
  source = "SYNTHETIC nk k=2 seed=0 (table absent)";
}

const stages = ["graph", "analysis", "theory", "canonical", "curves", "total"] as const;
const times: Record<(typeof stages)[number], number[]> = {
  graph: [],
  analysis: [],
  theory: [],
  canonical: [],
  curves: [],
  total: [],
};
let summary = "";
let coldMs = Number.NaN;
for (let r = 0; r < reps + 3; r++) {
  const t0 = performance.now();
  const g = buildLandscape(nb201, objective);
  const t1 = performance.now();
  const a = analyseLandscape(g, 0.5);
  const t2 = performance.now();
  const th = theoryPredictions(g, { epsilon: 0.5 });
  const t3 = performance.now();
  const c = collapseCanonical(g, "rep");
  const ac = analyseLandscape(c, 0.5);
  theoryPredictions(c, { epsilon: 0.5 });
  const t4 = performance.now();
  exactCurves(g, 6);
  const t5 = performance.now();
  if (r === 0) coldMs = t5 - t0;
  if (r < 3) continue;
  times.graph.push(t1 - t0);
  times.analysis.push(t2 - t1);
  times.theory.push(t3 - t2);
  times.canonical.push(t4 - t3);
  times.curves.push(t5 - t4);
  times.total.push(t5 - t0);
  summary = `strict ${a.strictLocalOptima}, weak ${a.weakLocalOptima}, global basin ${a.globalBasin}, theory ${th.localOptima.toFixed(1)}; canonical ${c.n} classes, strict ${ac.strictLocalOptima}`;
}

const median = (x: number[]) => {
  const s = [...x].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cpu = cpus();
console.log(`# bench/landscape — NB201 exact landscape analysis`);
console.log("");
console.log(
  `- data: ${source}; CSV load ${Number.isNaN(loadMs) ? "n/a" : `${loadMs.toFixed(0)} ms`} (once, not included)`,
);
console.log(
  `- machine: ${cpu[0]?.model ?? "?"} × ${cpu.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(`- repetitions: ${reps} (after 3 warm-ups); result: ${summary}`);
console.log(`- first (cold, un-JITted) run of all stages: ${coldMs.toFixed(0)} ms`);
console.log("");
console.log("| stage | median ms | min ms |");
console.log("|---|---:|---:|");
const label: Record<(typeof stages)[number], string> = {
  graph: "build graph (15,625 values + Int32Array adjacency)",
  analysis: "exact analysis (optima, basins, P(within ε))",
  theory: "theory predictions (625-bin rank grid)",
  canonical: "canonical collapse + analysis + theory (6,466 classes)",
  curves: "exact RWA / walk curves (d = 1..6)",
  total: "**total**",
};
for (const s of stages)
  console.log(`| ${label[s]} | ${median(times[s]).toFixed(1)} | ${Math.min(...times[s]).toFixed(1)} |`);
