/**
 * Differentiable, batched linear algebra on TensorFlow.js tensors (float32):
 * the Cholesky factorisation, forward substitution and the log-determinant
 * from a Cholesky factor, which tfjs 4 lacks.
 *
 * Every function is composed of ordinary tfjs ops (slices, products, sums,
 * square roots, divisions), so tfjs autodiff differentiates through it. The
 * loops run over the matrix dimension `k`, issuing a handful of ops per
 * column on the whole batch at once: meant for small `k` (up to ~30), as in
 * covariance and correlation matrices of hierarchical models.
 *
 * Batch dimensions lead and broadcast NumPy-style; the matrix dimensions are
 * the last two (`[..., k, k]`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';

/** Slice `size` entries from `begin` along `axis`, keeping every other axis whole. */
function sliceAxis(x: tf.Tensor, axis: number, begin: number, size: number): tf.Tensor {
  const b = new Array<number>(x.rank).fill(0);
  const s = new Array<number>(x.rank).fill(-1);
  b[axis] = begin;
  s[axis] = size;
  return tf.slice(x, b, s);
}

function checkSquare(what: string, t: tf.Tensor): number {
  const k = t.shape[t.rank - 1];
  if (t.rank < 2 || k === undefined || t.shape[t.rank - 2] !== k) {
    throw new RangeError(`${what}: expected a [..., k, k] tensor, received shape [${t.shape.join(', ')}]`);
  }
  return k;
}

/**
 * Batched Cholesky factorisation of symmetric positive-definite matrices,
 * differentiable: returns lower-triangular `L` with `a = L L^T`.
 *
 * Right-looking (outer-product) algorithm: with `S = a`, for each column `j`,
 * `L[:, j] = S[:, j] / sqrt(S_jj)` below and on the diagonal (zero above),
 * then `S <- S - L[:, j] L[:, j]^T`. Only the lower triangle of `a` is read,
 * so gradients flow to the lower triangle (upper entries get zero).
 *
 * Not positive definite input gives NaN (no read-back, which would stall a
 * batched evaluation). Call inside `tf.tidy`.
 *
 * @param a - `[..., k, k]` float32 tensor.
 * @returns `[..., k, k]` lower-triangular factors.
 * @category Math
 */
export function choleskyTensor(a: tf.Tensor): tf.Tensor {
  const k = checkSquare('choleskyTensor', a);
  return tf.tidy(() => {
    const r = a.rank;
    let s: tf.Tensor = a;
    const cols: tf.Tensor[] = [];
    for (let j = 0; j < k; j++) {
      // Column j of the current Schur complement, [..., k].
      const col = tf.squeeze(sliceAxis(s, r - 1, j, 1), [r - 1]);
      const pivot = sliceAxis(col, r - 2, j, 1); // [..., 1]
      const mask = tf.tensor1d(Array.from({ length: k }, (_, i) => (i >= j ? 1 : 0)));
      const lj = tf.mul(tf.div(col, tf.sqrt(pivot)), mask);
      cols.push(lj);
      if (j < k - 1) s = tf.sub(s, tf.mul(tf.expandDims(lj, r - 1), tf.expandDims(lj, r - 2)));
    }
    return tf.stack(cols, r - 1);
  });
}

/** Options of {@link solveLowerTensor}. */
export interface SolveLowerOptions {
  /**
   * Treat `b` as a batch of matrices `[..., k, m]` rather than a batch of
   * vectors `[..., k]` (shapes alone are ambiguous: `[k, k]` could be either).
   * Default `false`.
   */
  readonly matrix?: boolean;
}

/**
 * Batched forward substitution, differentiable: solves `L x = b` for
 * lower-triangular `L` (entries above the diagonal are not used).
 *
 * Column-oriented: `x_i = r_i / L_ii`, then `r <- r - L[:, i] x_i`, starting
 * from `r = b`. Batch dimensions of `l` and `b` broadcast against each
 * other, so one `[k, k]` factor solves a `[N, n, k]` batch of vectors.
 *
 * @param l - `[..., k, k]` lower-triangular factors.
 * @param b - `[..., k]` vectors, or `[..., k, m]` matrices with `{ matrix: true }`.
 * @param options - see {@link SolveLowerOptions}.
 * @returns `x`, of the broadcast batch shape followed by `[k]` (or `[k, m]`).
 * @category Math
 */
export function solveLowerTensor(l: tf.Tensor, b: tf.Tensor, options: SolveLowerOptions = {}): tf.Tensor {
  const k = checkSquare('solveLowerTensor', l);
  const matrix = options.matrix ?? false;
  const rows = matrix ? b.shape[b.rank - 2] : b.shape[b.rank - 1];
  if (rows !== k || (matrix && b.rank < 2) || b.rank < 1) {
    throw new RangeError(
      `solveLowerTensor: right-hand side of shape [${b.shape.join(', ')}] does not match a ${k} x ${k} factor` +
        (matrix ? ' (expected [..., k, m])' : ' (expected [..., k])'),
    );
  }
  return tf.tidy(() => {
    let r: tf.Tensor = matrix ? b : tf.expandDims(b, b.rank); // [..., k, m]
    const xs: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      const ri = sliceAxis(r, r.rank - 2, i, 1); // [..., 1, m]
      const li = sliceAxis(l, l.rank - 1, i, 1); // [..., k, 1]: column i of L
      const lii = sliceAxis(li, l.rank - 2, i, 1); // [..., 1, 1]
      const xi = tf.div(ri, lii);
      xs.push(xi);
      if (i < k - 1) r = tf.sub(r, tf.mul(li, xi));
    }
    // Every xi has the full broadcast batch shape (it depends on both l and b).
    const rank = Math.max(...xs.map((x) => x.rank));
    const x = tf.concat(xs, rank - 2);
    return matrix ? x : tf.squeeze(x, [rank - 1]);
  });
}

/**
 * Log-determinant of `a = L L^T` from a batch of Cholesky factors,
 * differentiable: `log det a = 2 * sum_i log L_ii`.
 *
 * @param l - `[..., k, k]` lower-triangular factors with positive diagonals.
 * @returns `[...]`, one log-determinant per matrix.
 * @category Math
 */
export function logDetFromCholesky(l: tf.Tensor): tf.Tensor {
  const k = checkSquare('logDetFromCholesky', l);
  return tf.tidy(() => tf.mul(2, tf.sum(tf.log(diagPart(l, k)), -1)));
}

/**
 * Diagonal of a batch of `[..., k, k]` matrices, as `[..., k]`:
 * `d_i = sum_j a_ij [i = j]` (differentiable).
 *
 * @param l - `[..., k, k]` tensor.
 * @param k - matrix dimension (default: the last axis of `l`).
 * @category Math
 */
export function diagPart(l: tf.Tensor, k: number = l.shape[l.rank - 1] ?? 0): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(l, tf.eye(k)), -1));
}
