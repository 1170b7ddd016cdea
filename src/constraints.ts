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
 * @example
 * ```ts
 * import { binomial, gamma, param, type Constraint } from 'brenier';
 *
 * // The support of a distribution, and the constraint of a parameter:
 * const supports: Constraint[] = [gamma(2, 1).support, binomial(10, 0.5).support];
 * // [{ type: 'lower', lower: 0 }, { type: 'integer', lower: 0, upper: 10 }]
 * const rho: Constraint = { type: 'interval', lower: -1, upper: 1 };
 * const params = { rho: param.constrained(rho, 3) }; // three correlations in (-1, 1)
 * ```
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
 * @example
 * ```ts
 * import { bijectorFor, param, type ShapeConstraint } from 'brenier';
 *
 * const simplex: ShapeConstraint<'simplex'> = { type: 'simplex' };
 * const params = { w: param.constrained(simplex, 3) }; // as param.simplex(3)
 * bijectorFor(simplex).unconstrainedSize([3]); // 2
 * ```
 * @category Constraints
 */
export interface ShapeConstraint<
  T extends 'simplex' | 'ordered' | 'positive-ordered' | 'cholesky-corr' | 'cov-matrix',
> {
  /** Discriminant. */
  readonly type: T;
}

/**
 * Any real number.
 *
 * @example
 * ```ts
 * import { describeConstraint, normal, type RealConstraint } from 'brenier';
 *
 * const real: RealConstraint = { type: 'real' };
 * describeConstraint(real); // 'a real number'
 * normal(0, 1).support; // { type: 'real' }
 * ```
 * @category Constraints
 */
export interface RealConstraint {
  /** Discriminant. */
  readonly type: 'real';
}

/**
 * `x > lower`.
 *
 * @example
 * ```ts
 * import { param, type LowerConstraint } from 'brenier';
 *
 * const aboveTwo: LowerConstraint = { type: 'lower', lower: 2 };
 * const params = { nu: param.constrained(aboveTwo) }; // Stan's real<lower=2> nu, as param.lower(2)
 * ```
 * @category Constraints
 */
export interface LowerConstraint {
  /** Discriminant. */
  readonly type: 'lower';
  /** Exclusive lower bound. */
  readonly lower: number;
}

/**
 * `x < upper`.
 *
 * @example
 * ```ts
 * import { param, type UpperConstraint } from 'brenier';
 *
 * const negative: UpperConstraint = { type: 'upper', upper: 0 };
 * const params = { b: param.constrained(negative, 'K') }; // Stan's vector<upper=0>[K] b, as param.upper(0, 'K')
 * ```
 * @category Constraints
 */
export interface UpperConstraint {
  /** Discriminant. */
  readonly type: 'upper';
  /** Exclusive upper bound. */
  readonly upper: number;
}

/**
 * `lower < x < upper`.
 *
 * @example
 * ```ts
 * import { describeConstraint, param, type IntervalConstraint } from 'brenier';
 *
 * const correlation: IntervalConstraint = { type: 'interval', lower: -1, upper: 1 };
 * const params = { rho: param.constrained(correlation) }; // as param.bounded(-1, 1)
 * describeConstraint(correlation); // 'in the open interval (-1, 1)'
 * ```
 * @category Constraints
 */
export interface IntervalConstraint {
  /** Discriminant. */
  readonly type: 'interval';
  /** Exclusive lower bound. */
  readonly lower: number;
  /** Exclusive upper bound. */
  readonly upper: number;
}

/**
 * Integers in `[lower, upper]`, either bound optional.
 *
 * @example
 * ```ts
 * import { describeConstraint, poisson, type IntegerConstraint } from 'brenier';
 *
 * const counts: IntegerConstraint = { type: 'integer', lower: 0 };
 * describeConstraint(counts); // 'an integer >= 0'
 * poisson(3).support; // { type: 'integer', lower: 0 }
 * ```
 * @category Constraints
 */
export interface IntegerConstraint {
  /** Discriminant. */
  readonly type: 'integer';
  /** Inclusive lower bound. */
  readonly lower?: number;
  /** Inclusive upper bound. */
  readonly upper?: number;
}

/**
 * Names of all constraint types.
 *
 * @example
 * ```ts
 * import { categorical, dirichlet, normal, type ConstraintType } from 'brenier';
 *
 * const laws = [normal(0, 1), dirichlet([1, 1]), categorical([0.5, 0.5])];
 * const kinds: ConstraintType[] = laws.map((d) => d.support.type); // ['real', 'simplex', 'integer']
 * ```
 * @category Constraints
 */
export type ConstraintType = Constraint['type'];

/**
 * Continuous constraints, those with a bijector.
 *
 * @example
 * ```ts
 * import { bijectorFor, param, type ContinuousConstraint } from 'brenier';
 *
 * // Parameters have continuous constraints, each with a bijector.
 * const c: ContinuousConstraint = param.choleskyCorr(3).constraint; // { type: 'cholesky-corr' }
 * bijectorFor(c).unconstrainedSize([3, 3]); // 3
 * ```
 * @category Constraints
 */
export type ContinuousConstraint = Exclude<Constraint, IntegerConstraint>;

/**
 * Support helpers, for declarations and distributions.
 *
 * @example
 * ```ts
 * import { constraints, describeConstraint, param } from 'brenier';
 *
 * constraints.positive; // { type: 'lower', lower: 0 }
 * constraints.interval(-1, 1); // { type: 'interval', lower: -1, upper: 1 }
 * describeConstraint(constraints.nonNegativeInteger); // 'an integer >= 0'
 * const params = { nu: param.constrained(constraints.lower(2)) }; // degrees of freedom above 2
 * ```
 * @category Constraints
 */
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

/**
 * Human-readable description of a constraint, for error messages.
 *
 * @example
 * ```ts
 * import { constraints, describeConstraint } from 'brenier';
 *
 * describeConstraint(constraints.positive); // 'positive'
 * describeConstraint(constraints.integer(0, 10)); // 'an integer in [0, 10]'
 * describeConstraint(constraints.choleskyCorr); // 'the lower-triangular Cholesky factor of a correlation matrix'
 * ```
 */
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
