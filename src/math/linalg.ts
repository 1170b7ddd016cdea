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

/**
 * Symmetric part `(a + a^T) / 2` of a square matrix.
 *
 * @param a - row-major `n x n` matrix.
 * @param n - dimension.
 * @returns a new symmetric matrix; `a` is not modified.
 * @category Math
 */
export function symmetrize(a: Float64Array, n: number): Float64Array {
  checkSize('symmetrize', a, n * n);
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    s[i * n + i] = at(a, i * n + i);
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (at(a, i * n + j) + at(a, j * n + i));
      s[i * n + j] = v;
      s[j * n + i] = v;
    }
  }
  return s;
}

/** Eigen-decomposition `a = V diag(values) V^T` of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /**
   * Orthogonal `n x n` matrix `V`, row-major; column `j` (entries
   * `vectors[i * n + j]`) is the unit eigenvector of `values[j]`.
   */
  vectors: Float64Array;
}

const JACOBI_MAX_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of a symmetric `n x n` matrix by the cyclic
 * Jacobi method: sweep over the pairs `p < q` row by row, annihilating
 * `a_pq` with the plane rotation `J` of angle `θ`,
 * `cot 2θ = (a_qq - a_pp) / (2 a_pq)`, `t = tan θ = sign(cot 2θ) / (|cot 2θ| + sqrt(cot² 2θ + 1))`
 * (the smaller root, |θ| <= π/4), `a <- J^T a J`, `V <- V J`, until the
 * off-diagonal part vanishes to working precision (an entry is set to zero
 * once adding it to both diagonal entries it couples leaves them unchanged,
 * as in Rutishauser's implementation).
 *
 * Why Jacobi: it is simple, unconditionally convergent (quadratically in the
 * end, typically 6–10 sweeps), returns an orthogonal `V` to working
 * precision, and is backward stable with small relative errors even for the
 * small eigenvalues of graded SPD matrices (Demmel & Veselić). Its
 * `O(n^3)`-per-sweep cost is that of a few matrix products, negligible for
 * the `n <= 100` used here (covariances and Gaussian potentials); for much
 * larger `n` a tridiagonal QR method would be cheaper.
 *
 * The input is symmetrised first (`(a + a^T) / 2`), so slightly asymmetric
 * round-off in `a` is harmless.
 *
 * @param a - row-major `n x n` symmetric matrix (not modified).
 * @param n - dimension.
 * @returns eigenvalues in ascending order and the matching orthonormal eigenvectors as columns.
 * @throws RangeError when an entry of `a` is not finite.
 * @throws {@link NumericalError} `'diverged'` if the sweeps fail to converge (not expected for finite input).
 * @category Math
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  checkSize('symmetricEigen', a, n * n);
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(at(a, i))) {
      throw new RangeError(`symmetricEigen: entry (${Math.floor(i / n)}, ${i % n}) is not finite (${at(a, i)})`);
    }
  }
  const w = symmetrize(a, n);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let converged = n <= 1;
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS && !converged; sweep++) {
    // Largest off-diagonal magnitude (not a sum of squares, which underflows for tiny entries).
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = Math.max(off, Math.abs(at(w, p * n + q)));
    if (off === 0) {
      converged = true;
      break;
    }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(w, p * n + q);
        if (apq === 0) continue;
        const app = at(w, p * n + p);
        const aqq = at(w, q * n + q);
        const g = 100 * Math.abs(apq);
        if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          w[p * n + q] = 0;
          w[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t =
          Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.hypot(theta, 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // Columns p and q: w <- w J.
        for (let r = 0; r < n; r++) {
          const wrp = at(w, r * n + p);
          const wrq = at(w, r * n + q);
          w[r * n + p] = c * wrp - s * wrq;
          w[r * n + q] = s * wrp + c * wrq;
        }
        // Rows p and q: w <- J^T w.
        for (let r = 0; r < n; r++) {
          const wpr = at(w, p * n + r);
          const wqr = at(w, q * n + r);
          w[p * n + r] = c * wpr - s * wqr;
          w[q * n + r] = s * wpr + c * wqr;
        }
        w[p * n + q] = 0;
        w[q * n + p] = 0;
        // Eigenvectors: V <- V J.
        for (let r = 0; r < n; r++) {
          const vrp = at(v, r * n + p);
          const vrq = at(v, r * n + q);
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  if (!converged) {
    throw new NumericalError(
      'diverged',
      `symmetricEigen: Jacobi sweeps did not converge in ${JACOBI_MAX_SWEEPS} sweeps`,
    );
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => at(w, i * n + i) - at(w, j * n + j));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k] as number;
    values[k] = at(w, src * n + src);
    for (let r = 0; r < n; r++) vectors[r * n + k] = at(v, r * n + src);
  }
  return { values, vectors };
}

/**
 * Smallest eigenvalue of a symmetric matrix (of its symmetric part), from
 * {@link symmetricEigen}.
 *
 * @param a - row-major `n x n` symmetric matrix.
 * @param n - dimension (at least 1).
 * @category Math
 */
export function minEigenvalue(a: Float64Array, n: number): number {
  if (n < 1) throw new RangeError(`minEigenvalue: dimension must be at least 1, received ${n}`);
  return at(symmetricEigen(a, n).values, 0);
}

/** `V diag(f(λ)) V^T`, symmetrised; throws unless every eigenvalue is positive. */
function spectralFunction(what: string, a: Float64Array, n: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  for (let k = 0; k < n; k++) {
    const lambda = at(values, k);
    if (!(lambda > 0)) {
      throw new NumericalError(
        'not-positive-definite',
        `${what}: matrix is not positive definite (eigenvalue ${k} in ascending order is ${lambda})`,
        { eigenvalue: k, value: lambda },
      );
    }
  }
  const fv = values.map(f);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += at(vectors, i * n + k) * at(fv, k) * at(vectors, j * n + k);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * Symmetric positive-definite square root `a^{1/2} = V diag(sqrt λ) V^T`
 * of a symmetric positive-definite matrix `a = V diag(λ) V^T` (the unique
 * SPD matrix whose square is `a`), from {@link symmetricEigen}.
 *
 * @param a - row-major `n x n` SPD matrix (its symmetric part is used).
 * @param n - dimension.
 * @returns `a^{1/2}`, exactly symmetric.
 * @throws {@link NumericalError} `'not-positive-definite'` when an eigenvalue is not positive;
 *   `details.eigenvalue` is its index in ascending order and `details.value` its value.
 * @category Math
 */
export function symmetricSqrt(a: Float64Array, n: number): Float64Array {
  return spectralFunction('symmetricSqrt', a, n, Math.sqrt);
}

/**
 * Inverse symmetric square root `a^{-1/2} = V diag(1 / sqrt λ) V^T` of a
 * symmetric positive-definite matrix, from {@link symmetricEigen}.
 *
 * @param a - row-major `n x n` SPD matrix (its symmetric part is used).
 * @param n - dimension.
 * @returns `a^{-1/2}`, exactly symmetric.
 * @throws {@link NumericalError} `'not-positive-definite'` as {@link symmetricSqrt}.
 * @category Math
 */
export function symmetricInverseSqrt(a: Float64Array, n: number): Float64Array {
  return spectralFunction('symmetricInverseSqrt', a, n, (lambda) => 1 / Math.sqrt(lambda));
}
