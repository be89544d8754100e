import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";

/** The maximum pairwise cosine distance of a set of encodings, and how it was found. */
export interface MaxCosine {
  /** max over pairs of 1 − ⟨u, v⟩ / (‖u‖ ‖v‖); 0 for fewer than two (non-zero) rows. */
  value: number;
  /** Rows of the pair reaching it (−1 when none). */
  i: number;
  j: number;
  /** True when every pair was compared, or when the value reached its upper bound. */
  exact: boolean;
  /** "all-pairs", "bound" (the upper bound 1 of non-negative encodings was reached), or "farthest-point". */
  method: "all-pairs" | "bound" | "farthest-point";
  /** Rows ignored because their encoding is the zero vector (cosine undefined). */
  zeroRows: number;
}

/** Sets up to this many rows are compared pair by pair (n²/2 dot products) by default. */
export const COSINE_EXACT_LIMIT = 4096;

/**
 * Maximum pairwise cosine distance of the encodings of a space (LISSNAS paper §5.4, Table 7: a larger
 * maximum means a more diverse space), d(u, v) = 1 − ⟨u, v⟩ / (‖u‖ ‖v‖), over the rows of `x` (rows × width,
 * row-major). Zero rows are skipped (their cosine is undefined).
 *
 * - up to `exactLimit` rows: every pair (exact);
 * - above: a farthest-point search, a lower bound of the maximum: from each of `starts` rows drawn with
 *   `rng`, repeatedly jump to the row farthest (in cosine distance) from the current one until the distance
 *   stops growing (at most 20 jumps); the best pair found is returned. Each jump is one O(n·width) pass.
 * When every entry is non-negative (one-hot, path encodings) the distance is at most 1; both methods stop
 * as soon as a pair reaches it, and the result is then exact ("bound").
 */
export function maxCosineDistance(
  x: Float32Array | Float64Array,
  width: number,
  rng?: Rng,
  options: { exactLimit?: number; starts?: number } = {},
): MaxCosine {
  if (!Number.isInteger(width) || width < 1 || x.length % width !== 0) {
    throw new UsageError(`max cosine distance: ${x.length} values do not make rows of width ${width}`);
  }
  const exactLimit = options.exactLimit ?? COSINE_EXACT_LIMIT;
  const starts = options.starts ?? 32;
  const n = x.length / width;
  const rows: number[] = [];
  const inv = new Float64Array(n);
  let nonNegative = true;
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let k = 0; k < width; k++) {
      const v = x[r * width + k];
      s += v * v;
      if (v < 0) nonNegative = false;
    }
    if (s > 0) {
      rows.push(r);
      inv[r] = 1 / Math.sqrt(s);
    }
  }
  const zeroRows = n - rows.length;
  const bound = nonNegative ? 1 : 2;
  const dist = (a: number, b: number) => {
    let dot = 0;
    const oa = a * width;
    const ob = b * width;
    for (let k = 0; k < width; k++) dot += x[oa + k] * x[ob + k];
    return 1 - dot * inv[a] * inv[b];
  };
  let best = 0;
  let bi = -1;
  let bj = -1;
  const atBound = () => best >= bound - 1e-12;
  if (rows.length < 2) return { value: 0, i: -1, j: -1, exact: true, method: "all-pairs", zeroRows };

  if (rows.length <= exactLimit) {
    for (let p = 0; p < rows.length && !atBound(); p++) {
      for (let q = p + 1; q < rows.length; q++) {
        const d = dist(rows[p], rows[q]);
        if (d > best) {
          best = d;
          bi = rows[p];
          bj = rows[q];
          if (atBound()) break;
        }
      }
    }
    return { value: best, i: bi, j: bj, exact: true, method: atBound() ? "bound" : "all-pairs", zeroRows };
  }

  if (!rng) throw new UsageError("max cosine distance: sets above the exact limit need an Rng");
  for (let s = 0; s < starts && !atBound(); s++) {
    let cur = rows[rng.int(rows.length)];
    let last = -1;
    for (let jump = 0; jump < 20; jump++) {
      let far = cur;
      let fd = -1;
      for (const r of rows) {
        const d = dist(cur, r);
        if (d > fd) {
          fd = d;
          far = r;
        }
      }
      if (fd > best) {
        best = fd;
        bi = cur;
        bj = far;
      }
      if (atBound() || fd <= last) break;
      last = fd;
      cur = far;
    }
  }
  return {
    value: best,
    i: bi,
    j: bj,
    exact: atBound(),
    method: atBound() ? "bound" : "farthest-point",
    zeroRows,
  };
}
