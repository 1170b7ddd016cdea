/**
 * Closed-form Gaussian (quadratic-potential) theory of Monge–Ampère mirror
 * descent, in float64: KL divergences, the Bregman divergence of the mirror
 * functional, the exact mirror (dual) and primal Euler steps on a Gaussian
 * target, their common fixed point, entropies and ELBOs.
 *
 * Notation (docs/algorithm.md, sections 4 and 5). The source is `rho = N(0, I_d)`.
 * A quadratic potential `u(x) = x'Ax/2 + b'x` with `A` symmetric positive
 * definite has gradient (Brenier map) `T(x) = Ax + b` and pushes `rho` to
 * `q = T # rho = N(b, A^2)`; its convex conjugate is
 * `u*(y) = (y - b)'P(y - b)/2` with `P = A^{-1}`. A Gaussian target is
 * `pi = N(m, S)`.
 *
 * Conventions: matrices are row-major `Float64Array`s of length `d * d`,
 * vectors have length `d`, and the dimension `d` is always passed
 * explicitly as an argument (as in `math/linalg`); lengths are checked and a
 * mismatch throws `RangeError`. Symmetric matrices are read in full and
 * assumed symmetric; every matrix returned is exactly symmetric. Inputs are
 * never modified.
 *
 * References: N. Deb & T. Liang, "No-Regret Generative Modeling via
 * Parabolic Monge-Ampère PDE" (arXiv 2504.09279); N. Deb, Y.-H. Kim,
 * S. Pal & G. Schiebinger, "Wasserstein Mirror Gradient Flow as the Limit of
 * the Sinkhorn Algorithm" (arXiv 2307.16421).
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import {
  cholesky,
  choleskyLogDet,
  inverseSpd,
  matmul,
  solveLower,
  solveSpd,
  symmetricSqrt,
  symmetrize,
} from '../math/linalg.js';

/**
 * A quadratic potential `u(x) = x'Ax/2 + b'x`: `A` symmetric positive
 * definite (`d x d`, row-major), `b` of length `d`. It pushes
 * `rho = N(0, I)` to `q = N(b, A^2)`.
 *
 * @example
 * ```ts
 * import { quadraticPushforward, type QuadraticPotential } from 'brenier';
 *
 * // u(x) = x'Ax/2 + b'x with A = diag(2, 0.5): T(x) = Ax + b.
 * const u: QuadraticPotential = { A: Float64Array.of(2, 0, 0, 0.5), b: Float64Array.of(1, -2) };
 * const q = quadraticPushforward(u, 2); // q = N(b, A^2)
 * console.log(q.m, q.S); // [1, -2], [4, 0, 0, 0.25]
 * ```
 * @category Theory
 */
export interface QuadraticPotential {
  /** Hessian `A = ∇²u`, row-major `d x d`, symmetric positive definite. */
  A: Float64Array;
  /** Linear coefficient `b = ∇u(0)`, the mean of `q`. */
  b: Float64Array;
}

/**
 * A Gaussian target `pi = N(m, S)`: mean `m` (length `d`), covariance `S`
 * (`d x d`, row-major, symmetric positive definite).
 *
 * @example
 * ```ts
 * import { klOptimalGaussian, type GaussianTarget } from 'brenier';
 *
 * // pi = N((1, -2), diag(4, 9)).
 * const target: GaussianTarget = { m: Float64Array.of(1, -2), S: Float64Array.of(4, 0, 0, 9) };
 * const best = klOptimalGaussian(target.m, target.S, 2);
 * console.log(best.A, best.b); // [2, 0, 0, 3], [1, -2]: A = S^{1/2}, b = m
 * ```
 * @category Theory
 */
export interface GaussianTarget {
  /** Mean `m`. */
  m: Float64Array;
  /** Covariance `S`. */
  S: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);

function at(a: Float64Array, i: number): number {
  return a[i] as number;
}

function checkDim(what: string, d: number): void {
  if (!Number.isSafeInteger(d) || d < 1)
    throw new RangeError(`${what}: dimension must be a positive integer, received ${d}`);
}

function checkLength(what: string, a: Float64Array, size: number): void {
  if (!(a instanceof Float64Array) || a.length !== size) {
    const got = a instanceof Float64Array ? `${a.length} entries` : 'not a Float64Array';
    throw new RangeError(`${what}: expected a Float64Array of ${size} entries, received ${got}`);
  }
}

function checkPotential(what: string, u: QuadraticPotential, d: number): void {
  checkLength(`${what} (A)`, u.A, d * d);
  checkLength(`${what} (b)`, u.b, d);
}

function checkTarget(what: string, t: GaussianTarget, d: number): void {
  checkLength(`${what} (S)`, t.S, d * d);
  checkLength(`${what} (m)`, t.m, d);
}

function checkStep(what: string, eta: number): void {
  if (!(eta > 0) || !Number.isFinite(eta))
    throw new RangeError(`${what}: step eta must be positive and finite, received ${eta}`);
}

function sub(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v - at(b, i));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += at(a, i) * at(b, i);
  return s;
}

function sumSquares(a: Float64Array): number {
  return dot(a, a);
}

/** Cholesky with a caller-specific message on failure (issue and details preserved). */
function choleskyOf(what: string, a: Float64Array, d: number): Float64Array {
  try {
    return cholesky(a, d);
  } catch (error) {
    if (error instanceof NumericalError) {
      throw new NumericalError(error.issue, `${what}: ${error.message}`, { ...error.details });
    }
    throw error;
  }
}

/**
 * `KL(N(m1, L1 L1') || N(m2, S2))` from the factor `L1` (any square root
 * `C1` with covariance `C1 C1'` works) and the Cholesky factor `L2` of `S2`:
 * `[ |L2^{-1} C1|_F^2 + |L2^{-1}(m2 - m1)|^2 - d + log det S2 - log det(C1 C1') ] / 2`.
 */
function klFromFactors(
  c1: Float64Array,
  logDet1: number,
  m1: Float64Array,
  l2: Float64Array,
  m2: Float64Array,
  d: number,
): number {
  const trace = sumSquares(solveLower(l2, c1, d, d));
  const maha = sumSquares(solveLower(l2, sub(m2, m1), d));
  const kl = 0.5 * (trace + maha - d + choleskyLogDet(l2, d) - logDet1);
  return Math.max(kl, 0);
}

/**
 * Kullback–Leibler divergence between two Gaussians,
 *
 *     KL(N(m1, S1) || N(m2, S2)) = [ tr(S2^{-1} S1) + (m2 - m1)' S2^{-1} (m2 - m1) - d
 *                                    + log det S2 - log det S1 ] / 2,
 *
 * computed through Cholesky factors (`tr(S2^{-1} S1) = |L2^{-1} L1|_F^2`)
 * so that it is accurate near zero; round-off below zero is clamped to 0.
 *
 * @param m1 - mean of the first argument.
 * @param S1 - covariance of the first argument (SPD).
 * @param m2 - mean of the second argument.
 * @param S2 - covariance of the second argument (SPD).
 * @param d - dimension.
 * @returns `KL >= 0`, zero iff the two Gaussians are equal.
 * @example
 * ```ts
 * import { gaussianKl } from 'brenier';
 *
 * // KL(N(0, 1) || N(1, 4)) = (1/4 + 1/4 - 1 + log 4) / 2
 * const kl = gaussianKl(Float64Array.of(0), Float64Array.of(1), Float64Array.of(1), Float64Array.of(4), 1);
 * console.log(kl); // ≈ 0.4431
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `S1` or `S2` is not SPD.
 * @category Theory
 */
export function gaussianKl(m1: Float64Array, S1: Float64Array, m2: Float64Array, S2: Float64Array, d: number): number {
  checkDim('gaussianKl', d);
  checkLength('gaussianKl (m1)', m1, d);
  checkLength('gaussianKl (S1)', S1, d * d);
  checkLength('gaussianKl (m2)', m2, d);
  checkLength('gaussianKl (S2)', S2, d * d);
  const l1 = choleskyOf('gaussianKl (S1)', S1, d);
  const l2 = choleskyOf('gaussianKl (S2)', S2, d);
  return klFromFactors(l1, choleskyLogDet(l1, d), m1, l2, m2, d);
}

/**
 * KL divergence from the push-forward `q = N(b, A^2)` of `rho` by the
 * quadratic potential `u(x) = x'Ax/2 + b'x` to the Gaussian `N(m, S)`:
 *
 *     KL(q || N(m, S)) = [ tr(S^{-1} A^2) + (m - b)' S^{-1} (m - b) - d
 *                          + log det S - 2 log det A ] / 2,
 *
 * with `A` itself as the square root of `A^2` (never forming `A^2`). This
 * is `F(q) = KL(q | pi)`, the objective of docs/algorithm.md section 4, for a
 * Gaussian target.
 *
 * @param A - Hessian of the potential (SPD).
 * @param b - linear coefficient of the potential (the mean of `q`).
 * @param m - target mean.
 * @param S - target covariance (SPD).
 * @param d - dimension.
 * @example
 * ```ts
 * import { quadraticPotentialKl } from 'brenier';
 *
 * // The identity map (q = N(0, I)) against pi = N((1, 0), diag(4, 1)).
 * const A = Float64Array.of(1, 0, 0, 1);
 * const b = Float64Array.of(0, 0);
 * const kl = quadraticPotentialKl(A, b, Float64Array.of(1, 0), Float64Array.of(4, 0, 0, 1), 2);
 * console.log(kl); // ≈ 0.4431
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `A` or `S` is not SPD.
 * @category Theory
 */
export function quadraticPotentialKl(
  A: Float64Array,
  b: Float64Array,
  m: Float64Array,
  S: Float64Array,
  d: number,
): number {
  checkDim('quadraticPotentialKl', d);
  checkPotential('quadraticPotentialKl', { A, b }, d);
  checkTarget('quadraticPotentialKl', { m, S }, d);
  const la = choleskyOf('quadraticPotentialKl (A)', A, d);
  const ls = choleskyOf('quadraticPotentialKl (S)', S, d);
  return klFromFactors(A, 2 * choleskyLogDet(la, d), b, ls, m, d);
}

/**
 * The Gaussian `q = N(b, A^2)` that the quadratic potential
 * `u(x) = x'Ax/2 + b'x` pushes `rho = N(0, I)` to, as `{ m: b, S: A A }`.
 *
 * @param u - the potential.
 * @param d - dimension.
 * @example
 * ```ts
 * import { quadraticPushforward } from 'brenier';
 *
 * const q = quadraticPushforward({ A: Float64Array.of(2, 1, 1, 2), b: Float64Array.of(1, -1) }, 2);
 * console.log(q.m, q.S); // [1, -1], [5, 4, 4, 5] (S = A A)
 * ```
 * @category Theory
 */
export function quadraticPushforward(u: QuadraticPotential, d: number): GaussianTarget {
  checkDim('quadraticPushforward', d);
  checkPotential('quadraticPushforward', u, d);
  return { m: Float64Array.from(u.b), S: symmetrize(matmul(u.A, u.A, d), d) };
}

/**
 * Bregman divergence of the mirror functional `Phi(mu) = W2^2(rho, mu)/2`
 * between quadratic potentials (docs/algorithm.md sections 4 and 5). With
 * `mu = (A_mu, b_mu)`, `nu = (A_nu, b_nu)` and `P_mu = A_mu^{-1}`,
 *
 *     D(nu || mu) = E_rho[ u_mu(x) + u_mu^*(∇u_nu(x)) - <x, ∇u_nu(x)> ]
 *                 = tr((A_mu - A_nu) P_mu (A_mu - A_nu))/2 + (b_nu - b_mu)' P_mu (b_nu - b_mu)/2.
 *
 * The second line is the first with no constant left over: with
 * `u_mu(x) = x'A_mu x/2 + b_mu'x` and `u_mu^*(y) = (y - b_mu)'P_mu(y - b_mu)/2`,
 * `E_rho[u_mu] = tr(A_mu)/2`, `E_rho[u_mu^*(A_nu x + b_nu)] = tr(A_nu P_mu A_nu)/2 + (b_nu - b_mu)'P_mu(b_nu - b_mu)/2`
 * and `E_rho<x, A_nu x + b_nu> = tr(A_nu)`, while
 * `tr((A_mu - A_nu) P_mu (A_mu - A_nu)) = tr(A_mu) - 2 tr(A_nu) + tr(A_nu P_mu A_nu)`.
 * It is also `Phi(nu) - Phi(mu) - <δPhi(mu), nu - mu>` with
 * `δPhi(mu)(y) = |y|^2/2 - u_mu^*(y)`.
 *
 * The second argument `mu` is the one whose conjugate (hence `P_mu`)
 * appears; `D` is not symmetric. `D >= 0`, zero iff the maps agree.
 * Computed as `|L^{-1}(A_mu - A_nu)|_F^2/2 + |L^{-1}(b_nu - b_mu)|^2/2`
 * with `A_mu = L L'` (Cholesky), so it is non-negative to round-off.
 *
 * @param nu - first argument (`nu` in `D(nu || mu)`).
 * @param mu - second argument (the reference point: `P_mu = A_mu^{-1}`).
 * @param d - dimension.
 * @example
 * ```ts
 * import { bregmanDivergence, type QuadraticPotential } from 'brenier';
 *
 * const mu: QuadraticPotential = { A: Float64Array.of(1, 0, 0, 1), b: Float64Array.of(0, 0) };
 * const nu: QuadraticPotential = { A: Float64Array.of(2, 0, 0, 1), b: Float64Array.of(1, 0) };
 * console.log(bregmanDivergence(nu, mu, 2)); // 1   = (2 - 1)^2 / 2 + 1^2 / 2
 * console.log(bregmanDivergence(mu, nu, 2)); // 0.5: D is not symmetric
 * ```
 * @example The per-step identity of the mirror step, exact on a Gaussian target
 * ```ts
 * import { bregmanDivergence, exactMirrorStep, gaussianKl, klOptimalGaussian, quadraticPotentialKl } from 'brenier';
 *
 * const target = { m: Float64Array.of(1, -2), S: Float64Array.of(4, 0, 0, 1) };
 * const identity = Float64Array.of(1, 0, 0, 1);
 * const q0 = { A: identity, b: Float64Array.of(0, 0) }; // q0 = N(0, I)
 * const eta = 0.5;
 * const q1 = exactMirrorStep(q0, target, eta, 2);
 * const nu = klOptimalGaussian(target.m, target.S, 2); // the comparator: pi itself, F(nu) = 0
 * // eta [F(q0) - F(nu) + KL(nu || q0)] = D(nu || q0) - D(nu || q1) + D(q0 || q1)
 * const F0 = quadraticPotentialKl(q0.A, q0.b, target.m, target.S, 2);
 * const lhs = eta * (F0 + gaussianKl(target.m, target.S, q0.b, identity, 2));
 * const rhs = bregmanDivergence(nu, q0, 2) - bregmanDivergence(nu, q1, 2) + bregmanDivergence(q0, q1, 2);
 * console.log(lhs, rhs); // 2.875 2.875
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `A_mu` is not SPD.
 * @category Theory
 */
export function bregmanDivergence(nu: QuadraticPotential, mu: QuadraticPotential, d: number): number {
  checkDim('bregmanDivergence', d);
  checkPotential('bregmanDivergence (nu)', nu, d);
  checkPotential('bregmanDivergence (mu)', mu, d);
  const l = choleskyOf('bregmanDivergence (A_mu)', mu.A, d);
  const dA = sub(mu.A, nu.A);
  const db = sub(nu.b, mu.b);
  return 0.5 * sumSquares(solveLower(l, dA, d, d)) + 0.5 * sumSquares(solveLower(l, db, d));
}

/**
 * One exact mirror (dual) step of Monge–Ampère mirror descent on the
 * Gaussian target `pi = N(m, S)` (docs/algorithm.md sections 3 and 5):
 * `u*_{k+1} = u*_k + eta log(q_k / pi)`, which on quadratics reads, with
 * `P_k = A_k^{-1}`,
 *
 *     P_{k+1} = P_k + eta (S^{-1} - P_k^2),
 *     b_{k+1} = P_{k+1}^{-1} [ (P_k - eta P_k^2) b_k + eta S^{-1} m ],
 *     A_{k+1} = P_{k+1}^{-1}.
 *
 * This is the step the regret bound and the sharp per-step identity of
 * section 4 are about. `P_{k+1}` must stay positive definite;
 * `eta < λ_min(A_k) = 1/λ_max(P_k)` suffices (then `P_k - eta P_k^2` is SPD).
 *
 * @param u - current potential `(A_k, b_k)`.
 * @param target - Gaussian target `N(m, S)`.
 * @param eta - step size, positive.
 * @param d - dimension.
 * @returns the next potential `(A_{k+1}, b_{k+1})` (`A_{k+1}` exactly symmetric).
 * @example
 * ```ts
 * import { exactMirrorStep, quadraticPotentialKl, type GaussianTarget, type QuadraticPotential } from 'brenier';
 *
 * const target: GaussianTarget = { m: Float64Array.of(1, -2), S: Float64Array.of(4, 0, 0, 1) };
 * let u: QuadraticPotential = { A: Float64Array.of(1, 0, 0, 1), b: Float64Array.of(0, 0) }; // q_0 = N(0, I)
 * u = exactMirrorStep(u, target, 0.5, 2);
 * console.log(u.A, u.b); // [1.6, 0, 0, 1], [0.2, -1]
 * for (let k = 1; k < 50; k++) u = exactMirrorStep(u, target, 0.5, 2);
 * console.log(u.A, u.b); // ≈ [2, 0, 0, 1], [1, -2]: A = S^{1/2}, b = m
 * console.log(quadraticPotentialKl(u.A, u.b, target.m, target.S, 2)); // ≈ 5e-14
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `P_{k+1}` is not
 *   positive definite (the step is too large), or `A_k` or `S` is not SPD.
 * @throws RangeError on a non-positive or non-finite `eta` or mismatched lengths.
 * @category Theory
 */
export function exactMirrorStep(
  u: QuadraticPotential,
  target: GaussianTarget,
  eta: number,
  d: number,
): QuadraticPotential {
  checkDim('exactMirrorStep', d);
  checkPotential('exactMirrorStep (potential)', u, d);
  checkTarget('exactMirrorStep (target)', target, d);
  checkStep('exactMirrorStep', eta);
  const p = inverseSpd(u.A, d);
  const sInv = inverseSpd(target.S, d);
  const p2 = matmul(p, p, d);
  const pNext = new Float64Array(d * d);
  const pShrunk = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) {
    pNext[i] = at(p, i) + eta * (at(sInv, i) - at(p2, i));
    pShrunk[i] = at(p, i) - eta * at(p2, i);
  }
  const pSym = symmetrize(pNext, d);
  try {
    cholesky(pSym, d);
  } catch (error) {
    if (error instanceof NumericalError) {
      throw new NumericalError(
        'not-positive-definite',
        `exactMirrorStep: P_{k+1} = P_k + eta (S^{-1} - P_k^2) is not positive definite; the step eta = ${eta} is too large`,
        { ...error.details, eta },
      );
    }
    throw error;
  }
  const rhs = matmul(pShrunk, u.b, d, d, 1);
  const sInvM = matmul(sInv, target.m, d, d, 1);
  for (let i = 0; i < d; i++) rhs[i] = at(rhs, i) + eta * at(sInvM, i);
  return { A: inverseSpd(pSym, d), b: solveSpd(pSym, rhs, d) };
}

/**
 * One primal explicit Euler step `u_{k+1} = u_k + eta h_{u_k}` of the
 * parabolic Monge–Ampère flow on the Gaussian target `N(m, S)`
 * (docs/algorithm.md section 5):
 *
 *     A_{k+1} = A_k + eta (I - A_k S^{-1} A_k)       (symmetrised),
 *     b_{k+1} = b_k - eta A_k S^{-1} (b_k - m).
 *
 * It agrees with {@link exactMirrorStep} to first order in `eta` and has the
 * same fixed point, but the per-step identity and regret bound of section 4
 * hold only for the mirror step. It loses positive definiteness when `q_k`
 * is too wide for the step.
 *
 * @param u - current potential `(A_k, b_k)`.
 * @param target - Gaussian target `N(m, S)`.
 * @param eta - step size, positive.
 * @param d - dimension.
 * @returns the next potential.
 * @example
 * ```ts
 * import { exactMirrorStep, exactPrimalStep, type GaussianTarget } from 'brenier';
 *
 * const target: GaussianTarget = { m: Float64Array.of(1, -2), S: Float64Array.of(4, 0, 0, 1) };
 * const u = { A: Float64Array.of(1, 0, 0, 1), b: Float64Array.of(0, 0) };
 * const primal = exactPrimalStep(u, target, 0.5, 2);
 * const mirror = exactMirrorStep(u, target, 0.5, 2);
 * console.log(primal.A, primal.b); // [1.375, 0, 0, 1], [0.125, -1]
 * console.log(mirror.A, mirror.b); // [1.6, 0, 0, 1], [0.2, -1]: equal to first order in eta only
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `A_{k+1}` is not
 *   positive definite (the step is too large) or `S` is not SPD.
 * @throws RangeError on a non-positive or non-finite `eta` or mismatched lengths.
 * @category Theory
 */
export function exactPrimalStep(
  u: QuadraticPotential,
  target: GaussianTarget,
  eta: number,
  d: number,
): QuadraticPotential {
  checkDim('exactPrimalStep', d);
  checkPotential('exactPrimalStep (potential)', u, d);
  checkTarget('exactPrimalStep (target)', target, d);
  checkStep('exactPrimalStep', eta);
  const sInvA = solveSpd(target.S, u.A, d, d); // S^{-1} A_k
  const aSInvA = matmul(u.A, sInvA, d);
  const aNext = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      aNext[i * d + j] = at(u.A, i * d + j) + eta * ((i === j ? 1 : 0) - at(aSInvA, i * d + j));
    }
  }
  const aSym = symmetrize(aNext, d);
  try {
    cholesky(aSym, d);
  } catch (error) {
    if (error instanceof NumericalError) {
      throw new NumericalError(
        'not-positive-definite',
        `exactPrimalStep: A_{k+1} = A_k + eta (I - A_k S^{-1} A_k) is not positive definite; the step eta = ${eta} is too large`,
        { ...error.details, eta },
      );
    }
    throw error;
  }
  const r = solveSpd(target.S, sub(u.b, target.m), d); // S^{-1}(b_k - m)
  const ar = matmul(u.A, r, d, d, 1);
  return { A: aSym, b: u.b.map((v, i) => v - eta * at(ar, i)) };
}

/**
 * The KL-optimal quadratic potential for the Gaussian target `N(m, S)`, the
 * common fixed point of {@link exactMirrorStep} and {@link exactPrimalStep}:
 * `A = S^{1/2}` (the symmetric positive-definite root), `b = m`, so that
 * `q = N(m, S)` exactly and `∇u(x) = S^{1/2} x + m` is the Brenier map from
 * `rho` to the target.
 *
 * @param m - target mean.
 * @param S - target covariance (SPD).
 * @param d - dimension.
 * @example
 * ```ts
 * import { klOptimalGaussian, quadraticPushforward } from 'brenier';
 *
 * const u = klOptimalGaussian(Float64Array.of(0, 0), Float64Array.of(2, 1, 1, 2), 2);
 * console.log(u.A); // ≈ [1.366, 0.366, 0.366, 1.366], the symmetric square root of S
 * console.log(quadraticPushforward(u, 2).S); // ≈ [2, 1, 1, 2]
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `S` is not SPD.
 * @category Theory
 */
export function klOptimalGaussian(m: Float64Array, S: Float64Array, d: number): QuadraticPotential {
  checkDim('klOptimalGaussian', d);
  checkTarget('klOptimalGaussian', { m, S }, d);
  return { A: symmetricSqrt(S, d), b: Float64Array.from(m) };
}

/**
 * Differential entropy of `q = N(b, A^2)`, the push-forward of `rho` by a
 * quadratic potential with Hessian `A`:
 *
 *     H(q) = log det A + (d/2)(1 + log 2 pi).
 *
 * @param A - Hessian of the potential (SPD).
 * @param d - dimension.
 * @example
 * ```ts
 * import { gaussianEntropy } from 'brenier';
 *
 * console.log(gaussianEntropy(Float64Array.of(1), 1)); // ≈ 1.4189 = (1 + log 2π) / 2, the entropy of N(0, 1)
 * console.log(gaussianEntropy(Float64Array.of(2, 0, 0, 1), 2)); // ≈ 3.5310 = log 2 + 1 + log 2π
 * ```
 * @throws {@link NumericalError} `'not-positive-definite'` when `A` is not SPD.
 * @category Theory
 */
export function gaussianEntropy(A: Float64Array, d: number): number {
  checkDim('gaussianEntropy', d);
  checkLength('gaussianEntropy (A)', A, d * d);
  return choleskyLogDet(choleskyOf('gaussianEntropy (A)', A, d), d) + 0.5 * d * (1 + LOG_2PI);
}

/**
 * Evidence lower bound of the quadratic potential `u` (docs/algorithm.md
 * section 1: `ELBO(u) = E_rho[h_u(x)] = E_q[L(y)] + H(q)`) for the target
 * with log density `L(y) = log N(y; m, S) + logZ`:
 *
 *     ELBO(u) = logZ - KL(q || N(m, S)),   q = N(b, A^2).
 *
 * With the default `logZ = 0` (normalised target) this is `-F(q)`.
 *
 * @param u - the potential.
 * @param target - Gaussian target `N(m, S)`.
 * @param d - dimension.
 * @param logZ - log normalising constant of the unnormalised target (default 0).
 * @example
 * ```ts
 * import { gaussianElbo, klOptimalGaussian, type GaussianTarget } from 'brenier';
 *
 * const target: GaussianTarget = { m: Float64Array.of(1, 0), S: Float64Array.of(4, 0, 0, 1) };
 * const identity = { A: Float64Array.of(1, 0, 0, 1), b: Float64Array.of(0, 0) };
 * console.log(gaussianElbo(identity, target, 2)); // ≈ -0.4431 = -KL(N(0, I) || pi)
 * console.log(gaussianElbo(identity, target, 2, 3)); // ≈ 2.5569 with log Z = 3
 * console.log(gaussianElbo(klOptimalGaussian(target.m, target.S, 2), target, 2)); // 0: q = pi
 * ```
 * @category Theory
 */
export function gaussianElbo(u: QuadraticPotential, target: GaussianTarget, d: number, logZ = 0): number {
  return logZ - quadraticPotentialKl(u.A, u.b, target.m, target.S, d);
}

/**
 * Random symmetric positive-definite `d x d` matrix `Q diag(λ) Q'` with
 * condition number `conditionNumber` (`kappa`), for tests and benchmarks:
 *
 * - `Q` is Haar-distributed orthogonal: modified Gram–Schmidt (the Q of a QR
 *   factorisation with positive `diag(R)`) of a matrix of standard normal
 *   draws from `rng`;
 * - the eigenvalues are log-spaced from 1 to `kappa`,
 *   `λ_i = kappa^{i/(d-1)}`, `i = 0..d-1` (so `λ_min = 1`, `λ_max = kappa`;
 *   for `d = 1` the matrix is `[1]`), then multiplied by `scale`.
 *
 * @param rng - random-number generator (advanced by `d^2` normal draws, plus redraws in the
 *   practically impossible event of a rank-deficient draw).
 * @param d - dimension.
 * @param conditionNumber - `kappa >= 1`, the ratio of the largest to the smallest eigenvalue.
 * @param scale - positive multiplier of all eigenvalues (default 1).
 * @returns a row-major, exactly symmetric SPD matrix.
 * @example
 * ```ts
 * import { Rng, gaussianEntropy, klOptimalGaussian, randomSpd } from 'brenier';
 *
 * // A random 3-D covariance with condition number 100: eigenvalues 1, 10, 100, random axes.
 * const S = randomSpd(new Rng(1), 3, 100);
 * // Its determinant does not depend on the axes: log det S^{1/2} = log(1000) / 2.
 * const { A } = klOptimalGaussian(new Float64Array(3), S, 3);
 * console.log(gaussianEntropy(A, 3) - 1.5 * (1 + Math.log(2 * Math.PI))); // ≈ 3.4539
 * console.log(randomSpd(new Rng(1), 1, 100, 2)); // [2]: in one dimension, just the scale
 * ```
 * @category Theory
 */
export function randomSpd(rng: Rng, d: number, conditionNumber: number, scale = 1): Float64Array {
  checkDim('randomSpd', d);
  if (!(conditionNumber >= 1) || !Number.isFinite(conditionNumber)) {
    throw new RangeError(`randomSpd: conditionNumber must be finite and >= 1, received ${conditionNumber}`);
  }
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`randomSpd: scale must be positive and finite, received ${scale}`);
  }
  const q = randomOrthogonal(rng, d);
  const lambda = Float64Array.from({ length: d }, (_, i) =>
    d === 1 ? scale : scale * Math.pow(conditionNumber, i / (d - 1)),
  );
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += at(q, i * d + k) * at(lambda, k) * at(q, j * d + k);
      out[i * d + j] = s;
      out[j * d + i] = s;
    }
  }
  return out;
}

/** Haar orthogonal matrix: columns from modified Gram–Schmidt of standard normal columns. */
function randomOrthogonal(rng: Rng, d: number): Float64Array {
  const cols: Float64Array[] = [];
  while (cols.length < d) {
    const v = rng.normals(d);
    for (const c of cols) {
      const proj = dot(c, v);
      for (let i = 0; i < d; i++) v[i] = at(v, i) - proj * at(c, i);
    }
    // Re-orthogonalise once ("twice is enough") for orthogonality to working precision.
    for (const c of cols) {
      const proj = dot(c, v);
      for (let i = 0; i < d; i++) v[i] = at(v, i) - proj * at(c, i);
    }
    const norm = Math.sqrt(sumSquares(v));
    if (!(norm > 1e-8)) continue;
    cols.push(v.map((x) => x / norm));
  }
  const q = new Float64Array(d * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) q[i * d + j] = at(cols[j] as Float64Array, i);
  return q;
}
