// Differentiable batched tensor linear algebra (float32) against the float64
// versions in src/math/linalg.ts.
//
// Tolerances. Matrices are A = B B^T + k I with |B_ij| <= 1, condition number
// <= k + 1 <= 7. Float32 has unit round-off u = 6e-8; Cholesky and
// triangular solves are backward stable with errors ~ k * cond * u ~ 3e-6
// relative to the largest entry, so values are checked to 3e-5 relative.
// Gradients go through ~k sequential steps of the same ops, each adding
// O(u * cond) relative error, while the float64 central differences (step
// 1e-5) carry truncation error ~1e-10: gradients are checked to 1e-3
// relative to the largest gradient entry.
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyLogDet, matmul, solveLower, transpose } from '../../src/math/linalg.js';
import { choleskyTensor, logDetFromCholesky, solveLowerTensor } from '../../src/math/linalg-tensor.js';

/** float32 tensor from float64 data (tfjs rejects Float64Array). */
function t32(data: ArrayLike<number>, shape?: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from(data), shape);
}

const FC = { seed: 20261128, numRuns: 25 };
const VALUE_TOL = 3e-5;
const GRAD_TOL = 1e-3;
const H = 1e-5;

const caseArb = fc.integer({ min: 1, max: 6 }).chain((k) =>
  fc.record({
    k: fc.constant(k),
    batch: fc.integer({ min: 1, max: 3 }),
    entries: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3 * k * k, maxLength: 3 * k * k }),
    weights: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 6 * k * k, maxLength: 6 * k * k }),
  }),
);

function spd(k: number, b: ArrayLike<number>): Float64Array {
  const bb = Float64Array.from(b);
  const a = matmul(bb, transpose(bb, k), k);
  for (let i = 0; i < k; i++) a[i * k + i] = (a[i * k + i] as number) + k;
  return a;
}

function spdBatch(k: number, batch: number, entries: number[]): Float64Array {
  const out = new Float64Array(batch * k * k);
  for (let b = 0; b < batch; b++) out.set(spd(k, entries.slice(b * k * k, (b + 1) * k * k)), b * k * k);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-3;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] as number));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThanOrEqual(tol * scale);
  }
}

/** Float64 central differences of a scalar function of a flat array. */
function fdGrad(f: (x: Float64Array) => number, x0: Float64Array): Float64Array {
  const g = new Float64Array(x0.length);
  for (let i = 0; i < x0.length; i++) {
    const xp = Float64Array.from(x0);
    const xm = Float64Array.from(x0);
    xp[i] = (xp[i] as number) + H;
    xm[i] = (xm[i] as number) - H;
    g[i] = (f(xp) - f(xm)) / (2 * H);
  }
  return g;
}

function dot(a: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (w[i] as number);
  return s;
}

function perBatch(k: number, batch: number, a: Float64Array, f: (m: Float64Array) => Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let b = 0; b < batch; b++) out.set(f(a.slice(b * k * k, (b + 1) * k * k)), b * k * k);
  return out;
}

describe('choleskyTensor', () => {
  it('matches the float64 factor on batches', () => {
    fc.assert(
      fc.property(caseArb, ({ k, batch, entries }) => {
        const a = spdBatch(k, batch, entries);
        const expected = perBatch(k, batch, a, (m) => cholesky(m, k));
        const actual = tf.tidy(() => choleskyTensor(t32(a, [batch, k, k])).dataSync());
        expectClose(actual, expected, VALUE_TOL);
      }),
      FC,
    );
  });

  it('handles unbatched [k, k] and two batch axes', () => {
    const a = spdBatch(
      3,
      4,
      Array.from({ length: 36 }, (_, i) => Math.sin(i + 1)),
    );
    const expected = perBatch(3, 4, a, (m) => cholesky(m, 3));
    const two = tf.tidy(() => choleskyTensor(t32(a, [2, 2, 3, 3])));
    expect(two.shape).toEqual([2, 2, 3, 3]);
    expectClose(two.dataSync(), expected, VALUE_TOL);
    two.dispose();
    const one = tf.tidy(() => choleskyTensor(t32(a.slice(0, 9), [3, 3])).dataSync());
    expectClose(one, expected.slice(0, 9), VALUE_TOL);
  });

  it('gradients of sum(W * chol(A)) match float64 central differences', () => {
    fc.assert(
      fc.property(caseArb, ({ k, entries, weights }) => {
        const a = spd(k, entries.slice(0, k * k));
        const w = Float64Array.from(weights.slice(0, k * k));
        const grad = tf.tidy(() => {
          const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(choleskyTensor(x), t32(w, [k, k]))));
          return g(t32(a, [k, k])).dataSync();
        });
        const expected = fdGrad((x) => dot(cholesky(x, k), w), a);
        expectClose(grad, expected, GRAD_TOL);
      }),
      FC,
    );
  });
});

describe('solveLowerTensor', () => {
  it('matches float64 forward substitution, with broadcasting batch axes', () => {
    fc.assert(
      fc.property(caseArb, ({ k, batch, entries, weights }) => {
        const a = spdBatch(k, batch, entries);
        const l = perBatch(k, batch, a, (m) => cholesky(m, k));
        // b: [2, batch, k] vectors against l: [batch, k, k].
        const b = Float64Array.from(weights.slice(0, 2 * batch * k));
        const x = tf.tidy(() => {
          const out = solveLowerTensor(t32(l, [batch, k, k]), t32(b, [2, batch, k]));
          expect(out.shape).toEqual([2, batch, k]);
          return out.dataSync();
        });
        const expected = new Float64Array(2 * batch * k);
        for (let s = 0; s < 2; s++) {
          for (let j = 0; j < batch; j++) {
            const o = (s * batch + j) * k;
            expected.set(solveLower(l.slice(j * k * k, (j + 1) * k * k), b.slice(o, o + k), k), o);
          }
        }
        expectClose(x, expected, VALUE_TOL);
      }),
      FC,
    );
  });

  it('solves matrix right-hand sides and broadcasts one factor against [N, n, k]', () => {
    const k = 4;
    const l = cholesky(
      spd(
        k,
        Array.from({ length: 16 }, (_, i) => Math.cos(3 * i)),
      ),
      k,
    );
    const bm = Float64Array.from({ length: k * 3 }, (_, i) => Math.sin(i) * 2);
    const xm = tf.tidy(() => solveLowerTensor(t32(l, [k, k]), t32(bm, [k, 3]), { matrix: true }).dataSync());
    expectClose(xm, solveLower(l, bm, k, 3), VALUE_TOL);
    // One [k, k] factor, a [5, 2, k] batch of vectors: result [5, 2, k].
    const bv = Float64Array.from({ length: 5 * 2 * k }, (_, i) => Math.sin(0.7 * i));
    const out = tf.tidy(() => solveLowerTensor(t32(l, [k, k]), t32(bv, [5, 2, k])));
    expect(out.shape).toEqual([5, 2, k]);
    const xv = out.dataSync();
    out.dispose();
    for (let r = 0; r < 10; r++)
      expectClose(xv.slice(r * k, (r + 1) * k), solveLower(l, bv.slice(r * k, (r + 1) * k), k), VALUE_TOL);
    // A [N, 1, k, k] batch of factors against [n, k] vectors gives [N, n, k].
    const ls = new Float64Array(2 * k * k);
    ls.set(l, 0);
    ls.set(
      l.map((v) => 2 * v),
      k * k,
    );
    const bn = bv.slice(0, 3 * k);
    const outN = tf.tidy(() => solveLowerTensor(t32(ls, [2, 1, k, k]), t32(bn, [3, k])));
    expect(outN.shape).toEqual([2, 3, k]);
    const xn = outN.dataSync();
    outN.dispose();
    for (let p = 0; p < 2; p++) {
      for (let j = 0; j < 3; j++) {
        const o = (p * 3 + j) * k;
        expectClose(
          xn.slice(o, o + k),
          solveLower(ls.slice(p * k * k, (p + 1) * k * k), bn.slice(j * k, (j + 1) * k), k),
          VALUE_TOL,
        );
      }
    }
    expect(() => solveLowerTensor(t32(l, [k, k]), tf.zeros([k + 1]))).toThrow(RangeError);
  });

  it('gradients w.r.t. the factor and the right-hand side match float64 central differences', () => {
    fc.assert(
      fc.property(caseArb, ({ k, entries, weights }) => {
        const l = cholesky(spd(k, entries.slice(0, k * k)), k);
        const b = Float64Array.from(weights.slice(0, k));
        const w = Float64Array.from(weights.slice(k, 2 * k));
        const [gl, gb] = tf.tidy(() => {
          const g = tf.grads((lt: tf.Tensor, bt: tf.Tensor) => tf.sum(tf.mul(solveLowerTensor(lt, bt), t32(w))));
          return g([t32(l, [k, k]), t32(b)]).map((t) => t.dataSync());
        }) as [Float32Array, Float32Array];
        expectClose(
          gl,
          fdGrad((x) => dot(solveLower(x, b, k), w), l),
          GRAD_TOL,
        );
        expectClose(
          gb,
          fdGrad((x) => dot(solveLower(l, x, k), w), b),
          GRAD_TOL,
        );
      }),
      FC,
    );
  });
});

describe('logDetFromCholesky', () => {
  it('matches the float64 log-determinant and its gradient through choleskyTensor', () => {
    fc.assert(
      fc.property(caseArb, ({ k, batch, entries }) => {
        const a = spdBatch(k, batch, entries);
        const ld = tf.tidy(() => logDetFromCholesky(choleskyTensor(t32(a, [batch, k, k]))).dataSync());
        const expected = Array.from({ length: batch }, (_, j) =>
          choleskyLogDet(cholesky(a.slice(j * k * k, (j + 1) * k * k), k), k),
        );
        expectClose(ld, expected, VALUE_TOL);
        const a0 = a.slice(0, k * k);
        const g = tf.tidy(() =>
          tf
            .grad((x: tf.Tensor) => tf.sum(logDetFromCholesky(choleskyTensor(x))))(t32(a0, [k, k]))
            .dataSync(),
        );
        expectClose(
          g,
          fdGrad((x) => choleskyLogDet(cholesky(x, k), k), a0),
          GRAD_TOL,
        );
      }),
      FC,
    );
  });
});
