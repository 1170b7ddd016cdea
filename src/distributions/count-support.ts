/**
 * Tensor building blocks of the count log masses: support masking of
 * integer values, broadcasting `where`, `x log y` with `0 log 0 = 0`, and
 * log binomial coefficients. Internal to the distribution library.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { ShapeMismatchError } from '../core/errors.js';
import { broadcastShapes } from '../core/ndarray.js';
import { lgamma } from '../math/special.js';
import type { TensorLike } from './distribution.js';

/**
 * `tf.where` with NumPy broadcasting of the condition and both branches.
 *
 * @throws {@link ShapeMismatchError} when the shapes do not broadcast.
 * @internal
 */
export function whereBroadcast(cond: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const target = broadcastShapes(cond.shape, a.shape, b.shape);
  if (target === undefined) {
    throw new ShapeMismatchError(
      'logProb',
      `shapes [${cond.shape.join(', ')}], [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast`,
    );
  }
  return tf.tidy(() => tf.where(tf.broadcastTo(cond, target), tf.broadcastTo(a, target), tf.broadcastTo(b, target)));
}

/**
 * `x * logY`, taken as 0 where `x = 0` (so `0 log 0 = 0`), broadcasting.
 *
 * @internal
 */
export function xlogy(x: tf.Tensor, logY: tf.Tensor): tf.Tensor {
  return tf.tidy(() => whereBroadcast(tf.equal(x, 0), tf.zeros([]), tf.mul(x, logY)));
}

/**
 * Log binomial coefficient `log C(n, x) = lgamma(n + 1) - lgamma(x + 1) - lgamma(n - x + 1)`,
 * differentiable in both arguments (for `0 <= x <= n`).
 *
 * @internal
 */
export function logChoose(n: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.sub(lgamma(tf.add(n, 1)), lgamma(tf.add(x, 1))), lgamma(tf.add(tf.sub(n, x), 1))));
}

/**
 * Log mass of a count distribution with support masking: values that are
 * not integers in `[0, upper]` get `-Infinity`. The body is evaluated at a
 * sanitised value (0 where the value is out of support), so neither its
 * value nor its gradient sees out-of-support inputs ("double where").
 *
 * @param x - the values of the distribution, a float32 tensor.
 * @param upper - inclusive upper bound (a tensor broadcasting against the
 *   batch), or `undefined` for none.
 * @param body - the log mass at in-support values `x` (a tensor).
 * @internal
 */
export function countLogProb(x: tf.Tensor, upper: tf.Tensor | undefined, body: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let valid = tf.logicalAnd(tf.greaterEqual(x, 0), tf.equal(x, tf.round(x)));
    if (upper !== undefined) valid = tf.logicalAnd(valid, tf.lessEqual(x, upper));
    const xSafe = whereBroadcast(valid, x, tf.zeros([]));
    const lp = body(xSafe);
    return whereBroadcast(valid, lp, tf.scalar(-Infinity));
  });
}

/**
 * Integer support `[0, totalCount]`, with the upper bound when `totalCount`
 * is a single number (otherwise only the lower bound is static).
 *
 * @internal
 */
export function countSupport(totalCount: TensorLike): Constraint {
  return typeof totalCount === 'number' ? constraints.integer(0, totalCount) : constraints.nonNegativeInteger;
}
