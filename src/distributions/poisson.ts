/**
 * Poisson distributions, parameterised by the rate or the log-rate; and the
 * exact float64 Poisson sampler (inversion / PTRS).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lgamma, logGamma } from '../math/special.js';
import { argTensor32, countLogProb, xlogy } from './bernoulli.js';
import { Distribution, toArg, type TensorLike } from './distribution.js';

/** Sequential inversion for small rates: walk the cdf with `p(x) = p(x - 1) rate / x`. */
function poissonInversion(rng: Rng, rate: number): number {
  const p0 = Math.exp(-rate);
  for (;;) {
    let u = rng.uniform();
    let p = p0;
    let x = 0;
    while (u > p) {
      u -= p;
      x++;
      p *= rate / x;
      if (p === 0 || x > 10_000) break;
    }
    if (u <= p) return x;
    // Rounding left u beyond the total mass (probability ~1e-16): redraw.
  }
}

/** PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables"), rate >= 10. */
function poissonPtrs(rng: Rng, rate: number): number {
  const slam = Math.sqrt(rate);
  const loglam = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * loglam - logGamma(k + 1)) {
      return k;
    }
  }
}

/**
 * One exact Poisson(rate) draw in float64: sequential inversion for
 * `rate < 10`, Hörmann's PTRS transformed rejection (1993) otherwise.
 *
 * @param rng - the generator.
 * @param rate - non-negative finite rate.
 * @category Distributions
 */
export function samplePoisson(rng: Rng, rate: number): number {
  if (rate <= 0) return 0;
  return rate < 10 ? poissonInversion(rng, rate) : poissonPtrs(rng, rate);
}

/**
 * Poisson distribution with rate `lambda`:
 * `log p(x) = x log(lambda) - lambda - lgamma(x + 1)` for `x` in `{0, 1, ...}`.
 * Mean and variance `lambda`.
 *
 * @category Distributions
 */
export class Poisson extends Distribution {
  readonly name: string = 'Poisson';
  readonly support: Constraint = constraints.nonNegativeInteger;
  readonly eventRank: number = 0;

  /** @param rate - non-negative rate `lambda` (0 gives a point mass at 0). */
  constructor(rate: TensorLike) {
    super({ rate: toArg('Poisson', 'rate', rate, 'non-negative') });
    void this.batchShape;
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const rate = argTensor32(this.args['rate']);
      return countLogProb(value, undefined, (x) => tf.sub(tf.sub(xlogy(x, tf.log(rate)), rate), lgamma(tf.add(x, 1))));
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const rate = this.array('rate', this.batchShape);
    return this.sampleScalar(rng, sampleShape, (r, i) => samplePoisson(r, rate[i] as number));
  }

  /** Mean `lambda`, float64, of the batch shape. */
  mean(): NDArray {
    return { data: Float64Array.from(this.array('rate', this.batchShape)), shape: [...this.batchShape] };
  }

  /** Variance `lambda`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mean();
  }
}

/**
 * Poisson distribution parameterised by the log-rate `eta = log(lambda)`:
 * `log p(x) = x eta - exp(eta) - lgamma(x + 1)` (Stan's `poisson_log`).
 *
 * @category Distributions
 */
export class PoissonLogRate extends Distribution {
  readonly name: string = 'PoissonLogRate';
  readonly support: Constraint = constraints.nonNegativeInteger;
  readonly eventRank: number = 0;

  /** @param logRate - log of the rate, any finite real. */
  constructor(logRate: TensorLike) {
    super({ logRate: toArg('PoissonLogRate', 'logRate', logRate, 'real') });
    void this.batchShape;
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const eta = argTensor32(this.args['logRate']);
      return countLogProb(value, undefined, (x) => tf.sub(tf.sub(tf.mul(x, eta), tf.exp(eta)), lgamma(tf.add(x, 1))));
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const eta = this.array('logRate', this.batchShape);
    return this.sampleScalar(rng, sampleShape, (r, i) => samplePoisson(r, Math.exp(eta[i] as number)));
  }

  /** Mean `exp(eta)`, float64, of the batch shape. */
  mean(): NDArray {
    return { data: this.array('logRate', this.batchShape).map(Math.exp), shape: [...this.batchShape] };
  }

  /** Variance `exp(eta)`, float64, of the batch shape. */
  variance(): NDArray {
    return this.mean();
  }
}

/**
 * Poisson distribution with rate `rate`.
 *
 * @param rate - non-negative rate.
 * @category Distributions
 */
export function poisson(rate: TensorLike): Poisson {
  return new Poisson(rate);
}

/**
 * Poisson distribution with log-rate `logRate`.
 *
 * @param logRate - log of the rate.
 * @category Distributions
 */
export function poissonLogRate(logRate: TensorLike): PoissonLogRate {
  return new PoissonLogRate(logRate);
}
