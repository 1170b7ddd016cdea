/**
 * The Laplace (double exponential) distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';

const LOG_TWO = Math.log(2);

/**
 * Laplace distribution with location `loc` and scale `scale` (Stan's
 * `double_exponential(mu, sigma)`; standard deviation `sqrt(2) scale`):
 *
 * `log p(x) = -log(2 scale) - |x - loc| / scale`, x real.
 *
 * @example
 * ```ts
 * import { Laplace } from 'brenier';
 *
 * const d = new Laplace(0, 1);
 * d.logProb(1).arraySync(); // ≈ -1.693 (= -log 2 - 1)
 * d.variance().data[0]; // 2
 * ```
 * @category Distributions
 */
export class Laplace extends ScalarDistribution {
  /** The real line. */
  readonly support: Constraint = constraints.real;

  /**
   * @param loc - location (mean and median), real.
   * @param scale - scale (mean absolute deviation), positive.
   */
  constructor(loc: TensorLike, scale: TensorLike) {
    super('Laplace', {
      loc: [loc, 'real'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    const absZ = tf.div(tf.abs(tf.sub(x, this.param('loc'))), scale);
    return tf.neg(tf.add(tf.add(tf.log(scale), LOG_TWO), absZ));
  }

  /** Seeded float64 draws `loc + scale (E1 - E2)`, a difference of standard exponentials. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(
      rng,
      sampleShape,
      ['loc', 'scale'],
      (r, loc, scale) => loc + scale * (r.exponential() - r.exponential()),
    );
  }

  /** Mean, `loc`. */
  mean(): NDArray {
    return this.mapBatch(['loc'], (loc) => loc);
  }

  /** Variance, `2 scale^2`. */
  variance(): NDArray {
    return this.mapBatch(['scale'], (scale) => 2 * scale * scale);
  }
}

/**
 * Laplace distribution; see {@link Laplace}.
 *
 * @param loc - location, real.
 * @param scale - scale, positive.
 * @example
 * ```ts
 * import { laplace } from 'brenier';
 *
 * laplace(0, 1).logProb([-1, 0, 2]).arraySync(); // ≈ [-1.693, -0.693, -2.693]
 * ```
 * @category Distributions
 */
export function laplace(loc: TensorLike, scale: TensorLike): Laplace {
  return new Laplace(loc, scale);
}
