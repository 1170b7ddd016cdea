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
 *
 * @example Type a prior shared by several models
 * ```ts
 * import type * as tf from '@tensorflow/tfjs';
 * import { defineModel, halfNormal, normal, param, type ParamValues } from 'brenier';
 *
 * const params = { mu: param.real(), tau: param.positive() };
 * // { mu: tf.Tensor; tau: tf.Tensor }, each [N, 1]
 * const priors = ({ mu, tau }: ParamValues<typeof params>): tf.Tensor[] => [
 *   normal(0, 5).logProb(mu),
 *   halfNormal(5).logProb(tau),
 * ];
 * const model = defineModel({ params, logDensity: (values) => priors(values) });
 * ```
 */
export type ParamValues<P> = { readonly [K in keyof P]: tf.Tensor };

/**
 * Derived quantities: tensors of shape `[N, ...]` (`[N]` or `[N, 1]` is a scalar).
 *
 * @example Posterior predictive replicates as generated quantities
 * ```ts
 * import type * as tf from '@tensorflow/tfjs';
 * import { defineModel, initBackend, normal, type Derived, type Rng } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * const replicate = (theta: tf.Tensor, sigma: tf.Tensor, rng: Rng): Derived => ({
 *   y_rep: normal(theta, sigma).sampleTensor(rng), // [N, J]
 * });
 * const model = defineModel({
 *   ...eightSchools.spec,
 *   generated: ({ theta }, { sigma }, rng) => replicate(theta, sigma, rng),
 * });
 * await initBackend();
 * const draws = model.compile(eightSchoolsData()).draws([new Array(10).fill(0)], { seed: 1 });
 * draws.get('y_rep[1]').length; // 1
 * ```
 */
export type Derived = Record<string, tf.Tensor>;

/**
 * What a log density returns: one tensor, a list of terms, or named terms
 * (each a tensor or a list of tensors). Every term has the particle axis
 * first (`[N, ...]`, or `[1, ...]` for a term shared by all particles);
 * each is summed over its other axes. Named terms make diagnostics name the
 * culprit (e.g. `{ priors: [...], likelihood }`).
 *
 * @example
 * ```ts
 * import { data, defineModel, initBackend, normal, param, studentT, type LogDensityTerms } from 'brenier';
 *
 * const robust = defineModel({
 *   data: { N: data.int(), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }): LogDensityTerms => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)], // [N, 1] each
 *     likelihood: studentT(4, mu, sigma).logProb(y), // [N, n], summed over the observations
 *   }),
 * });
 * await initBackend();
 * robust.logDensity({ mu: 0, sigma: 1 }, { N: 3, y: [-0.5, 0.2, 8] }); // ≈ -15.97
 * ```
 */
export type LogDensityTerms =
  tf.Tensor | readonly tf.Tensor[] | Readonly<Record<string, tf.Tensor | readonly tf.Tensor[]>>;

/**
 * Extra information a log density receives.
 *
 * @example A recursion whose state starts at the same value for every particle
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { data, defineModel, initBackend, normal, param, type ModelContext } from 'brenier';
 *
 * // Exponential smoothing: level[t] = alpha y[t] + (1 - alpha) level[t-1], y[t] ~ Normal(level[t-1], sigma).
 * const smoothing = defineModel({
 *   data: { T: data.int({ lower: 1 }), y: data.vector('T'), level0: data.real() },
 *   params: { alpha: param.unitInterval(), sigma: param.positive() },
 *   logDensity: ({ alpha, sigma }, { T, y, level0 }, context: ModelContext) => {
 *     let level: tf.Tensor = tf.fill([context.particles, 1], level0); // [N, 1]
 *     const terms: tf.Tensor[] = [normal(0, 1).logProb(sigma)];
 *     for (const yt of tf.split(y, T)) {
 *       terms.push(normal(level, sigma).logProb(yt)); // [N, 1]
 *       level = tf.add(tf.mul(alpha, yt), tf.mul(tf.sub(1, alpha), level));
 *     }
 *     return terms;
 *   },
 * });
 * await initBackend();
 * const compiled = smoothing.compile({ T: 4, y: [1.0, 1.4, 0.9, 1.3], level0: 1 });
 * ```
 */
export interface ModelContext {
  /** Number of particles in this evaluation (the size of the leading axis). */
  readonly particles: number;
}

/**
 * A model specification: data schema, parameters, log density, and optional
 * derived quantities (Stan's transformed parameters and generated
 * quantities). Every model keeps its specification as `model.spec`.
 *
 * @example Reuse a specification
 * ```ts
 * import { defineModel } from 'brenier';
 * import { eightSchools } from 'brenier/models';
 *
 * const spec = eightSchools.spec;
 * Object.keys(spec.params); // ['theta_trans', 'mu', 'tau']
 * Object.keys(spec.data ?? {}); // ['J', 'y', 'sigma']
 * const copy = defineModel({ ...spec, name: 'eight_schools_copy' }); // the same model under another name
 * ```
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
