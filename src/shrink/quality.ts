import type { Rng } from "../core/rng.js";
import { maxCosineDistance } from "../metrics/cosine-distance.js";
import { edfArea } from "../metrics/edf.js";
import { histogram } from "../metrics/histogram.js";
import { hypervolumeRatio } from "../metrics/hypervolume-ratio.js";
import { ksTwoSample } from "../metrics/ks-test.js";
import { mean } from "../metrics/mean.js";
import { pGood } from "../metrics/p-good.js";
import { paretoKeptFraction } from "../metrics/pareto-kept.js";
import { rangeCoverage } from "../metrics/range-coverage.js";
import { reductionFactor } from "../metrics/reduction-factor.js";
import { shrinkIndex } from "../metrics/shrink-index.js";
import { keptTopFraction } from "../metrics/top-fraction-kept.js";
import { type Arch, encodeMany, type SearchSpace } from "../spaces/space.js";

/** A population of architectures with their metric values (and optionally costs): a space, or a sample of it. */
export interface Population {
  /** Exact size of the space (genotypes for an original space, canonical members for a member set). */
  size: bigint;
  /** The architectures measured (all of them, or a uniform sample). */
  archs: Arch[];
  /** Metric value of each. */
  values: Float64Array;
  /** Cost (MFLOPs) of each, when known. */
  costs?: Float64Array;
  /** True when `archs` is the whole space; false when a uniform sample. */
  complete: boolean;
  /**
   * The population's unit: "classes" (one entry per canonical class, valued at its canonical genotype) or
   * "cells" (every genotype). Absent: as measured (legacy callers).
   */
  unit?: "classes" | "cells";
  /** Canonical key of each entry, when known. */
  keys?: Float64Array;
}

/** Statistics of one space, as written to the metrics JSON (same keys for the original and shrunk space). */
export interface SpaceStats {
  /** Exact size (a number when safe, else a decimal string). */
  size: number | string;
  /** Architectures measured (= size when complete). */
  measured: number;
  complete: boolean;
  mean: number;
  max: number;
  /** P(good) at the good threshold. */
  pGood: number;
  /** Area under the error EDF (errors = 100 − metric) over the original space's error range, normalised. */
  edfArea: number;
  maxCosineDistance: number;
  maxCosineExact: boolean;
  maxCosineMethod: string;
  /** Cost (MFLOPs) statistics, null when the space has no cost. */
  flops: { min: number; max: number; coverage: number; histogram: number[] } | null;
}

/** Original vs shrunk, with the comparisons between them. */
export interface Comparison {
  original: SpaceStats;
  shrunk: SpaceStats;
  goodThreshold: number;
  shrinkIndex: number;
  reductionFactor: number;
  ks: { d: number; pValue: number; method: string };
  /** Shrunk max cosine distance / original's. */
  cosineRatio: number;
  /** Whether the shrunk space holds an architecture as good as the original's best (null: original sampled). */
  keptGlobalBest: boolean | null;
  /** Unit of the headline figures (size, P(good), shrink index, KS, kept, Pareto): canonical classes. */
  unit: "classes" | "cells";
  /** Whether the shrunk space holds one of the original's top 0.1 % (count-based; null: original sampled). */
  keptTop01: boolean | null;
  /**
   * Accuracy–cost Pareto hypervolume ratio, shrunk front / original front (reference: min original accuracy,
   * max original cost); null without a cost.
   */
  paretoHypervolumeRatio: number | null;
  /** Fraction of the original's accuracy–cost Pareto-optimal classes kept; null without a cost or keys. */
  paretoFrontKept: number | null;
  /** The same figures counted in cells/genotypes (every genotype of the space), when measurable; else null. */
  cells: CellFigures | null;
}

/** Size, P(good) and shrink index counted over every genotype (cell) instead of canonical classes. */
export interface CellFigures {
  originalSize: number;
  shrunkSize: number;
  goodThreshold: number;
  pGoodOriginal: number;
  pGoodShrunk: number;
  shrinkIndex: number;
}

export interface CompareOptions {
  /** Good threshold (absolute metric value). */
  goodThreshold: number;
  /** Encoding for the cosine distance (default: the space's first). */
  encoding?: string;
  /** FLOP histogram bins (default 20). */
  bins?: number;
  /** Scale of the metric for errors (100 for accuracies in %). Default 100. */
  errorScale?: number;
  rng: Rng;
  /** The original's top fraction for `keptTop01` (default 0.001). */
  topFraction?: number;
  /** Cell-counted populations (every genotype) and their good threshold, for `cells`. */
  cells?: { original: Population; shrunk: Population; goodThreshold: number };
}

function maxOf(x: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

function minOf(x: ArrayLike<number>): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = 0; i < x.length; i++) if (x[i] < m) m = x[i];
  return m;
}

function sizeOut(size: bigint): number | string {
  return size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : size.toString();
}

/**
 * Search-space quality of a shrunk space against the original (LISSNAS paper §4.4 and §5.2–§5.4): size and
 * reduction factor, mean/max metric, P(good) and shrink index, error-EDF area and the two-sample KS test of
 * the metric's distributions, maximum cosine distance of the encodings, FLOP range coverage and histograms.
 */
export function compareSpaces(
  space: SearchSpace,
  original: Population,
  shrunk: Population,
  options: CompareOptions,
): Comparison {
  const scale = options.errorScale ?? 100;
  const errO = Float64Array.from(original.values, (v) => scale - v);
  const errLo = minOf(errO);
  const errHi = maxOf(errO);
  const bins = options.bins ?? 20;
  const encoding = options.encoding ?? space.encodings[0];
  let flopLo = 0;
  let flopHi = 0;
  if (original.costs) {
    flopLo = minOf(original.costs);
    flopHi = maxOf(original.costs);
  }
  const stats = (p: Population, label: string): SpaceStats => {
    const enc = encodeMany(space, p.archs, encoding);
    const cos = maxCosineDistance(enc, space.encodingLength(encoding), options.rng.child("cosine", label));
    const err = Float64Array.from(p.values, (v) => scale - v);
    return {
      size: sizeOut(p.size),
      measured: p.archs.length,
      complete: p.complete,
      mean: mean(p.values),
      max: maxOf(p.values),
      pGood: pGood(p.values, options.goodThreshold),
      edfArea: errHi > errLo ? edfArea(err, errLo, errHi) : Number.NaN,
      maxCosineDistance: cos.value,
      maxCosineExact: cos.exact,
      maxCosineMethod: cos.method,
      flops:
        p.costs && original.costs
          ? {
              min: minOf(p.costs),
              max: maxOf(p.costs),
              coverage: rangeCoverage(p.costs, flopLo, flopHi),
              histogram: Array.from(histogram(p.costs, flopLo, flopHi, bins).counts),
            }
          : null,
    };
  };
  const o = stats(original, "original");
  const s = stats(shrunk, "shrunk");
  const ks = ksTwoSample(shrunk.values, original.values);
  // Kept = the shrunk space holds an architecture with the original's best value (ties count: in
  // NAS-Bench-Macro several keys share one trained result). Unknown when the original was only sampled.
  const kept = original.complete && shrunk.complete ? s.max >= o.max : null;
  const complete = original.complete && shrunk.complete;
  const top = complete ? keptTopFraction(original.values, shrunk.values, options.topFraction ?? 0.001) : null;
  let hvr: number | null = null;
  let frontKept: number | null = null;
  if (original.costs && shrunk.costs && complete) {
    hvr = hypervolumeRatio(shrunk.values, shrunk.costs, original.values, original.costs);
    if (original.keys && shrunk.keys) {
      const members = new Set(shrunk.keys);
      frontKept = paretoKeptFraction(original.keys, original.values, original.costs, (k) => members.has(k));
    }
  }
  let cells: CellFigures | null = null;
  if (options.cells) {
    const c = options.cells;
    const po = pGood(c.original.values, c.goodThreshold);
    const ps = pGood(c.shrunk.values, c.goodThreshold);
    cells = {
      originalSize: c.original.archs.length,
      shrunkSize: c.shrunk.archs.length,
      goodThreshold: c.goodThreshold,
      pGoodOriginal: po,
      pGoodShrunk: ps,
      shrinkIndex: shrinkIndex(ps, po),
    };
  }
  return {
    original: o,
    shrunk: s,
    goodThreshold: options.goodThreshold,
    shrinkIndex: shrinkIndex(s.pGood, o.pGood),
    reductionFactor: reductionFactor(original.size, shrunk.size),
    ks: { d: ks.d, pValue: ks.pValue, method: ks.method },
    cosineRatio: o.maxCosineDistance > 0 ? s.maxCosineDistance / o.maxCosineDistance : Number.NaN,
    keptGlobalBest: kept,
    unit: shrunk.unit ?? "classes",
    keptTop01: top,
    paretoHypervolumeRatio: hvr,
    paretoFrontKept: frontKept,
    cells,
  };
}

/** Largest space measured completely; larger ones are measured on a uniform sample of `SAMPLE` architectures. */
export const COMPLETE_LIMIT = 1_000_000;
export const SAMPLE = 100_000;

/**
 * The original space as a population: every row of a table (genotypes, in row order), else every genotype
 * when the space can be enumerated and has at most COMPLETE_LIMIT, else SAMPLE uniform draws.
 */
export function originalPopulation(
  space: SearchSpace,
  objective: (a: Arch) => number,
  rng: Rng,
  tableArchs?: Arch[],
  cost?: (a: Arch) => number,
): Population {
  let archs: Arch[];
  let complete = true;
  if (tableArchs) archs = tableArchs;
  else if (space.enumerate && space.size() <= BigInt(COMPLETE_LIMIT)) archs = [...space.enumerate()];
  else {
    const r = rng.child("original-sample");
    archs = Array.from({ length: SAMPLE }, () => space.sample(r));
    complete = false;
  }
  return {
    size: space.size(),
    archs,
    values: Float64Array.from(archs, objective),
    costs: cost ? Float64Array.from(archs, cost) : undefined,
    complete,
    unit: complete ? "cells" : undefined,
  };
}

/**
 * A shrunk space as a population in canonical classes: every distinct canonical class of its architectures
 * (a member set's members; a product sub-space's genotypes collapsed to their classes), each valued at its
 * canonical genotype, up to COMPLETE_LIMIT architectures; else SAMPLE uniform draws (genotypes).
 */
export function shrunkPopulation(
  shrunk: SearchSpace,
  objective: (a: Arch) => number,
  rng: Rng,
  cost?: (a: Arch) => number,
  base?: SearchSpace,
): Population {
  if (shrunk.enumerate && shrunk.size() <= BigInt(COMPLETE_LIMIT)) {
    return classesOf(base ?? shrunk, shrunk.enumerate(), objective, cost);
  }
  const r = rng.child("shrunk-sample");
  const archs = Array.from({ length: SAMPLE }, () => shrunk.sample(r));
  return {
    size: shrunk.size(),
    archs,
    values: Float64Array.from(archs, objective),
    costs: cost ? Float64Array.from(archs, cost) : undefined,
    complete: false,
  };
}

/**
 * The canonical classes of a complete population of genotypes (cells): one entry per class, in order of
 * first appearance, valued at the class's canonical genotype (the value a member set gives its member).
 * A sampled population is returned unchanged.
 */
export function classPopulation(
  space: SearchSpace,
  cells: Population,
  objective: (a: Arch) => number,
  cost?: (a: Arch) => number,
): Population {
  if (!cells.complete) return cells;
  return classesOf(space, cells.archs, objective, cost);
}

/** One entry per canonical class of `archs`, in order of first appearance, valued at its canonical genotype. */
function classesOf(
  space: SearchSpace,
  all: Iterable<Arch>,
  objective: (a: Arch) => number,
  cost?: (a: Arch) => number,
): Population {
  const seen = new Set<number>();
  const archs: Arch[] = [];
  const keys: number[] = [];
  for (const a of all) {
    const k = space.key(a);
    if (seen.has(k)) continue;
    seen.add(k);
    archs.push(space.canonical(a));
    keys.push(k);
  }
  return {
    size: BigInt(archs.length),
    archs,
    values: Float64Array.from(archs, objective),
    costs: cost ? Float64Array.from(archs, cost) : undefined,
    complete: true,
    unit: "classes",
    keys: Float64Array.from(keys),
  };
}

/**
 * The cells of a shrunk space: the genotypes of a complete original population (every genotype) that the
 * shrunk space accepts (`isValid`: a member set accepts every genotype of a member class; a product
 * sub-space its product genotypes). Null when the original was sampled.
 */
export function shrunkCells(shrunk: SearchSpace, originalCells: Population): Population | null {
  if (!originalCells.complete) return null;
  const idx: number[] = [];
  for (let i = 0; i < originalCells.archs.length; i++)
    if (shrunk.isValid(originalCells.archs[i])) idx.push(i);
  return {
    size: BigInt(idx.length),
    archs: idx.map((i) => originalCells.archs[i]),
    values: Float64Array.from(idx, (i) => originalCells.values[i]),
    costs: originalCells.costs ? Float64Array.from(idx, (i) => originalCells.costs![i]) : undefined,
    complete: true,
    unit: "cells",
  };
}

/** Distinct canonical classes of a space: members of a member set, else its genotypes' classes. */
export function classCount(space: SearchSpace, base: SearchSpace): bigint {
  if (!space.enumerate || space.size() > BigInt(COMPLETE_LIMIT)) return space.uniqueSize?.() ?? space.size();
  const seen = new Set<number>();
  for (const a of space.enumerate()) seen.add(base.key(a));
  return BigInt(seen.size);
}
