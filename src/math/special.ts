/**
 * Special functions, in float64 (plain numbers) and as differentiable
 * TensorFlow.js ops (float32), which tfjs 4 lacks: log-gamma, digamma,
 * log-beta.
 *
 * The tensor versions carry custom gradients (`lgamma' = digamma`) so that
 * normalising constants with learnable arguments (Gamma, Beta, Student-t,
 * Dirichlet, negative binomial...) have exact scores up to float32 rounding.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';

// Lanczos approximation, g = 7, n = 9 (relative error ~1e-15 in float64).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural log of the gamma function for `x > 0`, in float64.
 * Returns NaN for `x <= 0` or NaN.
 *
 * @example
 * ```ts
 * import { logGamma } from 'brenier';
 *
 * logGamma(5); // ≈ 3.178 (= log 24)
 * logGamma(0.5); // ≈ 0.572 (= log √π)
 * logGamma(-1); // NaN
 * ```
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    // lgamma(x) = lgamma(x + 1) - log(x), keeps the Lanczos sum on x >= 0.5.
    return logGamma(x + 1) - Math.log(x);
  }
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Digamma (psi) function for `x > 0`, in float64.
 *
 * @example
 * ```ts
 * import { digamma } from 'brenier';
 *
 * digamma(1); // ≈ -0.5772 (minus the Euler–Mascheroni constant)
 * digamma(10); // ≈ 2.2518
 * ```
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let result = 0;
  let y = x;
  while (y < 10) {
    result -= 1 / y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  // Asymptotic expansion: log y - 1/(2y) - sum B_2k / (2k y^2k).
  result +=
    Math.log(y) -
    0.5 * inv -
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result;
}

/**
 * Log of the beta function, `lgamma(a) + lgamma(b) - lgamma(a + b)`, in float64.
 *
 * @example
 * ```ts
 * import { logBeta } from 'brenier';
 *
 * logBeta(2, 3); // ≈ -2.485 (= log(1/12))
 * ```
 */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

// Tensor versions. The shifted recurrence + asymptotic series are accurate to
// float32 round-off for all x > 0 and need only elementwise ops.
const SHIFT = 6;

function digammaTensor(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let acc: tf.Tensor = tf.zerosLike(x);
    let y: tf.Tensor = x;
    for (let i = 0; i < SHIFT; i++) {
      acc = tf.sub(acc, tf.reciprocal(y));
      y = tf.add(y, 1);
    }
    const inv = tf.reciprocal(y);
    const inv2 = tf.square(inv);
    const series = tf.mul(
      inv2,
      tf.sub(1 / 12, tf.mul(inv2, tf.sub(1 / 120, tf.mul(inv2, tf.sub(1 / 252, tf.mul(inv2, 1 / 240)))))),
    );
    return tf.add(acc, tf.sub(tf.sub(tf.log(y), tf.mul(0.5, inv)), series));
  });
}

function logGammaForward(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // lgamma(x) = lgamma(x + 6) - sum_{i<6} log(x + i); Stirling series at x + 6.
    let logProduct: tf.Tensor = tf.log(x);
    for (let i = 1; i < SHIFT; i++) logProduct = tf.add(logProduct, tf.log(tf.add(x, i)));
    const y = tf.add(x, SHIFT);
    const inv = tf.reciprocal(y);
    const inv2 = tf.square(inv);
    const series = tf.mul(
      inv,
      tf.sub(1 / 12, tf.mul(inv2, tf.sub(1 / 360, tf.mul(inv2, tf.sub(1 / 1260, tf.mul(inv2, 1 / 1680)))))),
    );
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(y, 0.5), tf.log(y)), y), tf.add(HALF_LOG_TWO_PI, series));
    return tf.sub(stirling, logProduct);
  });
}

const logGammaOp = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = inputs[0] as tf.Tensor;
  const save = inputs[1] as tf.GradSaveFunc;
  save([x]);
  return {
    value: logGammaForward(x),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, digammaTensor(saved[0] as tf.Tensor)),
  };
}) as (x: tf.Tensor) => tf.Tensor;

/**
 * Elementwise log-gamma of a tensor with positive entries, differentiable
 * (gradient: digamma). NaN for entries `<= 0`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { lgamma } from 'brenier';
 *
 * lgamma(tf.tensor1d([0.5, 1, 5])).arraySync(); // ≈ [0.572, 0, 3.178]
 * // Differentiable: d/dx lgamma(x) = digamma(x).
 * tf.grad((x: tf.Tensor) => lgamma(x))(tf.scalar(1)).arraySync(); // ≈ -0.5772
 * ```
 * @category Math
 */
export function lgamma(x: tf.Tensor | number): tf.Tensor {
  const t = typeof x === 'number' ? tf.scalar(x) : x;
  return logGammaOp(t);
}

/**
 * Elementwise digamma of a tensor with positive entries (not differentiable
 * further: its own gradient is not provided).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { digammaOp } from 'brenier';
 *
 * digammaOp(tf.tensor1d([1, 2, 10])).arraySync(); // ≈ [-0.5772, 0.4228, 2.2518]
 * ```
 * @category Math
 */
export function digammaOp(x: tf.Tensor | number): tf.Tensor {
  const t = typeof x === 'number' ? tf.scalar(x) : x;
  return digammaTensor(t);
}

/**
 * Elementwise log of the beta function, differentiable in both arguments.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { lbeta } from 'brenier';
 *
 * lbeta(2, 3).arraySync(); // ≈ -2.485 (= log(1/12))
 * lbeta(tf.tensor1d([1, 2]), 3).arraySync(); // ≈ [-1.099, -2.485] (broadcasting)
 * ```
 * @category Math
 */
export function lbeta(a: tf.Tensor | number, b: tf.Tensor | number): tf.Tensor {
  return tf.tidy(() => {
    const ta = typeof a === 'number' ? tf.scalar(a) : a;
    const tb = typeof b === 'number' ? tf.scalar(b) : b;
    return tf.sub(tf.add(lgamma(ta), lgamma(tb)), lgamma(tf.add(ta, tb)));
  });
}
