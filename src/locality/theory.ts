import { UsageError } from "../core/errors.js";
import type { LandscapeGraph } from "./graph.js";

/**
 * How the densities are put on a grid: "rank" bins the mid-rank CDF value u = (#less + ½·#equal)/n into B
 * equal-count bins (the model then sees pdf_n uniform and pdf_e as a copula; local search and local optima
 * depend on the order of values only, so this loses nothing and puts resolution where the data are);
 * "value" bins the metric itself into B equal-width bins over [min, max].
 */
export type DensityGrid = "rank" | "value";

/**
 * Default number of grid bins: about 25 architectures per bin, round(n/25), clamped to 10..1000 (625 for
 * NB201's 15,625 cells; 24 neighbours each then give ~600 pairs per row of pdf_e). Coarser grids blur the
 * top of the distribution, where locality matters, and over-predict local optima on real data; see
 * docs/locality.md for the sensitivity.
 */
export function defaultBins(n: number): number {
  return Math.max(10, Math.min(1000, Math.round(n / 25)));
}

export interface TheoryOptions {
  /** Number of grid bins B (default: defaultBins(n)). */
  bins?: number;
  grid?: DensityGrid;
  /** ε of the "within ε of the global optimum" prediction, in the metric's units. */
  epsilon?: number;
  /**
   * Replace the measured neighbour-conditional density by the global one (pdf_e(x, ·) = pdf_n): the
   * no-locality model, whose local-optimum count is n/(s+1) on the rank grid.
   */
  independent?: boolean;
}

/** The estimated densities and the model's predictions. */
export interface TheoryPrediction {
  grid: DensityGrid;
  bins: number;
  independent: boolean;
  nodes: number;
  /** Neighbours per node s (the mean degree where degrees differ; the model assumes exactly s). */
  s: number;
  /** Number of directed neighbour pairs the neighbour-conditional density was estimated from. */
  pairs: number;
  /** Predicted number of local optima: n · ∫ pdf_n(x) · P(neighbour worse | x)^s dx. */
  localOptima: number;
  /** The same under no locality on the rank grid, n/(s+1) (closed form). */
  localOptimaIid: number;
  epsilon: number;
  /**
   * Predicted P(local search from a uniform random start ends within ε of the global optimum), normalised by
   * `mass` so that the probabilities of ending at some optimum sum to 1.
   */
  pWithinEpsilon: number;
  /** ∫ pdf_n · P(local opt | x) · E|basin | x|: 1 for a self-consistent model; the check of the estimate. */
  mass: number;
  /** pdf_n as bin probabilities, and pdf_e as row-stochastic bin-to-bin probabilities (B × B, row-major). */
  pdfN: Float64Array;
  pdfE: Float64Array;
  /** Per bin: P(local optimum | value in bin) and E|basin| of a local optimum in the bin. */
  pLocalOpt: Float64Array;
  basinSize: Float64Array;
}

/**
 * The local-search theory of White, Nolen & Savani ("Exploring the Loss Landscape in NAS", arXiv 2005.02960,
 * §5), with the densities estimated from data, written for maximisation (a loss is the negated metric).
 *
 * Model: n nodes, s neighbours each; a node's value is drawn from pdf_n and a neighbour's value, given the
 * node's value x, from pdf_e(x, ·), independently. Then
 * - E[#local optima] = n ∫ pdf_n(x) (∫_{y<x} pdf_e(x, y) dy)^s dx;
 * - P(local search from a uniform start ends within ε of the optimum x*) =
 *   ∫_{x*−ε}^{x*} pdf_n(x) (∫_{y<x} pdf_e(x, y) dy)^s E|LS^{-*}(x)| dx, with E|LS^{-*}(x)| the expected full
 *   preimage (basin) of a local optimum of value x, from the preimage recursion of the paper's Lemma: a
 *   neighbour u (value y < x) moves to v iff its other s − 1 neighbours are below x, and u's own preimage
 *   grows the same way.
 *
 * Estimation (documented choices):
 * - pdf_n: histogram of all node values on the grid (see DensityGrid); pdf_e: histogram of all directed
 *   neighbour pairs (value of v's bin → value of u's bin), row-normalised;
 * - within a bin, values are taken uniform and independent, so for a node in bin i with within-bin position t,
 *   P(neighbour below) = A_i + t·P_ii (A_i = Σ_{j<i} P_ij) and P(local optimum | bin i) = ∫_0^1 (A_i + t·P_ii)^s dt
 *   = ((A_i + P_ii)^{s+1} − A_i^{s+1}) / ((s+1) P_ii), exact under that assumption;
 * - the basin recursion is solved on the grid: T_j = 1 + Σ_{k≤j} (s−1) P_jk b_jk C_k(j)^{s−1} T_k for a
 *   non-optimal node (its parent is one of its s neighbours, hence s − 1), with b_jk = 1 (k < j), ½ (k = j)
 *   and C_k(j) = Σ_{m<j} P_km + ½ P_kj the probability that a neighbour of a bin-k node is below bin j;
 *   a local optimum in bin i has E|basin| = 1 + Σ_{k≤i} s (P_ik b_ik / A'_i) C_k(i)^{s−1} T_k, its
 *   neighbours being conditioned below it (A'_i = A_i + ½ P_ii);
 * - the ε region is the set of grid positions whose values are ≥ x* − ε (by the empirical CDF on the rank
 *   grid), partial bins counted by overlap.
 * The uniform no-locality case reproduces the paper's closed forms: n/(s+1) optima, and the basin series
 * 1 + s Σ_i x^{si} Π_{j<i} s/(js+1) when s − 1 is replaced by s.
 */
export function theoryPredictions(graph: LandscapeGraph, options: TheoryOptions = {}): TheoryPrediction {
  const B = options.bins ?? defaultBins(graph.n);
  const grid = options.grid ?? "rank";
  const epsilon = options.epsilon ?? 0;
  const independent = options.independent ?? false;
  if (!Number.isInteger(B) || B < 2 || B > 10_000)
    throw new UsageError(`bins must be an integer in 2..10000, got ${B}`);
  if (grid !== "rank" && grid !== "value")
    throw new UsageError(`grid must be 'rank' or 'value', got '${grid}'`);
  if (!(epsilon >= 0) || !Number.isFinite(epsilon))
    throw new UsageError(`epsilon must be ≥ 0, got ${epsilon}`);
  const { n, values, offsets, adj } = graph;
  const s = adj.length / n;

  // Grid coordinate of every node: u in [0, 1).
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b]);
  let min = values[order[0]];
  let max = values[order[n - 1]];
  const bin = new Int32Array(n);
  if (grid === "rank") {
    for (let p = 0; p < n; ) {
      let q = p;
      while (q + 1 < n && values[order[q + 1]] === values[order[p]]) q++;
      const u = (p + (q - p + 1) / 2) / n; // (#less + ½·#equal) / n
      const b = Math.min(B - 1, Math.floor(u * B));
      for (let r = p; r <= q; r++) bin[order[r]] = b;
      p = q + 1;
    }
  } else {
    const width = max > min ? (max - min) / B : 1;
    for (let v = 0; v < n; v++) bin[v] = Math.min(B - 1, Math.floor((values[v] - min) / width));
  }

  const pdfN = new Float64Array(B);
  for (let v = 0; v < n; v++) pdfN[bin[v]] += 1 / n;
  const pdfE = new Float64Array(B * B);
  if (independent) {
    for (let i = 0; i < B; i++) pdfE.set(pdfN, i * B);
  } else {
    const rowSum = new Float64Array(B);
    for (let v = 0; v < n; v++) {
      const bv = bin[v];
      for (let q = offsets[v]; q < offsets[v + 1]; q++) pdfE[bv * B + bin[adj[q]]]++;
      rowSum[bv] += offsets[v + 1] - offsets[v];
    }
    for (let i = 0; i < B; i++) {
      if (rowSum[i] > 0) for (let j = 0; j < B; j++) pdfE[i * B + j] /= rowSum[i];
      else pdfE.set(pdfN, i * B);
    }
  }

  // cum[k*B + j] = Σ_{m<j} P_km; C_k(j) = cum + ½ P_kj.
  const cum = new Float64Array(B * B);
  for (let k = 0; k < B; k++) {
    let c = 0;
    for (let j = 0; j < B; j++) {
      cum[k * B + j] = c;
      c += pdfE[k * B + j];
    }
  }
  const C = (k: number, j: number) => cum[k * B + j] + 0.5 * pdfE[k * B + j];

  const pLocalOpt = new Float64Array(B);
  let expected = 0;
  for (let i = 0; i < B; i++) {
    const A = cum[i * B + i];
    const D = pdfE[i * B + i];
    pLocalOpt[i] = D > 1e-15 ? ((A + D) ** (s + 1) - A ** (s + 1)) / ((s + 1) * D) : A ** s;
    expected += pdfN[i] * pLocalOpt[i];
  }

  // Subtree sizes T_j of non-optimal nodes, bottom-up (lower bins first).
  const T = new Float64Array(B);
  for (let j = 0; j < B; j++) {
    let acc = 1;
    for (let k = 0; k < j; k++) acc += (s - 1) * pdfE[j * B + k] * C(k, j) ** (s - 1) * T[k];
    const self = (s - 1) * 0.5 * pdfE[j * B + j] * C(j, j) ** (s - 1);
    T[j] = self < 1 ? acc / (1 - self) : Number.POSITIVE_INFINITY;
  }
  const basinSize = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    const below = cum[i * B + i] + 0.5 * pdfE[i * B + i];
    let acc = 1;
    if (below > 0) {
      for (let k = 0; k <= i; k++) {
        const b = k < i ? 1 : 0.5;
        acc += (s * pdfE[i * B + k] * b * C(k, i) ** (s - 1) * T[k]) / below;
      }
    }
    basinSize[i] = acc;
  }

  // ε region as a fraction of each bin.
  const frac = new Float64Array(B);
  const threshold = max - epsilon;
  if (grid === "rank") {
    let count = 0;
    for (let v = 0; v < n; v++) if (values[v] >= threshold) count++;
    const lo = 1 - count / n;
    for (let i = 0; i < B; i++) frac[i] = overlap(i / B, (i + 1) / B, lo, 1) * B;
  } else {
    if (max === min) {
      min -= 0.5;
      max += 0.5;
    }
    const width = (max - min) / B;
    for (let i = 0; i < B; i++)
      frac[i] = overlap(min + i * width, min + (i + 1) * width, threshold, max) / width;
  }
  let mass = 0;
  let within = 0;
  for (let i = 0; i < B; i++) {
    const c = pdfN[i] * pLocalOpt[i] * basinSize[i];
    mass += c;
    within += c * frac[i];
  }
  return {
    grid,
    bins: B,
    independent,
    nodes: n,
    s,
    pairs: adj.length,
    localOptima: n * expected,
    localOptimaIid: n / (s + 1),
    epsilon,
    pWithinEpsilon: mass > 0 ? Math.min(1, within / mass) : Number.NaN,
    mass,
    pdfN,
    pdfE,
    pLocalOpt,
    basinSize,
  };
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}
