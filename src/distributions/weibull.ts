/**
 * The Weibull distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { logGamma } from '../math/special.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution, outsidePositive, restrictToSupport } from './scalar.js';

/**
 * Weibull distribution with shape `shape` (k) and scale `scale` (lambda)
 * (Stan's `weibull(alpha, sigma)`):
 *
 * `log p(x) = log(k) - log(lambda) + (k - 1) log(x / lambda) - (x / lambda)^k`, x > 0.
 *
 * `(x / lambda)^k` is evaluated as `exp(k log(x / lambda))`, differentiable in `k`.
 *
 * @example
 * ```ts
 * import { Weibull } from 'brenier';
 *
 * const d = new Weibull(1.5, 2);
 * d.logProb(1).arraySync(); // ≈ -0.988
 * d.mean().data[0]; // ≈ 1.805
 * ```
 * @category Distributions
 */
export class Weibull extends ScalarDistribution {
  /** The positive half-line (`logProb(0)` is `-Infinity`). */
  readonly support: Constraint = constraints.positive;

  /**
   * @param shape - shape `k`, positive.
   * @param scale - scale `lambda`, positive.
   */
  constructor(shape: TensorLike, scale: TensorLike) {
    super('Weibull', {
      shape: [shape, 'positive'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const k = this.param('shape');
    const scale = this.param('scale');
    return restrictToSupport(x, outsidePositive(x, true), 1, (xs) => {
      const logZ = tf.log(tf.div(xs, scale));
      return tf.sub(tf.add(tf.sub(tf.log(k), tf.log(scale)), tf.mul(tf.sub(k, 1), logZ)), tf.exp(tf.mul(k, logZ)));
    });
  }

  /** Seeded float64 draws by inversion, `scale E^(1 / shape)`, `E` standard exponential. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(
      rng,
      sampleShape,
      ['shape', 'scale'],
      (r, k, scale) => scale * Math.pow(r.exponential(), 1 / k),
    );
  }

  /** Mean, `scale Gamma(1 + 1 / shape)`. */
  mean(): NDArray {
    return this.mapBatch(['shape', 'scale'], (k, scale) => scale * Math.exp(logGamma(1 + 1 / k)));
  }

  /** Variance, `scale^2 (Gamma(1 + 2 / shape) - Gamma(1 + 1 / shape)^2)`. */
  variance(): NDArray {
    return this.mapBatch(['shape', 'scale'], (k, scale) => {
      const g1 = logGamma(1 + 1 / k);
      const g2 = logGamma(1 + 2 / k);
      return scale * scale * Math.exp(2 * g1) * Math.expm1(g2 - 2 * g1);
    });
  }
}

/**
 * Weibull distribution; see {@link Weibull}.
 *
 * @param shape - shape `k`, positive.
 * @param scale - scale `lambda`, positive.
 * @example
 * ```ts
 * import { weibull } from 'brenier';
 *
 * weibull(1.5, 2).logProb([0.5, 1, 4]).arraySync(); // ≈ [-1.106, -0.988, -2.770]
 * ```
 * @category Distributions
 */
export function weibull(shape: TensorLike, scale: TensorLike): Weibull {
  return new Weibull(shape, scale);
}
