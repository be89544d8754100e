import { UsageError } from "../core/errors.js";
import type { LandscapeGraph } from "./graph.js";
import type { LocalityCurve } from "./statistics.js";

/**
 * Population (sampling-free) locality curves of a whole enumerable landscape. Exact values have no
 * sampling error: each point carries lo = hi = r and n = the number of (ordered) pairs it averages over.
 */
export interface ExactCurves {
  /** Correlation of f(a), f(b) over all ordered pairs at edit distance exactly d (Hamming graphs only). */
  rwa: LocalityCurve | undefined;
  /** Correlation of f(X₀), f(X_k) for a k-step uniform random walk from a uniform start. */
  walk: LocalityCurve;
}

/**
 * Exact locality curves on a raw graph.
 *
 * - Walk: with P the random-walk transition matrix (P_uv = 1/deg(u) for neighbours), the k-step curve is
 *   Cov(f(X₀), f(X_k)) / Var f with X₀ uniform: (1/n) Σ_u (f(u) − μ)(P^k (f − μ))(u) / σ², computed with k
 *   sparse products. On a regular graph (every Hamming space) X_k is uniform too, so this is the correlation.
 * - Distance d: Σ over ordered pairs at Hamming distance d of (f(a) − μ)(f(b) − μ), divided by the number of
 *   pairs and σ², where μ, σ² are over the whole space (in a Hamming space every genotype has the same number
 *   of genotypes at distance d, so both members of a uniform pair are uniform). The sums A_d f for all d are
 *   built position by position: with V_d the partial sums over genotypes differing in exactly d of the
 *   positions processed so far, adding position i gives V'_d = V_d + (J − I)_i V_{d−1}, where (J − I)_i
 *   replaces a value by the sum over the other choices at position i. O(L² · n) in all.
 */
export function exactCurves(graph: LandscapeGraph, maxDistance: number): ExactCurves {
  if (graph.kind !== "raw") throw new UsageError("exact locality curves need the raw (genotype) graph");
  const { n, values, offsets, adj, space } = graph;
  const limit = space.maxEditDistance();
  if (!Number.isInteger(maxDistance) || maxDistance < 1 || maxDistance > limit) {
    throw new UsageError(
      `max distance must be an integer in 1..${limit} for ${space.id}, got ${maxDistance}`,
    );
  }
  let mu = 0;
  for (let i = 0; i < n; i++) mu += values[i];
  mu /= n;
  const c = new Float64Array(n);
  let varSum = 0;
  for (let i = 0; i < n; i++) {
    c[i] = values[i] - mu;
    varSum += c[i] * c[i];
  }
  const variance = varSum / n;
  /** Point from x = Σ over partners of centred values: r = Σ_u c(u)·x(u) / (pairs · σ²). */
  const corr = (x: Float64Array, pairs: number, distance: number) => {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += c[i] * x[i];
    const r = variance > 0 && pairs > 0 ? dot / pairs / variance : Number.NaN;
    const rr = Number.isNaN(r) ? r : Math.max(-1, Math.min(1, r));
    return { distance, n: pairs, r: rr, lo: rr, hi: rr };
  };

  const walkPoints = [];
  let cur = c;
  for (let k = 1; k <= maxDistance; k++) {
    const next = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      const from = offsets[v];
      const to = offsets[v + 1];
      if (to === from) {
        next[v] = cur[v];
        continue;
      }
      let sum = 0;
      for (let q = from; q < to; q++) sum += cur[adj[q]];
      next[v] = sum / (to - from);
    }
    cur = next;
    walkPoints.push(corr(cur, n, k));
  }

  let rwa: LocalityCurve | undefined;
  if (graph.hamming) {
    const L = space.genotypeLength;
    const card = space.cardinalities;
    let V: Float64Array[] = [c.slice()];
    for (let d = 1; d <= L; d++) V.push(new Float64Array(n));
    // counts[d]: genotypes at distance exactly d from any genotype (elementary symmetric sums of c_i − 1).
    let counts = [1, ...new Array(L).fill(0)];
    let radix = 1;
    for (let i = 0; i < L; i++) {
      const q = card[i];
      const nv = V.map((x) => x.slice());
      for (let d = 1; d <= L; d++) {
        const src = V[d - 1];
        const dst = nv[d];
        for (let code = 0; code < n; code++) {
          const digit = Math.floor(code / radix) % q;
          const base = code - digit * radix;
          let sum = 0;
          for (let t = 0; t < q; t++) sum += src[base + t * radix];
          dst[code] += sum - src[code];
        }
      }
      V = nv;
      counts = counts.map((x, d) => x + (d > 0 ? counts[d - 1] * (q - 1) : 0));
      radix *= q;
    }
    const points = [];
    for (let d = 1; d <= maxDistance; d++) points.push(corr(V[d], n * counts[d], d));
    rwa = { maxDistance, points };
  }
  return { rwa, walk: { maxDistance, points: walkPoints } };
}
