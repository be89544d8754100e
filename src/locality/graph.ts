import { LissnasError, UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Objective } from "../data/evaluator.js";
import { HammingSpace } from "../spaces/hamming.js";
import { type Arch, requireCapabilities, type SearchSpace } from "../spaces/space.js";

/** Largest number of architectures the exact landscape analysis builds a graph for. */
export const LANDSCAPE_LIMIT = 2_000_000;
/** Largest number of (directed) neighbour entries the exact analysis stores. */
const EDGE_LIMIT = 100_000_000;

/**
 * The whole landscape of an enumerable space as a graph with integer nodes and typed arrays:
 * node i has value `values[i]` and neighbours `adj[offsets[i] .. offsets[i+1])`.
 *
 * - Raw graph: one node per genotype. For Hamming spaces (NB201, categorical) node i *is* the genotype code
 *   `space.code(a)` (mixed radix, position 0 least significant) and the adjacency is computed arithmetically,
 *   without building genotype objects. Other enumerable spaces are indexed in increasing `space.code` order.
 * - Canonical graph (`collapseCanonical`): one node per isomorphism class (`space.key`), in increasing key
 *   order; classes C and D are adjacent when some member of C is a neighbour of some member of D.
 *
 * `codes[i]` is the tie-break id of node i (genotype code, or class key): when local search must choose
 * between equally good neighbours it takes the lowest id.
 */
export interface LandscapeGraph {
  readonly space: SearchSpace;
  /** "raw" (genotypes) or "canonical" (isomorphism classes). */
  readonly kind: "raw" | "canonical";
  /** Raw graph of a Hamming space: node i is the genotype with mixed-radix code i. */
  readonly hamming: boolean;
  readonly n: number;
  readonly values: Float64Array;
  readonly offsets: Int32Array;
  readonly adj: Int32Array;
  /** Genotype code (raw) or class key (canonical) of each node; ascending in node order. */
  readonly codes: Float64Array;
  /** Canonical graph: how a class's value was formed ("rep" or "mean"). */
  readonly classValue?: CanonicalValue;
  /** Canonical graph: number of genotypes in each class. */
  readonly classSizes?: Int32Array;
  /** The genotype of a node (for a canonical graph, its class's canonical genotype). */
  arch(node: number): Arch;
}

/** How a canonical class gets its value: its representative's own value, or the mean over its members. */
export type CanonicalValue = "rep" | "mean";

/**
 * Builds the raw landscape graph of an enumerable space, with `objective` evaluated at every architecture.
 * Throws a one-line UsageError when the space cannot be enumerated or is too large, and the objective's own
 * LissnasError when a table lacks an architecture.
 */
export function buildLandscape(space: SearchSpace, objective: Objective): LandscapeGraph {
  requireCapabilities(space, ["enumerate"], "the exact landscape analysis");
  const size = space.size();
  if (size > BigInt(LANDSCAPE_LIMIT)) {
    throw new UsageError(
      `the exact landscape analysis handles at most ${LANDSCAPE_LIMIT} architectures; ${space.id} has ${size}`,
    );
  }
  if (space instanceof HammingSpace && space.keyExact) return buildHamming(space, objective);
  return buildGeneric(space, objective);
}

function buildHamming(space: HammingSpace, objective: Objective): LandscapeGraph {
  const n = Number(space.size());
  const L = space.genotypeLength;
  const card = space.cardinalities;
  const s = space.neighbourCount;
  if (n * s > EDGE_LIMIT)
    throw new UsageError(`${space.id}: ${n}·${s} neighbour entries exceed ${EDGE_LIMIT}`);
  const radix = new Float64Array(L);
  let place = 1;
  for (let i = 0; i < L; i++) {
    radix[i] = place;
    place *= card[i];
  }
  const values = new Float64Array(n);
  const codes = new Float64Array(n);
  const offsets = new Int32Array(n + 1);
  const adj = new Int32Array(n * s);
  const a = new Uint8Array(L);
  for (let code = 0; code < n; code++) {
    codes[code] = code;
    // a = digits of code (a is advanced as an odometer, position 0 fastest).
    if (code > 0) {
      for (let i = 0; i < L; i++) {
        if (++a[i] < card[i]) break;
        a[i] = 0;
      }
    }
    const v = objective(a);
    if (Number.isNaN(v)) throw new LissnasError(`no value for architecture ${space.format(a)}`);
    values[code] = v;
    let e = code * s;
    offsets[code] = e;
    for (let i = 0; i < L; i++) {
      const d = a[i];
      const base = code - d * radix[i];
      for (let c = 0; c < card[i]; c++) if (c !== d) adj[e++] = base + c * radix[i];
    }
  }
  offsets[n] = n * s;
  // Guard the documented code convention (a is now the last genotype, every digit at its maximum).
  if (space.code(a) !== n - 1) throw new Error(`${space.id}: code() is not the mixed-radix code`);
  const arch = (node: number): Arch => {
    const out = new Uint8Array(L);
    let k = node;
    for (let i = 0; i < L; i++) {
      out[i] = k % card[i];
      k = Math.floor(k / card[i]);
    }
    return out;
  };
  return { space, kind: "raw", hamming: true, n, values, offsets, adj, codes, arch };
}

function buildGeneric(space: SearchSpace, objective: Objective): LandscapeGraph {
  const archs = [...space.enumerate!()];
  const n = archs.length;
  const order = archs.map((a, i) => ({ code: space.code(a), i })).sort((x, y) => x.code - y.code);
  const sorted = order.map((o) => archs[o.i]);
  const index = new Map<number, number>();
  const codes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = order[i].code;
    index.set(order[i].code, i);
  }
  const values = new Float64Array(n);
  const offsets = new Int32Array(n + 1);
  const lists: Int32Array[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    values[i] = objective(sorted[i]);
    if (Number.isNaN(values[i]))
      throw new LissnasError(`no value for architecture ${space.format(sorted[i])}`);
    const nb = space.neighbours(sorted[i]);
    const list = new Int32Array(nb.length);
    for (let j = 0; j < nb.length; j++) {
      const k = index.get(space.code(nb[j]));
      if (k === undefined) throw new Error(`${space.id}: neighbour ${space.format(nb[j])} is not enumerated`);
      list[j] = k;
    }
    lists.push(list);
    total += list.length;
    if (total > EDGE_LIMIT) throw new UsageError(`${space.id}: more than ${EDGE_LIMIT} neighbour entries`);
  }
  const adj = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    offsets[i + 1] = offsets[i] + lists[i].length;
    adj.set(lists[i], offsets[i]);
  }
  return {
    space,
    kind: "raw",
    hamming: false,
    n,
    values,
    offsets,
    adj,
    codes,
    arch: (node) => sorted[node].slice(),
  };
}

/** A copy of `graph` whose values are a uniformly random permutation of its values (seeded; no locality). */
export function permuteValues(graph: LandscapeGraph, rng: Rng): LandscapeGraph {
  const values = rng.shuffle(Float64Array.from(graph.values));
  return { ...graph, values };
}

/**
 * Collapses a raw graph to isomorphism classes (see LandscapeGraph). A class's value is, with "rep", the value
 * of its canonical representative genotype `space.canonical(a)` (for NB201 the cell with the smallest code in
 * the class, i.e. the table row of that cell), or with "mean" the mean value over all genotypes of the class.
 */
export function collapseCanonical(raw: LandscapeGraph, classValue: CanonicalValue = "rep"): LandscapeGraph {
  if (raw.kind !== "raw") throw new UsageError("the graph is already canonical");
  const space = raw.space;
  const n = raw.n;
  const keyOf = new Float64Array(n);
  const repOf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = raw.arch(i);
    keyOf[i] = space.key(a);
    repOf[i] = space.code(space.canonical(a));
  }
  const keys = Float64Array.from(new Set(keyOf)).sort();
  const m = keys.length;
  const classIndex = new Map<number, number>();
  for (let c = 0; c < m; c++) classIndex.set(keys[c], c);
  const cls = new Int32Array(n);
  const sizes = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    cls[i] = classIndex.get(keyOf[i])!;
    sizes[cls[i]]++;
  }
  // Raw node of each code (for the representative's value), and one member per class (for `arch`).
  const nodeOfCode = new Map<number, number>();
  for (let i = 0; i < n; i++) nodeOfCode.set(raw.codes[i], i);
  const someMember = new Int32Array(m).fill(-1);
  for (let i = 0; i < n; i++) if (someMember[cls[i]] < 0) someMember[cls[i]] = i;
  const values = new Float64Array(m);
  if (classValue === "mean") {
    const sum = new Float64Array(m);
    for (let i = 0; i < n; i++) sum[cls[i]] += raw.values[i];
    for (let c = 0; c < m; c++) values[c] = sum[c] / sizes[c];
  } else {
    const done = new Uint8Array(m);
    for (let i = 0; i < n; i++) {
      const c = cls[i];
      if (done[c]) continue;
      const r = nodeOfCode.get(repOf[i]);
      if (r === undefined) throw new Error(`${space.id}: canonical representative is not enumerated`);
      values[c] = raw.values[r];
      done[c] = 1;
    }
  }
  // Members grouped by class (counting sort), then class adjacency deduplicated with a stamp array.
  const start = new Int32Array(m + 1);
  for (let c = 0; c < m; c++) start[c + 1] = start[c] + sizes[c];
  const fill = start.slice(0, m);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[cls[i]]++] = i;
  const stamp = new Int32Array(m).fill(-1);
  const offsets = new Int32Array(m + 1);
  let buf = new Int32Array(Math.max(16, raw.adj.length));
  let e = 0;
  for (let c = 0; c < m; c++) {
    offsets[c] = e;
    stamp[c] = c;
    const from = e;
    for (let p = start[c]; p < start[c + 1]; p++) {
      const u = members[p];
      for (let q = raw.offsets[u]; q < raw.offsets[u + 1]; q++) {
        const d = cls[raw.adj[q]];
        if (stamp[d] === c) continue;
        stamp[d] = c;
        if (e === buf.length) {
          const bigger = new Int32Array(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        buf[e++] = d;
      }
    }
    buf.subarray(from, e).sort();
  }
  offsets[m] = e;
  return {
    space,
    kind: "canonical",
    hamming: false,
    n: m,
    values,
    offsets,
    adj: buf.slice(0, e),
    codes: keys,
    classValue,
    classSizes: sizes,
    arch: (c) => space.canonical(raw.arch(someMember[c])),
  };
}
