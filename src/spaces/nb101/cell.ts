/**
 * The NB101 genotype layout and the cell operations every other NB101 module builds on.
 *
 * Genotype (26 bytes, fixed): a 7-slot cell whose slot 0 is the input and slot 6 the output.
 * - positions 0..20: the adjacency bits of the upper triangle of the 7×7 matrix, row by row:
 *   (0,1), (0,2), …, (0,6), (1,2), …, (1,6), …, (5,6); 1 = an edge from the row slot to the column slot;
 * - positions 21..25: the operation of internal slots 1..5: 0 conv3x3-bn-relu, 1 conv1x1-bn-relu,
 *   2 maxpool3x3, 3 absent (the slot holds no vertex and must have no edge).
 *
 * A slot with an operation but not on an input→output path is *dangling* (as in naszilla's raw 7×7
 * cells): it is part of the genotype but pruned from the cell that is hashed, encoded and trained.
 * Pruning keeps the vertices reachable from the input and reaching the output, in slot order; the pruned
 * cell is "compact": vertices 0..n−1, 0 the input, n−1 the output, `outs[i]` the bitmask of i's successors.
 */

/** Slots of the padded cell. */
export const NB101_SLOTS = 7;
/** Most edges of a valid (pruned) cell. */
export const NB101_MAX_EDGES = 9;
/** Adjacency positions in the genotype. */
export const ADJ_BITS = 21;
/** Internal slots (1..5), each with an op position. */
export const OP_SLOTS = 5;
export const GENOTYPE_LENGTH = ADJ_BITS + OP_SLOTS;

export const OP_CONV3 = 0;
export const OP_CONV1 = 1;
export const OP_POOL = 2;
/** Op value of an empty slot. */
export const OP_ABSENT = 3;

/** Official NAS-Bench-101 op names, by op index. */
export const NB101_OPS = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"] as const;
/** Hash labels of the input and output vertices (internal vertices use their op index). */
export const LABEL_INPUT = -1;
export const LABEL_OUTPUT = -2;

/** POS[i * 7 + j]: the genotype position of edge i→j (i < j), else −1. */
export const POS = new Int8Array(49).fill(-1);
/** Source and destination slot of each adjacency position. */
export const EDGE_SRC = new Uint8Array(ADJ_BITS);
export const EDGE_DST = new Uint8Array(ADJ_BITS);
{
  let k = 0;
  for (let i = 0; i < NB101_SLOTS; i++) {
    for (let j = i + 1; j < NB101_SLOTS; j++) {
      POS[i * 7 + j] = k;
      EDGE_SRC[k] = i;
      EDGE_DST[k] = j;
      k++;
    }
  }
}

/** Number of set bits of a small integer. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
}

/** Writes each slot's successor bitmask (over slots) into `om[0..7)`. */
export function slotMasks(a: Uint8Array, om: Uint8Array): void {
  let k = 0;
  for (let i = 0; i < NB101_SLOTS; i++) {
    let m = 0;
    for (let j = i + 1; j < NB101_SLOTS; j++) {
      if (a[k++]) m |= 1 << j;
    }
    om[i] = m;
  }
}

/**
 * Bitmask of the live vertices of an upper-triangular cell with `n` vertices (0 input, n−1 output) given by
 * successor masks: those reachable from the input that reach the output. 0 when the output is unreachable.
 */
export function liveMask(om: Uint8Array, n: number): number {
  let reach = 1;
  for (let i = 0; i < n; i++) if ((reach >>> i) & 1) reach |= om[i];
  const last = n - 1;
  if (!((reach >>> last) & 1)) return 0;
  let co = 1 << last;
  for (let i = last - 1; i >= 0; i--) if (om[i] & co) co |= 1 << i;
  return reach & co;
}

const scratchOm = new Uint8Array(NB101_SLOTS);

/**
 * Prunes a genotype into the compact cell (`outs`, `labels`, 0..n−1) and returns n, or 0 when the genotype
 * is malformed or has no input→output path. Does not check the edge limit (see `compactEdges`).
 */
export function pruneGenotype(a: Uint8Array, outs: Uint8Array, labels: Int8Array): number {
  if (a.length !== GENOTYPE_LENGTH) return 0;
  const om = scratchOm;
  slotMasks(a, om);
  const live = liveMask(om, NB101_SLOTS);
  if (live === 0) return 0;
  // compact index of each live slot
  let n = 0;
  let idx = 0; // 4 bits per slot
  for (let s = 0; s < NB101_SLOTS; s++) {
    if ((live >>> s) & 1) {
      idx |= n << (s * 4);
      n++;
    }
  }
  let c = 0;
  for (let s = 0; s < NB101_SLOTS; s++) {
    if (!((live >>> s) & 1)) continue;
    const m = om[s] & live;
    let cm = 0;
    for (let t = s + 1; t < NB101_SLOTS; t++) if ((m >>> t) & 1) cm |= 1 << ((idx >>> (t * 4)) & 15);
    outs[c] = cm;
    labels[c] = s === 0 ? LABEL_INPUT : s === 6 ? LABEL_OUTPUT : a[ADJ_BITS + s - 1];
    c++;
  }
  return n;
}

/** Number of edges of a compact cell. */
export function compactEdges(outs: Uint8Array, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) e += popcount(outs[i]);
  return e;
}

/**
 * Whether `a` is a valid genotype: 26 positions in range, absent slots without edges, an input→output
 * path, and at most 9 edges once pruned (dangling edges do not count, as in nasbench's ModelSpec).
 */
export function isValidGenotype(a: Uint8Array): boolean {
  return genotypeProblem(a) === undefined;
}

const scratchOuts = new Uint8Array(NB101_SLOTS);
const scratchLabels = new Int8Array(NB101_SLOTS);

/** Why `a` is not a valid genotype, or undefined when it is. */
export function genotypeProblem(a: Uint8Array): string | undefined {
  if (!(a instanceof Uint8Array) || a.length !== GENOTYPE_LENGTH) {
    return `a genotype has ${GENOTYPE_LENGTH} positions`;
  }
  for (let k = 0; k < ADJ_BITS; k++) if (a[k] > 1) return `adjacency position ${k} must be 0 or 1`;
  const om = scratchOm;
  slotMasks(a, om);
  for (let s = 1; s <= OP_SLOTS; s++) {
    const op = a[ADJ_BITS + s - 1];
    if (op > OP_ABSENT) return `op of vertex ${s} must be 0..3`;
    if (op === OP_ABSENT) {
      let inc = om[s];
      for (let i = 0; i < s; i++) inc |= om[i] & (1 << s);
      if (inc) return `absent vertex ${s} has an edge`;
    }
  }
  const n = pruneGenotype(a, scratchOuts, scratchLabels);
  if (n === 0) return "no input→output path";
  const e = compactEdges(scratchOuts, n);
  if (e > NB101_MAX_EDGES) return `${e} edges on input→output paths (at most ${NB101_MAX_EDGES})`;
  return undefined;
}

/**
 * Builds the genotype of a compact cell placed in slots by `slotOf` (compact vertex → slot; the input must
 * go to slot 0 and the output to slot 6). Unused internal slots are absent.
 */
export function genotypeFromCompact(
  n: number,
  outs: Uint8Array,
  labels: Int8Array,
  slotOf: ArrayLike<number>,
  a: Uint8Array = new Uint8Array(GENOTYPE_LENGTH),
): Uint8Array {
  a.fill(0, 0, ADJ_BITS);
  a.fill(OP_ABSENT, ADJ_BITS, GENOTYPE_LENGTH);
  for (let i = 0; i < n; i++) {
    const si = slotOf[i];
    if (labels[i] >= 0) a[ADJ_BITS + si - 1] = labels[i];
    const m = outs[i];
    for (let j = i + 1; j < n; j++) if ((m >>> j) & 1) a[POS[si * 7 + slotOf[j]]] = 1;
  }
  return a;
}

/**
 * The genotype code: adjacency position k at bit k, the op of slot s (1..5) at bits 21 + 2(s − 1). A
 * 31-bit non-negative integer, one per genotype. `fromGenotypeCode` inverts it.
 */
export function genotypeCode(a: Uint8Array): number {
  let c = 0;
  for (let k = 0; k < ADJ_BITS; k++) c |= a[k] << k;
  for (let s = 0; s < OP_SLOTS; s++) c |= a[ADJ_BITS + s] << (ADJ_BITS + 2 * s);
  return c >>> 0;
}

export function fromGenotypeCode(code: number, a: Uint8Array = new Uint8Array(GENOTYPE_LENGTH)): Uint8Array {
  for (let k = 0; k < ADJ_BITS; k++) a[k] = (code >>> k) & 1;
  for (let s = 0; s < OP_SLOTS; s++) a[ADJ_BITS + s] = (code >>> (ADJ_BITS + 2 * s)) & 3;
  return a;
}

// ---------------------------------------------------------------------------------------------------------
// Canonical vertex order

/**
 * The canonical ordering of a compact cell: among all orders of its internal vertices that keep the matrix
 * upper-triangular (topological orders), the one whose canonical genotype has the largest adjacency read
 * row by row as a binary number (position 0 most significant), ties broken by the smallest op sequence
 * (slot 1 first). Writes compact vertex → slot into `slotOf`.
 *
 * Every isomorphic copy of a cell gets the same canonical genotype, and non-isomorphic cells different
 * ones, so canonical genotypes (and their codes) identify isomorphism classes exactly.
 */
export function canonicalOrder(n: number, outs: Uint8Array, labels: Int8Array, slotOf: Int8Array): void {
  slotOf[0] = 0;
  slotOf[n - 1] = 6;
  const m = n - 2;
  if (m <= 0) return;
  const ins = canonIns;
  for (let v = 0; v < n; v++) ins[v] = 0;
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) if ((outs[u] >>> v) & 1) ins[v] |= 1 << u;
  bestAdj = -1;
  bestOps = 0;
  search(n, outs, labels, 0, 1);
  for (let k = 0; k < m; k++) slotOf[bestPerm[k]] = k + 1;
}

const canonIns = new Uint8Array(NB101_SLOTS);
const perm = new Int8Array(OP_SLOTS);
const bestPerm = new Int8Array(OP_SLOTS);
let bestAdj = -1;
let bestOps = 0;

/** Depth-first over topological orders; `placed` is the bitmask of compact vertices already in slots. */
function search(n: number, outs: Uint8Array, labels: Int8Array, depth: number, placed: number): void {
  const m = n - 2;
  if (depth === m) {
    const adj = adjacencyScore(n, outs);
    let ops = 0;
    for (let k = 0; k < m; k++) ops = ops * 4 + labels[perm[k]];
    if (adj > bestAdj || (adj === bestAdj && ops < bestOps)) {
      bestAdj = adj;
      bestOps = ops;
      for (let k = 0; k < m; k++) bestPerm[k] = perm[k];
    }
    return;
  }
  for (let v = 1; v <= m; v++) {
    if ((placed >>> v) & 1) continue;
    if ((canonIns[v] & ~placed) !== 0) continue;
    perm[depth] = v;
    search(n, outs, labels, depth + 1, placed | (1 << v));
  }
}

const slotScratch = new Int8Array(NB101_SLOTS);

/** The adjacency of the current `perm` as the 21-bit number with genotype position 0 most significant. */
function adjacencyScore(n: number, outs: Uint8Array): number {
  const m = n - 2;
  const slot = slotScratch;
  slot[0] = 0;
  slot[n - 1] = 6;
  for (let k = 0; k < m; k++) slot[perm[k]] = k + 1;
  let score = 0;
  for (let u = 0; u < n; u++) {
    const o = outs[u];
    if (o === 0) continue;
    const su = slot[u] * 7;
    for (let v = u + 1; v < n; v++) if ((o >>> v) & 1) score |= 1 << (20 - POS[su + slot[v]]);
  }
  return score;
}

/** The 21-bit adjacency score (position 0 most significant) of a genotype, as used by `canonicalOrder`. */
export function genotypeAdjacencyScore(a: Uint8Array): number {
  let s = 0;
  for (let k = 0; k < ADJ_BITS; k++) s = s * 2 + a[k];
  return s;
}
