/**
 * The bijector registry: one bijector per continuous constraint.
 *
 * @module
 */
import type { Constraint } from '../constraints.js';
import { ModelDefinitionError, describeValue } from '../core/errors.js';
import type { Bijector } from './bijector.js';
import { CholeskyCorrBijector } from './cholesky-corr.js';
import { CovMatrixBijector } from './cov-matrix.js';
import { IdentityBijector } from './identity.js';
import { IntervalBijector } from './interval.js';
import { LowerBoundBijector } from './lower-bound.js';
import { OrderedBijector } from './ordered.js';
import { PositiveOrderedBijector } from './positive-ordered.js';
import { SimplexBijector } from './simplex.js';
import { UpperBoundBijector } from './upper-bound.js';

/**
 * The bijector of a continuous constraint, using Stan's transforms:
 *
 * | constraint         | bijector                    | `y` from unconstrained `z`                         |
 * | ------------------ | --------------------------- | -------------------------------------------------- |
 * | `real`             | `IdentityBijector`        | `y = z`                                        |
 * | `lower(a)`         | `LowerBoundBijector`      | `y = a + exp(z)`                               |
 * | `upper(b)`         | `UpperBoundBijector`      | `y = b - exp(z)`                               |
 * | `interval(a, b)`   | `IntervalBijector`        | `y = a + (b - a) sigmoid(z)`                   |
 * | `simplex`          | `SimplexBijector`         | stick-breaking, `w_k = sigmoid(z_k - log(K - k))` |
 * | `ordered`          | `OrderedBijector`         | `y = cumsum([z_1, exp(z_2), ..., exp(z_K)])`   |
 * | `positive-ordered` | `PositiveOrderedBijector` | `y = cumsum(exp(z))`                           |
 * | `cholesky-corr`    | `CholeskyCorrBijector`    | `tanh(z)` partial correlations to `L`          |
 * | `cov-matrix`       | `CovMatrixBijector`       | `L L^T`, `L` lower with `exp` on its diagonal  |
 *
 * @throws {@link ModelDefinitionError} for an `integer` constraint (no
 *   bijector: integer supports are for data and discrete distributions), an
 *   unknown constraint type, or bad bounds (non-finite bounds, an interval
 *   with `lower >= upper`); the error names the constraint.
 * @example
 * ```ts
 * import { bijectorFor } from 'brenier';
 *
 * const unit = bijectorFor({ type: 'interval', lower: 0, upper: 1 });
 * unit.unconstrainedSize([3]); // 3
 * Array.from(unit.inverse(new Float64Array([0.5, 0.9]), [2])); // ≈ [0, 2.197] (the logit)
 * bijectorFor({ type: 'cholesky-corr' }).unconstrainedSize([4, 4]); // 6
 * ```
 * @category Bijectors
 */
export function bijectorFor(constraint: Constraint): Bijector {
  const c: unknown = constraint;
  if (typeof c !== 'object' || c === null || typeof (c as { type?: unknown }).type !== 'string') {
    throw new ModelDefinitionError(
      'constraint',
      `expected a constraint object with a string 'type', received ${describeValue(c)}`,
    );
  }
  switch (constraint.type) {
    case 'real':
      return new IdentityBijector();
    case 'lower':
      return new LowerBoundBijector(constraint.lower);
    case 'upper':
      return new UpperBoundBijector(constraint.upper);
    case 'interval':
      return new IntervalBijector(constraint.lower, constraint.upper);
    case 'simplex':
      return new SimplexBijector();
    case 'ordered':
      return new OrderedBijector();
    case 'positive-ordered':
      return new PositiveOrderedBijector();
    case 'cholesky-corr':
      return new CholeskyCorrBijector();
    case 'cov-matrix':
      return new CovMatrixBijector();
    case 'integer':
      throw new ModelDefinitionError(
        "constraint 'integer'",
        'integer constraints have no bijector: a parameter must be continuous (integer supports are for data and discrete distributions)',
      );
    default: {
      const type = (constraint as { type: string }).type;
      throw new ModelDefinitionError(
        `constraint '${type}'`,
        `unknown constraint type '${type}'; expected one of real, lower, upper, interval, simplex, ordered, positive-ordered, cholesky-corr, cov-matrix`,
      );
    }
  }
}
