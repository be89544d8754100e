import { UsageError } from "../core/errors.js";

/**
 * Most (runs × budget) cells of anytime traces one command may ask for: each cell is a Float64 (8 bytes),
 * so 2^26 cells are 512 MiB of traces before any search state — past that, V8 runs out of memory or the
 * thread pool cannot start (EAGAIN) long after the command began. Checked before any work.
 */
export const MAX_TRACE_CELLS = 2 ** 26;
/** Most runs of one search cell (a run's state and result object are a few KiB each). */
export const MAX_RUNS = 1_000_000;

/** One-line UsageError naming the options when runs × budget would not fit in memory. */
export function checkRunGrid(
  runs: number,
  budget: number,
  runsField = "--runs",
  budgetField = "--budget",
): void {
  if (runs > MAX_RUNS) throw new UsageError(`${runsField} ${runs} exceeds the limit of ${MAX_RUNS} runs`);
  if (runs * budget > MAX_TRACE_CELLS) {
    throw new UsageError(
      `${runsField} ${runs} × ${budgetField} ${budget} = ${runs * budget} trace cells exceeds the limit of ${MAX_TRACE_CELLS} (512 MiB); use fewer runs or a smaller budget`,
    );
  }
}
