/**
 * The continuous uniform distribution on an interval.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { DistributionArgumentError } from '../core/errors.js';
import { broadcastShapes, broadcastTo, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { toArg, type TensorLike } from './distribution.js';
import { ScalarDistribution, detachedMask, restrictToSupport } from './scalar.js';

/**
 * Uniform distribution on `[lower, upper]` (Stan's `uniform(alpha, beta)`):
 *
 * `log p(x) = -log(upper - lower)` for `lower <= x <= upper`, `-Infinity` outside.
 *
 * The log density is differentiable in `lower` and `upper` (its gradient in
 * `x` is zero).
 *
 * @example
 * ```ts
 * import { Uniform } from 'brenier';
 *
 * const d = new Uniform(-1, 3);
 * d.logProb([0, 5]).arraySync(); // ≈ [-1.386, -Infinity]
 * d.support; // { type: 'interval', lower: -1, upper: 3 }
 * d.variance().data[0]; // ≈ 1.333
 * ```
 * @category Distributions
 */
export class Uniform extends ScalarDistribution {
  /**
   * The interval `(lower, upper)` when both bounds are concrete; with array
   * bounds that differ across the batch, the smallest interval containing
   * every element's support, `(min lower, max upper)`; with tensor bounds,
   * the real line (the support then depends on parameters).
   */
  readonly support: Constraint;

  /**
   * @param lower - lower bound, real.
   * @param upper - upper bound, real, greater than `lower` (checked when both are concrete).
   */
  constructor(lower: TensorLike, upper: TensorLike) {
    const lo = toArg('Uniform', 'lower', lower, 'real');
    const hi = toArg('Uniform', 'upper', upper, 'real');
    super('Uniform', { lower: lo, upper: hi });
    if (lo.kind === 'array' && hi.kind === 'array') {
      const shape = broadcastShapes(lo.array.shape, hi.array.shape) ?? [];
      const l = broadcastTo(lo.array, shape);
      const u = broadcastTo(hi.array, shape);
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < l.length; i++) {
        const a = l[i] as number;
        const b = u[i] as number;
        if (!(a < b)) {
          const where = shape.length === 0 ? '' : ` (entry ${i})`;
          throw new DistributionArgumentError('Uniform', 'upper', 'greater than lower', `${b} <= ${a}${where}`);
        }
        min = Math.min(min, a);
        max = Math.max(max, b);
      }
      this.support = l.length === 0 ? constraints.real : constraints.interval(min, max);
    } else {
      this.support = constraints.real;
    }
  }

  protected logDensity(x: tf.Tensor): tf.Tensor {
    const lower = this.param('lower');
    const upper = this.param('upper');
    const outside = detachedMask((t, l, u) => tf.logicalOr(tf.less(t, l), tf.greater(t, u)), x, lower, upper);
    return restrictToSupport(x, outside, tf.mul(tf.add(lower, upper), 0.5), (xs) =>
      tf.add(tf.neg(tf.log(tf.sub(upper, lower))), tf.mul(xs, 0)),
    );
  }

  /** Seeded float64 draws `lower + (upper - lower) U`. */
  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    return this.sampleWith(
      rng,
      sampleShape,
      ['lower', 'upper'],
      (r, lower, upper) => lower + (upper - lower) * r.uniform(),
    );
  }

  /** Mean, `(lower + upper) / 2`. */
  mean(): NDArray {
    return this.mapBatch(['lower', 'upper'], (lower, upper) => (lower + upper) / 2);
  }

  /** Variance, `(upper - lower)^2 / 12`. */
  variance(): NDArray {
    return this.mapBatch(['lower', 'upper'], (lower, upper) => ((upper - lower) * (upper - lower)) / 12);
  }
}

/**
 * Uniform distribution on `[lower, upper]`; see {@link Uniform}.
 *
 * @param lower - lower bound, real.
 * @param upper - upper bound, real, greater than `lower`.
 * @example
 * ```ts
 * import { uniform } from 'brenier';
 *
 * uniform(-1, 1).logProb([0, 2]).arraySync(); // ≈ [-0.693, -Infinity]
 * ```
 * @category Distributions
 */
export function uniform(lower: TensorLike, upper: TensorLike): Uniform {
  return new Uniform(lower, upper);
}
