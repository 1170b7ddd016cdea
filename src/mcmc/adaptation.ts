/**
 * Stan's warmup for NUTS: dual averaging of the step size, the initial
 * step-size heuristic, and windowed estimation of the metric.
 *
 * The warmup has three stages (Stan reference manual, "HMC algorithm
 * parameters", "Automatic parameter tuning"): an initial fast interval
 * (`initBuffer`, 75 iterations) where only the step size adapts; a series
 * of slow windows (`baseWindow` 25, doubling) at the end of each of which
 * the inverse metric is set to the regularised (co)variance of the draws
 * in the window, the step size is re-initialised by the heuristic and the
 * dual averaging restarts; and a final fast interval (`termBuffer`, 50)
 * where only the step size adapts. The step size used after warmup is the
 * dual-averaging iterate average `exp(x_bar)`.
 *
 * Everything here is pure over plain state objects, in the style of
 * `initNuts` / `nutsStep`.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { leapfrog, metricOf, runWithTarget, type LogDensityAndGradientFn, type NutsState } from './nuts.js';

// ------------------------------------------------------------ dual averaging

/**
 * Constants of Nesterov's dual averaging as used by Stan (Hoffman & Gelman
 * 2014, section 3.2.1).
 *
 * @example
 * ```ts
 * import { initDualAveraging, dualAveragingUpdate, type DualAveragingOptions } from 'brenier';
 *
 * // aim at a mean acceptance statistic of 0.95 (Stan's adapt_delta), for smaller steps
 * const options: DualAveragingOptions = { targetAcceptance: 0.95 };
 * let averaging = initDualAveraging(0.5);
 * averaging = dualAveragingUpdate(averaging, 0.7, options);
 * ```
 * @category MCMC
 */
export interface DualAveragingOptions {
  /** Target mean acceptance statistic delta (Stan's `adapt_delta`). Default 0.8. */
  readonly targetAcceptance?: number;
  /** Regularisation scale gamma. Default 0.05. */
  readonly gamma?: number;
  /** Iteration offset t0, which damps the early iterations. Default 10. */
  readonly t0?: number;
  /** Decay exponent kappa of the iterate average's weights. Default 0.75. */
  readonly kappa?: number;
}

/**
 * State of the dual averaging of `log(step size)`.
 *
 * @example
 * ```ts
 * import { initDualAveraging, dualAveragingUpdate, dualAveragingStepSize, type DualAveragingState } from 'brenier';
 *
 * let state: DualAveragingState = initDualAveraging(0.5);
 * for (const acceptance of [0.6, 0.9, 0.95, 0.7]) state = dualAveragingUpdate(state, acceptance);
 * const next = Math.exp(state.logStepSize); // step size of the next warmup transition
 * const final = dualAveragingStepSize(state); // exp(xBar), the step size after warmup
 * ```
 * @category MCMC
 */
export interface DualAveragingState {
  /** Updates since the last restart. */
  readonly counter: number;
  /** Running average `s_bar` of `delta - acceptance`. */
  readonly sBar: number;
  /** Weighted average `x_bar` of the log step sizes (the final answer is `exp(x_bar)`). */
  readonly xBar: number;
  /** Shrinkage point mu of the log step size (Stan: `log(10 * epsilon)`). */
  readonly mu: number;
  /** Current log step size `x`. */
  readonly logStepSize: number;
}

/**
 * Start (or restart) dual averaging from a step size: `mu = log(10 eps)`,
 * counters at zero.
 *
 * @param stepSize - the step size the averaging shrinks towards one tenth of.
 * @returns the state.
 * @example
 * ```ts
 * import { initDualAveraging } from 'brenier';
 *
 * initDualAveraging(0.5); // { counter: 0, sBar: 0, xBar: 0, mu: log(5), logStepSize: log(0.5) }
 * ```
 * @category MCMC
 */
export function initDualAveraging(stepSize: number): DualAveragingState {
  return { counter: 0, sBar: 0, xBar: 0, mu: Math.log(10 * stepSize), logStepSize: Math.log(stepSize) };
}

/**
 * One dual-averaging update with the acceptance statistic `a` of the last
 * transition (capped at 1), as Stan's `stepsize_adaptation::learn_stepsize`:
 *
 *     t = t + 1;  eta = 1 / (t + t0)
 *     s_bar = (1 - eta) s_bar + eta (delta - a)
 *     x = mu - s_bar sqrt(t) / gamma
 *     x_bar = (1 - t^-kappa) x_bar + t^-kappa x
 *
 * The next transition uses `exp(x)`.
 *
 * @param state - current state.
 * @param acceptance - acceptance statistic of the last transition.
 * @param options - constants (defaults as Stan).
 * @returns the new state.
 * @example Tune the step size of NUTS for a fixed metric
 * ```ts
 * import { initNuts, nutsStep, findReasonableStepSize, initDualAveraging, dualAveragingUpdate, dualAveragingStepSize, Rng } from 'brenier';
 * import type { LogDensityAndGradientFn } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const rng = new Rng(1);
 * const inverseMetric = Float64Array.of(1, 100);
 * let state = initNuts(Float64Array.of(1, 1), target);
 * let averaging = initDualAveraging(findReasonableStepSize(rng, state, inverseMetric, target));
 * for (let i = 0; i < 200; i++) {
 *   const step = nutsStep(rng, state, { stepSize: Math.exp(averaging.logStepSize), inverseMetric }, target);
 *   state = step.state;
 *   averaging = dualAveragingUpdate(averaging, step.info.acceptanceProbability, { targetAcceptance: 0.9 });
 * }
 * const stepSize = dualAveragingStepSize(averaging); // ≈ 0.89
 * ```
 * @category MCMC
 */
export function dualAveragingUpdate(
  state: DualAveragingState,
  acceptance: number,
  options: DualAveragingOptions = {},
): DualAveragingState {
  const { targetAcceptance = 0.8, gamma = 0.05, t0 = 10, kappa = 0.75 } = options;
  const a = acceptance > 1 ? 1 : Number.isNaN(acceptance) ? 0 : acceptance;
  const counter = state.counter + 1;
  const eta = 1 / (counter + t0);
  const sBar = (1 - eta) * state.sBar + eta * (targetAcceptance - a);
  const x = state.mu - (sBar * Math.sqrt(counter)) / gamma;
  const weight = Math.pow(counter, -kappa);
  const xBar = (1 - weight) * state.xBar + weight * x;
  return { counter, sBar, xBar, mu: state.mu, logStepSize: x };
}

/**
 * The adapted step size, `exp(x_bar)` (Stan's `complete_adaptation`).
 *
 * @example
 * ```ts
 * import { initDualAveraging, dualAveragingUpdate, dualAveragingStepSize } from 'brenier';
 *
 * let averaging = initDualAveraging(1);
 * dualAveragingStepSize(averaging); // 1, before any update
 * for (let i = 0; i < 100; i++) averaging = dualAveragingUpdate(averaging, i % 2 === 0 ? 0.6 : 0.95);
 * dualAveragingStepSize(averaging); // ≈ 0.19
 * ```
 * @category MCMC
 */
export function dualAveragingStepSize(state: DualAveragingState): number {
  return state.counter === 0 ? Math.exp(state.logStepSize) : Math.exp(state.xBar);
}

// ------------------------------------------------- initial step-size heuristic

/**
 * Stan's `init_stepsize` (Hoffman & Gelman 2014, algorithm 4): from
 * `initial`, take one leapfrog step with a fresh momentum and double (or
 * halve) the step size until the acceptance ratio `exp(H0 - H)` crosses
 * 0.8. Costs one gradient evaluation per trial.
 *
 * @param rng - random numbers (advanced).
 * @param state - the current NUTS state.
 * @param inverseMetric - diagonal or dense inverse metric.
 * @param logDensityAndGradient - the target.
 * @param initial - starting step size. Default 1.
 * @returns a step size whose one-step acceptance ratio is near 0.8.
 * @example
 * ```ts
 * import { initNuts, findReasonableStepSize, Rng, type LogDensityAndGradientFn } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const state = initNuts(Float64Array.of(1, 1), target);
 * // 1 with this seed; the heuristic is noisy, as it rests on one random momentum per trial
 * const stepSize = findReasonableStepSize(new Rng(1), state, Float64Array.of(1, 100), target);
 * ```
 * @throws {@link BrenierError} when the step size exceeds 1e7 (the posterior
 *   is probably improper) or underflows to 0.
 * @category MCMC
 */
export function findReasonableStepSize(
  rng: Rng,
  state: NutsState,
  inverseMetric: Float64Array,
  logDensityAndGradient: LogDensityAndGradientFn,
  initial = 1,
): number {
  const metric = metricOf(inverseMetric, state.position.length);
  const logTarget = Math.log(0.8);
  const deltaH = (epsilon: number): number => {
    const p = metric.sampleMomentum(rng);
    const start = { q: state.position, p, logDensity: state.logDensity, gradient: state.gradient };
    const h0 = -state.logDensity + metric.kinetic(p);
    const end = runWithTarget(leapfrog(start, epsilon, metric), logDensityAndGradient);
    let h = -end.logDensity + metric.kinetic(end.p);
    if (Number.isNaN(h)) h = Infinity;
    return h0 - h;
  };
  let epsilon = initial;
  const direction = deltaH(epsilon) > logTarget ? 1 : -1;
  for (;;) {
    const dh = deltaH(epsilon);
    if (direction === 1 && !(dh > logTarget)) break;
    if (direction === -1 && !(dh < logTarget)) break;
    epsilon = direction === 1 ? 2 * epsilon : 0.5 * epsilon;
    if (epsilon > 1e7) {
      throw new BrenierError(
        'improper-posterior',
        'findReasonableStepSize: the step size grew beyond 1e7; the posterior is probably improper (check the priors)',
      );
    }
    if (epsilon === 0) {
      throw new BrenierError(
        'step-size-underflow',
        'findReasonableStepSize: no acceptably small step size (the log density or its gradient is not finite near the current point)',
      );
    }
  }
  return epsilon;
}

// ------------------------------------------------------------ warmup windows

/**
 * Sizes of the warmup stages, in iterations.
 *
 * @example
 * ```ts
 * import { warmupSchedule, type WarmupScheduleOptions } from 'brenier';
 *
 * const options: WarmupScheduleOptions = { initBuffer: 50, termBuffer: 50, baseWindow: 50 };
 * warmupSchedule(500, options).windowEnds; // [99, 199, 449]
 * ```
 * @category MCMC
 */
export interface WarmupScheduleOptions {
  /** Initial fast interval (step size only). Default 75. */
  readonly initBuffer?: number;
  /** Final fast interval (step size only). Default 50. */
  readonly termBuffer?: number;
  /** First slow window; each following one is twice as long. Default 25. */
  readonly baseWindow?: number;
}

/**
 * The warmup's windows, computed once.
 *
 * @example
 * ```ts
 * import { warmupSchedule, type WarmupSchedule } from 'brenier';
 *
 * const schedule: WarmupSchedule = warmupSchedule(1000);
 * console.log(schedule.initBuffer, schedule.termBuffer, schedule.windowEnds); // 75 50 [99, 149, 249, 449, 949]
 * ```
 * @category MCMC
 */
export interface WarmupSchedule {
  /** Warmup iterations. */
  readonly numWarmup: number;
  /** Draws at iterations `[initBuffer, numWarmup - termBuffer)` feed the metric estimate. */
  readonly initBuffer: number;
  /** Length of the final fast interval. */
  readonly termBuffer: number;
  /** 0-based iterations after which the metric is updated (ends of the slow windows). */
  readonly windowEnds: readonly number[];
}

/**
 * Stan's windowed-adaptation schedule (`windowed_adaptation.hpp`). With
 * fewer than 20 warmup iterations the metric is not adapted. When the
 * three stages do not fit (`initBuffer + baseWindow + termBuffer >
 * numWarmup`) they become 15% / 75% / 10% of the warmup. (Stan then
 * forgets to recompute its first window's end, so its metric is never
 * updated; here the one window ends where intended.) A slow window that
 * would be followed by one that does not fit is stretched to the end of
 * the slow stage.
 *
 * @param numWarmup - warmup iterations.
 * @param options - stage sizes.
 * @returns the schedule.
 * @example
 * ```ts
 * import { warmupSchedule } from 'brenier';
 *
 * warmupSchedule(1000).windowEnds; // [99, 149, 249, 449, 949]
 * warmupSchedule(150).windowEnds; // [99]: 75 + 25 + 50 iterations
 * warmupSchedule(100).windowEnds; // [89]: stages of 15, 75 and 10 iterations
 * warmupSchedule(10).windowEnds; // []: too short to adapt the metric
 * ```
 * @category MCMC
 */
export function warmupSchedule(numWarmup: number, options: WarmupScheduleOptions = {}): WarmupSchedule {
  let { initBuffer = 75, termBuffer = 50, baseWindow = 25 } = options;
  for (const [name, v] of Object.entries({ numWarmup, initBuffer, termBuffer, baseWindow })) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new BrenierError(
        'invalid-argument',
        `warmupSchedule: ${name} must be a non-negative integer, received ${v}`,
      );
  }
  if (numWarmup < 20) return { numWarmup, initBuffer: numWarmup, termBuffer: 0, windowEnds: [] };
  if (baseWindow < 1)
    throw new BrenierError('invalid-argument', `warmupSchedule: baseWindow must be positive, received ${baseWindow}`);
  if (initBuffer + baseWindow + termBuffer > numWarmup) {
    initBuffer = Math.floor(0.15 * numWarmup);
    termBuffer = Math.floor(0.1 * numWarmup);
    baseWindow = numWarmup - (initBuffer + termBuffer);
  }
  const lastEnd = numWarmup - termBuffer - 1;
  const windowEnds: number[] = [];
  let size = baseWindow;
  let next = initBuffer + size - 1;
  for (;;) {
    windowEnds.push(next);
    if (next >= lastEnd) break;
    size *= 2;
    const counter = next;
    next = counter + size;
    if (next !== lastEnd && next + 2 * size >= numWarmup - termBuffer) next = lastEnd;
  }
  return { numWarmup, initBuffer, termBuffer, windowEnds };
}

// ------------------------------------------------ running (co)variance

/**
 * Welford's running mean and (co)variance of the draws in a window.
 *
 * @example
 * ```ts
 * import { initNuts, nutsStep, initWindowAdaptation, windowAdaptationUpdate, windowAdaptationFinal, warmupSchedule, Rng } from 'brenier';
 * import type { LogDensityAndGradientFn, WindowAdaptationConfig } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const rng = new Rng(1);
 * const config: WindowAdaptationConfig = { numWarmup: 500 };
 * let state = initNuts(Float64Array.of(1, 1), target);
 * let adaptation = initWindowAdaptation(rng, state, target, config);
 * for (let i = 0; i < 90; i++) {
 *   const step = nutsStep(rng, state, { stepSize: adaptation.stepSize, inverseMetric: adaptation.inverseMetric }, target);
 *   state = step.state;
 *   adaptation = windowAdaptationUpdate(rng, adaptation, state, step.info.acceptanceProbability, target, config);
 * }
 * // iterations 75..89 of the first slow window (75..99) so far
 * console.log(adaptation.welford.count, adaptation.welford.mean); // 15 [..., ...]
 * ```
 * @category MCMC
 */
export interface WelfordState {
  /** Draws accumulated. */
  readonly count: number;
  /** Running mean. */
  readonly mean: Float64Array;
  /** Sum of squared deviations: length `d` (diagonal) or `d * d` (dense). */
  readonly m2: Float64Array;
}

/** Empty accumulator. */
function initWelford(d: number, dense: boolean): WelfordState {
  return { count: 0, mean: new Float64Array(d), m2: new Float64Array(dense ? d * d : d) };
}

/** Add one draw. */
function welfordAdd(state: WelfordState, x: Float64Array): WelfordState {
  const d = x.length;
  const count = state.count + 1;
  const delta = new Float64Array(d);
  const mean = Float64Array.from(state.mean);
  for (let i = 0; i < d; i++) {
    delta[i] = (x[i] as number) - (mean[i] as number);
    mean[i] = (mean[i] as number) + (delta[i] as number) / count;
  }
  const m2 = Float64Array.from(state.m2);
  if (m2.length === d) {
    for (let i = 0; i < d; i++)
      m2[i] = (m2[i] as number) + (delta[i] as number) * ((x[i] as number) - (mean[i] as number));
  } else {
    for (let i = 0; i < d; i++) {
      const after = (x[i] as number) - (mean[i] as number);
      for (let j = 0; j < d; j++) m2[j * d + i] = (m2[j * d + i] as number) + (delta[j] as number) * after;
    }
  }
  return { count, mean, m2 };
}

/**
 * Regularised (co)variance of a window (Stan's `var_adaptation` and
 * `covar_adaptation`): with `n` draws and sample (co)variance `S`
 * (divisor `n - 1`), `(n / (n + 5)) S + 1e-3 (5 / (n + 5)) I`, which
 * shrinks towards a small multiple of the identity when the window is
 * short.
 *
 * @param state - the window's accumulator (at least 2 draws).
 * @returns the new inverse metric (diagonal or dense, as accumulated).
 * @internal
 */
export function regularizedCovariance(state: WelfordState): Float64Array {
  const n = state.count;
  const d = state.mean.length;
  const out = new Float64Array(state.m2.length);
  const scale = n / (n + 5) / (n - 1);
  const shrink = 1e-3 * (5 / (n + 5));
  for (let k = 0; k < out.length; k++) out[k] = scale * (state.m2[k] as number);
  if (out.length === d) for (let i = 0; i < d; i++) out[i] = (out[i] as number) + shrink;
  else {
    for (let i = 0; i < d; i++) {
      out[i * d + i] = (out[i * d + i] as number) + shrink;
      // Exact symmetry, so that the Cholesky factor reads a symmetric matrix.
      for (let j = 0; j < i; j++) {
        const v = 0.5 * ((out[i * d + j] as number) + (out[j * d + i] as number));
        out[i * d + j] = v;
        out[j * d + i] = v;
      }
    }
  }
  if (!out.every(Number.isFinite)) {
    throw new BrenierError(
      'numerical',
      'metric adaptation overflowed: the sampler met extreme values on the unconstrained space (is the posterior improper or very wide?)',
    );
  }
  return out;
}

// ---------------------------------------------------------- window adaptation

/**
 * Settings of the whole warmup.
 *
 * @example
 * ```ts
 * import { initNuts, initWindowAdaptation, Rng, type WindowAdaptationConfig } from 'brenier';
 *
 * // a dense metric, a higher target acceptance, a longer first buffer
 * const config: WindowAdaptationConfig = { numWarmup: 1000, metric: 'dense', targetAcceptance: 0.9, initBuffer: 100 };
 * const target = (x: Float64Array) => ({ logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0), gradient: x.map((v) => -v) });
 * const state = initNuts(Float64Array.of(1, 1), target);
 * const adaptation = initWindowAdaptation(new Rng(1), state, target, config);
 * adaptation.inverseMetric; // [1, 0, 0, 1], the identity until the first window ends
 * ```
 * @category MCMC
 */
export interface WindowAdaptationConfig extends DualAveragingOptions, WarmupScheduleOptions {
  /** Warmup iterations. */
  readonly numWarmup: number;
  /** Adapt a diagonal (default) or dense inverse metric. */
  readonly metric?: 'diag' | 'dense';
  /**
   * Step size that the heuristic starts from, and whose tenfold log is the
   * first dual-averaging shrinkage point (Stan's `stepsize`). Default 1.
   */
  readonly initialStepSize?: number;
}

/**
 * State of the warmup: what the next transition uses, and the estimators.
 *
 * @example
 * ```ts
 * import { initNuts, initWindowAdaptation, nutsStep, Rng, type WindowAdaptationState } from 'brenier';
 *
 * const target = (x: Float64Array) => ({ logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0), gradient: x.map((v) => -v) });
 * const rng = new Rng(1);
 * const state = initNuts(Float64Array.of(1, 1), target);
 * const adaptation: WindowAdaptationState = initWindowAdaptation(rng, state, target, { numWarmup: 1000 });
 * // what the next warmup transition uses
 * const { stepSize, inverseMetric } = adaptation;
 * const step = nutsStep(rng, state, { stepSize, inverseMetric }, target);
 * ```
 * @category MCMC
 */
export interface WindowAdaptationState {
  /** Warmup iterations done. */
  readonly iteration: number;
  /** Step size for the next transition. */
  readonly stepSize: number;
  /** Inverse metric for the next transition. */
  readonly inverseMetric: Float64Array;
  /** Dual averaging of the step size. */
  readonly dualAveraging: DualAveragingState;
  /** Accumulator of the current slow window. */
  readonly welford: WelfordState;
}

/**
 * Start the warmup at a NUTS state: unit inverse metric, step size from
 * {@link findReasonableStepSize}, dual averaging shrinking towards
 * `log(10 * initialStepSize)` as Stan does.
 *
 * @param rng - random numbers (advanced by the step-size heuristic).
 * @param state - initial NUTS state.
 * @param logDensityAndGradient - the target.
 * @param config - warmup settings.
 * @returns the warmup state.
 * @example
 * ```ts
 * import { initNuts, initWindowAdaptation, Rng, type LogDensityAndGradientFn } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const state = initNuts(Float64Array.of(1, 1), target);
 * const adaptation = initWindowAdaptation(new Rng(1), state, target, { numWarmup: 1000 });
 * console.log(adaptation.stepSize, adaptation.inverseMetric); // 4 [1, 1] (the heuristic's step size, the unit metric)
 * ```
 * @category MCMC
 */
export function initWindowAdaptation(
  rng: Rng,
  state: NutsState,
  logDensityAndGradient: LogDensityAndGradientFn,
  config: WindowAdaptationConfig,
): WindowAdaptationState {
  const d = state.position.length;
  const dense = config.metric === 'dense';
  const inverseMetric = new Float64Array(dense ? d * d : d);
  if (dense) for (let i = 0; i < d; i++) inverseMetric[i * d + i] = 1;
  else inverseMetric.fill(1);
  const initial = config.initialStepSize ?? 1;
  const stepSize = findReasonableStepSize(rng, state, inverseMetric, logDensityAndGradient, initial);
  return {
    iteration: 0,
    stepSize,
    inverseMetric,
    dualAveraging: initDualAveraging(initial),
    welford: initWelford(d, dense),
  };
}

/**
 * Update the warmup after one transition (Stan's
 * `adapt_diag_e_nuts::transition`): a dual-averaging step with the
 * transition's acceptance statistic; inside the slow stage, the new
 * position joins the window's (co)variance estimate; at the end of a slow
 * window, the inverse metric becomes the window's regularised
 * (co)variance, the step size is re-initialised by the heuristic from the
 * current one, and the dual averaging restarts around ten times it.
 *
 * @param rng - random numbers (advanced at window ends).
 * @param adaptation - warmup state.
 * @param state - NUTS state after the transition.
 * @param acceptance - the transition's `acceptanceProbability`.
 * @param logDensityAndGradient - the target.
 * @param config - warmup settings.
 * @param schedule - from {@link warmupSchedule} (computed from `config` when omitted).
 * @returns the new warmup state.
 * @example Stan's warmup, by hand
 * ```ts
 * import { initNuts, nutsStep, initWindowAdaptation, windowAdaptationUpdate, windowAdaptationFinal, warmupSchedule, Rng } from 'brenier';
 * import type { LogDensityAndGradientFn, WindowAdaptationConfig } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const rng = new Rng(1);
 * const config: WindowAdaptationConfig = { numWarmup: 1000 };
 * let state = initNuts(Float64Array.of(1, 1), target);
 * let adaptation = initWindowAdaptation(rng, state, target, config);
 * const schedule = warmupSchedule(config.numWarmup);
 * for (let i = 0; i < config.numWarmup; i++) {
 *   const { stepSize, inverseMetric } = adaptation;
 *   const step = nutsStep(rng, state, { stepSize, inverseMetric }, target);
 *   state = step.state;
 *   adaptation = windowAdaptationUpdate(rng, adaptation, state, step.info.acceptanceProbability, target, config, schedule);
 * }
 * const { stepSize, inverseMetric } = windowAdaptationFinal(adaptation);
 * console.log(stepSize, inverseMetric); // ≈ 0.93 [0.93, 98.7] (the posterior variances are 1 and 100)
 * ```
 * @category MCMC
 */
export function windowAdaptationUpdate(
  rng: Rng,
  adaptation: WindowAdaptationState,
  state: NutsState,
  acceptance: number,
  logDensityAndGradient: LogDensityAndGradientFn,
  config: WindowAdaptationConfig,
  schedule: WarmupSchedule = warmupSchedule(config.numWarmup, config),
): WindowAdaptationState {
  const i = adaptation.iteration;
  let dualAveraging = dualAveragingUpdate(adaptation.dualAveraging, acceptance, config);
  let stepSize = Math.exp(dualAveraging.logStepSize);
  let { inverseMetric, welford } = adaptation;
  const slow =
    schedule.windowEnds.length > 0 && i >= schedule.initBuffer && i < schedule.numWarmup - schedule.termBuffer;
  if (slow) welford = welfordAdd(welford, state.position);
  if (schedule.windowEnds.includes(i) && welford.count >= 2) {
    inverseMetric = regularizedCovariance(welford);
    welford = initWelford(state.position.length, config.metric === 'dense');
    stepSize = findReasonableStepSize(rng, state, inverseMetric, logDensityAndGradient, stepSize);
    dualAveraging = initDualAveraging(stepSize);
  }
  return { iteration: i + 1, stepSize, inverseMetric, dualAveraging, welford };
}

/**
 * The tuning at the end of warmup.
 *
 * @example
 * ```ts
 * import { initNuts, nutsStep, initWindowAdaptation, windowAdaptationUpdate, windowAdaptationFinal, type AdaptedTuning, warmupSchedule, Rng } from 'brenier';
 * import type { LogDensityAndGradientFn, WindowAdaptationConfig } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const rng = new Rng(1);
 * const config: WindowAdaptationConfig = { numWarmup: 1000 };
 * let state = initNuts(Float64Array.of(1, 1), target);
 * let adaptation = initWindowAdaptation(rng, state, target, config);
 * const schedule = warmupSchedule(config.numWarmup);
 * for (let i = 0; i < config.numWarmup; i++) {
 *   const { stepSize, inverseMetric } = adaptation;
 *   const step = nutsStep(rng, state, { stepSize, inverseMetric }, target);
 *   state = step.state;
 *   adaptation = windowAdaptationUpdate(rng, adaptation, state, step.info.acceptanceProbability, target, config, schedule);
 * }
 * const tuning: AdaptedTuning = windowAdaptationFinal(adaptation);
 * const draws: Float64Array[] = [];
 * for (let i = 0; i < 1000; i++) {
 *   ({ state } = nutsStep(rng, state, tuning, target));
 *   draws.push(state.position);
 * }
 * ```
 * @category MCMC
 */
export interface AdaptedTuning {
  /** The adapted step size. */
  readonly stepSize: number;
  /** The adapted inverse metric: diagonal (length d) or dense (d x d, row-major). */
  readonly inverseMetric: Float64Array;
}

/**
 * The tuned values after warmup: the final inverse metric and the
 * dual-averaging step size `exp(x_bar)`.
 *
 * @param adaptation - warmup state after the last warmup iteration.
 * @returns step size and inverse metric for sampling.
 * @example
 * ```ts
 * import { initNuts, nutsStep, initWindowAdaptation, windowAdaptationUpdate, windowAdaptationFinal, warmupSchedule, Rng } from 'brenier';
 * import type { LogDensityAndGradientFn, WindowAdaptationConfig } from 'brenier';
 *
 * // N(0, diag(1, 100)): the second coordinate is ten times wider than the first
 * const target: LogDensityAndGradientFn = (x) => {
 *   const [a = 0, b = 0] = x;
 *   return { logDensity: -0.5 * (a * a + (b * b) / 100), gradient: Float64Array.of(-a, -b / 100) };
 * };
 * const rng = new Rng(1);
 * const config: WindowAdaptationConfig = { numWarmup: 1000 };
 * let state = initNuts(Float64Array.of(1, 1), target);
 * let adaptation = initWindowAdaptation(rng, state, target, config);
 * const schedule = warmupSchedule(config.numWarmup);
 * for (let i = 0; i < config.numWarmup; i++) {
 *   const { stepSize, inverseMetric } = adaptation;
 *   const step = nutsStep(rng, state, { stepSize, inverseMetric }, target);
 *   state = step.state;
 *   adaptation = windowAdaptationUpdate(rng, adaptation, state, step.info.acceptanceProbability, target, config, schedule);
 * }
 * const tuning = windowAdaptationFinal(adaptation); // the step size and inverse metric for sampling
 * const after = nutsStep(rng, state, tuning, target);
 * ```
 * @category MCMC
 */
export function windowAdaptationFinal(adaptation: WindowAdaptationState): AdaptedTuning {
  return { stepSize: dualAveragingStepSize(adaptation.dualAveraging), inverseMetric: adaptation.inverseMetric };
}
