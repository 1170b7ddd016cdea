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
 * @example
 * ```ts
 * import { Normal, Rng } from 'brenier';
 *
 * const d = new Normal(1, 2);
 * d.logProb(1).arraySync(); // ≈ -1.612 (= -log 2 - log(2π)/2)
 * d.logProb([0, 1, 3]).shape; // [3]
 * d.sample(new Rng(7), [1000]).shape; // [1000]
 * d.variance().data; // Float64Array [4]
 * ```
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
 * @example Batches and broadcasting
 * ```ts
 * import { normal, Rng } from 'brenier';
 *
 * const d = normal(0, [1, 2]); // batch shape [2]
 * d.logProb([[0.5], [1.5]]).arraySync(); // ≈ [[-1.044, -1.643], [-2.044, -1.893]]
 * d.sample(new Rng(1), [100]).shape; // [100, 2] (float64 draws)
 * ```
 * @example In a model
 * ```ts
 * import { data, defineModel, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 1).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y), // [N particles, n observations]
 *   }),
 * });
 * model.logDensity({ mu: 0.3, sigma: 1 }, { N: 3, y: [0.1, -0.4, 1.2] }); // ≈ -8.068
 * ```
 * @category Distributions
 */
export function normal(loc: TensorLike, scale: TensorLike): Normal {
  return new Normal(loc, scale);
}
