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
 * `prod(shape)` for `shape = [..., K]` with `K >= 1`, or why not; `noun`
 * names the value, e.g. `'an ordered vector'`.
 *
 * @internal
 */
export function orderedSize(shape: readonly number[], noun: string): number | string {
  const problem = shapeProblem(shape);
  if (problem !== undefined) return problem;
  if (shape.length === 0) return `${noun} needs a shape [..., K] of rank at least 1, received a scalar shape []`;
  if (shape[shape.length - 1] === 0) return `${noun} needs K >= 1 entries on its last axis, received K = 0`;
  return sizeOf(shape);
}

/**
 * The ordered transform along the last axis of `shape` on a batch `z`
 * (`[n, prod(shape)]`): `y = cumsum([f(z_1), exp(z_2), ..., exp(z_K)])`
 * with `f = exp` when `positive` and the identity otherwise, and `log|J|`
 * the sum of the exponentiated coordinates.
 *
 * @internal
 */
export function orderedForward(
  z: tf.Tensor2D,
  n: number,
  shape: readonly number[],
  positive: boolean,
): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
  const K = shape[shape.length - 1] as number;
  const copies = sizeOf(shape) / K;
  const zz = tf.reshape(z, [n, copies, K]);
  if (K === 1 && !positive) return { value: tf.reshape(zz, [n, ...shape]), logDetJacobian: tf.zeros([n]) };
  // the coordinates that go through exp: all of them, or all but the first
  const exponentiated = positive ? zz : tf.slice(zz, [0, 0, 1], [n, copies, K - 1]);
  const steps = positive ? tf.exp(zz) : tf.concat([tf.slice(zz, [0, 0, 0], [n, copies, 1]), tf.exp(exponentiated)], 2);
  const y = tf.cumsum(steps, 2);
  return { value: tf.reshape(y, [n, ...shape]), logDetJacobian: tf.sum(exponentiated, [1, 2]) as tf.Tensor1D };
}

/**
 * Inverse of {@link orderedForward}: `z_1 = f^-1(y_1)`, `z_k = log(y_k - y_{k-1})`.
 *
 * @internal
 */
export function orderedInverse(y: Float64Array, shape: readonly number[], positive: boolean): Float64Array {
  const K = shape[shape.length - 1] as number;
  const z = new Float64Array(y.length);
  for (let base = 0; base < y.length; base += K) {
    z[base] = positive ? Math.log(y[base] as number) : (y[base] as number);
    for (let k = 1; k < K; k++) z[base + k] = Math.log((y[base + k] as number) - (y[base + k - 1] as number));
  }
  return z;
}

/**
 * The first entry of `y` (already known to be finite and of `shape`) that
 * breaks strict increase along the last axis, or, when `positive`, a
 * non-positive first entry of a vector; `undefined` when there is none.
 *
 * @internal
 */
export function orderedProblem(y: Float64Array, shape: readonly number[], positive: boolean): string | undefined {
  const K = shape[shape.length - 1] as number;
  for (let base = 0; base < y.length; base += K) {
    const first = y[base] as number;
    if (positive && !(first > 0)) return `entry ${formatIndex(base, shape)} is ${first}, not positive`;
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
    return orderedSize(shape, 'an ordered vector');
  }

  /** `y = cumsum([z_1, exp(z_2), ..., exp(z_K)])`, `log|J| = z_2 + ... + z_K`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    return orderedForward(z, n, shape, false);
  }

  /** `z_1 = y_1`, `z_k = log(y_k - y_{k-1})`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    return orderedInverse(y, shape, false);
  }

  /** Every entry finite, each vector strictly increasing. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    return basicValueProblem(this, y, shape) ?? orderedProblem(y, shape, false);
  }

  /** All entries. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'freeCoordinates');
    return Float64Array.from(y);
  }
}
