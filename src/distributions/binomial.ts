/**
 * Binomial distributions: the number of successes in `totalCount`
 * independent trials, parameterised by the success probability or its
 * logit.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { countLogProb, countSupport, logChoose, xlogy } from './count-support.js';
import type { TensorLike } from './distribution.js';
import { sigmoid64 } from './float64-math.js';
import { ScalarDistribution } from './scalar.js';
import { binomialVariate } from './variates.js';

/**
 * Binomial log mass `log C(n, x) + x log p + (n - x) log(1 - p)` on `{0..n}`
 * given the tensors `log p` and `log(1 - p)`.
 */
function binomialLogMass(x: tf.Tensor, n: tf.Tensor, logP: tf.Tensor, logQ: tf.Tensor): tf.Tensor {
  return countLogProb(x, n, (xs) => tf.add(logChoose(n, xs), tf.add(xlogy(xs, logP), xlogy(tf.sub(n, xs), logQ))));
}

/**
 * Binomial distribution: successes in `totalCount` trials of probability `probs`,
 * `log p(x) = log C(n, x) + x log p + (n - x) log(1 - p)` for `x` in `{0..n}`.
 * Mean `n p`, variance `n p (1 - p)`.
 *
 * @example
 * ```ts
 * import { Binomial } from 'brenier';
 *
 * const d = new Binomial(10, 0.3);
 * d.logProb([0, 3, 11]).arraySync(); // ≈ [-3.567, -1.321, -Infinity]
 * d.support; // { type: 'integer', lower: 0, upper: 10 }
 * d.mean().data[0]; // 3
 * ```
 * @category Distributions
 */
export class Binomial extends ScalarDistribution {
  /** The integers `{0..totalCount}` (only `>= 0` when `totalCount` is not a single number). */
  readonly support: Constraint;

  /**
   * @param totalCount - number of trials, a non-negative integer.
   * @param probs - success probability in [0, 1].
   */
  constructor(totalCount: TensorLike, probs: TensorLike) {
    super('Binomial', {
      totalCount: [totalCount, 'non-negative-integer'],
      probs: [probs, 'probability'],
    });
    this.support = countSupport(totalCount);
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const p = this.param('probs');
    return binomialLogMass(x, this.param('totalCount'), tf.log(p), tf.log1p(tf.neg(p)));
  }

  /** Seeded exact float64 draws (inversion or BTRS). */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['totalCount', 'probs'], binomialVariate);
  }

  /** Mean `n p`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['totalCount', 'probs'], (n, p) => n * p);
  }

  /** Variance `n p (1 - p)`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['totalCount', 'probs'], (n, p) => n * p * (1 - p));
  }
}

/**
 * Binomial distribution parameterised by the log-odds `logits` of a success:
 * `log p(x) = log C(n, x) - x softplus(-l) - (n - x) softplus(l)` (stable).
 *
 * @example
 * ```ts
 * import { BinomialLogit } from 'brenier';
 *
 * const d = new BinomialLogit(10, 0); // success probability 1/2
 * d.logProb(5).arraySync(); // ≈ -1.402
 * d.variance().data[0]; // 2.5
 * ```
 * @category Distributions
 */
export class BinomialLogit extends ScalarDistribution {
  /** The integers `{0..totalCount}` (only `>= 0` when `totalCount` is not a single number). */
  readonly support: Constraint;

  /**
   * @param totalCount - number of trials, a non-negative integer.
   * @param logits - log-odds of a success, any finite real.
   */
  constructor(totalCount: TensorLike, logits: TensorLike) {
    super('BinomialLogit', {
      totalCount: [totalCount, 'non-negative-integer'],
      logits: [logits, 'real'],
    });
    this.support = countSupport(totalCount);
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const l = this.param('logits');
    return binomialLogMass(x, this.param('totalCount'), tf.neg(tf.softplus(tf.neg(l))), tf.neg(tf.softplus(l)));
  }

  /** Seeded exact float64 draws (inversion or BTRS) with success probability `sigmoid(logits)`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['totalCount', 'logits'], (r, n, l) =>
      binomialVariate(r, n, sigmoid64(l)),
    );
  }

  /** Mean `n sigmoid(l)`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['totalCount', 'logits'], (n, l) => n * sigmoid64(l));
  }

  /** Variance `n sigmoid(l) sigmoid(-l)`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['totalCount', 'logits'], (n, l) => n * sigmoid64(l) * sigmoid64(-l));
  }
}

/**
 * Binomial distribution with `totalCount` trials of success probability `probs`.
 *
 * @param totalCount - number of trials (non-negative integer).
 * @param probs - success probability in [0, 1].
 * @example
 * ```ts
 * import { binomial, Rng } from 'brenier';
 *
 * const d = binomial([10, 100], 0.3); // batch shape [2]
 * d.logProb([3, 30]).arraySync(); // ≈ [-1.321, -2.444]
 * d.sample(new Rng(1), [1000]).shape; // [1000, 2]
 * ```
 * @category Distributions
 */
export function binomial(totalCount: TensorLike, probs: TensorLike): Binomial {
  return new Binomial(totalCount, probs);
}

/**
 * Binomial distribution with `totalCount` trials and success log-odds `logits`.
 *
 * @param totalCount - number of trials (non-negative integer).
 * @param logits - log-odds of a success.
 * @example Groups with logit-normal success rates
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { binomialLogit, data, defineModel, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { J: data.int({ lower: 1 }), n: data.intArray('J', { lower: 0 }), y: data.intArray('J', { lower: 0 }) },
 *   params: { mu: param.real(), tau: param.positive(), eta: param.real('J') },
 *   logDensity: ({ mu, tau, eta }, { n, y }) => ({
 *     priors: [normal(0, 1.5).logProb(mu), normal(0, 1).logProb(tau), normal(0, 1).logProb(eta)],
 *     likelihood: binomialLogit(n, tf.add(mu, tf.mul(tau, eta))).logProb(y), // successes y[j] of n[j]
 *   }),
 * });
 * model.logDensity({ mu: -1, tau: 0.5, eta: [0, 1, -1] }, { J: 3, n: [20, 15, 30], y: [5, 6, 4] }); // ≈ -11.38
 * ```
 * @category Distributions
 */
export function binomialLogit(totalCount: TensorLike, logits: TensorLike): BinomialLogit {
  return new BinomialLogit(totalCount, logits);
}
