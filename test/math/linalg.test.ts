// Float64 dense linear algebra against mathjs on random SPD matrices.
//
// Tolerance: A = B B^T + n I with |B_ij| <= 1 has condition number at most
// (n + n^2) / n = n + 1 <= 9 for n <= 8, so backward-stable Cholesky-based
// solves lose at most ~log10(9) digits: errors ~1e-15 * cond * n stay far
// below the 1e-10 relative tolerance used (mathjs's LU has the same order).
import * as fc from 'fast-check';
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import {
  cholesky,
  choleskyLogDet,
  inverseSpd,
  matmul,
  minEigenvalue,
  solveLower,
  solveSpd,
  solveUpper,
  symmetricEigen,
  symmetricInverseSqrt,
  symmetricSqrt,
  symmetrize,
  transpose,
} from '../../src/math/linalg.js';

const FC = { seed: 20261128, numRuns: 40 };
const TOL = 1e-10;

const spdCase = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    b: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
    rhs: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n * 2, maxLength: n * 2 }),
  }),
);

function spd(n: number, b: number[]): Float64Array {
  const bb = Float64Array.from(b);
  const a = matmul(bb, transpose(bb, n), n);
  for (let i = 0; i < n; i++) a[i * n + i] = (a[i * n + i] as number) + n;
  return a;
}

function toRows(a: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => a[i * cols + j] as number));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = TOL): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] as number));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(tol * scale);
  }
}

describe('float64 linear algebra vs mathjs', () => {
  it('cholesky reconstructs A, is lower triangular, and its log-determinant matches det', () => {
    fc.assert(
      fc.property(spdCase, ({ n, b }) => {
        const a = spd(n, b);
        const l = cholesky(a, n);
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
        expectClose(matmul(l, transpose(l, n), n), a);
        const det = math.det(toRows(a, n, n)) as number;
        expect(Math.abs(choleskyLogDet(l, n) - Math.log(det))).toBeLessThanOrEqual(
          TOL * Math.max(1, Math.abs(Math.log(det))),
        );
      }),
      FC,
    );
  });

  it('triangular and SPD solves match lusolve (vector and matrix right-hand sides)', () => {
    fc.assert(
      fc.property(spdCase, ({ n, b, rhs }) => {
        const a = spd(n, b);
        const l = cholesky(a, n);
        const u = transpose(l, n);
        const vec = Float64Array.from(rhs.slice(0, n));
        const mat = Float64Array.from(rhs); // n x 2
        const solve = (m: Float64Array, rhsCols: Float64Array, cols: number): number[] => {
          // mathjs lusolve takes one vector right-hand side: solve column by column.
          const out = new Array<number>(n * cols);
          for (let c = 0; c < cols; c++) {
            const col = Array.from({ length: n }, (_, i) => rhsCols[i * cols + c] as number);
            const x = (math.lusolve(toRows(m, n, n), col) as number[][]).map((r) => r[0] as number);
            for (let i = 0; i < n; i++) out[i * cols + c] = x[i] as number;
          }
          return out;
        };
        expectClose(solveLower(l, vec, n), solve(l, vec, 1));
        expectClose(solveUpper(u, vec, n), solve(u, vec, 1));
        expectClose(solveSpd(a, mat, n, 2), solve(a, mat, 2));
        expectClose(solveLower(l, mat, n, 2), solve(l, mat, 2));
        expectClose(solveUpper(u, mat, n, 2), solve(u, mat, 2));
      }),
      FC,
    );
  });

  it('inverseSpd matches inv and matmul matches multiply', () => {
    fc.assert(
      fc.property(spdCase, ({ n, b }) => {
        const a = spd(n, b);
        const inv = inverseSpd(a, n);
        expectClose(inv, (math.inv(toRows(a, n, n)) as number[][]).flat());
        const bb = Float64Array.from(b);
        expectClose(matmul(a, bb, n), (math.multiply(toRows(a, n, n), toRows(bb, n, n)) as number[][]).flat());
        // Rectangular product: (n x n) times (n x 1).
        const v = bb.subarray(0, n);
        expectClose(matmul(a, v, n, n, 1), (math.multiply(toRows(a, n, n), toRows(v, n, 1)) as number[][]).flat());
      }),
      FC,
    );
  });

  it('cholesky throws NumericalError naming the failing pivot', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1: pivot 1 is 1 - 4 = -3.
    let caught: unknown;
    try {
      cholesky(Float64Array.from([1, 2, 2, 1]), 2);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NumericalError);
    expect((caught as NumericalError).issue).toBe('not-positive-definite');
    expect((caught as NumericalError).details.pivot).toBe(1);
    expect((caught as NumericalError).message).toMatch(/pivot 1/);
    expect(() => cholesky(Float64Array.from([0, 0, 0, 1]), 2)).toThrow(/pivot 0/);
  });
});

// Symmetric eigen-decomposition (cyclic Jacobi) and spectral functions.
//
// Tolerance: both Jacobi (ours) and mathjs's eigs are backward stable, so by
// Weyl's inequality each computed eigenvalue is within c * n * eps * |A|_2 of
// the exact one (c a small constant, eps = 2.2e-16): for n <= 8 that is
// ~1e-14 * spectral radius. Residuals |A v - λ v| and the loss of
// orthogonality of V are bounded the same way. EIG_TOL = 1e-9 relative to
// the spectral radius leaves five orders of magnitude of margin while still
// catching any real error (a wrong rotation or ordering is O(1)).
const EIG_TOL = 1e-9;

const symCase = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    scale: fc.constantFrom(1e-3, 1, 1e3),
    b: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
  }),
);

function randomSymmetric(n: number, b: number[], scale: number): Float64Array {
  return symmetrize(
    Float64Array.from(b, (x) => x * scale),
    n,
  );
}

function spectralRadius(values: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < values.length; i++) r = Math.max(r, Math.abs(values[i] as number));
  return Math.max(r, Number.MIN_VALUE);
}

function mathjsEigenvalues(a: Float64Array, n: number): number[] {
  const res = math.eigs(toRows(a, n, n)) as unknown as { values: number[] | math.Matrix };
  const vals = Array.isArray(res.values) ? res.values : (res.values.toArray() as number[]);
  return [...vals].sort((x, y) => x - y);
}

function maxAbs(a: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < a.length; i++) r = Math.max(r, Math.abs(a[i] as number));
  return r;
}

function diffMaxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < a.length; i++) r = Math.max(r, Math.abs((a[i] as number) - (b[i] as number)));
  return r;
}

function checkDecomposition(a: Float64Array, n: number, tol = EIG_TOL): void {
  const { values, vectors } = symmetricEigen(a, n);
  const rho = spectralRadius(values);
  for (let k = 1; k < n; k++) expect(values[k] as number).toBeGreaterThanOrEqual(values[k - 1] as number);
  // V^T V = I.
  const vtv = matmul(transpose(vectors, n), vectors, n);
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  expect(diffMaxAbs(vtv, eye)).toBeLessThanOrEqual(tol);
  // A V = V diag(values), column by column.
  const av = matmul(a, vectors, n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const r = (av[i * n + k] as number) - (vectors[i * n + k] as number) * (values[k] as number);
      expect(Math.abs(r)).toBeLessThanOrEqual(tol * rho);
    }
  }
}

describe('symmetric eigen-decomposition (cyclic Jacobi)', () => {
  it('eigenvalues match mathjs eigs; V is orthogonal and A V = V diag(values)', () => {
    fc.assert(
      fc.property(symCase, ({ n, b, scale }) => {
        // Residual checks on the raw draw, which may hold tiny (even subnormal) entries.
        checkDecomposition(randomSymmetric(n, b, scale), n);
        // mathjs's eigs works to an absolute tolerance (it returns 0, 0 for
        // [[0, 1.6e-195], [1.6e-195, 0]], where Jacobi gives -/+1.6e-195), so
        // compare with it after flushing entries below 1e-6 to zero.
        const a = randomSymmetric(
          n,
          b.map((x) => (Math.abs(x) < 1e-6 ? 0 : x)),
          scale,
        );
        const { values } = symmetricEigen(a, n);
        const expected = mathjsEigenvalues(a, n);
        const rho = spectralRadius(expected);
        for (let k = 0; k < n; k++) {
          expect(Math.abs((values[k] as number) - (expected[k] as number))).toBeLessThanOrEqual(EIG_TOL * rho);
        }
        expect(Math.abs(minEigenvalue(a, n) - (expected[0] as number))).toBeLessThanOrEqual(EIG_TOL * rho);
        checkDecomposition(a, n);
      }),
      FC,
    );
  });

  it('handles repeated eigenvalues, diagonal and graded matrices, and n = 50', () => {
    const n = 5;
    const eye = new Float64Array(n * n);
    const ones = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    expect(Array.from(symmetricEigen(eye, n).values)).toEqual([1, 1, 1, 1, 1]);
    expect(symmetricEigen(eye, n).vectors).toEqual(eye);
    // ones(5) has eigenvalues 0 (x4) and 5.
    const onesEig = symmetricEigen(ones, n).values;
    for (let k = 0; k < 4; k++) expect(Math.abs(onesEig[k] as number)).toBeLessThanOrEqual(1e-14);
    expect(onesEig[4]).toBeCloseTo(5, 13);
    checkDecomposition(ones, n);
    // Diagonal: eigenvalues are the sorted diagonal, exactly.
    const diag = new Float64Array(9);
    [3, -1, 2].forEach((v, i) => (diag[i * 3 + i] = v));
    expect(Array.from(symmetricEigen(diag, 3).values)).toEqual([-1, 2, 3]);
    // Graded 2 x 2 [[1e8, 1], [1, 1e-8]]: eigenvalues 1e8 + 1e-8 and 0 up to
    // the determinant 1 - 1 = 0; the small one is recovered to eps * 1e8.
    const graded = Float64Array.from([1e8, 1, 1, 1e-8]);
    const g = symmetricEigen(graded, 2).values;
    expect(Math.abs(g[0] as number)).toBeLessThanOrEqual(1e-7);
    expect(Math.abs((g[1] as number) - (1e8 + 1e-8)) / 1e8).toBeLessThanOrEqual(1e-15);
    // n = 50 random symmetric: decomposition checks at the same relative tolerance.
    const big = 50;
    const m = new Float64Array(big * big);
    let seed = 12345;
    for (let i = 0; i < big * big; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      m[i] = seed / 2147483648 - 0.5;
    }
    checkDecomposition(symmetrize(m, big), big);
  });

  it('rejects non-finite entries', () => {
    expect(() => symmetricEigen(Float64Array.from([1, NaN, NaN, 1]), 2)).toThrow(RangeError);
    expect(() => symmetricEigen(Float64Array.from([1, 2, 3]), 2)).toThrow(RangeError);
  });
});

describe('symmetric square roots', () => {
  it('sqrt(A)^2 = A, sqrt(A) is SPD, and A^{-1/2} sqrt(A) = I', () => {
    fc.assert(
      fc.property(spdCase, ({ n, b }) => {
        const a = spd(n, b);
        const r = symmetricSqrt(a, n);
        const ri = symmetricInverseSqrt(a, n);
        expect(r).toEqual(transpose(r, n));
        expect(ri).toEqual(transpose(ri, n));
        expect(minEigenvalue(r, n)).toBeGreaterThan(0);
        const rho = spectralRadius(symmetricEigen(a, n).values);
        expect(diffMaxAbs(matmul(r, r, n), a)).toBeLessThanOrEqual(EIG_TOL * rho);
        const eye = new Float64Array(n * n);
        for (let i = 0; i < n; i++) eye[i * n + i] = 1;
        expect(diffMaxAbs(matmul(ri, r, n), eye)).toBeLessThanOrEqual(EIG_TOL);
        // (A^{-1/2})^2 = A^{-1}.
        const inv = inverseSpd(a, n);
        expect(diffMaxAbs(matmul(ri, ri, n), inv)).toBeLessThanOrEqual(EIG_TOL * maxAbs(inv));
      }),
      FC,
    );
  });

  it('sqrt of diag(4, 9) is diag(2, 3); symmetrize averages A and its transpose', () => {
    expect(Array.from(symmetricSqrt(Float64Array.from([4, 0, 0, 9]), 2))).toEqual([2, 0, 0, 3]);
    expect(Array.from(symmetrize(Float64Array.from([1, 2, 4, 3]), 2))).toEqual([1, 3, 3, 3]);
  });

  it('throws NumericalError not-positive-definite on a non-positive eigenvalue', () => {
    for (const f of [symmetricSqrt, symmetricInverseSqrt]) {
      let caught: unknown;
      try {
        f(Float64Array.from([1, 2, 2, 1]), 2); // eigenvalues -1 and 3
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(NumericalError);
      expect((caught as NumericalError).issue).toBe('not-positive-definite');
      expect((caught as NumericalError).details.eigenvalue).toBe(0);
      expect(() => f(Float64Array.from([1, 0, 0, 0]), 2)).toThrow(NumericalError);
    }
  });
});
