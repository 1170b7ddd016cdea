/**
 * `defineModel`: declare a Bayesian model once, as data schema, constrained
 * parameters and a batched log density.
 *
 * @module
 */
import { ModelDefinitionError } from '../core/errors.js';
import { bindData, type DataDecl, type DataInput } from './data.js';
import { CompiledModel, type LogDensityAtOptions } from './compiled-model.js';
import type { ParamDecl } from './parameters.js';
import type { Derived, ModelSpec } from './types.js';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A declared model, not yet bound to data. Build it with
 * {@link defineModel}; pass it, with data, to {@link fitPosterior},
 * {@link sampleNuts} or {@link fitAdvi}, or compile it once with
 * {@link Model.compile} to evaluate log densities yourself.
 *
 * @example
 * ```ts
 * import { initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * eightSchools.name; // 'eight_schools_noncentered'
 * const compiled = eightSchools.compile(eightSchoolsData()); // validates and binds the data once
 * compiled.dimension; // 10
 * compiled.drawNames.length; // 18: theta_trans[1..8], mu, tau, theta[1..8]
 * ```
 * @category Model
 */
export class Model<
  D extends Record<string, DataDecl> = Record<string, DataDecl>,
  P extends Record<string, ParamDecl> = Record<string, ParamDecl>,
  T extends Derived = Derived,
  G extends Derived = Derived,
> {
  /** Model name. */
  readonly name: string;
  /** The specification given to {@link defineModel}. */
  readonly spec: ModelSpec<D, P, T, G>;

  /** @internal Use {@link defineModel}. */
  constructor(spec: ModelSpec<D, P, T, G>) {
    this.spec = spec;
    this.name = spec.name ?? 'model';
  }

  /**
   * Validate `data` against the schema and compile the model: resolve
   * parameter shapes, lay out the unconstrained space, check the shapes of
   * the log-density terms once. Requires an initialised backend
   * (`await initBackend()`).
   *
   * @throws {@link DataValidationError} naming the offending field.
   * @throws {@link ShapeMismatchError} when the log density's tensors do not broadcast.
   */
  compile(data: DataInput = {}): CompiledModel {
    const bound = bindData(this.spec.data ?? {}, data);
    return new CompiledModel(this.spec as never, bound);
  }

  /**
   * Log density at one constrained point, given as plain numbers and
   * arrays: the model's density over its parameters as written (no
   * Jacobian unless `options.jacobian`). Compiles the model for these data;
   * to evaluate many points, `compile` once and use
   * {@link CompiledModel.logDensityAt}.
   *
   * @example
   * ```ts
   * import { initBackend } from 'brenier';
   * import { eightSchools, eightSchoolsData } from 'brenier/models';
   *
   * await initBackend();
   * const point = { mu: 4, tau: 3, theta_trans: [0, 0, 0, 0, 0, 0, 0, 0] };
   * const lp = eightSchools.logDensity(point, eightSchoolsData()); // ≈ -43.35
   * // With the log-Jacobian of tau's log transform: lp + log(3) ≈ -42.25
   * const lpUnconstrained = eightSchools.logDensity(point, eightSchoolsData(), { jacobian: true });
   * ```
   */
  logDensity(
    params: Readonly<Record<string, unknown>>,
    data: DataInput = {},
    options: LogDensityAtOptions = {},
  ): number {
    const compiled = this.compile(data);
    try {
      return compiled.logDensityAt(params, options);
    } finally {
      compiled.dispose();
    }
  }
}

/**
 * Declare a model.
 *
 * The log density is written once and evaluated for N particles at a time.
 * **Batching convention**: every parameter arrives with a leading particle
 * axis (a scalar is `[N, 1]`, a vector `[N, K]`, a matrix `[N, R, C]`); data
 * arrive without one (tensors of their declared shape; integer and real
 * scalars as plain numbers). Broadcasting then lines things up:
 * `tf.add(mu, tf.mul(tau, z))` is `[N, J]`, and
 * `normal(theta, sigma).logProb(y)` with `y` of shape `[J]` is `[N, J]`.
 * The log density returns terms (a tensor, a list, or named terms), each
 * with the particle axis first; each is summed over its other axes. Helpers
 * such as {@link linearPredictor} and {@link select} cover the cases where
 * the batching would otherwise show in the model code.
 *
 * @example Eight schools, non-centred
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { cauchy, data, defineModel, fitPosterior, initBackend, normal, param } from 'brenier';
 *
 * const eightSchools = defineModel({
 *   name: 'eight_schools_noncentered',
 *   data: { J: data.int({ lower: 1 }), y: data.vector('J'), sigma: data.vector('J', { lower: 0 }) },
 *   params: { theta_trans: param.real('J'), mu: param.real(), tau: param.positive() },
 *   transformed: ({ mu, tau, theta_trans }) => ({ theta: tf.add(mu, tf.mul(tau, theta_trans)) }),
 *   logDensity: ({ theta_trans, mu, tau, theta }, { y, sigma }) => ({
 *     priors: [normal(0, 5).logProb(mu), cauchy(0, 5).logProb(tau), normal(0, 1).logProb(theta_trans)],
 *     likelihood: normal(theta, sigma).logProb(y),
 *   }),
 * });
 * await initBackend();
 * const schools = { J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] };
 * const posterior = await fitPosterior(eightSchools, schools, { seed: 1 });
 * console.log(posterior.formatSummary()); // posterior means: mu ≈ 4.5, tau ≈ 3.2
 * ```
 * @throws {@link ModelDefinitionError} for a malformed specification.
 * @category Model
 */
export function defineModel<
  D extends Record<string, DataDecl> = Record<never, DataDecl>,
  P extends Record<string, ParamDecl> = Record<string, ParamDecl>,
  T extends Derived = Record<never, never>,
  G extends Derived = Record<never, never>,
>(spec: ModelSpec<D, P, T, G>): Model<D, P, T, G> {
  const entry = spec.name ?? 'defineModel';
  if (spec === null || typeof spec !== 'object')
    throw new ModelDefinitionError(entry, 'the specification must be an object');
  if (typeof spec.logDensity !== 'function') throw new ModelDefinitionError(entry, "'logDensity' must be a function");
  if (spec.params === null || typeof spec.params !== 'object' || Object.keys(spec.params).length === 0) {
    throw new ModelDefinitionError(entry, "'params' must declare at least one parameter");
  }
  for (const [kind, fn] of [
    ['transformed', spec.transformed],
    ['generated', spec.generated],
  ] as const) {
    if (fn !== undefined && typeof fn !== 'function')
      throw new ModelDefinitionError(entry, `'${kind}' must be a function`);
  }
  const dataNames = Object.keys(spec.data ?? {});
  for (const [name, decl] of Object.entries(spec.data ?? {})) {
    if (!NAME_PATTERN.test(name)) throw new ModelDefinitionError(name, 'data names must be identifiers');
    if (decl === null || typeof decl !== 'object' || (decl.kind !== 'int' && decl.kind !== 'real')) {
      throw new ModelDefinitionError(name, 'not a data declaration: use data.int(), data.vector(...), ...');
    }
    checkDims(name, decl.dims, spec.data ?? {});
  }
  for (const [name, decl] of Object.entries(spec.params)) {
    if (!NAME_PATTERN.test(name)) throw new ModelDefinitionError(name, 'parameter names must be identifiers');
    if (dataNames.includes(name)) throw new ModelDefinitionError(name, 'a parameter and a data field share this name');
    if (decl === null || typeof decl !== 'object' || typeof decl.constraint !== 'object' || !Array.isArray(decl.dims)) {
      throw new ModelDefinitionError(name, 'not a parameter declaration: use param.real(), param.positive(), ...');
    }
    checkDims(name, decl.dims, spec.data ?? {});
  }
  // Unknown constraint types are rejected here, when the model is defined.
  for (const [name, decl] of Object.entries(spec.params)) {
    const known = [
      'real',
      'lower',
      'upper',
      'interval',
      'simplex',
      'ordered',
      'positive-ordered',
      'cholesky-corr',
      'cov-matrix',
    ];
    if (!known.includes(decl.constraint.type)) {
      throw new ModelDefinitionError(
        name,
        `unknown constraint '${String(decl.constraint.type)}' (expected one of ${known.join(', ')})`,
      );
    }
  }
  return new Model(spec);
}

function checkDims(entry: string, dims: readonly unknown[], schema: Readonly<Record<string, DataDecl>>): void {
  for (const d of dims) {
    if (typeof d === 'number') {
      if (!Number.isInteger(d) || d < 0)
        throw new ModelDefinitionError(entry, `dimension ${d} is not a non-negative integer`);
    } else if (typeof d === 'string') {
      const target = schema[d];
      if (target === undefined || target.kind !== 'int' || target.dims.length !== 0) {
        throw new ModelDefinitionError(entry, `dimension '${d}' must name an integer scalar data field (data.int())`);
      }
    } else {
      throw new ModelDefinitionError(entry, `dimension ${String(d)} must be a number or a data-field name`);
    }
  }
}
