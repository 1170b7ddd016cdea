/**
 * The LKJ distribution on Cholesky factors of correlation matrices
 * (Lewandowski, Kurowicka & Joe 2009), as Stan's `lkj_corr_cholesky`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { DistributionArgumentError, describeValue } from '../core/errors.js';
import { sizeOf, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { diagPart } from '../math/linalg-tensor.js';
import { lgamma, logGamma } from '../math/special.js';
import { Distribution, toArg, valueTensor, type TensorLike } from './distribution.js';
import { checkEventValue } from './event-shape.js';
import { betaVariate } from './variates.js';

const HALF_LOG_PI = 0.5 * Math.log(Math.PI);

/**
 * Log normalising constant of the LKJ density on `K x K` correlation matrices,
 * `p(Omega) = c_K(eta) det(Omega)^(eta - 1)` (LKJ 2009, theorem 5; Stan's
 * `do_lkj_constant`), valid for every `eta > 0`:
 *
 * `log c_K(eta) = (K - 1) lgamma(eta + (K - 1)/2)
 *   - sum_{k=1}^{K-1} [ (k/2) log(pi) + lgamma(eta + (K - 1 - k)/2) ]`.
 *
 * Float64 version, for references and tests.
 *
 * @param eta - concentration, positive.
 * @param K - dimension.
 * @internal
 */
export function lkjLogConstant(eta: number, K: number): number {
  const km1 = K - 1;
  let c = km1 * logGamma(eta + 0.5 * km1);
  for (let k = 1; k <= km1; k++) c -= k * HALF_LOG_PI + logGamma(eta + 0.5 * (km1 - k));
  return c;
}

/**
 * LKJ distribution on the lower-triangular Cholesky factor `L` of a `K x K`
 * correlation matrix `Omega = L L^T`, with concentration `eta`
 * (Stan's `lkj_corr_cholesky`): the density of `Omega` is proportional to
 * `det(Omega)^(eta - 1)`, and in terms of `L` (including the Jacobian of
 * `L -> Omega`)
 *
 * `log p(L) = sum_{i=2}^{K} (K - i + 2 eta - 2) log L_ii + log c_K(eta)`
 *
 * (1-based `i`), with `log c_K(eta)` as in `lkjLogConstant`, computed
 * with differentiable `lgamma` so `eta` may be a tensor. `eta = 1` is
 * uniform over correlation matrices; larger `eta` concentrates on the
 * identity. Event shape `[K, K]`; batch shape the shape of `eta`.
 *
 * Sampling: the C-vine method (LKJ 2009, section 2.4), exact: partial
 * correlations `rho_{ij | 1..i-1}` are independent, `(rho + 1)/2 ~ Beta(b_i, b_i)`
 * with `b_i = eta + (K - 1 - i)/2` at conditioning level `i - 1`, and
 * `L_ji = rho_{ij|..} sqrt(1 - sum_{p<i} L_jp^2)`, `L_jj = sqrt(1 - sum_{p<j} L_jp^2)`.
 *
 * @example
 * ```ts
 * import { LKJCholesky, Rng } from 'brenier';
 *
 * const d = new LKJCholesky(3, 2);
 * const draws = d.sample(new Rng(1), [1000]); // shape [1000, 3, 3], lower-triangular rows of unit length
 * d.logProb([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).arraySync(); // ≈ -0.615
 * ```
 * @category Distributions
 */
export class LKJCholesky extends Distribution {
  readonly name: string = 'LKJCholesky';
  readonly support: Constraint = constraints.choleskyCorr;
  readonly eventRank: number = 2;
  /** Dimension `K` of the correlation matrices. */
  readonly dimension: number;

  /**
   * @param dimension - `K`, a positive integer.
   * @param concentration - `eta`, positive (batch shape: its shape).
   */
  constructor(dimension: number, concentration: TensorLike) {
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new DistributionArgumentError('LKJCholesky', 'dimension', 'a positive integer', describeValue(dimension));
    }
    super({ concentration: toArg('LKJCholesky', 'concentration', concentration, 'positive') });
    this.dimension = dimension;
    void this.batchShape;
  }

  override get eventShape(): readonly number[] {
    return [this.dimension, this.dimension];
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const K = this.dimension;
      const l = valueTensor(value);
      checkEventValue(this.name, l.shape, this.batchShape, [K, K]);
      const eta = this.tensor('concentration');
      // K = 1: the only factor is [[1]], a point mass (log density 0).
      if (K === 1) return tf.add(tf.zeros(l.shape.slice(0, -2)), tf.zerosLike(eta));
      // Log normalising constant log c_K(eta), differentiable in eta.
      let constant: tf.Tensor = tf.mul(K - 1, lgamma(tf.add(eta, 0.5 * (K - 1))));
      for (let k = 1; k <= K - 1; k++) {
        constant = tf.sub(constant, tf.add(lgamma(tf.add(eta, 0.5 * (K - 1 - k))), k * HALF_LOG_PI));
      }
      const logDiag = tf.log(
        tf.slice(
          diagPart(l, K),
          new Array<number>(l.rank - 2).fill(0).concat([1]),
          new Array<number>(l.rank - 2).fill(-1).concat([K - 1]),
        ),
      );
      // Coefficients K - i for 1-based i = 2..K, plus 2 eta - 2 on every term.
      const coef = tf.tensor1d(Array.from({ length: K - 1 }, (_, j) => K - (j + 2)));
      const fixed = tf.sum(tf.mul(coef, logDiag), -1);
      const shared = tf.mul(tf.mul(2, tf.sub(eta, 1)), tf.sum(logDiag, -1));
      return tf.add(tf.add(fixed, shared), constant);
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const K = this.dimension;
    const batch = this.batchShape;
    const eta = this.array('concentration', batch);
    const nBatch = sizeOf(batch);
    const nSample = sizeOf(sampleShape);
    const kk = K * K;
    const data = new Float64Array(nSample * nBatch * kk);
    for (let s = 0; s < nSample; s++) {
      for (let b = 0; b < nBatch; b++) {
        const e = eta[b] as number;
        const o = (s * nBatch + b) * kk;
        data[o] = 1;
        for (let j = 1; j < K; j++) {
          let remaining = 1;
          for (let i = 0; i < j; i++) {
            // Conditioning level i (0-based): Beta(eta + (K - 2 - i)/2, same).
            const beta = e + 0.5 * (K - 2 - i);
            const rho = 2 * betaVariate(rng, beta, beta) - 1;
            const v = rho * Math.sqrt(remaining);
            data[o + j * K + i] = v;
            remaining -= v * v;
          }
          data[o + j * K + j] = Math.sqrt(Math.max(remaining, 0));
        }
      }
    }
    return { data, shape: [...sampleShape, ...batch, K, K] };
  }

  /** Mean of the correlation matrix `L L^T`: the identity, float64, `[...batch, K, K]`. */
  meanCorrelation(): NDArray {
    const K = this.dimension;
    const batch = this.batchShape;
    const data = new Float64Array(sizeOf(batch) * K * K);
    for (let b = 0; b < sizeOf(batch); b++) for (let i = 0; i < K; i++) data[b * K * K + i * K + i] = 1;
    return { data, shape: [...batch, K, K] };
  }
}

/**
 * LKJ distribution on `K x K` Cholesky factors of correlation matrices with concentration `eta`.
 *
 * @param dimension - `K`.
 * @param concentration - `eta`, positive.
 * @example
 * ```ts
 * import { lkjCholesky } from 'brenier';
 *
 * // Correlation 0.6 (L = [[1, 0], [0.6, 0.8]]) is less likely as eta grows:
 * const L = [[1, 0], [0.6, 0.8]];
 * [1, 2, 10].map((eta) => lkjCholesky(2, eta).logProb(L).arraySync()); // ≈ [-0.693, -0.734, -3.450]
 * ```
 * @category Distributions
 */
export function lkjCholesky(dimension: number, concentration: TensorLike): LKJCholesky {
  return new LKJCholesky(dimension, concentration);
}
