import { join } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { missingField } from "../../data/missing.js";
import { metricUnits } from "../../data/objectives.js";
import { tablePool } from "../../data/partial.js";
import {
  buildLandscape,
  type CanonicalValue,
  collapseCanonical,
  LANDSCAPE_LIMIT,
  type LandscapeGraph,
  permuteValues,
} from "../../locality/graph.js";
import { analyseLandscape, TIE_RULE } from "../../locality/landscape.js";
import { type DensityGrid, defaultBins, theoryPredictions } from "../../locality/theory.js";
import { log2Histogram } from "../../metrics/log-histogram.js";
import { landscapeReport } from "../../report/builders/locality.js";
import { RESULT_FILES } from "../../report/load.js";
import { type FigureFormat, parseFigureFormats } from "../../report/write.js";
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
import { note, progress } from "../progress.js";
import { FIGURES_HELP, saveReport } from "../reporting.js";
import { withState } from "../result-state.js";

interface LandscapeOptions extends DataOptions {
  out?: string;
  figures?: FigureFormat[];
  canonical?: boolean;
  canonicalValue: string;
  epsilon: number;
  permute?: boolean;
  bins?: number;
  grid: string;
  top: number;
}

/** Writes landscape.json and report.html into `dir`; returns the report's path. */
async function saveLandscape(
  dir: string,
  result: unknown,
  figures: FigureFormat[] | undefined,
): Promise<string> {
  writeOut(join(dir, RESULT_FILES.landscape), `${JSON.stringify(result, null, 2)}\n`);
  return (await saveReport(dir, () => landscapeReport(result), figures))[0];
}

/** `lissnas landscape`: exact local optima, basins and the local-search theory on an enumerable space. */
export function register(program: Command): void {
  withData(
    program
      .command("landscape")
      .description(
        "exact landscape of an enumerable space: local optima, basins, P(within ε), theory predictions",
      ),
  )
    .option("--canonical", "also analyse the isomorphism-collapsed graph (one node per canonical class)")
    .option("--canonical-value <how>", "value of a canonical class: rep (its representative) or mean", "rep")
    .option(
      "--epsilon <e>",
      "ε of P(local search ends within ε of the optimum), metric units",
      numberOption("epsilon", 0),
      0.5,
    )
    .option("--permute", "randomly permute the values first (seeded by --seed): the no-locality control")
    .option(
      "--bins <b>",
      "theory: density grid bins (default ≈ 25 architectures per bin)",
      intOption("bins", 2, 10_000),
    )
    .option("--grid <kind>", "theory: density grid, rank (equal-count bins) or value (equal-width)", "rank")
    .option("--top <n>", "number of best local optima to list", intOption("top", 0, 1_000_000), 10)
    .option("--out <dir>", "also write landscape.json and report.html (basin sizes, optima) there")
    .option("--figures <list>", FIGURES_HELP, parseFigureFormats)
    .action(async (opts: LandscapeOptions) => {
      if (opts.canonicalValue !== "rep" && opts.canonicalValue !== "mean") {
        throw new UsageError(`--canonical-value must be rep or mean, got '${opts.canonicalValue}'`);
      }
      if (opts.grid !== "rank" && opts.grid !== "value") {
        throw new UsageError(`--grid must be rank or value, got '${opts.grid}'`);
      }
      const loaded = load(opts);
      const { evaluator, metric, rng } = loaded;
      // #11/#18: a partial table (or one with rows left out for missing values) is its pool's landscape
      const space = (loaded.table && tablePool(loaded.table)) || loaded.space;
      // Big spaces take a while: one line per phase (a bar on a terminal); small ones stay silent.
      // (Larger than LANDSCAPE_LIMIT: buildLandscape refuses with one line, and no progress line precedes it.)
      const size = space.size();
      const big = space.enumerate !== undefined && size > 50_000n && size <= BigInt(LANDSCAPE_LIMIT);
      const bar = big
        ? progress(`landscape: evaluating ${space.size()} architectures and their neighbours`, 1)
        : undefined;
      const units = metricUnits(metric);
      let raw = buildLandscape(space, evaluator.objective(metric));
      bar?.label("landscape: local optima, basins and theory");
      if (opts.permute) raw = permuteValues(raw, rng.child("permute"));
      const grid = opts.grid as DensityGrid;
      const report = (graph: LandscapeGraph) => {
        const a = analyseLandscape(graph, opts.epsilon);
        const bins = opts.bins ?? defaultBins(graph.n);
        const t = theoryPredictions(graph, { bins, grid, epsilon: opts.epsilon });
        const iid = theoryPredictions(graph, { bins, grid, epsilon: opts.epsilon, independent: true });
        const globals = a.optima.filter((o) => o.value === a.globalValue);
        return {
          graph: graph.kind,
          nodes: a.nodes,
          degree: a.degree,
          localOptima: a.strictLocalOptima,
          weakLocalOptima: a.weakLocalOptima,
          globalValue: units.value(a.globalValue), // in the metric's units (:min negated back)
          globalOptima: a.globalOptima,
          globalArchitectures: globals.map((o) => space.format(graph.arch(o.node))),
          globalBasin: a.globalBasin,
          basinHistogram: log2Histogram(a.optima.map((o) => o.basin)),
          basins: a.basins,
          strictBasins: a.strictBasins,
          strictBasinFraction: a.strictBasinFraction,
          steps: a.steps,
          epsilon: a.epsilon,
          pWithinEpsilon: a.pWithinEpsilon,
          pGlobal: a.pGlobal,
          optima: a.optima.slice(0, opts.top).map((o) => ({
            arch: space.format(graph.arch(o.node)),
            code: o.code,
            value: units.value(o.value),
            strict: o.strict,
            basin: o.basin,
          })),
          theory: {
            grid: t.grid,
            bins: t.bins,
            s: t.s,
            localOptima: t.localOptima,
            pWithinEpsilon: t.pWithinEpsilon,
            mass: t.mass,
            noLocality: {
              localOptima: iid.localOptima,
              pWithinEpsilon: iid.pWithinEpsilon,
              closedForm: t.localOptimaIid,
            },
          },
        };
      };
      const main = report(raw);
      bar?.done();
      const canonical = opts.canonical
        ? {
            classValue: opts.canonicalValue,
            ...report(collapseCanonical(raw, opts.canonicalValue as CanonicalValue)),
          }
        : undefined;
      const result = {
        space: space.id,
        evaluator: evaluator.name,
        synthetic: evaluator.synthetic,
        ...units.label,
        ...missingField(loaded.missing),
        seed: opts.seed,
        permuted: opts.permute === true,
        tieRule: TIE_RULE,
        ...main,
        canonical: canonical ?? null,
      };
      const reportFile = opts.out
        ? await saveLandscape(opts.out, withState(result, opts), opts.figures)
        : undefined;
      if (reportFile) note(`Report: ${reportFile}`);
      emit(result, opts.json, () => {
        const block = (r: typeof main, title: string) => [
          `${title}: ${r.nodes} nodes, ${fmt(r.degree.mean)} neighbours each (${r.degree.min}..${r.degree.max})`,
          textTable(
            ["", "measured (exact)", "theory", "theory, no locality"],
            [
              ["local optima (strict)", r.localOptima, r.theory.localOptima, r.theory.noLocality.localOptima],
              ["local optima (weak)", r.weakLocalOptima, "", ""],
              [
                `P(LS ends within ε=${fmt(r.epsilon)})`,
                r.pWithinEpsilon,
                r.theory.pWithinEpsilon,
                r.theory.noLocality.pWithinEpsilon,
              ],
              ["P(LS ends at a global optimum)", r.pGlobal, "", ""],
            ],
          ),
          `global optimum ${fmt(r.globalValue)} (${r.globalOptima} node(s)); its basin ${r.globalBasin} of ${r.nodes}`,
          `basins: ${r.basins.count}, mean ${fmt(r.basins.mean)}, median ${fmt(r.basins.median)}, max ${r.basins.max}; LS steps mean ${fmt(r.steps.mean)}, max ${r.steps.max}`,
          `theory grid ${r.theory.grid}, ${r.theory.bins} bins, s = ${fmt(r.theory.s)}, model mass ${fmt(r.theory.mass)}`,
          r.optima.length > 0
            ? textTable(
                ["value", "strict", "basin", "architecture"],
                r.optima.map((o) => [o.value, o.strict ? "yes" : "no", o.basin, o.arch]),
              )
            : "",
        ];
        const lines = [
          `space ${space.id}, evaluator ${evaluator.name}${evaluator.synthetic ? " (SYNTHETIC)" : ""}, metric ${units.column} (${units.direction}imised)${opts.permute ? `, values PERMUTED (seed ${opts.seed})` : ""}`,
          `ties: ${TIE_RULE}`,
          ...block(main, "raw graph"),
        ];
        if (canonical)
          lines.push(...block(canonical, `canonical graph (class value: ${canonical.classValue})`));
        return lines.filter((l) => l !== "").join("\n");
      });
    });
}
