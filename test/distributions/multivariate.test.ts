// Multivariate distributions: MultivariateNormal (covariance and Cholesky
// forms, concrete and tensor matrices), Dirichlet, LKJCholesky.
//
// Tolerances (float32):
// - MVN log densities: covariances are B B^T + k I (|B_ij| <= 1, condition
//   number <= k + 1 <= 6), values and means in [-3, 3], so the quadratic form
//   is below ~40 and log det below ~15; the float32 Cholesky / triangular
//   solve errors (~k cond u ~ 2e-6 relative) keep the result within 2e-4.
// - Dirichlet: terms (alpha - 1) log x and lgamma(alpha) below ~100 in
//   magnitude, float32 ulp ~1e-5 per term: 2e-4.
// - LKJ: a handful of lgamma terms below ~30: 1e-4.
// - Scores: float32 gradients vs float64 central differences (truncation
//   ~1e-9): 2e-3 relative to max(1, |reference|) (the Cholesky-based paths
//   chain k steps, each adding ~cond * u relative error).
import * as fc from 'fast-check';
import * as math from 'mathjs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  Dirichlet,
  LKJCholesky,
  MultivariateNormal,
  dirichlet,
  lkjCholesky,
  multivariateNormal,
  multivariateNormalCholesky,
} from '../../src/distributions/multivariate.js';
import { lkjLogConstant } from '../../src/distributions/lkj-cholesky.js';
import { cholesky, matmul, transpose } from '../../src/math/linalg.js';
import { logBeta, logGamma } from '../../src/math/special.js';
import { FC, H, SEED, expectArgumentError, scalarOf } from './support.js';

const MVN_TOL = 2e-4;
const DIR_TOL = 2e-4;
const LKJ_TOL = 1e-4;
const GRAD_TOL = 2e-3;

/** float32 tensor from float64 numbers (tfjs rejects Float64Array). */
function t32(data: ArrayLike<number>, shape?: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from(data), shape);
}

function rows(a: ArrayLike<number>, n: number, m: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => a[i * m + j] as number));
}

function spd(k: number, b: ArrayLike<number>): Float64Array {
  const bb = Float64Array.from(b);
  const a = matmul(bb, transpose(bb, k), k);
  for (let i = 0; i < k; i++) a[i * k + i] = (a[i * k + i] as number) + k;
  return a;
}

/** Float64 MVN log density with mathjs det and inv; reads the lower triangle of `cov`. */
function mvnRef(x: ArrayLike<number>, loc: ArrayLike<number>, cov: ArrayLike<number>, k: number): number {
  const sym = rows(cov, k, k).map((r, i) => r.map((_, j) => cov[Math.max(i, j) * k + Math.min(i, j)] as number));
  const d = Array.from({ length: k }, (_, i) => (x[i] as number) - (loc[i] as number));
  const inv = math.inv(sym) as number[][];
  let q = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) q += (d[i] as number) * (inv[i] as number[])[j]! * (d[j] as number);
  return -0.5 * q - 0.5 * Math.log(math.det(sym) as number) - 0.5 * k * Math.log(2 * Math.PI);
}

function dirichletRef(x: ArrayLike<number>, alpha: ArrayLike<number>): number {
  let s = 0;
  let a0 = 0;
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i] as number;
    s += (a - 1) * Math.log(x[i] as number) - logGamma(a);
    a0 += a;
  }
  return s + logGamma(a0);
}

/** Float64 Stan lkj_corr_cholesky_lpdf. */
function lkjRef(l: ArrayLike<number>, eta: number, K: number): number {
  let s = lkjLogConstant(eta, K);
  for (let i = 2; i <= K; i++) s += (K - i + 2 * eta - 2) * Math.log(l[(i - 1) * K + (i - 1)] as number);
  return s;
}

/** Cholesky factor of a correlation matrix from partial correlations in (-1, 1). */
function corrCholesky(K: number, z: number[]): Float64Array {
  const l = new Float64Array(K * K);
  l[0] = 1;
  let c = 0;
  for (let j = 1; j < K; j++) {
    let rem = 1;
    for (let i = 0; i < j; i++) {
      const v = (z[c++] as number) * Math.sqrt(rem);
      l[j * K + i] = v;
      rem -= v * v;
    }
    l[j * K + j] = Math.sqrt(rem);
  }
  return l;
}

function fdGrad(f: (v: Float64Array) => number, v0: ArrayLike<number>): Float64Array {
  const g = new Float64Array(v0.length);
  for (let i = 0; i < v0.length; i++) {
    const p = Float64Array.from(v0);
    const m = Float64Array.from(v0);
    p[i] = (p[i] as number) + H;
    m[i] = (m[i] as number) - H;
    g[i] = (f(p) - f(m)) / (2 * H);
  }
  return g;
}

function expectGradClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    expect(Math.abs((actual[i] as number) - e)).toBeLessThanOrEqual(GRAD_TOL * Math.max(1, Math.abs(e)));
  }
}

const mvnCase = fc.integer({ min: 1, max: 5 }).chain((k) =>
  fc.record({
    k: fc.constant(k),
    b: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: k * k, maxLength: k * k }),
    loc: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k, maxLength: k }),
    x: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k, maxLength: k }),
  }),
);

type MvnCase = { k: number; b: number[]; loc: number[]; x: number[] };

/** One row per way of building a multivariate normal; all score the same density. */
const MVN_FORMS: readonly {
  name: string;
  make: (c: MvnCase, cov: Float64Array) => MultivariateNormal | ReturnType<typeof multivariateNormalCholesky>;
}[] = [
  {
    name: 'covariance (array, factored once in float64)',
    make: (c, cov) => multivariateNormal(c.loc, rows(cov, c.k, c.k)),
  },
  {
    name: 'covariance (tensor, choleskyTensor)',
    make: (c, cov) => multivariateNormal(t32(c.loc), t32(cov, [c.k, c.k])),
  },
  { name: 'Cholesky (array)', make: (c, cov) => multivariateNormalCholesky(c.loc, rows(cholesky(cov, c.k), c.k, c.k)) },
  {
    name: 'Cholesky (tensor)',
    make: (c, cov) => multivariateNormalCholesky(t32(c.loc), t32(cholesky(cov, c.k), [c.k, c.k])),
  },
];

describe.each(MVN_FORMS)('MultivariateNormal, $name', ({ make }) => {
  it('log density matches the float64 formula with mathjs det and inv', () => {
    fc.assert(
      fc.property(mvnCase, (c) => {
        const cov = spd(c.k, c.b);
        const lp = scalarOf(tf.tidy(() => make(c, cov).logProb(c.x)));
        expect(Math.abs(lp - mvnRef(c.x, c.loc, cov, c.k))).toBeLessThanOrEqual(MVN_TOL);
      }),
      FC,
    );
  });
});

describe('MultivariateNormal scores', () => {
  it('w.r.t. loc, covariance (lower triangle) and value match float64 central differences', () => {
    fc.assert(
      fc.property(mvnCase, (c) => {
        const { k } = c;
        const cov = spd(k, c.b);
        const [gx, gloc, gcov] = tf.tidy(() =>
          tf
            .grads((x: tf.Tensor, loc: tf.Tensor, s: tf.Tensor) => tf.sum(multivariateNormal(loc, s).logProb(x)))([
              t32(c.x),
              t32(c.loc),
              t32(cov, [k, k]),
            ])
            .map((g) => g.dataSync()),
        ) as [Float32Array, Float32Array, Float32Array];
        expectGradClose(
          gx,
          fdGrad((v) => mvnRef(v, c.loc, cov, k), c.x),
        );
        expectGradClose(
          gloc,
          fdGrad((v) => mvnRef(c.x, v, cov, k), c.loc),
        );
        // The tensor path reads the lower triangle only, like the reference: upper entries get 0.
        expectGradClose(
          gcov,
          fdGrad((v) => mvnRef(c.x, c.loc, v, k), cov),
        );
      }),
      { ...FC, numRuns: 20 },
    );
  });

  it('w.r.t. the Cholesky factor match float64 central differences', () => {
    fc.assert(
      fc.property(mvnCase, (c) => {
        const { k } = c;
        const l = cholesky(spd(k, c.b), k);
        const covOf = (lv: Float64Array): Float64Array => {
          const low = Float64Array.from(lv, (v, i) => (i % k <= Math.floor(i / k) ? v : 0));
          return matmul(low, transpose(low, k), k);
        };
        const gl = tf.tidy(() =>
          tf
            .grad((s: tf.Tensor) => tf.sum(multivariateNormalCholesky(c.loc, s).logProb(c.x)))(t32(l, [k, k]))
            .dataSync(),
        );
        expectGradClose(
          gl,
          fdGrad((v) => mvnRef(c.x, c.loc, covOf(v), k), l),
        );
      }),
      { ...FC, numRuns: 20 },
    );
  });
});

describe('MultivariateNormal shapes', () => {
  const k = 3;
  const cov = spd(k, [0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.2, 0.9, -0.1]);
  const locs = [
    [0, 1, -1],
    [0.5, 0.5, 0.5],
  ];
  const data = [
    [1, 0, 0],
    [0, 2, 1],
    [-1, 1, 0.5],
    [0.3, -0.3, 2],
  ];

  it('loc [N, 1, k] against data [n, k] gives [N, n] (concrete and tensor covariance)', () => {
    for (const covArg of [rows(cov, k, k), t32(cov, [k, k])]) {
      const lp = tf.tidy(() => multivariateNormal(t32(locs.flat(), [2, 1, k]), covArg).logProb(data));
      expect(lp.shape).toEqual([2, 4]);
      const out = lp.arraySync() as number[][];
      lp.dispose();
      locs.forEach((loc, i) =>
        data.forEach((x, j) => expect(Math.abs(out[i]![j]! - mvnRef(x, loc, cov, k))).toBeLessThanOrEqual(MVN_TOL)),
      );
    }
  });

  it('a batch of covariances [N, 1, k, k] against data [n, k] gives [N, n]', () => {
    const covs = [cov, cov.map((v) => 2 * v)];
    const lp = tf.tidy(() =>
      multivariateNormal([0, 0, 0], t32([...covs[0]!, ...covs[1]!], [2, 1, k, k])).logProb(data),
    );
    expect(lp.shape).toEqual([2, 4]);
    const out = lp.arraySync() as number[][];
    lp.dispose();
    covs.forEach((s, i) =>
      data.forEach((x, j) => expect(Math.abs(out[i]![j]! - mvnRef(x, [0, 0, 0], s, k))).toBeLessThanOrEqual(MVN_TOL)),
    );
  });

  it('loc [N, k] pairs with data [N, k] row by row; [N, k] against [n, k] (N != n) throws ShapeMismatchError', () => {
    const d = multivariateNormal(locs, rows(cov, k, k));
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([3]);
    const lp = tf.tidy(() => d.logProb(data.slice(0, 2)));
    expect(lp.shape).toEqual([2]);
    lp.dispose();
    expect(() => d.logProb(data)).toThrow(ShapeMismatchError);
    expect(() => d.logProb([1, 2])).toThrow(ShapeMismatchError);
  });
});

describe('MultivariateNormal sampler', () => {
  it('matches the mean (5 SE) and the covariance (5 Wishart SE) for a batch of means', () => {
    const k = 3;
    const cov = spd(k, [0.9, -0.4, 0.5, 0.1, 0.8, -0.6, 0.2, 0.3, -0.7]);
    const locs = [
      [1, -2, 0.5],
      [0, 0, 10],
    ];
    const n = 20000;
    for (const d of [
      multivariateNormal(locs, rows(cov, k, k)),
      multivariateNormalCholesky(locs, rows(cholesky(cov, k), k, k)),
    ]) {
      const draws = d.sample(new Rng(SEED), [n]);
      expect(draws.shape).toEqual([n, 2, k]);
      expectCloseArray(d.covariance().data.slice(0, 9), cov, 1e-12);
      for (let b = 0; b < 2; b++) {
        const mean = new Float64Array(k);
        for (let s = 0; s < n; s++)
          for (let i = 0; i < k; i++) mean[i] = mean[i]! + draws.data[(s * 2 + b) * k + i]! / n;
        for (let i = 0; i < k; i++)
          expect(Math.abs(mean[i]! - locs[b]![i]!)).toBeLessThanOrEqual(5 * Math.sqrt(cov[i * k + i]! / n));
        for (let i = 0; i < k; i++) {
          for (let j = 0; j <= i; j++) {
            let c = 0;
            for (let s = 0; s < n; s++) {
              const o = (s * 2 + b) * k;
              c += (draws.data[o + i]! - mean[i]!) * (draws.data[o + j]! - mean[j]!);
            }
            c /= n - 1;
            const sij = cov[i * k + j]!;
            const se = Math.sqrt((cov[i * k + i]! * cov[j * k + j]! + sij * sij) / n);
            expect(Math.abs(c - sij)).toBeLessThanOrEqual(5 * se);
          }
        }
      }
    }
  });
});

function expectCloseArray(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThanOrEqual(tol);
}

const dirCase = fc.integer({ min: 2, max: 6 }).chain((K) =>
  fc.record({
    alpha: fc.array(fc.double({ min: 0.3, max: 20, noNaN: true }), { minLength: K, maxLength: K }),
    w: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: K, maxLength: K }),
  }),
);
const normalise = (w: number[]): number[] => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
};

describe('Dirichlet', () => {
  it('log density matches the closed form', () => {
    fc.assert(
      fc.property(dirCase, ({ alpha, w }) => {
        const x = normalise(w);
        const lp = scalarOf(tf.tidy(() => dirichlet(alpha).logProb(x)));
        expect(Math.abs(lp - dirichletRef(x, alpha))).toBeLessThanOrEqual(DIR_TOL);
      }),
      FC,
    );
  });

  it('scores w.r.t. concentration and value match float64 central differences', () => {
    fc.assert(
      fc.property(dirCase, ({ alpha, w }) => {
        const x = normalise(w);
        const [gx, ga] = tf.tidy(() =>
          tf
            .grads((xt: tf.Tensor, at: tf.Tensor) => tf.sum(dirichlet(at).logProb(xt)))([t32(x), t32(alpha)])
            .map((g) => g.dataSync()),
        ) as [Float32Array, Float32Array];
        // The density as a function on R^K (no simplex projection), as the log density is written.
        expectGradClose(
          gx,
          fdGrad((v) => dirichletRef(v, alpha), x),
        );
        expectGradClose(
          ga,
          fdGrad((v) => dirichletRef(x, v), alpha),
        );
      }),
      { ...FC, numRuns: 20 },
    );
  });

  it('concentration [N, 1, K] against data [n, K] gives [N, n]', () => {
    const alphas = [
      [1, 2, 3],
      [0.5, 0.5, 4],
    ];
    const xs = [
      [0.2, 0.3, 0.5],
      [0.6, 0.1, 0.3],
      [0.1, 0.1, 0.8],
    ];
    const d = new Dirichlet(t32(alphas.flat(), [2, 1, 3]));
    expect(d.batchShape).toEqual([2, 1]);
    expect(d.eventShape).toEqual([3]);
    const lp = tf.tidy(() => d.logProb(xs));
    expect(lp.shape).toEqual([2, 3]);
    const out = lp.arraySync() as number[][];
    lp.dispose();
    alphas.forEach((a, i) =>
      xs.forEach((x, j) => expect(Math.abs(out[i]![j]! - dirichletRef(x, a))).toBeLessThanOrEqual(DIR_TOL)),
    );
  });

  it('sampler: simplex draws, component means within 5 SE (including tiny concentrations)', () => {
    const n = 20000;
    for (const alpha of [
      [2, 3, 5],
      [0.05, 0.1, 0.2, 0.01],
    ]) {
      const d = dirichlet(alpha);
      const draws = d.sample(new Rng(SEED), [n]);
      const K = alpha.length;
      expect(draws.shape).toEqual([n, K]);
      const mean = d.mean().data;
      const variance = d.variance().data;
      const m = new Float64Array(K);
      let minEntry = Infinity;
      let sumError = 0;
      for (let s = 0; s < n; s++) {
        let total = 0;
        for (let i = 0; i < K; i++) {
          const v = draws.data[s * K + i]!;
          minEntry = Math.min(minEntry, v);
          total += v;
          m[i] = m[i]! + v / n;
        }
        sumError = Math.max(sumError, Math.abs(total - 1));
      }
      expect(minEntry).toBeGreaterThanOrEqual(0);
      expect(sumError).toBeLessThan(1e-12);
      for (let i = 0; i < K; i++)
        expect(Math.abs(m[i]! - mean[i]!)).toBeLessThanOrEqual(5 * Math.sqrt(variance[i]! / n));
    }
  });
});

describe('LKJCholesky', () => {
  const etaArb = fc.double({ min: 0.3, max: 6, noNaN: true });

  it('K = 2: the density of r = L_21 is the normalised (1 - r^2)^(eta - 1) / B(1/2, eta)', () => {
    // L = [[1, 0], [r, sqrt(1 - r^2)]]: the free coordinate is L_21 = r, so
    // |dL_21/dr| = 1 and p(L) must equal the density of r itself.
    fc.assert(
      fc.property(etaArb, fc.double({ min: -0.98, max: 0.98, noNaN: true }), (eta, r) => {
        const l = [
          [1, 0],
          [r, Math.sqrt(1 - r * r)],
        ];
        const lp = scalarOf(tf.tidy(() => lkjCholesky(2, eta).logProb(l)));
        const ref = (eta - 1) * Math.log(1 - r * r) - logBeta(0.5, eta);
        expect(Math.abs(lp - ref)).toBeLessThanOrEqual(LKJ_TOL);
      }),
      FC,
    );
  });

  it('K = 2: the density integrates to one over r in (-1, 1) (eta >= 1, midpoint rule)', () => {
    for (const eta of [1, 1.5, 3]) {
      const m = 2000;
      const rs = Array.from({ length: m }, (_, i) => -1 + (2 * (i + 0.5)) / m);
      const ls = rs.flatMap((r) => [1, 0, r, Math.sqrt(1 - r * r)]);
      const lp = tf.tidy(() =>
        lkjCholesky(2, eta)
          .logProb(t32(ls, [m, 2, 2]))
          .dataSync(),
      );
      let integral = 0;
      for (const v of lp) integral += (Math.exp(v) * 2) / m;
      expect(Math.abs(integral - 1)).toBeLessThan(2e-3);
    }
  });

  it('K = 3, 4: log density matches a float64 implementation of Stan lkj_corr_cholesky_lpdf', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 4 }),
        etaArb,
        fc.array(fc.double({ min: -0.95, max: 0.95, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (K, eta, z) => {
          const l = corrCholesky(K, z);
          const lp = scalarOf(tf.tidy(() => lkjCholesky(K, eta).logProb(t32(l, [K, K]))));
          expect(Math.abs(lp - lkjRef(l, eta, K))).toBeLessThanOrEqual(LKJ_TOL);
        },
      ),
      FC,
    );
  });

  it("normalising constant: eta = 1 agrees with Stan's closed form for the uniform case", () => {
    // Stan's eta == 1 branch, K = 3: -(1/4 (K^2 - 1) log pi - 1/4 (K-1)^2 log 2 - (K-1) lgamma((K+1)/2)), numerator empty.
    const K = 3;
    const c = -(
      0.25 * (K * K - 1) * Math.log(Math.PI) -
      0.25 * (K - 1) ** 2 * Math.log(2) -
      (K - 1) * logGamma(0.5 * (K + 1))
    );
    expect(Math.abs(lkjLogConstant(1, K) - c)).toBeLessThan(1e-12);
    // K = 4 (even): -(lgamma(2)) - (1/4 K (K-2) log pi + 1/4 (3K^2 - 4K) log 2 + K lgamma(K/2) - (K-1) lgamma(K)).
    const K4 = 4;
    const c4 =
      -logGamma(2) -
      (0.25 * K4 * (K4 - 2) * Math.log(Math.PI) +
        0.25 * (3 * K4 * K4 - 4 * K4) * Math.log(2) +
        K4 * logGamma(K4 / 2) -
        (K4 - 1) * logGamma(K4));
    expect(Math.abs(lkjLogConstant(1, K4) - c4)).toBeLessThan(1e-12);
  });

  it('scores w.r.t. eta and L match float64 central differences; eta [N, 1] against L [n, K, K] gives [N, n]', () => {
    fc.assert(
      fc.property(
        etaArb,
        fc.array(fc.double({ min: -0.9, max: 0.9, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (eta, z) => {
          const K = 3;
          const l = corrCholesky(K, z);
          const [ge, gl] = tf.tidy(() =>
            tf
              .grads((e: tf.Tensor, lt: tf.Tensor) => tf.sum(lkjCholesky(K, e).logProb(lt)))([
                tf.scalar(eta),
                t32(l, [K, K]),
              ])
              .map((g) => g.dataSync()),
          ) as [Float32Array, Float32Array];
          expectGradClose(
            ge,
            fdGrad((v) => lkjRef(l, v[0]!, K), [eta]),
          );
          expectGradClose(
            gl,
            fdGrad((v) => lkjRef(v, eta, K), l),
          );
        },
      ),
      { ...FC, numRuns: 20 },
    );
    const etas = [0.5, 2];
    const ls = [corrCholesky(3, [0.1, 0.2, 0.3]), corrCholesky(3, [-0.5, 0.4, 0.1]), corrCholesky(3, [0, 0, 0])];
    const d = new LKJCholesky(3, t32(etas, [2, 1]));
    expect(d.eventShape).toEqual([3, 3]);
    const lp = tf.tidy(() =>
      d.logProb(
        t32(
          ls.flatMap((l) => Array.from(l)),
          [3, 3, 3],
        ),
      ),
    );
    expect(lp.shape).toEqual([2, 3]);
    const out = lp.arraySync() as number[][];
    lp.dispose();
    etas.forEach((e, i) =>
      ls.forEach((l, j) => expect(Math.abs(out[i]![j]! - lkjRef(l, e, 3))).toBeLessThanOrEqual(LKJ_TOL)),
    );
  });

  it('sampler: lower-triangular unit-row factors; K = 2 mean of r^2 is 1 / (2 eta + 1); K = 4 off-diagonal E[Omega_ij^2] = 1 / (2 eta + K - 1)', () => {
    const n = 20000;
    for (const eta of [0.5, 1, 4]) {
      for (const K of [2, 4]) {
        const draws = lkjCholesky(K, eta).sample(new Rng(SEED), [n]);
        expect(draws.shape).toEqual([n, K, K]);
        // Every off-diagonal Omega_ij is marginally 2 Beta(eta - 1 + K/2, same) - 1: E[Omega_ij^2] = 1 / (2 eta + K - 1).
        const target = 1 / (2 * eta + K - 1);
        const sums = new Float64Array(K * K);
        const sq = new Float64Array(K * K);
        // Largest violations of the support, checked once after the loop (expect() per entry is slow).
        let upper = 0;
        let rowNorm = 0;
        let minDiag = Infinity;
        for (let s = 0; s < n; s++) {
          const o = s * K * K;
          for (let i = 0; i < K; i++) {
            let norm = 0;
            for (let j = 0; j < K; j++) {
              const v = draws.data[o + i * K + j]!;
              if (j > i) upper = Math.max(upper, Math.abs(v));
              norm += v * v;
            }
            rowNorm = Math.max(rowNorm, Math.abs(norm - 1));
            minDiag = Math.min(minDiag, draws.data[o + i * K + i]!);
            for (let j = 0; j < i; j++) {
              let omega = 0;
              for (let p = 0; p <= j; p++) omega += draws.data[o + i * K + p]! * draws.data[o + j * K + p]!;
              sums[i * K + j] = sums[i * K + j]! + (omega * omega) / n;
              sq[i * K + j] = sq[i * K + j]! + omega ** 4 / n;
            }
          }
        }
        expect(upper).toBe(0);
        expect(rowNorm).toBeLessThan(1e-12);
        expect(minDiag).toBeGreaterThan(0);
        for (let i = 1; i < K; i++) {
          for (let j = 0; j < i; j++) {
            const m = sums[i * K + j]!;
            const se = Math.sqrt((sq[i * K + j]! - m * m) / n);
            expect(Math.abs(m - target)).toBeLessThanOrEqual(5 * se);
          }
        }
      }
    }
  });
});

describe('argument validation', () => {
  const CASES: readonly { name: string; make: () => unknown; distribution: string; argument: string }[] = [
    {
      name: 'non-SPD covariance',
      make: () =>
        multivariateNormal(
          [0, 0],
          [
            [1, 2],
            [2, 1],
          ],
        ),
      distribution: 'MultivariateNormal',
      argument: 'covariance',
    },
    {
      name: 'non-symmetric covariance',
      make: () =>
        multivariateNormal(
          [0, 0],
          [
            [2, 1],
            [0, 2],
          ],
        ),
      distribution: 'MultivariateNormal',
      argument: 'covariance',
    },
    {
      name: 'covariance of the wrong size',
      make: () =>
        multivariateNormal(
          [0, 0, 0],
          [
            [1, 0],
            [0, 1],
          ],
        ),
      distribution: 'MultivariateNormal',
      argument: 'covariance',
    },
    {
      name: 'non-finite loc',
      make: () =>
        multivariateNormal(
          [0, Number.NaN],
          [
            [1, 0],
            [0, 1],
          ],
        ),
      distribution: 'MultivariateNormal',
      argument: 'loc',
    },
    {
      name: 'scaleTril with an upper entry',
      make: () =>
        multivariateNormalCholesky(
          [0, 0],
          [
            [1, 0.5],
            [0, 1],
          ],
        ),
      distribution: 'MultivariateNormalCholesky',
      argument: 'scaleTril',
    },
    {
      name: 'scaleTril with a zero diagonal',
      make: () =>
        multivariateNormalCholesky(
          [0, 0],
          [
            [1, 0],
            [0.5, 0],
          ],
        ),
      distribution: 'MultivariateNormalCholesky',
      argument: 'scaleTril',
    },
    {
      name: 'zero Dirichlet concentration',
      make: () => dirichlet([1, 0, 2]),
      distribution: 'Dirichlet',
      argument: 'concentration',
    },
    {
      name: 'negative LKJ concentration',
      make: () => lkjCholesky(3, -1),
      distribution: 'LKJCholesky',
      argument: 'concentration',
    },
    {
      name: 'zero LKJ concentration',
      make: () => lkjCholesky(3, 0),
      distribution: 'LKJCholesky',
      argument: 'concentration',
    },
    { name: 'LKJ dimension 0', make: () => lkjCholesky(0, 1), distribution: 'LKJCholesky', argument: 'dimension' },
  ];
  it.each(CASES)('$name throws DistributionArgumentError naming the argument', ({ make, distribution, argument }) => {
    expectArgumentError(make, distribution, argument);
  });

  it('the non-SPD message names the failing Cholesky pivot', () => {
    expect(() =>
      multivariateNormal(
        [0, 0],
        [
          [1, 2],
          [2, 1],
        ],
      ),
    ).toThrow(/pivot 1/);
  });
});
