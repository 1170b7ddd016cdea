/**
 * Binomial distributions: the number of successes in `totalCount`
 * independent trials, parameterised by the success probability or its
 * logit; and the exact float64 binomial sampler (inversion / BTRS).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import type { NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { lgamma, logGamma } from '../math/special.js';
import { argTensor32, countLogProb, sigmoid64, xlogy } from './bernoulli.js';
import { Distribution, toArg, type TensorLike } from './distribution.js';

/**
 * Log binomial coefficient `log C(n, x) = lgamma(n + 1) - lgamma(x + 1) - lgamma(n - x + 1)`,
 * differentiable in both arguments (for `0 <= x <= n`).
 *
 * @category Math
 */
export function logChoose(n: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.sub(lgamma(tf.add(n, 1)), lgamma(tf.add(x, 1))), lgamma(tf.add(tf.sub(n, x), 1))));
}

/** Inversion for `n p < 10`, `p <= 1/2`: walk the cdf with the pmf recurrence. */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let r = r0;
    let u = rng.uniform();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break;
      r *= a / x - s;
    }
    if (x <= n) return x;
    // Rounding left u beyond the total mass (probability ~1e-16): redraw.
  }
}

/** BTRS (Hörmann 1993, "The generation of binomial random variates"), for `n p >= 10`, `p <= 1/2`. */
function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logGamma(m + 1) + logGamma(n - m + 1);
  for (;;) {
    const u = rng.uniform() - 0.5;
    let v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * lpq) return k;
  }
}

/**
 * One exact Binomial(n, p) draw in float64: inversion when
 * `n min(p, 1-p) < 10`, otherwise Hörmann's BTRS transformed rejection
 * with squeeze (1993); `p > 1/2` by symmetry `n - Binomial(n, 1 - p)`.
 *
 * @param rng - the generator.
 * @param n - number of trials, a non-negative integer.
 * @param p - success probability in [0, 1].
 * @category Distributions
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

/**
 * Binomial distribution: successes in `totalCount` trials of probability `probs`,
 * `log p(x) = log C(n, x) + x log p + (n - x) log(1 - p)` for `x` in `{0..n}`.
 * Mean `n p`, variance `n p (1 - p)`.
 *
 * @category Distributions
 */
export class Binomial extends Distribution {
  readonly name: string = 'Binomial';
  readonly support: Constraint;
  readonly eventRank: number = 0;

  /**
   * @param totalCount - number of trials, a non-negative integer.
   * @param probs - success probability in [0, 1].
   */
  constructor(totalCount: TensorLike, probs: TensorLike) {
    super({
      totalCount: toArg('Binomial', 'totalCount', totalCount, 'non-negative-integer'),
      probs: toArg('Binomial', 'probs', probs, 'probability'),
    });
    void this.batchShape;
    this.support = countSupport(totalCount);
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const n = argTensor32(this.args['totalCount']);
      const p = argTensor32(this.args['probs']);
      return countLogProb(value, n, (x) =>
        tf.add(logChoose(n, x), tf.add(xlogy(x, tf.log(p)), xlogy(tf.sub(n, x), tf.log1p(tf.neg(p))))),
      );
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const p = this.array('probs', shape);
    return this.sampleScalar(rng, sampleShape, (r, i) => sampleBinomial(r, n[i] as number, p[i] as number));
  }

  /** Mean `n p`, float64, of the batch shape. */
  mean(): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const p = this.array('probs', shape);
    return { data: n.map((v, i) => v * (p[i] as number)), shape: [...shape] };
  }

  /** Variance `n p (1 - p)`, float64, of the batch shape. */
  variance(): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const p = this.array('probs', shape);
    return { data: n.map((v, i) => v * (p[i] as number) * (1 - (p[i] as number))), shape: [...shape] };
  }
}

/**
 * Binomial distribution parameterised by the log-odds `logits` of a success:
 * `log p(x) = log C(n, x) - x softplus(-l) - (n - x) softplus(l)` (stable).
 *
 * @category Distributions
 */
export class BinomialLogit extends Distribution {
  readonly name: string = 'BinomialLogit';
  readonly support: Constraint;
  readonly eventRank: number = 0;

  /**
   * @param totalCount - number of trials, a non-negative integer.
   * @param logits - log-odds of a success, any finite real.
   */
  constructor(totalCount: TensorLike, logits: TensorLike) {
    super({
      totalCount: toArg('BinomialLogit', 'totalCount', totalCount, 'non-negative-integer'),
      logits: toArg('BinomialLogit', 'logits', logits, 'real'),
    });
    void this.batchShape;
    this.support = countSupport(totalCount);
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const n = argTensor32(this.args['totalCount']);
      const l = argTensor32(this.args['logits']);
      return countLogProb(value, n, (x) =>
        tf.sub(logChoose(n, x), tf.add(tf.mul(x, tf.softplus(tf.neg(l))), tf.mul(tf.sub(n, x), tf.softplus(l)))),
      );
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const l = this.array('logits', shape);
    return this.sampleScalar(rng, sampleShape, (r, i) => sampleBinomial(r, n[i] as number, sigmoid64(l[i] as number)));
  }

  /** Mean `n sigmoid(l)`, float64, of the batch shape. */
  mean(): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const l = this.array('logits', shape);
    return { data: n.map((v, i) => v * sigmoid64(l[i] as number)), shape: [...shape] };
  }

  /** Variance `n sigmoid(l) sigmoid(-l)`, float64, of the batch shape. */
  variance(): NDArray {
    const shape = this.batchShape;
    const n = this.array('totalCount', shape);
    const l = this.array('logits', shape);
    return {
      data: n.map((v, i) => v * sigmoid64(l[i] as number) * sigmoid64(-(l[i] as number))),
      shape: [...shape],
    };
  }
}

/**
 * Integer support `[0, totalCount]`, with the upper bound when `totalCount`
 * is a single number (otherwise only the lower bound is static).
 *
 * @internal
 * @category Distributions
 */
export function countSupport(totalCount: TensorLike): Constraint {
  return typeof totalCount === 'number' ? constraints.integer(0, totalCount) : constraints.nonNegativeInteger;
}

/**
 * Binomial distribution with `totalCount` trials of success probability `probs`.
 *
 * @param totalCount - number of trials (non-negative integer).
 * @param probs - success probability in [0, 1].
 * @category Distributions
 */
export function binomial(totalCount: TensorLike, probs: TensorLike): Binomial {
  return new Binomial(totalCount, probs);
}

/**
 * Binomial distribution with `totalCount` trials and success log-odds `logits`.
 *
 * @param totalCount - number of trials (non-negative integer).
 * @param logits - log-odds of a success.
 * @category Distributions
 */
export function binomialLogit(totalCount: TensorLike, logits: TensorLike): BinomialLogit {
  return new BinomialLogit(totalCount, logits);
}
