import { lazy } from "../../core/lazy.js";
import { type BandSeries, bandSpec } from "../figures/band.js";
import { type EcdfSeries, ecdfSpec } from "../figures/ecdf.js";
import { ciCell } from "../html.js";
import { arr, type Block, figureOr, get, num, nums, type Report, str } from "../model.js";

/** Student-t quantile (@stdlib), loaded on first use (src/core/lazy.ts). */
const tQuantile = lazy<(p: number, v: number) => number>("@stdlib/stats-base-dists-t-quantile");

/** One algorithm's runs on one problem, as the search and experiment results hold them. */
export interface RunsSummary {
  name: string;
  /** SearchSummary-shaped JSON of each seed (one for `search`). */
  summaries: unknown[];
}

/**
 * Regret (report optimum − incumbent) curves of each algorithm: the mean over runs with its 95 % t-band
 * (one seed), or the mean over seeds of the per-seed means with a t-band over seeds (several seeds).
 * Value curves (not regret) when the optimum is unknown.
 */
export function regretSeries(list: readonly RunsSummary[]): { series: BandSeries[]; regret: boolean } {
  const regret = list.every((l) => l.summaries.every((s) => num(get(s, "reportOptimum")) !== null));
  const series = list.map(({ name, summaries }) => {
    const curves = summaries.map((s) => {
      const opt = num(get(s, "reportOptimum")) ?? 0;
      // Regret is the distance to the optimum (positive for maximised and minimised metrics alike).
      const tr = (v: number) => (regret ? Math.abs(opt - v) : v);
      const lo = nums(get(s, "anytime", "lo")).map(tr);
      const hi = nums(get(s, "anytime", "hi")).map(tr);
      return {
        q: nums(get(s, "anytime", "queries")),
        mean: nums(get(s, "anytime", "mean")).map(tr),
        lo: lo.map((v, i) => Math.min(v, hi[i])),
        hi: hi.map((v, i) => Math.max(v, lo[i])),
      };
    });
    if (curves.length === 1)
      return { name, x: curves[0].q, mean: curves[0].mean, lo: curves[0].lo, hi: curves[0].hi };
    // Several seeds: pool the runs of every seed (the queries every seed's curve has).
    const common = curves[0].q.filter((q) => curves.every((c) => c.q.includes(q)));
    const runs = summaries.map((s) => num(get(s, "runs")) ?? 0);
    const at = common.map((q) =>
      pooledCI(
        curves.map((c, i) => {
          const j = c.q.indexOf(q);
          return { n: runs[i], mean: c.mean[j], half: (c.hi[j] - c.lo[j]) / 2 };
        }),
      ),
    );
    return { name, x: common, mean: at.map((c) => c.mean), lo: at.map((c) => c.lo), hi: at.map((c) => c.hi) };
  });
  return { series, regret };
}

/**
 * Mean and 95 % t-interval over all runs of several groups (seeds), from each group's run count, mean and
 * t-interval half-width: each group's sd is recovered as half·√n / t_{0.975, n−1}, then the pooled variance
 * is the within-group sum of squares plus the between-group one, over N − 1 (the runs are independent).
 */
export function pooledCI(groups: ReadonlyArray<{ n: number; mean: number; half: number }>): {
  mean: number;
  lo: number;
  hi: number;
} {
  const N = groups.reduce((a, g) => a + g.n, 0);
  const mean = groups.reduce((a, g) => a + g.n * g.mean, 0) / N;
  let ss = 0;
  for (const g of groups) {
    const sd =
      g.n > 1 && Number.isFinite(g.half) ? (g.half * Math.sqrt(g.n)) / tQuantile()(0.975, g.n - 1) : 0;
    ss += (g.n - 1) * sd * sd + g.n * (g.mean - mean) ** 2;
  }
  if (!(N > 1)) return { mean, lo: Number.NaN, hi: Number.NaN };
  const half = (tQuantile()(0.975, N - 1) * Math.sqrt(ss / (N - 1))) / Math.sqrt(N);
  return { mean, lo: mean - half, hi: mean + half };
}

/** ECDF input: every run's queries to the optimum (when the results keep them per run). */
function ecdfSeries(list: readonly RunsSummary[]): EcdfSeries[] | null {
  const out: EcdfSeries[] = [];
  for (const { name, summaries } of list) {
    const hits: Array<number | null> = [];
    for (const s of summaries) {
      const per = get(s, "queriesToOptimum", "perRun");
      if (!Array.isArray(per)) return null;
      for (const h of per) hits.push(typeof h === "number" ? h : null);
    }
    out.push({ name, hits });
  }
  return out;
}

/** The two search figures (anytime regret with bands, queries-to-optimum ECDF) for a set of algorithms. */
export function searchFigures(
  list: readonly RunsSummary[],
  idPrefix: string,
  titleSuffix: string,
  budget: number,
): Block[] {
  const { series, regret } = regretSeries(list);
  const metric = str(get(list[0]?.summaries[0], "reportMetric")) ?? "metric";
  return [
    figureOr(
      `${idPrefix}regret`,
      `Anytime ${regret ? "regret" : metric}${titleSuffix}`,
      regret
        ? `Regret = best ${metric} of the space − the incumbent's ${metric}, after each total query count (extra/shrinkage queries included); line: mean over all runs (and seeds), band: 95 % t-interval. Lower is better; log-scaled queries.`
        : `The incumbent's ${metric} after each query count (the optimum is unknown, so no regret); mean and 95 % band.`,
      () =>
        series.every((s) => s.x.length === 0)
          ? "No anytime curve in these results."
          : bandSpec(series, "total queries", regret ? `regret (${metric})` : metric, { logX: true }),
    ),
    figureOr(
      `${idPrefix}ecdf`,
      `Queries to the optimum (ECDF)${titleSuffix}`,
      "Fraction of all runs that had queried the space's optimum within q total queries; a curve ending below 1 means some runs never found it within the budget.",
      () => {
        const e = ecdfSeries(list);
        if (!e) return "Per-run queries to the optimum are not in these results (an older version).";
        if (e.every((s) => s.hits.every((h) => h === null)))
          return "No run reached the optimum (or the optimum is unknown).";
        return ecdfSpec(e, budget);
      },
    ),
  ];
}

/** The report of `lissnas search --out` from its search.json. */
export function searchReport(json: unknown): Report {
  const labelText = str(get(json, "label")) ?? "search";
  const budget = num(get(json, "budget")) ?? 0;
  const blocks: Block[] = [
    {
      type: "text",
      title: "What this page shows",
      paragraphs: [
        `${num(get(json, "runs")) ?? "?"} independent runs of ${labelText}, each with its own seeded stream; every evaluation of a new architecture is one query (repeats and isomorphs are free).`,
      ],
    },
    ...searchFigures([{ name: labelText, summaries: [json] }], "", "", budget),
  ];
  const q = get(json, "queriesToOptimum");
  const best = get(json, "best");
  blocks.push({
    type: "table",
    title: "Summary",
    header: ["", "value"],
    rows: [
      ["best architecture found", str(get(best, "arch")) ?? "n/a"],
      [`its ${str(get(json, "reportMetric")) ?? "value"}`, num(get(best, "value"))],
      [
        "final value, mean [95 % CI]",
        ciCell(num(get(json, "final", "mean")), num(get(json, "final", "lo")), num(get(json, "final", "hi"))),
      ],
      [
        "final regret, mean [95 % CI]",
        ciCell(
          num(get(json, "finalRegret", "mean")),
          num(get(json, "finalRegret", "lo")),
          num(get(json, "finalRegret", "hi")),
        ),
      ],
      ["runs that reached the optimum", `${num(get(q, "reached")) ?? "?"}/${num(get(json, "runs")) ?? "?"}`],
      [
        "queries to the optimum, mean [95 % CI]",
        ciCell(
          num(get(json, "meanQueriesToOptimum", "mean")),
          num(get(json, "meanQueriesToOptimum", "lo")),
          num(get(json, "meanQueriesToOptimum", "hi")),
        ),
      ],
      ["optimum", num(get(json, "optimum"))],
    ],
  });
  return {
    kind: "search",
    title: `${labelText} on ${str(get(json, "space")) ?? "?"}`,
    synthetic: get(json, "synthetic") === true,
    facts: [
      `data ${str(get(json, "data")) ?? "?"}${str(get(json, "members")) ? `; shrunk space ${str(get(json, "members"))}` : ""}`,
      `searched ${str(get(json, "searchMetric")) ?? "?"}, reported ${str(get(json, "reportMetric")) ?? "?"}; ${num(get(json, "runs")) ?? "?"} runs × ${budget} queries; seed ${num(get(json, "seed")) ?? "?"}; ${num(get(json, "extraQueries")) ?? 0} extra queries charged`,
    ],
    blocks,
  };
}

/** The report of `lissnas experiment` from its results file: per problem × space, every algorithm. */
export function experimentReport(json: unknown): Report {
  const cells = arr(get(json, "cells"));
  const groups = new Map<string, Map<string, unknown[]>>();
  for (const c of cells) {
    const g = `${str(get(c, "problem")) ?? "?"} / ${str(get(c, "space")) ?? "?"}`;
    const algos = groups.get(g) ?? new Map<string, unknown[]>();
    const a = str(get(c, "algorithm")) ?? "?";
    algos.set(a, [...(algos.get(a) ?? []), get(c, "summary")]);
    groups.set(g, algos);
  }
  const blocks: Block[] = [
    {
      type: "text",
      title: "What this page shows",
      paragraphs: [
        "For every problem and space of the grid, each algorithm's anytime regret (mean over all runs and seeds, 95 % band) and the fraction of runs that reached the optimum by each query count.",
        ...(get(json, "complete") === false
          ? ["INCOMPLETE: the experiment was interrupted; only the cells listed below finished."]
          : []),
      ],
    },
  ];
  let i = 0;
  for (const [g, algos] of groups) {
    const list = [...algos].map(([name, summaries]) => ({ name, summaries }));
    const budget = Math.max(0, ...list.flatMap((l) => l.summaries.map((s) => num(get(s, "budget")) ?? 0)));
    blocks.push(...searchFigures(list, `g${i++}-`, ` — ${g}`, budget));
  }
  blocks.push({
    type: "table",
    title: "Cells",
    header: [
      "problem",
      "space",
      "algorithm",
      "seed",
      "budget",
      "final [95 % CI]",
      "regret [95 % CI]",
      "reached",
    ],
    rows: cells.flatMap((c) =>
      arr(get(c, "atBudgets")).map((b) => [
        str(get(c, "problem")),
        str(get(c, "space")),
        str(get(c, "algorithm")),
        num(get(c, "seed")),
        num(get(b, "budget")),
        ciCell(num(get(b, "final", "mean")), num(get(b, "final", "lo")), num(get(b, "final", "hi"))),
        ciCell(num(get(b, "regret", "mean")), num(get(b, "regret", "lo")), num(get(b, "regret", "hi"))),
        num(get(b, "reached")),
      ]),
    ),
    sortable: true,
  });
  return {
    kind: "experiment",
    title: `Experiment: ${cells.length} cells${get(json, "complete") === false ? " (INCOMPLETE: interrupted)" : ""}`,
    synthetic:
      cells.some((c) => get(c, "summary", "synthetic") === true) ||
      JSON.stringify(get(json, "config") ?? "").includes('"landscape"'),
    facts: [
      `${num(get(json, "config", "runs")) ?? "?"} runs per cell; seeds ${arr(get(json, "config", "seeds")).join(", ") || "?"}`,
    ],
    blocks,
  };
}
