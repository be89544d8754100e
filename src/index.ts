/**
 * lissnas — public API. Spaces, evaluators, predictors, shrinkers, searchers and metrics; see
 * docs/ARCHITECTURE.md for how they fit together.
 */

export { ArchitectureError, DataError, LissnasError, UsageError } from "./core/errors.js";
export { Rng } from "./core/rng.js";
export { parseCommandLine } from "./data/argv.js";
export type { AsyncEvaluator, EvalOutcome, EvalRequest } from "./data/async-evaluator.js";
// Issue #15: metric directions, joined tables, constraints, multi-objective search.
export {
  buildFeasibility,
  type Constraint,
  chargePaid,
  cheapFeasibleTable,
  type Feasibility,
  feasibleMax,
  parseConstraint,
} from "./data/constraints.js";
export {
  type BatchObjective,
  type EngineOptions,
  type EngineStats,
  EvaluationEngine,
  type EvaluationRecord,
  engineRequest,
  evalSeedOf,
  NeedEvaluation,
  type RecordStore,
} from "./data/engine.js";
export type { CodedObjective, Evaluator, Objective } from "./data/evaluator.js";
export { codeReader, TableEvaluator } from "./data/evaluator.js";
export { joinTables, loadTables, parseDataSpec } from "./data/join.js";
export { type LoadOptions, loadTable } from "./data/loaders.js";
export {
  type Direction,
  type MetricSpec,
  type MetricUnits,
  metricLabel,
  metricUnits,
  parseMetricSpec,
} from "./data/objectives.js";
export { classRow, sampleNote, type TableCoverage, tableCoverage, tablePool } from "./data/partial.js";
export { BudgetExhausted, QueryCounter } from "./data/queries.js";
export { QUEUE_PROTOCOL, QueueEvaluator, type QueueEvaluatorOptions } from "./data/queue.js";
export { QueueWorker, type QueueWorkerOptions } from "./data/queue-worker.js";
export { SyntheticLandscape, type SyntheticOptions } from "./data/synthetic.js";
export { BenchmarkTable } from "./data/table.js";
export { TrainerEvaluator, type TrainerOptions } from "./data/trainer.js";
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
export { type SampleCurves, sampleCurves } from "./locality/sample.js";
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
export { hypervolume2d } from "./metrics/hypervolume.js";
export { hypervolume } from "./metrics/hypervolume-nd.js";
export { hypervolumeRatio } from "./metrics/hypervolume-ratio.js";
export { igd } from "./metrics/igd.js";
export { kendallTau } from "./metrics/kendall-tau.js";
export { kolmogorovSf, ksTwoSample } from "./metrics/ks-test.js";
export { mae } from "./metrics/mae.js";
export { mean } from "./metrics/mean.js";
export { type MeanCI, meanCI } from "./metrics/mean-ci.js";
export { normalQuantile } from "./metrics/normal-quantile.js";
export { oracleCeiling } from "./metrics/oracle-ceiling.js";
export { pGood, topPercentThreshold } from "./metrics/p-good.js";
export { paretoFront2d } from "./metrics/pareto.js";
export { paretoKeptFraction } from "./metrics/pareto-kept.js";
export { dominates, paretoFront } from "./metrics/pareto-nd.js";
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
export { keptTopFraction } from "./metrics/top-fraction-kept.js";
export { topK } from "./metrics/top-k.js";
export { topKOverlap } from "./metrics/top-k-overlap.js";
export { AveragePredictor } from "./predictors/average.js";
export { BaggedPredictor } from "./predictors/bagged.js";
export type { Ensemble } from "./predictors/ensemble.js";
export { GBDT_DEFAULTS, type GbdtOptions, GbdtRegressor } from "./predictors/gbdt.js";
export type { Predictor, PredictorFactory } from "./predictors/predictor.js";
export { RidgePredictor } from "./predictors/ridge.js";
export {
  crossValidatedChoice,
  type PredictorCandidate,
  type PredictorChoice,
  SelectingPredictor,
} from "./predictors/select.js";
export { XgboostRegressor, xgboostAvailable, xgboostVersion } from "./predictors/xgboost.js";
export { compareTables, edfCsv, flopEdges, flopsCsv } from "./report/compare-tables.js";
export {
  compareReport,
  experimentReport,
  type FigureFormat,
  landscapeReport,
  localityReport,
  type Report,
  renderPng,
  renderReport,
  renderSvg,
  reportFromResults,
  searchReport,
  shrinkReport,
  shrinkReportData,
  writeReport,
} from "./report/index.js";
export {
  ALGORITHM_NAMES,
  type AlgorithmName,
  type AlgorithmSpec,
  algorithmLabel,
  checkAlgorithmSpec,
  predictorFactory,
} from "./search/algorithms.js";
export { type EngineProblemOptions, engineProblem, runManyAsync } from "./search/async-runs.js";
export { regularisedEvolution } from "./search/evolution.js";
export {
  type ExperimentCell,
  type ExperimentConfig,
  readExperimentConfig,
  runExperiment,
} from "./search/experiment.js";
export { localSearch } from "./search/local.js";
export { MULTI_ALGORITHMS, type MultiAlgorithm } from "./search/multi/algorithms.js";
export {
  buildMultiProblem,
  type MultiProblem,
  parseObjectives,
  referencePoint,
} from "./search/multi/problem.js";
export { type MultiRunResult, runMulti, summarizeMulti } from "./search/multi/run.js";
export { crowdingDistance, nonDominatedSort } from "./search/multi/sorting.js";
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
  rivalSpaces,
  type SeedRecord,
  SHRINKER_NAMES,
  sizedInClasses,
  sizedInPool,
} from "./shrink/compare.js";
export { costSource } from "./shrink/cost.js";
export {
  encodeSpaceFile,
  encodeSpaceFileChunks,
  loadSpaceFile,
  readSpaceFileHeader,
  type SpaceFileHeader,
  saveSpaceFile,
} from "./shrink/file.js";
export { GenotypePacker } from "./shrink/genotype-packer.js";
export { KeyIndex } from "./shrink/key-index.js";
export {
  type IterationLog,
  type LissnasOptions,
  type LissnasResult,
  lissnas,
  PREDICTOR_CHOICES,
  type PredictorChoiceRule,
  resolveLissnasOptions,
  terminationRule,
} from "./shrink/lissnas.js";
export { type GenotypeSink, MemberSet } from "./shrink/member-set.js";
export { eachNeighbour, neighbourhood } from "./shrink/neighbourhood.js";
export { infeasibleKeys, keptFeasible, type PaidReport } from "./shrink/paid.js";
export { ProductSubspace, productRivalsUnsupported } from "./shrink/product.js";
export {
  type CellFigures,
  type Comparison,
  classCount,
  classPopulation,
  compareSpaces,
  originalPopulation,
  type SpaceStats,
  shrunkCells,
  shrunkPopulation,
} from "./shrink/quality.js";
export { headlineFields, queriedCsv } from "./shrink/report.js";
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
export { CellSpace, cellUniqueString } from "./spaces/cell-string.js";
export { ConvCounter } from "./spaces/conv-cost.js";
export { dartsCost } from "./spaces/darts/cost.js";
export { DARTS_OPS } from "./spaces/darts/ops.js";
export { DartsSpace, darts } from "./spaces/darts/space.js";
export { HammingSpace } from "./spaces/hamming.js";
export { anbMacs, mnasnetCost } from "./spaces/mnasnet/cost.js";
export { MnasNetSpace } from "./spaces/mnasnet/space.js";
export { MobileNetSpace, mobilenetCost } from "./spaces/mobilenet/space.js";
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
export { NBGRAPH_LINKS, NBGRAPH_OPS, validHash } from "./spaces/nbgraph/hash.js";
export { NbGraphSpace, nbgraphSpace } from "./spaces/nbgraph/space.js";
export { getSpace, registerSpace, spaceNames } from "./spaces/registry.js";
export type { Arch, Capability, Cost, SearchSpace } from "./spaces/space.js";
export { encodeMany, randomWalk, requireCapabilities, sampleNear } from "./spaces/space.js";
export { readSpaceSpec, type SpaceSpec } from "./spaces/spec/schema.js";
export { SpecSpace } from "./spaces/spec/space.js";
export { SPIKENAS_OPS, SpikenasSpace, spikenas } from "./spaces/spikenas/space.js";
export { SposSpace, sposCost } from "./spaces/spos/space.js";
export { TransnasMacroSpace, transnasMacro } from "./spaces/transnas/macro.js";
export { TRANSNAS_MICRO_OPS, TransnasMicroSpace, transnasMicro } from "./spaces/transnas/micro.js";
export { writeFileAtomic } from "./store/atomic.js";
export { EvaluationStore, type StoreStats } from "./store/evaluations.js";
