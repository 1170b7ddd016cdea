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
import { argTensor32, countLogProb, xlogy } from './bernoulli.js';
import { Distribution, toArg, type TensorLike } from './distribution.js';
import { samplePoisson } from './poisson.js';

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
 * @category Distributions
 */
export class NegativeBinomial extends Distribution {
  readonly name: string = 'NegativeBinomial';
  readonly support: Constraint = constraints.nonNegativeInteger;
  readonly eventRank: number = 0;

  /**
   * @param mu - mean, positive.
   * @param phi - dispersion (inverse overdispersion), positive.
   */
  constructor(mu: TensorLike, phi: TensorLike) {
    super({
      mu: toArg('NegativeBinomial', 'mu', mu, 'positive'),
      phi: toArg('NegativeBinomial', 'phi', phi, 'positive'),
    });
    void this.batchShape;
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const mu = argTensor32(this.args['mu']);
      const phi = argTensor32(this.args['phi']);
      return countLogProb(value, undefined, (x) => {
        const norm = tf.sub(tf.sub(lgamma(tf.add(x, phi)), lgamma(tf.add(x, 1))), lgamma(phi));
        const logOdds = tf.sub(tf.log(mu), tf.log(tf.add(mu, phi)));
        return tf.sub(tf.add(norm, xlogy(x, logOdds)), tf.mul(phi, tf.log1p(tf.div(mu, phi))));
      });
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const shape = this.batchShape;
    const mu = this.array('mu', shape);
    const phi = this.array('phi', shape);
    return this.sampleScalar(rng, sampleShape, (r, i) => {
      const f = phi[i] as number;
      return samplePoisson(r, (r.gamma(f) * (mu[i] as number)) / f);
    });
  }

  /** Mean `mu`, float64, of the batch shape. */
  mean(): NDArray {
    return { data: Float64Array.from(this.array('mu', this.batchShape)), shape: [...this.batchShape] };
  }

  /** Variance `mu + mu^2 / phi`, float64, of the batch shape. */
  variance(): NDArray {
    const shape = this.batchShape;
    const mu = this.array('mu', shape);
    const phi = this.array('phi', shape);
    return { data: mu.map((m, i) => m + (m * m) / (phi[i] as number)), shape: [...shape] };
  }
}

/**
 * Negative binomial distribution with mean `mu` and dispersion `phi`
 * (Stan's `neg_binomial_2`; variance `mu + mu^2 / phi`).
 *
 * @param mu - mean, positive.
 * @param phi - dispersion, positive.
 * @category Distributions
 */
export function negativeBinomial(mu: TensorLike, phi: TensorLike): NegativeBinomial {
  return new NegativeBinomial(mu, phi);
}
