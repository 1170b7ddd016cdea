/**
 * Bernoulli distributions on {0, 1}, parameterised by the probability of a
 * one or by its logit.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { countLogProb, whereBroadcast } from './count-support.js';
import type { TensorLike } from './distribution.js';
import { sigmoid64 } from './float64-math.js';
import { ScalarDistribution } from './scalar.js';

/** Log mass on {0, 1} given the tensors `log p(1)` and `log p(0)` (-Infinity elsewhere). */
function bernoulliLogMass(x: tf.Tensor, logP1: tf.Tensor, logP0: tf.Tensor): tf.Tensor {
  return countLogProb(x, tf.scalar(1), (xs) => whereBroadcast(tf.equal(xs, 1), logP1, logP0));
}

/** One Bernoulli(p) draw in float64. */
function bernoulliVariate(rng: Rng, p: number): number {
  return rng.uniform() < p ? 1 : 0;
}

/**
 * Bernoulli distribution on {0, 1}: `p(1) = probs`, `p(0) = 1 - probs`,
 * `log p(x) = x log(probs) + (1 - x) log(1 - probs)`.
 * Mean `probs`, variance `probs (1 - probs)`.
 *
 * @example
 * ```ts
 * import { Bernoulli, Rng } from 'brenier';
 *
 * const d = new Bernoulli(0.3);
 * d.logProb([0, 1, 2]).arraySync(); // ≈ [-0.357, -1.204, -Infinity]
 * d.sample(new Rng(1), [1000]).data.reduce((a, b) => a + b) / 1000; // ≈ 0.3 (the share of ones)
 * d.variance().data[0]; // ≈ 0.21
 * ```
 * @category Distributions
 */
export class Bernoulli extends ScalarDistribution {
  /** The values {0, 1}. */
  readonly support: Constraint = constraints.boolean;

  /** @param probs - probability of a one, in [0, 1]. */
  constructor(probs: TensorLike) {
    super('Bernoulli', { probs: [probs, 'probability'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const p = this.param('probs');
    return bernoulliLogMass(x, tf.log(p), tf.log1p(tf.neg(p)));
  }

  /** Seeded float64 draws, 1 with probability `probs`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['probs'], bernoulliVariate);
  }

  /** Mean `probs`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['probs'], (p) => p);
  }

  /** Variance `probs (1 - probs)`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['probs'], (p) => p * (1 - p));
  }
}

/**
 * Bernoulli distribution parameterised by the log-odds `logits = log(p / (1 - p))`:
 * `log p(1) = -softplus(-logits)`, `log p(0) = -softplus(logits)`
 * (stable for large `|logits|`).
 *
 * @example
 * ```ts
 * import { BernoulliLogit } from 'brenier';
 *
 * const d = new BernoulliLogit([-2, 0, 40]);
 * d.logProb(1).arraySync(); // ≈ [-2.127, -0.693, 0]
 * d.mean().data; // ≈ [0.119, 0.5, 1]
 * ```
 * @category Distributions
 */
export class BernoulliLogit extends ScalarDistribution {
  /** The values {0, 1}. */
  readonly support: Constraint = constraints.boolean;

  /** @param logits - log-odds of a one, any finite real. */
  constructor(logits: TensorLike) {
    super('BernoulliLogit', { logits: [logits, 'real'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const l = this.param('logits');
    return bernoulliLogMass(x, tf.neg(tf.softplus(tf.neg(l))), tf.neg(tf.softplus(l)));
  }

  /** Seeded float64 draws, 1 with probability `sigmoid(logits)`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['logits'], (r, l) => bernoulliVariate(r, sigmoid64(l)));
  }

  /** Mean `sigmoid(logits)`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['logits'], sigmoid64);
  }

  /** Variance `sigmoid(l) sigmoid(-l)`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mapBatch(['logits'], (l) => sigmoid64(l) * sigmoid64(-l));
  }
}

/**
 * Bernoulli distribution with probability `probs` of a one.
 *
 * @param probs - probability in [0, 1] (number, array or tensor).
 * @example
 * ```ts
 * import { bernoulli, beta, data, defineModel, param } from 'brenier';
 *
 * const coin = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.intArray('N', { lower: 0, upper: 1 }) },
 *   params: { theta: param.unitInterval() },
 *   logDensity: ({ theta }, { y }) => [beta(1, 1).logProb(theta), bernoulli(theta).logProb(y)],
 * });
 * coin.logDensity({ theta: 0.5 }, { N: 4, y: [1, 0, 1, 1] }); // ≈ -2.773 (= 4 log 0.5)
 * ```
 * @category Distributions
 */
export function bernoulli(probs: TensorLike): Bernoulli {
  return new Bernoulli(probs);
}

/**
 * Bernoulli distribution with log-odds `logits`.
 *
 * @param logits - log-odds (number, array or tensor).
 * @example Logistic regression
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { bernoulliLogit, data, defineModel, linearPredictor, normal, param } from 'brenier';
 *
 * const logit = defineModel({
 *   data: {
 *     N: data.int({ lower: 0 }),
 *     K: data.int({ lower: 1 }),
 *     X: data.matrix('N', 'K'),
 *     y: data.intArray('N', { lower: 0, upper: 1 }),
 *   },
 *   params: { alpha: param.real(), beta: param.real('K') },
 *   logDensity: ({ alpha, beta }, { X, y }) => ({
 *     priors: [normal(0, 2.5).logProb(alpha), normal(0, 2.5).logProb(beta)],
 *     likelihood: bernoulliLogit(tf.add(alpha, linearPredictor(X, beta))).logProb(y),
 *   }),
 * });
 * logit.logDensity({ alpha: 0, beta: [1] }, { N: 3, K: 1, X: [[-1], [0], [2]], y: [0, 1, 1] }); // ≈ -4.884
 * ```
 * @category Distributions
 */
export function bernoulliLogit(logits: TensorLike): BernoulliLogit {
  return new BernoulliLogit(logits);
}
