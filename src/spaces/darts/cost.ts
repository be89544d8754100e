import { UsageError } from "../../core/errors.js";
import type { Arch, Cost } from "../space.js";
import {
  inputPos,
  N_OPS,
  OP_AVG_POOL,
  OP_DIL3,
  OP_DIL5,
  OP_MAX_POOL,
  OP_SEP3,
  OP_SEP5,
  OP_SKIP,
  PAIRS,
} from "./ops.js";

/**
 * Analytic FLOPs and parameters of NASLib's NAS-Bench-301 CIFAR-10 network (naslib/search_spaces/
 * nasbench301/graph.py, `NasBench301SearchSpace`), the network NASLib measured the `flops`/`params` columns
 * of zc_nasbench301.json on: 32×32×3 input; stem 3×3 conv to 96 channels + BN; 8 cells (normal, normal,
 * reduction, normal, normal, reduction, normal, normal) with C = 32, 32, 64, 64, 64, 128, 128, 128; each cell
 * input preprocessed by ReLU–1×1 conv–BN (affine) from the previous cell's 4C channels (3C = 96 from the stem),
 * or by an affine FactorizedReduce where the resolution halves; global average pooling and a linear layer
 * 512 → 10. No auxiliary head (NASLib adds it only in `prepare_evaluation`).
 *
 * Cell operations (affine-free BN, so no parameters): sep_conv_k = twice (ReLU, k×k depthwise, 1×1 conv, BN);
 * dil_conv_k = once (ReLU, dilated k×k depthwise, 1×1, BN); max/avg pool 3×3 + BN; skip = identity, or an
 * affine-free FactorizedReduce (two 1×1 convs C → C/2 at stride 2) on a reduction cell's stride-2 edges.
 * Stride 2 applies to the reduction cell's edges from its two inputs.
 *
 * FLOP convention (the one that reproduces NASLib's measurements): a convolution costs its multiply–
 * accumulates (C_in/groups · k² per output element, no bias); BN, ReLU and a node's two-input sum cost one per
 * element (ReLU per *input* element); a k×k pool costs k² per output element; the linear layer its MACs.
 * NASLib's counter adds 8,704 FLOPs per network that this model does not place (≤ 0.008 % of any row);
 * docs/spaces.md has the check against all 725 rows.
 */

interface Acc {
  flops: number;
  params: number;
}

/** Stages: channels C and spatial size H of each of the 8 cells, and whether it reduces. */
const CELLS: ReadonlyArray<readonly [c: number, h: number, reduction: 0 | 1]> = [
  [32, 32, 0],
  [32, 32, 0],
  [64, 16, 1],
  [64, 16, 0],
  [64, 16, 0],
  [128, 8, 1],
  [128, 8, 0],
  [128, 8, 0],
];

/** ReLU–1×1 conv–BN(affine) from cIn to cOut channels at h×h. */
function reluConvBn(acc: Acc, cIn: number, cOut: number, h: number): void {
  const hw = h * h;
  acc.flops += cIn * hw + cIn * cOut * hw + cOut * hw;
  acc.params += cIn * cOut + 2 * cOut;
}

/** ReLU, two 1×1 stride-2 convs to cOut/2 each (concatenated), BN; input hIn×hIn. */
function factorizedReduce(acc: Acc, cIn: number, cOut: number, hIn: number, affine: boolean): void {
  const hw = (hIn / 2) * (hIn / 2);
  acc.flops += cIn * hIn * hIn + cIn * cOut * hw + cOut * hw;
  acc.params += cIn * cOut + (affine ? 2 * cOut : 0);
}

/** One cell operation with C channels, output h×h, stride s. */
function cellOp(acc: Acc, op: number, c: number, h: number, s: number): void {
  const out = c * h * h;
  const relu = out * s * s;
  switch (op) {
    case OP_MAX_POOL:
    case OP_AVG_POOL:
      acc.flops += 9 * out + out;
      return;
    case OP_SKIP:
      if (s === 2) factorizedReduce(acc, c, c, h * 2, false);
      return;
    case OP_SEP3:
    case OP_SEP5: {
      const k2 = op === OP_SEP3 ? 9 : 25;
      acc.flops += relu + k2 * out + c * out + out + (out + k2 * out + c * out + out);
      acc.params += 2 * (c * k2 + c * c);
      return;
    }
    case OP_DIL3:
    case OP_DIL5: {
      const k2 = op === OP_DIL3 ? 9 : 25;
      acc.flops += relu + k2 * out + c * out + out;
      acc.params += c * k2 + c * c;
      return;
    }
  }
}

/** The preprocessing edges of the makrograph (fixed for every architecture). */
function preprocessing(acc: Acc): void {
  // Stem: 3×3 conv 3 → 96 and BN at 32×32.
  acc.flops += 96 * 27 * 1024 + 96 * 1024;
  acc.params += 96 * 27 + 2 * 96;
  // Stage 1 (C = 32, 32×32): the stem feeds node 3 and cells 1 and 2; cell 1 feeds cell 2.
  for (let i = 0; i < 3; i++) reluConvBn(acc, 96, 32, 32);
  reluConvBn(acc, 128, 32, 32);
  // Reduction cell 1 (C = 64) reads both normal cells at 32×32.
  reluConvBn(acc, 128, 64, 32);
  reluConvBn(acc, 128, 64, 32);
  // Stage 2 (C = 64, 16×16): cell 2 is reduced for cell 4; three 256 → 64 edges.
  factorizedReduce(acc, 128, 64, 32, true);
  for (let i = 0; i < 3; i++) reluConvBn(acc, 256, 64, 16);
  // Reduction cell 2 (C = 128) reads the two stage-2 normal cells at 16×16.
  reluConvBn(acc, 256, 128, 16);
  reluConvBn(acc, 256, 128, 16);
  // Stage 3 (C = 128, 8×8).
  factorizedReduce(acc, 256, 128, 16, true);
  for (let i = 0; i < 3; i++) reluConvBn(acc, 512, 128, 8);
  // Classifier: global average pool (not counted by NASLib's counter) and linear 512 → 10.
  acc.flops += 512 * 10;
  acc.params += 512 * 10 + 10;
}

function checkDataset(dataset: string): void {
  if (dataset !== "cifar10" && dataset.toLowerCase() !== "cifar10") {
    throw new UsageError(`darts cost is defined for cifar10 (NB301's network), not '${dataset}'`);
  }
}

/**
 * The network walked cell by cell (the definition; `dartsCost` sums the same terms from a table). Kept for
 * the test that checks the table against it.
 */
export function dartsCostReference(a: Arch, dataset: string): Cost {
  checkDataset(dataset);
  const acc: Acc = { flops: 0, params: 0 };
  preprocessing(acc);
  for (const [c, h, reduction] of CELLS) {
    for (let j = 0; j < PAIRS; j++) {
      const p = inputPos(reduction, j);
      const s = reduction === 1 && a[p] < 2 ? 2 : 1;
      cellOp(acc, a[p + 1], c, h, s);
    }
    acc.flops += 4 * c * h * h; // the four intermediate nodes' two-input sums
  }
  return { mflops: acc.flops / 1e6, mparams: acc.params / 1e6 };
}

/**
 * The network's cost is a constant (preprocessing, node sums, classifier) plus one term per (cell type,
 * stride, op) for each of the 8 pairs of each cell type, summed over the cells of that type. Issue 17: the
 * cell-by-cell walk, once per candidate, was a large part of a 9 M-candidate DARTS shrink (70 s → 50 s).
 * Every term is an integer far below 2^53 (the whole network is < 10^9 FLOPs), so the sums are exact in any
 * order and equal the walk's bit for bit.
 * Table index: (reduction · 2 + (stride − 1)) · N_OPS + op.
 */
const TABLE = (() => {
  const base: Acc = { flops: 0, params: 0 };
  preprocessing(base);
  const flops = new Float64Array(4 * N_OPS);
  const params = new Float64Array(4 * N_OPS);
  for (const [c, h, reduction] of CELLS) {
    base.flops += 4 * c * h * h;
    for (let s = 1; s <= 1 + reduction; s++) {
      for (let op = 0; op < N_OPS; op++) {
        const acc: Acc = { flops: 0, params: 0 };
        cellOp(acc, op, c, h, s);
        const i = (reduction * 2 + s - 1) * N_OPS + op;
        flops[i] += acc.flops;
        params[i] += acc.params;
      }
    }
  }
  return { baseFlops: base.flops, baseParams: base.params, flops, params };
})();

/** FLOPs (MFLOPs) and parameters (M) of the NB301 CIFAR-10 network of a DARTS genotype. */
export function dartsCost(a: Arch, dataset: string): Cost {
  checkDataset(dataset);
  const { flops, params } = TABLE;
  let f = TABLE.baseFlops;
  let q = TABLE.baseParams;
  for (let j = 0; j < PAIRS; j++) {
    const i = a[inputPos(0, j) + 1]; // normal cell: stride 1
    f += flops[i];
    q += params[i];
  }
  for (let j = 0; j < PAIRS; j++) {
    const p = inputPos(1, j);
    const i = (a[p] < 2 ? 3 : 2) * N_OPS + a[p + 1]; // reduction cell: stride 2 on edges from its inputs
    f += flops[i];
    q += params[i];
  }
  return { mflops: f / 1e6, mparams: q / 1e6 };
}
