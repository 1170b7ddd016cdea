/**
 * Parameter declarations: a shape (which may name integer data fields) and a
 * constraint. Each constraint maps to its bijector through the registry in
 * `bijectors/`, so the engines see only unconstrained coordinates.
 *
 * @module
 */
import type { Constraint, ContinuousConstraint } from '../constraints.js';
import { ModelDefinitionError } from '../core/errors.js';
import { shapeList, type Dim, type ShapeSpec } from './shapes.js';

/**
 * Declaration of one parameter: its constraint and its full shape
 * (for a simplex, ordered vector or matrix constraint the last one or two
 * dimensions are the constrained event; leading dimensions are independent
 * copies, like Stan's arrays). Build it with the {@link param} helpers.
 *
 * @example
 * ```ts
 * import { param, type ParamDecl } from 'brenier';
 *
 * const sigma: ParamDecl = param.positive('K');
 * sigma.constraint; // { type: 'lower', lower: 0 }
 * sigma.dims; // ['K']
 * ```
 * @category Model
 */
export interface ParamDecl {
  /** The support, mapped to a bijector by the registry. */
  readonly constraint: ContinuousConstraint;
  /** Full shape, with integer data-field names resolved when data are bound. */
  readonly dims: readonly Dim[];
}

function checkBound(name: string, v: number): number {
  if (!Number.isFinite(v))
    throw new ModelDefinitionError(`param.${name}`, `bound must be a finite number, received ${v}`);
  return v;
}

function withArray(array: ShapeSpec | undefined, event: readonly Dim[]): readonly Dim[] {
  return [...shapeList(array), ...event];
}

/**
 * Options of the vector- and matrix-valued parameter helpers.
 *
 * @example One simplex per group
 * ```ts
 * import { param, type ArrayOptions } from 'brenier';
 *
 * const perGroup: ArrayOptions = { array: 'G' };
 * const theta = param.simplex(3, perGroup); // Stan's array[G] simplex[3]: [N, G, 3] in the log density
 * theta.dims; // ['G', 3]
 * ```
 */
export interface ArrayOptions {
  /** Leading dimensions: independent copies (Stan's `array[G] simplex[K]`). */
  array?: ShapeSpec;
}

/**
 * Parameter declarations. The optional `shape` of the elementwise ones is
 * a dimension or list of dimensions (numbers or integer data-field names);
 * omitted, the parameter is a scalar.
 *
 * Write the density over the constrained values; the toolkit maps each
 * constraint from unconstrained coordinates and adds the log-Jacobian.
 *
 * @example
 * ```ts
 * import { data, defineModel, dirichlet, initBackend, lkjCholesky, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { K: data.int({ lower: 1 }) },
 *   params: {
 *     mu: param.real(), // [N, 1] in the log density
 *     sigma: param.positive('K'), // [N, K], each > 0
 *     w: param.simplex('K'), // [N, K], sums to 1 (K - 1 free coordinates)
 *     cutpoints: param.ordered(3), // [N, 3], increasing
 *     L: param.choleskyCorr(2), // [N, 2, 2], Cholesky factor of a correlation matrix
 *     rho: param.bounded(-1, 1), // [N, 1], in (-1, 1)
 *   },
 *   logDensity: ({ mu, sigma, w, cutpoints, L, rho }) => [
 *     normal(0, 1).logProb(mu),
 *     normal(0, 1).logProb(sigma), // half-normal through the constraint
 *     dirichlet([1, 1, 1]).logProb(w),
 *     normal(0, 5).logProb(cutpoints),
 *     lkjCholesky(2, 2).logProb(L),
 *     normal(0, 1).logProb(rho),
 *   ],
 * });
 * await initBackend();
 * const compiled = model.compile({ K: 3 });
 * compiled.dimension; // 11 = 1 + 3 + 2 + 3 + 1 + 1
 * compiled.parameterNames.slice(-5); // ['L[1,1]', 'L[2,1]', 'L[1,2]', 'L[2,2]', 'rho']
 * ```
 * @category Model
 */
export const param = {
  /** Unconstrained real(s). */
  real: (shape?: ShapeSpec): ParamDecl => ({ constraint: { type: 'real' }, dims: shapeList(shape) }),
  /** Positive real(s): `x > 0` (log transform). */
  positive: (shape?: ShapeSpec): ParamDecl => ({ constraint: { type: 'lower', lower: 0 }, dims: shapeList(shape) }),
  /** Real(s) with a lower bound: `x > lower`. */
  lower: (lower: number, shape?: ShapeSpec): ParamDecl => ({
    constraint: { type: 'lower', lower: checkBound('lower', lower) },
    dims: shapeList(shape),
  }),
  /** Real(s) with an upper bound: `x < upper`. */
  upper: (upper: number, shape?: ShapeSpec): ParamDecl => ({
    constraint: { type: 'upper', upper: checkBound('upper', upper) },
    dims: shapeList(shape),
  }),
  /** Real(s) in an open interval: `lower < x < upper` (scaled logit transform). */
  bounded: (lower: number, upper: number, shape?: ShapeSpec): ParamDecl => {
    checkBound('bounded', lower);
    checkBound('bounded', upper);
    if (!(lower < upper)) {
      throw new ModelDefinitionError('param.bounded', `lower bound ${lower} must be below upper bound ${upper}`);
    }
    return { constraint: { type: 'interval', lower, upper }, dims: shapeList(shape) };
  },
  /** Real(s) in (0, 1). */
  unitInterval: (shape?: ShapeSpec): ParamDecl => ({
    constraint: { type: 'interval', lower: 0, upper: 1 },
    dims: shapeList(shape),
  }),
  /** A simplex of `size` entries (stick-breaking, `size - 1` free coordinates). */
  simplex: (size: Dim, options: ArrayOptions = {}): ParamDecl => ({
    constraint: { type: 'simplex' },
    dims: withArray(options.array, [size]),
  }),
  /** A strictly increasing vector. */
  ordered: (size: Dim, options: ArrayOptions = {}): ParamDecl => ({
    constraint: { type: 'ordered' },
    dims: withArray(options.array, [size]),
  }),
  /** A strictly increasing vector of positive numbers. */
  positiveOrdered: (size: Dim, options: ArrayOptions = {}): ParamDecl => ({
    constraint: { type: 'positive-ordered' },
    dims: withArray(options.array, [size]),
  }),
  /** Lower-triangular Cholesky factor of a `size` x `size` correlation matrix. */
  choleskyCorr: (size: Dim, options: ArrayOptions = {}): ParamDecl => ({
    constraint: { type: 'cholesky-corr' },
    dims: withArray(options.array, [size, size]),
  }),
  /** A `size` x `size` covariance (symmetric positive-definite) matrix. */
  covMatrix: (size: Dim, options: ArrayOptions = {}): ParamDecl => ({
    constraint: { type: 'cov-matrix' },
    dims: withArray(options.array, [size, size]),
  }),
  /**
   * A parameter with any continuous constraint given as an object, e.g.
   * `param.constrained({ type: 'lower', lower: 2 }, 'K')`. A discrete
   * (integer) constraint throws a `ModelDefinitionError` at once; an
   * unknown constraint type is rejected when the model is defined.
   */
  constrained: (constraint: Constraint, shape?: ShapeSpec): ParamDecl => {
    if (constraint.type === 'integer') {
      throw new ModelDefinitionError(
        'param.constrained',
        'parameters must be continuous: integer constraints are for data and discrete distributions',
      );
    }
    return { constraint, dims: shapeList(shape) };
  },
} as const;
