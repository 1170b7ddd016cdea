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
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend, linearPredictor } from 'brenier';
 *
 * await initBackend();
 * const X = tf.tensor2d([[1, 2], [3, 4], [5, 6]]); // n = 3 observations, K = 2
 * const beta = tf.tensor2d([[1, 0], [0.5, -1]]); // N = 2 particles
 * linearPredictor(X, beta).arraySync(); // [[1, 3, 5], [-1.5, -2.5, -3.5]]
 * ```
 * @example Logistic regression
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { bernoulliLogit, data, defineModel, linearPredictor, normal, param } from 'brenier';
 *
 * const logistic = defineModel({
 *   data: {
 *     N: data.int(),
 *     K: data.int({ lower: 1 }),
 *     X: data.matrix('N', 'K'),
 *     y: data.intArray('N', { lower: 0, upper: 1 }),
 *   },
 *   params: { alpha: param.real(), beta: param.real('K') },
 *   logDensity: ({ alpha, beta }, { X, y }) => ({
 *     priors: [normal(0, 2.5).logProb(alpha), normal(0, 2.5).logProb(beta)],
 *     likelihood: bernoulliLogit(tf.add(alpha, linearPredictor(X, beta))).logProb(y), // [N, 1] + [N, n]
 *   }),
 * });
 * ```
 * @category Model helpers
 */
export function linearPredictor(X: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  return tf.matMul(beta as tf.Tensor2D, X as tf.Tensor2D, false, true);
}

/**
 * Options of {@link select}.
 *
 * @example 0-based indices
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend, select, type SelectOptions } from 'brenier';
 *
 * await initBackend();
 * const alpha = tf.tensor2d([[10, 20, 30]]); // one particle, J = 3 groups
 * const options: SelectOptions = { base: 0 };
 * select(alpha, tf.tensor1d([0, 2, 1], 'int32'), options).arraySync(); // [[10, 30, 20]]
 * ```
 */
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
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend, select } from 'brenier';
 *
 * await initBackend();
 * const alpha = tf.tensor2d([[10, 20, 30], [-1, -2, -3]]); // N = 2 particles, J = 3 groups
 * const group = tf.tensor1d([1, 3, 3, 2], 'int32'); // n = 4 observations, 1-based
 * select(alpha, group).arraySync(); // [[10, 30, 30, 20], [-1, -3, -3, -2]]
 * ```
 * @example Varying intercepts
 * ```ts
 * import { data, defineModel, normal, param, select } from 'brenier';
 *
 * const radon = defineModel({
 *   data: {
 *     N: data.int(),
 *     J: data.int({ lower: 1 }),
 *     county: data.intArray('N', { lower: 1, upper: 'J' }), // 1-based county of each house
 *     y: data.vector('N'),
 *   },
 *   params: { mu: param.real(), tau: param.positive(), alpha: param.real('J'), sigma: param.positive() },
 *   logDensity: ({ mu, tau, alpha, sigma }, { county, y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(tau), normal(0, 5).logProb(sigma)],
 *     alpha: normal(mu, tau).logProb(alpha), // [N, J]
 *     likelihood: normal(select(alpha, county), sigma).logProb(y), // [N, J] -> [N, n]
 *   }),
 * });
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
 * @param a - log density of the first component.
 * @param b - log density of the second component.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend, logMix } from 'brenier';
 *
 * await initBackend();
 * const mixed = logMix(0.3, tf.tensor([-1, -1000]), tf.tensor([-2, -1001]));
 * mixed.arraySync(); // ≈ [-1.5843, -1000.5843]: no underflow
 * ```
 * @example Two-component normal mixture
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { beta, data, defineModel, halfNormal, logMix, normal, param } from 'brenier';
 *
 * const mixture = defineModel({
 *   data: { N: data.int(), y: data.vector('N') },
 *   params: { theta: param.unitInterval(), mu: param.ordered(2), sigma: param.positive(2) },
 *   logDensity: ({ theta, mu, sigma }, { y }) => {
 *     const [mu1, mu2] = tf.split(mu, 2, 1) as [tf.Tensor, tf.Tensor]; // [N, 1] each
 *     const [s1, s2] = tf.split(sigma, 2, 1) as [tf.Tensor, tf.Tensor];
 *     return {
 *       priors: [normal(0, 2).logProb(mu), halfNormal(2).logProb(sigma), beta(5, 5).logProb(theta)],
 *       likelihood: logMix(theta, normal(mu1, s1).logProb(y), normal(mu2, s2).logProb(y)), // [N, n]
 *     };
 *   },
 * });
 * ```
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
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend, logAddExp } from 'brenier';
 *
 * await initBackend();
 * const a = tf.tensor([0, -1000, 1000]);
 * logAddExp(a, a).arraySync(); // ≈ [0.6931, -999.3069, 1000.6931]
 * // whereas log(exp(a) + exp(a)) in float32 gives [0.6931, -Infinity, Infinity]
 * ```
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
 * @example Scale the rows of a Cholesky factor: diag(sigma) L
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { expandTo, initBackend } from 'brenier';
 *
 * await initBackend();
 * const sigma = tf.ones([4, 3]); // [N, K] standard deviations
 * const L = tf.eye(3).expandDims(0).tile([4, 1, 1]); // [N, K, K] Cholesky factors
 * const scaled = tf.mul(expandTo(sigma, 3), L); // [N, K, 1] * [N, K, K]
 * expandTo(tf.ones([4, 1]), 3).shape; // [4, 1, 1]: a scalar parameter
 * ```
 * @category Model helpers
 */
export function expandTo(x: tf.Tensor, rank: number): tf.Tensor {
  let out = x;
  if (out.rank === 2 && out.shape[1] === 1 && rank > 2) out = tf.reshape(out, [out.shape[0] as number]);
  while (out.rank < rank) out = tf.expandDims(out, -1);
  return out;
}
