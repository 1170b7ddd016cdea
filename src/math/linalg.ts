/**
 * Dense linear algebra in float64 on plain row-major `Float64Array`s: the
 * Cholesky factorisation, triangular and symmetric positive-definite solves,
 * inverses, log-determinants and products.
 *
 * These run on data (a fixed covariance matrix, a design matrix) and on
 * draws, where float32 rounding would be unwelcome; the differentiable
 * batched tensor counterparts live in `linalg-tensor.ts`.
 *
 * Layout: an `n x n` matrix `a` stores entry `(i, j)` at `a[i * n + j]`; a
 * right-hand side `b` with `m` columns (`n x m`) stores `(i, j)` at
 * `b[i * m + j]`, so a vector is the case `m = 1`.
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';

function at(a: Float64Array, i: number): number {
  return a[i] as number;
}

function checkSize(what: string, a: Float64Array, size: number): void {
  if (a.length !== size) {
    throw new RangeError(`${what}: expected ${size} entries, received ${a.length}`);
  }
}

/**
 * Cholesky factorisation `a = L L^T` of a symmetric positive-definite
 * `n x n` matrix (Cholesky–Banachiewicz, row by row):
 * `L_jj = sqrt(a_jj - sum_{p<j} L_jp^2)`,
 * `L_ij = (a_ij - sum_{p<j} L_ip L_jp) / L_jj` for `i > j`.
 *
 * Only the lower triangle of `a` is read (as in LAPACK's `potrf` with
 * `'L'`); symmetry is the caller's responsibility.
 *
 * @param a - row-major `n x n` matrix.
 * @param n - dimension.
 * @returns the lower-triangular factor `L`, row-major, zeros above the diagonal.
 * @throws {@link NumericalError} with issue `'not-positive-definite'` when a
 *   pivot `a_jj - sum_{p<j} L_jp^2` is not positive (or not finite); the
 *   message and `details.pivot` name the failing (0-based) pivot.
 * @category Math
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  checkSize('cholesky', a, n * n);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = at(a, i * n + j);
      for (let p = 0; p < j; p++) s -= at(l, i * n + p) * at(l, j * n + p);
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) {
          throw new NumericalError(
            'not-positive-definite',
            `cholesky: matrix is not positive definite (pivot ${j} is ${s})`,
            { pivot: j, value: s },
          );
        }
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / at(l, j * n + j);
      }
    }
  }
  return l;
}

/**
 * Log-determinant of `a = L L^T` from its Cholesky factor:
 * `log det a = 2 * sum_i log L_ii`.
 *
 * @param l - row-major lower-triangular factor (from {@link cholesky}).
 * @param n - dimension.
 * @category Math
 */
export function choleskyLogDet(l: Float64Array, n: number): number {
  checkSize('choleskyLogDet', l, n * n);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(at(l, i * n + i));
  return 2 * s;
}

/**
 * Forward substitution: solves `L x = b` for lower-triangular `L`
 * (`x_i = (b_i - sum_{p<i} L_ip x_p) / L_ii`). Entries above the diagonal
 * of `l` are not read.
 *
 * @param l - row-major `n x n` lower-triangular matrix.
 * @param b - right-hand side, `n x m` row-major (a vector when `m = 1`).
 * @param n - dimension.
 * @param m - number of right-hand-side columns (default 1).
 * @returns `x`, `n x m` row-major.
 * @category Math
 */
export function solveLower(l: Float64Array, b: Float64Array, n: number, m = 1): Float64Array {
  checkSize('solveLower', l, n * n);
  checkSize('solveLower (right-hand side)', b, n * m);
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = at(x, i * m + c);
      for (let p = 0; p < i; p++) s -= at(l, i * n + p) * at(x, p * m + c);
      x[i * m + c] = s / at(l, i * n + i);
    }
  }
  return x;
}

/**
 * Back substitution: solves `U x = b` for upper-triangular `U`
 * (`x_i = (b_i - sum_{p>i} U_ip x_p) / U_ii`). Entries below the diagonal
 * of `u` are not read.
 *
 * @param u - row-major `n x n` upper-triangular matrix.
 * @param b - right-hand side, `n x m` row-major.
 * @param n - dimension.
 * @param m - number of right-hand-side columns (default 1).
 * @returns `x`, `n x m` row-major.
 * @category Math
 */
export function solveUpper(u: Float64Array, b: Float64Array, n: number, m = 1): Float64Array {
  checkSize('solveUpper', u, n * n);
  checkSize('solveUpper (right-hand side)', b, n * m);
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let s = at(x, i * m + c);
      for (let p = i + 1; p < n; p++) s -= at(u, i * n + p) * at(x, p * m + c);
      x[i * m + c] = s / at(u, i * n + i);
    }
  }
  return x;
}

/**
 * Solves `a x = b` for symmetric positive-definite `a` through its Cholesky
 * factor: `L y = b`, then `L^T x = y`.
 *
 * @param a - row-major `n x n` SPD matrix (lower triangle read).
 * @param b - right-hand side, `n x m` row-major.
 * @param n - dimension.
 * @param m - number of right-hand-side columns (default 1).
 * @throws {@link NumericalError} `'not-positive-definite'` as {@link cholesky}.
 * @category Math
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number, m = 1): Float64Array {
  const l = cholesky(a, n);
  return solveUpper(transpose(l, n), solveLower(l, b, n, m), n, m);
}

/**
 * Inverse of a symmetric positive-definite matrix, `a^{-1} = L^{-T} L^{-1}`,
 * computed by solving against the identity; the result is symmetrised.
 *
 * @param a - row-major `n x n` SPD matrix (lower triangle read).
 * @param n - dimension.
 * @throws {@link NumericalError} `'not-positive-definite'` as {@link cholesky}.
 * @category Math
 */
export function inverseSpd(a: Float64Array, n: number): Float64Array {
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const inv = solveSpd(a, eye, n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (at(inv, i * n + j) + at(inv, j * n + i));
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/**
 * Matrix product `c = a b` of an `n x p` matrix and a `p x m` matrix,
 * row-major (`c_ij = sum_q a_iq b_qj`). With only `n` given, both are
 * square `n x n`.
 *
 * @param a - row-major `n x p`.
 * @param b - row-major `p x m`.
 * @param n - rows of `a`.
 * @param p - columns of `a` = rows of `b` (default `n`).
 * @param m - columns of `b` (default `n`).
 * @category Math
 */
export function matmul(a: Float64Array, b: Float64Array, n: number, p = n, m = n): Float64Array {
  checkSize('matmul (left)', a, n * p);
  checkSize('matmul (right)', b, p * m);
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < p; q++) {
      const aiq = at(a, i * p + q);
      if (aiq === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j] = at(c, i * m + j) + aiq * at(b, q * m + j);
    }
  }
  return c;
}

/**
 * Transpose of a row-major `rows x cols` matrix (square when `cols` is
 * omitted): `t_ji = a_ij`.
 *
 * @param a - row-major `rows x cols`.
 * @param rows - number of rows.
 * @param cols - number of columns (default `rows`).
 * @category Math
 */
export function transpose(a: Float64Array, rows: number, cols = rows): Float64Array {
  checkSize('transpose', a, rows * cols);
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = at(a, i * cols + j);
  return t;
}
