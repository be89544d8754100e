import { UsageError } from "../core/errors.js";
import type { BenchmarkTable } from "../data/table.js";
import type { Arch, SearchSpace } from "../spaces/space.js";

/** Where an architecture's FLOPs come from. */
export interface CostSource {
  /** MFLOPs of an architecture. */
  mflops: (a: Arch) => number;
  /** For reports: "nb201.cost(cifar10)" or "table column 'flops'". */
  label: string;
}

/**
 * The FLOP source of a space: the space's analytic `cost` (capability "cost") for `dataset`, else a numeric
 * table column named `column` (default "flops", raw FLOPs divided by 10⁶, as NAS-Bench-Macro stores them):
 * FLOPs are a static property of an architecture, not a trained result, so reading them costs no query.
 * Undefined when neither exists.
 */
export function costSource(
  space: SearchSpace,
  dataset: string,
  table?: BenchmarkTable,
  column = "flops",
): CostSource | undefined {
  if (space.capabilities.has("cost") && space.cost) {
    const cost = space.cost.bind(space);
    try {
      cost(new Uint8Array(space.genotypeLength), dataset); // an unknown dataset fails here, before any work
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
    return { mflops: (a) => cost(a, dataset).mflops, label: `${space.id}.cost(${dataset})` };
  }
  if (table?.hasColumn(column)) {
    const col = table.column(column);
    return {
      mflops: (a) => {
        const r = table.rowOf(a);
        return r >= 0 ? col[r] / 1e6 : Number.NaN;
      },
      label: `table column '${column}' / 1e6`,
    };
  }
  return undefined;
}

/**
 * `--cost-dataset NAME` given explicitly: the space must have a cost model (FLOPs from a table's `flops`
 * column do not depend on a dataset), and NAME must be one of its datasets — a one-line error otherwise,
 * before any work, rather than an option with no effect.
 */
export function checkCostDataset(space: SearchSpace, dataset: string | undefined): void {
  if (dataset === undefined) return;
  if (!(space.capabilities.has("cost") && space.cost)) {
    throw new UsageError(
      `--cost-dataset: ${space.id} has no cost model (FLOPs, if any, come from the table's flops column)`,
    );
  }
  costSource(space, dataset);
}

/** The NB201 dataset a metric column refers to (by name): cifar100, ImageNet16-120, else cifar10. */
export function datasetOfMetric(metric: string): string {
  const m = metric.toLowerCase();
  if (m.includes("imagenet")) return "ImageNet16-120";
  if (m.includes("100")) return "cifar100";
  return "cifar10";
}
