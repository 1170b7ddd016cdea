/**
 * The normal (Gaussian) distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Normal distribution with mean `loc` and standard deviation `scale`
 * (Stan's `normal(mu, sigma)`):
 *
 * `log p(x) = -((x - loc) / scale)^2 / 2 - log(scale) - log(2 pi) / 2`, x real.
 *
 * @category Distributions
 */
export class Normal extends ScalarDistribution {
  /** The real line. */
  readonly support: Constraint = constraints.real;

  /**
   * @param loc - mean, real.
   * @param scale - standard deviation, positive.
   */
  constructor(loc: TensorLike, scale: TensorLike) {
    super('Normal', { loc: [loc, 'real'], scale: [scale, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    const z = tf.div(tf.sub(x, this.param('loc')), scale);
    return tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.log(scale), HALF_LOG_TWO_PI));
  }

  /** Seeded float64 draws `loc + scale Z`, of shape `[...sampleShape, ...batchShape]`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['loc', 'scale'], (r, loc, scale) => loc + scale * r.normal());
  }

  /** Mean, `loc`, in float64 with the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['loc'], (loc) => loc);
  }

  /** Variance, `scale^2`, in float64 with the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['scale'], (scale) => scale * scale);
  }
}

/**
 * Normal distribution with mean `loc` and standard deviation `scale`; see
 * {@link Normal}.
 *
 * @param loc - mean, real (number, array or tensor).
 * @param scale - standard deviation, positive (number, array or tensor).
 * @example
 * ```ts
 * const d = normal(0, [1, 2]);          // batch shape [2]
 * const lp = d.logProb([[0.5], [1.5]]); // shape [2, 2]
 * const draws = d.sample(new Rng(1), [100]); // float64, shape [100, 2]
 * ```
 * @category Distributions
 */
export function normal(loc: TensorLike, scale: TensorLike): Normal {
  return new Normal(loc, scale);
}
