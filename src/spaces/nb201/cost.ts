import { ArchitectureError, UsageError } from "../../core/errors.js";
import type { Arch, Cost } from "../space.js";
import { OP_CONV1, OP_CONV3, OP_POOL } from "./ops.js";

/** An NB201 dataset: its classes and input side. */
export interface Nb201Dataset {
  /** Canonical name, as NB201 spells it. */
  readonly name: string;
  readonly classes: number;
  /** Input side (pixels). */
  readonly side: number;
}

export const NB201_DATASETS: readonly Nb201Dataset[] = [
  { name: "cifar10", classes: 10, side: 32 },
  { name: "cifar100", classes: 100, side: 32 },
  { name: "ImageNet16-120", classes: 120, side: 16 },
];

const ALIASES: ReadonlyMap<string, Nb201Dataset> = new Map([
  ["cifar10", NB201_DATASETS[0]],
  ["cifar-10", NB201_DATASETS[0]],
  ["cifar10-valid", NB201_DATASETS[0]],
  ["cifar100", NB201_DATASETS[1]],
  ["cifar-100", NB201_DATASETS[1]],
  ["imagenet16-120", NB201_DATASETS[2]],
  ["imagenet16_120", NB201_DATASETS[2]],
  ["imagenet16", NB201_DATASETS[2]],
  ["imagenet", NB201_DATASETS[2]],
]);

/** The NB201 dataset named by `dataset` (case-insensitive, common aliases); UsageError when unknown. */
export function nb201Dataset(dataset: string): Nb201Dataset {
  const d = ALIASES.get(dataset.trim().toLowerCase());
  if (!d) {
    throw new UsageError(
      `unknown nb201 dataset '${dataset}' (known: ${NB201_DATASETS.map((x) => x.name).join(", ")})`,
    );
  }
  return d;
}

/** Exact FLOPs and parameter counts (integers) of the network, under the convention of `nb201Cost`. */
export function nb201CostCounts(a: Arch, dataset: string): { flops: number; params: number } {
  const { classes, side } = nb201Dataset(dataset);
  if (a.length !== 6 || a.some((op) => op > 4)) {
    throw new ArchitectureError(`not an nb201 genotype: [${Array.from(a).join(", ")}]`);
  }
  let n3 = 0;
  let n1 = 0;
  let np = 0;
  for (const op of a) {
    if (op === OP_CONV3) n3++;
    else if (op === OP_CONV1) n1++;
    else if (op === OP_POOL) np++;
  }

  let hw = side * side;
  // Stem: conv 3×3 (3→16) + BN(16).
  let flops = 27 * 16 * hw + 2 * 16 * hw;
  let params = 27 * 16 + 2 * 16;

  for (const c of [16, 32, 64]) {
    if (c > 16) {
      // ResNet basic block, cin → c, stride 2: (ReLU, conv3×3 s2, BN), (ReLU, conv3×3, BN), pool 2×2 + conv1×1.
      const cin = c / 2;
      const h = hw / 4;
      flops += cin * hw + 9 * cin * c * h + 2 * c * h;
      flops += c * h + 9 * c * c * h + 2 * c * h;
      flops += 4 * cin * h + cin * c * h;
      params += 9 * cin * c + 2 * c + 9 * c * c + 2 * c + cin * c;
      hw = h;
    }
    // Five cells; each op: ReLU (C·HW) + conv + BN (2C·HW), or pool (9C·HW).
    flops += 5 * (n3 * (9 * c * c + 3 * c) * hw + n1 * (c * c + 3 * c) * hw + np * 9 * c * hw);
    params += 5 * (n3 * (9 * c * c + 2 * c) + n1 * (c * c + 2 * c));
  }

  // Head: BN(64), ReLU, global average pool (torchstat counts 64·(s+1)²), linear 64→classes.
  const s = Math.sqrt(hw);
  flops += 2 * 64 * hw + 64 * hw + 64 * (s + 1) * (s + 1) + 64 * classes;
  params += 2 * 64 + 64 * classes + classes;
  return { flops, params };
}

/**
 * Analytic FLOPs and parameters of the full NAS-Bench-201 network ("TinyNetwork", Dong & Yang 2020),
 * counted under the convention of NASLib's `flops` / `params` zero-cost scores (NAS-Bench-Suite-Zero),
 * which come from tensorwatch's `ModelStats` (a torchstat port) on one image. It reproduces every row of
 * NASLib's table (724 / 725 / 724 architectures on cifar10 / cifar100 / ImageNet16-120) exactly.
 *
 * Network: input 3×S×S (S = 32 for CIFAR, 16 for ImageNet16-120); stem Conv3×3(3→16)+BN; stages of 5 cells
 * with C = 16, 32, 64 at S, S/2, S/4, joined by ResNet basic blocks with stride 2; then BN, ReLU, global
 * average pool, Linear(64→classes). Every BN is affine; no conv has a bias; the linear layer has one.
 *
 * Counting rules (per image; H×W the spatial size of the tensor named, Cin/Cout the channels):
 * - Conv2d k×k: k²·Cin·Cout·Hout·Wout (one per multiply–accumulate; no bias term); params k²·Cin·Cout.
 * - BatchNorm2d (affine): 2·C·H·W; params 2·C (running statistics are buffers, not parameters).
 * - ReLU: C·H·W of its input; AvgPool2d k×k: k²·C·Hout·Wout (padding included, so 9·C·H·W in a cell and
 *   4·C·(H/2)·(W/2) in the shortcut); global average pool (AdaptiveAvgPool2d(1)) on H×W: C·(H+1)·(W+1)
 *   (torchstat's adaptive-pool formula, off by one per side); Linear: in·out, no bias term; params
 *   in·out + out.
 * - Identity (`skip_connect`), zero (`none`), the sums joining edges, flatten: 0.
 * - Every edge of every cell is counted whatever the rest of the cell is: NASLib runs every edge, so an
 *   operation whose input is only zeros or whose output never reaches the cell output (a "dead" op) is
 *   counted, and a cell whose output is disconnected still costs its operations. 713 of the 2,173 table rows
 *   hold such dead convolutions or pools; counting only live ops would be off by up to 90 % there.
 *
 * Components (classes K, cell op counts n3 = #nor_conv_3x3, n1 = #nor_conv_1x1, np = #avg_pool_3x3):
 * - stem: FLOPs 27·16·S² + 2·16·S², params 432 + 32;
 * - cell at C, H×W: n3·(9C² + 3C)·HW + n1·(C² + 3C)·HW + np·9C·HW; params n3·(9C² + 2C) + n1·(C² + 2C);
 * - reduction C→2C from H×W to H/2×W/2 (h = HW/4): C·HW + 18C²·h + 4C·h (ReLU, conv a, BN a)
 *   + 2C·h + 36C²·h + 4C·h (ReLU, conv b, BN b) + 4C·h + 2C²·h (shortcut pool, 1×1 conv);
 *   params 18C² + 4C + 36C² + 4C + 2C²;
 * - head at 64×s×s (s = S/4): 2·64·s² + 64·s² + 64·(s+1)² + 64K; params 128 + 64K + K.
 * Results are these integers divided by 10⁶ (MFLOPs, M params). The FLOPs are not those of NB201/NATS's own
 * `get_model_infos` (their `flop` column), which sums only convolutions and linear layers.
 */
export function nb201Cost(a: Arch, dataset: string): Cost {
  const { flops, params } = nb201CostCounts(a, dataset);
  return { mflops: flops / 1e6, mparams: params / 1e6 };
}
