import { CategoricalSpace } from "../categorical/space.js";
import { ConvCounter } from "../conv-cost.js";
import type { Arch, Cost } from "../space.js";

/** The six choice blocks of every searchable layer: MBConv with expansion e and kernel k. */
export const MOBILENET_CHOICES = ["mb3_k3", "mb3_k5", "mb3_k7", "mb6_k3", "mb6_k5", "mb6_k7"] as const;
const EXPANSION = [3, 3, 3, 6, 6, 6];
const KERNEL = [3, 5, 7, 3, 5, 7];

/**
 * Output channels and strides of the 19 searchable layers (FairNAS, Chu et al. 2019, §4.1; the
 * ProxylessNAS MobileNetV2 backbone with stages 32×2, 40×4, 80×4, 96×4, 192×4, 320×1).
 */
export const MOBILENET_CHANNELS = [
  32, 32, 40, 40, 40, 40, 80, 80, 80, 80, 96, 96, 96, 96, 192, 192, 192, 192, 320,
];
export const MOBILENET_STRIDES = [2, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1];

/**
 * FairNAS / MobileNet space: 19 MBConv layers, each one of {MB3, MB6} × {3×3, 5×5, 7×7} (6^19 ≈ 6.1·10^14
 * networks, no identity choice, so every genotype is a distinct network). Genotype = choice per layer,
 * string = 19 digits 0–5 in MOBILENET_CHOICES order ("1010312031032054534" is FairNAS-B).
 *
 * Cost (capability "cost", ImageNet 224×224, conv/FC multiply–accumulates, see src/spaces/conv-cost.ts):
 * stem 3×3 conv 3→32 stride 2; separable 3×3 conv 32→16; the 19 layers; 1×1 conv →1280; global pool;
 * FC 1280→1000 with bias. BatchNorm after every conv; no squeeze-excite (the FairNAS-A/B/C of the paper).
 */
export class MobileNetSpace extends CategoricalSpace {
  constructor(id = "fairnas") {
    super(new Array(MOBILENET_CHANNELS.length).fill(MOBILENET_CHOICES.length), {
      id,
      choiceNames: new Array(MOBILENET_CHANNELS.length).fill(MOBILENET_CHOICES),
      extraCapabilities: ["cost"],
    });
  }

  /** The ImageNet network's cost; `_dataset` is ignored (the space defines one network per genotype). */
  cost(a: Arch, _dataset?: string): Cost {
    return mobilenetCost(a).cost();
  }
}

/** The ImageNet network of a genotype, counted layer by layer. */
export function mobilenetCost(a: Arch): ConvCounter {
  const n = new ConvCounter(224).conv(3, 32, 3, 2).depthwise(32, 3).conv(32, 16, 1);
  let cin = 16;
  for (let i = 0; i < a.length; i++) {
    n.mbconv(cin, MOBILENET_CHANNELS[i], EXPANSION[a[i]], KERNEL[a[i]], MOBILENET_STRIDES[i]);
    cin = MOBILENET_CHANNELS[i];
  }
  return n.conv(cin, 1280, 1).globalPool(1280).linear(1280, 1000);
}
