import { UsageError } from "../core/errors.js";
import { quantileSorted } from "../metrics/quantile.js";
import type { LandscapeGraph } from "./graph.js";

/**
 * The tie rule of the exact landscape analysis, stated once for reports (maximisation of the metric):
 * - a *strict* local optimum is better than every neighbour; a *weak* one has no better neighbour (it may
 *   tie some), so strict ⊆ weak and plateaus of equal values count once per node in the weak count;
 * - best-improvement local search moves to the best neighbour only if it is strictly better; when several
 *   neighbours share the best value it takes the one with the lowest id (genotype code, or class key);
 * - hence it stops exactly at weak local optima, and each weak optimum is the attractor of its basin.
 */
export const TIE_RULE =
  "maximisation; strict optimum = better than every neighbour, weak = no neighbour better; " +
  "best-improvement local search moves only to a strictly better neighbour, equal best neighbours broken by " +
  "lowest genotype code (class key on the canonical graph); it stops at weak optima, whose basins partition the space";

/** One local optimum (a weak one; `strict` says whether it is also strict). */
export interface LocalOptimum {
  node: number;
  /** Genotype code (raw graph) or class key (canonical graph). */
  code: number;
  value: number;
  strict: boolean;
  /** Number of nodes from which best-improvement local search ends here (itself included). */
  basin: number;
}

export interface BasinStats {
  count: number;
  mean: number;
  median: number;
  max: number;
  min: number;
}

/** Everything the exact analysis measures on one graph. */
export interface LandscapeAnalysis {
  kind: "raw" | "canonical";
  nodes: number;
  degree: { min: number; mean: number; max: number };
  strictLocalOptima: number;
  weakLocalOptima: number;
  /** All weak local optima, best value first (ties: lowest code first). */
  optima: LocalOptimum[];
  globalValue: number;
  /** Nodes sharing the global maximum value. */
  globalOptima: number;
  /** Nodes whose local search ends at a global optimum (the global optimum's basin; summed over ties). */
  globalBasin: number;
  /** Basin sizes of all weak optima. */
  basins: BasinStats;
  /** Basin sizes of the strict optima only. */
  strictBasins: BasinStats;
  /** Fraction of start nodes whose local search ends at a strict optimum. */
  strictBasinFraction: number;
  /** Local-search steps (moves) from a uniform random start to its optimum. */
  steps: { mean: number; max: number };
  epsilon: number;
  /** P(local search from a uniform random node ends at a node with value ≥ globalValue − ε). */
  pWithinEpsilon: number;
  /** P(local search from a uniform random node ends at a global optimum) = globalBasin / nodes. */
  pGlobal: number;
  /** Per node: the optimum its local search ends at, and the number of moves it takes. */
  attractor: Int32Array;
  stepsTo: Int32Array;
}

/**
 * Exact landscape analysis of a whole graph (see TIE_RULE): every node's best-improvement move, all strict
 * and weak local optima, every basin of attraction, the global optimum's basin and the probability that
 * local search from a uniform random node ends within ε of the global optimum. O(n·s) time, typed arrays.
 */
export function analyseLandscape(graph: LandscapeGraph, epsilon = 0): LandscapeAnalysis {
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) {
    throw new UsageError(`epsilon must be a finite number ≥ 0, got ${epsilon}`);
  }
  const { n, values, offsets, adj, codes } = graph;
  if (n === 0) throw new UsageError("the landscape has no architectures");
  const next = new Int32Array(n);
  const strict = new Uint8Array(n);
  let strictCount = 0;
  let weakCount = 0;
  let minDeg = Number.POSITIVE_INFINITY;
  let maxDeg = 0;
  let globalValue = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < n; v++) {
    const from = offsets[v];
    const to = offsets[v + 1];
    const deg = to - from;
    if (deg < minDeg) minDeg = deg;
    if (deg > maxDeg) maxDeg = deg;
    let best = -1;
    let bv = Number.NEGATIVE_INFINITY;
    for (let q = from; q < to; q++) {
      const u = adj[q];
      const x = values[u];
      if (x > bv || (x === bv && best >= 0 && codes[u] < codes[best])) {
        bv = x;
        best = u;
      }
    }
    const own = values[v];
    if (own > globalValue) globalValue = own;
    if (bv > own) next[v] = best;
    else {
      next[v] = v;
      weakCount++;
      if (bv < own) {
        strict[v] = 1;
        strictCount++;
      }
    }
  }
  // Follow the move pointers (values strictly increase along them, so there are no cycles).
  const attractor = new Int32Array(n).fill(-1);
  const stepsTo = new Int32Array(n);
  const stack = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    if (attractor[v] >= 0) continue;
    let top = 0;
    let u = v;
    while (attractor[u] < 0 && next[u] !== u) {
      stack[top++] = u;
      u = next[u];
    }
    if (attractor[u] < 0) {
      attractor[u] = u;
      stepsTo[u] = 0;
    }
    const a = attractor[u];
    let st = stepsTo[u];
    while (top > 0) {
      const w = stack[--top];
      attractor[w] = a;
      stepsTo[w] = ++st;
    }
  }
  const basin = new Int32Array(n);
  let stepSum = 0;
  let stepMax = 0;
  for (let v = 0; v < n; v++) {
    basin[attractor[v]]++;
    stepSum += stepsTo[v];
    if (stepsTo[v] > stepMax) stepMax = stepsTo[v];
  }
  const optima: LocalOptimum[] = [];
  let globalOptima = 0;
  let globalBasin = 0;
  let within = 0;
  let inStrict = 0;
  const threshold = globalValue - epsilon;
  for (let v = 0; v < n; v++) {
    if (values[v] === globalValue) globalOptima++;
    if (next[v] !== v) continue;
    optima.push({ node: v, code: codes[v], value: values[v], strict: strict[v] === 1, basin: basin[v] });
    if (values[v] === globalValue) globalBasin += basin[v];
    if (values[v] >= threshold) within += basin[v];
    if (strict[v]) inStrict += basin[v];
  }
  optima.sort((x, y) => y.value - x.value || x.code - y.code);
  return {
    kind: graph.kind,
    nodes: n,
    degree: { min: minDeg, mean: adj.length / n, max: maxDeg },
    strictLocalOptima: strictCount,
    weakLocalOptima: weakCount,
    optima,
    globalValue,
    globalOptima,
    globalBasin,
    basins: basinStats(optima.map((o) => o.basin)),
    strictBasins: basinStats(optima.filter((o) => o.strict).map((o) => o.basin)),
    strictBasinFraction: inStrict / n,
    steps: { mean: stepSum / n, max: stepMax },
    epsilon,
    pWithinEpsilon: within / n,
    pGlobal: globalBasin / n,
    attractor,
    stepsTo,
  };
}

function basinStats(sizes: number[]): BasinStats {
  if (sizes.length === 0) {
    return { count: 0, mean: Number.NaN, median: Number.NaN, max: Number.NaN, min: Number.NaN };
  }
  const sorted = Float64Array.from(sizes).sort();
  let sum = 0;
  for (const x of sizes) sum += x;
  return {
    count: sizes.length,
    mean: sum / sizes.length,
    median: quantileSorted(sorted, 0.5),
    max: sorted[sorted.length - 1],
    min: sorted[0],
  };
}
