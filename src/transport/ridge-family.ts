/**
 * The ridge family, on the dual (conjugate) side: the conjugate potential
 * is a quadratic plus convex softplus ridges,
 *
 *     u*(y) = y'Py/2 + beta'y + sum_j c_j softplus(s_j w_j'y + t_j) / s_j,   c_j >= 0,
 *
 * so that `x = grad u*(y)` maps the variational distribution back to the
 * source and `log q(y) = log rho(grad u*(y)) + log det grad^2 u*(y)` is
 * explicit in `y` (docs/algorithm.md, sections 3 and 6):
 *
 *     grad u*(y)   = P y + beta + sum_j c_j sigma(z_j) w_j,          z_j = s_j w_j'y + t_j
 *     grad^2 u*(y) = P + sum_j c_j s_j sigma'(z_j) w_j w_j'
 *     grad log det grad^2 u*(y) = sum_j c_j s_j^2 sigma''(z_j) (w_j' H*^{-1} w_j) w_j
 *
 * The mirror step is additive on this side: `u*_{k+1} = u*_k + eta log(q_k / pi)`,
 * projected onto the family by least squares on gradients at the particles
 * (`grad log(q_k/pi)(y) = grad log q_k(y) - s(y)`), with `c >= 0` kept by
 * a non-negative solve and `P` kept within a factor 2 of the previous one
 * (the same trust region as the Gaussian family). With no ridges this is
 * exactly the Gaussian family's mirror step. Sampling inverts `grad u*` by
 * Newton's method (a strongly convex problem per particle).
 *
 * Ridge directions and offsets are chosen from a Gaussian fit, by default
 * the principal axes of its covariance (and, in up to 4 dimensions, their
 * diagonals), both orientations, with kinks spread over the projected
 * mean +- 1.5 sd, width 0.35 projected sd (in more than 4
 * dimensions: kinks at the mean and +- 1 sd, width 0.5 sd, to keep the
 * step's least squares small). A {@link RidgeDictionary} places them
 * otherwise.
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import {
  cholesky,
  choleskyLogDet,
  inverseSpd,
  matmul,
  solveLower,
  solveSpd,
  symmetricEigen,
  symmetricInverseSqrt,
  symmetricSqrt,
} from '../math/linalg.js';
import type { GaussianPotential } from './gaussian-family.js';
import type { MappedBatch, ParticleBatch, PotentialFamily, StepKind } from './potential.js';
import { withinTrustRegion } from './trust-region.js';

/**
 * A ridge potential (dual side), as plain data. Rows of `W` are unit
 * directions `w_j`; `t`, `s`, `c` hold offsets, scales and coefficients.
 *
 * @category Transport
 */
export interface RidgePotential {
  /** Family tag. */
  readonly family: 'ridge';
  /** Dimension d. */
  readonly dim: number;
  /** Quadratic part `P`, row-major `[d, d]`, symmetric positive definite. */
  readonly P: number[];
  /** Linear part `beta`. */
  readonly beta: number[];
  /** Ridge directions, row-major `[J, d]`. */
  readonly W: number[];
  /** Ridge offsets `t_j`. */
  readonly t: number[];
  /** Ridge scales `s_j` (curvature of each ridge at its kink is `s_j / 4`). */
  readonly s: number[];
  /** Ridge coefficients `c_j >= 0`. */
  readonly c: number[];
  /**
   * Lower bound on `P` in the Loewner order (a fraction of the Gaussian
   * fit's `P`, 0.3 by default; see {@link RidgeDictionary}): ridges have bounded curvature, so the tails of q are set by `P`,
   * and a vanishing `P` would give q tails far heavier than the target's.
   */
  readonly floor: number[];
}

/** Fraction of the starting `P` kept as the floor of `P`. */
const FLOOR_FRACTION = 0.3;

const LOG_2PI = Math.log(2 * Math.PI);
/** Fixed source draws for the Monte Carlo Bregman divergence and moments (deterministic in the potential). */
const REFERENCE_DRAWS = 32;
let referenceCache: { d: number; x: Float64Array } | undefined;

function referenceDraws(d: number): Float64Array {
  if (referenceCache?.d !== d) referenceCache = { d, x: new Rng(20261128).normals(REFERENCE_DRAWS * d) };
  return referenceCache.x;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Per-point quantities of the conjugate potential. */
interface PointEval {
  value: number;
  grad: Float64Array;
  hessian: Float64Array;
}

/** The conjugate potential at one point: value, gradient and (optionally) Hessian. */
export function evaluatePoint(p: RidgePotential, y: Float64Array | readonly number[], withHessian: boolean): PointEval {
  const d = p.dim;
  const J = p.c.length;
  const grad = new Float64Array(d);
  let value = 0;
  for (let a = 0; a < d; a++) {
    let py = 0;
    for (let b = 0; b < d; b++) py += (p.P[a * d + b] as number) * (y[b] as number);
    grad[a] = py + (p.beta[a] as number);
    value += 0.5 * py * (y[a] as number) + (p.beta[a] as number) * (y[a] as number);
  }
  const hessian = withHessian ? Float64Array.from(p.P) : new Float64Array(0);
  for (let j = 0; j < J; j++) {
    const c = p.c[j] as number;
    if (c === 0) continue;
    const sj = p.s[j] as number;
    let wy = 0;
    for (let a = 0; a < d; a++) wy += (p.W[j * d + a] as number) * (y[a] as number);
    const z = sj * wy + (p.t[j] as number);
    const sg = sigmoid(z);
    value += (c * softplus(z)) / sj;
    for (let a = 0; a < d; a++) grad[a] = (grad[a] as number) + c * sg * (p.W[j * d + a] as number);
    if (withHessian) {
      const k = c * sj * sg * (1 - sg);
      for (let a = 0; a < d; a++) {
        const wa = k * (p.W[j * d + a] as number);
        for (let b = 0; b < d; b++)
          hessian[a * d + b] = (hessian[a * d + b] as number) + wa * (p.W[j * d + b] as number);
      }
    }
  }
  return { value, grad, hessian };
}

/** Solve grad u*(y) = x by damped Newton on the strongly convex u*(y) - x'y. */
function invertPoint(p: RidgePotential, x: Float64Array, start: Float64Array): Float64Array {
  const d = p.dim;
  let y = Float64Array.from(start);
  let e = evaluatePoint(p, y, true);
  let phi = e.value - dot(x, y);
  const tolerance = 1e-10 * (1 + maxAbs(x));
  for (let iter = 0; iter < 50; iter++) {
    const g = Float64Array.from(e.grad, (v, a) => v - (x[a] as number));
    if (maxAbs(g) <= tolerance) return y;
    const step = solveSpd(e.hessian, g, d);
    const decrement = dot(g, step); // Newton decrement squared
    // Near the solution the decrease in phi is below its rounding error, so a
    // line search on phi cannot judge the step: take the full Newton step.
    if (decrement < 1e-12 * (1 + Math.abs(phi))) return Float64Array.from(y, (v, a) => v - (step[a] as number));
    let alpha = 1;
    let moved = false;
    for (let ls = 0; ls < 30; ls++) {
      const candidate = Float64Array.from(y, (v, a) => v - alpha * (step[a] as number));
      const cphi = evaluatePoint(p, candidate, false).value - dot(x, candidate);
      if (cphi <= phi - 1e-4 * alpha * decrement) {
        y = candidate;
        phi = cphi;
        moved = true;
        break;
      }
      alpha /= 2;
    }
    if (moved) e = evaluatePoint(p, y, true);
    if (!moved) return y; // no decrease possible: at the minimum up to round-off
  }
  return y;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/**
 * `grad log q(y) = -H*(y) x + grad log det H*(y)` at one point, with
 * `x = grad u*(y)`, `H*` the Hessian of the conjugate potential there and
 * `L` its Cholesky factor:
 * `grad log det H* = sum_j c_j s_j^2 sigma''(z_j) (w_j' H*^{-1} w_j) w_j`.
 */
function logDensityGradientAt(
  p: RidgePotential,
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  hessian: Float64Array,
  L: Float64Array,
): Float64Array {
  const d = p.dim;
  const out = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let hx = 0;
    for (let b = 0; b < d; b++) hx += (hessian[a * d + b] as number) * (x[b] as number);
    out[a] = -hx;
  }
  for (let j = 0; j < p.c.length; j++) {
    const c = p.c[j] as number;
    if (c === 0) continue;
    const sj = p.s[j] as number;
    const w = p.W.slice(j * d, (j + 1) * d);
    const sg = sigmoid(sj * dot(w, y) + (p.t[j] as number));
    const u = solveLower(L, Float64Array.from(w), d); // w'H^{-1}w = |L^{-1}w|^2
    const k = c * sj * sj * sg * (1 - sg) * (1 - 2 * sg) * dot(u, u);
    for (let a = 0; a < d; a++) out[a] = (out[a] as number) + k * (w[a] as number);
  }
  return out;
}

/** Map n source draws to y by inverting grad u*; also log det H*(y). */
function mapDraws(p: RidgePotential, x: Float64Array, n: number): { y: Float64Array; logDetH: Float64Array } {
  const d = p.dim;
  const Pinv = inverseSpd(Float64Array.from(p.P), d);
  const y = new Float64Array(n * d);
  const logDetH = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * d, (i + 1) * d);
    // Warm start: the quadratic part's inverse, P^{-1}(x - beta).
    const start = new Float64Array(d);
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let b = 0; b < d; b++) v += (Pinv[a * d + b] as number) * ((xi[b] as number) - (p.beta[b] as number));
      start[a] = v;
    }
    const yi = p.c.some((c) => c > 0) ? invertPoint(p, xi, start) : start;
    y.set(yi, i * d);
    logDetH[i] = choleskyLogDet(cholesky(evaluatePoint(p, yi, true).hessian, d), d);
  }
  return { y, logDetH };
}

/**
 * Project `P` onto `{P >= F}` (Loewner order): with `F = F^{1/2} F^{1/2}`,
 * clip the eigenvalues of `F^{-1/2} P F^{-1/2}` at 1 from below.
 */
export function aboveFloor(P: Float64Array, F: Float64Array, d: number): Float64Array {
  try {
    cholesky(
      Float64Array.from(P, (v, i) => v - (F[i] as number)),
      d,
    );
    return P; // already above the floor
  } catch {
    const root = symmetricSqrt(F, d);
    const inverseRoot = symmetricInverseSqrt(F, d);
    const scaled = matmul(matmul(inverseRoot, P, d), inverseRoot, d);
    const { values, vectors } = symmetricEigen(scaled, d);
    const clipped = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let v = 0;
        for (let k = 0; k < d; k++)
          v += (vectors[a * d + k] as number) * Math.max(1, values[k] as number) * (vectors[b * d + k] as number);
        clipped[a * d + b] = v;
      }
    }
    return matmul(matmul(root, clipped, d), root, d);
  }
}

/**
 * Minimise `theta'M theta/2 - v'theta` over `theta` (length K) with the
 * entries in `fixed` held at their values, those in `free` unconstrained and
 * those in `nonNegative` kept `>= 0` (warm-started at `start`): the free
 * block is eliminated exactly (Schur complement), the non-negative block
 * solved by projected coordinate descent.
 */
function blockSolve(
  M: Float64Array,
  v: Float64Array,
  K: number,
  fixed: ReadonlyMap<number, number>,
  free: readonly number[],
  nonNegative: readonly number[],
  start: Float64Array,
): Float64Array {
  const theta = new Float64Array(K);
  for (const [i, value] of fixed) theta[i] = value;
  // Right-hand side with the fixed entries moved over.
  const rhs = (i: number): number => {
    let t = v[i] as number;
    for (const [k, value] of fixed) t -= (M[i * K + k] as number) * value;
    return t;
  };
  const U = free.length;
  const J = nonNegative.length;
  const Muu = new Float64Array(U * U);
  free.forEach((a, i) => free.forEach((b, j) => (Muu[i * U + j] = M[a * K + b] as number)));
  const vu = Float64Array.from(free, (a) => rhs(a));
  let c = new Float64Array(0) as Float64Array;
  if (J > 0) {
    const Muc = new Float64Array(U * J);
    free.forEach((a, i) => nonNegative.forEach((b, j) => (Muc[i * J + j] = M[a * K + b] as number)));
    const X = U > 0 ? solveSpd(Muu, Muc, U, J) : new Float64Array(0); // Muu^{-1} Muc
    const y0 = U > 0 ? solveSpd(Muu, vu, U) : new Float64Array(0); // Muu^{-1} vu
    const S = new Float64Array(J * J);
    const r = new Float64Array(J);
    nonNegative.forEach((b, j) => {
      let t = rhs(b);
      for (let a = 0; a < U; a++) t -= (Muc[a * J + j] as number) * (y0[a] as number);
      r[j] = t;
      nonNegative.forEach((b2, k) => {
        let m = M[b * K + b2] as number;
        for (let a = 0; a < U; a++) m -= (Muc[a * J + j] as number) * (X[a * J + k] as number);
        S[j * J + k] = m;
      });
    });
    c = nonNegativeQuadratic(S, r, start, J);
    for (let a = 0; a < U; a++)
      for (let j = 0; j < J; j++) vu[a] = (vu[a] as number) - (Muc[a * J + j] as number) * (c[j] as number);
    nonNegative.forEach((b, j) => (theta[b] = c[j] as number));
  }
  if (U > 0) {
    const u = solveSpd(Muu, vu, U);
    free.forEach((a, i) => (theta[a] = u[i] as number));
  }
  return theta;
}

/**
 * Non-negative solve of `min c'Mc/2 - v'c` subject to `c >= 0` (M symmetric
 * positive definite) by projected coordinate descent, warm-started at `c0`.
 */
function nonNegativeQuadratic(M: Float64Array, v: Float64Array, c0: Float64Array, J: number): Float64Array {
  const c = Float64Array.from(c0, (x) => Math.max(0, x));
  for (let sweep = 0; sweep < 500; sweep++) {
    let change = 0;
    for (let j = 0; j < J; j++) {
      let mc = 0;
      for (let k = 0; k < J; k++) mc += (M[j * J + k] as number) * (c[k] as number);
      const next = Math.max(0, (c[j] as number) + ((v[j] as number) - mc) / (M[j * J + j] as number));
      change = Math.max(change, Math.abs(next - (c[j] as number)));
      c[j] = next;
    }
    if (change < 1e-12 * (1 + maxAbs(c))) break;
  }
  return c;
}

/**
 * The ridge potential family (dual side; mirror steps only).
 *
 * @category Transport
 */
export const ridgeFamily: PotentialFamily<RidgePotential> = {
  name: 'ridge',

  identity(dim: number): RidgePotential {
    const P = new Array<number>(dim * dim).fill(0);
    for (let i = 0; i < dim; i++) P[i * dim + i] = 1;
    return {
      family: 'ridge',
      dim,
      P,
      beta: new Array<number>(dim).fill(0),
      W: [],
      t: [],
      s: [],
      c: [],
      floor: P.map((v) => FLOOR_FRACTION * v),
    };
  },

  dimension: (p) => p.dim,

  value(p: RidgePotential, x: Float64Array, n: number): Float64Array {
    // u(x) = <x, y> - u*(y) at y = grad u(x) (Fenchel-Young equality).
    const d = p.dim;
    const { y } = mapDraws(p, x, n);
    return Float64Array.from({ length: n }, (_, i) => {
      const yi = y.subarray(i * d, (i + 1) * d);
      return dot(x.subarray(i * d, (i + 1) * d), yi) - evaluatePoint(p, yi, false).value;
    });
  },

  conjugate(p: RidgePotential, y: Float64Array, n: number): Float64Array {
    const d = p.dim;
    return Float64Array.from({ length: n }, (_, i) => evaluatePoint(p, y.subarray(i * d, (i + 1) * d), false).value);
  },

  map(p: RidgePotential, x: Float64Array, n: number): MappedBatch {
    const { y, logDetH } = mapDraws(p, x, n);
    // log det grad^2 u(x) = -log det grad^2 u*(y) at y = grad u(x).
    return { y, logDetHessian: logDetH.map((v) => -v) };
  },

  logDensity(p: RidgePotential, y: Float64Array, n: number): Float64Array {
    const d = p.dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const e = evaluatePoint(p, y.subarray(i * d, (i + 1) * d), true);
      out[i] = -0.5 * dot(e.grad, e.grad) - 0.5 * d * LOG_2PI + choleskyLogDet(cholesky(e.hessian, d), d);
    }
    return out;
  },

  logDensityGradient(p: RidgePotential, y: Float64Array, n: number): Float64Array {
    const d = p.dim;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const yi = y.subarray(i * d, (i + 1) * d);
      const e = evaluatePoint(p, yi, true);
      out.set(logDensityGradientAt(p, yi, e.grad, e.hessian, cholesky(e.hessian, d)), i * d);
    }
    return out;
  },

  step(p: RidgePotential, batch: ParticleBatch, eta: number, kind: StepKind): RidgePotential {
    if (kind !== 'mirror') {
      throw new NumericalError(
        'diverged',
        'the ridge family takes mirror steps only (its potential lives on the dual side)',
      );
    }
    const d = p.dim;
    const J = p.c.length;
    const n = batch.n;
    // Unknowns: P (upper triangle, K_P = d(d+1)/2), beta (d), c (J).
    const KP = (d * (d + 1)) / 2;
    const K = KP + d + J;
    const pairs: [number, number][] = [];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) pairs.push([a, b]);
    const M = new Float64Array(K * K);
    const v = new Float64Array(K);
    const phi = new Float64Array(d * K); // gradients of the features at one particle, [d, K]
    const white = new Float64Array(d * K);
    for (let i = 0; i < n; i++) {
      const yi = batch.y.subarray(i * d, (i + 1) * d);
      const xi = batch.x.subarray(i * d, (i + 1) * d);
      const e = evaluatePoint(p, yi, true);
      const L = cholesky(e.hessian, d);
      const gradLogQ = logDensityGradientAt(p, yi, xi, e.hessian, L);
      phi.fill(0);
      pairs.forEach(([a, b], k) => {
        // d/dy of P_ab y_a y_b (a < b, both symmetric entries) or P_aa y_a^2 / 2.
        phi[a * K + k] = (phi[a * K + k] as number) + (yi[b] as number);
        if (a !== b) phi[b * K + k] = (phi[b * K + k] as number) + (yi[a] as number);
      });
      for (let a = 0; a < d; a++) phi[a * K + KP + a] = 1;
      for (let j = 0; j < J; j++) {
        const sj = p.s[j] as number;
        const w = p.W.slice(j * d, (j + 1) * d);
        const sg = sigmoid(sj * dot(w, yi) + (p.t[j] as number));
        for (let a = 0; a < d; a++) phi[a * K + KP + d + j] = sg * (w[a] as number);
      }
      // Target gradient r = grad u*_k + eta grad log(q_k / pi) = x + eta (grad log q - s).
      const r = Float64Array.from(
        xi,
        (xa, a) => xa + eta * ((gradLogQ[a] as number) - (batch.scores[i * d + a] as number)),
      );
      // Whiten by L^{-1} (metric H*^{-1}: the projection is then along the KL gradient).
      const rw = solveLower(L, r, d);
      white.set(solveLower(L, phi, d, K));
      for (let row = 0; row < d; row++) {
        const off = row * K;
        const rv = rw[row] as number;
        for (let a = 0; a < K; a++) {
          const fa = white[off + a] as number;
          if (fa === 0) continue;
          v[a] = (v[a] as number) + fa * rv;
          for (let b = 0; b <= a; b++) M[a * K + b] = (M[a * K + b] as number) + fa * (white[off + b] as number);
        }
      }
    }
    for (let a = 0; a < K; a++) for (let b = 0; b < a; b++) M[b * K + a] = M[a * K + b] as number;
    // Regularise the ridge coefficients toward their current values (1e-3 of the
    // mean diagonal): broad ridges nearly duplicate the quadratic part.
    let meanDiag = 0;
    for (let j = 0; j < J; j++) meanDiag += (M[(KP + d + j) * K + KP + d + j] as number) / Math.max(J, 1);
    const lambda = 1e-3 * meanDiag + 1e-12;
    for (let j = 0; j < J; j++) {
      const idx = (KP + d + j) * K + KP + d + j;
      M[idx] = (M[idx] as number) + lambda;
      v[KP + d + j] = (v[KP + d + j] as number) + lambda * (p.c[j] as number);
    }
    // Solve for (P, beta) free and c >= 0. If P falls below its floor, clip it
    // there and solve again for (beta, c) with P fixed, so that the ridges do
    // not compensate for a quadratic part they will not get.
    const U = KP + d;
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    const ridgeIdx = range(U, K);
    let theta = blockSolve(M, v, K, new Map(), range(0, U), ridgeIdx, Float64Array.from(p.c));
    const toP = (sol: Float64Array): Float64Array => {
      const out = new Float64Array(d * d);
      pairs.forEach(([a, b], k) => {
        out[a * d + b] = sol[k] as number;
        out[b * d + a] = sol[k] as number;
      });
      return out;
    };
    let P = toP(theta);
    const clipped = aboveFloor(P, Float64Array.from(p.floor), d);
    if (clipped !== P) {
      P = clipped;
      const fixed = new Map<number, number>();
      pairs.forEach(([a, b], k) => fixed.set(k, P[a * d + b] as number));
      theta = blockSolve(M, v, K, fixed, range(KP, U), ridgeIdx, Float64Array.from(p.c));
    }
    const u = theta;
    const c = theta.slice(U, K);
    if (!withinTrustRegion(P, Float64Array.from(p.P), d)) {
      throw new NumericalError(
        'not-positive-definite',
        `ridge mirror step with eta = ${eta} leaves the trust region P/2 < P_new < 2P`,
      );
    }
    return { ...p, P: Array.from(P), beta: Array.from(u.subarray(KP, KP + d)), c: Array.from(c) };
  },

  bregman(nu: RidgePotential, mu: RidgePotential): number {
    // D(nu || mu) = E_rho[ u*_mu(y_nu) - u*_mu(y_mu) - <x, y_nu - y_mu> ] with y = T(x):
    // the Bregman divergence of u*_mu between the two images, on fixed draws.
    const d = mu.dim;
    const x = referenceDraws(d);
    const n = REFERENCE_DRAWS;
    const yNu = mapDraws(nu, x, n).y;
    const yMu = mapDraws(mu, x, n).y;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const a = yNu.subarray(i * d, (i + 1) * d);
      const b = yMu.subarray(i * d, (i + 1) * d);
      const xi = x.subarray(i * d, (i + 1) * d);
      let diff = 0;
      for (let k = 0; k < d; k++) diff += (xi[k] as number) * ((a[k] as number) - (b[k] as number));
      sum += evaluatePoint(mu, a, false).value - evaluatePoint(mu, b, false).value - diff;
    }
    return Math.max(0, sum / n);
  },

  average(potentials: readonly RidgePotential[], weights: readonly number[]): RidgePotential {
    const first = potentials[0];
    if (first === undefined) throw new RangeError('average of no potentials');
    const total = weights.reduce((s, w) => s + w, 0);
    const P = new Array<number>(first.P.length).fill(0);
    const beta = new Array<number>(first.beta.length).fill(0);
    const c = new Array<number>(first.c.length).fill(0);
    potentials.forEach((p, k) => {
      if (
        p.W.length !== first.W.length ||
        p.W.some((w, i) => w !== first.W[i]) ||
        p.t.some((t, i) => t !== first.t[i])
      ) {
        throw new RangeError('ridge potentials with different features cannot be averaged');
      }
      const w = (weights[k] as number) / total;
      p.P.forEach((v, i) => (P[i] = (P[i] as number) + w * v));
      p.beta.forEach((v, i) => (beta[i] = (beta[i] as number) + w * v));
      p.c.forEach((v, i) => (c[i] = (c[i] as number) + w * v));
    });
    return { ...first, P, beta, c };
  },

  scale(p: RidgePotential): number {
    const values = symmetricEigen(Float64Array.from(p.P), p.dim).values;
    return 1 / (values[values.length - 1] as number);
  },

  marginalSds(p: RidgePotential): Float64Array {
    return moments(p).sd;
  },

  means(p: RidgePotential): Float64Array {
    return moments(p).mean;
  },
};

function moments(p: RidgePotential): { mean: Float64Array; sd: Float64Array } {
  const d = p.dim;
  const { y } = mapDraws(p, referenceDraws(d), REFERENCE_DRAWS);
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < REFERENCE_DRAWS; i++)
    for (let a = 0; a < d; a++) mean[a] = (mean[a] as number) + (y[i * d + a] as number) / REFERENCE_DRAWS;
  for (let i = 0; i < REFERENCE_DRAWS; i++)
    for (let a = 0; a < d; a++)
      sd[a] = (sd[a] as number) + ((y[i * d + a] as number) - (mean[a] as number)) ** 2 / (REFERENCE_DRAWS - 1);
  for (let a = 0; a < d; a++) sd[a] = Math.sqrt(sd[a] as number);
  return { mean, sd };
}

/**
 * Where a ridge potential puts its ridges, relative to a Gaussian fit: the
 * directions, and along each (both orientations) the kinks and their
 * width, in projected standard deviations of the fit; and how far the
 * quadratic part may shrink.
 *
 * @example A coarser dictionary than the generative mode's default in 2-D
 * ```ts
 * import { fitGenerative, Rng, type RidgeDictionary } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 1000 }, () => {
 *   const a = rng.normal();
 *   return [a, a * a + 0.5 * rng.normal()];
 * });
 * const ridgeDictionary: RidgeDictionary = { directions: 4, kinks: [-1.5, -0.75, 0, 0.75, 1.5], width: 0.35 };
 * const map = await fitGenerative(samples, { family: 'ridge', ridgeDictionary, maxSteps: 20, seed: 1 });
 * console.log(map.toJSON().potential.family); // 'ridge', with 4 x 2 x 5 = 40 ridges
 * ```
 * @category Transport
 */
export interface RidgeDictionary {
  /**
   * `'principal'`: the fit's principal axes, and in up to 4 dimensions the
   * diagonals between pairs of them; `'coordinates'`: the coordinate axes;
   * a number `m`: in 2-D, `m` directions spread evenly over the half-circle
   * (in the fit's principal frame), otherwise the `d` principal axes and
   * then seeded random directions up to `m`.
   */
  readonly directions: 'principal' | 'coordinates' | number;
  /** Kink positions along each direction, in projected sds from the projected mean. */
  readonly kinks: readonly number[];
  /** Width of each kink, in projected sds (the ridge's scale is `1 / (width sd)`). */
  readonly width: number;
  /**
   * Lower bound on the quadratic part `P`, as a fraction of the Gaussian
   * fit's (default 0.3): it keeps the tails of q near the fit's.
   */
  readonly floor?: number;
}

/** The default dictionary in `d` dimensions (see the module notes). */
export function defaultRidgeDictionary(d: number): RidgeDictionary {
  return d <= 4
    ? { directions: 'principal', kinks: [-1.5, -0.75, 0, 0.75, 1.5], width: 0.35 }
    : { directions: 'principal', kinks: [-1, 0, 1], width: 0.5 };
}

/**
 * A ridge potential equal to a Gaussian one (`P = A^{-1}`, `beta = -P b`,
 * all `c_j = 0`) with ridges placed by `dictionary` relative to it (by
 * default its principal axes, and in up to 4 dimensions the diagonals
 * between pairs of axes; see the module notes).
 *
 * @category Transport
 */
export function ridgeFromGaussian(
  g: GaussianPotential,
  dictionary: RidgeDictionary = defaultRidgeDictionary(g.dim),
): RidgePotential {
  const d = g.dim;
  const A = Float64Array.from(g.A);
  const P = inverseSpd(A, d);
  const beta = new Array<number>(d).fill(0);
  for (let a = 0; a < d; a++) {
    let v = 0;
    for (let b = 0; b < d; b++) v -= (P[a * d + b] as number) * (g.b[b] as number);
    beta[a] = v;
  }
  const { vectors } = symmetricEigen(A, d);
  const axes: Float64Array[] = [];
  for (let k = 0; k < d; k++) axes.push(Float64Array.from({ length: d }, (_, a) => vectors[a * d + k] as number));
  const directions = ridgeDirections(axes, dictionary.directions);
  const kinks = dictionary.kinks.map((offset) => [offset, dictionary.width] as const);
  const W: number[] = [];
  const t: number[] = [];
  const s: number[] = [];
  for (const w of directions) {
    // Projected mean and sd of q along w: w'b and |A w| (A symmetric).
    const m = dot(w, g.b);
    let sd = 0;
    for (let a = 0; a < d; a++) {
      let aw = 0;
      for (let b = 0; b < d; b++) aw += (A[a * d + b] as number) * (w[b] as number);
      sd += aw * aw;
    }
    sd = Math.sqrt(sd);
    for (const orientation of [1, -1]) {
      for (const [offset, width] of kinks) {
        const scale = 1 / (width * sd);
        const kink = orientation * m + offset * sd; // z = scale (orientation w'y - kink)
        W.push(...Array.from(w, (v) => orientation * v));
        s.push(scale);
        t.push(-scale * kink);
      }
    }
  }
  return {
    family: 'ridge',
    dim: d,
    P: Array.from(P),
    beta,
    W,
    t,
    s,
    c: new Array<number>(s.length).fill(0),
    floor: Array.from(P, (v) => (dictionary.floor ?? FLOOR_FRACTION) * v),
  };
}

/** Unit ridge directions from the principal axes (see {@link RidgeDictionary}). */
function ridgeDirections(axes: readonly Float64Array[], directions: RidgeDictionary['directions']): Float64Array[] {
  const d = axes.length;
  const combine = (weights: ArrayLike<number>): Float64Array => {
    const w = new Float64Array(d);
    for (let k = 0; k < d; k++)
      for (let a = 0; a < d; a++)
        w[a] = (w[a] as number) + (weights[k] as number) * ((axes[k] as Float64Array)[a] as number);
    const norm = Math.sqrt(dot(w, w));
    return w.map((v) => v / norm);
  };
  if (directions === 'coordinates')
    return Array.from({ length: d }, (_, k) => Float64Array.from({ length: d }, (_, a) => (a === k ? 1 : 0)));
  if (directions === 'principal') {
    const out = [...axes];
    if (d <= 4)
      for (let i = 0; i < d; i++)
        for (let j = i + 1; j < d; j++)
          for (const sign of [1, -1])
            out.push(combine(Array.from({ length: d }, (_, k) => (k === i ? 1 : k === j ? sign : 0))));
    return out;
  }
  if (!Number.isSafeInteger(directions) || directions < 1)
    throw new RangeError(
      `ridge dictionary: directions must be 'principal', 'coordinates' or an integer >= 1, received ${directions}`,
    );
  if (d === 2)
    return Array.from({ length: directions }, (_, k) =>
      combine([Math.cos((Math.PI * k) / directions), Math.sin((Math.PI * k) / directions)]),
    );
  const out = axes.slice(0, Math.min(d, directions));
  const rng = new Rng(20261128 + directions);
  while (out.length < directions) out.push(combine(rng.normals(d)));
  return out;
}
