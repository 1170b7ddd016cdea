/**
 * Constraints: the supports of parameters and distributions. Continuous
 * constraints map to bijectors through the registry in `bijectors/`;
 * integer supports describe discrete distributions and integer data.
 *
 * @module
 */

/**
 * A support, as a plain object. The shape of the constrained value is given
 * separately (by the parameter declaration or the distribution):
 *
 * - `real`: any real number;
 * - `lower`: `x > lower` (positive when `lower = 0`);
 * - `upper`: `x < upper`;
 * - `interval`: `lower < x < upper` (unit interval when 0 and 1);
 * - `simplex`: a vector of K non-negative entries summing to 1 (K - 1 free);
 * - `ordered`: a strictly increasing vector;
 * - `positive-ordered`: a strictly increasing vector of positive entries;
 * - `cholesky-corr`: lower-triangular K x K Cholesky factor of a correlation
 *   matrix (K(K-1)/2 free);
 * - `cov-matrix`: symmetric positive-definite K x K matrix (K(K+1)/2 free);
 * - `integer`: integers in `[lower, upper]` (either bound optional), for
 *   discrete distributions and integer data; no bijector.
 *
 * @category Constraints
 */
export type Constraint =
  | RealConstraint
  | LowerConstraint
  | UpperConstraint
  | IntervalConstraint
  | ShapeConstraint<'simplex'>
  | ShapeConstraint<'ordered'>
  | ShapeConstraint<'positive-ordered'>
  | ShapeConstraint<'cholesky-corr'>
  | ShapeConstraint<'cov-matrix'>
  | IntegerConstraint;

/**
 * A constraint on a whole vector or matrix, without parameters: `simplex`,
 * `ordered`, `positive-ordered`, `cholesky-corr` or `cov-matrix` (see
 * {@link Constraint}).
 *
 * @typeParam T - The constraint's name.
 * @category Constraints
 */
export interface ShapeConstraint<
  T extends 'simplex' | 'ordered' | 'positive-ordered' | 'cholesky-corr' | 'cov-matrix',
> {
  /** Discriminant. */
  readonly type: T;
}

/** Any real number. @category Constraints */
export interface RealConstraint {
  /** Discriminant. */
  readonly type: 'real';
}

/** `x > lower`. @category Constraints */
export interface LowerConstraint {
  /** Discriminant. */
  readonly type: 'lower';
  /** Exclusive lower bound. */
  readonly lower: number;
}

/** `x < upper`. @category Constraints */
export interface UpperConstraint {
  /** Discriminant. */
  readonly type: 'upper';
  /** Exclusive upper bound. */
  readonly upper: number;
}

/** `lower < x < upper`. @category Constraints */
export interface IntervalConstraint {
  /** Discriminant. */
  readonly type: 'interval';
  /** Exclusive lower bound. */
  readonly lower: number;
  /** Exclusive upper bound. */
  readonly upper: number;
}

/** Integers in `[lower, upper]`, either bound optional. @category Constraints */
export interface IntegerConstraint {
  /** Discriminant. */
  readonly type: 'integer';
  /** Inclusive lower bound. */
  readonly lower?: number;
  /** Inclusive upper bound. */
  readonly upper?: number;
}

/** Names of all constraint types. */
export type ConstraintType = Constraint['type'];

/** Continuous constraints, those with a bijector. */
export type ContinuousConstraint = Exclude<Constraint, IntegerConstraint>;

/** Support helpers, for declarations and distributions. @category Constraints */
export const constraints = {
  /** Any real number. */
  real: { type: 'real' } as Constraint,
  /** `x > 0`. */
  positive: { type: 'lower', lower: 0 } as Constraint,
  /** `0 < x < 1`. */
  unitInterval: { type: 'interval', lower: 0, upper: 1 } as Constraint,
  /** Non-negative entries summing to 1. */
  simplex: { type: 'simplex' } as Constraint,
  /** A strictly increasing vector. */
  ordered: { type: 'ordered' } as Constraint,
  /** A strictly increasing vector of positive entries. */
  positiveOrdered: { type: 'positive-ordered' } as Constraint,
  /** Lower-triangular Cholesky factor of a correlation matrix. */
  choleskyCorr: { type: 'cholesky-corr' } as Constraint,
  /** Symmetric positive-definite matrix. */
  covMatrix: { type: 'cov-matrix' } as Constraint,
  /** Integers `>= 0` (counts). */
  nonNegativeInteger: { type: 'integer', lower: 0 } as Constraint,
  /** Integers in `[0, 1]`. */
  boolean: { type: 'integer', lower: 0, upper: 1 } as Constraint,
  /** `x > lower`. */
  lower: (lower: number): Constraint => ({ type: 'lower', lower }),
  /** `x < upper`. */
  upper: (upper: number): Constraint => ({ type: 'upper', upper }),
  /** `lower < x < upper`. */
  interval: (lower: number, upper: number): Constraint => ({ type: 'interval', lower, upper }),
  /** Integers in `[lower, upper]`, either bound optional. */
  integer: (lower?: number, upper?: number): Constraint => ({
    type: 'integer',
    ...(lower !== undefined ? { lower } : {}),
    ...(upper !== undefined ? { upper } : {}),
  }),
} as const;

/** Human-readable description of a constraint, for error messages. */
export function describeConstraint(c: Constraint): string {
  switch (c.type) {
    case 'real':
      return 'a real number';
    case 'lower':
      return c.lower === 0 ? 'positive' : `greater than ${c.lower}`;
    case 'upper':
      return `less than ${c.upper}`;
    case 'interval':
      return `in the open interval (${c.lower}, ${c.upper})`;
    case 'simplex':
      return 'a simplex (non-negative entries summing to 1)';
    case 'ordered':
      return 'a strictly increasing vector';
    case 'positive-ordered':
      return 'a strictly increasing vector of positive numbers';
    case 'cholesky-corr':
      return 'the lower-triangular Cholesky factor of a correlation matrix';
    case 'cov-matrix':
      return 'a symmetric positive-definite matrix';
    case 'integer':
      if (c.lower !== undefined && c.upper !== undefined) return `an integer in [${c.lower}, ${c.upper}]`;
      if (c.lower !== undefined) return `an integer >= ${c.lower}`;
      if (c.upper !== undefined) return `an integer <= ${c.upper}`;
      return 'an integer';
  }
}
