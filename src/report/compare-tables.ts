import { maxOf } from "../core/extent.js";
import type { CompareResult, MethodSummary } from "../shrink/compare.js";

const f = (x: number, d = 4) => (Number.isFinite(x) ? (Number.isInteger(x) ? String(x) : x.toFixed(d)) : "—");
const p = (x: number) => (x === 0 ? "0" : x < 1e-4 ? x.toExponential(2) : x.toFixed(4));
const withCi = (m: number, c: [number, number], d = 4) =>
  Number.isFinite(c[0]) ? `${f(m, d)} [${f(c[0], d)}, ${f(c[1], d)}]` : f(m, d);
const LABEL: Record<string, string> = {
  full: "Full space",
  lissnas: "LISSNAS",
  abs: "ABS",
  padnas: "PADNAS",
  nse: "NSE",
  greedynas: "GreedyNAS",
};

export interface TableInfo {
  space: string;
  evaluator: string;
  synthetic: boolean;
  metric: string;
  good: string;
  command: string;
  nas: { algos: readonly string[]; budget: number; runs: number };
}

/**
 * The LISSNAS paper's comparison tables as markdown, from a `compareShrinkers` result: Table 1 (shrink
 * index), Table 3 (NAS performance: best value found at a fixed total query budget), Table 4 (size, mean,
 * max), §5.2 (error-EDF area and KS tests against the full space and against LISSNAS), Tables 5–6
 * (reduction factor), Table 7 (maximum cosine distance), Figure 5 (FLOP coverage; histograms in flops.csv).
 */
export function compareTables(r: CompareResult, info: TableInfo): string {
  // A shrunk space that fits in the search budget (with its shrinkage queries) is searched exhaustively:
  // its Table 3 row is the space's best for every algorithm, which says so.
  const exhaustive = (m: MethodSummary) =>
    m.method !== "full" &&
    // (#15: under paid constraints the searched space is the kept one, not the measured feasible part)
    m.perSeed.every(
      (o) => (o.paid?.keptClasses ?? Number(o.comparison.shrunk.size)) + o.shrinkQueries <= info.nas.budget,
    );
  const name = (m: MethodSummary) => `${LABEL[m.method]}${exhaustive(m) ? " (exhaustive)" : ""}`;
  const rows = (pick: (m: MethodSummary) => string[]) =>
    r.methods.map((m) => `| ${name(m)} | ${pick(m).join(" | ")} |`);
  const n = r.seeds.length;
  const exhaustiveNames = r.methods.filter(exhaustive).map((m) => LABEL[m.method]);
  const out = [
    `# Shrinkers compared on ${info.space}${info.synthetic ? " (SYNTHETIC landscape)" : ""}`,
    "",
    `Evaluator ${info.evaluator}${info.synthetic ? " — synthetic numbers, not a benchmark" : ""}; metric ${info.metric}; good = ${info.good} (threshold ${f(r.goodThreshold)}); seeds ${r.seeds.join(", ")} (mean [95 % CI] over ${n} seed${n > 1 ? "s" : ""}).`,
    "",
    `Command: \`${info.command}\``,
    "",
    ...(r.partial
      ? [
          `**${r.partial}.** Every space here (LISSNAS's, the rivals', the full one) is limited to the table's pool: sizes count the pool's classes and every figure is over the pool.`,
          "",
        ]
      : []),
    "## Table 1 — shrink index (P(good | shrunk) − P(good | original))",
    "",
    "| method | shrink index | P(good) | global best kept |",
    "|---|---|---|---|",
    ...rows((m) => [withCi(m.shrinkIndex, m.shrinkIndexCI), f(m.pGood), `${m.keptGlobalBest}/${n}`]),
    "",
    `## Table 3 — NAS in each space: mean best ${info.metric} found, ${info.nas.budget} total queries (shrinkage queries included), ${info.nas.runs} runs per seed`,
    "",
    `| method | ${info.nas.algos.join(" | ")} |`,
    `|---|${info.nas.algos.map(() => "---").join("|")}|`,
    ...rows((m) => info.nas.algos.map((a) => withCi(m.nas[a].mean, [m.nas[a].lo, m.nas[a].hi], 3))),
    "",
    ...(exhaustiveNames.length > 0
      ? [
          `(exhaustive): ${exhaustiveNames.join(", ")} — the shrunk space is smaller than the search budget, so every algorithm evaluated all of it and ends with its best: identical values by construction.`,
          "",
        ]
      : []),
    "## Table 4 — shrunk-space statistics",
    "",
    "| method | size | mean | max |",
    "|---|---|---|---|",
    ...rows((m) => [withCi(m.size, m.sizeCI, 1), f(m.mean), f(m.max)]),
    "",
    "## §5.2 — error EDFs: area and Kolmogorov–Smirnov tests (curves in edf.csv)",
    "",
    "| method | EDF area | KS D vs full | p vs full | KS D vs LISSNAS | p vs LISSNAS |",
    "|---|---|---|---|---|---|",
    ...rows((m) => [
      f(m.edfArea),
      m.method === "full" ? "—" : f(m.ksVsOriginal.d),
      m.method === "full" ? "—" : p(m.ksVsOriginal.pValue),
      m.ksVsLissnas ? f(m.ksVsLissnas.d) : "—",
      m.ksVsLissnas ? p(m.ksVsLissnas.pValue) : "—",
    ]),
    "",
    "(p-values are means over seeds.)",
    "",
    "## Tables 5–6 — reduction factor (original size / shrunk size)",
    "",
    "| method | size | reduction factor |",
    "|---|---|---|",
    ...rows((m) => [f(m.size, 1), `${f(m.reductionFactor, 2)}×`]),
    "",
    "## Table 7 — maximum cosine distance of the encodings (and its ratio to the full space's)",
    "",
    "| method | max cosine distance | ratio |",
    "|---|---|---|",
    ...rows((m) => [f(m.maxCosineDistance), f(m.cosineRatio)]),
    "",
    "## Figure 5 — FLOP range covered (histograms in flops.csv)",
    "",
    "| method | fraction of the original FLOP range covered |",
    "|---|---|",
    ...rows((m) => [m.flopCoverage === null ? "n/a" : f(m.flopCoverage)]),
    "",
  ];
  return out.join("\n");
}

/**
 * EDF curves as CSV: error, then one column per space. `x` names the first column: "error", or the metric
 * itself when it is minimised (the grid is then in the metric's units, src/shrink/compare-units.ts).
 */
export function edfCsv(r: CompareResult, x = "error"): string {
  const names = Object.keys(r.edf.curves);
  const lines = [[x, ...names].join(",")];
  r.edf.errors.forEach((e, i) => {
    lines.push([e.toFixed(6), ...names.map((n) => r.edf.curves[n][i].toFixed(6))].join(","));
  });
  return `${lines.join("\n")}\n`;
}

/**
 * Edges of the FLOP histograms in the cost's units (MFLOPs): the original space's range cut into as many
 * equal bins as the histograms have (bin i is [edges[i], edges[i+1]), the last one closed). Null when the
 * comparison has no FLOPs.
 */
export function flopEdges(r: CompareResult): number[] | null {
  if (!r.flopHistograms) return null;
  const range = r.methods[0]?.perSeed[0]?.comparison.original.flops;
  if (!range) return null;
  const bins = maxOf(Object.values(r.flopHistograms).map((h) => h.length));
  return Array.from({ length: bins + 1 }, (_, i) => range.min + ((range.max - range.min) * i) / bins);
}

/** FLOP histograms as CSV: bin, its edges in MFLOPs (lo, hi), then one column per space (counts summed over seeds). */
export function flopsCsv(r: CompareResult): string {
  if (!r.flopHistograms) return "";
  const names = Object.keys(r.flopHistograms);
  const bins = maxOf(names.map((n) => r.flopHistograms![n].length));
  const edges = flopEdges(r);
  const e = (i: number) => (edges ? edges[i].toFixed(4) : "");
  const lines = [["bin", "lo_mflops", "hi_mflops", ...names].join(",")];
  for (let b = 0; b < bins; b++)
    lines.push([b, e(b), e(b + 1), ...names.map((n) => r.flopHistograms![n][b] ?? 0)].join(","));
  return `${lines.join("\n")}\n`;
}
