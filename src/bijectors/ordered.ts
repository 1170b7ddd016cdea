/**
 * Strictly increasing vectors.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
import { sizeOf } from '../core/ndarray.js';
import type { Bijector } from './bijector.js';
import { basicValueProblem, expectBatch, expectValue, formatIndex, shapeProblem } from './identity.js';

/**
 * Stan's ordered transform on the last axis of `shape` (`[..., K]`,
 * `K >= 1`, `K` free coordinates per vector; leading axes are independent
 * vectors):
 *
 * ```
 * y_1 = z_1,  y_k = y_{k-1} + exp(z_k)  (k = 2..K)
 * z_1 = y_1,  z_k = log(y_k - y_{k-1})
 * log|J| = z_2 + ... + z_K
 * ```
 *
 * Computed as a cumulative sum of `[z_1, exp(z_2), ..., exp(z_K)]`.
 * Shapes of rank 0 are rejected.
 *
 * @category Bijectors
 */
export class OrderedBijector implements Bijector {
  /** Always `{ type: 'ordered' }`. */
  readonly constraint: ContinuousConstraint = { type: 'ordered' };

  /** `prod(shape)` for `shape = [..., K]` with `K >= 1`. */
  unconstrainedSize(shape: readonly number[]): number | string {
    const problem = shapeProblem(shape);
    if (problem !== undefined) return problem;
    if (shape.length === 0)
      return 'an ordered vector needs a shape [..., K] of rank at least 1, received a scalar shape []';
    if (shape[shape.length - 1] === 0) return 'an ordered vector needs K >= 1 entries on its last axis, received K = 0';
    return sizeOf(shape);
  }

  /** `y = cumsum([z_1, exp(z_2), ..., exp(z_K)])`, `log|J| = z_2 + ... + z_K`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    const K = shape[shape.length - 1] as number;
    const copies = sizeOf(shape) / K;
    const zz = tf.reshape(z, [n, copies, K]);
    if (K === 1) return { value: tf.reshape(zz, [n, ...shape]), logDetJacobian: tf.zeros([n]) };
    const first = tf.slice(zz, [0, 0, 0], [n, copies, 1]);
    const rest = tf.slice(zz, [0, 0, 1], [n, copies, K - 1]);
    const y = tf.cumsum(tf.concat([first, tf.exp(rest)], 2), 2);
    return { value: tf.reshape(y, [n, ...shape]), logDetJacobian: tf.sum(rest, [1, 2]) as tf.Tensor1D };
  }

  /** `z_1 = y_1`, `z_k = log(y_k - y_{k-1})`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    const K = shape[shape.length - 1] as number;
    const z = new Float64Array(y.length);
    for (let base = 0; base < y.length; base += K) {
      z[base] = y[base] as number;
      for (let k = 1; k < K; k++) z[base + k] = Math.log((y[base + k] as number) - (y[base + k - 1] as number));
    }
    return z;
  }

  /** Every entry finite, each vector strictly increasing. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    const K = shape[shape.length - 1] as number;
    for (let base = 0; base < y.length; base += K) {
      for (let k = 1; k < K; k++) {
        const previous = y[base + k - 1] as number;
        const v = y[base + k] as number;
        if (!(v > previous)) {
          return `entry ${formatIndex(base + k, shape)} is ${v}, not greater than the previous entry ${previous}`;
        }
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
