import { UsageError } from "../../core/errors.js";
import { loadTables } from "../../data/join.js";
import { missingField, missingNote, withoutMissing } from "../../data/missing.js";
import { parseMultiAlgorithm } from "../../search/multi/algorithms.js";
import { buildMultiProblem } from "../../search/multi/problem.js";
import { runMulti, summarizeMulti } from "../../search/multi/run.js";
import { getSpace } from "../../spaces/registry.js";
import { type ConstraintOptions, type DataOptions, emit, fmt, textTable } from "../common.js";

/** Query counts of the text table and the JSON checkpoints. */
const CHECKPOINTS = [10, 25, 50, 100, 200, 300, 500, 1000, 2000, 5000];

/**
 * Single-objective options that have no meaning for a Pareto search (and the evaluation, output and
 * algorithm-knob options it does not implement): refused when given, never ignored.
 */
const UNSUPPORTED: Array<[string, string]> = [
  ["members", "--members"],
  ["extraQueries", "--extra-queries"],
  ["reportMetric", "--report-metric"],
  ["secondsColumn", "--seconds-column"],
  ["target", "--target"],
  ["untilOptimum", "--until-optimum"],
  ["trainer", "--trainer"],
  ["store", "--store"],
  ["evalTimeout", "--eval-timeout"],
  ["redis", "--redis"],
  ["workers", "--workers"],
  ["threads", "--threads"],
  ["out", "--out"],
  ["figures", "--figures"],
  ["timings", "--timings"],
  ["numInit", "--num-init"],
  ["restart", "--no-restart"],
  ["population", "--population"],
  ["sampleSize", "--sample-size"],
  ["predictor", "--predictor"],
  ["encoding", "--encoding"],
  ["refit", "--refit"],
  ["candidates", "--candidates"],
  ["rounds", "--rounds"],
];

export interface ParetoOptions extends DataOptions, ConstraintOptions {
  objectives: string;
  algo: string;
  budget: number;
  runs: number;
  perRun?: boolean;
}

/**
 * `lissnas search --objectives "A:max,B:min"`: multi-objective search on a benchmark table (issue #15):
 * Pareto random search (rs), Pareto local search (ls), NSGA-II-style evolution (re), LISSNAS then Pareto
 * local search (lissnas-ls). Reports the found fronts, hypervolume ratio to the table's true front
 * (reference point: src/search/multi/problem.ts), IGD, and the anytime hypervolume-ratio curve with CIs.
 */
export function paretoSearch(opts: ParetoOptions, given: (key: string) => boolean): void {
  if (!opts.data) throw new UsageError("--objectives needs a benchmark table (--data)");
  for (const [key, flag] of UNSUPPORTED) {
    if (given(key)) {
      throw new UsageError(`${flag} is not supported with --objectives (single-objective search only)`);
    }
  }
  const algo = parseMultiAlgorithm(opts.algo);
  const space = getSpace(opts.space);
  let where: { column: string; value: string } | undefined;
  if (opts.where) {
    const i = opts.where.indexOf("=");
    if (i <= 0) throw new UsageError(`--where must read column=value, got '${opts.where}'`);
    where = { column: opts.where.slice(0, i), value: opts.where.slice(i + 1) };
  }
  const raw = loadTables(opts.data, space, {
    archColumn: opts.archColumn,
    where,
    task: opts.task,
    allowNonfinite: opts.allowNonfinite,
  });
  // #18: rows without a value in an objective are left out and counted (bad names: buildMultiProblem's error)
  const named = [...opts.objectives.split(",").map((o) => o.trim()), opts.metric];
  const { table, missing } = withoutMissing(
    raw,
    named.filter((c) => c !== undefined && raw.hasColumn(c)),
  );
  const p = buildMultiProblem(table, opts.objectives, {
    constraints: opts.constraint,
    cheap: opts.cheap,
    metric: opts.metric,
  });
  const results = runMulti(p, algo, opts.budget, opts.runs, opts.seed);
  const s = summarizeMulti(results, opts.budget, [
    ...CHECKPOINTS.filter((c) => c < opts.budget),
    opts.budget,
  ]);
  const result = {
    command: "search",
    mode: "multi-objective",
    space: space.id,
    data: table.source,
    ...missingField(missing),
    objectives: p.specs.map((x) => ({ column: x.column, direction: x.direction })),
    constraints: opts.constraint ?? [],
    cheap: opts.cheap ?? [],
    algorithm: algo,
    seed: opts.seed,
    referencePoint: p.specs.map((x, j) => x.sign * p.ref[j]),
    referencePointRule:
      "nadir of the true front minus 10 % of its range per objective (Ishibuchi et al. 2018)",
    trueFront: {
      size: p.trueFrontRows.length,
      hypervolume: p.trueHv,
      points: Array.from(p.trueFrontRows, (r, i) => ({
        arch: space.format(table.archAt(r)),
        values: p.specs.map((x, j) => x.sign * p.trueFront[i * p.k + j]),
      })),
    },
    ...s,
    perRun: results.map((r) => ({
      run: r.run,
      queries: r.queries,
      excluded: r.excluded,
      hypervolume: r.hypervolume,
      hvRatio: r.hvRatio,
      igd: r.igd,
      ...(r.shrink ? { shrink: r.shrink } : {}),
      ...(opts.perRun ? { front: r.front } : { frontSize: r.front.length }),
    })),
    front: results[0]?.front ?? [],
  };
  emit(result, opts.json, () =>
    [
      `${algo} on ${space.id}, ${table.source}: objectives ${p.specs.map((x) => `${x.column}:${x.direction}`).join(", ")}`,
      ...[missingNote(missing)].filter((l) => l !== null),
      `true front ${p.trueFrontRows.length} points, hypervolume ${fmt(p.trueHv)} (reference ${result.referencePoint.map(fmt).join(", ")})`,
      `${opts.runs} runs × ${opts.budget} queries, seed ${opts.seed}: HV ratio ${fmt(s.hvRatio.mean)} [${fmt(s.hvRatio.lo)}, ${fmt(s.hvRatio.hi)}], IGD ${fmt(s.igd.mean)}`,
      textTable(
        ["queries", "mean HV ratio", "95 % CI"],
        s.checkpoints.map((c) => [c.queries, fmt(c.mean), `[${fmt(c.lo)}, ${fmt(c.hi)}]`]),
      ),
      `front of run 0 (${result.front.length} points):`,
      textTable(
        ["arch", ...p.specs.map((x) => x.column)],
        result.front.map((f) => [f.arch, ...f.values.map((v) => fmt(v))]),
      ),
    ].join("\n"),
  );
}
