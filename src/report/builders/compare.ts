import { bandSpec } from "../figures/band.js";
import { barsSpec } from "../figures/bars.js";
import { edfSpec } from "../figures/edf.js";
import { histogramSpec } from "../figures/histogram.js";
import type { Cell } from "../html.js";
import { ciCell, fmtCell } from "../html.js";
import { arr, type Block, figureOr, get, num, nums, type Report, str } from "../model.js";
import { regretSeries } from "./search.js";

const LABEL: Record<string, string> = {
  full: "Full space",
  lissnas: "LISSNAS",
  abs: "ABS",
  padnas: "PADNAS",
  nse: "NSE",
  greedynas: "GreedyNAS",
};
const label = (m: string) => LABEL[m] ?? m;

/**
 * Whether a method's searches were exhaustive: on every seed its shrunk space (plus the shrinkage queries
 * charged to it) fits in the NAS budget, so every algorithm evaluated the whole space and ends with its best.
 */
export function exhaustive(method: unknown, budget: number | null): boolean {
  const per = arr(get(method, "perSeed"));
  if (budget === null || per.length === 0 || get(method, "method") === "full") return false;
  return per.every((o) => {
    const size = num(get(o, "size"));
    const q = num(get(o, "shrinkQueries")) ?? 0;
    return size !== null && size + q <= budget;
  });
}

/**
 * Search-after-shrinking curves: for each algorithm, the anytime regret (to the original space's best) in
 * every space, mean over all runs and seeds with its 95 % band. Queries include the shrinkage's.
 */
function searchCurves(json: unknown, methods: unknown[], algos: string[], metric: string): Block[] {
  const best = num(get(json, "originalBest"));
  const runs = num(get(json, "nas", "runs"));
  return algos.map((algo) =>
    figureOr(
      `search-${algo.replace(/[^\w-]/g, "_")}`,
      `Search after shrinking: ${algo}, anytime regret in every space`,
      `Regret = best ${metric} of the original space − the incumbent's, after each total query count (the shrunk spaces start after their shrinkage queries); mean over all runs and seeds, 95 % band. A space searched exhaustively stops early, at its own best. Lower is better; log-scaled queries.`,
      () => {
        const list = methods.map((m) => ({
          name: label(String(get(m, "method"))),
          summaries: arr(get(m, "perSeed")).map((o) => ({
            anytime: get(o, "nasCurves", algo),
            reportOptimum: best,
            runs,
          })),
        }));
        if (best === null || list.some((l) => l.summaries.some((s) => !s.anytime)))
          return "No anytime curves in these results (compare.json of an older version).";
        return bandSpec(regretSeries(list).series, "total queries", `regret (${metric})`, { logX: true });
      },
    ),
  );
}

/** The report of `lissnas compare` from its compare.json (any vintage: missing parts become notes). */
export function compareReport(json: unknown): Report {
  const methods = arr(get(json, "methods"));
  const algos = arr(get(json, "nas", "algos")).map(String);
  const budget = num(get(json, "nas", "budget"));
  const runs = num(get(json, "nas", "runs"));
  const metric = str(get(json, "metric")) ?? "metric";
  // issue #15: a minimised metric is reported in its own units; its EDF is over the metric itself
  const minimised = str(get(json, "direction")) === "min";
  const edfAxis = minimised ? `${metric} (lower is better)` : `error (100 − ${metric})`;
  const seeds = arr(get(json, "seeds")).map(String);
  const name = (m: unknown) => {
    const key = String(get(m, "method"));
    return `${label(key)}${exhaustive(m, budget) ? " (exhaustive)" : ""}`;
  };
  const rows = (pick: (m: unknown) => Cell[]) => methods.map((m) => [name(m), ...pick(m)]);
  const ci2 = (m: unknown, k: string, c: string) =>
    ciCell(num(get(m, k)), num(get(m, c, 0)), num(get(m, c, 1)));
  const exhaustiveNames = methods
    .filter((m) => exhaustive(m, budget))
    .map((m) => label(String(get(m, "method"))));
  const blocks: Block[] = [
    {
      type: "text",
      title: "What this page shows",
      paragraphs: [
        "LISSNAS and the rival shrinkers (ABS, PADNAS, NSE, GreedyNAS) each shrink the same space with the same predictor; every shrunk space is then measured against the full space and searched by each NAS algorithm at the same total query budget, the shrinkage queries charged to it. A good shrinker keeps many good architectures (high shrink index, EDF curve up and to the left), stays diverse (cosine distance, FLOP coverage) and lets search find a better architecture than in the full space.",
        exhaustiveNames.length > 0
          ? `Rows marked "(exhaustive)" — ${exhaustiveNames.join(", ")} — are spaces smaller than the search budget: every algorithm evaluated the whole shrunk space, so their search results are identical by construction and measure the space, not the algorithm.`
          : "No shrunk space was small enough to be searched exhaustively.",
      ],
    },
  ];
  blocks.push(
    figureOr(
      "edf",
      `${minimised ? `${metric} EDFs` : "Error EDFs"} of every space (paper Fig. 3)`,
      `Fraction of each space with ${edfAxis} at most x, mean over seeds. Curves above the full space's hold more good architectures; the KS statistic D (table §5.2) is the largest vertical gap to the full space's curve.`,
      () => {
        const errors = nums(get(json, "edf", "errors"));
        const curves = get(json, "edf", "curves");
        if (errors.length === 0 || !curves || typeof curves !== "object")
          return "No EDF curves in these results.";
        return edfSpec(
          Object.entries(curves as Record<string, unknown>).map(([k, v]) => ({
            name: label(k),
            x: errors,
            y: nums(v),
          })),
          edfAxis,
        );
      },
    ),
    figureOr(
      "search",
      `Search after shrinking: mean best ${metric} found (paper Table 3)`,
      `Mean over seeds of the best ${metric} each algorithm found in ${runs ?? "?"} runs of ${budget ?? "?"} total queries (shrinkage queries included); whiskers are 95 % intervals over seeds (absent with one seed). The anytime curves follow.`,
      () => {
        if (algos.length === 0) return "No search results in these results.";
        return barsSpec(
          methods.flatMap((m) =>
            algos.map((a) => ({
              category: label(String(get(m, "method"))),
              group: a,
              value: num(get(m, "nas", a, "mean")) ?? Number.NaN,
              lo: num(get(m, "nas", a, "lo")),
              hi: num(get(m, "nas", a, "hi")),
            })),
          ),
          `mean best ${metric} found`,
        );
      },
    ),
    figureOr(
      "flops",
      "FLOP histograms (paper Fig. 5)",
      "Share of each space's architectures per FLOP bin (the original space's range cut into equal bins, counts summed over seeds). A shrunk space that covers the whole range keeps cheap and expensive architectures alike.",
      () => {
        const h = get(json, "flopHistograms");
        if (!h || typeof h !== "object")
          return "No FLOP counts for this space (no cost model and no flops column).";
        const series = Object.fromEntries(
          Object.entries(h as Record<string, unknown>).map(([k, v]) => [label(k), nums(v)]),
        );
        const edges = nums(get(json, "flopEdges"));
        const bins = Math.max(...Object.values(series).map((c) => c.length));
        const unitEdges = edges.length === bins + 1 ? edges : Array.from({ length: bins + 1 }, (_, i) => i);
        const unit =
          edges.length === bins + 1
            ? `${str(get(json, "flopUnit")) ?? "MFLOPs"}`
            : "bin (these results carry no bin edges)";
        return histogramSpec(unitEdges, series, unit);
      },
    ),
  );
  blocks.push(...searchCurves(json, methods, algos, metric));
  const tables: Array<[string, string[], (m: unknown) => Cell[]]> = [
    [
      "Table 1 — shrink index",
      ["method", "shrink index [95 % CI]", "P(good)", "global best kept"],
      (m) => [
        ci2(m, "shrinkIndex", "shrinkIndexCI"),
        num(get(m, "pGood")),
        `${num(get(m, "keptGlobalBest")) ?? "?"}/${seeds.length}`,
      ],
    ],
    [
      `Table 3 — mean best ${metric} found`,
      ["method", ...algos],
      (m) =>
        algos.map((a) =>
          ciCell(num(get(m, "nas", a, "mean")), num(get(m, "nas", a, "lo")), num(get(m, "nas", a, "hi"))),
        ),
    ],
    [
      "Table 4 — shrunk-space statistics",
      ["method", "size [95 % CI]", "mean", "max"],
      (m) => [ci2(m, "size", "sizeCI"), num(get(m, "mean")), num(get(m, "max"))],
    ],
    [
      "§5.2 — EDF area and KS tests",
      ["method", "EDF area", "KS D vs full", "p vs full", "KS D vs LISSNAS", "p vs LISSNAS"],
      (m) => [
        num(get(m, "edfArea")),
        get(m, "method") === "full" ? "—" : num(get(m, "ksVsOriginal", "d")),
        get(m, "method") === "full" ? "—" : num(get(m, "ksVsOriginal", "pValue")),
        num(get(m, "ksVsLissnas", "d")) ?? "—",
        num(get(m, "ksVsLissnas", "pValue")) ?? "—",
      ],
    ],
    [
      "Tables 5–6 — reduction factor",
      ["method", "size", "reduction factor"],
      (m) => [num(get(m, "size")), num(get(m, "reductionFactor"))],
    ],
    [
      "Table 7 — maximum cosine distance",
      ["method", "max cosine distance", "ratio to the full space"],
      (m) => [num(get(m, "maxCosineDistance")), num(get(m, "cosineRatio"))],
    ],
    [
      "Figure 5 — FLOP range covered",
      ["method", "fraction of the original FLOP range"],
      (m) => [num(get(m, "flopCoverage"))],
    ],
  ];
  for (const [title, header, pick] of tables) {
    if (methods.length === 0) blocks.push({ type: "missing", title, reason: "No methods in these results." });
    else blocks.push({ type: "table", title, header, rows: rows(pick) });
  }
  return {
    kind: "compare",
    title: `Shrinkers compared on ${str(get(json, "space")) ?? "?"}`,
    synthetic: get(json, "synthetic") === true,
    facts: [
      `evaluator ${str(get(json, "evaluator")) ?? "?"}; metric ${metric}; good = ${str(get(json, "good")) ?? "?"} (threshold ${fmtCell(num(get(json, "goodThreshold")))})`,
      `seeds ${seeds.join(", ") || "?"} (means over all seeds, 95 % t-intervals; "n/a" with one seed)`,
      `search: ${algos.join(", ")} — ${budget ?? "?"} total queries, ${runs ?? "?"} runs per space and seed; predictor ${str(get(json, "predictor")) ?? "?"}; FLOPs ${str(get(json, "cost")) ?? "none"}`,
    ],
    blocks,
  };
}
