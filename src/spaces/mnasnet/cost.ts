import { ConvCounter } from "../conv-cost.js";
import type { MnasBlock } from "./space.js";

/** Fixed skeleton of the 7 blocks (EfficientNet-B0 / Accel-NASBench `CustomSearchable`). */
export const MNAS_STRIDES = [1, 2, 2, 2, 1, 2, 1];
export const MNAS_IN = [32, 16, 24, 40, 80, 112, 192];
export const MNAS_OUT = [16, 24, 40, 80, 112, 192, 320];

/**
 * The ImageNet (224×224) network of 7 blocks: stem 3×3 conv 3→32 stride 2 + BN; each block = l MBConv
 * layers (the first with the block's stride and input channels, the rest stride 1, out→out); squeeze-excite
 * squeezes to max(1, ⌊C_in/4⌋) units of the layer's *input* channels (EfficientNet's se_ratio 0.25);
 * head 1×1 conv 320→1280 + BN; global pool; FC 1280→1000 with bias.
 *
 * `cost()` of the counter is the usual conv/FC multiply–accumulate count. Accel-NASBench's `macs_M`
 * column uses a profiler convention that also counts BatchNorm and pooling; `anbMacs` reproduces it.
 */
export function mnasnetCost(blocks: readonly MnasBlock[]): ConvCounter {
  const n = new ConvCounter(224).conv(3, 32, 3, 2);
  for (let b = 0; b < blocks.length; b++) {
    const { e, k, l, se } = blocks[b];
    for (let j = 0; j < l; j++) {
      const cin = j === 0 ? MNAS_IN[b] : MNAS_OUT[b];
      const stride = j === 0 ? MNAS_STRIDES[b] : 1;
      n.mbconv(cin, MNAS_OUT[b], e, k, stride, se ? Math.max(1, Math.floor(cin / 4)) : 0);
    }
  }
  return n.conv(320, 1280, 1).globalPool(1280).linear(1280, 1000);
}

/**
 * Accel-NASBench's `macs_M` (millions) for a network: conv/FC multiply–accumulates + 4 per BatchNorm
 * output element + (input + output elements) of every global average pooling. Found by fitting the
 * shipped column (exact on all 5,138 rows, see test/spaces/mnasnet/cost.test.ts); it matches a
 * thop-style profiler that charges BN as 4 operations per element and adaptive pooling per element read.
 */
export function anbMacs(n: ConvCounter): number {
  return (n.macs + 4 * n.bnElements + n.poolElements) / 1e6;
}
