/**
 * Lower-bounded parameters (`x > a`, positive when `a = 0`).
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
 * Stan's lower-bound transform, elementwise on any shape:
 * `y = a + exp(z)`, `z = log(y - a)`, `log|J| = sum z`.
 *
 * The bound must be finite (use the `real` constraint for an unbounded
 * parameter); otherwise the constructor throws a `ModelDefinitionError`.
 *
 * @category Bijectors
 */
export class LowerBoundBijector implements Bijector {
  /** `{ type: 'lower', lower: a }`. */
  readonly constraint: ContinuousConstraint;
  /** The bound `a`. */
  readonly lower: number;

  /** @param lower - the finite lower bound `a`. */
  constructor(lower: number) {
    if (typeof lower !== 'number' || !Number.isFinite(lower)) {
      throw new ModelDefinitionError(
        "constraint 'lower'",
        `the lower bound must be a finite number, received ${String(lower)} (use 'real' for an unbounded parameter)`,
      );
    }
    this.lower = lower;
    this.constraint = { type: 'lower', lower };
  }

  /** `prod(shape)`; any shape is allowed. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return shapeProblem(shape) ?? sizeOf(shape);
  }

  /** `y = a + exp(z)`, `log|J| = sum_i z_i`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    const y = tf.add(tf.exp(z), this.lower);
    return { value: tf.reshape(y, [n, ...shape]), logDetJacobian: tf.sum(z, 1) };
  }

  /** `z = log(y - a)`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    return y.map((v) => Math.log(v - this.lower));
  }

  /** Every entry must be finite and greater than `a`. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    const what = this.lower === 0 ? 'positive' : `greater than ${this.lower}`;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      if (!(v > this.lower)) return `entry ${formatIndex(i, shape)} is ${v}, not ${what}`;
    }
    return undefined;
  }

  /** All entries. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'freeCoordinates');
    return Float64Array.from(y);
  }
}
