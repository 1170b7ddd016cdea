/**
 * The gamma family: gamma (shape, rate), inverse gamma (shape, scale) and
 * chi-square (degrees of freedom).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lgamma } from '../math/special.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution, outsidePositive, restrictToSupport } from './scalar.js';
import { logGammaVariate } from './variates.js';

const LOG_TWO = Math.log(2);

/**
 * Gamma distribution with shape `shape` and RATE `rate` (Stan's
 * `gamma(alpha, beta)`; the scale is `1 / rate`):
 *
 * `log p(x) = shape log(rate) - lgamma(shape) + (shape - 1) log(x) - rate x`, x > 0.
 *
 * @example
 * ```ts
 * import { Gamma } from 'brenier';
 *
 * const d = new Gamma(2, 0.5); // shape 2, rate 0.5: mean 4
 * d.logProb(3).arraySync(); // ≈ -1.788
 * d.mean().data[0]; // 4
 * d.variance().data[0]; // 8
 * ```
 * @category Distributions
 */
export class Gamma extends ScalarDistribution {
  /** The positive half-line (`logProb(0)` is `-Infinity`). */
  readonly support: Constraint = constraints.positive;

  /**
   * @param shape - shape (concentration) `alpha`, positive.
   * @param rate - rate `beta` (inverse scale), positive.
   */
  constructor(shape: TensorLike, rate: TensorLike) {
    super('Gamma', {
      shape: [shape, 'positive'],
      rate: [rate, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const shape = this.param('shape');
    const rate = this.param('rate');
    return restrictToSupport(x, outsidePositive(x, true), 1, (xs) =>
      tf.add(
        tf.sub(tf.mul(shape, tf.log(rate)), lgamma(shape)),
        tf.sub(tf.mul(tf.sub(shape, 1), tf.log(xs)), tf.mul(rate, xs)),
      ),
    );
  }

  /** Seeded float64 draws `G / rate`, `G ~ Gamma(shape, 1)` (Marsaglia-Tsang). */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['shape', 'rate'], (r, shape, rate) => r.gamma(shape) / rate);
  }

  /** Mean, `shape / rate`. */
  mean(): NDArray {
    return this.mapBatch(['shape', 'rate'], (shape, rate) => shape / rate);
  }

  /** Variance, `shape / rate^2`. */
  variance(): NDArray {
    return this.mapBatch(['shape', 'rate'], (shape, rate) => shape / (rate * rate));
  }
}

/**
 * Gamma distribution with shape and rate; see {@link Gamma}.
 *
 * @param shape - shape `alpha`, positive.
 * @param rate - rate `beta`, positive.
 * @example
 * ```ts
 * import { gamma } from 'brenier';
 *
 * gamma(2, 0.5).logProb([1, 3, 0]).arraySync(); // ≈ [-1.886, -1.788, -Infinity]
 * ```
 * @category Distributions
 */
export function gamma(shape: TensorLike, rate: TensorLike): Gamma {
  return new Gamma(shape, rate);
}

/**
 * Inverse-gamma distribution with shape `shape` and scale `scale`, the law
 * of `1 / Y` for `Y ~ Gamma(shape, rate = scale)` (Stan's
 * `inv_gamma(alpha, beta)`):
 *
 * `log p(x) = shape log(scale) - lgamma(shape) - (shape + 1) log(x) - scale / x`, x > 0.
 *
 * @example
 * ```ts
 * import { InverseGamma } from 'brenier';
 *
 * const d = new InverseGamma(3, 2); // mean 2 / (3 - 1) = 1
 * d.logProb(1).arraySync(); // ≈ -0.614
 * d.mean().data[0]; // 1
 * ```
 * @category Distributions
 */
export class InverseGamma extends ScalarDistribution {
  /** The positive half-line (`logProb(0)` is `-Infinity`). */
  readonly support: Constraint = constraints.positive;

  /**
   * @param shape - shape `alpha`, positive.
   * @param scale - scale `beta`, positive.
   */
  constructor(shape: TensorLike, scale: TensorLike) {
    super('InverseGamma', {
      shape: [shape, 'positive'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const shape = this.param('shape');
    const scale = this.param('scale');
    return restrictToSupport(x, outsidePositive(x, true), 1, (xs) =>
      tf.sub(
        tf.sub(tf.mul(shape, tf.log(scale)), lgamma(shape)),
        tf.add(tf.mul(tf.add(shape, 1), tf.log(xs)), tf.div(scale, xs)),
      ),
    );
  }

  /** Seeded float64 draws `scale / G`, `G ~ Gamma(shape, 1)`, taken in logs (no overflow for small shapes). */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['shape', 'scale'], (r, shape, scale) =>
      Math.exp(Math.log(scale) - logGammaVariate(r, shape)),
    );
  }

  /** Mean: `scale / (shape - 1)` for `shape > 1`, infinite otherwise. */
  mean(): NDArray {
    return this.mapBatch(['shape', 'scale'], (shape, scale) => (shape > 1 ? scale / (shape - 1) : Infinity));
  }

  /** Variance: `scale^2 / ((shape - 1)^2 (shape - 2))` for `shape > 2`, infinite otherwise. */
  variance(): NDArray {
    return this.mapBatch(['shape', 'scale'], (shape, scale) =>
      shape > 2 ? (scale * scale) / ((shape - 1) * (shape - 1) * (shape - 2)) : Infinity,
    );
  }
}

/**
 * Inverse-gamma distribution with shape and scale; see {@link InverseGamma}.
 *
 * @param shape - shape `alpha`, positive.
 * @param scale - scale `beta`, positive.
 * @example
 * ```ts
 * import { inverseGamma } from 'brenier';
 *
 * inverseGamma(3, 2).logProb([0.5, 1, 2]).arraySync(); // ≈ [0.159, -0.614, -2.386]
 * ```
 * @category Distributions
 */
export function inverseGamma(shape: TensorLike, scale: TensorLike): InverseGamma {
  return new InverseGamma(shape, scale);
}

/**
 * Chi-square distribution with `df` degrees of freedom, `Gamma(df / 2, 1 / 2)`
 * (Stan's `chi_square(nu)`):
 *
 * `log p(x) = -(df / 2) log(2) - lgamma(df / 2) + (df / 2 - 1) log(x) - x / 2`, x > 0.
 *
 * @example
 * ```ts
 * import { ChiSquare } from 'brenier';
 *
 * const d = new ChiSquare(4);
 * d.logProb(3).arraySync(); // ≈ -1.788
 * d.variance().data[0]; // 8
 * ```
 * @category Distributions
 */
export class ChiSquare extends ScalarDistribution {
  /** The positive half-line (`logProb(0)` is `-Infinity`). */
  readonly support: Constraint = constraints.positive;

  /** @param df - degrees of freedom, positive (need not be an integer). */
  constructor(df: TensorLike) {
    super('ChiSquare', { df: [df, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const k = tf.mul(this.param('df'), 0.5);
    return restrictToSupport(x, outsidePositive(x, true), 1, (xs) =>
      tf.sub(tf.sub(tf.mul(tf.sub(k, 1), tf.log(xs)), tf.mul(0.5, xs)), tf.add(tf.mul(k, LOG_TWO), lgamma(k))),
    );
  }

  /** Seeded float64 draws `2 G`, `G ~ Gamma(df / 2, 1)`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['df'], (r, df) => 2 * r.gamma(df / 2));
  }

  /** Mean, `df`. */
  mean(): NDArray {
    return this.mapBatch(['df'], (df) => df);
  }

  /** Variance, `2 df`. */
  variance(): NDArray {
    return this.mapBatch(['df'], (df) => 2 * df);
  }
}

/**
 * Chi-square distribution; see {@link ChiSquare}.
 *
 * @param df - degrees of freedom, positive.
 * @example
 * ```ts
 * import { chiSquare } from 'brenier';
 *
 * chiSquare(4).logProb([1, 3, 10]).arraySync(); // ≈ [-1.886, -1.788, -4.084]
 * ```
 * @category Distributions
 */
export function chiSquare(df: TensorLike): ChiSquare {
  return new ChiSquare(df);
}
