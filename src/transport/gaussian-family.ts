/**
 * The Gaussian (quadratic) family: `u(x) = x'Ax/2 + b'x` with `A`
 * symmetric positive definite, so `T(x) = Ax + b` and `q = N(b, A^2)`
 * (docs/algorithm.md, section 5). Everything is closed form: the density of `q`,
 * the conjugate `u*(y) = (y - b)'P(y - b)/2` with `P = A^{-1}`, the
 * Bregman divergence, and the projected steps, which use the regression
 * estimator of the Stein quantities.
 *
 * Mirror (dual) step, exact in expectation:
 *
 *     P <- P - eta P^2 - eta sym(E[s x'] P),   b <- b + eta P_new^{-1} E[s]
 *
 * Primal (explicit Euler) step:
 *
 *     A <- A + eta (I + sym(A E[s x'])),       b <- b + eta A E[s]
 *
 * On a Gaussian target N(m, S) both reproduce the closed-form steps, with
 * fixed point A = S^{1/2}, b = m.
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';
import { cholesky, choleskyLogDet, inverseSpd, matmul, minEigenvalue, solveLower } from '../math/linalg.js';
import { withinTrustRegion } from './trust-region.js';
import type { MappedBatch, ParticleBatch, PotentialFamily, StepKind } from './potential.js';
import { steinRegression } from './stein-regression.js';

/**
 * A quadratic potential, as plain data: `A` row-major `[dim, dim]`
 * (symmetric positive definite), `b` `[dim]`. It is the map
 * `T(x) = Ax + b` and the distribution `q = N(b, A^2)`.
 *
 * @example
 * ```ts
 * import { gaussianFamily, type GaussianPotential } from 'brenier';
 *
 * // q = N((1, -2), diag(4, 0.25)).
 * const u: GaussianPotential = { family: 'gaussian', dim: 2, A: [2, 0, 0, 0.5], b: [1, -2] };
 * console.log(gaussianFamily.marginalSds(u)); // [2, 0.5]
 * console.log(gaussianFamily.logDensity(u, Float64Array.of(1, -2), 1)); // ≈ [-1.8379] = -log(2π)
 * ```
 * @category Transport
 */
export interface GaussianPotential {
  /** Family tag. */
  readonly family: 'gaussian';
  /** Dimension d. */
  readonly dim: number;
  /** `A`, row-major, symmetric positive definite. */
  readonly A: number[];
  /** `b`, the mean of q. */
  readonly b: number[];
}

const LOG_2PI = Math.log(2 * Math.PI);

function symmetrizeInPlace(m: Float64Array, d: number): Float64Array {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * ((m[i * d + j] as number) + (m[j * d + i] as number));
      m[i * d + j] = v;
      m[j * d + i] = v;
    }
  }
  return m;
}

function matvec(a: Float64Array | readonly number[], v: Float64Array | readonly number[], d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (a[i * d + j] as number) * (v[j] as number);
    out[i] = s;
  }
  return out;
}

function make(A: Float64Array, b: Float64Array, dim: number): GaussianPotential {
  return { family: 'gaussian', dim, A: Array.from(A), b: Array.from(b) };
}

function notPd(message: string): NumericalError {
  return new NumericalError('not-positive-definite', message);
}

/** log det A, from its Cholesky factor (throws when A is not positive definite). */
export function gaussianLogDetA(potential: GaussianPotential): number {
  return choleskyLogDet(cholesky(Float64Array.from(potential.A), potential.dim), potential.dim);
}

/**
 * The Gaussian potential family: quadratic potentials
 * `u(x) = x'Ax/2 + b'x`, so `T(x) = Ax + b` and `q = N(b, A^2)`, with the
 * density, conjugate, Bregman divergence and projected steps in closed form.
 *
 * @example
 * ```ts
 * import { Rng, gaussianFamily, type GaussianPotential } from 'brenier';
 *
 * const identity = gaussianFamily.identity(2); // q = N(0, I)
 * const u: GaussianPotential = { family: 'gaussian', dim: 2, A: [2, 0, 0, 1], b: [1, 0] };
 * const { y, logDetHessian } = gaussianFamily.map(u, new Rng(1).normals(3 * 2), 3); // 3 draws of q
 * console.log(logDetHessian); // ≈ [0.6931, 0.6931, 0.6931] = log det A
 * console.log(gaussianFamily.bregman(u, identity)); // 1 = D(u || identity)
 * const midway = gaussianFamily.average([identity, u], [1, 1]);
 * console.log(midway.A, midway.b); // [1.5, 0, 0, 1], [0.5, 0]
 * ```
 * @category Transport
 */
export const gaussianFamily: PotentialFamily<GaussianPotential> = {
  name: 'gaussian',

  identity(dim: number): GaussianPotential {
    const A = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) A[i * dim + i] = 1;
    return make(A, new Float64Array(dim), dim);
  },

  dimension: (p) => p.dim,

  value(p: GaussianPotential, x: Float64Array, n: number): Float64Array {
    // u(x) = x'Ax/2 + b'x.
    const d = p.dim;
    return Float64Array.from({ length: n }, (_, i) => {
      const xi = x.subarray(i * d, (i + 1) * d);
      const Ax = matvec(p.A, xi, d);
      let v = 0;
      for (let a = 0; a < d; a++) v += (xi[a] as number) * (0.5 * (Ax[a] as number) + (p.b[a] as number));
      return v;
    });
  },

  conjugate(p: GaussianPotential, y: Float64Array, n: number): Float64Array {
    // u*(y) = (y - b)'P(y - b)/2 with P = A^{-1}.
    const d = p.dim;
    const P = inverseSpd(Float64Array.from(p.A), d);
    return Float64Array.from({ length: n }, (_, i) => {
      const r = Float64Array.from(y.subarray(i * d, (i + 1) * d), (v, a) => v - (p.b[a] as number));
      const Pr = matvec(P, r, d);
      let v = 0;
      for (let a = 0; a < d; a++) v += 0.5 * (r[a] as number) * (Pr[a] as number);
      return v;
    });
  },

  map(p: GaussianPotential, x: Float64Array, n: number): MappedBatch {
    const d = p.dim;
    const y = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < d; r++) {
        let s = p.b[r] as number;
        for (let c = 0; c < d; c++) s += (p.A[r * d + c] as number) * (x[i * d + c] as number);
        y[i * d + r] = s;
      }
    }
    return { y, logDetHessian: new Float64Array(n).fill(gaussianLogDetA(p)) };
  },

  logDensity(p: GaussianPotential, y: Float64Array, n: number): Float64Array {
    // log N(y; b, A^2) = -d/2 log 2pi - log det A - |A^{-1}(y - b)|^2 / 2, with A = L L'.
    const d = p.dim;
    const L = cholesky(Float64Array.from(p.A), d);
    const logDetA = choleskyLogDet(L, d);
    const out = new Float64Array(n);
    const r = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) r[k] = (y[i * d + k] as number) - (p.b[k] as number);
      // |A^{-1} r|^2 = r' A^{-2} r; with w = A^{-1} r solved by L L' w = r.
      const w = solveLowerTranspose(L, solveLower(L, r, d), d);
      let q = 0;
      for (let k = 0; k < d; k++) q += (w[k] as number) ** 2;
      out[i] = -0.5 * d * LOG_2PI - logDetA - 0.5 * q;
    }
    return out;
  },

  logDensityGradient(p: GaussianPotential, y: Float64Array, n: number): Float64Array {
    // grad log N(y; b, A^2) = -A^{-2} (y - b), with A = L L'.
    const d = p.dim;
    const L = cholesky(Float64Array.from(p.A), d);
    const out = new Float64Array(n * d);
    const r = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) r[k] = (y[i * d + k] as number) - (p.b[k] as number);
      const w = solveLowerTranspose(L, solveLower(L, r, d), d); // A^{-1} r
      const v = solveLowerTranspose(L, solveLower(L, w, d), d); // A^{-2} r
      for (let k = 0; k < d; k++) out[i * d + k] = -(v[k] as number);
    }
    return out;
  },

  step(p: GaussianPotential, batch: ParticleBatch, eta: number, kind: StepKind): GaussianPotential {
    const d = p.dim;
    const { G, g } = steinRegression(batch.x, batch.scores, batch.n, d);
    const A = Float64Array.from(p.A);
    if (kind === 'primal') {
      // A <- A + eta (I + sym(A G)), b <- b + eta A g.
      const AG = symmetrizeInPlace(matmul(A, G, d), d);
      const next = new Float64Array(d * d);
      for (let i = 0; i < d * d; i++) next[i] = (A[i] as number) + eta * (AG[i] as number);
      for (let i = 0; i < d; i++) next[i * d + i] = (next[i * d + i] as number) + eta;
      symmetrizeInPlace(next, d);
      if (!withinTrustRegion(next, A, d)) {
        throw notPd(`primal step with eta = ${eta} leaves the trust region A/2 < A_new < 2A (convexity guard)`);
      }
      const Ag = matvec(A, g, d);
      const b = Float64Array.from(p.b, (v, i) => v + eta * (Ag[i] as number));
      return make(next, b, d);
    }
    // Mirror step: P <- P - eta P^2 - eta sym(G P), b <- b + eta P_new^{-1} g.
    const P = inverseSpd(A, d);
    const P2 = matmul(P, P, d);
    const GP = symmetrizeInPlace(matmul(G, P, d), d);
    const Pn = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) Pn[i] = (P[i] as number) - eta * (P2[i] as number) - eta * (GP[i] as number);
    symmetrizeInPlace(Pn, d);
    // Trust region: P / 2 < P_new < 2 P in the Loewner order, so that the map's
    // scales change by at most a factor 2 per step. It implies positive
    // definiteness and, on non-log-concave targets (where sym(G P) can have
    // either sign), stops a single noisy step from collapsing a direction.
    if (!withinTrustRegion(Pn, P, d)) {
      throw notPd(`mirror step with eta = ${eta} leaves the trust region P/2 < P_new < 2P (convexity guard)`);
    }
    const An = inverseSpd(Pn, d);
    const shift = matvec(An, g, d);
    const b = Float64Array.from(p.b, (v, i) => v + eta * (shift[i] as number));
    return make(An, b, d);
  },

  bregman(nu: GaussianPotential, mu: GaussianPotential): number {
    // D(nu || mu) = tr((A_mu - A_nu) P_mu (A_mu - A_nu)) / 2 + (b_nu - b_mu)' P_mu (b_nu - b_mu) / 2.
    const d = mu.dim;
    const P = inverseSpd(Float64Array.from(mu.A), d);
    const diff = Float64Array.from(mu.A, (v, i) => v - (nu.A[i] as number));
    const M = matmul(matmul(diff, P, d), diff, d);
    let tr = 0;
    for (let i = 0; i < d; i++) tr += M[i * d + i] as number;
    const db = Float64Array.from(nu.b, (v, i) => v - (mu.b[i] as number));
    const Pdb = matvec(P, db, d);
    let quad = 0;
    for (let i = 0; i < d; i++) quad += (db[i] as number) * (Pdb[i] as number);
    return 0.5 * tr + 0.5 * quad;
  },

  average(potentials: readonly GaussianPotential[], weights: readonly number[]): GaussianPotential {
    const first = potentials[0];
    if (first === undefined) throw new RangeError('average of no potentials');
    const d = first.dim;
    const total = weights.reduce((s, w) => s + w, 0);
    const A = new Float64Array(d * d);
    const b = new Float64Array(d);
    potentials.forEach((p, k) => {
      const w = (weights[k] as number) / total;
      for (let i = 0; i < d * d; i++) A[i] = (A[i] as number) + w * (p.A[i] as number);
      for (let i = 0; i < d; i++) b[i] = (b[i] as number) + w * (p.b[i] as number);
    });
    return make(A, b, d);
  },

  scale: (p) => minEigenvalue(Float64Array.from(p.A), p.dim),

  marginalSds(p: GaussianPotential): Float64Array {
    // Cov = A^2: sd_i = |row i of A|.
    const d = p.dim;
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (p.A[i * d + j] as number) ** 2;
      out[i] = Math.sqrt(s);
    }
    return out;
  },

  means: (p) => Float64Array.from(p.b),
};

/** Solve L' w = v for lower-triangular L (back substitution on the transpose). */
function solveLowerTranspose(L: Float64Array, v: Float64Array, d: number): Float64Array {
  const w = Float64Array.from(v);
  for (let i = d - 1; i >= 0; i--) {
    let s = w[i] as number;
    for (let k = i + 1; k < d; k++) s -= (L[k * d + i] as number) * (w[k] as number);
    w[i] = s / (L[i * d + i] as number);
  }
  return w;
}
