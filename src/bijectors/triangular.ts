/**
 * Helpers shared by the bijectors onto `K x K` matrices (`shape = [..., K, K]`,
 * leading axes are independent matrices) whose free coordinates fill the
 * lower triangle row-major, in Stan's order.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { sizeOf } from '../core/ndarray.js';
import { formatIndex, formatShape, shapeProblem } from './identity.js';

/**
 * The number of free coordinates, `prod(leading axes)` times `K(K+1)/2`
 * with the diagonal or `K(K-1)/2` without, for `shape = [..., K, K]` with
 * `K >= 1`, or why `shape` is not such a shape. `noun` names the value,
 * e.g. `'a covariance matrix'`.
 *
 * @internal
 */
export function lowerTriangleSize(shape: readonly number[], noun: string, diagonal: boolean): number | string {
  const problem = shapeProblem(shape);
  if (problem !== undefined) return problem;
  if (shape.length < 2) return `${noun} needs a shape [..., K, K], received ${formatShape(shape)}`;
  const K = shape[shape.length - 1] as number;
  if (shape[shape.length - 2] !== K) return `${noun} must be square, received shape ${formatShape(shape)}`;
  if (K === 0) return `${noun} needs K >= 1, received shape ${formatShape(shape)}`;
  return (sizeOf(shape) / (K * K)) * triangleCount(K, diagonal);
}

/** `K(K+1)/2` with the diagonal, `K(K-1)/2` without. */
function triangleCount(K: number, diagonal: boolean): number {
  return diagonal ? (K * (K + 1)) / 2 : (K * (K - 1)) / 2;
}

/**
 * Row-major `K x K` 0/1 matrix with ones on the strict lower triangle.
 *
 * @internal
 */
export function strictLowerMask(K: number): Float32Array {
  const m = new Float32Array(K * K);
  for (let i = 1; i < K; i++) for (let j = 0; j < i; j++) m[i * K + j] = 1;
  return m;
}

/**
 * Row-major `K x K` identity matrix.
 *
 * @internal
 */
export function identityMatrix(K: number): Float32Array {
  const m = new Float32Array(K * K);
  for (let i = 0; i < K; i++) m[i * K + i] = 1;
  return m;
}

/**
 * Constant 0/1 matrix `[P, K*K]` scattering `P` coordinates, in Stan's
 * row-major order over the lower triangle (the strict one, `P = K(K-1)/2`,
 * or with the diagonal, `P = K(K+1)/2`), to their positions in a row-major
 * `K x K` matrix. A matMul by it is exact and differentiable, unlike a
 * gather, whose gradient the WASM backend lacks.
 */
function lowerScatter(K: number, diagonal: boolean): Float32Array {
  const P = triangleCount(K, diagonal);
  const s = new Float32Array(P * K * K);
  let k = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < (diagonal ? i + 1 : i); j++) s[k++ * K * K + i * K + j] = 1;
  return s;
}

/**
 * The rows of `z` (`[n, matrices * P]`) as `[matrices * n, K, K]` matrices
 * with the coordinates at their places in the lower triangle (diagonal
 * included when `diagonal`) and zeros elsewhere.
 *
 * @internal
 */
export function scatterLower(z: tf.Tensor2D, matrices: number, K: number, diagonal: boolean): tf.Tensor3D {
  const P = triangleCount(K, diagonal);
  const scatter = tf.tensor2d(lowerScatter(K, diagonal), [P, K * K]);
  return tf.reshape(tf.matMul(tf.reshape(z, [matrices, P]), scatter), [matrices, K, K]);
}

/**
 * The forward output of a matrix bijector: `value` (`[n * copies, K, K]`)
 * reshaped to `[n, ...shape]`, and the per-matrix log-Jacobians
 * (`[n * copies]`) summed over each row of the batch.
 *
 * @internal
 */
export function matrixOutput(
  value: tf.Tensor,
  perMatrix: tf.Tensor,
  n: number,
  shape: readonly number[],
): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
  const K = shape[shape.length - 1] as number;
  return {
    value: tf.reshape(value, [n, ...shape]),
    logDetJacobian: tf.sum(tf.reshape(perMatrix, [n, sizeOf(shape) / (K * K)]), 1) as tf.Tensor1D,
  };
}

/**
 * The lower triangle (diagonal included when `diagonal`) of each matrix in
 * `y` (`shape = [..., K, K]`), row-major; `size` is the number of coordinates.
 *
 * @internal
 */
export function lowerTriangle(
  y: Float64Array,
  shape: readonly number[],
  size: number,
  diagonal: boolean,
): Float64Array {
  const K = shape[shape.length - 1] as number;
  const out = new Float64Array(size);
  let k = 0;
  for (let base = 0; base < y.length; base += K * K) {
    for (let i = 0; i < K; i++)
      for (let j = 0; j < (diagonal ? i + 1 : i); j++) out[k++] = y[base + i * K + j] as number;
  }
  return out;
}

/**
 * `matrix [a, b]` for the matrix holding flat index `flat` when `shape` has
 * leading axes, `undefined` for a single matrix.
 *
 * @internal
 */
export function matrixLabel(flat: number, shape: readonly number[]): string | undefined {
  if (shape.length === 2) return undefined;
  const K = shape[shape.length - 1] as number;
  return `matrix ${formatIndex(Math.floor(flat / (K * K)), shape.slice(0, -2))}`;
}
