import { Rng } from "../../src/core/rng.js";

/**
 * A fixed regression problem: `rows` rows of `width` features on a grid of 0.1 (≤ 51 distinct values per
 * feature, so every feature gets exact bins), y = sin(x0) + 0.3·x1·x2 + N(0, 0.1²).
 */
export function smallProblem(
  rows = 200,
  width = 5,
  seed = 1,
): { x: Float32Array; y: Float64Array; width: number } {
  const r = Rng.fromSeed(seed);
  const x = new Float32Array(rows * width);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < width; f++) x[i * width + f] = Math.round(r.float() * 50) / 10;
    y[i] = Math.sin(x[i * width]) + 0.3 * x[i * width + 1] * x[i * width + 2] + 0.1 * r.normal();
  }
  return { x, y, width };
}

/** One-hot rows of a 6-position, 5-choice genotype (NB201-like) with an additive-plus-interaction target. */
export function onehotProblem(rows: number, seed = 2): { x: Float32Array; y: Float64Array; width: number } {
  const r = Rng.fromSeed(seed);
  const width = 30;
  const x = new Float32Array(rows * width);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let v = 0;
    const g: number[] = [];
    for (let p = 0; p < 6; p++) {
      const c = r.int(5);
      g.push(c);
      x[i * width + p * 5 + c] = 1;
      v += (c * (p + 1)) % 3;
    }
    if (g[0] === g[5]) v += 2;
    y[i] = v + 0.2 * r.normal();
  }
  return { x, y, width };
}

/** The largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Sparse binary rows of very different lengths (so histograms use the CSR rows, not ELL): each of
 * `width` features is 1 with probability 0.03, except that one row in eight has most features set.
 */
export function raggedProblem(rows: number, seed = 5): { x: Float32Array; y: Float64Array; width: number } {
  const r = Rng.fromSeed(seed);
  const width = 24;
  const x = new Float32Array(rows * width);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const dense = r.int(8) === 0;
    let v = 0;
    for (let f = 0; f < width; f++) {
      const on = r.float() < (dense ? 0.8 : 0.03);
      if (on) {
        x[i * width + f] = 1;
        v += (f % 5) - 2;
      }
    }
    y[i] = v + 0.1 * r.normal();
  }
  return { x, y, width };
}
