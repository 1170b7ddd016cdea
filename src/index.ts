/**
 * brenier: Bayesian inference in TypeScript. Declare a model with a typed
 * DSL, evaluate batched log densities and scores by automatic
 * differentiation on TensorFlow.js.
 *
 * @packageDocumentation
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
} from './constraints.js';
export { bijectorFor, type Bijector, type BijectorOutput } from './bijectors/index.js';
export * from './distributions/index.js';
export { lgamma, lbeta, digammaOp, logGamma, digamma, logBeta } from './math/special.js';
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
export { ParameterSpace, type ParameterLayout, type ParameterSpec } from './model/parameter-space.js';
export { linearPredictor, select, logMix, logAddExp, expandTo, type SelectOptions } from './model/helpers.js';
export { Draws } from './posterior/draws.js';
