/**
 * The negative binomial distribution in Stan's `neg_binomial_2`
 * parameterisation, by mean and dispersion.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lgamma } from '../math/special.js';
import { countLogProb, xlogy } from './count-support.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';
import { poissonVariate } from './variates.js';

/**
 * Negative binomial distribution with mean `mu` and dispersion `phi`
 * (Stan's `neg_binomial_2`), a gamma–Poisson mixture:
 * `x | lambda ~ Poisson(lambda)`, `lambda ~ Gamma(shape phi, rate phi / mu)`;
 *
 * `log p(x) = lgamma(x + phi) - lgamma(x + 1) - lgamma(phi)
 *   + x log(mu / (mu + phi)) + phi log(phi / (mu + phi))`,
 *
 * the last term computed as `-phi log1p(mu / phi)` (stable as `phi -> inf`,
 * the Poisson limit). Mean `mu`, variance `mu + mu^2 / phi`.
 *
 * @example
 * ```ts
 * import { NegativeBinomial } from 'brenier';
 *
 * const d = new NegativeBinomial(4, 2); // mean 4, variance 4 + 16 / 2 = 12
 * d.logProb([0, 4, 20]).arraySync(); // ≈ [-2.197, -2.210, -7.262]
 * d.variance().data[0]; // 12
 * ```
 * @category Distributions
 */
export class NegativeBinomial extends ScalarDistribution {
  /** The non-negative integers. */
  readonly support: Constraint = constraints.nonNegativeInteger;

  /**
   * @param mu - mean, positive.
   * @param phi - dispersion (inverse overdispersion), positive.
   */
  constructor(mu: TensorLike, phi: TensorLike) {
    super('NegativeBinomial', {
      mu: [mu, 'positive'],
      phi: [phi, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const mu = this.param('mu');
    const phi = this.param('phi');
    return countLogProb(x, undefined, (xs) => {
      const norm = tf.sub(tf.sub(lgamma(tf.add(xs, phi)), lgamma(tf.add(xs, 1))), lgamma(phi));
      const logOdds = tf.sub(tf.log(mu), tf.log(tf.add(mu, phi)));
      return tf.sub(tf.add(norm, xlogy(xs, logOdds)), tf.mul(phi, tf.log1p(tf.div(mu, phi))));
    });
  }

  /** Seeded exact float64 draws: a Poisson draw with a Gamma(phi, phi / mu) rate. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['mu', 'phi'], (r, mu, phi) =>
      poissonVariate(r, (r.gamma(phi) * mu) / phi),
    );
  }

  /** Mean `mu`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['mu'], (mu) => mu);
  }

  /** Variance `mu + mu^2 / phi`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['mu', 'phi'], (mu, phi) => mu + (mu * mu) / phi);
  }
}

/**
 * Negative binomial distribution with mean `mu` and dispersion `phi`
 * (Stan's `neg_binomial_2`; variance `mu + mu^2 / phi`).
 *
 * @param mu - mean, positive.
 * @param phi - dispersion, positive.
 * @example Overdispersed counts
 * ```ts
 * import { data, defineModel, exponential, negativeBinomial, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.intArray('N', { lower: 0 }) },
 *   params: { mu: param.positive(), phi: param.positive() },
 *   logDensity: ({ mu, phi }, { y }) => [
 *     normal(0, 10).logProb(mu),
 *     exponential(1).logProb(phi),
 *     negativeBinomial(mu, phi).logProb(y),
 *   ],
 * });
 * model.logDensity({ mu: 5, phi: 2 }, { N: 4, y: [0, 3, 9, 14] }); // ≈ -17.72
 * ```
 * @category Distributions
 */
export function negativeBinomial(mu: TensorLike, phi: TensorLike): NegativeBinomial {
  return new NegativeBinomial(mu, phi);
}
