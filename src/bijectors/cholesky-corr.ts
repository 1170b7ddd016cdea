/**
 * Cholesky factors of correlation matrices.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
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

/** Tolerance on zeros above the diagonal and on unit row norms in `check`. */
const TOLERANCE = 1e-6;

/** `row i`, or `row i of matrix [a, b]` when there are leading axes. */
function rowLabel(flatRowStart: number, shape: readonly number[]): string {
  const K = shape[shape.length - 1] as number;
  const row = `row ${Math.floor(flatRowStart / K) % K}`;
  const matrix = matrixLabel(flatRowStart, shape);
  return matrix === undefined ? row : `${row} of ${matrix}`;
}

/**
 * Stan's transform onto lower-triangular Cholesky factors `L` of `K x K`
 * correlation matrices (`shape = [..., K, K]`, `K >= 1`; `K(K-1)/2` free
 * coordinates per matrix in Stan's order, row-major over the strictly lower
 * triangle; leading axes are independent matrices).
 *
 * The coordinates become canonical partial correlations `c_ij = tanh(z_ij)`
 * in `(-1, 1)`, and row `i` of `L` is built as
 *
 * ```
 * L_i0 = c_i0,  L_ij = c_ij * sqrt(1 - L_i0^2 - ... - L_i,j-1^2)  (0 < j < i)
 * L_ii = sqrt(1 - L_i0^2 - ... - L_i,i-1^2),  L_ij = 0 (j > i)
 * ```
 *
 * so that every row has unit length and a positive diagonal entry. With
 * respect to the strictly lower triangle of `L`,
 *
 * ```
 * log|J| = sum_{i>j} log(1 - c_ij^2) + 1/2 sum_{i>j>0} log(1 - L_i0^2 - ... - L_i,j-1^2)
 * ```
 *
 * which is Stan's (`corr_constrain` plus `cholesky_corr_constrain`). The
 * remaining squared length `1 - L_i0^2 - ... - L_i,j-1^2` equals
 * `prod_{l<j} (1 - c_il^2)`, which the forward map accumulates in log space
 * (with `log(1 - tanh(z)^2) = 2 (log 2 - z - softplus(-2z))`), so it stays
 * accurate near the boundary. `z = 0` gives the identity.
 *
 * The inverse is Stan's `cholesky_corr_free`,
 * `z_ij = atanh(L_ij / sqrt(L_ij^2 + ... + L_ii^2))`, where the remaining
 * length is summed from the row's tail: exact for unit rows, and a value that
 * passes `check` (rows of unit length within `1e-6`) always maps to finite
 * coordinates. Non-square shapes, shapes of rank below 2 and `K = 0` are
 * rejected.
 *
 * @category Bijectors
 */
export class CholeskyCorrBijector implements Bijector {
  /** Always `{ type: 'cholesky-corr' }`. */
  readonly constraint: ContinuousConstraint = { type: 'cholesky-corr' };

  /** `K(K-1)/2 * prod(leading axes)` for `shape = [..., K, K]` with `K >= 1`. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return lowerTriangleSize(shape, 'a Cholesky factor of a correlation matrix', false);
  }

  /** Canonical partial correlations to `L`, and Stan's log-Jacobian; see the class comment. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n, size] = expectBatch(this, z, shape);
    const K = shape[shape.length - 1] as number;
    const copies = sizeOf(shape) / (K * K);
    const P = (K * (K - 1)) / 2;
    const eye = tf.tensor2d(identityMatrix(K), [K, K]);
    if (P === 0 || size === 0) {
      // K = 1 (L = [[1]]) or no matrices at all: nothing is free.
      const value = tf.reshape(tf.tile(tf.reshape(eye, [1, 1, K, K]), [n, copies, 1, 1]), [n, ...shape]);
      return { value, logDetJacobian: tf.zeros([n]) };
    }
    const mask = tf.tensor2d(strictLowerMask(K), [K, K]);
    // unconstrained coordinates at their places in the matrix, zero elsewhere
    const zm = scatterLower(z, n * copies, K, false);
    const c = tf.mul(tf.tanh(zm), mask);
    // log(1 - c^2) on the strict lower triangle, 0 elsewhere
    const logOneMinusC2 = tf.mul(tf.mul(tf.sub(tf.sub(Math.LN2, zm), tf.softplus(tf.mul(zm, -2))), 2), mask);
    // log of the squared length left in row i before column j (for j <= i)
    const logRemaining = tf.cumsum(logOneMinusC2, 2, true);
    const L = tf.mul(tf.add(c, eye), tf.exp(tf.mul(logRemaining, 0.5)));
    const perMatrix = tf.add(tf.sum(logOneMinusC2, [1, 2]), tf.mul(tf.sum(tf.mul(logRemaining, mask), [1, 2]), 0.5));
    return matrixOutput(L, perMatrix, n, shape);
  }

  /** Stan's `cholesky_corr_free`: `z_ij = atanh(L_ij / sqrt(L_ij^2 + ... + L_ii^2))`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    const size = expectValue(this, y, shape, 'inverse');
    const K = shape[shape.length - 1] as number;
    const z = new Float64Array(size);
    let k = 0;
    for (let base = 0; base < y.length; base += K * K) {
      for (let i = 1; i < K; i++) {
        // remaining[j] = L_ij^2 + ... + L_ii^2
        const remaining = new Float64Array(i + 1);
        let tail = 0;
        for (let j = i; j >= 0; j--) {
          const v = y[base + i * K + j] as number;
          tail += v * v;
          remaining[j] = tail;
        }
        for (let j = 0; j < i; j++) {
          z[k++] = Math.atanh((y[base + i * K + j] as number) / Math.sqrt(remaining[j] as number));
        }
      }
    }
    return z;
  }

  /**
   * Every entry finite; zero above the diagonal and unit row lengths (within
   * `1e-6`); positive diagonal.
   */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    const problem = basicValueProblem(this, y, shape);
    if (problem !== undefined) return problem;
    const K = shape[shape.length - 1] as number;
    for (let base = 0; base < y.length; base += K * K) {
      for (let i = 0; i < K; i++) {
        let norm2 = 0;
        for (let j = 0; j < K; j++) {
          const at = base + i * K + j;
          const v = y[at] as number;
          if (j > i && !(Math.abs(v) <= TOLERANCE)) {
            return `entry ${formatIndex(at, shape)} is ${v} above the diagonal, not 0 (the factor must be lower triangular)`;
          }
          if (j === i && !(v > 0)) return `diagonal entry ${formatIndex(at, shape)} is ${v}, not positive`;
          if (j <= i) norm2 += v * v;
        }
        if (!(Math.abs(norm2 - 1) <= TOLERANCE)) {
          return `${rowLabel(base + i * K, shape)} has squared length ${norm2}, not 1 (the diagonal of L L^T must be 1)`;
        }
      }
    }
    return undefined;
  }

  /** The strictly lower triangle of each matrix, row-major. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    return lowerTriangle(y, shape, expectValue(this, y, shape, 'freeCoordinates'), false);
  }
}
