import type { Rng } from "../core/rng.js";

/**
 * A performance predictor: fitted on encoded architectures (row-major Float32Array, `rows × width`) and
 * their targets, it predicts targets for new rows. Every model (our GBDT, real XGBoost, others later)
 * implements this interface, so shrinkers and searchers take any of them.
 */
export interface Predictor {
  /** Short name for reports: "gbdt", "xgboost"… */
  readonly name: string;
  /** Fits on `x` (rows × width) and `y` (rows). Randomness (subsampling) flows from `rng`. */
  fit(x: Float32Array, width: number, y: Float64Array, rng: Rng): void;
  /** Predicts one value per row of `x` (rows × width); the width must match the fitted width. */
  predict(x: Float32Array, width: number): Float64Array;
}

/** Creates fresh, unfitted predictors of one configuration (a shrinker may refit several times). */
export type PredictorFactory = () => Predictor;
