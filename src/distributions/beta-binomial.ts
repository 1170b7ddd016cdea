/**
 * The beta-binomial distribution: a binomial count whose success
 * probability is Beta distributed.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lbeta } from '../math/special.js';
import { countLogProb, countSupport, logChoose } from './count-support.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';
import { betaVariate, binomialVariate } from './variates.js';

/**
 * Beta-binomial distribution: `x | p ~ Binomial(n, p)`, `p ~ Beta(alpha, beta)`;
 * `log p(x) = log C(n, x) + lbeta(x + alpha, n - x + beta) - lbeta(alpha, beta)`
 * for `x` in `{0..n}`. Mean `n alpha / (alpha + beta)`, variance
 * `n alpha beta (alpha + beta + n) / ((alpha + beta)^2 (alpha + beta + 1))`.
 *
 * @example
 * ```ts
 * import { BetaBinomial } from 'brenier';
 *
 * const d = new BetaBinomial(10, 2, 3);
 * d.logProb([0, 4, 10]).arraySync(); // ≈ [-2.719, -1.967, -4.511]
 * d.mean().data[0]; // 4
 * d.variance().data[0]; // 6
 * ```
 * @category Distributions
 */
export class BetaBinomial extends ScalarDistribution {
  /** The integers `{0..totalCount}` (only `>= 0` when `totalCount` is not a single number). */
  readonly support: Constraint;

  /**
   * @param totalCount - number of trials, a non-negative integer.
   * @param alpha - first Beta shape (prior successes), positive.
   * @param beta - second Beta shape (prior failures), positive.
   */
  constructor(totalCount: TensorLike, alpha: TensorLike, beta: TensorLike) {
    super('BetaBinomial', {
      totalCount: [totalCount, 'non-negative-integer'],
      alpha: [alpha, 'positive'],
      beta: [beta, 'positive'],
    });
    this.support = countSupport(totalCount);
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const n = this.param('totalCount');
    const a = this.param('alpha');
    const b = this.param('beta');
    return countLogProb(x, n, (xs) =>
      tf.sub(tf.add(logChoose(n, xs), lbeta(tf.add(xs, a), tf.add(tf.sub(n, xs), b))), lbeta(a, b)),
    );
  }

  /** Seeded exact float64 draws: a binomial draw with a Beta(alpha, beta) success probability. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['totalCount', 'alpha', 'beta'], (r, n, a, b) =>
      binomialVariate(r, n, betaVariate(r, a, b)),
    );
  }

  /** Mean `n alpha / (alpha + beta)`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['totalCount', 'alpha', 'beta'], (n, a, b) => (n * a) / (a + b));
  }

  /** Variance `n alpha beta (alpha + beta + n) / ((alpha + beta)^2 (alpha + beta + 1))`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['totalCount', 'alpha', 'beta'], (n, a, b) => {
      const s = a + b;
      return (n * a * b * (s + n)) / (s * s * (s + 1));
    });
  }
}

/**
 * Beta-binomial distribution with `totalCount` trials and Beta(`alpha`, `beta`) success probability.
 *
 * @param totalCount - number of trials (non-negative integer).
 * @param alpha - first Beta shape, positive.
 * @param beta - second Beta shape, positive.
 * @example
 * ```ts
 * import { betaBinomial, binomial } from 'brenier';
 *
 * // More spread than a binomial with the same mean:
 * betaBinomial(10, 2, 3).logProb(0).arraySync(); // ≈ -2.719
 * binomial(10, 0.4).logProb(0).arraySync(); // ≈ -5.108
 * ```
 * @category Distributions
 */
export function betaBinomial(totalCount: TensorLike, alpha: TensorLike, beta: TensorLike): BetaBinomial {
  return new BetaBinomial(totalCount, alpha, beta);
}
