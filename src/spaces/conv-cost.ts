import type { Cost } from "./space.js";

/**
 * Analytic cost of a feed-forward ImageNet CNN, layer by layer (used by the spos, fairnas/mobilenet and
 * mnasnet spaces and by the published-figure checks).
 *
 * Convention (the one the SPOS, FairNAS, MnasNet and EfficientNet papers quote as "FLOPs"/"MACs"):
 * - `macs`: multiply–accumulates of every convolution and fully-connected layer (k²·C_in/groups·C_out·H·W
 *   per convolution, C_in·C_out per FC; squeeze-excite FCs included); BatchNorm, activations, pooling and
 *   the residual additions are not counted;
 * - `params`: weights + biases of every conv/FC layer + 2 per BatchNorm channel (γ, β; running statistics
 *   are buffers, not parameters).
 * Padding is "same": a stride-s layer maps H to ⌈H/s⌉.
 *
 * The extra element counts (`bnElements`, `poolElements`) let a caller reproduce a profiler convention
 * that also counts BatchNorm and pooling (Accel-NASBench's `macs_M`, see src/spaces/mnasnet/cost.ts).
 * Written by hand: no maintained JS library computes FLOPs of a described (not instantiated) network.
 */
export class ConvCounter {
  macs = 0;
  params = 0;
  /** Output elements of every BatchNorm layer. */
  bnElements = 0;
  /** Input + output elements of every global average pooling (SE squeezes and the final pool). */
  poolElements = 0;
  /** Current spatial side (square feature maps). */
  side: number;

  constructor(resolution = 224) {
    this.side = resolution;
  }

  /** A k×k convolution (optionally grouped), with BatchNorm unless `bn` is false. */
  conv(cin: number, cout: number, k: number, stride = 1, opts: ConvOptions = {}): this {
    const groups = opts.groups ?? 1;
    this.side = Math.ceil(this.side / stride);
    const hw = this.side * this.side;
    const weights = ((k * k * cin) / groups) * cout;
    this.macs += weights * hw;
    this.params += weights + (opts.bias ? cout : 0);
    if (opts.bn !== false) {
      this.params += 2 * cout;
      this.bnElements += cout * hw;
    }
    return this;
  }

  /** Depthwise k×k convolution with BatchNorm. */
  depthwise(c: number, k: number, stride = 1): this {
    return this.conv(c, c, k, stride, { groups: c });
  }

  /** Squeeze-and-excite on `c` channels with `squeeze` hidden units (two FCs with biases). */
  se(c: number, squeeze: number): this {
    this.macs += 2 * c * squeeze;
    this.params += c * squeeze + squeeze + squeeze * c + c;
    this.poolElements += c * this.side * this.side + c;
    return this;
  }

  /** Global average pooling of `c` channels (to 1×1). */
  globalPool(c: number): this {
    this.poolElements += c * this.side * this.side + c;
    this.side = 1;
    return this;
  }

  /** A fully-connected layer. */
  linear(cin: number, cout: number, bias = true): this {
    this.macs += cin * cout;
    this.params += cin * cout + (bias ? cout : 0);
    return this;
  }

  /**
   * A MobileNetV2 inverted residual (MBConv): 1×1 expansion (skipped when e = 1), k×k depthwise with the
   * stride, optional squeeze-excite with `seSqueeze` units, 1×1 linear projection; BN after each conv.
   */
  mbconv(cin: number, cout: number, e: number, k: number, stride: number, seSqueeze = 0): this {
    const mid = cin * e;
    if (e !== 1) this.conv(cin, mid, 1);
    this.depthwise(mid, k, stride);
    if (seSqueeze > 0) this.se(mid, seSqueeze);
    return this.conv(mid, cout, 1);
  }

  /** The counted cost in millions. */
  cost(): Cost {
    return { mflops: this.macs / 1e6, mparams: this.params / 1e6 };
  }
}

export interface ConvOptions {
  groups?: number;
  bias?: boolean;
  /** BatchNorm after the convolution (default true). */
  bn?: boolean;
}
