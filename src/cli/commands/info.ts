import type { Command } from "commander";
import { LissnasError } from "../../core/errors.js";
import { metricUnits } from "../../data/objectives.js";
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
    const { space, evaluator, table, metric, rng, missing: left } = load(opts);
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
    // A table's missing cells (empty, nan, ±∞ under --allow-nonfinite) are left out of every statistic
    // below and counted in `missing`; table rows are read from the column (the objective refuses NaN).
    const column = table ? table.column(metric) : undefined;
    const present = new Float64Array(archs.length);
    const rowOf = new Int32Array(archs.length);
    const keys = new Set<number>();
    let best = -1;
    let n = 0;
    for (let i = 0; i < archs.length; i++) {
      keys.add(space.key(archs[i]));
      const v = column ? column[i] : f(archs[i]);
      if (Number.isNaN(v)) {
        if (column) continue;
        throw new LissnasError(`no value of '${metric}' for row ${i}`);
      }
      present[n] = v;
      rowOf[n] = i;
      if (best < 0 || v > present[best]) best = n;
      n++;
    }
    if (n === 0) throw new LissnasError(`${evaluator.name}: no row has a value in column '${metric}'`);
    // rows load() left out (no value in the metric, src/data/missing.ts) count as missing too
    const missing = archs.length - n + (left?.count ?? 0);
    const values = present.subarray(0, n);
    // Internal values are maximised (sign · value); reports are in the metric's own units.
    const spec = metricUnits(metric);
    const shown = spec.sign === 1 ? values : Float64Array.from(spec.values(values));
    const sorted = Float64Array.from(shown).sort();
    const size = space.size();
    const result = {
      space: space.id,
      evaluator: evaluator.name,
      synthetic: evaluator.synthetic,
      ...spec.label,
      spaceSize: size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : size.toString(),
      spaceUniqueGraphs: space.uniqueSize ? Number(space.uniqueSize()) : null,
      maxEditDistance: space.maxEditDistance(),
      encodings: space.encodings,
      capabilities: [...space.capabilities],
      coverage: how,
      architectures: archs.length + (left?.count ?? 0),
      missing,
      uniqueGraphs: keys.size,
      best: {
        index: table ? table.officialIndex(rowOf[best]) : rowOf[best],
        row: left?.kept ? left.kept[rowOf[best]] : rowOf[best], // the file's row, rows left out counted
        arch: space.format(archs[rowOf[best]]),
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
        `architectures ${result.architectures}, unique graphs ${keys.size}, missing ${missing} (left out of the statistics)`,
        `best ${fmt(shown[best])} at index ${result.best.index}: ${result.best.arch}`,
        `mean ${fmt(result.mean)}, std ${fmt(result.std)}`,
        textTable(Object.keys(result.quantiles), [Object.values(result.quantiles).map((v) => fmt(v))]),
      ].join("\n"),
    );
  });
}
