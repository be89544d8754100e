import type { Command } from "commander";
import { LissnasError } from "../../core/errors.js";
import { negated, parseMetricSpec } from "../../data/objectives.js";
import { mean } from "../../metrics/mean.js";
import { quantileSorted } from "../../metrics/quantile.js";
import { std } from "../../metrics/std.js";
import type { Arch } from "../../spaces/space.js";
import { type DataOptions, emit, fmt, load, textTable, withData } from "../common.js";

/** Largest space `info` enumerates for the synthetic landscape; above it, it samples. */
const ENUMERATE_LIMIT = 1_000_000;
const SAMPLES = 100_000;

/** `lissnas info`: size, unique graphs, best architecture and value, quantiles of a metric. */
export function register(program: Command): void {
  withData(
    program
      .command("info")
      .description("describe a space and a benchmark table (or the synthetic landscape)"),
  ).action((opts: DataOptions) => {
    const { space, evaluator, table, metric, rng } = load(opts);
    const f = evaluator.objective(metric);
    let archs: Arch[];
    let how: string;
    if (table) {
      archs = table.archs();
      how = "table";
    } else if (space.enumerate && space.size() <= BigInt(ENUMERATE_LIMIT)) {
      archs = [...space.enumerate()];
      how = "enumerated";
    } else {
      const r = rng.child("info");
      archs = Array.from({ length: SAMPLES }, () => space.sample(r));
      how = `sampled ${SAMPLES} uniformly`;
    }
    const values = new Float64Array(archs.length);
    const keys = new Set<number>();
    let best = -1;
    for (let i = 0; i < archs.length; i++) {
      values[i] = f(archs[i]);
      keys.add(space.key(archs[i]));
      if (Number.isNaN(values[i])) throw new LissnasError(`no value of '${metric}' for row ${i}`);
      if (best < 0 || values[i] > values[best]) best = i;
    }
    // Internal values are maximised (sign · value); reports are in the metric's own units.
    const spec = parseMetricSpec(metric);
    const shown = spec.sign === 1 ? values : negated(values);
    const sorted = Float64Array.from(shown).sort();
    const size = space.size();
    const result = {
      space: space.id,
      evaluator: evaluator.name,
      synthetic: evaluator.synthetic,
      metric: spec.column,
      direction: spec.direction,
      spaceSize: size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : size.toString(),
      spaceUniqueGraphs: space.uniqueSize ? Number(space.uniqueSize()) : null,
      maxEditDistance: space.maxEditDistance(),
      encodings: space.encodings,
      capabilities: [...space.capabilities],
      coverage: how,
      architectures: archs.length,
      uniqueGraphs: keys.size,
      best: {
        index: table ? table.officialIndex(best) : best,
        row: best,
        arch: space.format(archs[best]),
        value: shown[best],
      },
      mean: mean(shown),
      std: std(shown),
      quantiles: Object.fromEntries(
        [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1].map((p) => [`q${Math.round(p * 100)}`, quantileSorted(sorted, p)]),
      ),
    };
    emit(result, opts.json, () =>
      [
        `space ${space.id}: ${result.spaceSize} architectures, max edit distance ${result.maxEditDistance}`,
        `evaluator ${evaluator.name}${evaluator.synthetic ? " (SYNTHETIC)" : ""}, metric ${spec.column} (${spec.direction}imised; ${how})`,
        `architectures ${archs.length}, unique graphs ${keys.size}`,
        `best ${fmt(shown[best])} at index ${result.best.index}: ${result.best.arch}`,
        `mean ${fmt(result.mean)}, std ${fmt(result.std)}`,
        textTable(Object.keys(result.quantiles), [Object.values(result.quantiles).map((v) => fmt(v))]),
      ].join("\n"),
    );
  });
}
