/**
 * Types of a model specification, shared by `defineModel` and the compiled
 * model.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng.js';
import type { DataDecl, DataValues } from './data.js';
import type { ParamDecl } from './parameters.js';

/**
 * Parameter values as the log density sees them: float32 tensors with a
 * leading particle axis of size N. A scalar parameter has shape `[N, 1]`, a
 * vector `[N, K]`, a matrix `[N, R, C]`, so that the broadcasting rules make
 * `mu + tau * z` and `normal(theta, sigma).logProb(y)` work as written.
 */
export type ParamValues<P> = { readonly [K in keyof P]: tf.Tensor };

/** Derived quantities: tensors of shape `[N, ...]` (`[N]` or `[N, 1]` is a scalar). */
export type Derived = Record<string, tf.Tensor>;

/**
 * What a log density returns: one tensor, a list of terms, or named terms
 * (each a tensor or a list of tensors). Every term has the particle axis
 * first (`[N, ...]`, or `[1, ...]` for a term shared by all particles);
 * each is summed over its other axes. Named terms make diagnostics name the
 * culprit (e.g. `{ priors: [...], likelihood }`).
 */
export type LogDensityTerms =
  tf.Tensor | readonly tf.Tensor[] | Readonly<Record<string, tf.Tensor | readonly tf.Tensor[]>>;

/** Extra information a log density receives. */
export interface ModelContext {
  /** Number of particles in this evaluation (the size of the leading axis). */
  readonly particles: number;
}

/**
 * A model specification: data schema, parameters, log density, and optional
 * derived quantities (Stan's transformed parameters and generated
 * quantities).
 *
 * @category Model
 */
export interface ModelSpec<
  D extends Record<string, DataDecl>,
  P extends Record<string, ParamDecl>,
  T extends Derived,
  G extends Derived,
> {
  /** Name used in messages and benchmarks. */
  readonly name?: string;
  /** Data schema (see {@link data}). */
  readonly data?: D;
  /** Parameters (see {@link param}); declaration order fixes the unconstrained layout. */
  readonly params: P;
  /**
   * Deterministic functions of the parameters computed before the log
   * density, available to it, and reported in draws under their own names
   * (Stan's transformed parameters), e.g. `theta = mu + tau * z`.
   */
  readonly transformed?: (params: ParamValues<P>, data: DataValues<D>) => T;
  /**
   * The unnormalised log density over the constrained parameters (no
   * Jacobian: the toolkit adds it), evaluated for N particles at once.
   */
  readonly logDensity: (params: ParamValues<P> & T, data: DataValues<D>, context: ModelContext) => LogDensityTerms;
  /**
   * Quantities computed per draw only for reporting (Stan's generated
   * quantities), with a seeded generator for posterior predictive draws:
   * `y_rep: normal(theta, sigma).sampleTensor(rng)`.
   */
  readonly generated?: (params: ParamValues<P> & T, data: DataValues<D>, rng: Rng) => G;
}
