/**
 * Parameters in an open interval `(a, b)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
import { ModelDefinitionError } from '../core/errors.js';
import { sizeOf } from '../core/ndarray.js';
import type { Bijector } from './bijector.js';
import { basicValueProblem, expectBatch, expectValue, formatIndex, shapeProblem } from './identity.js';

/**
 * Stan's interval transform, elementwise on any shape:
 * `y = a + (b - a) * sigmoid(z)`, `z = log(y - a) - log(b - y)`,
 * `log|J| = sum [log(b - a) - softplus(-z) - softplus(z)]`
 * (that is `log(b - a) + log sigmoid(z) + log sigmoid(-z)`, in a form that
 * stays finite for large `|z|`).
 *
 * Both bounds must be finite with `a < b`; otherwise the constructor throws
 * a `ModelDefinitionError`.
 *
 * @category Bijectors
 */
export class IntervalBijector implements Bijector {
  /** `{ type: 'interval', lower: a, upper: b }`. */
  readonly constraint: ContinuousConstraint;
  /** The lower bound `a`. */
  readonly lower: number;
  /** The upper bound `b`. */
  readonly upper: number;

  /**
   * @param lower - the finite lower bound `a`.
   * @param upper - the finite upper bound `b > a`.
   */
  constructor(lower: number, upper: number) {
    if (typeof lower !== 'number' || typeof upper !== 'number' || !Number.isFinite(lower) || !Number.isFinite(upper)) {
      throw new ModelDefinitionError(
        "constraint 'interval'",
        `both bounds must be finite numbers, received (${String(lower)}, ${String(upper)}) (use 'lower' or 'upper' for a one-sided bound)`,
      );
    }
    if (!(lower < upper)) {
      throw new ModelDefinitionError(
        "constraint 'interval'",
        `the lower bound must be less than the upper bound, received (${lower}, ${upper})`,
      );
    }
    this.lower = lower;
    this.upper = upper;
    this.constraint = { type: 'interval', lower, upper };
  }

  /** `prod(shape)`; any shape is allowed. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return shapeProblem(shape) ?? sizeOf(shape);
  }

  /** `y = a + (b - a) sigmoid(z)`, `log|J| = sum [log(b - a) - softplus(-z) - softplus(z)]`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    const width = this.upper - this.lower;
    const y = tf.add(tf.mul(tf.sigmoid(z), width), this.lower);
    const logJ = tf.sub(Math.log(width), tf.add(tf.softplus(tf.neg(z)), tf.softplus(z)));
    return { value: tf.reshape(y, [n, ...shape]), logDetJacobian: tf.sum(logJ, 1) };
  }

  /** `z = logit((y - a) / (b - a)) = log(y - a) - log(b - y)`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    return y.map((v) => Math.log(v - this.lower) - Math.log(this.upper - v));
  }

  /** Every entry must be finite and strictly between `a` and `b`. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      if (!(v > this.lower && v < this.upper)) {
        return `entry ${formatIndex(i, shape)} is ${v}, not in the open interval (${this.lower}, ${this.upper})`;
      }
    }
    return undefined;
  }

  /** All entries. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'freeCoordinates');
    return Float64Array.from(y);
  }
}
