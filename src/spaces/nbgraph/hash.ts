/**
 * NAS-Bench-Graph's canonicalisation (Qin et al., NeurIPS 2022 Datasets & Benchmarks; THUMNLab/
 * NAS-Bench-Graph, `architecture.py`: `Arch.valid_hash` = regularize → move_skip_op → equalpart_sort →
 * hash_arch), re-implemented step by step so that every (link, ops) pair reaches the benchmark's own key.
 *
 * An architecture is 4 computing nodes; `link[i]` is node i+1's input (0 = the graph input, k = node k), and
 * `ops[i]` its GNN operation, an index into NBGRAPH_OPS. The key is `linkIndex · 10^4 + Σ ops[i] · 10^(3−i)`
 * (base 10 = 9 ops + 1, as the benchmark computes it), with `linkIndex` the position in NBGRAPH_LINKS.
 */

/** The benchmark's GNN operations, in its `gnn_list` order (the key's digits). */
export const NBGRAPH_OPS = ["gat", "gcn", "gin", "cheb", "sage", "arma", "graph", "fc", "skip"] as const;
/** The operations of the proteins dataset (`gnn_list_proteins`). */
export const NBGRAPH_OPS_PROTEINS = ["gcn", "sage", "arma", "fc", "skip"] as const;
export const OP_SKIP = 8;

/** The 9 canonical link patterns (`link_list`), in key order. */
export const NBGRAPH_LINKS: ReadonlyArray<readonly number[]> = [
  [0, 0, 0, 0],
  [0, 0, 0, 1],
  [0, 0, 1, 1],
  [0, 0, 1, 2],
  [0, 0, 1, 3],
  [0, 1, 1, 1],
  [0, 1, 1, 2],
  [0, 1, 2, 2],
  [0, 1, 2, 3],
];

/** The other 15 link patterns → (canonical pattern, op permutation), as the benchmark's `regularize`. */
const REGULARIZE: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ["0002", "0001", [1, 0, 2, 3]],
  ["0003", "0001", [2, 0, 1, 3]],
  ["0010", "0001", [0, 1, 3, 2]],
  ["0020", "0001", [1, 0, 3, 2]],
  ["0021", "0012", [1, 0, 2, 3]],
  ["0022", "0011", [1, 0, 2, 3]],
  ["0023", "0013", [1, 0, 2, 3]],
  ["0100", "0001", [0, 2, 3, 1]],
  ["0101", "0011", [0, 2, 1, 3]],
  ["0102", "0013", [0, 2, 1, 3]],
  ["0103", "0012", [0, 2, 1, 3]],
  ["0110", "0011", [0, 3, 1, 2]],
  ["0113", "0112", [0, 2, 1, 3]],
  ["0120", "0013", [0, 3, 1, 2]],
  ["0121", "0112", [0, 1, 3, 2]],
];

const LINK_INDEX = new Map(NBGRAPH_LINKS.map((l, i) => [l.join(""), i]));

/** Index of a link pattern in NBGRAPH_LINKS, or −1. */
export function linkIndex(link: readonly number[]): number {
  return LINK_INDEX.get(link.join("")) ?? -1;
}

/** Any of the 24 valid link patterns → one of the 9, with the ops permuted alike (`regularize`). */
export function regularize(link: number[], ops: number[]): { link: number[]; ops: number[] } {
  const key = link.join("");
  for (const [from, to, perm] of REGULARIZE) {
    if (from === key) return { link: [...to].map(Number), ops: perm.map((p) => ops[p]) };
  }
  return { link: link.slice(), ops: ops.slice() };
}

/** Whether node k's value is the graph input itself (skip all the way down: `check_dim`). */
function isInputDim(k: number, link: number[], ops: number[]): boolean {
  while (k > -1) {
    if (ops[k] !== OP_SKIP) return false;
    k = link[k] - 1;
  }
  return true;
}

/** Moves node k to the front (`move_one`), renumbering links; updates in the same order as the original. */
function moveOne(k: number, link: number[], ops: number[]): { link: number[]; ops: number[] } {
  const nextOps = [ops[k], ...ops.slice(0, k), ...ops.slice(k + 1)];
  for (let i = 0; i < link.length; i++) {
    const father = link[i];
    if (father === k + 1) link[i] = link[k];
    if (father <= k) link[i] = link[i] + 1;
  }
  return { link: [0, ...link.slice(0, k), ...link.slice(k + 1)], ops: nextOps };
}

/** Moves skip nodes forward (`move_skip_op`). */
function moveSkip(link0: number[], ops0: number[]): { link: number[]; ops: number[] } {
  let link = link0.slice();
  let ops = ops0.slice();
  for (let i = 0; i < link.length; i++) {
    if (ops[i] !== OP_SKIP) continue;
    let son = false;
    let brother = false;
    for (let j = 0; j < link.length; j++) {
      if (link[j] === i + 1) son = true;
      else if (j !== i && link[j] === link[i]) brother = true;
    }
    if (son || !brother || (isInputDim(i, link, ops) && !son)) ({ link, ops } = moveOne(i, link, ops));
  }
  const key = link.join("");
  if (key === "0121") return { link: [0, 1, 1, 2], ops: [ops[0], ops[1], ops[3], ops[2]] };
  if (key === "0113") return { link: [0, 1, 1, 2], ops: [ops[0], ops[2], ops[1], ops[3]] };
  return { link, ops };
}

/** Sorts the ops of interchangeable nodes (`equalpart_sort`). */
function equalPartSort(link: number[], ops0: number[]): number[] {
  let ops = ops0.slice();
  const key = link.join("");
  const ids: Record<string, number[]> = {
    "0000": [0, 1, 2, 3],
    "0001": [1, 2],
    "0011": [2, 3],
    "0111": [1, 2, 3],
    "0122": [2, 3],
  };
  if (key === "0012") {
    if (ops0[0] > ops0[1] || (ops0[0] === ops0[1] && ops0[2] > ops0[3]))
      ops = [ops[1], ops[0], ops[3], ops[2]];
  } else if (ids[key]) {
    const sorted = ids[key].map((i) => ops[i]).sort((x, y) => x - y);
    ids[key].forEach((pos, t) => {
      ops[pos] = sorted[t];
    });
  }
  return ops;
}

/**
 * The benchmark's key of an architecture (`Arch(link, ops).valid_hash()`); `link` is any of the 24 valid
 * patterns, `ops` global op indices.
 */
export function validHash(link: readonly number[], ops: readonly number[]): number {
  const r = regularize([...link], [...ops]);
  const m = moveSkip(r.link, r.ops);
  const sorted = equalPartSort(m.link, m.ops);
  const li = linkIndex(m.link);
  if (li < 0) throw new Error(`nbgraph: link ${m.link.join(" ")} left no canonical pattern`);
  let h = li;
  for (const o of sorted) h = h * 10 + o;
  return h;
}
