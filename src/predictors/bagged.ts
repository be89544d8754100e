import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { meanPrediction } from "./average.js";
import type { Predictor, PredictorFactory } from "./predictor.js";

/**
 * Bagging (Breiman 1996) without replacement: `members` copies of a model, each fitted on its own uniform
 * subsample of ⌈fraction·n⌉ training rows (stream `rng.child("bag", i)`: rows; `rng.child("fit", i)`: the
 * member's own randomness); the prediction is their mean. Averaging models fitted on different rows lowers
 * the variance of a high-variance learner (a depth-6 GBDT on ~100 rows). Written here: a loop over
 * `Predictor`s, no library needed.
 */
export class BaggedPredictor implements Predictor {
  private parts: Predictor[] = [];

  constructor(
    private readonly make: PredictorFactory,
    readonly members = 5,
    readonly fraction = 0.8,
  ) {
    if (!Number.isInteger(members) || members < 1)
      throw new UsageError(`bagging: members must be an integer ≥ 1, got ${members}`);
    if (!(fraction > 0 && fraction <= 1))
      throw new UsageError(`bagging: fraction must be in (0, 1], got ${fraction}`);
  }

  get name(): string {
    return `bagged(${this.make().name} ×${this.members})`;
  }

  fit(x: Float32Array, width: number, y: Float64Array, rng: Rng): void {
    const n = y.length;
    const m = Math.max(1, Math.ceil(this.fraction * n));
    this.parts = [];
    for (let i = 0; i < this.members; i++) {
      const rows = rng.child("bag", i).sampleIndices(n, m);
      const xs = new Float32Array(m * width);
      const ys = new Float64Array(m);
      for (let j = 0; j < m; j++) {
        xs.set(x.subarray(rows[j] * width, (rows[j] + 1) * width), j * width);
        ys[j] = y[rows[j]];
      }
      const p = this.make();
      p.fit(xs, width, ys, rng.child("fit", i));
      this.parts.push(p);
    }
  }

  predict(x: Float32Array, width: number): Float64Array {
    if (this.parts.length === 0) throw new UsageError("bagging: predict before fit");
    return meanPrediction(this.parts, x, width);
  }
}
