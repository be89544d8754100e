/**
 * lissnas — public API. Spaces, evaluators, predictors, shrinkers, searchers and metrics; see
 * docs/ARCHITECTURE.md for how they fit together.
 */

export { ArchitectureError, DataError, LissnasError, UsageError } from "./core/errors.js";
export { Rng } from "./core/rng.js";
export type { Evaluator, Objective } from "./data/evaluator.js";
export { TableEvaluator } from "./data/evaluator.js";
export { type LoadOptions, loadTable } from "./data/loaders.js";
export { QueryCounter } from "./data/queries.js";
export { SyntheticLandscape, type SyntheticOptions } from "./data/synthetic.js";
export { BenchmarkTable } from "./data/table.js";
export { mean } from "./metrics/mean.js";
export { quantileSorted } from "./metrics/quantile.js";
export { std } from "./metrics/std.js";
export type { Predictor, PredictorFactory } from "./predictors/predictor.js";
export { CategoricalSpace, macroSpace } from "./spaces/categorical/space.js";
export { HammingSpace } from "./spaces/hamming.js";
export { nb201UniqueString } from "./spaces/nb201/canonical.js";
export { nb201Cost } from "./spaces/nb201/cost.js";
export { NB201_EDGES, NB201_OPS } from "./spaces/nb201/ops.js";
export { Nb201Space, nb201 } from "./spaces/nb201/space.js";
export { getSpace, registerSpace, spaceNames } from "./spaces/registry.js";
export type { Arch, Capability, Cost, SearchSpace } from "./spaces/space.js";
export { encodeMany, randomWalk, requireCapabilities, sampleNear } from "./spaces/space.js";
export { writeFileAtomic } from "./store/atomic.js";
