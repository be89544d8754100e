/**
 * The DARTS / NAS-Bench-301 cell space (Liu et al., ICLR 2019; Siems et al., NB301 2020), as NASLib's
 * compact representation writes it: `[[(input, op) × 8], [(input, op) × 8]]`, the normal cell then the
 * reduction cell. Pair 2k and 2k+1 are the two inputs of intermediate node k (k = 0..3); an input is 0
 * (the cell's first input, c_{k−2}), 1 (c_{k−1}) or 2 + j (intermediate node j < k). Operation indices
 * follow NASLib's `convert_genotype_to_compact` list (naslib/search_spaces/nasbench301/conversions.py).
 */
export const DARTS_OPS = [
  "max_pool_3x3",
  "avg_pool_3x3",
  "skip_connect",
  "sep_conv_3x3",
  "sep_conv_5x5",
  "dil_conv_3x3",
  "dil_conv_5x5",
] as const;

export const OP_MAX_POOL = 0;
export const OP_AVG_POOL = 1;
export const OP_SKIP = 2;
export const OP_SEP3 = 3;
export const OP_SEP5 = 4;
export const OP_DIL3 = 5;
export const OP_DIL5 = 6;

export const N_OPS = DARTS_OPS.length;
/** Intermediate nodes per cell. */
export const N_NODES = 4;
/** (input, op) pairs per cell. */
export const PAIRS = 2 * N_NODES;
/** Genotype positions per cell: an input and an op per pair. */
export const CELL_LENGTH = 2 * PAIRS;
export const CELL_NAMES = ["normal", "reduction"] as const;

/** Genotype position of pair `j`'s input in cell `c` (its op is the next position). */
export function inputPos(cell: number, pair: number): number {
  return cell * CELL_LENGTH + 2 * pair;
}

/** Cardinalities of the 32 genotype positions: node k's inputs have k + 2 choices, ops 7. */
export function dartsCardinalities(): number[] {
  const out: number[] = [];
  for (let c = 0; c < 2; c++) {
    for (let j = 0; j < PAIRS; j++) out.push((j >> 1) + 2, N_OPS);
  }
  return out;
}
