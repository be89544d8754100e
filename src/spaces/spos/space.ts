import { CategoricalSpace } from "../categorical/space.js";
import { ConvCounter } from "../conv-cost.js";
import type { Arch, Cost } from "../space.js";

/** The four choice blocks of SPOS (Guo et al. 2020): ShuffleNetV2 units with 3/5/7 kernels, Xception. */
export const SPOS_CHOICES = ["shuffle3x3", "shuffle5x5", "shuffle7x7", "xception"] as const;
/** Output channels and depth of the four stages (the 1.0× SPOS supernet). */
export const SPOS_STAGE_CHANNELS = [64, 160, 320, 640];
export const SPOS_STAGE_REPEATS = [4, 4, 8, 4];
const LAYERS = SPOS_STAGE_REPEATS.reduce((s, r) => s + r, 0);

/**
 * SPOS: the ShuffleNetV2 supernet of Single Path One-Shot, 20 layers × 4 blocks (4^20 ≈ 1.1·10^12).
 * String = 20 digits 0–3 in SPOS_CHOICES order (the released "OneShot" blocks read
 * "00311100202110202132").
 *
 * Cost (capability "cost", ImageNet 224×224, conv/FC multiply–accumulates, src/spaces/conv-cost.ts): stem
 * 3×3 conv 3→16 stride 2; 4 stages whose first unit has stride 2 (with its projection branch); 1×1 conv
 * 640→1024; global pool; FC 1024→1000 without bias. Units split channels in halves and concatenate
 * (ShuffleNetV2), mid channels = output/2 (× the channel scale when `sposCost` is given one).
 */
export class SposSpace extends CategoricalSpace {
  constructor() {
    super(new Array(LAYERS).fill(SPOS_CHOICES.length), {
      id: "spos",
      choiceNames: new Array(LAYERS).fill(SPOS_CHOICES),
      extraCapabilities: ["cost"],
    });
  }

  /** The ImageNet network's cost; `_dataset` is ignored (the space defines one network per genotype). */
  cost(a: Arch, _dataset?: string): Cost {
    return sposCost(a).cost();
  }
}

/**
 * The ImageNet network of a block choice per layer, optionally with SPOS's channel search: `scales[i]`
 * multiplies layer i's mid channels (1 = the block-search space).
 */
export function sposCost(a: ArrayLike<number>, scales?: ArrayLike<number>): ConvCounter {
  const n = new ConvCounter(224).conv(3, 16, 3, 2);
  let cin = 16;
  let layer = 0;
  for (let s = 0; s < SPOS_STAGE_CHANNELS.length; s++) {
    const out = SPOS_STAGE_CHANNELS[s];
    for (let r = 0; r < SPOS_STAGE_REPEATS[s]; r++, layer++) {
      const stride = r === 0 ? 2 : 1;
      const inp = r === 0 ? cin : cin / 2;
      const mid = Math.trunc((out / 2) * (scales ? scales[layer] : 1));
      shuffleUnit(n, a[layer], inp, out, mid, stride);
      cin = out;
    }
  }
  return n.conv(cin, 1024, 1).globalPool(1024).linear(1024, 1000, false);
}

/** One ShuffleNetV2 unit: main branch to `out − inp` channels, plus the projection branch at stride 2. */
function shuffleUnit(n: ConvCounter, choice: number, inp: number, out: number, mid: number, stride: number) {
  const side = n.side;
  const branch = out - inp;
  if (choice < 3) {
    const k = 3 + 2 * choice;
    n.conv(inp, mid, 1).depthwise(mid, k, stride).conv(mid, branch, 1);
  } else {
    n.depthwise(inp, 3, stride).conv(inp, mid, 1);
    n.depthwise(mid, 3).conv(mid, mid, 1);
    n.depthwise(mid, 3).conv(mid, branch, 1);
  }
  if (stride === 2) {
    const after = n.side;
    n.side = side;
    n.depthwise(inp, choice < 3 ? 3 + 2 * choice : 3, stride).conv(inp, inp, 1);
    n.side = after;
  }
}
