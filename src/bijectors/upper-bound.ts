/**
 * Upper-bounded parameters (`x < b`).
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
 * Stan's upper-bound transform, elementwise on any shape:
 * `y = b - exp(z)`, `z = log(b - y)`, `log|J| = sum z`.
 *
 * The bound must be finite (use the `real` constraint for an unbounded
 * parameter); otherwise the constructor throws a `ModelDefinitionError`.
 *
 * @category Bijectors
 */
export class UpperBoundBijector implements Bijector {
  /** `{ type: 'upper', upper: b }`. */
  readonly constraint: ContinuousConstraint;
  /** The bound `b`. */
  readonly upper: number;

  /** @param upper - the finite upper bound `b`. */
  constructor(upper: number) {
    if (typeof upper !== 'number' || !Number.isFinite(upper)) {
      throw new ModelDefinitionError(
        "constraint 'upper'",
        `the upper bound must be a finite number, received ${String(upper)} (use 'real' for an unbounded parameter)`,
      );
    }
    this.upper = upper;
    this.constraint = { type: 'upper', upper };
  }

  /** `prod(shape)`; any shape is allowed. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return shapeProblem(shape) ?? sizeOf(shape);
  }

  /** `y = b - exp(z)`, `log|J| = sum_i z_i`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    const y = tf.sub(this.upper, tf.exp(z));
    return { value: tf.reshape(y, [n, ...shape]), logDetJacobian: tf.sum(z, 1) };
  }

  /** `z = log(b - y)`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    return y.map((v) => Math.log(this.upper - v));
  }

  /** Every entry must be finite and less than `b`. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      if (!(v < this.upper)) return `entry ${formatIndex(i, shape)} is ${v}, not less than ${this.upper}`;
    }
    return undefined;
  }

  /** All entries. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'freeCoordinates');
    return Float64Array.from(y);
  }
}
