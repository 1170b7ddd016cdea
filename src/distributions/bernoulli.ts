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
 * @category Distributions
 */
export function bernoulli(probs: TensorLike): Bernoulli {
  return new Bernoulli(probs);
}

/**
 * Bernoulli distribution with log-odds `logits`.
 *
 * @param logits - log-odds (number, array or tensor).
 * @category Distributions
 */
export function bernoulliLogit(logits: TensorLike): BernoulliLogit {
  return new BernoulliLogit(logits);
}
