/**
 * Strictly increasing vectors of positive numbers.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
import type { Bijector } from './bijector.js';
import { basicValueProblem, expectBatch, expectValue } from './identity.js';
import { orderedForward, orderedInverse, orderedProblem, orderedSize } from './ordered.js';

/**
 * Stan's positive-ordered transform on the last axis of `shape`
 * (`[..., K]`, `K >= 1`, `K` free coordinates per vector; leading axes are
 * independent vectors):
 *
 * ```
 * y_1 = exp(z_1),  y_k = y_{k-1} + exp(z_k)  (k = 2..K)
 * z_1 = log(y_1),  z_k = log(y_k - y_{k-1})
 * log|J| = z_1 + ... + z_K
 * ```
 *
 * Computed as a cumulative sum of `exp(z)`: the ordered transform with an
 * `exp` on the first coordinate too. Shapes of rank 0 are rejected.
 *
 * @category Bijectors
 */
export class PositiveOrderedBijector implements Bijector {
  /** Always `{ type: 'positive-ordered' }`. */
  readonly constraint: ContinuousConstraint = { type: 'positive-ordered' };

  /** `prod(shape)` for `shape = [..., K]` with `K >= 1`. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return orderedSize(shape, 'a positive-ordered vector');
  }

  /** `y = cumsum(exp(z))` along the last axis, `log|J| = sum z`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    return orderedForward(z, n, shape, true);
  }

  /** `z_1 = log(y_1)`, `z_k = log(y_k - y_{k-1})`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    return orderedInverse(y, shape, true);
  }

  /** Every entry finite, the first of each vector positive, each vector strictly increasing. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    return basicValueProblem(this, y, shape) ?? orderedProblem(y, shape, true);
  }

  /** All entries. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'freeCoordinates');
    return Float64Array.from(y);
  }
}
