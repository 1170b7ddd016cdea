/**
 * The beta-binomial distribution: a binomial count whose success
 * probability is Beta distributed; and the float64 Beta sampler.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lbeta } from '../math/special.js';
import { argTensor32, countLogProb } from './bernoulli.js';
import { countSupport, logChoose, sampleBinomial } from './binomial.js';
import { logGammaVariate } from './dirichlet.js';
import { Distribution, toArg, type TensorLike } from './distribution.js';

/**
 * One exact Beta(a, b) draw in float64, `G_a / (G_a + G_b)` from two gamma
 * variates, computed in log space as `1 / (1 + exp(log G_b - log G_a))` so
 * that small shapes do not give `0 / 0`.
 *
 * @param rng - the generator.
 * @param a - first shape, positive.
 * @param b - second shape, positive.
 * @category Distributions
 */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  const la = logGammaVariate(rng, a);
  const lb = logGammaVariate(rng, b);
  return 1 / (1 + Math.exp(lb - la));
}

/**
 * Beta-binomial distribution: `x | p ~ Binomial(n, p)`, `p ~ Beta(alpha, beta)`;
 * `log p(x) = log C(n, x) + lbeta(x + alpha, n - x + beta) - lbeta(alpha, beta)`
 * for `x` in `{0..n}`. Mean `n alpha / (alpha + beta)`, variance
 * `n alpha beta (alpha + beta + n) / ((alpha + beta)^2 (alpha + beta + 1))`.
 *
 * @category Distributions
 */
export class BetaBinomial extends Distribution {
  readonly name: string = 'BetaBinomial';
  readonly support: Constraint;
  readonly eventRank: number = 0;

  /**
   * @param totalCount - number of trials, a non-negative integer.
   * @param alpha - first Beta shape (prior successes), positive.
   * @param beta - second Beta shape (prior failures), positive.
   */
  constructor(totalCount: TensorLike, alpha: TensorLike, beta: TensorLike) {
    super({
      totalCount: toArg('BetaBinomial', 'totalCount', totalCount, 'non-negative-integer'),
      alpha: toArg('BetaBinomial', 'alpha', alpha, 'positive'),
      beta: toArg('BetaBinomial', 'beta', beta, 'positive'),
    });
    void this.batchShape;
    this.support = countSupport(totalCount);
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const n = argTensor32(this.args['totalCount']);
      const a = argTensor32(this.args['alpha']);
      const b = argTensor32(this.args['beta']);
      return countLogProb(value, n, (x) =>
        tf.sub(tf.add(logChoose(n, x), lbeta(tf.add(x, a), tf.add(tf.sub(n, x), b))), lbeta(a, b)),
      );
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const a = this.array('alpha', shape);
    const b = this.array('beta', shape);
    return this.sampleScalar(rng, sampleShape, (r, i) =>
      sampleBinomial(r, n[i] as number, sampleBeta(r, a[i] as number, b[i] as number)),
    );
  }

  /** Mean `n alpha / (alpha + beta)`, float64, of the batch shape. */
  mean(): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const a = this.array('alpha', shape);
    const b = this.array('beta', shape);
    return { data: n.map((v, i) => (v * (a[i] as number)) / ((a[i] as number) + (b[i] as number))), shape: [...shape] };
  }

  /** Variance `n alpha beta (alpha + beta + n) / ((alpha + beta)^2 (alpha + beta + 1))`, float64, of the batch shape. */
  variance(): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const a = this.array('alpha', shape);
    const b = this.array('beta', shape);
    return {
      data: n.map((v, i) => {
        const ai = a[i] as number;
        const bi = b[i] as number;
        const s = ai + bi;
        return (v * ai * bi * (s + v)) / (s * s * (s + 1));
      }),
      shape: [...shape],
    };
  }
}

/**
 * Beta-binomial distribution with `totalCount` trials and Beta(`alpha`, `beta`) success probability.
 *
 * @param totalCount - number of trials (non-negative integer).
 * @param alpha - first Beta shape, positive.
 * @param beta - second Beta shape, positive.
 * @category Distributions
 */
export function betaBinomial(totalCount: TensorLike, alpha: TensorLike, beta: TensorLike): BetaBinomial {
  return new BetaBinomial(totalCount, alpha, beta);
}
