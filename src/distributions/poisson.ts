/**
 * Poisson distributions, parameterised by the rate or the log-rate.
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

/** Poisson log mass `x log(rate) - rate - lgamma(x + 1)` on `{0, 1, ...}` given the tensors `log(rate)` and `rate`. */
function poissonLogMass(x: tf.Tensor, logRate: tf.Tensor, rate: tf.Tensor): tf.Tensor {
  return countLogProb(x, undefined, (xs) => tf.sub(tf.sub(xlogy(xs, logRate), rate), lgamma(tf.add(xs, 1))));
}

/**
 * Poisson distribution with rate `lambda`:
 * `log p(x) = x log(lambda) - lambda - lgamma(x + 1)` for `x` in `{0, 1, ...}`.
 * Mean and variance `lambda`.
 *
 * @example
 * ```ts
 * import { Poisson, Rng } from 'brenier';
 *
 * const d = new Poisson(3);
 * d.logProb([0, 2, 5]).arraySync(); // ≈ [-3, -1.496, -2.294]
 * d.logProb(1.5).arraySync(); // -Infinity (not an integer)
 * d.sample(new Rng(1), [4]).data; // Float64Array [3, 5, 3, 2]
 * ```
 * @category Distributions
 */
export class Poisson extends ScalarDistribution {
  /** The non-negative integers. */
  readonly support: Constraint = constraints.nonNegativeInteger;

  /** @param rate - non-negative rate `lambda` (0 gives a point mass at 0). */
  constructor(rate: TensorLike) {
    super('Poisson', { rate: [rate, 'non-negative'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const rate = this.param('rate');
    return poissonLogMass(x, tf.log(rate), rate);
  }

  /** Seeded exact float64 draws (inversion or PTRS). */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['rate'], poissonVariate);
  }

  /** Mean `lambda`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['rate'], (rate) => rate);
  }

  /** Variance `lambda`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mean();
  }
}

/**
 * Poisson distribution parameterised by the log-rate `eta = log(lambda)`:
 * `log p(x) = x eta - exp(eta) - lgamma(x + 1)` (Stan's `poisson_log`).
 *
 * @example
 * ```ts
 * import { PoissonLogRate } from 'brenier';
 *
 * const d = new PoissonLogRate(Math.log(3)); // the same law as new Poisson(3)
 * d.logProb([0, 2, 5]).arraySync(); // ≈ [-3, -1.496, -2.294]
 * d.mean().data[0]; // ≈ 3
 * ```
 * @category Distributions
 */
export class PoissonLogRate extends ScalarDistribution {
  /** The non-negative integers. */
  readonly support: Constraint = constraints.nonNegativeInteger;

  /** @param logRate - log of the rate, any finite real. */
  constructor(logRate: TensorLike) {
    super('PoissonLogRate', { logRate: [logRate, 'real'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const eta = this.param('logRate');
    return poissonLogMass(x, eta, tf.exp(eta));
  }

  /** Seeded exact float64 draws (inversion or PTRS) with rate `exp(eta)`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['logRate'], (r, eta) => poissonVariate(r, Math.exp(eta)));
  }

  /** Mean `exp(eta)`, float64, of the batch shape. */
  mean(): NDArray {
    return this.mapBatch(['logRate'], Math.exp);
  }

  /** Variance `exp(eta)`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mean();
  }
}

/**
 * Poisson distribution with rate `rate`.
 *
 * @param rate - non-negative rate.
 * @example
 * ```ts
 * import { poisson } from 'brenier';
 *
 * poisson([1, 10]).logProb(4).arraySync(); // ≈ [-4.178, -3.968]
 * ```
 * @category Distributions
 */
export function poisson(rate: TensorLike): Poisson {
  return new Poisson(rate);
}

/**
 * Poisson distribution with log-rate `logRate`.
 *
 * @param logRate - log of the rate.
 * @example Poisson regression
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { data, defineModel, normal, param, poissonLogRate } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), x: data.vector('N'), y: data.intArray('N', { lower: 0 }) },
 *   params: { alpha: param.real(), beta: param.real() },
 *   logDensity: ({ alpha, beta }, { x, y }) => ({
 *     priors: [normal(0, 2).logProb(alpha), normal(0, 1).logProb(beta)],
 *     likelihood: poissonLogRate(tf.add(alpha, tf.mul(beta, x))).logProb(y), // log E[y] = alpha + beta x
 *   }),
 * });
 * model.logDensity({ alpha: 1, beta: 0.5 }, { N: 3, x: [0, 1, 2], y: [2, 5, 7] }); // ≈ -7.876
 * ```
 * @category Distributions
 */
export function poissonLogRate(logRate: TensorLike): PoissonLogRate {
  return new PoissonLogRate(logRate);
}
