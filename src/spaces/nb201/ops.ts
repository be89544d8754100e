/**
 * NAS-Bench-201 (Dong & Yang, ICLR 2020): a 4-node cell DAG whose 6 edges each carry one of 5 operations.
 *
 * Genotype position i is the edge of the official string's i-th slot:
 * `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` → edges (0→1), (0→2), (1→2), (0→3), (1→3), (2→3).
 * Operation indices follow NB201's own order (the order of `NAS_BENCH_201` in the official code).
 */
export const NB201_OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"] as const;
export type Nb201Op = (typeof NB201_OPS)[number];

export const OP_NONE = 0;
export const OP_SKIP = 1;
export const OP_CONV1 = 2;
export const OP_CONV3 = 3;
export const OP_POOL = 4;

/** [from, to] node of each genotype position. */
export const NB201_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
];

/** Input→output paths as lists of genotype positions, shortest first. */
export const NB201_PATHS: ReadonlyArray<readonly number[]> = [[3], [0, 4], [1, 5], [0, 2, 5]];

/**
 * NASLib orders the same operations differently: ['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1',
 * 'avg_pool_3x3'] (its `OP_NAMES`), over the same edge order. `NASLIB_TO_NB201[i]` is the NB201 index of
 * NASLib's op i.
 */
export const NASLIB_TO_NB201: readonly number[] = [OP_SKIP, OP_NONE, OP_CONV3, OP_CONV1, OP_POOL];
