/**
 * The discretised parabolic Monge-Ampère flow as a pure `init` / `step`
 * pair over a plain, serialisable state (BlackJAX style). `fitPosterior` is
 * the loop on top.
 *
 * One step: draw `n` source points `x ~ N(0, I)` from the state's
 * generator, map them, evaluate the target's log density and scores at the
 * particles (one batched call), estimate the ELBO of the current potential
 * from the same draws, and move the potential by one projected step (mirror
 * by default). With an adaptive schedule, a potential whose ELBO fell by
 * more than the tolerance (in standard errors of the difference) against
 * the previous accepted one is rejected: the flow returns to the previous
 * potential with a halved step multiplier.
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { PotentialFamily, StepKind } from './potential.js';
import { toSchedule, type Schedule } from './schedules.js';

/**
 * The target as the flow sees it: log densities and scores of `n` points
 * (row-major `[n, d]`), up to a common additive constant.
 *
 * @example A compiled model as the target
 * ```ts
 * import { initBackend, type FlowTarget } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const target: FlowTarget = (points) => compiled.logDensityAndGradient(points);
 * const { logDensity, gradient } = target(new Float64Array(compiled.dimension), 1); // at the origin
 * ```
 * @example A target in plain float64
 * ```ts
 * import type { FlowTarget } from 'brenier';
 *
 * // Unnormalised N((1, -2), diag(4, 0.25)): log densities and scores at n points, in float64.
 * const m = [1, -2];
 * const s = [2, 0.5];
 * const target: FlowTarget = (y, n) => {
 *   const z = y.map((v, k) => (v - m[k % 2]!) / s[k % 2]!);
 *   const logDensity = Float64Array.from({ length: n }, (_, i) => -(z[2 * i]! ** 2 + z[2 * i + 1]! ** 2) / 2);
 *   return { logDensity, gradient: z.map((v, k) => -v / s[k % 2]!) };
 * };
 * console.log(target(Float64Array.of(1, -2, 3, -2), 2)); // log densities [0, -0.5], scores [0, 0, -0.5, 0]
 * ```
 */
export type FlowTarget = (points: Float64Array, n: number) => TargetEvaluation;

/**
 * The target evaluated at `n` points.
 *
 * @example
 * ```ts
 * import type { TargetEvaluation } from 'brenier';
 *
 * // The standard normal in 1-D at the points -1, 0, 2 (unnormalised: log p = -y^2 / 2).
 * const y = Float64Array.of(-1, 0, 2);
 * const evaluation: TargetEvaluation = {
 *   logDensity: y.map((v) => -0.5 * v * v),
 *   gradient: y.map((v) => -v),
 * };
 * ```
 * @category Transport
 */
export interface TargetEvaluation {
  /** Log densities, `[n]`. */
  logDensity: Float64Array;
  /** Scores (gradients of the log density), row-major `[n, d]`. */
  gradient: Float64Array;
}

/**
 * A previously accepted potential with its ELBO estimate.
 *
 * @example
 * ```ts
 * import { flowStep, gaussianFamily, initFlow, type FlowConfig, type FlowTarget, type GaussianPotential } from 'brenier';
 *
 * // Target N((1, 1), 4 I), unnormalised.
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 + (y[2 * i + 1]! - 1) ** 2) / 8),
 *   gradient: y.map((v) => -(v - 1) / 4),
 * });
 * const config: FlowConfig<GaussianPotential> = { family: gaussianFamily, particles: 20, stepSize: 0.5 };
 * const { state } = flowStep(config, initFlow(config, 2, 1), target);
 * const previous = state.previous; // the potential the step started from, with its ELBO
 * console.log(previous?.elbo, previous?.elboSe);
 * ```
 * @category Transport
 */
export interface AcceptedPotential<P> {
  /** The potential. */
  readonly potential: P;
  /** Its ELBO estimate. */
  readonly elbo: number;
  /** The estimate's Monte Carlo standard error. */
  readonly elboSe: number;
}

/**
 * The result of one {@link flowStep}.
 *
 * @example
 * ```ts
 * import { flowStep, gaussianFamily, initFlow, type FlowConfig, type FlowStepResult, type FlowTarget, type GaussianPotential } from 'brenier';
 *
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 + (y[2 * i + 1]! - 1) ** 2) / 8),
 *   gradient: y.map((v) => -(v - 1) / 4),
 * });
 * const config: FlowConfig<GaussianPotential> = { family: gaussianFamily, particles: 20, stepSize: 0.5 };
 * const result: FlowStepResult<GaussianPotential> = flowStep(config, initFlow(config, 2, 1), target);
 * const { state, info } = result; // carry `state` to the next step; `info` is the step's report
 * ```
 * @category Transport
 */
export interface FlowStepResult<P> {
  /** The state for the next step. */
  state: FlowState<P>;
  /** What the step reports. */
  info: FlowStepInfo;
}

/**
 * Configuration of a flow (fixed for a run).
 *
 * @example
 * ```ts
 * import { adaptive, gaussianFamily, scaleAware, type FlowConfig, type GaussianPotential } from 'brenier';
 *
 * // What fitPosterior runs for the Gaussian family in d = 10.
 * const config: FlowConfig<GaussianPotential> = {
 *   family: gaussianFamily,
 *   particles: 50, // max(2d + 2, 50)
 *   stepSize: adaptive(scaleAware(0.5)),
 *   kind: 'mirror',
 * };
 * ```
 */
export interface FlowConfig<P> {
  /** The potential family. */
  readonly family: PotentialFamily<P>;
  /** Particles per step. */
  readonly particles: number;
  /** Step-size schedule. */
  readonly stepSize: number | Schedule;
  /** Mirror (dual, default) or primal (explicit Euler) step. */
  readonly kind?: StepKind;
  /** Smallest step multiplier before the flow reports it cannot make progress. Default 1e-6. */
  readonly minStepScale?: number;
}

/**
 * The flow's state: everything the next step needs, as plain data.
 *
 * @example Save and resume a run: the JSON round trip continues it exactly
 * ```ts
 * import { flowStep, gaussianFamily, initFlow, type FlowConfig, type FlowState, type FlowTarget, type GaussianPotential } from 'brenier';
 *
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 + (y[2 * i + 1]! - 1) ** 2) / 8),
 *   gradient: y.map((v) => -(v - 1) / 4),
 * });
 * const config: FlowConfig<GaussianPotential> = { family: gaussianFamily, particles: 20, stepSize: 0.5 };
 * let state = initFlow(config, 2, 1);
 * for (let k = 0; k < 10; k++) state = flowStep(config, state, target).state;
 * const saved = JSON.stringify(state);
 * const resumed: FlowState<GaussianPotential> = JSON.parse(saved);
 * console.log(flowStep(config, resumed, target).info.elbo === flowStep(config, state, target).info.elbo); // true
 * ```
 * @category Transport
 */
export interface FlowState<P> {
  /** Accepted steps so far. */
  readonly iteration: number;
  /** The current potential. */
  readonly potential: P;
  /** Generator state (see `Rng.getState`). */
  readonly rng: readonly [number, number, number, number];
  /** Step multiplier of the adaptive rule (1 otherwise). */
  readonly stepScale: number;
  /** The last accepted potential before the current one, with its ELBO estimate, for the adaptive check. */
  readonly previous?: AcceptedPotential<P>;
}

/**
 * What a step reports (not carried to the next step).
 *
 * @example
 * ```ts
 * import { adaptive, flowStep, gaussianFamily, initFlow, scaleAware, type FlowConfig, type FlowStepInfo, type FlowTarget, type GaussianPotential } from 'brenier';
 *
 * const target: FlowTarget = (y, n) => ({
 *   logDensity: Float64Array.from({ length: n }, (_, i) => -((y[2 * i]! - 1) ** 2 + (y[2 * i + 1]! - 1) ** 2) / 8),
 *   gradient: y.map((v) => -(v - 1) / 4),
 * });
 * const config: FlowConfig<GaussianPotential> = { family: gaussianFamily, particles: 20, stepSize: adaptive(scaleAware(0.5)) };
 * let state = initFlow(config, 2, 1);
 * const trace: FlowStepInfo[] = [];
 * for (let k = 0; k < 30; k++) {
 *   const step = flowStep(config, state, target);
 *   state = step.state;
 *   trace.push(step.info);
 * }
 * const rejected = trace.filter((info) => !info.accepted).length;
 * const last = trace[trace.length - 1];
 * console.log(rejected, last?.elbo); // 2 ≈ 3.2242: the ELBO reaches log Z = log(8π), q is the target
 * ```
 * @category Transport
 */
export interface FlowStepInfo {
  /** Index of the potential evaluated in this step (accepted steps before it). */
  readonly iteration: number;
  /** ELBO estimate of the evaluated potential, from this step's draws. */
  readonly elbo: number;
  /** Its Monte Carlo standard error. */
  readonly elboSe: number;
  /** Whether the evaluated potential was accepted (always true without an adaptive schedule). */
  readonly accepted: boolean;
  /** Step size used for the update (0 when rejected). */
  readonly eta: number;
  /** Bregman divergence D(q_k || q_{k+1}) between the evaluated potential and its update (0 when rejected). */
  readonly bregman: number;
  /** Target evaluations (log density and score) in this step. */
  readonly gradientEvaluations: number;
  /** Times the step was halved to keep the potential convex. */
  readonly convexityHalvings: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Initial state: the identity map (q = N(0, I) on the unconstrained space)
 * or a given potential.
 *
 * @param config - the flow's configuration.
 * @param dim - dimension.
 * @param seed - seed of the particles' random stream.
 * @param potential - the starting potential (default: the family's identity).
 * @example
 * ```ts
 * import { gaussianFamily, initFlow, type FlowConfig, type GaussianPotential } from 'brenier';
 *
 * const config: FlowConfig<GaussianPotential> = { family: gaussianFamily, particles: 50, stepSize: 0.25 };
 * const fromIdentity = initFlow(config, 2, 1); // q = N(0, I)
 * const start: GaussianPotential = { family: 'gaussian', dim: 2, A: [2, 0, 0, 0.5], b: [1, -2] };
 * const fromGaussian = initFlow(config, 2, 1, start); // q = N((1, -2), diag(4, 0.25))
 * console.log(fromIdentity.iteration, fromIdentity.stepScale); // 0 1
 * ```
 * @category Transport
 */
export function initFlow<P>(config: FlowConfig<P>, dim: number, seed: number, potential?: P): FlowState<P> {
  return {
    iteration: 0,
    potential: potential ?? config.family.identity(dim),
    rng: new Rng(seed).getState(),
    stepScale: 1,
  };
}

/**
 * One step of the flow. Pure apart from calling `target`.
 *
 * @param config - the flow's configuration.
 * @param state - the current state (not modified).
 * @param target - log densities and scores of the target.
 * @returns the next state and the step's report.
 * @example The flow on a Gaussian target converges to it
 * ```ts
 * import { flowStep, gaussianFamily, initFlow, type FlowConfig, type FlowTarget, type GaussianPotential } from 'brenier';
 *
 * // Unnormalised N((1, -2), diag(4, 0.25)): log densities and scores at n points, in float64.
 * const m = [1, -2];
 * const s = [2, 0.5];
 * const target: FlowTarget = (y, n) => {
 *   const z = y.map((v, k) => (v - m[k % 2]!) / s[k % 2]!);
 *   const logDensity = Float64Array.from({ length: n }, (_, i) => -(z[2 * i]! ** 2 + z[2 * i + 1]! ** 2) / 2);
 *   return { logDensity, gradient: z.map((v, k) => -v / s[k % 2]!) };
 * };
 * const config: FlowConfig<GaussianPotential> = { family: gaussianFamily, particles: 50, stepSize: 0.25 };
 * let state = initFlow(config, 2, 1); // q = N(0, I)
 * for (let k = 0; k < 60; k++) state = flowStep(config, state, target).state;
 * console.log(state.potential.A, state.potential.b); // ≈ [2, 0, 0, 0.5], [1, -2]: q = N(b, A^2) is the target
 * ```
 * @throws {@link NumericalError} `'diverged'` when the potential cannot be
 *   evaluated (non-finite ELBO without a previous potential to return to) or
 *   the adaptive step multiplier underflows (then its `details.stepScale`
 *   holds the multiplier that fell below `minStepScale`: the flow stalled
 *   rather than blew up).
 * @category Transport
 */
export function flowStep<P>(config: FlowConfig<P>, state: FlowState<P>, target: FlowTarget): FlowStepResult<P> {
  const { family, particles: n } = config;
  const schedule = toSchedule(config.stepSize);
  const kind = config.kind ?? 'mirror';
  const d = family.dimension(state.potential);
  const rng = Rng.fromState(state.rng);
  const x = rng.normals(n * d);
  const { y, logDetHessian } = family.map(state.potential, x, n);
  const evaluation = target(y, n);
  const { elbo, elboSe } = elboEstimate(evaluation.logDensity, logDetHessian, x, n, d);
  const base = { iteration: state.iteration, elbo, elboSe, gradientEvaluations: n, convexityHalvings: 0 };

  const previous = state.previous;
  const tolerance = schedule.tolerance ?? 2;
  // The noise of the difference is judged from the accepted potential: a bad
  // potential's own standard error can be huge and would hide its fall.
  const fell =
    !Number.isFinite(elbo) ||
    (previous !== undefined &&
      elbo < previous.elbo - tolerance * Math.sqrt(previous.elboSe ** 2 + Math.min(elboSe, previous.elboSe) ** 2));
  if (fell && schedule.adaptive && previous !== undefined) {
    const stepScale = state.stepScale / 2;
    if (stepScale < (config.minStepScale ?? 1e-6)) {
      throw new NumericalError(
        'diverged',
        `the flow cannot make progress: the step multiplier fell below ${config.minStepScale ?? 1e-6}`,
        { iteration: state.iteration, stepScale },
      );
    }
    return {
      state: { ...state, potential: previous.potential, rng: rng.getState(), stepScale },
      info: { ...base, accepted: false, eta: 0, bregman: 0 },
    };
  }
  if (!Number.isFinite(elbo)) {
    throw new NumericalError('diverged', `the flow diverged: ELBO estimate ${elbo} at iteration ${state.iteration}`, {
      iteration: state.iteration,
    });
  }

  let eta = schedule.stepSize(state.iteration, { scale: family.scale(state.potential) }) * state.stepScale;
  const batch = { n, x, y, scores: evaluation.gradient };
  let next: P | undefined;
  let halvings = 0;
  while (next === undefined) {
    try {
      next = family.step(state.potential, batch, eta, kind);
    } catch (error) {
      if (!(error instanceof NumericalError) || error.issue !== 'not-positive-definite' || halvings >= 40) throw error;
      eta /= 2;
      halvings += 1;
    }
  }
  const bregman = family.bregman(state.potential, next);
  return {
    state: {
      iteration: state.iteration + 1,
      potential: next,
      rng: rng.getState(),
      stepScale: schedule.adaptive ? Math.min(1, state.stepScale * 1.25) : 1,
      previous: { potential: state.potential, elbo, elboSe },
    },
    info: { ...base, accepted: true, eta, bregman, convexityHalvings: halvings },
  };
}

/**
 * ELBO estimate from one step's draws: the mean of
 * `h(x) = L(T x) + log det grad^2 u(x) - log rho(x)` and its standard error.
 * Using `h` rather than an analytic entropy makes the variance vanish as q
 * approaches the target.
 */
export function elboEstimate(
  logDensity: Float64Array,
  logDetHessian: Float64Array,
  x: Float64Array,
  n: number,
  d: number,
): { elbo: number; elboSe: number } {
  const h = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let xx = 0;
    for (let k = 0; k < d; k++) xx += (x[i * d + k] as number) ** 2;
    const logRho = -0.5 * xx - 0.5 * d * LOG_2PI;
    h[i] = (logDensity[i] as number) + (logDetHessian[i] as number) - logRho;
    sum += h[i] as number;
  }
  const elbo = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((h[i] as number) - elbo) ** 2;
  const variance = squares / (n - 1);
  return { elbo, elboSe: Math.sqrt(variance / n) };
}
