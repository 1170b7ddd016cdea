/**
 * The Dirichlet distribution on the probability simplex.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { sizeOf, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lgamma } from '../math/special.js';
import { Distribution, toArg, valueTensor, type TensorLike } from './distribution.js';
import { categoryCount, checkEventValue } from './event-shape.js';
import { logGammaVariate } from './variates.js';

/**
 * Dirichlet distribution on the simplex `{x : x_i >= 0, sum_i x_i = 1}` of
 * dimension `K` (the last axis):
 * `log p(x) = sum_i (alpha_i - 1) log x_i + lgamma(sum_i alpha_i) - sum_i lgamma(alpha_i)`.
 * Mean `alpha_i / alpha_0`, variance `alpha_i (alpha_0 - alpha_i) / (alpha_0^2 (alpha_0 + 1))`
 * with `alpha_0 = sum_i alpha_i`.
 *
 * The last axis of `concentration` is the event axis: batch shape is the
 * rest, event shape `[K]`.
 *
 * @example
 * ```ts
 * import { Dirichlet, Rng } from 'brenier';
 *
 * const d = new Dirichlet([2, 3, 5]);
 * d.logProb([0.2, 0.3, 0.5]).arraySync(); // ≈ 2.141
 * d.mean().data; // [0.2, 0.3, 0.5]
 * d.sample(new Rng(1), [100]).shape; // [100, 3], rows summing to 1
 * ```
 * @category Distributions
 */
export class Dirichlet extends Distribution {
  readonly name: string = 'Dirichlet';
  readonly support: Constraint = constraints.simplex;
  readonly eventRank: number = 1;
  /** Number of categories `K`. */
  readonly dimension: number;

  /** @param concentration - `[..., K]` positive concentrations `alpha`. */
  constructor(concentration: TensorLike) {
    const arg = toArg('Dirichlet', 'concentration', concentration, 'positive');
    super({ concentration: arg });
    this.dimension = categoryCount('Dirichlet', 'concentration', arg);
    void this.batchShape;
  }

  override get eventShape(): readonly number[] {
    return [this.dimension];
  }

  protected override argBatchShape(_name: string, shape: readonly number[]): readonly number[] {
    return shape.slice(0, -1);
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const x = valueTensor(value);
      checkEventValue('Dirichlet', x.shape, this.batchShape, [this.dimension]);
      const alpha = this.tensor('concentration');
      const kernel = tf.sum(tf.mul(tf.sub(alpha, 1), tf.log(x)), -1);
      const norm = tf.sub(lgamma(tf.sum(alpha, -1)), tf.sum(lgamma(alpha), -1));
      return tf.add(kernel, norm);
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const batch = this.batchShape;
    const k = this.dimension;
    const alpha = this.array('concentration', [...batch, k]);
    const nBatch = sizeOf(batch);
    const nSample = sizeOf(sampleShape);
    const data = new Float64Array(nSample * nBatch * k);
    const logG = new Float64Array(k);
    for (let s = 0; s < nSample; s++) {
      for (let b = 0; b < nBatch; b++) {
        let max = -Infinity;
        for (let i = 0; i < k; i++) {
          const g = logGammaVariate(rng, alpha[b * k + i] as number);
          logG[i] = g;
          if (g > max) max = g;
        }
        let total = 0;
        const base = (s * nBatch + b) * k;
        for (let i = 0; i < k; i++) {
          const e = Math.exp((logG[i] as number) - max);
          data[base + i] = e;
          total += e;
        }
        for (let i = 0; i < k; i++) data[base + i] = (data[base + i] as number) / total;
      }
    }
    return { data, shape: [...sampleShape, ...batch, k] };
  }

  /** Mean `alpha / alpha_0`, float64, of shape `[...batch, K]`. */
  mean(): NDArray {
    return this.moments((a, a0) => a / a0);
  }

  /** Marginal variances `alpha_i (alpha_0 - alpha_i) / (alpha_0^2 (alpha_0 + 1))`, float64, `[...batch, K]`. */
  variance(): NDArray {
    return this.moments((a, a0) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1)));
  }

  private moments(f: (a: number, a0: number) => number): NDArray {
    const batch = this.batchShape;
    const k = this.dimension;
    const alpha = this.array('concentration', [...batch, k]);
    const out = new Float64Array(alpha.length);
    for (let b = 0; b < alpha.length / k; b++) {
      let a0 = 0;
      for (let i = 0; i < k; i++) a0 += alpha[b * k + i] as number;
      for (let i = 0; i < k; i++) out[b * k + i] = f(alpha[b * k + i] as number, a0);
    }
    return { data: out, shape: [...batch, k] };
  }
}

/**
 * Dirichlet distribution with concentrations `concentration` (last axis: categories).
 *
 * @param concentration - `[..., K]` positive concentrations.
 * @example
 * ```ts
 * import { dirichlet } from 'brenier';
 *
 * // Batch of two: flat (alpha = 1) and concentrated at the centre (alpha = 10).
 * const d = dirichlet([[1, 1, 1], [10, 10, 10]]);
 * d.logProb([1 / 3, 1 / 3, 1 / 3]).arraySync(); // ≈ [0.693, 3.189]
 * ```
 * @category Distributions
 */
export function dirichlet(concentration: TensorLike): Dirichlet {
  return new Dirichlet(concentration);
}
