import type { Rng } from "../../src/core/rng.js";
import type { Predictor } from "../../src/predictors/predictor.js";
import type { Arch, SearchSpace } from "../../src/spaces/space.js";

/**
 * A test predictor that knows the answer: it decodes each one-hot row back into its genotype and returns
 * `f` of it. `fit` only counts its calls. With it, LISSNAS runs on a landscape whose predictions are exact.
 */
export class OraclePredictor implements Predictor {
  readonly name = "oracle";
  fits = 0;
  constructor(
    private readonly space: SearchSpace,
    private readonly f: (a: Arch) => number,
  ) {}

  fit(_x: Float32Array, _width: number, _y: Float64Array, _rng: Rng): void {
    this.fits++;
  }

  predict(x: Float32Array, width: number): Float64Array {
    const L = this.space.genotypeLength;
    const rows = x.length / width;
    const out = new Float64Array(rows);
    const a = new Uint8Array(L);
    for (let r = 0; r < rows; r++) {
      let off = r * width;
      for (let i = 0; i < L; i++) {
        const c = this.space.cardinalities[i];
        for (let v = 0; v < c; v++) if (x[off + v] === 1) a[i] = v;
        off += c;
      }
      out[r] = this.f(a);
    }
    return out;
  }
}

/** Number of positions holding choice 2: an additive landscape whose unique optimum is all 2s. */
export const countTwos = (a: Arch) => a.reduce((s, v) => s + (v === 2 ? 1 : 0), 0);
