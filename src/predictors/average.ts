import { UsageError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Predictor, PredictorFactory } from "./predictor.js";

/**
 * The plain mean of several models' predictions (every model predicts on the target's scale), e.g. a tree
 * ensemble and an additive model (ridge on one-hot); tried as LISSNAS's predictor in issue 14's third pass
 * (docs/shrink.md) and not made a default. Part i is fitted with the stream
 * `rng.child("part", i)`. Written here: a loop over `Predictor`s, no library needed.
 */
export class AveragePredictor implements Predictor {
  private readonly parts: Predictor[];

  constructor(factories: readonly PredictorFactory[]) {
    if (factories.length === 0) throw new UsageError("average predictor: no models");
    this.parts = factories.map((f) => f());
  }

  get name(): string {
    return `mean(${this.parts.map((p) => p.name).join(", ")})`;
  }

  fit(x: Float32Array, width: number, y: Float64Array, rng: Rng): void {
    for (let i = 0; i < this.parts.length; i++) this.parts[i].fit(x, width, y, rng.child("part", i));
  }

  predict(x: Float32Array, width: number): Float64Array {
    return meanPrediction(this.parts, x, width);
  }
}

/** The mean of the models' predictions for the rows of `x` (also the bagged predictor's). */
export function meanPrediction(parts: readonly Predictor[], x: Float32Array, width: number): Float64Array {
  const out = new Float64Array(x.length / width);
  for (const p of parts) {
    const y = p.predict(x, width);
    for (let i = 0; i < out.length; i++) out[i] += y[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= parts.length;
  return out;
}
