import { type BandSeries, bandSpec } from "../figures/band.js";
import { histogramSpec } from "../figures/histogram.js";
import { arr, type Block, figureOr, get, num, nums, type Report, str } from "../model.js";

/** Correlation/mean points by distance → a band series (exact curves have no band: lo = hi = value). */
function pointsSeries(name: string, points: unknown, key: "r" | "mean"): BandSeries | null {
  const ps = arr(points);
  if (ps.length === 0) return null;
  return {
    name,
    x: ps.map((p) => num(get(p, "distance")) ?? Number.NaN),
    mean: ps.map((p) => num(get(p, key)) ?? Number.NaN),
    lo: ps.map((p) => num(get(p, "lo")) ?? Number.NaN),
    hi: ps.map((p) => num(get(p, "hi")) ?? Number.NaN),
  };
}

/** The report of `lissnas locality --out` from its locality.json. */
export function localityReport(json: unknown): Report {
  const metric = str(get(json, "metric")) ?? "metric";
  const rwa = [
    pointsSeries("RWA (sampled pairs at distance d)", get(json, "rwa"), "r"),
    pointsSeries("RWA exact", get(json, "rwaExact"), "r"),
    // #11: a partial table's distance curve, estimated over the pairs of its sample (jackknife bands)
    pointsSeries(
      `RWA estimated on the table's sample (${num(get(get(json, "sampleEstimate"), "architectures")) ?? "?"} architectures)`,
      get(json, "rwaSample"),
      "r",
    ),
    pointsSeries("walk RWA (d random steps)", get(json, "walkRwa"), "r"),
  ].filter((s): s is BandSeries => s !== null);
  const aad = pointsSeries("AAD", get(json, "aad"), "mean");
  const blocks: Block[] = [
    {
      type: "text",
      title: "What this page shows",
      paragraphs: [
        "Locality: architectures close in edit distance have close accuracies. The random-walk autocorrelation (RWA) is the correlation of the metric between architectures d edits apart; it should start high and fall towards 0. The absolute accuracy difference (AAD) should rise with d. LISSNAS takes as its radius the first distance where RWA drops below the cutoff.",
        `Threshold chosen: ${num(get(json, "threshold")) ?? "?"} (${str(get(json, "thresholdRule")) ?? "?"}; ${str(get(json, "thresholdSource")) ?? "?"}).`,
      ],
    },
    figureOr(
      "rwa",
      "Random-walk autocorrelation by edit distance",
      `Pearson r of ${metric} between architectures d edits apart; bands: 95 % intervals (Fisher z); the grey rule is 0.`,
      () =>
        rwa.length === 0
          ? "No RWA curve in these results."
          : bandSpec(rwa, "edit distance d", "autocorrelation r", {
              points: true,
              zeroRule: true,
              integerX: true,
            }),
    ),
    figureOr(
      "aad",
      "Absolute accuracy difference by edit distance",
      `Mean |Δ${metric}| between architectures d edits apart, 95 % t-band.`,
      () =>
        aad
          ? bandSpec([aad], "edit distance d", `mean |Δ ${metric}|`, { points: true, integerX: true })
          : "No AAD curve in these results.",
    ),
  ];
  return {
    kind: "locality",
    title: `Locality of ${str(get(json, "space")) ?? "?"}`,
    synthetic: get(json, "synthetic") === true,
    facts: [
      `evaluator ${str(get(json, "evaluator")) ?? "?"}; metric ${metric}; seed ${num(get(json, "seed")) ?? "?"}; ${num(get(json, "walks")) ?? "?"} samples per distance`,
      `fitness–distance correlation ${num(get(json, "fdc", "r"))?.toFixed(3) ?? "n/a"}`,
    ],
    blocks,
  };
}

function landscapeBlocks(r: unknown, id: string, label: string): Block[] {
  const blocks: Block[] = [
    figureOr(
      `${id}basins`,
      `Basin sizes of the local optima${label}`,
      "Number of local optima by basin size (how many architectures' best-improvement local search ends at each), in powers-of-two bins, both axes logarithmic. Few optima with huge basins make local search easy.",
      () => {
        const edges = nums(get(r, "basinHistogram", "edges"));
        const counts = nums(get(r, "basinHistogram", "counts"));
        if (counts.length === 0) return "No basin-size histogram in these results (an older version).";
        return histogramSpec(edges, { "local optima": counts }, "basin size (architectures)", {
          share: false,
          logX: true,
          logY: true,
        });
      },
    ),
  ];
  blocks.push({
    type: "table",
    title: `Measured vs theory${label}`,
    header: ["", "measured (exact)", "theory", "theory, no locality"],
    rows: [
      [
        "local optima (strict)",
        num(get(r, "localOptima")),
        num(get(r, "theory", "localOptima")),
        num(get(r, "theory", "noLocality", "localOptima")),
      ],
      ["local optima (weak)", num(get(r, "weakLocalOptima")), "", ""],
      [
        `P(LS ends within ε = ${num(get(r, "epsilon")) ?? "?"})`,
        num(get(r, "pWithinEpsilon")),
        num(get(r, "theory", "pWithinEpsilon")),
        num(get(r, "theory", "noLocality", "pWithinEpsilon")),
      ],
      ["P(LS ends at a global optimum)", num(get(r, "pGlobal")), "", ""],
      [
        "basins: count / mean / max",
        `${num(get(r, "basins", "count")) ?? "?"} / ${num(get(r, "basins", "mean"))?.toFixed(2) ?? "?"} / ${num(get(r, "basins", "max")) ?? "?"}`,
        "",
        "",
      ],
    ],
  });
  const optima = arr(get(r, "optima"));
  if (optima.length > 0)
    blocks.push({
      type: "table",
      title: `Best local optima${label}`,
      header: ["architecture", "value", "strict", "basin"],
      rows: optima.map((o) => [
        str(get(o, "arch")),
        num(get(o, "value")),
        get(o, "strict") ? "yes" : "no",
        num(get(o, "basin")),
      ]),
      sortable: true,
    });
  return blocks;
}

/** The report of `lissnas landscape --out` from its landscape.json. */
export function landscapeReport(json: unknown): Report {
  const canonical = get(json, "canonical");
  return {
    kind: "landscape",
    title: `Landscape of ${str(get(json, "space")) ?? "?"}${get(json, "permuted") === true ? " (values PERMUTED)" : ""}`,
    synthetic: get(json, "synthetic") === true,
    facts: [
      `evaluator ${str(get(json, "evaluator")) ?? "?"}; metric ${str(get(json, "metric")) ?? "?"}; ${num(get(json, "nodes")) ?? "?"} architectures, ${num(get(json, "degree", "mean")) ?? "?"} neighbours each`,
      `ties: ${str(get(json, "tieRule")) ?? "?"}`,
    ],
    blocks: [
      {
        type: "text",
        title: "What this page shows",
        paragraphs: [
          "The exact landscape: every architecture, every neighbour. A local optimum has no strictly better neighbour; its basin is every architecture from which best-improvement local search ends there. The theory columns are the local-search paper's predictions from the value distribution with and without locality.",
        ],
      },
      ...landscapeBlocks(json, "", ""),
      ...(canonical && typeof canonical === "object"
        ? landscapeBlocks(canonical, "canonical-", " (canonical graph)")
        : []),
    ],
  };
}
