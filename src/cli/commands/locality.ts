import { join } from "node:path";
import type { Command } from "commander";
import { LissnasError, UsageError } from "../../core/errors.js";
import type { Objective } from "../../data/evaluator.js";
import { missingField } from "../../data/missing.js";
import { metricUnits } from "../../data/objectives.js";
import { sampleNote, tablePool } from "../../data/partial.js";
import { type ExactCurves, exactCurves } from "../../locality/exact.js";
import { buildLandscape, LANDSCAPE_LIMIT, type LandscapeGraph } from "../../locality/graph.js";
import { type SampleCurves, sampleCurves } from "../../locality/sample.js";
import {
  type CorrelationPoint,
  fitnessDistanceCorrelation,
  type MeanPoint,
  naslibAutocorrelation,
  nearDifferences,
  neighbourhoodStats,
  RWA_CUTOFF,
  randomWalkAutocorrelation,
  thresholdWithRule,
} from "../../locality/statistics.js";
import { localityReport } from "../../report/builders/locality.js";
import { RESULT_FILES } from "../../report/load.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
import { getSpace } from "../../spaces/registry.js";
import type { Arch } from "../../spaces/space.js";
import {
  type DataOptions,
  emit,
  fmt,
  intOption,
  load,
  numberOption,
  textTable,
  withData,
  writeOut,
} from "../common.js";
import {
  type EvaluationOptions,
  engineLoaded,
  evaluationContext,
  evaluationReport,
  makeEvaluationEngine,
  withEvaluation,
} from "../evaluation.js";
import { note } from "../progress.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";
import { withState } from "../result-state.js";

interface LocalityOptions extends DataOptions, EvaluationOptions {
  out?: string;
  figures?: FigureFormat[];
  walks: number;
  maxDistance?: number;
  cutoff: number;
  naslib?: boolean;
  naslibWindow: number;
  naslibSteps: number;
  exact: boolean;
  csv?: string;
}

/** `lissnas locality`: RWA, AAD, FDC and neighbourhood statistics by edit distance, and the threshold rule. */
export function register(program: Command): void {
  withData(
    withEvaluation(
      program
        .command("locality")
        .description(
          "locality by edit distance: RWA, AAD, fitness–distance correlation and the threshold rule",
        ),
    ),
  )
    .option(
      "--walks <n>",
      "sampled architectures (walks) per curve",
      intOption("walks", 10, 10_000_000),
      1000,
    )
    .option(
      "--max-distance <d>",
      "largest edit distance (default: the space's maximum)",
      intOption("max-distance", 1),
    )
    .option(
      "--cutoff <r>",
      "threshold rule: smallest distance with RWA below this",
      numberOption("cutoff", -0.99, 0.99),
    )
    .option("--naslib", "also compute NASLib's one-long-walk lag autocorrelation")
    .option(
      "--naslib-window <n>",
      "NASLib walk: largest lag (and burn-in)",
      intOption("naslib-window", 1, 10_000),
      36,
    )
    .option("--naslib-steps <n>", "NASLib walk: pairs per lag", intOption("naslib-steps", 4, 10_000_000), 500)
    .option("--no-exact", "skip the exact (whole-space) curves of enumerable spaces")
    .option("--csv <file>", "also write every curve as CSV (curve,distance,n,value,lo,hi)")
    .option("--out <dir>", "also write locality.json and report.html (RWA and AAD by distance) there")
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .action(async (opts: LocalityOptions) => {
      // #11: with --trainer the walks' architectures are evaluated first (they do not depend on the values)
      const engine = await makeEvaluationEngine(opts, getSpace(opts.space), evaluationContext(opts));
      const loaded = engine ? engineLoaded(engine, opts.metric!, opts.seed) : load(opts);
      const { evaluator, metric, rng } = loaded;
      // #11: a partial table's landscape is the table's pool (walks and neighbours stay in the table)
      const space = (loaded.table && tablePool(loaded.table)) || loaded.space;
      const f = evaluator.objective(metric);
      const limit = space.maxEditDistance();
      const maxDistance = opts.maxDistance ?? limit;
      if (maxDistance > limit) {
        throw new UsageError(
          `--max-distance must be an integer in 1..${limit} for ${space.id}, got '${maxDistance}'`,
        );
      }
      const cutoff = opts.cutoff ?? RWA_CUTOFF;
      const walks = opts.walks;
      const measure = (g: Objective) => {
        const r = rng.child("fdc");
        const sampled = Array.from({ length: walks }, () => space.sample(r));
        return {
          near: nearDifferences(space, g, rng.child("locality"), { samples: walks, maxDistance }),
          walk: randomWalkAutocorrelation(space, g, rng.child("locality"), { walks, maxDistance }),
          naslib: opts.naslib
            ? naslibAutocorrelation(space, g, rng.child("locality"), {
                window: opts.naslibWindow,
                steps: opts.naslibSteps,
              })
            : undefined,
          sampled,
          sampledValues: sampled.map(g),
        };
      };
      let measured: ReturnType<typeof measure>;
      try {
        measured = engine ? await engine.collectThenRun(metric, measure) : measure(f);
      } finally {
        await engine?.close();
      }
      const { near, walk, naslib } = measured;

      // Exact curves when the whole space can be enumerated and evaluated.
      let graph: LandscapeGraph | undefined;
      let exact: ExactCurves | undefined;
      let estimate: SampleCurves | undefined;
      let exactNote: string;
      if (!opts.exact) exactNote = "skipped (--no-exact)";
      else if (engine)
        exactNote = "not available with an asynchronous evaluator: it needs every architecture's value";
      else if (space !== loaded.space) {
        // #11: a partial table holds a sample of the space: the distance curves are estimated on it
        const members = [...(space as Iterable<Arch>)];
        estimate = sampleCurves(loaded.space, members, members.map(f), maxDistance, rng.child("sample"));
        exactNote = sampleEstimateNote(estimate);
      } else if (!space.enumerate || space.size() > BigInt(LANDSCAPE_LIMIT)) {
        exactNote = `not available: ${space.id} is not enumerable within ${LANDSCAPE_LIMIT} architectures`;
      } else {
        try {
          graph = buildLandscape(space, f);
          exact = exactCurves(graph, maxDistance);
          exactNote = `over all ${graph.n} architectures`;
        } catch (e) {
          if (!(e instanceof LissnasError)) throw e;
          exactNote = `not available: ${e.message.split("\n")[0]}`;
        }
      }
      const rwaCurve = exact?.rwa ?? { maxDistance, points: estimate?.rwa ?? near.correlation };
      const { threshold, rule } = thresholdWithRule(rwaCurve, cutoff);
      const thresholdSource = exact?.rwa
        ? "exact RWA"
        : estimate
          ? "RWA estimated on the table's sample"
          : "sampled RWA";

      // Fitness–distance correlation: exact over the whole space, else over a uniform sample.
      let fdc: ReturnType<typeof fitnessDistanceCorrelation>;
      if (graph) {
        const archs: Arch[] = [];
        for (let i = 0; i < graph.n; i++) archs.push(graph.arch(i));
        fdc = fitnessDistanceCorrelation(space, archs, graph.values, true);
      } else {
        // failed evaluations (NaN, #11) are left out
        const ok = measured.sampledValues
          .map((_, i) => i)
          .filter((i) => Number.isFinite(measured.sampledValues[i]));
        const archs = ok.map((i) => measured.sampled[i]);
        fdc = fitnessDistanceCorrelation(
          space,
          archs,
          ok.map((i) => measured.sampledValues[i]),
          false,
        );
      }
      const neighbourhood = neighbourhoodStats(space, rng, Math.min(walks, 1000));
      const units = metricUnits(metric);

      const result = {
        space: space.id,
        partial: sampleNote(loaded.table),
        ...missingField("missing" in loaded ? loaded.missing : undefined),
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        evaluation: evaluationReport(engine, opts),
        ...units.label, // issue #15: the column and its direction; values in its own units
        seed: opts.seed,
        walks,
        maxDistance,
        exactDistance: near.exactDistance,
        threshold,
        thresholdRule: rule,
        thresholdSource,
        cutoff,
        definitions: {
          rwa: near.exactDistance
            ? "Pearson r of f(a), f(b), b drawn uniformly at edit distance exactly d from a uniform a (LISSNAS §4.2)"
            : "Pearson r of f(a), f(b), b the end of a d-step random walk from a uniform a (the space cannot draw exact distances)",
          walkRwa: "Pearson r of f(a0), f(ak) along k successive uniform random mutations (Weinberger)",
          aad: "mean |f(a) − f(b)| for the same pairs as rwa",
          naslibRwa:
            "one walk of window+steps mutations; Pearson r of f(a_t), f(a_{t−lag}) (NASLib); x-axis sqrt(lag)",
          exact: exactNote,
        },
        rwa: near.correlation,
        rwaExact: exact?.rwa?.points ?? null,
        // #11: partial tables: RWA and AAD by distance over every pair of the table's sample (estimates)
        sampleEstimate: estimate
          ? { architectures: estimate.architectures, of: estimate.of, pairs: estimate.pairs }
          : null,
        rwaSample: estimate?.rwa ?? null,
        aadSample: estimate?.aad ?? null,
        walkRwa: walk.points,
        walkRwaExact: exact?.walk.points ?? null,
        aad: near.aad,
        naslibRwa: naslib ?? null,
        fdc: units.convert(fdc, ["best"]), // r stays in fitness (maximised) convention: −1 is ideal
        neighbourhood,
      };

      if (opts.csv) writeOut(opts.csv, toCsv(result));
      if (opts.out) {
        writeOut(
          join(opts.out, RESULT_FILES.locality),
          `${JSON.stringify(withState(result, opts), null, 2)}\n`,
        );
        const written = await saveReport(opts.out, () => localityReport(result), opts.figures);
        note(`Report: ${written[0]}`);
      }
      emit(result, opts.json, () => {
        const ci = (p: CorrelationPoint | MeanPoint | undefined) => {
          if (!p) return "-";
          const v = "r" in p ? p.r : p.mean;
          if (p.lo === p.hi) return fmt3(v);
          return Number.isFinite(p.lo) && Number.isFinite(p.hi)
            ? `${fmt3(v)} [${fmt3(p.lo)}, ${fmt3(p.hi)}]`
            : `${fmt3(v)} [n/a]`;
        };
        const rows = [];
        for (let d = 1; d <= maxDistance; d++) {
          rows.push([
            d,
            ci(near.correlation[d - 1]),
            ci(exact?.rwa?.points[d - 1] ?? estimate?.rwa[d - 1]),
            ci(walk.points[d - 1]),
            ci(exact?.walk.points[d - 1]),
            ci(near.aad[d - 1]),
          ]);
        }
        const lines = [
          `space ${space.id}, evaluator ${evaluator.name}${evaluator.synthetic ? " (SYNTHETIC)" : ""}, metric ${units.column} (${units.direction}imised)`,
          `seed ${opts.seed}, ${walks} samples per distance; ${near.exactDistance ? "exact" : "at most"} edit distance d; exact curves ${exactNote}`,
          textTable(
            [
              "d",
              "RWA [95% CI]",
              estimate ? "RWA on the sample [95% CI]" : "RWA exact",
              "walk RWA [95% CI]",
              "walk exact",
              "AAD [95% CI]",
            ],
            rows,
          ),
          `threshold ${threshold} of ${limit} (${rule}; ${thresholdSource})`,
          `fitness–distance correlation ${fmt3(fdc.r)}${fdc.exact ? ` (exact, ${fdc.n} architectures, ${fdc.optima} optimum/optima)` : ` (sampled, ${fdc.n}; reference = best of sample)`}`,
          `neighbours per architecture ${neighbourhood.size.min}..${neighbourhood.size.max} (mean ${fmt(neighbourhood.size.mean)}), distinct classes mean ${fmt(neighbourhood.distinctClasses.mean)}, self-isomorphic mean ${fmt(neighbourhood.selfIsomorphic)}`,
        ];
        if (naslib) {
          lines.push(
            `NASLib walk RWA by lag (√lag): ${naslib
              .slice(0, 12)
              .map((p) => `${p.distance}:${fmt3(p.r)}`)
              .join(" ")}${naslib.length > 12 ? " …" : ""}`,
          );
        }
        return lines.join("\n");
      });
    });
}

/** What the sample estimate of a partial table's curves is, with the counts it used. */
function sampleEstimateNote(e: SampleCurves): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const sub = e.architectures < e.of ? ` (a seeded subsample of its ${n(e.of)})` : "";
  return (
    `not available (partial table); estimated on the table's sample: RWA and AAD over all ${n(e.pairs)} pairs of its ` +
    `${n(e.architectures)} classes${sub} at each distance, 95 % jackknife CIs; the walk curve is not estimated`
  );
}

function fmt3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}

function toCsv(result: {
  rwa: CorrelationPoint[];
  rwaExact: CorrelationPoint[] | null;
  walkRwa: CorrelationPoint[];
  walkRwaExact: CorrelationPoint[] | null;
  aad: MeanPoint[];
  naslibRwa: CorrelationPoint[] | null;
  rwaSample: CorrelationPoint[] | null;
  aadSample: MeanPoint[] | null;
}): string {
  const lines = ["curve,distance,n,value,lo,hi"];
  const num = (x: number) => (Number.isFinite(x) ? String(x) : "");
  const add = (name: string, points: Array<CorrelationPoint | MeanPoint> | null) => {
    for (const p of points ?? []) {
      const v = "r" in p ? p.r : p.mean;
      lines.push([name, p.distance, p.n, num(v), num(p.lo), num(p.hi)].join(","));
    }
  };
  add("rwa", result.rwa);
  add("rwa_exact", result.rwaExact);
  add("walk_rwa", result.walkRwa);
  add("walk_rwa_exact", result.walkRwaExact);
  add("aad", result.aad);
  add("naslib_rwa", result.naslibRwa);
  add("rwa_sample", result.rwaSample);
  add("aad_sample", result.aadSample);
  return `${lines.join("\n")}\n`;
}
