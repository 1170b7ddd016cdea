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
  solveLower,
  solveSpd,
  solveUpper,
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
