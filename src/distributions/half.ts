/**
 * Half distributions: the laws of `|X|` for `X` normal, Cauchy or Student-t
 * centred at zero, the usual weakly-informative priors on scales.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { logGamma } from '../math/special.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution, outsidePositive, restrictToSupport } from './scalar.js';
import { studentTLogDensity } from './student-t.js';
import { standardCauchyVariate, standardStudentTVariate } from './variates.js';

const LOG_TWO = Math.log(2);
const HALF_LOG_TWO_OVER_PI = 0.5 * Math.log(2 / Math.PI);
const LOG_TWO_OVER_PI = Math.log(2 / Math.PI);

/**
 * Half-normal distribution, the law of `|X|` for `X ~ Normal(0, scale)`
 * (Stan's `normal(0, sigma)` on a parameter with `lower = 0`):
 *
 * `log p(x) = log(2) - log(2 pi) / 2 - log(scale) - (x / scale)^2 / 2`, x >= 0.
 *
 * @example
 * ```ts
 * import { HalfNormal } from 'brenier';
 *
 * const d = new HalfNormal(1);
 * d.logProb([0, 1, -1]).arraySync(); // ≈ [-0.226, -0.726, -Infinity]
 * d.mean().data[0]; // ≈ 0.798 (= √(2/π))
 * ```
 * @category Distributions
 */
export class HalfNormal extends ScalarDistribution {
  /** The positive half-line (the density is also finite at 0, where `logProb` is evaluated too). */
  readonly support: Constraint = constraints.positive;

  /** @param scale - standard deviation of the underlying normal, positive. */
  constructor(scale: TensorLike) {
    super('HalfNormal', { scale: [scale, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    return restrictToSupport(x, outsidePositive(x, false), 0, (xs) =>
      tf.sub(tf.sub(HALF_LOG_TWO_OVER_PI, tf.log(scale)), tf.mul(0.5, tf.square(tf.div(xs, scale)))),
    );
  }

  /** Seeded float64 draws `scale |Z|`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['scale'], (r, scale) => scale * Math.abs(r.normal()));
  }

  /** Mean, `scale sqrt(2 / pi)`. */
  mean(): NDArray {
    return this.mapBatch(['scale'], (scale) => scale * Math.sqrt(2 / Math.PI));
  }

  /** Variance, `scale^2 (1 - 2 / pi)`. */
  variance(): NDArray {
    return this.mapBatch(['scale'], (scale) => scale * scale * (1 - 2 / Math.PI));
  }
}

/**
 * Half-normal distribution; see {@link HalfNormal}.
 *
 * @param scale - standard deviation of the underlying normal, positive.
 * @example A prior on a scale parameter
 * ```ts
 * import { data, defineModel, halfNormal, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { sigma: param.positive() },
 *   logDensity: ({ sigma }, { y }) => [halfNormal(2.5).logProb(sigma), normal(0, sigma).logProb(y)],
 * });
 * model.logDensity({ sigma: 1 }, { N: 2, y: [0.5, -1] }); // ≈ -3.685
 * ```
 * @category Distributions
 */
export function halfNormal(scale: TensorLike): HalfNormal {
  return new HalfNormal(scale);
}

/**
 * Half-Cauchy distribution, the law of `|X|` for `X ~ Cauchy(0, scale)`:
 *
 * `log p(x) = log(2 / pi) - log(scale) - log(1 + (x / scale)^2)`, x >= 0.
 *
 * Its mean and variance are infinite.
 *
 * @example
 * ```ts
 * import { HalfCauchy } from 'brenier';
 *
 * const d = new HalfCauchy(5);
 * d.logProb([0, 5]).arraySync(); // ≈ [-2.061, -2.754]
 * ```
 * @category Distributions
 */
export class HalfCauchy extends ScalarDistribution {
  /** The positive half-line (the density is also finite at 0). */
  readonly support: Constraint = constraints.positive;

  /** @param scale - scale of the underlying Cauchy (the median of `|X|`), positive. */
  constructor(scale: TensorLike) {
    super('HalfCauchy', { scale: [scale, 'positive'] });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    return restrictToSupport(x, outsidePositive(x, false), 0, (xs) =>
      tf.sub(tf.sub(LOG_TWO_OVER_PI, tf.log(scale)), tf.log1p(tf.square(tf.div(xs, scale)))),
    );
  }

  /** Seeded float64 draws `scale |tan(pi (U - 1/2))|`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(rng, sampleShape, ['scale'], (r, scale) => scale * Math.abs(standardCauchyVariate(r)));
  }

  /** Mean: infinite. */
  mean(): NDArray {
    return this.mapBatch([], () => Infinity);
  }

  /** Variance: infinite. */
  variance(): NDArray {
    return this.mapBatch([], () => Infinity);
  }
}

/**
 * Half-Cauchy distribution; see {@link HalfCauchy}.
 *
 * @param scale - scale, positive.
 * @example
 * ```ts
 * import { cauchy, halfCauchy } from 'brenier';
 *
 * // On tau > 0, the half-Cauchy is the Cauchy density doubled:
 * halfCauchy(5).logProb(3).arraySync(); // ≈ -2.369
 * cauchy(0, 5).logProb(3).arraySync(); // ≈ -3.062 (= -2.369 - log 2)
 * ```
 * @category Distributions
 */
export function halfCauchy(scale: TensorLike): HalfCauchy {
  return new HalfCauchy(scale);
}

/**
 * Half-Student-t distribution, the law of `|X|` for `X ~ StudentT(df, 0, scale)`:
 *
 * `log p(x) = log(2) + lgamma((df + 1) / 2) - lgamma(df / 2) - log(df pi) / 2 - log(scale)
 *   - (df + 1) / 2 * log(1 + (x / scale)^2 / df)`, x >= 0.
 *
 * @example
 * ```ts
 * import { HalfStudentT } from 'brenier';
 *
 * const d = new HalfStudentT(3, 2.5);
 * d.logProb(1).arraySync(); // ≈ -1.328
 * d.mean().data[0]; // ≈ 2.757
 * ```
 * @category Distributions
 */
export class HalfStudentT extends ScalarDistribution {
  /** The positive half-line (the density is also finite at 0). */
  readonly support: Constraint = constraints.positive;

  /**
   * @param df - degrees of freedom, positive.
   * @param scale - scale of the underlying Student-t, positive.
   */
  constructor(df: TensorLike, scale: TensorLike) {
    super('HalfStudentT', {
      df: [df, 'positive'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const df = this.param('df');
    const scale = this.param('scale');
    return restrictToSupport(x, outsidePositive(x, false), 0, (xs) =>
      tf.add(studentTLogDensity(tf.div(xs, scale), df, scale), LOG_TWO),
    );
  }

  /** Seeded float64 draws `scale |T|`, `T` a standard Student-t variate. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(
      rng,
      sampleShape,
      ['df', 'scale'],
      (r, df, scale) => scale * Math.abs(standardStudentTVariate(r, df)),
    );
  }

  /**
   * Mean: `2 scale sqrt(df / pi) Gamma((df + 1) / 2) / (Gamma(df / 2) (df - 1))`
   * for `df > 1`, infinite otherwise.
   */
  mean(): NDArray {
    return this.mapBatch(['df', 'scale'], halfStudentTMean);
  }

  /** Variance: `scale^2 df / (df - 2) - mean^2` for `df > 2`, infinite otherwise. */
  variance(): NDArray {
    return this.mapBatch(['df', 'scale'], (df, scale) => {
      if (!(df > 2)) return Infinity;
      const m = halfStudentTMean(df, scale);
      return (scale * scale * df) / (df - 2) - m * m;
    });
  }
}

function halfStudentTMean(df: number, scale: number): number {
  if (!(df > 1)) return Infinity;
  const ratio = Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2));
  return (2 * scale * Math.sqrt(df / Math.PI) * ratio) / (df - 1);
}

/**
 * Half-Student-t distribution; see {@link HalfStudentT}.
 *
 * @param df - degrees of freedom, positive.
 * @param scale - scale, positive.
 * @example
 * ```ts
 * import { halfStudentT } from 'brenier';
 *
 * halfStudentT(3, 2.5).logProb([0.5, 1, 5]).arraySync(); // ≈ [-1.251, -1.328, -2.919]
 * ```
 * @category Distributions
 */
export function halfStudentT(df: TensorLike, scale: TensorLike): HalfStudentT {
  return new HalfStudentT(df, scale);
}
