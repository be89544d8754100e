/**
 * Structural encodings of a NAS-Bench-Graph architecture (issue 14, fourth pass; docs/shrink.md).
 *
 * The one-hot (link, ops) encoding gives "op at node 3" one feature whatever the link pattern, although the
 * node's role — how deep it sits, whether it feeds the output, what it is stacked on — depends on the pattern.
 * These encodings describe the graph instead. Node i (0..3) reads `link[i]` (0 = the graph input, k = node k);
 * the nodes no other node reads feed the output, so each such leaf closes one input→output path: the chain of
 * ops from the input down to it. `skip` is the identity, so it is left out of paths and depths; a path of
 * skips only is not counted (the benchmark's `valid_hash` puts e.g. 0-0-0-0:skip-gat-gat-gat, whose skip
 * leaf feeds the input to the output, in the class of 0-1-1-1:skip-gat-gat-gat, which has no such path).
 *
 * - `path` (BANANAS-style path encoding, White et al., AAAI 2021, truncated to length ≤ 2): the link-pattern
 *   one-hot, then per distinct op sequence of length 1 or 2 the number of input→output paths that spell it
 *   (n + n² features); longer paths are counted by their last two ops (what the output is stacked on).
 * - `struct`: the link-pattern one-hot, per op its count, per (op, depth 1..4) and per (op, feeds the output)
 *   the number of nodes, and per (op read, op reading it) the number of edges, the input counting as an op.
 *
 * Written by hand: no library encodes this benchmark's graphs. Past the link one-hot, both are functions of
 * the graph alone (skip as the identity), and they agree on every pair and its `valid_hash` representative;
 * the space encodes the canonical pair, so every member of a class gets its class's encoding
 * (test/spaces/nbgraph/encoding.test.ts checks both over all 59,040 pairs).
 */

/** The structural encodings, by name. */
export const STRUCTURAL_ENCODINGS = ["path", "struct"] as const;
export type StructuralEncoding = (typeof STRUCTURAL_ENCODINGS)[number];

/** Width of a structural encoding for `nOps` operations and 9 link patterns. */
export function structuralLength(encoding: StructuralEncoding, nOps: number): number {
  if (encoding === "path") return 9 + nOps + nOps * nOps;
  return 9 + nOps + 4 * nOps + nOps + (nOps + 1) * nOps;
}

/** Per node (0..3): the nearest non-skip node it reads (−1: the input) and its depth in non-skip ops. */
function effectiveParents(link: readonly number[], ops: ArrayLike<number>, skip: number) {
  const parent = new Int8Array(4);
  const depth = new Int8Array(4);
  for (let i = 0; i < 4; i++) {
    let p = link[i] - 1;
    while (p >= 0 && ops[p] === skip) p = link[p] - 1;
    parent[i] = p;
    depth[i] = (p < 0 ? 0 : depth[p]) + (ops[i] === skip ? 0 : 1);
  }
  return { parent, depth };
}

/** Whether node i feeds the output (no node reads it). */
function isLeaf(link: readonly number[], i: number): boolean {
  for (let j = 0; j < 4; j++) if (link[j] === i + 1) return false;
  return true;
}

/**
 * Writes the structural encoding of (link pattern `linkIdx` = `link`, `ops`) into `out` at `offset`
 * (zeroing its width first). `ops` are the space's op indices (0..nOps−1), `skip` the index of `skip`.
 */
export function encodeStructure(
  encoding: StructuralEncoding,
  linkIdx: number,
  link: readonly number[],
  ops: ArrayLike<number>,
  nOps: number,
  skip: number,
  out: Float32Array,
  offset: number,
): void {
  out.fill(0, offset, offset + structuralLength(encoding, nOps));
  out[offset + linkIdx] = 1;
  const base = offset + 9;
  const { parent, depth } = effectiveParents(link, ops, skip);
  if (encoding === "path") {
    for (let i = 0; i < 4; i++) {
      if (!isLeaf(link, i)) continue;
      // the last two non-skip ops of the chain ending at node i
      const last = ops[i] === skip ? parent[i] : i;
      const prev = last < 0 ? -1 : parent[last];
      if (last < 0) continue; // skips only: the benchmark's valid_hash ignores such a path (see the header)
      if (prev < 0) out[base + ops[last]] += 1;
      else out[base + nOps + ops[prev] * nOps + ops[last]] += 1;
    }
    return;
  }
  const atDepth = base + nOps;
  const atLeaf = atDepth + 4 * nOps;
  const edges = atLeaf + nOps;
  for (let i = 0; i < 4; i++) {
    const o = ops[i];
    out[base + o] += 1;
    if (isLeaf(link, i)) {
      const last = o === skip ? parent[i] : i; // a skip leaf passes its nearest non-skip ancestor on
      if (last >= 0) out[atLeaf + ops[last]] += 1;
    }
    if (o === skip) continue;
    out[atDepth + (depth[i] - 1) * nOps + o] += 1;
    const p = parent[i];
    out[edges + (p < 0 ? nOps : ops[p]) * nOps + o] += 1;
  }
}
