import { UsageError } from "../core/errors.js";

/**
 * Reduction factor of a shrinkage (LISSNAS paper §5.3, Tables 5–6): |A| / |A_shrunk|, the number of times the
 * original space is larger than the shrunk one (10 means a 10× smaller space). Sizes are exact (bigint or
 * integer); the ratio is returned as a double. Throws when the shrunk space is empty.
 */
export function reductionFactor(originalSize: bigint | number, shrunkSize: bigint | number): number {
  const o = BigInt(originalSize);
  const s = BigInt(shrunkSize);
  if (s <= 0n) throw new UsageError("reduction factor: the shrunk space is empty");
  // Exact integer part, then the fraction, so very large sizes keep their precision.
  const q = o / s;
  const r = o % s;
  return Number(q) + Number(r) / Number(s);
}
