/**
 * Covariance matrices: symmetric positive-definite matrices.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
import { NumericalError } from '../core/errors.js';
import { sizeOf } from '../core/ndarray.js';
import type { Bijector } from './bijector.js';
import { basicValueProblem, expectBatch, expectValue, formatIndex } from './identity.js';
import {
  identityMatrix,
  lowerTriangle,
  lowerTriangleSize,
  matrixLabel,
  matrixOutput,
  scatterLower,
  strictLowerMask,
} from './triangular.js';

/** Relative tolerance on symmetry in `check`. */
const SYMMETRY_TOLERANCE = 1e-6;

/**
 * Lower Cholesky factor of the symmetric matrix at `base` in `y` (only the
 * lower triangle is read), or the first non-positive pivot.
 */
function cholesky(y: Float64Array, base: number, K: number): { L: Float64Array } | { row: number; pivot: number } {
  const L = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let s = y[base + i * K + j] as number;
      for (let l = 0; l < j; l++) s -= (L[i * K + l] as number) * (L[j * K + l] as number);
      if (i === j) {
        if (!(s > 0)) return { row: i, pivot: s };
        L[i * K + i] = Math.sqrt(s);
      } else {
        L[i * K + j] = s / (L[j * K + j] as number);
      }
    }
  }
  return { L };
}

/**
 * Stan's covariance-matrix transform (`shape = [..., K, K]`, `K >= 1`;
 * `K(K+1)/2` free coordinates per matrix; leading axes are independent
 * matrices). The coordinates fill a lower-triangular `L` row-major (Stan's
 * order), with `exp` on the diagonal, and
 *
 * ```
 * L_ij = z_ij (i > j),  L_ii = exp(z_ii),  Sigma = L L^T
 * log|J| = K log 2 + sum_{k=1..K} (K - k + 2) z_kk      (1-based k)
 * ```
 *
 * with the Jacobian taken with respect to the lower triangle (diagonal
 * included) of `Sigma`: `2^K prod_k L_kk^(K-k+1)` from `L -> L L^T`, times
 * `prod_k L_kk` from the `exp`. This is Stan's `cov_matrix_constrain`
 * (which writes the weight `K - k + 1` with 0-based `k`). `z = 0` gives the
 * identity. The forward value is symmetrised (`(S + S^T) / 2`) so that it is
 * exactly symmetric in float32.
 *
 * The inverse is Stan's `cov_matrix_free`: the float64 Cholesky factor of
 * `Sigma` (lower triangle read), off-diagonal entries as they are and the
 * log of the diagonal (a `NumericalError` if the factorisation fails). `check` requires finite entries, symmetry within a
 * relative `1e-6` (`|S_ij - S_ji| <= 1e-6 max(1, |S_ij|, |S_ji|)`) and a
 * successful Cholesky factorisation (positive definiteness). Non-square
 * shapes, shapes of rank below 2 and `K = 0` are rejected.
 *
 * @category Bijectors
 */
export class CovMatrixBijector implements Bijector {
  /** Always `{ type: 'cov-matrix' }`. */
  readonly constraint: ContinuousConstraint = { type: 'cov-matrix' };

  /** `K(K+1)/2 * prod(leading axes)` for `shape = [..., K, K]` with `K >= 1`. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return lowerTriangleSize(shape, 'a covariance matrix', true);
  }

  /** `Sigma = L L^T` with `L` lower triangular, `exp` on its diagonal; see the class comment. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n, size] = expectBatch(this, z, shape);
    const K = shape[shape.length - 1] as number;
    const copies = sizeOf(shape) / (K * K);
    if (size === 0) return { value: tf.zeros([n, ...shape]), logDetJacobian: tf.zeros([n]) };
    const weightData = new Float32Array(K * K);
    for (let i = 0; i < K; i++) weightData[i * K + i] = K - i + 1; // 0-based i
    const eye = tf.tensor2d(identityMatrix(K), [K, K]);
    const strict = tf.tensor2d(strictLowerMask(K), [K, K]);
    const weights = tf.tensor2d(weightData, [K, K]);
    const zm = scatterLower(z, n * copies, K, true);
    // exp only on the diagonal: exp(0) = 1 off the diagonal is masked out
    const L = tf.add(tf.mul(zm, strict), tf.mul(tf.exp(tf.mul(zm, eye)), eye));
    const product = tf.matMul(L, L, false, true);
    const sigma = tf.mul(tf.add(product, tf.transpose(product, [0, 2, 1])), 0.5);
    const perMatrix = tf.add(tf.sum(tf.mul(zm, weights), [1, 2]), K * Math.LN2);
    return matrixOutput(sigma, perMatrix, n, shape);
  }

  /** Stan's `cov_matrix_free`: `L = chol(Sigma)`, `z_ij = L_ij` (i > j), `z_ii = log L_ii`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    const size = expectValue(this, y, shape, 'inverse');
    const K = shape[shape.length - 1] as number;
    const z = new Float64Array(size);
    let k = 0;
    for (let base = 0; base < y.length; base += K * K) {
      const result = cholesky(y, base, K);
      if (!('L' in result)) {
        throw new NumericalError(
          'not-positive-definite',
          `cov-matrix bijector inverse: the matrix is not positive definite (the Cholesky factorisation fails at row ${result.row}, pivot ${result.pivot}); check values with check() first`,
          { matrix: base / (K * K), row: result.row, pivot: result.pivot },
        );
      }
      const { L } = result;
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < i; j++) z[k++] = L[i * K + j] as number;
        z[k++] = Math.log(L[i * K + i] as number);
      }
    }
    return z;
  }

  /** Every entry finite, each matrix symmetric (relative `1e-6`) and positive definite. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    const K = shape[shape.length - 1] as number;
    for (let base = 0; base < y.length; base += K * K) {
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < i; j++) {
          const a = y[base + i * K + j] as number;
          const b = y[base + j * K + i] as number;
          if (!(Math.abs(a - b) <= SYMMETRY_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b)))) {
            return `not symmetric: entry ${formatIndex(base + i * K + j, shape)} is ${a} but entry ${formatIndex(base + j * K + i, shape)} is ${b}`;
          }
        }
      }
      const result = cholesky(y, base, K);
      if (!('L' in result)) {
        const where = matrixLabel(base, shape) ?? 'the matrix';
        return `${where} is not positive definite (the Cholesky factorisation fails at row ${result.row}, pivot ${result.pivot})`;
      }
    }
    return undefined;
  }

  /** The lower triangle (diagonal included) of each matrix, row-major. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    return lowerTriangle(y, shape, expectValue(this, y, shape, 'freeCoordinates'), true);
  }
}
