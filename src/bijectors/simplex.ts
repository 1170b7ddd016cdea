/**
 * Simplexes: vectors of positive entries summing to one.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
import { sizeOf } from '../core/ndarray.js';
import type { Bijector } from './bijector.js';
import { basicValueProblem, expectBatch, expectValue, formatIndex, formatShape, shapeProblem } from './identity.js';

/** Tolerance on `|sum(y) - 1|` in {@link SimplexBijector.check}. */
const SUM_TOLERANCE = 1e-6;

/**
 * Stan's stick-breaking simplex transform on the last axis of `shape`
 * (`[..., K]`, `K >= 2`, `K - 1` free coordinates per simplex; leading axes
 * are independent simplexes). With 1-based `k = 1..K-1`:
 *
 * ```
 * w_k = sigmoid(z_k - log(K - k))                  (break fraction)
 * y_k = (1 - y_1 - ... - y_{k-1}) * w_k,  y_K = 1 - y_1 - ... - y_{K-1}
 * log|J| = sum_k [log(1 - y_1 - ... - y_{k-1}) + log w_k + log(1 - w_k)]
 * ```
 *
 * with the Jacobian taken with respect to the first `K - 1` entries. The
 * offsets `log(K - k)` make `z = 0` the uniform simplex `1/K`. The forward
 * map works with log stick lengths (an exclusive cumulative sum of
 * `log(1 - w_k) = -softplus(z_k - log(K - k))`), so it stays accurate
 * for small entries. The inverse is Stan's `simplex_free`:
 * `z_k = logit(y_k / (y_k + ... + y_K)) + log(K - k)`.
 *
 * The support is the open simplex: `check` requires every entry to be
 * strictly positive (a zero entry would map to `z = -Infinity`) and the sum
 * to be within `1e-6` of one. Shapes of rank 0 and `K < 2` are rejected
 * (`K = 1` would be the constant `[1]`, with no free coordinate).
 *
 * This is the stick-breaking transform of the Stan reference manual; Stan's
 * math library replaced it by a transform based on the isometric log ratio
 * in 2025 (stan-dev/math#3171), so the unconstrained coordinates match the
 * releases before that change.
 *
 * @category Bijectors
 */
export class SimplexBijector implements Bijector {
  /** Always `{ type: 'simplex' }`. */
  readonly constraint: ContinuousConstraint = { type: 'simplex' };

  /** `(K - 1) * prod(leading axes)` for `shape = [..., K]` with `K >= 2`. */
  unconstrainedSize(shape: readonly number[]): number | string {
    const problem = shapeProblem(shape);
    if (problem !== undefined) return problem;
    if (shape.length === 0) return 'a simplex needs a shape [..., K] of rank at least 1, received a scalar shape []';
    const K = shape[shape.length - 1] as number;
    if (K < 2) {
      return `a simplex needs K >= 2 entries on its last axis, received shape ${formatShape(shape)}`;
    }
    return (sizeOf(shape) / K) * (K - 1);
  }

  /** Stick-breaking forward map and its log-Jacobian, see the class comment. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    const K = shape[shape.length - 1] as number;
    const copies = sizeOf(shape) / K;
    const zz = tf.reshape(z, [n, copies, K - 1]);
    // offsets log(K - k) for 1-based k = 1..K-1
    const offsets = tf.tensor1d(Array.from({ length: K - 1 }, (_, i) => Math.log(K - 1 - i)));
    const adjusted = tf.sub(zz, offsets);
    // log sigmoid(x) = -softplus(-x); tf.logSigmoid is avoided because in tfjs
    // 4.22 its custom gradient fails when its input is an intermediate tensor
    const logW = tf.neg(tf.softplus(tf.neg(adjusted)));
    const logOneMinusW = tf.neg(tf.softplus(adjusted));
    const logStick = tf.cumsum(logOneMinusW, 2, true); // log of the stick left before break k
    const logHead = tf.add(logStick, logW);
    const logLast = tf.sum(logOneMinusW, 2, true);
    const y = tf.exp(tf.concat([logHead, logLast], 2));
    const logDetJacobian = tf.sum(tf.add(logHead, logOneMinusW), [1, 2]) as tf.Tensor1D;
    return { value: tf.reshape(y, [n, ...shape]), logDetJacobian };
  }

  /** Stan's `simplex_free`: `z_k = logit(y_k / (y_k + ... + y_K)) + log(K - k)`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    const size = expectValue(this, y, shape, 'inverse');
    const K = shape[shape.length - 1] as number;
    const copies = size / (K - 1);
    const z = new Float64Array(size);
    for (let c = 0; c < copies; c++) {
      const base = c * K;
      // tail = y_{k+1} + ... + y_K, so logit(y_k / (y_k + tail)) = log(y_k) - log(tail)
      let tail = y[base + K - 1] as number;
      for (let k = K - 2; k >= 0; k--) {
        const v = y[base + k] as number;
        z[c * (K - 1) + k] = Math.log(v) - Math.log(tail) + Math.log(K - 1 - k);
        tail += v;
      }
    }
    return z;
  }

  /** Every entry finite and positive, each simplex summing to one within `1e-6`. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    const K = shape[shape.length - 1] as number;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      if (!(v > 0)) return `entry ${formatIndex(i, shape)} is ${v}, not positive`;
    }
    for (let base = 0; base < y.length; base += K) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += y[base + k] as number;
      if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
        const which = shape.length === 1 ? 'the entries sum' : `the simplex at ${formatIndex(base, shape)} sums`;
        return `${which} to ${sum}, not 1`;
      }
    }
    return undefined;
  }

  /** The first `K - 1` entries of each simplex. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    const size = expectValue(this, y, shape, 'freeCoordinates');
    const K = shape[shape.length - 1] as number;
    const out = new Float64Array(size);
    let j = 0;
    for (let base = 0; base < y.length; base += K) {
      for (let k = 0; k < K - 1; k++) out[j++] = y[base + k] as number;
    }
    return out;
  }
}
