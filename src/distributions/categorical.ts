/**
 * Categorical distributions over `{0, ..., K-1}`, by probabilities or logits.
 *
 * **Categories are 0-based**, as in TensorFlow.js, NumPyro and TFP (Stan's
 * `categorical` is 1-based: the model layer converts Stan-style data by
 * subtracting one).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { DistributionArgumentError } from '../core/errors.js';
import { sizeOf, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { whereBroadcast } from './count-support.js';
import { Distribution, toArg, valueTensor, type Arg, type TensorLike } from './distribution.js';
import { categoryCount } from './event-shape.js';

const SIMPLEX_TOLERANCE = 1e-6;

/** Float64 categorical draw by inversion of the cumulative weights `w[0..k)` (total `total`). */
function drawCategory(rng: Rng, w: Float64Array, offset: number, k: number, total: number): number {
  const u = rng.uniform() * total;
  let c = 0;
  for (let i = 0; i < k; i++) {
    c += w[offset + i] as number;
    if (u < c) return i;
  }
  // Rounding: u at the very top of the total mass; return the last positive category.
  for (let i = k - 1; i >= 0; i--) if ((w[offset + i] as number) > 0) return i;
  return k - 1;
}

/**
 * Base of {@link Categorical} and {@link CategoricalLogit}: the category axis
 * is the argument's last axis (batch shape: the rest), categories are 0-based,
 * sampling by inversion in float64.
 *
 * @example
 * ```ts
 * import { categorical, categoricalLogit, Rng, type CategoricalBase } from 'brenier';
 *
 * function frequencies(d: CategoricalBase, n: number): number[] {
 *   const counts = new Array<number>(d.categories).fill(0);
 *   for (const c of d.sample(new Rng(1), [n]).data) counts[c] = (counts[c] ?? 0) + 1;
 *   return counts.map((k) => k / n);
 * }
 * frequencies(categorical([0.25, 0.25, 0.5]), 10000); // ≈ [0.25, 0.25, 0.5]
 * frequencies(categoricalLogit([0, 0, Math.log(2)]), 10000); // ≈ [0.25, 0.25, 0.5]
 * ```
 * @category Distributions
 */
export abstract class CategoricalBase extends Distribution {
  readonly eventRank: number = 0;
  readonly support: Constraint;
  /** Number of categories `K`. */
  readonly categories: number;

  /**
   * @param distribution - the distribution's name, for error messages.
   * @param name - name of the argument whose last axis holds the categories.
   * @param arg - that argument, validated.
   */
  protected constructor(distribution: string, name: string, arg: Arg) {
    super({ [name]: arg });
    const k = categoryCount(distribution, name, arg);
    this.categories = k;
    this.support = constraints.integer(0, k - 1);
    void this.batchShape;
  }

  protected override argBatchShape(_name: string, shape: readonly number[]): readonly number[] {
    return shape.slice(0, -1);
  }

  /**
   * Log mass at `value`: `log p[x]` picked by a one-hot mask of the
   * (0-based) category, `-Infinity` for values outside `{0..K-1}`.
   */
  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const k = this.categories;
      const x = valueTensor(value);
      const valid = tf.logicalAnd(
        tf.logicalAnd(tf.greaterEqual(x, 0), tf.lessEqual(x, k - 1)),
        tf.equal(x, tf.round(x)),
      );
      const xSafe = tf.where(valid, x, tf.zerosLike(x));
      const oneHot = tf.cast(tf.oneHot(tf.cast(xSafe, 'int32'), k), 'float32');
      return whereBroadcast(valid, this.pickLogMass(oneHot), tf.scalar(-Infinity));
    });
  }

  /**
   * The log mass of the categories selected by `oneHot` (`[..., K]`,
   * broadcasting against the argument), summed out over the last axis
   * (called inside `tf.tidy`).
   */
  protected abstract pickLogMass(oneHot: tf.Tensor): tf.Tensor;

  /** Probabilities, float64, `[...batch, K]`. */
  protected abstract probabilities(): Float64Array;

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const k = this.categories;
    const p = this.probabilities();
    const totals = new Float64Array(p.length / k);
    for (let b = 0; b < totals.length; b++) {
      let t = 0;
      for (let i = 0; i < k; i++) t += p[b * k + i] as number;
      totals[b] = t;
    }
    return this.sampleScalar(rng, sampleShape, (r, b) => drawCategory(r, p, b * k, k, totals[b] as number));
  }

  /** Mean `sum_k k p_k` (0-based categories), float64, of the batch shape. */
  mean(): NDArray {
    return this.moment(1);
  }

  /** Variance `sum_k k^2 p_k - mean^2` (0-based categories), float64, of the batch shape. */
  variance(): NDArray {
    const m = this.moment(1).data;
    const m2 = this.moment(2);
    return { data: m2.data.map((v, i) => v - (m[i] as number) ** 2), shape: m2.shape };
  }

  private moment(power: number): NDArray {
    const k = this.categories;
    const p = this.probabilities();
    const batch = this.batchShape;
    const out = new Float64Array(sizeOf(batch));
    for (let b = 0; b < out.length; b++) {
      let s = 0;
      let t = 0;
      for (let i = 0; i < k; i++) {
        s += (p[b * k + i] as number) * i ** power;
        t += p[b * k + i] as number;
      }
      out[b] = s / t;
    }
    return { data: out, shape: [...batch] };
  }
}

/**
 * Categorical distribution over the **0-based** categories `{0, ..., K-1}`
 * with probabilities `probs` (last axis): `log p(x) = log probs[x]`;
 * values outside `{0..K-1}` have log mass `-Infinity`.
 * Concrete `probs` must be non-negative and sum to one (within 1e-6);
 * tensor `probs` are used as given (not renormalised).
 *
 * @example
 * ```ts
 * import { Categorical } from 'brenier';
 *
 * const d = new Categorical([0.2, 0.5, 0.3]);
 * d.logProb([0, 1, 2, 3]).arraySync(); // ≈ [-1.609, -0.693, -1.204, -Infinity]
 * d.categories; // 3
 * d.mean().data[0]; // ≈ 1.1
 * ```
 * @category Distributions
 */
export class Categorical extends CategoricalBase {
  readonly name: string = 'Categorical';

  /** @param probs - `[..., K]` probabilities of categories `0..K-1`, summing to one. */
  constructor(probs: TensorLike) {
    const arg = toArg('Categorical', 'probs', probs, 'probability');
    super('Categorical', 'probs', arg);
    const k = this.categories;
    if (arg.kind === 'array') {
      const d = arg.array.data;
      for (let b = 0; b < d.length / k; b++) {
        let s = 0;
        for (let i = 0; i < k; i++) s += d[b * k + i] as number;
        if (Math.abs(s - 1) > SIMPLEX_TOLERANCE) {
          throw new DistributionArgumentError(
            'Categorical',
            'probs',
            'probabilities summing to 1 along the last axis',
            `a vector summing to ${s} (batch entry ${b})`,
          );
        }
      }
    }
  }

  protected pickLogMass(oneHot: tf.Tensor): tf.Tensor {
    // log(sum(oneHot * p)) picks log p[x] without 0 * log(0) = NaN from other categories.
    return tf.log(tf.sum(tf.mul(oneHot, this.tensor('probs')), -1));
  }

  protected probabilities(): Float64Array {
    return this.array('probs', [...this.batchShape, this.categories]);
  }
}

/**
 * Categorical distribution over the **0-based** categories `{0, ..., K-1}`
 * with unnormalised log-probabilities `logits` (last axis):
 * `log p(x) = logits[x] - logsumexp(logits)`.
 *
 * @example
 * ```ts
 * import { CategoricalLogit } from 'brenier';
 *
 * const d = new CategoricalLogit([0, 1, 2]);
 * d.logProb([0, 2]).arraySync(); // ≈ [-2.408, -0.408]
 * d.mean().data[0]; // ≈ 1.575
 * ```
 * @category Distributions
 */
export class CategoricalLogit extends CategoricalBase {
  readonly name: string = 'CategoricalLogit';

  /** @param logits - `[..., K]` finite log-weights of categories `0..K-1`. */
  constructor(logits: TensorLike) {
    super('CategoricalLogit', 'logits', toArg('CategoricalLogit', 'logits', logits, 'real'));
  }

  protected pickLogMass(oneHot: tf.Tensor): tf.Tensor {
    const l = this.tensor('logits');
    return tf.sum(tf.mul(oneHot, tf.sub(l, tf.logSumExp(l, -1, true))), -1);
  }

  protected probabilities(): Float64Array {
    const k = this.categories;
    const l = this.array('logits', [...this.batchShape, k]);
    const p = new Float64Array(l.length);
    for (let b = 0; b < l.length / k; b++) {
      let max = -Infinity;
      for (let i = 0; i < k; i++) max = Math.max(max, l[b * k + i] as number);
      for (let i = 0; i < k; i++) p[b * k + i] = Math.exp((l[b * k + i] as number) - max);
    }
    return p;
  }
}

/**
 * Categorical distribution over 0-based categories `{0..K-1}` with probabilities `probs`.
 *
 * @param probs - `[..., K]` probabilities summing to one along the last axis.
 * @example Mixture weights from labelled data
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { categorical, data, defineModel, dirichlet, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), z: data.intArray('N', { lower: 0, upper: 2 }) }, // 0-based labels
 *   params: { w: param.simplex(3) },
 *   logDensity: ({ w }, { z }) => [
 *     dirichlet([2, 2, 2]).logProb(w),
 *     categorical(tf.expandDims(w, 1)).logProb(z), // w [N, 1, 3] against z [n]: [N, n]
 *   ],
 * });
 * model.logDensity({ w: [0.2, 0.3, 0.5] }, { N: 4, z: [2, 0, 2, 1] }); // ≈ -2.919
 * ```
 * @category Distributions
 */
export function categorical(probs: TensorLike): Categorical {
  return new Categorical(probs);
}

/**
 * Categorical distribution over 0-based categories `{0..K-1}` with log-weights `logits`.
 *
 * @param logits - `[..., K]` unnormalised log-probabilities.
 * @example
 * ```ts
 * import { categoricalLogit } from 'brenier';
 *
 * const d = categoricalLogit([[0, 0, 0], [0, 1, 2]]); // batch shape [2], 3 categories
 * d.logProb(2).arraySync(); // ≈ [-1.099, -0.408]
 * ```
 * @category Distributions
 */
export function categoricalLogit(logits: TensorLike): CategoricalLogit {
  return new CategoricalLogit(logits);
}
