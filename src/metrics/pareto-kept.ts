import { paretoFront2d } from "./pareto.js";

/**
 * Fraction of the original space's accuracy–cost Pareto-optimal architectures that a shrunk space keeps
 * (issue #14), with accuracy maximised and cost minimised (front of Kung, Luccio & Preparata 1975, see
 * paretoFront2d):
 *
 *   kept = |F(original) ∩ shrunk| / |F(original)|,
 *
 * architectures identified by key (canonical keys: one unit, the classes). `inShrunk(key)` says whether a key
 * is a member. NaN when the original front is empty.
 */
export function paretoKeptFraction(
  originalKeys: Float64Array,
  originalAcc: Float64Array,
  originalCost: Float64Array,
  inShrunk: (key: number) => boolean,
): number {
  const front = paretoFront2d(
    originalAcc,
    Float64Array.from(originalCost, (x) => -x),
  );
  if (front.length === 0) return Number.NaN;
  let kept = 0;
  for (const i of front) if (inShrunk(originalKeys[i])) kept++;
  return kept / front.length;
}
