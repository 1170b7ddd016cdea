// Table-driven tests of every bijector: round trips, support, the
// log-Jacobian against an autodiff Jacobian, batching, known values and a
// float64 port of Stan's constrain functions.
//
// Tolerances. forward() runs in float32 (unit round-off u = 6e-8) and
// inverse() in float64. Unconstrained points are drawn in the box [-3, 3],
// where every map is well conditioned: the worst amplification of a relative
// error in y into an absolute error in z is that of atanh near
// tanh(3) = 0.995, 1 / (1 - 0.995^2) ~ 100, so a float32 round trip is
// accurate to ~100 * 10 u ~ 1e-4 at worst, and much better elsewhere.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { det, inv } from 'mathjs';
import { describe, expect, it } from 'vitest';
import type { Bijector } from '../../src/bijectors/bijector.js';
import { bijectorFor } from '../../src/bijectors/index.js';
import type { Constraint } from '../../src/constraints.js';
import { sizeOf } from '../../src/core/ndarray.js';

const FC = { seed: 20261128, numRuns: 30 } as const;
const FC_JACOBIAN = { seed: 20261128, numRuns: 15 } as const;
const BOX = 3;

/** A float64 reference forward map: Stan's constrain function with its log-Jacobian. */
type Reference = (z: Float64Array, shape: readonly number[]) => { y: Float64Array; logDet: number };

interface Row {
  readonly name: string;
  readonly constraint: Constraint;
  readonly shape: readonly number[];
  /** Map `u` in [0, 1]^size to a point of the support, in float64. */
  readonly support: (u: readonly number[], shape: readonly number[]) => Float64Array;
  /** Stan's constrain function, ported loop for loop in float64. */
  readonly reference: Reference;
  /** The value and log-Jacobian at z = 0, derived by hand. */
  readonly atZero: { readonly y: readonly number[]; readonly logDet: number };
  /**
   * Tolerance of the round trip z -> y -> z at this z (default 1e-4, see the
   * header); only the covariance matrix needs more.
   */
  readonly zTolerance?: (z: Float64Array, y: Float64Array) => number;
  /** Values outside the support, with the expected message. */
  readonly invalid: readonly { readonly y: readonly number[]; readonly message: RegExp }[];
}

// ---------------------------------------------------------------------------
// float64 references, following Stan math's *_constrain functions

const LOG2 = Math.log(2);
const log1pExp = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const invLogit = (x: number): number => 1 / (1 + Math.exp(-x));

function elementwise(f: (z: number) => [number, number]): Reference {
  return (z) => {
    const y = new Float64Array(z.length);
    let logDet = 0;
    z.forEach((v, i) => {
      const [yi, lj] = f(v);
      y[i] = yi;
      logDet += lj;
    });
    return { y, logDet };
  };
}

/** Apply a one-vector (or one-matrix) reference to every copy along the leading axes. */
function perCopy(
  zPerCopy: (K: number) => number,
  yPerCopy: (K: number) => number,
  one: (z: number[], K: number) => { y: number[]; lp: number },
): Reference {
  return (z, shape) => {
    const K = shape[shape.length - 1] as number;
    const copies = sizeOf(shape) / yPerCopy(K);
    const y: number[] = [];
    let logDet = 0;
    for (let c = 0; c < copies; c++) {
      const part = one(Array.from(z.subarray(c * zPerCopy(K), (c + 1) * zPerCopy(K))), K);
      y.push(...part.y);
      logDet += part.lp;
    }
    return { y: Float64Array.from(y), logDet };
  };
}

// simplex_constrain (stick-breaking, Stan reference manual)
const stanSimplex = perCopy(
  (K) => K - 1,
  (K) => K,
  (z, K) => {
    const N = K - 1;
    const x: number[] = [];
    let stick = 1;
    let lp = 0;
    for (let k = 0; k < N; k++) {
      const adj = (z[k] as number) - Math.log(N - k);
      const w = invLogit(adj);
      x.push(stick * w);
      lp += Math.log(stick) - log1pExp(-adj) - log1pExp(adj);
      stick -= stick * w;
    }
    x.push(stick);
    return { y: x, lp };
  },
);

const stanOrdered = perCopy(
  (K) => K,
  (K) => K,
  (z, K) => {
    const y = [z[0] as number];
    let lp = 0;
    for (let k = 1; k < K; k++) {
      y.push((y[k - 1] as number) + Math.exp(z[k] as number));
      lp += z[k] as number;
    }
    return { y, lp };
  },
);

const stanPositiveOrdered = perCopy(
  (K) => K,
  (K) => K,
  (z, K) => {
    const y = [Math.exp(z[0] as number)];
    let lp = z[0] as number;
    for (let k = 1; k < K; k++) {
      y.push((y[k - 1] as number) + Math.exp(z[k] as number));
      lp += z[k] as number;
    }
    return { y, lp };
  },
);

// corr_constrain + cholesky_corr_constrain
const stanCholeskyCorr = perCopy(
  (K) => (K * (K - 1)) / 2,
  (K) => K * K,
  (y, K) => {
    const zc = y.map((v) => Math.tanh(v));
    let lp = y.reduce((s, v) => s + Math.log1p(-(Math.tanh(v) ** 2)), 0);
    const x = new Array<number>(K * K).fill(0);
    x[0] = 1;
    let k = 0;
    for (let i = 1; i < K; i++) {
      x[i * K] = zc[k++] as number;
      let sumSqs = (x[i * K] as number) ** 2;
      for (let j = 1; j < i; j++) {
        lp += 0.5 * Math.log1p(-sumSqs);
        x[i * K + j] = (zc[k++] as number) * Math.sqrt(1 - sumSqs);
        sumSqs += (x[i * K + j] as number) ** 2;
      }
      x[i * K + i] = Math.sqrt(1 - sumSqs);
    }
    return { y: x, lp };
  },
);

// cov_matrix_constrain
const stanCovMatrix = perCopy(
  (K) => (K * (K + 1)) / 2,
  (K) => K * K,
  (x, K) => {
    const L = new Array<number>(K * K).fill(0);
    let i = 0;
    for (let m = 0; m < K; m++) {
      for (let n = 0; n < m; n++) L[m * K + n] = x[i++] as number;
      L[m * K + m] = Math.exp(x[i++] as number);
    }
    let lp = K * LOG2;
    for (let k = 0; k < K; k++) lp += (K - k + 1) * (x[(k * (k + 1)) / 2 + k] as number);
    const S = new Array<number>(K * K).fill(0);
    for (let r = 0; r < K; r++) {
      for (let c = 0; c < K; c++) {
        let s = 0;
        for (let l = 0; l < K; l++) s += (L[r * K + l] as number) * (L[c * K + l] as number);
        S[r * K + c] = s;
      }
    }
    return { y: S, lp };
  },
);

// ---------------------------------------------------------------------------
// support generators (float64), from u in [0, 1]^size

function supportPerCopy(perCopySize: (K: number) => number, one: (u: number[], K: number) => number[]) {
  return (u: readonly number[], shape: readonly number[]): Float64Array => {
    const K = shape[shape.length - 1] as number;
    const m = perCopySize(K);
    const out: number[] = [];
    for (let c = 0; c < u.length / m; c++) out.push(...one(u.slice(c * m, (c + 1) * m), K));
    return Float64Array.from(out);
  };
}

const simplexSupport = supportPerCopy(
  (K) => K,
  (u) => {
    const p = u.map((v) => 0.05 + v);
    const s = p.reduce((a, b) => a + b, 0);
    return p.map((v) => v / s);
  },
);

const orderedSupport = (first: (u: number) => number) =>
  supportPerCopy(
    (K) => K,
    (u) => {
      const y = [first(u[0] as number)];
      for (let k = 1; k < u.length; k++) y.push((y[k - 1] as number) + 0.05 + 2 * (u[k] as number));
      return y;
    },
  );

const choleskyCorrSupport = supportPerCopy(
  (K) => K * K,
  (u, K) => {
    const L = new Array<number>(K * K).fill(0);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < i; j++) L[i * K + j] = 2 * (u[i * K + j] as number) - 1;
      L[i * K + i] = 0.3 + (u[i * K + i] as number);
      let norm = 0;
      for (let j = 0; j <= i; j++) norm += (L[i * K + j] as number) ** 2;
      for (let j = 0; j <= i; j++) L[i * K + j] = (L[i * K + j] as number) / Math.sqrt(norm);
    }
    return L;
  },
);

const covSupport = supportPerCopy(
  (K) => K * K,
  (u, K) => {
    const L = new Array<number>(K * K).fill(0);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < i; j++) L[i * K + j] = 2 * (u[i * K + j] as number) - 1;
      L[i * K + i] = 0.3 + 1.7 * (u[i * K + i] as number);
    }
    const S = new Array<number>(K * K).fill(0);
    for (let r = 0; r < K; r++) {
      for (let c = 0; c < K; c++) {
        let s = 0;
        for (let l = 0; l < K; l++) s += (L[r * K + l] as number) * (L[c * K + l] as number);
        S[r * K + c] = s;
      }
    }
    return S;
  },
);

const frobenius = (m: readonly (readonly number[])[]): number => Math.sqrt(m.flat().reduce((a, v) => a + v * v, 0));
const repeat = (n: number, value: readonly number[]): number[] => Array.from({ length: n }, () => value).flat();
const eye = (K: number): number[] => Array.from({ length: K * K }, (_, i) => (i % (K + 1) === 0 ? 1 : 0));

// ---------------------------------------------------------------------------
// the table: one row per constraint and shape

function elementwiseRows(
  label: string,
  constraint: Constraint,
  map: (z: number) => [number, number],
  toSupport: (u: number) => number,
  zero: [number, number],
  bad: { value: number; message: RegExp },
): Row[] {
  return ([[], [3], [2, 4]] as number[][]).map((shape, r) => ({
    name: `${label} ${JSON.stringify(shape)}`,
    constraint,
    shape,
    support: (u) => Float64Array.from(u, toSupport),
    reference: elementwise(map),
    atZero: { y: repeat(sizeOf(shape), [zero[0]]), logDet: sizeOf(shape) * zero[1] },
    invalid:
      r === 1
        ? [
            { y: [zero[0], bad.value, zero[0]], message: bad.message },
            { y: [zero[0], Number.NaN, zero[0]], message: /entry 1 is NaN, not finite/ },
            { y: [zero[0], zero[0]], message: /expected 3 values for shape \[3\], received 2/ },
          ]
        : [],
  }));
}

const ROWS: readonly Row[] = [
  ...elementwiseRows(
    'real',
    { type: 'real' },
    (z) => [z, 0],
    (u) => 10 * u - 5,
    [0, 0],
    { value: Infinity, message: /entry 1 is Infinity, not finite/ },
  ),
  ...elementwiseRows(
    'lower(0)',
    { type: 'lower', lower: 0 },
    (z) => [Math.exp(z), z],
    (u) => Math.exp(6 * u - 3),
    [1, 0],
    { value: -0.2, message: /entry 1 is -0.2, not positive/ },
  ),
  ...elementwiseRows(
    'lower(-2)',
    { type: 'lower', lower: -2 },
    (z) => [-2 + Math.exp(z), z],
    (u) => -2 + Math.exp(6 * u - 3),
    [-1, 0],
    { value: -2, message: /entry 1 is -2, not greater than -2/ },
  ),
  ...elementwiseRows(
    'upper(3)',
    { type: 'upper', upper: 3 },
    (z) => [3 - Math.exp(z), z],
    (u) => 3 - Math.exp(6 * u - 3),
    [2, 0],
    { value: 3.5, message: /entry 1 is 3.5, not less than 3/ },
  ),
  ...elementwiseRows(
    'interval(-1, 4)',
    { type: 'interval', lower: -1, upper: 4 },
    (z) => [-1 + 5 * invLogit(z), Math.log(5) - log1pExp(-z) - log1pExp(z)],
    (u) => -1 + 5 * (0.02 + 0.96 * u),
    [1.5, Math.log(5) - 2 * LOG2],
    { value: 4, message: /entry 1 is 4, not in the open interval \(-1, 4\)/ },
  ),
  ...([[4], [2, 3]] as number[][]).map((shape, r): Row => ({
    name: `simplex ${JSON.stringify(shape)}`,
    constraint: { type: 'simplex' },
    shape,
    support: simplexSupport,
    reference: stanSimplex,
    // z = 0 is uniform; log|J| = sum_k log((K-k) / (K (K-k+1))) = -K log K per simplex
    atZero: {
      y: repeat(sizeOf(shape), [1 / (shape.at(-1) as number)]),
      logDet: (sizeOf(shape) / (shape.at(-1) as number)) * -(shape.at(-1) as number) * Math.log(shape.at(-1) as number),
    },
    invalid:
      r === 0
        ? [
            { y: [0.5, -0.1, 0.3, 0.3], message: /entry 1 is -0.1, not positive/ },
            { y: [0.5, 0, 0.3, 0.2], message: /entry 1 is 0, not positive/ },
            { y: [0.25, 0.25, 0.25, 0.3], message: /the entries sum to 1.05, not 1/ },
          ]
        : [{ y: [0.2, 0.3, 0.5, 0.2, 0.3, 0.4], message: /the simplex at \[1, 0\] sums to 0.9\d*, not 1/ }],
  })),
  ...([[4], [2, 3]] as number[][]).map((shape, r): Row => ({
    name: `ordered ${JSON.stringify(shape)}`,
    constraint: { type: 'ordered' },
    shape,
    support: orderedSupport((u) => 6 * u - 3),
    reference: stanOrdered,
    atZero: { y: repeat(sizeOf(shape) / (shape.at(-1) as number), [0, 1, 2, 3].slice(0, shape.at(-1))), logDet: 0 },
    invalid:
      r === 0
        ? [
            { y: [-1, 0, 0, 2], message: /entry 2 is 0, not greater than the previous entry 0/ },
            { y: [-1, 0, -0.5, 2], message: /entry 2 is -0.5, not greater than the previous entry 0/ },
          ]
        : [{ y: [1, 2, 3, 1, 0, 3], message: /entry \[1, 1\] is 0, not greater than the previous entry 1/ }],
  })),
  ...([[4], [2, 3]] as number[][]).map((shape, r): Row => ({
    name: `positive-ordered ${JSON.stringify(shape)}`,
    constraint: { type: 'positive-ordered' },
    shape,
    support: orderedSupport((u) => 0.05 + 2 * u),
    reference: stanPositiveOrdered,
    atZero: { y: repeat(sizeOf(shape) / (shape.at(-1) as number), [1, 2, 3, 4].slice(0, shape.at(-1))), logDet: 0 },
    invalid:
      r === 0
        ? [
            { y: [-0.1, 1, 2, 3], message: /entry 0 is -0.1, not positive/ },
            { y: [0.1, 1, 0.9, 3], message: /entry 2 is 0.9, not greater than the previous entry 1/ },
          ]
        : [{ y: [1, 2, 3, 0, 2, 3], message: /entry \[1, 0\] is 0, not positive/ }],
  })),
  ...(
    [
      [3, 3],
      [2, 3, 3],
    ] as number[][]
  ).map((shape, r): Row => ({
    name: `cholesky-corr ${JSON.stringify(shape)}`,
    constraint: { type: 'cholesky-corr' },
    shape,
    support: choleskyCorrSupport,
    reference: stanCholeskyCorr,
    atZero: { y: repeat(sizeOf(shape) / 9, eye(3)), logDet: 0 },
    invalid:
      r === 0
        ? [
            { y: [1, 0, 0, 0.6, 0.8, 0, 0.6, 0, 0.9], message: /row 2 has squared length 1.17/ },
            { y: [1, 0.1, 0, 0.6, 0.8, 0, 0.6, 0, 0.8], message: /entry \[0, 1\] is 0.1 above the diagonal/ },
            { y: [1, 0, 0, 0.6, -0.8, 0, 0.6, 0, 0.8], message: /diagonal entry \[1, 1\] is -0.8, not positive/ },
            { y: [1.2, 0, 0, 0.6, 0.8, 0, 0.6, 0, 0.8], message: /row 0 has squared length 1.44, not 1/ },
          ]
        : [
            {
              y: [...eye(3), 1, 0, 0, 0.6, 0.8, 0, 0, 0, 0.5],
              message: /row 2 of matrix 1 has squared length 0.25, not 1/,
            },
          ],
  })),
  ...(
    [
      [3, 3],
      [2, 3, 3],
    ] as number[][]
  ).map((shape, r): Row => ({
    name: `cov-matrix ${JSON.stringify(shape)}`,
    constraint: { type: 'cov-matrix' },
    shape,
    support: covSupport,
    reference: stanCovMatrix,
    atZero: { y: repeat(sizeOf(shape) / 9, eye(3)), logDet: (sizeOf(shape) / 9) * 3 * LOG2 },
    // Sigma is rounded to float32 (relative round-off u = 6e-8 per entry)
    // and inverse() refactors it: the float64 Cholesky factor of a
    // perturbed matrix moves by about u * cond(Sigma) relative, and the
    // box [-3, 3] allows cond(Sigma) up to ~1e6 (diagonal of L down to
    // e^-3 next to off-diagonal entries up to 3). The tolerance follows the
    // condition number (Frobenius), with a factor 10 of slack on u.
    zTolerance: (_z, y) => {
      const K = shape.at(-1) as number;
      let worst = 1;
      for (let c = 0; c < y.length; c += K * K) {
        const S = Array.from({ length: K }, (_, i) => Array.from(y.subarray(c + K * i, c + K * (i + 1))));
        worst = Math.max(worst, frobenius(S) * frobenius(inv(S) as number[][]));
      }
      return 1e-4 + 6e-7 * worst;
    },
    invalid:
      r === 0
        ? [
            {
              y: [2, 0.5, 0, 0.4, 2, 0, 0, 0, 1],
              message: /not symmetric: entry \[1, 0\] is 0.4 but entry \[0, 1\] is 0.5/,
            },
            {
              y: [1, 2, 0, 2, 1, 0, 0, 0, 1],
              message: /not positive definite \(the Cholesky factorisation fails at row 1/,
            },
            { y: [1, 0, 0, 0, -1, 0, 0, 0, 1], message: /not positive definite/ },
          ]
        : [{ y: [...eye(3), 1, 0, 0, 0, 1, 0, 0, 0, 0], message: /matrix 1 is not positive definite/ }],
  })),
];

// ---------------------------------------------------------------------------
// helpers

interface Prepared {
  readonly row: Row;
  readonly bijector: Bijector;
  readonly k: number;
  readonly size: number;
}

function prepare(row: Row): Prepared {
  const bijector = bijectorFor(row.constraint);
  const k = bijector.unconstrainedSize(row.shape);
  if (typeof k === 'string') throw new Error(k);
  return { row, bijector, k, size: sizeOf(row.shape) };
}

/** Run forward on a batch of float64 points; returns float64 values and log-Jacobians. */
function forwardBatch(
  p: Prepared,
  zs: readonly Float64Array[],
): { values: Float64Array[]; logDets: number[]; shape: number[]; ldShape: number[] } {
  const n = zs.length;
  const flat = new Float32Array(n * p.k);
  zs.forEach((z, i) => flat.set(z, i * p.k));
  const { value, logDetJacobian } = tf.tidy(() => p.bijector.forward(tf.tensor2d(flat, [n, p.k]), p.row.shape));
  const v = Float64Array.from(value.dataSync());
  const logDets = Array.from(logDetJacobian.dataSync());
  const result = {
    values: zs.map((_, i) => v.slice(i * p.size, (i + 1) * p.size)),
    logDets,
    shape: value.shape,
    ldShape: logDetJacobian.shape,
  };
  value.dispose();
  logDetJacobian.dispose();
  return result;
}

const forwardOne = (p: Prepared, z: Float64Array): { y: Float64Array; logDet: number } => {
  const r = forwardBatch(p, [z]);
  return { y: r.values[0] as Float64Array, logDet: r.logDets[0] as number };
};

/**
 * Jacobian of z -> freeCoordinates(forward(z)) at one point, by autodiff.
 * The point is repeated k times as a batch and particle i selects free
 * coordinate i, so a single tf.grad gives all k rows (particles are
 * independent, which the batching test checks).
 */
function autodiffJacobian(p: Prepared, z: Float64Array): number[][] {
  const k = p.k;
  const indices = p.bijector.freeCoordinates(
    Float64Array.from({ length: p.size }, (_, i) => i),
    p.row.shape,
  );
  expect(indices.length).toBe(k);
  const select = new Float32Array(k * p.size);
  indices.forEach((idx, i) => {
    select[i * p.size + idx] = 1;
  });
  const batch = new Float32Array(k * k);
  for (let i = 0; i < k; i++) batch.set(z, i * k);
  return tf.tidy(() => {
    const sel = tf.tensor2d(select, [k, p.size]);
    const grad = tf.grad((x: tf.Tensor) => {
      const { value } = p.bijector.forward(x as tf.Tensor2D, p.row.shape);
      return tf.sum(tf.mul(tf.reshape(value, [k, p.size]), sel));
    });
    return grad(tf.tensor2d(batch, [k, k])).arraySync() as number[][];
  });
}

const zArb = (k: number) =>
  fc
    .array(fc.double({ min: -BOX, max: BOX, noNaN: true }), { minLength: k, maxLength: k })
    .map((a) => Float64Array.from(a));
const uArb = (size: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: size, maxLength: size });

/** max_i |a_i - b_i| / (1 + |b_i|) */
function maxScaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++)
    m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)) / (1 + Math.abs(b[i] as number)));
  return m;
}

// ---------------------------------------------------------------------------
// the generic checks, one describe per row

describe.each(ROWS.map((row) => [row.name, row] as const))('bijector %s', (_name, row) => {
  const p = prepare(row);

  it('has the constraint of its row and a forward of the documented shapes', () => {
    expect(p.bijector.constraint).toEqual(row.constraint);
    const r = forwardBatch(p, [new Float64Array(p.k)]);
    expect(r.shape).toEqual([1, ...row.shape]);
    expect(r.ldShape).toEqual([1]);
  });

  it('matches the hand-derived value and log-Jacobian at z = 0', () => {
    const { y, logDet } = forwardOne(p, new Float64Array(p.k));
    expect(maxScaledError(y, row.atZero.y)).toBeLessThan(1e-6);
    expect(Math.abs(logDet - row.atZero.logDet)).toBeLessThan(1e-5 * (1 + Math.abs(row.atZero.logDet)));
    // and the inverse of that value is z = 0
    const z = p.bijector.inverse(Float64Array.from(row.atZero.y), row.shape);
    expect(Math.max(0, ...Array.from(z, Math.abs))).toBeLessThan(1e-12);
  });

  it("matches a float64 port of Stan's constrain function (value and log-Jacobian)", () => {
    // float32 forward vs float64 reference: values to ~10 u relative, the
    // log-Jacobian (a sum of O(10) terms of size <= 10) to ~1e-5.
    fc.assert(
      fc.property(zArb(p.k), (z) => {
        const got = forwardOne(p, z);
        const want = row.reference(z, row.shape);
        expect(maxScaledError(got.y, want.y)).toBeLessThan(2e-6);
        expect(Math.abs(got.logDet - want.logDet)).toBeLessThan(2e-6 * (1 + Math.abs(want.logDet)) + 1e-5);
      }),
      FC,
    );
  });

  it('round trip z -> forward -> inverse, and forward lands in the support', () => {
    // see the header: 1e-4 absolute in the box [-3, 3] (cov-matrix: see its row)
    fc.assert(
      fc.property(zArb(p.k), (z) => {
        const { y } = forwardOne(p, z);
        expect(p.bijector.check(y, row.shape)).toBeUndefined();
        const back = p.bijector.inverse(y, row.shape);
        expect(back.length).toBe(p.k);
        const tolerance = row.zTolerance?.(z, y) ?? 1e-4;
        for (let i = 0; i < p.k; i++) expect(Math.abs((back[i] as number) - (z[i] as number))).toBeLessThan(tolerance);
      }),
      FC,
    );
  });

  it('round trip y -> inverse -> forward for y drawn in the support', () => {
    // y is exact float64 in the support; forward returns float32, so the
    // error is float32 round-off of O(1)-conditioned maps: 1e-5 relative.
    fc.assert(
      fc.property(uArb(p.size), (u) => {
        const y = row.support(u, row.shape);
        expect(p.bijector.check(y, row.shape)).toBeUndefined();
        const z = p.bijector.inverse(y, row.shape);
        expect(z.every(Number.isFinite)).toBe(true);
        expect(maxScaledError(forwardOne(p, z).y, y)).toBeLessThan(1e-5);
      }),
      FC,
    );
  });

  it('log|J| equals log|det| of the autodiff Jacobian of z -> free coordinates', () => {
    // Jacobian entries carry float32 relative errors ~10 u; for Jacobians
    // whose condition number stays below ~1e2 in the box the log-determinant
    // moves by at most ~k * cond * 10 u < 1e-3, and the forward log|J| is
    // float32 itself: tolerance 1e-3 + 1e-5 |log|J||.
    fc.assert(
      fc.property(zArb(p.k), (z) => {
        const J = autodiffJacobian(p, z);
        const logAbsDet = p.k === 0 ? 0 : Math.log(Math.abs(det(J) as number));
        const { logDet } = forwardOne(p, z);
        expect(Math.abs(logDet - logAbsDet)).toBeLessThan(1e-3 + 1e-5 * Math.abs(logAbsDet));
      }),
      FC_JACOBIAN,
    );
  });

  it('a batch of N = 5 particles gives the same values as one at a time', () => {
    fc.assert(
      fc.property(fc.array(zArb(p.k), { minLength: 5, maxLength: 5 }), (zs) => {
        const batch = forwardBatch(p, zs);
        expect(batch.shape).toEqual([5, ...row.shape]);
        expect(batch.ldShape).toEqual([5]);
        zs.forEach((z, i) => {
          const one = forwardOne(p, z);
          expect(maxScaledError(batch.values[i] as Float64Array, one.y)).toBeLessThan(1e-6);
          expect(Math.abs((batch.logDets[i] as number) - one.logDet)).toBeLessThan(1e-6 * (1 + Math.abs(one.logDet)));
        });
      }),
      { seed: 20261128, numRuns: 10 },
    );
  });

  it('check() rejects values outside the support with a message', () => {
    for (const bad of row.invalid) {
      const message = p.bijector.check(Float64Array.from(bad.y), row.shape);
      expect(String(message)).toMatch(bad.message);
    }
  });

  it('forward leaves no tensors behind inside tf.tidy', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      p.bijector.forward(tf.zeros([3, p.k]) as tf.Tensor2D, row.shape);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
