/**
 * The Student-t distribution (location-scale).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lgamma } from '../math/special.js';
import type { TensorLike } from './distribution.js';
import { ScalarDistribution } from './scalar.js';
import { standardStudentTVariate } from './variates.js';

/**
 * Log density of the standard Student-t at `z = (x - loc) / scale`, less
 * `log(scale)`:
 * `lgamma((df + 1) / 2) - lgamma(df / 2) - log(df pi) / 2 - log(scale) - (df + 1) / 2 log1p(z^2 / df)`.
 * Shared by {@link StudentT} and the half Student-t.
 *
 * @internal
 */
export function studentTLogDensity(z: tf.Tensor, df: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  const halfDfPlusHalf = tf.mul(tf.add(df, 1), 0.5);
  const norm = tf.sub(
    tf.sub(lgamma(halfDfPlusHalf), lgamma(tf.mul(df, 0.5))),
    tf.add(tf.mul(0.5, tf.log(tf.mul(df, Math.PI))), tf.log(scale)),
  );
  return tf.sub(norm, tf.mul(halfDfPlusHalf, tf.log1p(tf.div(tf.square(z), df))));
}

/**
 * Student-t distribution with `df` degrees of freedom, location `loc` and
 * scale `scale` (Stan's `student_t(nu, mu, sigma)`):
 *
 * `log p(x) = lgamma((df + 1) / 2) - lgamma(df / 2) - log(df pi) / 2 - log(scale)
 *   - (df + 1) / 2 * log(1 + ((x - loc) / scale)^2 / df)`, x real.
 *
 * @example
 * ```ts
 * import { Rng, StudentT } from 'brenier';
 *
 * const d = new StudentT(3, 0, 1);
 * d.logProb(0).arraySync(); // ≈ -1.001
 * d.variance().data[0]; // 3 (= df / (df - 2))
 * d.sample(new Rng(1), [5]).shape; // [5]
 * ```
 * @category Distributions
 */
export class StudentT extends ScalarDistribution {
  /** The real line. */
  readonly support: Constraint = constraints.real;

  /**
   * @param df - degrees of freedom, positive (need not be an integer).
   * @param loc - location (the median), real.
   * @param scale - scale, positive.
   */
  constructor(df: TensorLike, loc: TensorLike, scale: TensorLike) {
    super('StudentT', {
      df: [df, 'positive'],
      loc: [loc, 'real'],
      scale: [scale, 'positive'],
    });
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const scale = this.param('scale');
    const z = tf.div(tf.sub(x, this.param('loc')), scale);
    return studentTLogDensity(z, this.param('df'), scale);
  }

  /** Seeded float64 draws `loc + scale Z / sqrt(V / df)`, `V ~ chi^2(df)`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(
      rng,
      sampleShape,
      ['df', 'loc', 'scale'],
      (r, df, loc, scale) => loc + scale * standardStudentTVariate(r, df),
    );
  }

  /** Mean: `loc` for `df > 1`, NaN (undefined) otherwise. */
  mean(): NDArray {
    return this.mapBatch(['df', 'loc'], (df, loc) => (df > 1 ? loc : Number.NaN));
  }

  /** Variance: `scale^2 df / (df - 2)` for `df > 2`, Infinity for `1 < df <= 2`, NaN for `df <= 1`. */
  variance(): NDArray {
    return this.mapBatch(['df', 'scale'], (df, scale) =>
      df > 2 ? (scale * scale * df) / (df - 2) : df > 1 ? Infinity : Number.NaN,
    );
  }
}

/**
 * Student-t distribution; see {@link StudentT}.
 *
 * @param df - degrees of freedom, positive.
 * @param loc - location, real.
 * @param scale - scale, positive.
 * @example Robust regression
 * ```ts
 * import { data, defineModel, halfNormal, normal, param, studentT } from 'brenier';
 * import * as tf from '@tensorflow/tfjs';
 *
 * const robust = defineModel({
 *   data: { N: data.int({ lower: 0 }), x: data.vector('N'), y: data.vector('N') },
 *   params: { alpha: param.real(), beta: param.real(), sigma: param.positive() },
 *   logDensity: ({ alpha, beta, sigma }, { x, y }) => ({
 *     priors: [normal(0, 5).logProb(alpha), normal(0, 5).logProb(beta), halfNormal(2).logProb(sigma)],
 *     likelihood: studentT(4, tf.add(alpha, tf.mul(beta, x)), sigma).logProb(y),
 *   }),
 * });
 * robust.logDensity({ alpha: 0, beta: 1, sigma: 1 }, { N: 3, x: [0, 1, 2], y: [0.2, 0.9, 7] }); // ≈ -14.05
 * ```
 * @category Distributions
 */
export function studentT(df: TensorLike, loc: TensorLike, scale: TensorLike): StudentT {
  return new StudentT(df, loc, scale);
}
