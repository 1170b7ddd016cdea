// Closed-form Gaussian theory: KL, the Bregman divergence D of the mirror
// functional, the exact mirror and primal steps, on random instances.
//
// Instances: dimension 1..8, covariances and potentials from randomSpd with
// condition number <= 100 and a random overall scale, all from a fast-check
// seed through Rng. Tolerances: closed forms are compared with one another
// to round-off (1e-8 relative: the inputs' condition numbers, <= 1e4 for
// A^2, cost at most ~4 digits of the 16); Monte Carlo estimates (4000 draws,
// fixed seeds) to 5 standard errors.
import * as fc from 'fast-check';
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  cholesky,
  inverseSpd,
  matmul,
  minEigenvalue,
  symmetricEigen,
  symmetricSqrt,
  transpose,
} from '../../src/math/linalg.js';
import {
  bregmanDivergence,
  exactMirrorStep,
  exactPrimalStep,
  gaussianElbo,
  gaussianEntropy,
  gaussianKl,
  klOptimalGaussian,
  quadraticPotentialKl,
  quadraticPushforward,
  randomSpd,
  type GaussianTarget,
  type QuadraticPotential,
} from '../../src/theory/index.js';

const FC = { seed: 20261128, numRuns: 30 };
const REL = 1e-8;
const MC_DRAWS = 4000;

interface Instance {
  d: number;
  rng: Rng;
}

const instance = fc
  .record({ d: fc.integer({ min: 1, max: 8 }), seed: fc.integer({ min: 0, max: 2 ** 31 }) })
  .map(({ d, seed }): Instance => ({ d, rng: new Rng(seed) }));

/** Condition number log-uniform in [1, 100]. */
function kappa(rng: Rng): number {
  return Math.exp(rng.uniform() * Math.log(100));
}

/** Overall scale log-normal around 1. */
function scale(rng: Rng): number {
  return Math.exp(0.7 * rng.normal());
}

function randomPotential(rng: Rng, d: number): QuadraticPotential {
  return { A: randomSpd(rng, d, kappa(rng), scale(rng)), b: rng.normals(d).map((x) => 2 * x) };
}

function randomTarget(rng: Rng, d: number): GaussianTarget {
  return { m: rng.normals(d).map((x) => 3 * x), S: randomSpd(rng, d, kappa(rng), scale(rng)) };
}

function identity(d: number, c = 1): Float64Array {
  const eye = new Float64Array(d * d);
  for (let i = 0; i < d; i++) eye[i * d + i] = c;
  return eye;
}

function trace(a: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[i * d + i] as number;
  return s;
}

function quad(a: Float64Array, x: Float64Array, y: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) s += (x[i] as number) * (a[i * d + j] as number) * (y[j] as number);
  return s;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < a.length; i++) r = Math.max(r, Math.abs((a[i] as number) - (b[i] as number)));
  return r;
}

function maxAbs(a: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < a.length; i++) r = Math.max(r, Math.abs(a[i] as number));
  return r;
}

/** Gaussian log density through mathjs (independent of the code under test). */
function logDensityFn(m: Float64Array, S: Float64Array, d: number): (y: Float64Array) => number {
  const rows = Array.from({ length: d }, (_, i) => Array.from(S.subarray(i * d, (i + 1) * d)));
  const prec = Float64Array.from((math.inv(rows) as number[][]).flat());
  const logDet = Math.log(math.det(rows) as number);
  const c = -0.5 * (d * Math.log(2 * Math.PI) + logDet);
  return (y) => {
    const r = y.map((v, i) => v - (m[i] as number));
    return c - 0.5 * quad(prec, r, r, d);
  };
}

/** Mean and standard error of f over MC_DRAWS standard normal draws x (length d). */
function monteCarlo(rng: Rng, d: number, f: (x: Float64Array) => number): { mean: number; se: number } {
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < MC_DRAWS; k++) {
    const v = f(rng.normals(d));
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / MC_DRAWS;
  const variance = Math.max(sum2 / MC_DRAWS - mean * mean, 0) * (MC_DRAWS / (MC_DRAWS - 1));
  return { mean, se: Math.sqrt(variance / MC_DRAWS) };
}

function expectThrowsNotPd(f: () => unknown): void {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(NumericalError);
  expect((caught as NumericalError).issue).toBe('not-positive-definite');
}

describe('Gaussian KL', () => {
  it('KL >= 0, KL(p || p) = 0, and a pure mean shift gives delta S^{-1} delta / 2', () => {
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const p = randomTarget(rng, d);
        const q = randomTarget(rng, d);
        expect(gaussianKl(p.m, p.S, q.m, q.S, d)).toBeGreaterThan(0);
        expect(gaussianKl(q.m, q.S, p.m, p.S, d)).toBeGreaterThan(0);
        expect(gaussianKl(p.m, p.S, p.m, p.S, d)).toBeLessThanOrEqual(1e-12 * d);
        const shifted = p.m.map((v, i) => v + (q.m[i] as number));
        const expected = 0.5 * quad(inverseSpd(p.S, d), q.m, q.m, d);
        const kl = gaussianKl(shifted, p.S, p.m, p.S, d);
        expect(Math.abs(kl - expected)).toBeLessThanOrEqual(REL * Math.max(1, expected));
      }),
      FC,
    );
  });

  it('matches a Monte Carlo estimate of E_p[log p - log q] (5 standard errors)', () => {
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const p = randomTarget(rng, d);
        const q = randomTarget(rng, d);
        const lp = logDensityFn(p.m, p.S, d);
        const lq = logDensityFn(q.m, q.S, d);
        const l = cholesky(p.S, d);
        const { mean, se } = monteCarlo(rng, d, (z) => {
          const y = matmul(l, z, d, d, 1).map((v, i) => v + (p.m[i] as number));
          return lp(y) - lq(y);
        });
        expect(Math.abs(gaussianKl(p.m, p.S, q.m, q.S, d) - mean)).toBeLessThanOrEqual(5 * se);
      }),
      FC,
    );
  });

  it('quadraticPotentialKl(A, b, m, S) = KL(N(b, A^2) || N(m, S)), zero at klOptimalGaussian', () => {
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const u = randomPotential(rng, d);
        const t = randomTarget(rng, d);
        const q = quadraticPushforward(u, d);
        expect(Array.from(q.m)).toEqual(Array.from(u.b));
        expect(maxAbsDiff(q.S, matmul(u.A, u.A, d))).toBeLessThanOrEqual(1e-12 * maxAbs(q.S));
        const kl = quadraticPotentialKl(u.A, u.b, t.m, t.S, d);
        expect(Math.abs(kl - gaussianKl(q.m, q.S, t.m, t.S, d))).toBeLessThanOrEqual(REL * Math.max(1, kl));
        expect(Math.abs(gaussianElbo(u, t, d, 2.5) - (2.5 - kl))).toBeLessThanOrEqual(1e-12 * Math.max(1, kl));
        const opt = klOptimalGaussian(t.m, t.S, d);
        expect(quadraticPotentialKl(opt.A, opt.b, t.m, t.S, d)).toBeLessThanOrEqual(1e-10);
        expect(gaussianElbo(opt, t, d)).toBeGreaterThanOrEqual(-1e-10);
      }),
      FC,
    );
  });

  it('gaussianEntropy(A) = log det A + d/2 (1 + log 2 pi)', () => {
    expect(gaussianEntropy(Float64Array.from([2]), 1)).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 4), 14);
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const u = randomPotential(rng, d);
        const rows = Array.from({ length: d }, (_, i) => Array.from(u.A.subarray(i * d, (i + 1) * d)));
        const expected = Math.log(math.det(rows) as number) + 0.5 * d * (1 + Math.log(2 * Math.PI));
        expect(Math.abs(gaussianEntropy(u.A, d) - expected)).toBeLessThanOrEqual(
          1e-10 * Math.max(1, Math.abs(expected)),
        );
      }),
      FC,
    );
  });
});

describe('Bregman divergence D(nu || mu) of Phi = W2^2(rho, .)/2', () => {
  it('D >= 0, D(u || u) = 0, and D is not symmetric', () => {
    let asymmetric = 0;
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const nu = randomPotential(rng, d);
        const mu = randomPotential(rng, d);
        const dNuMu = bregmanDivergence(nu, mu, d);
        expect(dNuMu).toBeGreaterThan(0);
        expect(bregmanDivergence(mu, mu, d)).toBe(0);
        const dMuNu = bregmanDivergence(mu, nu, d);
        if (Math.abs(dNuMu - dMuNu) > 1e-6 * dNuMu) asymmetric++;
      }),
      FC,
    );
    expect(asymmetric).toBeGreaterThan(0);
  });

  it('equals its exact expectation tr(A_mu)/2 + tr(A_nu P_mu A_nu)/2 - tr(A_nu) + (b_nu - b_mu)P_mu(b_nu - b_mu)/2', () => {
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const nu = randomPotential(rng, d);
        const mu = randomPotential(rng, d);
        const p = inverseSpd(mu.A, d);
        const db = nu.b.map((v, i) => v - (mu.b[i] as number));
        const terms = [
          trace(mu.A, d) / 2,
          trace(matmul(nu.A, matmul(p, nu.A, d), d), d) / 2,
          -trace(nu.A, d),
          quad(p, db, db, d) / 2,
        ];
        const expected = terms.reduce((s, v) => s + v, 0);
        const scale = terms.reduce((s, v) => s + Math.abs(v), 0);
        expect(Math.abs(bregmanDivergence(nu, mu, d) - expected)).toBeLessThanOrEqual(REL * scale);
      }),
      FC,
    );
  });

  it('matches a Monte Carlo Fenchel-Young gap E_rho[u_mu(x) + u_mu*(grad u_nu(x)) - <x, grad u_nu(x)>]', () => {
    // Far pairs (independent draws) and near pairs (nu a perturbation of mu).
    // The integrand is a pointwise Fenchel-Young gap, >= 0, so its spread
    // scales with D: near pairs make the estimate sharp enough to reject a
    // wrong additive constant (checked below with the mistake D + d/2).
    fc.assert(
      fc.property(instance, fc.boolean(), ({ d, rng }, near) => {
        const mu = randomPotential(rng, d);
        let nu = randomPotential(rng, d);
        if (near) {
          const lmin = minEigenvalue(mu.A, d);
          const e = randomSpd(rng, d, 4); // eigenvalues in [1, 4]
          nu = {
            A: mu.A.map((v, i) => v + 0.1 * lmin * ((e[i] as number) - 2 * (identity(d)[i] as number))),
            b: mu.b.map((v) => v + 0.3 * Math.sqrt(lmin) * rng.normal()),
          };
        }
        const p = inverseSpd(mu.A, d);
        let minIntegrand = Infinity;
        const { mean, se } = monteCarlo(rng, d, (x) => {
          const y = matmul(nu.A, x, d, d, 1).map((v, i) => v + (nu.b[i] as number)); // grad u_nu(x)
          const uMu = 0.5 * quad(mu.A, x, x, d) + dot(mu.b, x); // u_mu(x) = x'A_mu x/2 + b_mu'x
          const r = y.map((v, i) => v - (mu.b[i] as number));
          const uMuStar = 0.5 * quad(p, r, r, d); // u_mu*(y) = (y - b_mu)'P_mu(y - b_mu)/2
          const gap = uMu + uMuStar - dot(x, y);
          minIntegrand = Math.min(minIntegrand, gap / (Math.abs(uMu) + uMuStar + Math.abs(dot(x, y)) + 1));
          return gap;
        });
        expect(minIntegrand).toBeGreaterThanOrEqual(-1e-12);
        const divergence = bregmanDivergence(nu, mu, d);
        expect(Math.abs(divergence - mean)).toBeLessThanOrEqual(5 * se);
        if (near) expect(Math.abs(divergence + d / 2 - mean)).toBeGreaterThan(5 * se);
      }),
      FC,
    );
  });
});

/** Terms of the sharp per-step identity of ALGORITHM.md section 3 for one step q_k -> q_{k+1}. */
function identityTerms(
  qk: QuadraticPotential,
  next: QuadraticPotential,
  nu: QuadraticPotential,
  t: GaussianTarget,
  eta: number,
  d: number,
  divergence: (a: QuadraticPotential, b: QuadraticPotential, d: number) => number = bregmanDivergence,
): { lhs: number; rhs: number; scale: number; lossGap: number } {
  const f = (u: QuadraticPotential): number => quadraticPotentialKl(u.A, u.b, t.m, t.S, d);
  const nuG = quadraticPushforward(nu, d);
  const qG = quadraticPushforward(qk, d);
  const klNuQ = gaussianKl(nuG.m, nuG.S, qG.m, qG.S, d);
  const fq = f(qk);
  const fnu = f(nu);
  const d1 = divergence(nu, qk, d);
  const d2 = divergence(nu, next, d);
  const d3 = divergence(qk, next, d);
  return {
    lhs: eta * (fq - fnu + klNuQ),
    rhs: d1 - d2 + d3,
    scale: eta * (fq + fnu + klNuQ) + d1 + d2 + d3,
    lossGap: d1 - d2 + d3 - eta * (fq - fnu),
  };
}

describe('exact mirror step', () => {
  it('satisfies eta [F(q_k) - F(nu) + KL(nu|q_k)] = D(nu||q_k) - D(nu||q_{k+1}) + D(q_k||q_{k+1}) to round-off', () => {
    fc.assert(
      fc.property(
        instance,
        fc.boolean(),
        fc.double({ min: 0.01, max: 0.95, noNaN: true }),
        ({ d, rng }, nuIsPi, frac) => {
          const t = randomTarget(rng, d);
          const qk = randomPotential(rng, d);
          const nu = nuIsPi ? klOptimalGaussian(t.m, t.S, d) : randomPotential(rng, d);
          const eta = frac * minEigenvalue(qk.A, d); // eta < 1/lambda_max(P_k): P_{k+1} stays SPD
          const next = exactMirrorStep(qk, t, eta, d);
          const { lhs, rhs, scale, lossGap } = identityTerms(qk, next, nu, t, eta, d);
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(REL * scale);
          // Hence the per-step inequality eta [F(q_k) - F(nu)] <= D(nu||q_k) - D(nu||q_{k+1}) + D(q_k||q_{k+1}).
          expect(lossGap).toBeGreaterThanOrEqual(-REL * scale);
        },
      ),
      FC,
    );
  });

  it('the convention matters: with the arguments of D swapped the identity fails', () => {
    const rng = new Rng(3);
    const d = 3;
    const t = randomTarget(rng, d);
    const qk = randomPotential(rng, d);
    const nu = randomPotential(rng, d);
    const eta = 0.5 * minEigenvalue(qk.A, d);
    const next = exactMirrorStep(qk, t, eta, d);
    const swapped = identityTerms(qk, next, nu, t, eta, d, (a, b, dd) => bregmanDivergence(b, a, dd));
    expect(Math.abs(swapped.lhs - swapped.rhs)).toBeGreaterThan(1e-3 * swapped.scale);
  });

  it('satisfies the regret bound sum_k eta [F(q_k) - F(pi)] <= D(pi||q_0) + sum_k D(q_k||q_{k+1})', () => {
    fc.assert(
      fc.property(instance, ({ d, rng }) => {
        const t = randomTarget(rng, d);
        const pi = klOptimalGaussian(t.m, t.S, d);
        const q0 = randomPotential(rng, d);
        let q = q0;
        let regret = 0;
        let bound = bregmanDivergence(pi, q0, d);
        for (let k = 0; k < 20; k++) {
          const eta = 0.5 * minEigenvalue(q.A, d);
          const next = exactMirrorStep(q, t, eta, d);
          regret += eta * quadraticPotentialKl(q.A, q.b, t.m, t.S, d);
          bound += bregmanDivergence(q, next, d);
          q = next;
        }
        expect(regret).toBeLessThanOrEqual(bound * (1 + REL));
      }),
      FC,
    );
  });

  it('has the fixed point (S^{1/2}, m) and converges there for eta below the smallest target sd', () => {
    checkFixedPointAndConvergence(exactMirrorStep);
  });

  it('throws not-positive-definite when the step is too large, RangeError on bad input', () => {
    const t: GaussianTarget = { m: Float64Array.from([0]), S: Float64Array.from([1]) };
    // P = 10: P_{k+1} = 10 + 0.5 (1 - 100) < 0.
    expectThrowsNotPd(() => exactMirrorStep({ A: Float64Array.from([0.1]), b: Float64Array.from([0]) }, t, 0.5, 1));
    const u = { A: Float64Array.from([1]), b: Float64Array.from([0]) };
    expect(() => exactMirrorStep(u, t, 0, 1)).toThrow(RangeError);
    expect(() => exactMirrorStep(u, t, Number.NaN, 1)).toThrow(RangeError);
    expect(() => exactMirrorStep(u, t, 0.1, 2)).toThrow(RangeError);
  });
});

describe('exact primal step', () => {
  it('has the same fixed point (S^{1/2}, m) and converges there from a narrow start', () => {
    checkFixedPointAndConvergence(exactPrimalStep);
  });

  it('agrees with the mirror step to first order in eta', () => {
    const rng = new Rng(11);
    const d = 4;
    const t = randomTarget(rng, d);
    const u = randomPotential(rng, d);
    const gap = (eta: number): number => {
      const a = exactMirrorStep(u, t, eta, d);
      const b = exactPrimalStep(u, t, eta, d);
      return maxAbsDiff(a.A, b.A) + maxAbsDiff(a.b, b.b);
    };
    const h = 1e-3 * minEigenvalue(u.A, d);
    // O(eta^2): halving eta divides the gap by ~4.
    expect(gap(h) / gap(h / 2)).toBeGreaterThan(3.5);
    expect(gap(h) / gap(h / 2)).toBeLessThan(4.5);
  });

  it('throws not-positive-definite when q is too wide for the step', () => {
    const t: GaussianTarget = { m: Float64Array.from([0]), S: Float64Array.from([1]) };
    // A = 10: A_{k+1} = 10 + 0.5 (1 - 100) < 0.
    expectThrowsNotPd(() => exactPrimalStep({ A: Float64Array.from([10]), b: Float64Array.from([0]) }, t, 0.5, 1));
  });
});

describe('randomSpd', () => {
  it('is symmetric with eigenvalues log-spaced from scale to scale * kappa', () => {
    fc.assert(
      fc.property(instance, fc.double({ min: 1, max: 100, noNaN: true }), ({ d, rng }, k) => {
        const c = scale(rng);
        const s = randomSpd(rng, d, k, c);
        expect(Array.from(s)).toEqual(Array.from(transpose(s, d)));
        const { values } = symmetricEigen(s, d);
        for (let i = 0; i < d; i++) {
          const expected = d === 1 ? c : c * Math.pow(k, i / (d - 1));
          expect(Math.abs((values[i] as number) - expected)).toBeLessThanOrEqual(1e-12 * c * k);
        }
        // The symmetric root squares back.
        const r = symmetricSqrt(s, d);
        expect(maxAbsDiff(matmul(r, r, d), s)).toBeLessThanOrEqual(1e-12 * c * k);
      }),
      FC,
    );
  });

  it('is reproducible from the seed and rejects bad arguments', () => {
    expect(randomSpd(new Rng(5), 4, 10)).toEqual(randomSpd(new Rng(5), 4, 10));
    expect(() => randomSpd(new Rng(5), 4, 0.5)).toThrow(RangeError);
    expect(() => randomSpd(new Rng(5), 0, 2)).toThrow(RangeError);
    expect(() => randomSpd(new Rng(5), 2, 2, -1)).toThrow(RangeError);
  });
});

/**
 * A step has the fixed point (S^{1/2}, m) and converges there (KL < 1e-10)
 * from A = sqrt(c) I, b = 0 with eta half the smallest target sd.
 */
function checkFixedPointAndConvergence(
  step: (u: QuadraticPotential, t: GaussianTarget, eta: number, d: number) => QuadraticPotential,
): void {
  fc.assert(
    fc.property(instance, ({ d, rng }) => {
      const c = scale(rng);
      const t: GaussianTarget = { m: rng.normals(d).map((x) => 3 * x), S: randomSpd(rng, d, kappa(rng), c) };
      const opt = klOptimalGaussian(t.m, t.S, d);
      const fixed = step(opt, t, 0.5, d);
      expect(maxAbsDiff(fixed.A, opt.A)).toBeLessThanOrEqual(1e-10 * maxAbs(opt.A));
      expect(maxAbsDiff(fixed.b, opt.b)).toBeLessThanOrEqual(1e-10 * Math.max(1, maxAbs(opt.b)));
      // Smallest target sd: sqrt(c) (randomSpd's smallest eigenvalue is c).
      const eta = 0.5 * Math.sqrt(c);
      let u: QuadraticPotential = { A: identity(d, Math.sqrt(c)), b: new Float64Array(d) };
      let kl = quadraticPotentialKl(u.A, u.b, t.m, t.S, d);
      let steps = 0;
      while (kl >= 1e-10 && steps < 3000) {
        u = step(u, t, eta, d);
        kl = quadraticPotentialKl(u.A, u.b, t.m, t.S, d);
        steps++;
      }
      expect(kl).toBeLessThan(1e-10);
      expect(maxAbsDiff(u.A, opt.A)).toBeLessThanOrEqual(1e-4 * maxAbs(opt.A));
    }),
    FC,
  );
}
