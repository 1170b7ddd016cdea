/**
 * The exponential distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution, outsidePositive, restrictToSupport } from './scalar.js';

/**
 * Exponential distribution with rate `rate` (Stan's `exponential(beta)`;
 * mean `1 / rate`):
 *
 * `log p(x) = log(rate) - rate x`, x >= 0.
 *
 * @example
 * ```ts
 * import { Exponential, Rng } from 'brenier';
 *
 * const d = new Exponential(2);
 * d.logProb(0.5).arraySync(); // ≈ -0.307 (= log 2 - 1)
 * d.mean().data[0]; // 0.5
 * d.sample(new Rng(3), [4]).shape; // [4]
 * ```
 * @category Distributions
 */
export class Exponential extends ScalarDistribution {
  /** The positive half-line (the density is also finite at 0). */
  readonly support: Constraint = constraints.positive;

  /** @param rate - rate (inverse mean), positive. */
  constructor(rate: TensorLike) {
    super('Exponential', { rate: [rate, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const rate = this.param('rate');
    return restrictToSupport(x, outsidePositive(x, false), 0, (xs) => tf.sub(tf.log(rate), tf.mul(rate, xs)));
  }

  /** Seeded float64 draws `E / rate`, `E = -log U` standard exponential. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['rate'], (r, rate) => r.exponential() / rate);
  }

  /** Mean, `1 / rate`. */
  mean(): NDArray {
    return this.mapBatch(['rate'], (rate) => 1 / rate);
  }

  /** Variance, `1 / rate^2`. */
  variance(): NDArray {
    return this.mapBatch(['rate'], (rate) => 1 / (rate * rate));
  }
}

/**
 * Exponential distribution; see {@link Exponential}.
 *
 * @param rate - rate, positive.
 * @example
 * ```ts
 * import { exponential } from 'brenier';
 *
 * exponential(2).logProb([0.1, 1, -1]).arraySync(); // ≈ [0.493, -1.307, -Infinity]
 * ```
 * @category Distributions
 */
export function exponential(rate: TensorLike): Exponential {
  return new Exponential(rate);
}
