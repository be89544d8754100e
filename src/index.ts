/**
 * lissnas — public API. Spaces, evaluators, predictors, shrinkers, searchers and metrics; see
 * docs/ARCHITECTURE.md for how they fit together.
 */

export { ArchitectureError, DataError, LissnasError, UsageError } from "./core/errors.js";
export { Rng } from "./core/rng.js";
export type { Evaluator, Objective } from "./data/evaluator.js";
export { TableEvaluator } from "./data/evaluator.js";
export { type LoadOptions, loadTable } from "./data/loaders.js";
export { BudgetExhausted, QueryCounter } from "./data/queries.js";
export { SyntheticLandscape, type SyntheticOptions } from "./data/synthetic.js";
export { BenchmarkTable } from "./data/table.js";
export { type ExactCurves, exactCurves } from "./locality/exact.js";
export {
  buildLandscape,
  type CanonicalValue,
  collapseCanonical,
  LANDSCAPE_LIMIT,
  type LandscapeGraph,
  permuteValues,
} from "./locality/graph.js";
export {
  analyseLandscape,
  type LandscapeAnalysis,
  type LocalOptimum,
  TIE_RULE,
} from "./locality/landscape.js";
export {
  type CorrelationPoint,
  chooseThreshold,
  fitnessDistanceCorrelation,
  type LocalityCurve,
  type MeanPoint,
  naslibAutocorrelation,
  nearDifferences,
  neighbourhoodStats,
  RWA_CUTOFF,
  randomWalkAutocorrelation,
  thresholdWithRule,
} from "./locality/statistics.js";
export {
  type DensityGrid,
  defaultBins,
  type TheoryPrediction,
  theoryPredictions,
} from "./locality/theory.js";
export { maxCosineDistance } from "./metrics/cosine-distance.js";
export { edfArea, errorEdf } from "./metrics/edf.js";
export { fisherCI } from "./metrics/fisher-ci.js";
export { histogram } from "./metrics/histogram.js";
export { kendallTau } from "./metrics/kendall-tau.js";
export { kolmogorovSf, ksTwoSample } from "./metrics/ks-test.js";
export { mae } from "./metrics/mae.js";
export { mean } from "./metrics/mean.js";
export { type MeanCI, meanCI } from "./metrics/mean-ci.js";
export { normalQuantile } from "./metrics/normal-quantile.js";
export { pGood, topPercentThreshold } from "./metrics/p-good.js";
export { pearson } from "./metrics/pearson.js";
export { precisionAtK } from "./metrics/precision-at-k.js";
export { quantileSorted } from "./metrics/quantile.js";
export { rangeCoverage } from "./metrics/range-coverage.js";
export { averageRanks } from "./metrics/ranks.js";
export { reductionFactor } from "./metrics/reduction-factor.js";
export { rmse } from "./metrics/rmse.js";
export { shrinkIndex } from "./metrics/shrink-index.js";
export { spearman } from "./metrics/spearman.js";
export { std } from "./metrics/std.js";
export { probAtLeastKGood } from "./metrics/theorem1.js";
export { topK } from "./metrics/top-k.js";
export { topKOverlap } from "./metrics/top-k-overlap.js";
export type { Ensemble } from "./predictors/ensemble.js";
export { GBDT_DEFAULTS, type GbdtOptions, GbdtRegressor } from "./predictors/gbdt.js";
export type { Predictor, PredictorFactory } from "./predictors/predictor.js";
export { RidgePredictor } from "./predictors/ridge.js";
export { XgboostRegressor, xgboostAvailable, xgboostVersion } from "./predictors/xgboost.js";
export { compareTables, edfCsv, flopsCsv } from "./report/compare-tables.js";
export {
  ALGORITHM_NAMES,
  type AlgorithmName,
  type AlgorithmSpec,
  algorithmLabel,
  checkAlgorithmSpec,
  predictorFactory,
} from "./search/algorithms.js";
export { regularisedEvolution } from "./search/evolution.js";
export {
  type ExperimentCell,
  type ExperimentConfig,
  readExperimentConfig,
  runExperiment,
} from "./search/experiment.js";
export { localSearch } from "./search/local.js";
export { closePool, runMany } from "./search/parallel.js";
export { makeProblem, type Problem, RunState, SearchContext } from "./search/problem.js";
export { randomSearch } from "./search/random.js";
export { type RunResult, type RunSettings, runOne, runSequential } from "./search/run.js";
export { buildProblem, type ProblemSource } from "./search/source.js";
export { type AnytimeCurve, anytimeCurve, type SearchSummary, summarize, valueAt } from "./search/summary.js";
export {
  type CompareInputs,
  type CompareResult,
  compareShrinkers,
  SHRINKER_NAMES,
} from "./shrink/compare.js";
export { costSource } from "./shrink/cost.js";
export {
  encodeSpaceFile,
  loadSpaceFile,
  readSpaceFileHeader,
  type SpaceFileHeader,
  saveSpaceFile,
} from "./shrink/file.js";
export { KeyIndex } from "./shrink/key-index.js";
export {
  type IterationLog,
  type LissnasOptions,
  type LissnasResult,
  lissnas,
  resolveLissnasOptions,
  terminationRule,
} from "./shrink/lissnas.js";
export { MemberSet } from "./shrink/member-set.js";
export { neighbourhood } from "./shrink/neighbourhood.js";
export { ProductSubspace } from "./shrink/product.js";
export {
  type Comparison,
  compareSpaces,
  originalPopulation,
  type SpaceStats,
  shrunkPopulation,
} from "./shrink/quality.js";
export {
  absShrink,
  allocateKeeps,
  greedyNasShrink,
  nseShrink,
  opScores,
  padnasShrink,
  type Scorer,
} from "./shrink/rivals/index.js";
export { CategoricalSpace, macroSpace } from "./spaces/categorical/space.js";
export { HammingSpace } from "./spaces/hamming.js";
export {
  encodeCellsBin,
  encodeCellsJsonl,
  enumerateNb101,
  type Nb101Cells,
  readCellsBin,
} from "./spaces/nb101/enumerate.js";
export { digestHex, moduleHashMany } from "./spaces/nb101/hash.js";
export { loadNb101Sample } from "./spaces/nb101/sample.js";
export { NB101_UNIQUE, Nb101Space, nb101 } from "./spaces/nb101/space.js";
export { nb201UniqueString } from "./spaces/nb201/canonical.js";
export { nb201Cost } from "./spaces/nb201/cost.js";
export { NB201_EDGES, NB201_OPS } from "./spaces/nb201/ops.js";
export { Nb201Space, nb201 } from "./spaces/nb201/space.js";
export { getSpace, registerSpace, spaceNames } from "./spaces/registry.js";
export type { Arch, Capability, Cost, SearchSpace } from "./spaces/space.js";
export { encodeMany, randomWalk, requireCapabilities, sampleNear } from "./spaces/space.js";
export { writeFileAtomic } from "./store/atomic.js";
