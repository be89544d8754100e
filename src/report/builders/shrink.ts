import { edfSpec } from "../figures/edf.js";
import { histogramSpec } from "../figures/histogram.js";
import { scatterSpec } from "../figures/scatter.js";
import { fmtCell } from "../html.js";
import { arr, type Block, figureOr, get, num, nums, type Report, str } from "../model.js";

/** The report of `lissnas shrink` / `lissnas metrics` from metrics.json and (optionally) report-data.json. */
export function shrinkReport(json: unknown, data: unknown): Report {
  const metric = str(get(json, "metric")) ?? "metric";
  // issue #15: a minimised metric is reported in its own units; its EDF is over the metric itself
  const minimised = str(get(json, "direction")) === "min";
  const edfAxis = minimised ? `${metric} (lower is better)` : `error (100 − ${metric})`;
  const o = get(json, "original");
  const s = get(json, "shrunk");
  const ks = get(json, "ks");
  const unit = str(get(data, "costUnit")) ?? "MFLOPs";
  const blocks: Block[] = [
    {
      type: "text",
      title: "What this page shows",
      paragraphs: [
        "LISSNAS keeps the neighbourhoods (within the locality radius) of architectures a predictor ranks best. The figures compare the shrunk space with the original: its error distribution (EDF), its spread over cost (FLOP histograms, accuracy–cost scatter with both Pareto fronts), the iterations that built it, and every member.",
      ],
    },
  ];
  const ksText =
    num(get(ks, "d")) !== null
      ? `KS D = ${num(get(ks, "d"))!.toFixed(4)} (p ${num(get(ks, "pValue"))?.toExponential(2) ?? "?"})`
      : "KS not recorded";
  blocks.push(
    figureOr(
      "edf",
      `${minimised ? `${metric} EDF` : "Error EDF"}: original vs shrunk — ${ksText}`,
      `Fraction of each space with ${edfAxis} at most x. The shrunk space's curve rising earlier means more of it is good; the Kolmogorov–Smirnov D is the largest vertical gap between the two curves.`,
      () => {
        const errors = nums(get(data, "edf", "errors"));
        if (errors.length === 0)
          return "No EDF curves (report-data.json absent: results of an older version or of `metrics` without --out).";
        return edfSpec(
          [
            { name: "original", x: errors, y: nums(get(data, "edf", "curves", "original")) },
            { name: "shrunk", x: errors, y: nums(get(data, "edf", "curves", "shrunk")) },
          ],
          edfAxis,
        );
      },
    ),
    figureOr(
      "flops",
      "FLOP histograms (paper Fig. 5)",
      `Share of each space's architectures per cost bin, in ${unit}, on the original space's range. Coverage ${num(get(s, "flops", "coverage")) ?? "n/a"} of the original range.`,
      () => {
        const ho = nums(get(o, "flops", "histogram"));
        const hs = nums(get(s, "flops", "histogram"));
        const lo = num(get(o, "flops", "min"));
        const hi = num(get(o, "flops", "max"));
        if (ho.length === 0 || hs.length === 0 || lo === null || hi === null)
          return "No FLOP counts for this space.";
        const edges = Array.from({ length: ho.length + 1 }, (_, i) => lo + ((hi - lo) * i) / ho.length);
        return histogramSpec(edges, { original: ho, shrunk: hs }, unit);
      },
    ),
    figureOr(
      "scatter",
      `${metric} against cost, with Pareto fronts`,
      `Each point an architecture (original: a uniform subsample; shrunk: its members). The step lines are the Pareto fronts — no architecture is both cheaper and better — of the whole original space and of the shrunk space.`,
      () => {
        const orig = arr(get(data, "original"));
        const members = arr(get(data, "members"));
        if (orig.length === 0 || members.every((m) => num(get(m, "cost")) === null))
          return "No cost per architecture for this space.";
        const pt = (g: string) => (p: unknown) => ({
          group: g,
          x: num(get(p, "cost")) ?? Number.NaN,
          y: num(get(p, "value")) ?? Number.NaN,
          label: str(get(p, "arch")) ?? undefined,
        });
        return scatterSpec(
          [...orig.map(pt("original")), ...members.map(pt("shrunk"))],
          [
            ...arr(get(data, "fronts", "original")).map(pt("original")),
            ...arr(get(data, "fronts", "shrunk")).map(pt("shrunk")),
          ],
          `cost (${unit})`,
          metric,
        );
      },
    ),
  );
  const stat = (k: string, name: string): [string, unknown, unknown] => [name, get(o, k), get(s, k)];
  blocks.push({
    type: "table",
    title: "Original vs shrunk",
    header: ["", "original", "shrunk"],
    rows: [
      stat("size", "size"),
      stat("mean", `mean ${metric}`),
      stat("max", `${minimised ? "best (min)" : "max"} ${metric}`),
      stat("pGood", "P(good)"),
      stat("edfArea", "error-EDF area"),
      stat("maxCosineDistance", "max cosine distance"),
    ]
      .map(([k, a, b]) => [
        k,
        typeof a === "number" || typeof a === "string" ? a : null,
        typeof b === "number" || typeof b === "string" ? b : null,
      ])
      .concat([
        ["shrink index", "—", num(get(json, "shrinkIndex"))],
        ["reduction factor", "—", num(get(json, "reductionFactor"))],
        ["KS D", "—", num(get(ks, "d"))],
        ["KS p", "—", num(get(ks, "pValue"))],
        [
          "global best kept",
          "—",
          get(json, "keptGlobalBest") === null
            ? "unknown (sampled)"
            : get(json, "keptGlobalBest")
              ? "yes"
              : "no",
        ],
      ]),
  });
  const iters = arr(get(json, "iterations"));
  if (iters.length > 0) {
    blocks.push({
      type: "table",
      title: "Per-iteration log",
      caption: `The space of iteration ${num(get(json, "chosenIteration")) ?? "?"} was returned (${str(get(json, "stopReason")) ?? "?"}).`,
      header: ["iteration", "size", "mean predicted", "mean true", "P(good) true", "queries", "accepted"],
      rows: iters.map((l) => [
        num(get(l, "iteration")),
        num(get(l, "size")),
        num(get(l, "meanPredicted")),
        num(get(l, "meanTrue")),
        num(get(l, "pGoodTrue")),
        num(get(l, "queries")),
        get(l, "accepted") ? "yes" : "no",
      ]),
    });
  } else
    blocks.push({
      type: "missing",
      title: "Per-iteration log",
      reason: "No iteration log (results of `lissnas metrics`, or an older version).",
    });
  const members = arr(get(data, "members"));
  if (members.length > 0) {
    const total = num(get(data, "membersTotal")) ?? members.length;
    blocks.push({
      type: "table",
      title: "Members",
      caption: `${members.length === total ? `All ${total}` : `The ${members.length} best of ${total}`}${get(data, "membersSampled") ? " (a uniform sample of the space)" : ""} members. Click a column header to sort.`,
      header: ["architecture", metric, `cost (${unit})`],
      rows: members.map((m) => [str(get(m, "arch")) ?? "?", num(get(m, "value")), num(get(m, "cost"))]),
      sortable: true,
    });
  } else
    blocks.push({ type: "missing", title: "Members", reason: "No member list (report-data.json absent)." });
  const command = str(get(json, "command")) ?? "shrink";
  return {
    kind: "shrink",
    title: `${command === "metrics" ? "Shrunk space measured" : "LISSNAS shrink"} on ${str(get(json, "space")) ?? "?"}`,
    synthetic: get(json, "synthetic") === true,
    facts: [
      `evaluator ${str(get(json, "evaluator")) ?? "?"}; metric ${metric}; good = ${str(get(json, "good")) ?? "?"} (threshold ${fmtCell(num(get(json, "goodThreshold")))})`,
      `seed ${num(get(json, "seed")) ?? "n/a"}; queries ${num(get(json, "queries")) ?? "n/a"} of budget ${num(get(json, "budget")) ?? "n/a"}; FLOPs ${str(get(json, "cost")) ?? "none"}`,
      ...(str(get(json, "members")) ? [`space file ${str(get(json, "members"))}`] : []),
    ],
    blocks,
  };
}
