/**
 * The logistic distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';

/**
 * Logistic distribution with location `loc` and scale `scale` (Stan's
 * `logistic(mu, sigma)`; standard deviation `pi scale / sqrt(3)`). With
 * `z = (x - loc) / scale`:
 *
 * `log p(x) = -z - 2 log(1 + exp(-z)) - log(scale) = -|z| - 2 softplus(-|z|) - log(scale)`, x real,
 *
 * evaluated in the second (symmetric, overflow-free) form.
 *
 * @example
 * ```ts
 * import { Logistic } from 'brenier';
 *
 * const d = new Logistic(0, 1);
 * d.logProb(0).arraySync(); // ≈ -1.386 (= -log 4)
 * d.variance().data[0]; // ≈ 3.290 (= π²/3)
 * ```
 * @category Distributions
 */
export class Logistic extends ScalarDistribution {
  /** The real line. */
  readonly support: Constraint = constraints.real;

  /**
   * @param loc - location (mean and median), real.
   * @param scale - scale, positive.
   */
  constructor(loc: TensorLike, scale: TensorLike) {
    super('Logistic', {
      loc: [loc, 'real'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    const absZ = tf.abs(tf.div(tf.sub(x, this.param('loc')), scale));
    return tf.neg(tf.add(tf.add(absZ, tf.mul(2, tf.softplus(tf.neg(absZ)))), tf.log(scale)));
  }

  /** Seeded float64 draws by inversion, `loc + scale (log U - log(1 - U))`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['loc', 'scale'], (r, loc, scale) => {
      const u = r.uniform();
      return loc + scale * (Math.log(u) - Math.log1p(-u));
    });
  }

  /** Mean, `loc`. */
  mean(): NDArray {
    return this.mapBatch(['loc'], (loc) => loc);
  }

  /** Variance, `pi^2 scale^2 / 3`. */
  variance(): NDArray {
    return this.mapBatch(['scale'], (scale) => (Math.PI * Math.PI * scale * scale) / 3);
  }
}

/**
 * Logistic distribution; see {@link Logistic}.
 *
 * @param loc - location, real.
 * @param scale - scale, positive.
 * @example
 * ```ts
 * import { logistic } from 'brenier';
 *
 * logistic(0, 1).logProb([0, 1, 100]).arraySync(); // ≈ [-1.386, -1.627, -100]
 * ```
 * @category Distributions
 */
export function logistic(loc: TensorLike, scale: TensorLike): Logistic {
  return new Logistic(loc, scale);
}
