/**
 * Helpers for writing batched log densities, where the particle axis would
 * otherwise show in the model code.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Linear predictor of a regression: `X beta` for every particle.
 *
 * @param X - design matrix `[n, K]` (data).
 * @param beta - coefficients `[N, K]` (a parameter).
 * @returns `[N, n]`: row i is `X beta_i`.
 * @example
 * ```ts
 * const eta = tf.add(alpha, linearPredictor(X, beta)); // [N, 1] + [N, n]
 * return bernoulliLogit(eta).logProb(y);
 * ```
 * @category Model helpers
 */
export function linearPredictor(X: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  return tf.matMul(beta as tf.Tensor2D, X as tf.Tensor2D, false, true);
}

/** Options of {@link select}. */
export interface SelectOptions {
  /** Index base of `indices`: 1 (Stan-style, the default) or 0. */
  base?: 0 | 1;
}

/**
 * Pick entries of a per-group parameter by a group index, for every
 * particle: `select(alpha, group)[i, j] = alpha[i, group[j]]`.
 *
 * @param values - `[N, J, ...]` (a parameter or transformed parameter).
 * @param indices - integer data `[n]`, 1-based by default (as in Stan data).
 * @returns `[N, n, ...]`.
 * @example
 * ```ts
 * const mu = select(alpha, county); // [N, J] -> [N, n]
 * ```
 * @category Model helpers
 */
export function select(values: tf.Tensor, indices: tf.Tensor, options: SelectOptions = {}): tf.Tensor {
  const base = options.base ?? 1;
  return tf.tidy(() => {
    const idx = base === 0 ? indices.toInt() : tf.sub(indices.toInt(), tf.scalar(base, 'int32'));
    return gatherGroups(values, idx);
  });
}

/**
 * `tf.gather(values, idx, 1)` with a gradient that avoids the
 * `UnsortedSegmentSum` kernel, which the WASM backend lacks: the backward
 * pass multiplies by the one-hot matrix of the indices.
 */
function gatherGroups(values: tf.Tensor, idx: tf.Tensor): tf.Tensor {
  const groups = values.shape[1] as number;
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = inputs[0] as tf.Tensor;
    const save = inputs[1] as tf.GradSaveFunc;
    // Saved tensors outlive the forward scope (idx is disposed with it otherwise).
    save([idx]);
    return {
      value: tf.gather(x, idx, 1),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const savedIdx = saved[0] as tf.Tensor;
          // dy: [N, n, ...rest] -> [N, rest..., n] x one-hot [n, J] -> [N, rest..., J] -> [N, J, ...rest].
          const rank = dy.rank;
          const toLast = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
          const moved = tf.transpose(dy, toLast);
          const flat = tf.reshape(moved, [-1, dy.shape[1] as number]);
          const oneHot = tf.oneHot(savedIdx, groups).toFloat();
          const summed = tf.reshape(tf.matMul(flat, oneHot), [...moved.shape.slice(0, -1), groups]);
          const back = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
          return tf.transpose(summed, back);
        }),
    };
  });
  return op(values);
}

/**
 * Stan's `log_mix`: `log(theta exp(a) + (1 - theta) exp(b))`, computed
 * stably, elementwise with broadcasting.
 *
 * @param theta - mixing proportion in (0, 1).
 * @category Model helpers
 */
export function logMix(theta: tf.Tensor | number, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const t = typeof theta === 'number' ? tf.scalar(theta) : theta;
    const la = tf.add(tf.log(t), a);
    const lb = tf.add(tf.log1p(tf.neg(t)), b);
    return logAddExp(la, lb);
  });
}

/**
 * `log(exp(a) + exp(b))` elementwise, stable for large or very negative
 * arguments.
 *
 * @category Model helpers
 */
export function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const m = tf.maximum(a, b);
    const safe = tf.where(tf.isFinite(m), m, tf.zerosLike(m));
    return tf.add(safe, tf.log(tf.add(tf.exp(tf.sub(a, safe)), tf.exp(tf.sub(b, safe)))));
  });
}

/**
 * Add trailing axes of size 1 to a particle-axis tensor until it has
 * `rank` dimensions, so that e.g. a `[N, 1]` scalar or `[N, K]` vector
 * broadcasts against a `[N, K, K]` matrix.
 *
 * @category Model helpers
 */
export function expandTo(x: tf.Tensor, rank: number): tf.Tensor {
  let out = x;
  if (out.rank === 2 && out.shape[1] === 1 && rank > 2) out = tf.reshape(out, [out.shape[0] as number]);
  while (out.rank < rank) out = tf.expandDims(out, -1);
  return out;
}
