/**
 * The Cauchy distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';
import { standardCauchyVariate } from './variates.js';

const LOG_PI = Math.log(Math.PI);

/**
 * Cauchy distribution with location `loc` and scale `scale` (Stan's
 * `cauchy(mu, sigma)`):
 *
 * `log p(x) = -log(pi) - log(scale) - log(1 + ((x - loc) / scale)^2)`, x real.
 *
 * Its mean and variance do not exist: {@link Cauchy.mean} and
 * {@link Cauchy.variance} return NaN.
 *
 * @example
 * ```ts
 * import { Cauchy } from 'brenier';
 *
 * const d = new Cauchy(0, 1);
 * d.logProb(0).arraySync(); // ≈ -1.145 (= -log π)
 * d.mean().data[0]; // NaN
 * ```
 * @category Distributions
 */
export class Cauchy extends ScalarDistribution {
  /** The real line. */
  readonly support: Constraint = constraints.real;

  /**
   * @param loc - location (the median), real.
   * @param scale - scale (half the interquartile range), positive.
   */
  constructor(loc: TensorLike, scale: TensorLike) {
    super('Cauchy', { loc: [loc, 'real'], scale: [scale, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    const z = tf.div(tf.sub(x, this.param('loc')), scale);
    return tf.neg(tf.add(tf.add(tf.log(scale), LOG_PI), tf.log1p(tf.square(z))));
  }

  /** Seeded float64 draws by inversion, `loc + scale tan(pi (U - 1/2))`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(
      rng,
      sampleShape,
      ['loc', 'scale'],
      (r, loc, scale) => loc + scale * standardCauchyVariate(r),
    );
  }

  /** Mean: undefined, NaN. */
  mean(): NDArray {
    return this.mapBatch([], () => Number.NaN);
  }

  /** Variance: undefined, NaN. */
  variance(): NDArray {
    return this.mapBatch([], () => Number.NaN);
  }
}

/**
 * Cauchy distribution; see {@link Cauchy}.
 *
 * @param loc - location, real.
 * @param scale - scale, positive.
 * @example
 * ```ts
 * import { cauchy } from 'brenier';
 *
 * cauchy(0, 1).logProb([0, 2]).arraySync(); // ≈ [-1.145, -2.754]
 * ```
 * @category Distributions
 */
export function cauchy(loc: TensorLike, scale: TensorLike): Cauchy {
  return new Cauchy(loc, scale);
}
