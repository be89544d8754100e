import { UsageError } from "../core/errors.js";

/**
 * Checks two paired samples for the metric `who`: same length and finite values (a NaN would make
 * sorting and sums meaningless). Throws a one-line UsageError; returns the length.
 */
export function checkPaired(who: string, a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new UsageError(`${who}: samples differ in length (${a.length} vs ${b.length})`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) {
      throw new UsageError(`${who}: pair ${i} is (${a[i]}, ${b[i]}); values must be finite`);
    }
  }
  return a.length;
}
