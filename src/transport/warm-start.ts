/**
 * Affine-invariant warm start of the flow: damped natural-gradient steps of
 * Gaussian variational inference (a stochastic Newton method on the
 * Gaussian family), with the same particles and Stein regression as the
 * flow.
 *
 * Why. The Monge-Ampère flow's linearised rates are `1 - eta / sigma_i`
 * with `eta` below the smallest posterior sd (docs/algorithm.md, sections 5 and 7), so
 * its step count grows with the condition number of the posterior: a
 * regression whose coefficients have sds 100x apart needs thousands of
 * steps, and the stopping rule can mistake the slow drift for convergence.
 * Natural-gradient steps are affine invariant: with q = N(m, S), `y = m + A x`,
 * and the regression `s(y) ~ G x + g`, Stein's identity gives
 * `E_q[grad^2 log pi] = G A^{-1}`, and the step
 *
 *     S^{-1} <- (1 - rho) S^{-1} + rho (-sym(G A^{-1})),   m <- m + rho S g
 *
 * is Newton's method on the Gaussian ELBO; its fixed point is the same
 * KL-optimal Gaussian as the flow's. On a Gaussian target one step with
 * `rho = 1` lands on it exactly. The warm start only has to get close: the
 * flow then runs on the target whitened by the warm start's Gaussian, where
 * every direction has unit scale.
 *
 * Safeguards: `rho` halves whenever the new precision is not positive
 * definite, and a step is undone (with `rho` halved) when the ELBO on the
 * next, independent draws falls by more than two standard errors.
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { cholesky, inverseSpd, matmul, symmetricInverseSqrt } from '../math/linalg.js';
import { elboEstimate, type FlowTarget } from './flow.js';
import { gaussianFamily, type GaussianPotential } from './gaussian-family.js';
import { steinRegression } from './stein-regression.js';

/**
 * State of the warm start: the current Gaussian, its damping and the
 * previous accepted Gaussian with its ELBO (to undo a bad step). Plain
 * data: it survives a JSON round trip.
 *
 * @example
 * ```ts
 * import { initWarmStart, type GaussianPotential, type WarmStartState } from 'brenier';
 *
 * // Start from N(mode, H) found elsewhere: b = mode, A = H^{1/2}.
 * const atMode: GaussianPotential = { family: 'gaussian', dim: 2, A: [1.5, 0, 0, 0.4], b: [0.8, -2.1] };
 * const state: WarmStartState = initWarmStart(2, 1, atMode);
 * console.log(state.damping, state.iteration); // 1 0
 * ```
 * @category Transport
 */
export interface WarmStartState {
  /** The current Gaussian, as a quadratic potential (`q = N(b, A^2)`). */
  readonly potential: GaussianPotential;
  /** Damping `rho` in (0, 1]. */
  readonly damping: number;
  /** Steps taken (accepted or not). */
  readonly iteration: number;
  /** State of the random stream. */
  readonly rng: readonly [number, number, number, number];
  /** The Gaussian the current one was stepped from, with its ELBO estimate. */
  readonly previous?: WarmStartPrevious;
}

/**
 * The Gaussian a warm-start step came from, kept to undo the step.
 *
 * @example
 * ```ts
 * import { initWarmStart, warmStartStep, type FlowTarget, type WarmStartPrevious } from 'brenier';
 *
 * // Target N((1, -2), diag(4, 0.25)), unnormalised, in plain float64.
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 / 8 + (y[2 * i + 1]! + 2) ** 2 * 2)),
 *   gradient: y.map((v, k) => (k % 2 === 0 ? -(v - 1) / 4 : -(v + 2) * 4)),
 * });
 * const { state } = warmStartStep(initWarmStart(2, 1), target, 50);
 * const previous: WarmStartPrevious | undefined = state.previous;
 * console.log(previous?.potential.b, previous?.elbo); // [0, 0], the ELBO of N(0, I)
 * ```
 * @category Transport
 */
export interface WarmStartPrevious {
  /** The Gaussian. */
  readonly potential: GaussianPotential;
  /** Its ELBO estimate. */
  readonly elbo: number;
  /** The standard error of that estimate. */
  readonly elboSe: number;
}

/**
 * The result of {@link warmStartStep}.
 *
 * @example
 * ```ts
 * import { initWarmStart, warmStartStep, type FlowTarget, type WarmStartStepResult } from 'brenier';
 *
 * // Target N((1, -2), diag(4, 0.25)), unnormalised, in plain float64.
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 / 8 + (y[2 * i + 1]! + 2) ** 2 * 2)),
 *   gradient: y.map((v, k) => (k % 2 === 0 ? -(v - 1) / 4 : -(v + 2) * 4)),
 * });
 * const result: WarmStartStepResult = warmStartStep(initWarmStart(2, 1), target, 50);
 * const { state, info } = result; // carry `state` to the next step
 * ```
 * @category Transport
 */
export interface WarmStartStepResult {
  /** The next state. */
  readonly state: WarmStartState;
  /** What the step did. */
  readonly info: WarmStartInfo;
}

/**
 * What one warm-start step did.
 *
 * @example The stopping rule of the warm start in fitPosterior
 * ```ts
 * import { initWarmStart, warmStartStep, type FlowTarget, type WarmStartInfo } from 'brenier';
 *
 * // Target N((1, -2), diag(4, 0.25)), unnormalised, in plain float64.
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 / 8 + (y[2 * i + 1]! + 2) ** 2 * 2)),
 *   gradient: y.map((v, k) => (k % 2 === 0 ? -(v - 1) / 4 : -(v + 2) * 4)),
 * });
 * let state = initWarmStart(2, 1);
 * for (let k = 0; k < 30; k++) {
 *   const step = warmStartStep(state, target, 50);
 *   state = step.state;
 *   const info: WarmStartInfo = step.info;
 *   if (info.accepted && info.meanChange < 0.1 && info.sdChange < 0.1) break; // means within 0.1 sd, sds within 10%
 * }
 * console.log(state.iteration); // 2: the first step lands on the target, the second confirms it
 * ```
 * @category Transport
 */
export interface WarmStartInfo {
  /** ELBO estimate of the Gaussian evaluated in this step. */
  readonly elbo: number;
  /** Its standard error. */
  readonly elboSe: number;
  /** Whether the evaluated Gaussian was kept (false: the previous step was undone). */
  readonly accepted: boolean;
  /** Largest change of a mean, in sds of the evaluated Gaussian. */
  readonly meanChange: number;
  /** Largest relative change of a marginal sd. */
  readonly sdChange: number;
}

/** A Gaussian evaluated on source draws: the target there and the ELBO estimate. @category Transport */
export interface GaussianEvaluation {
  /** The target at the particles `y = b + A x`. */
  readonly evaluation: ReturnType<FlowTarget>;
  /** ELBO estimate. */
  readonly elbo: number;
  /** Its standard error. */
  readonly elboSe: number;
}

/**
 * Evaluate the target at the particles of a Gaussian potential for the
 * source draws `x` (`[n, d]`) and estimate its ELBO; `undefined` when the
 * target reports numerical trouble (a non-finite density or score) there.
 *
 * @category Transport
 */
export function evaluateGaussian(
  potential: GaussianPotential,
  x: Float64Array,
  n: number,
  target: FlowTarget,
): GaussianEvaluation | undefined {
  const { y, logDetHessian } = gaussianFamily.map(potential, x, n);
  let evaluation: ReturnType<FlowTarget>;
  try {
    evaluation = target(y, n);
  } catch (error) {
    if (error instanceof NumericalError) return undefined;
    throw error;
  }
  return { evaluation, ...elboEstimate(evaluation.logDensity, logDetHessian, x, n, potential.dim) };
}

/**
 * Start from `potential` (default: the identity map, q = N(0, I)).
 *
 * @param dim - dimension.
 * @param seed - seed of the particles' random stream.
 * @param potential - the starting Gaussian.
 * @example
 * ```ts
 * import { initWarmStart } from 'brenier';
 *
 * const state = initWarmStart(3, 1);
 * console.log(state.potential.b, state.damping); // [0, 0, 0] 1
 * ```
 * @category Transport
 */
export function initWarmStart(dim: number, seed: number, potential?: GaussianPotential): WarmStartState {
  return {
    potential: potential ?? gaussianFamily.identity(dim),
    damping: 1,
    iteration: 0,
    rng: new Rng(seed).getState(),
  };
}

/** Largest |change of mean| in sds, and largest relative change of a marginal sd, between two Gaussians. */
function changes(from: GaussianPotential, to: GaussianPotential): { meanChange: number; sdChange: number } {
  const sdFrom = gaussianFamily.marginalSds(from);
  const sdTo = gaussianFamily.marginalSds(to);
  let meanChange = 0;
  let sdChange = 0;
  for (let i = 0; i < from.dim; i++) {
    const s = sdFrom[i] as number;
    meanChange = Math.max(meanChange, Math.abs((to.b[i] as number) - (from.b[i] as number)) / s);
    sdChange = Math.max(sdChange, Math.abs((sdTo[i] as number) / s - 1));
  }
  return { meanChange, sdChange };
}

/**
 * One natural-gradient step from `particles` draws of the current Gaussian.
 * Pure apart from calling `target`.
 *
 * @example One step with damping 1 lands on a Gaussian target
 * ```ts
 * import { initWarmStart, warmStartStep, type FlowTarget } from 'brenier';
 *
 * // Target N((1, -2), diag(4, 0.25)), unnormalised, in plain float64.
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 / 8 + (y[2 * i + 1]! + 2) ** 2 * 2)),
 *   gradient: y.map((v, k) => (k % 2 === 0 ? -(v - 1) / 4 : -(v + 2) * 4)),
 * });
 * const { state, info } = warmStartStep(initWarmStart(2, 1), target, 50);
 * console.log(state.potential.A, state.potential.b); // ≈ [2, 0, 0, 0.5], [1, -2]: q = N(b, A^2) is the target
 * console.log(info.meanChange); // ≈ 2: the second mean moved by 2 sds of N(0, I)
 * ```
 * @throws {@link NumericalError} `'diverged'` when the damping underflows.
 * @category Transport
 */
export function warmStartStep(state: WarmStartState, target: FlowTarget, particles: number): WarmStartStepResult {
  const p = state.potential;
  const d = p.dim;
  const n = particles;
  const rng = Rng.fromState(state.rng);
  const x = rng.normals(n * d);
  // Numerical trouble at some particle means the last step went too far
  // (with nothing to return to, it is the caller's start that is at fault).
  const evaluated = evaluateGaussian(p, x, n, target);
  if (evaluated === undefined && state.previous === undefined)
    throw new NumericalError('diverged', 'warm start: the log density or its score is not finite at the start');
  const evaluation = evaluated?.evaluation;
  const elbo = evaluated?.elbo ?? Number.NaN;
  const elboSe = evaluated?.elboSe ?? Number.NaN;
  const previous = state.previous;
  if (
    evaluation === undefined ||
    (previous !== undefined &&
      !(elbo >= previous.elbo - 2 * Math.sqrt(elboSe * elboSe + previous.elboSe * previous.elboSe)))
  ) {
    // The step from `previous` made the fit worse (or non-finite): undo it and damp harder.
    const damping = state.damping / 2;
    if (damping < 1e-4 || previous === undefined)
      throw new NumericalError('diverged', 'warm start: the damping underflowed (ELBO kept falling)');
    const undone: WarmStartState = {
      potential: previous.potential,
      damping,
      iteration: state.iteration + 1,
      rng: rng.getState(),
    };
    return { state: undone, info: { elbo, elboSe, accepted: false, meanChange: Number.NaN, sdChange: Number.NaN } };
  }
  const { G, g } = steinRegression(x, evaluation.gradient, n, d);
  // Precision of q: P^2 with P = A^{-1}; Hessian estimate E[grad^2 log pi] = G A^{-1} = G P.
  const P = inverseSpd(Float64Array.from(p.A), d);
  const precision = matmul(P, P, d);
  const hessian = matmul(G, P, d);
  let rho = state.damping;
  let next: GaussianPotential | undefined;
  for (let attempt = 0; attempt < 40 && next === undefined; attempt++, rho /= 2) {
    const lambda = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const h = 0.5 * ((hessian[i * d + j] as number) + (hessian[j * d + i] as number));
        lambda[i * d + j] = (1 - rho) * (precision[i * d + j] as number) - rho * h;
      }
    }
    try {
      cholesky(lambda, d);
    } catch {
      continue;
    }
    const covariance = inverseSpd(lambda, d);
    const A = symmetricInverseSqrt(lambda, d);
    const b = Float64Array.from(p.b, (v, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (covariance[i * d + j] as number) * (g[j] as number);
      return v + rho * s;
    });
    if (!A.every(Number.isFinite) || !b.every(Number.isFinite)) continue;
    next = { family: 'gaussian', dim: d, A: Array.from(A), b: Array.from(b) };
  }
  if (next === undefined) {
    // The precision estimate is unusable even with tiny damping: undo the step that led here.
    if (previous === undefined)
      throw new NumericalError('diverged', 'warm start: no damping kept the precision positive definite');
    const undone: WarmStartState = {
      potential: previous.potential,
      damping: state.damping / 2,
      iteration: state.iteration + 1,
      rng: rng.getState(),
    };
    return { state: undone, info: { elbo, elboSe, accepted: false, meanChange: Number.NaN, sdChange: Number.NaN } };
  }
  const { meanChange, sdChange } = changes(p, next);
  return {
    state: {
      potential: next,
      damping: Math.min(1, 2 * state.damping),
      iteration: state.iteration + 1,
      rng: rng.getState(),
      previous: { potential: p, elbo, elboSe },
    },
    info: { elbo, elboSe, accepted: true, meanChange, sdChange },
  };
}
