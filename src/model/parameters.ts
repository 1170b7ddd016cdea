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

/** Options of the vector- and matrix-valued parameter helpers. */
export interface ArrayOptions {
  /** Leading dimensions: independent copies (Stan's `array[G] simplex[K]`). */
  array?: ShapeSpec;
}

/**
 * Parameter declarations. The optional `shape` of the elementwise ones is
 * a dimension or list of dimensions (numbers or integer data-field names);
 * omitted, the parameter is a scalar.
 *
 * @example
 * ```ts
 * params: {
 *   mu: param.real(),
 *   tau: param.positive(),
 *   z: param.real('J'),                 // one per group
 *   p: param.unitInterval(),
 *   w: param.simplex('K'),
 *   cutpoints: param.ordered(4),
 *   L_Omega: param.choleskyCorr(2),
 *   Sigma: param.covMatrix('K'),
 *   phi: param.bounded(-1, 1, ['G']),
 * }
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
   * `param.constrained({ type: 'lower', lower: 2 }, 'K')`. Unknown or
   * discrete constraint types are rejected when the model is defined.
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
