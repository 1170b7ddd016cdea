/**
 * The beta distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lbeta } from '../math/special.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution, detachedMask, restrictToSupport } from './scalar.js';
import { betaVariate } from './variates.js';

/**
 * Beta distribution with shapes `alpha` and `beta` (Stan's `beta(alpha, beta)`):
 *
 * `log p(x) = (alpha - 1) log(x) + (beta - 1) log(1 - x) - log B(alpha, beta)`, 0 < x < 1.
 *
 * @example
 * ```ts
 * import { Beta } from 'brenier';
 *
 * const d = new Beta(2, 5);
 * d.logProb(0.3).arraySync(); // ≈ 0.770
 * d.logProb(1).arraySync(); // -Infinity
 * d.mean().data[0]; // ≈ 0.286 (= 2/7)
 * ```
 * @category Distributions
 */
export class Beta extends ScalarDistribution {
  /** The open unit interval (`logProb` is `-Infinity` at 0 and 1). */
  readonly support: Constraint = constraints.unitInterval;

  /**
   * @param alpha - first shape (prior successes), positive.
   * @param beta - second shape (prior failures), positive.
   */
  constructor(alpha: TensorLike, beta: TensorLike) {
    super('Beta', { alpha: [alpha, 'positive'], beta: [beta, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const alpha = this.param('alpha');
    const beta = this.param('beta');
    const outside = detachedMask((t) => tf.logicalOr(tf.lessEqual(t, 0), tf.greaterEqual(t, 1)), x);
    return restrictToSupport(x, outside, 0.5, (xs) =>
      tf.sub(
        tf.add(tf.mul(tf.sub(alpha, 1), tf.log(xs)), tf.mul(tf.sub(beta, 1), tf.log1p(tf.neg(xs)))),
        lbeta(alpha, beta),
      ),
    );
  }

  /**
   * Seeded float64 draws `X / (X + Y)` with `X ~ Gamma(alpha, 1)`,
   * `Y ~ Gamma(beta, 1)`, computed from the logs of the gamma variates so
   * that small shapes do not give `0 / 0`.
   */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['alpha', 'beta'], betaVariate);
  }

  /** Mean, `alpha / (alpha + beta)`. */
  mean(): NDArray {
    return this.mapBatch(['alpha', 'beta'], (alpha, beta) => alpha / (alpha + beta));
  }

  /** Variance, `alpha beta / ((alpha + beta)^2 (alpha + beta + 1))`. */
  variance(): NDArray {
    return this.mapBatch(['alpha', 'beta'], (alpha, beta) => {
      const s = alpha + beta;
      return (alpha * beta) / (s * s * (s + 1));
    });
  }
}

/**
 * Beta distribution; see {@link Beta}.
 *
 * @param alpha - first shape, positive.
 * @param beta - second shape, positive.
 * @example A prior on a probability
 * ```ts
 * import { beta, binomial, data, defineModel, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { n: data.int({ lower: 0 }), k: data.int({ lower: 0 }) },
 *   params: { theta: param.unitInterval() },
 *   logDensity: ({ theta }, { n, k }) => [beta(2, 2).logProb(theta), binomial(n, theta).logProb(k)],
 * });
 * model.logDensity({ theta: 0.3 }, { n: 10, k: 3 }); // ≈ -1.090
 * ```
 * @category Distributions
 */
export function beta(alpha: TensorLike, beta: TensorLike): Beta {
  return new Beta(alpha, beta);
}
