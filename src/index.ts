/**
 * brenier: Bayesian inference in TypeScript. Declare a model with a typed
 * DSL ({@link defineModel}, {@link param}, {@link data}, the distributions),
 * get batched log densities and scores by automatic differentiation on
 * TensorFlow.js, fit the posterior with the Monge-Ampère flow
 * ({@link fitPosterior}), sample it with NUTS ({@link sampleNuts}), and
 * check the result ({@link compare}, PSIS, R-hat and ESS, the plots).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * console.log(posterior.formatSummary({ draws: 4000, seed: 2 }));
 * const draws = posterior.sample(1000, { seed: 3 }).toObject(); // { mu: [...], tau: [...], 'theta[1]': [...], ... }
 * ```
 *
 * @module brenier
 */
export { initBackend, activeBackend, BACKENDS, type BackendName, type InitBackendOptions } from './backend.js';
export {
  BrenierError,
  ModelDefinitionError,
  DataValidationError,
  ParameterValueError,
  ShapeMismatchError,
  DistributionArgumentError,
  NumericalError,
  BackendError,
  type NumericalIssue,
} from './core/errors.js';
export { Rng } from './core/rng.js';
export type { NDArray, NestedNumbers } from './core/ndarray.js';
export {
  constraints,
  describeConstraint,
  type Constraint,
  type ConstraintType,
  type ContinuousConstraint,
  type RealConstraint,
  type LowerConstraint,
  type UpperConstraint,
  type IntervalConstraint,
  type IntegerConstraint,
  type ShapeConstraint,
} from './constraints.js';
export { bijectorFor, type Bijector, type BijectorOutput } from './bijectors/index.js';
export * from './distributions/index.js';
export { lgamma, lbeta, digammaOp, logGamma, digamma, logBeta } from './math/special.js';
export {
  solveOde,
  solveOdeWithSensitivities,
  type OdeRightHandSide,
  type OdeOptions,
  type OdeSolution,
  type SensitivityProblem,
  type SensitivitySolution,
} from './math/ode.js';
export { defineModel, Model } from './model/define-model.js';
export { data, type DataDecl, type DataBounds, type Bound, type DataInput, type DataValues } from './model/data.js';
export { param, type ParamDecl, type ArrayOptions } from './model/parameters.js';
export type { Dim, ShapeSpec } from './model/shapes.js';
export type { ModelSpec, ModelContext, ParamValues, Derived, LogDensityTerms } from './model/types.js';
export {
  CompiledModel,
  type LogDensityBatch,
  type DrawsOptions,
  type LogDensityAtOptions,
  type EvaluationCounts,
} from './model/compiled-model.js';
export {
  ParameterSpace,
  type ParameterLayout,
  type ParameterSpec,
  type ConstrainedBatch,
} from './model/parameter-space.js';
export { linearPredictor, select, logMix, logAddExp, expandTo, type SelectOptions } from './model/helpers.js';
export { Draws } from './posterior/draws.js';
export * from './diagnostics/index.js';
export * from './theory/index.js';
export { fitPosterior, type FitOptions, type IterateChoice } from './transport/fit-posterior.js';
export {
  constant,
  inverseSqrt,
  inverseLinear,
  scaleAware,
  adaptive,
  toSchedule,
  type Schedule,
  type ScheduleContext,
} from './transport/schedules.js';
export {
  initFlow,
  flowStep,
  type FlowConfig,
  type FlowState,
  type FlowStepInfo,
  type FlowTarget,
  type FlowStepResult,
  type AcceptedPotential,
  type TargetEvaluation,
} from './transport/flow.js';
export type { PotentialFamily, ParticleBatch, MappedBatch, StepKind } from './transport/potential.js';
export { gaussianFamily, type GaussianPotential } from './transport/gaussian-family.js';
export { familyByName, type FamilyName } from './transport/families.js';
export { steinRegression, type SteinRegression } from './transport/stein-regression.js';
export {
  initWarmStart,
  warmStartStep,
  type WarmStartState,
  type WarmStartInfo,
  type WarmStartPrevious,
  type WarmStartStepResult,
} from './transport/warm-start.js';
export {
  Posterior,
  type FitDiagnostics,
  type StopReason,
  type RegretTrace,
  type WarmStartTrace,
  type SampleOptions,
  type ResampleOptions,
  type PosteriorJson,
  type PosteriorComponent,
  type ImportanceWeights,
} from './posterior/posterior.js';
export type { Progress, ProgressOptions } from './core/progress.js';
export {
  sampleNuts,
  McmcResult,
  type NutsOptions,
  type McmcDiagnostics,
  type ChainDiagnostics,
  type NutsSettings,
} from './mcmc/sample-nuts.js';
export {
  initNuts,
  nutsStep,
  nutsTransition,
  runWithTarget,
  type NutsState,
  type NutsParameters,
  type NutsInfo,
  type NutsStepResult,
  type LogDensityAndGradientFn,
  type TargetValue,
  type EvaluationRequests,
} from './mcmc/nuts.js';
export {
  initWindowAdaptation,
  windowAdaptationUpdate,
  windowAdaptationFinal,
  warmupSchedule,
  findReasonableStepSize,
  initDualAveraging,
  dualAveragingUpdate,
  dualAveragingStepSize,
  type WindowAdaptationConfig,
  type WindowAdaptationState,
  type WarmupSchedule,
  type WarmupScheduleOptions,
  type DualAveragingOptions,
  type DualAveragingState,
  type WelfordState,
  type AdaptedTuning,
} from './mcmc/adaptation.js';
export { fitAdvi, type AdviOptions, type AdviResult, type AdviKind, type AdviEtaTrial } from './vi/advi.js';
export {
  plotElboTrace,
  plotRegretTrace,
  plotMarginals,
  plotPairs,
  plotKhat,
  plotTransportGrid,
  type FitTraceSource,
  type TracePlotOptions,
  type MarginalsOptions,
  type PairsOptions,
  type KhatSource,
  type KhatPlotOptions,
  type TransportGridOptions,
  plotPoints,
  type PointsOptions,
} from './plots/index.js';
export { fitGenerative, type GenerativeOptions } from './generative/fit-generative.js';
export {
  fitGaussian,
  fitGaussianMixture,
  type DensityModel,
  type GaussianMixtureOptions,
  type GaussianMixtureFit,
} from './generative/baselines.js';
export { energyTwoSampleTest, type TwoSampleResult, type EnergyTwoSampleOptions } from './generative/two-sample.js';
export {
  gaussianDistribution,
  bananaDistribution,
  twoMoonsDistribution,
  skewedDistribution,
  type SyntheticDistribution,
} from './generative/synthetic.js';
export { TransportMap, type GenerativeDiagnostics, type TransportMapJSON } from './generative/transport-map.js';
export type { RidgeDictionary } from './transport/ridge-family.js';
