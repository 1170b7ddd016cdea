/**
 * The log-normal distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution, outsidePositive, restrictToSupport } from './scalar.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Log-normal distribution: `log X ~ Normal(loc, scale)` (Stan's
 * `lognormal(mu, sigma)`):
 *
 * `log p(x) = -log(x) - log(scale) - log(2 pi) / 2 - ((log(x) - loc) / scale)^2 / 2`, x > 0.
 *
 * @example
 * ```ts
 * import { LogNormal } from 'brenier';
 *
 * const d = new LogNormal(0, 0.5);
 * d.logProb(1).arraySync(); // ≈ -0.226
 * d.logProb(-1).arraySync(); // -Infinity (outside the support)
 * d.mean().data[0]; // ≈ 1.133 (= exp(1/8))
 * ```
 * @category Distributions
 */
export class LogNormal extends ScalarDistribution {
  /** The positive half-line. */
  readonly support: Constraint = constraints.positive;

  /**
   * @param loc - mean of `log X`, real.
   * @param scale - standard deviation of `log X`, positive.
   */
  constructor(loc: TensorLike, scale: TensorLike) {
    super('LogNormal', {
      loc: [loc, 'real'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const loc = this.param('loc');
    const scale = this.param('scale');
    return restrictToSupport(x, outsidePositive(x, true), 1, (xs) => {
      const logX = tf.log(xs);
      const z = tf.div(tf.sub(logX, loc), scale);
      return tf.neg(tf.add(tf.add(logX, tf.log(scale)), tf.add(tf.mul(0.5, tf.square(z)), HALF_LOG_TWO_PI)));
    });
  }

  /** Seeded float64 draws `exp(loc + scale Z)`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['loc', 'scale'], (r, loc, scale) => Math.exp(loc + scale * r.normal()));
  }

  /** Mean, `exp(loc + scale^2 / 2)`. */
  mean(): NDArray {
    return this.mapBatch(['loc', 'scale'], (loc, scale) => Math.exp(loc + (scale * scale) / 2));
  }

  /** Variance, `(exp(scale^2) - 1) exp(2 loc + scale^2)`. */
  variance(): NDArray {
    return this.mapBatch(
      ['loc', 'scale'],
      (loc, scale) => Math.expm1(scale * scale) * Math.exp(2 * loc + scale * scale),
    );
  }
}

/**
 * Log-normal distribution, `log X ~ Normal(loc, scale)`; see {@link LogNormal}.
 *
 * @param loc - mean of `log X`, real.
 * @param scale - standard deviation of `log X`, positive.
 * @example
 * ```ts
 * import { logNormal } from 'brenier';
 *
 * logNormal(0, 0.5).logProb([0.5, 1, 2]).arraySync(); // ≈ [-0.495, -0.226, -1.880]
 * ```
 * @category Distributions
 */
export function logNormal(loc: TensorLike, scale: TensorLike): LogNormal {
  return new LogNormal(loc, scale);
}
