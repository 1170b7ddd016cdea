/**
 * The No-U-Turn Sampler as Stan runs it: a pure kernel over plain state.
 *
 * One transition draws a momentum `p ~ N(0, M)` (with `M^-1` the inverse
 * metric), then doubles a leapfrog trajectory forwards or backwards in time
 * at random until the generalised no-U-turn criterion fails, the maximum
 * tree depth is reached, or the energy error of a leapfrog step exceeds
 * `maxDeltaEnergy` (a divergence). The next state is drawn from the
 * trajectory with probabilities proportional to `exp(-H)` (multinomial
 * sampling): uniformly within each new subtree, and with a bias towards the
 * new subtree when it is merged with the old trajectory (biased progressive
 * sampling). References: Hoffman & Gelman (2014), JMLR 15; Betancourt
 * (2017), "A conceptual introduction to Hamiltonian Monte Carlo",
 * arXiv:1701.02434, appendix A; Stan's `base_nuts.hpp`, including the extra
 * criterion checks across merged subtrees.
 *
 * Everything runs in float64 on plain `Float64Array`s; only the target
 * (log density and gradient at one point) is supplied from outside.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { cholesky } from '../math/linalg.js';

/**
 * A log density with its gradient at one point of the unconstrained space.
 * A point outside the support (or where the model fails numerically) may
 * return `logDensity: -Infinity` or `NaN`; the kernel then treats the
 * leapfrog step that reached it as divergent.
 *
 * @example
 * ```ts
 * import { initNuts, type LogDensityAndGradientFn } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const state = initNuts(Float64Array.of(1, -1), target);
 * console.log(state.logDensity); // -1
 * ```
 * @example The unconstrained log density of a model
 * ```ts
 * import { defineModel, data, param, normal, initNuts, initBackend, NumericalError } from 'brenier';
 * import type { LogDensityAndGradientFn } from 'brenier';
 *
 * await initBackend();
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const compiled = model.compile({ N: 3, y: [2.1, 1.3, 3.4] });
 * const target: LogDensityAndGradientFn = (q) => {
 *   try {
 *     const { logDensity, gradient } = compiled.logDensityAndGradient(q);
 *     return { logDensity: logDensity[0]!, gradient };
 *   } catch (error) {
 *     // a non-finite log density or score: the leapfrog step that reached q is rejected
 *     if (error instanceof NumericalError) return { logDensity: -Infinity, gradient: new Float64Array(q.length) };
 *     throw error;
 *   }
 * };
 * const state = initNuts(new Float64Array(compiled.dimension), target); // mu = 0, log(sigma) = 0
 * ```
 * @category MCMC
 */
export type LogDensityAndGradientFn = (position: Float64Array) => {
  /** Log density (up to a constant). */
  readonly logDensity: number;
  /** Its gradient with respect to the position. */
  readonly gradient: Float64Array;
};

/**
 * What the next NUTS transition needs: the position with its log density
 * and gradient (so that no evaluation is repeated).
 *
 * @example
 * ```ts
 * import { initNuts, nutsStep, Rng, type LogDensityAndGradientFn, type NutsState } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * let state: NutsState = initNuts(Float64Array.of(1, -1), target);
 * console.log(state.position, state.logDensity, state.gradient); // [1, -1] -1 [-1, 1]
 * ({ state } = nutsStep(new Rng(1), state, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) }, target));
 * ```
 * @category MCMC
 */
export interface NutsState {
  /** Position on the unconstrained space. */
  readonly position: Float64Array;
  /** Log density at the position. */
  readonly logDensity: number;
  /** Gradient of the log density at the position. */
  readonly gradient: Float64Array;
}

/**
 * Tuning values of one NUTS transition.
 *
 * @example
 * ```ts
 * import { initNuts, nutsStep, Rng, type LogDensityAndGradientFn, type NutsParameters } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const diagonal: NutsParameters = { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1), maxTreeDepth: 6 };
 * // a dense inverse metric, row-major 2 x 2: ideally the posterior covariance
 * const dense: NutsParameters = { stepSize: 0.8, inverseMetric: Float64Array.of(1, 0.3, 0.3, 1) };
 * const state = initNuts(Float64Array.of(0, 0), target);
 * const { info } = nutsStep(new Rng(1), state, dense, target);
 * ```
 * @category MCMC
 */
export interface NutsParameters {
  /** Leapfrog step size (positive). */
  readonly stepSize: number;
  /**
   * Inverse metric `M^-1` (the kinetic energy is `p^T M^-1 p / 2`): a
   * diagonal (length `d`) or a dense symmetric positive-definite matrix
   * (length `d * d`, row-major). Ideally the posterior covariance.
   */
  readonly inverseMetric: Float64Array;
  /** Maximum tree depth: at most `2^maxTreeDepth - 1` leapfrog steps. Default 10. */
  readonly maxTreeDepth?: number;
  /** Energy error above which a leapfrog step is divergent. Default 1000. */
  readonly maxDeltaEnergy?: number;
}

/**
 * What a transition reports (and does not carry to the next one). The
 * fields match Stan's sampler diagnostics `accept_stat__`, `treedepth__`,
 * `n_leapfrog__`, `divergent__` and `energy__`.
 *
 * @example
 * ```ts
 * import { initNuts, nutsStep, Rng, type LogDensityAndGradientFn, type NutsInfo } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const rng = new Rng(1);
 * let state = initNuts(Float64Array.of(0, 0), target);
 * const infos: NutsInfo[] = [];
 * for (let i = 0; i < 1000; i++) {
 *   const step = nutsStep(rng, state, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) }, target);
 *   state = step.state;
 *   infos.push(step.info);
 * }
 * const meanAccept = infos.reduce((s, info) => s + info.acceptanceProbability, 0) / infos.length; // ≈ 0.93
 * const divergences = infos.filter((info) => info.divergent).length; // 0
 * const gradients = infos.reduce((s, info) => s + info.numSteps, 0);
 * ```
 * @category MCMC
 */
export interface NutsInfo {
  /**
   * Mean over the trajectory's leapfrog steps of `min(1, exp(H0 - H))`:
   * the statistic the step size is adapted on (Stan's `accept_stat__`).
   */
  readonly acceptanceProbability: number;
  /** Depth of the final tree (doublings that were kept). */
  readonly treeDepth: number;
  /** Leapfrog steps taken, i.e. gradient evaluations. */
  readonly numSteps: number;
  /** Whether a leapfrog step's energy error exceeded `maxDeltaEnergy`. */
  readonly divergent: boolean;
  /** Hamiltonian `-log p(q) + p^T M^-1 p / 2` at the selected point. */
  readonly energy: number;
}

/**
 * New state and report of one transition.
 *
 * @example
 * ```ts
 * import { initNuts, nutsStep, Rng, type LogDensityAndGradientFn, type NutsStepResult } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const start = initNuts(Float64Array.of(0, 0), target);
 * const result: NutsStepResult = nutsStep(new Rng(1), start, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) }, target);
 * console.log(result.state.position, result.info.treeDepth, result.info.divergent);
 * ```
 * @category MCMC
 */
export interface NutsStepResult {
  /** The next state. */
  readonly state: NutsState;
  /** What happened. */
  readonly info: NutsInfo;
}

/**
 * A point in phase space: position, momentum, log density and gradient.
 * Immutable once built.
 *
 * @internal
 */
export interface PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly logDensity: number;
  readonly gradient: Float64Array;
}

/** Result of building a subtree. */
interface Subtree {
  readonly valid: boolean;
  /** Last point of the subtree in the direction of integration (where to continue). */
  readonly end: PhasePoint;
  /** Point drawn from the subtree, with probability proportional to exp(-H). */
  readonly proposal: PhasePoint;
  /** log sum over the subtree of exp(H0 - H). */
  readonly logSumWeight: number;
  /** Sum of the momenta over the subtree. */
  readonly rho: Float64Array;
  /** Momentum and velocity (M^-1 p) at the first point (next to the existing trajectory). */
  readonly pBeg: Float64Array;
  readonly pSharpBeg: Float64Array;
  /** Momentum and velocity at the last point. */
  readonly pEnd: Float64Array;
  readonly pSharpEnd: Float64Array;
}

const INVALID: Subtree = {
  valid: false,
  end: undefined as never,
  proposal: undefined as never,
  logSumWeight: -Infinity,
  rho: new Float64Array(0),
  pBeg: new Float64Array(0),
  pSharpBeg: new Float64Array(0),
  pEnd: new Float64Array(0),
  pSharpEnd: new Float64Array(0),
};

/**
 * The metric as used by the leapfrog: velocity `M^-1 p`, kinetic energy,
 * and momentum sampling.
 *
 * @internal
 */
export interface Metric {
  readonly dimension: number;
  readonly dense: boolean;
  velocity(p: Float64Array): Float64Array;
  kinetic(p: Float64Array): number;
  sampleMomentum(rng: Rng): Float64Array;
}

const metricCache = new WeakMap<Float64Array, Metric>();

/**
 * The metric of an inverse metric array (diagonal when its length is `d`,
 * dense when `d * d`), cached per array: the Cholesky factor of a dense
 * inverse metric is computed once.
 *
 * @internal
 */
export function metricOf(inverseMetric: Float64Array, d: number): Metric {
  const cached = metricCache.get(inverseMetric);
  if (cached !== undefined && cached.dimension === d) return cached;
  let metric: Metric;
  if (inverseMetric.length === d) {
    for (let i = 0; i < d; i++) {
      const v = inverseMetric[i] as number;
      if (!(v > 0) || !Number.isFinite(v)) {
        throw new BrenierError(
          'invalid-argument',
          `nuts: inverseMetric must have positive finite entries, entry ${i} is ${v}`,
        );
      }
    }
    const sd = inverseMetric.map((v) => 1 / Math.sqrt(v));
    metric = {
      dimension: d,
      dense: false,
      velocity: (p) => p.map((x, i) => x * (inverseMetric[i] as number)),
      kinetic: (p) => {
        let s = 0;
        for (let i = 0; i < d; i++) s += (p[i] as number) ** 2 * (inverseMetric[i] as number);
        return 0.5 * s;
      },
      sampleMomentum: (rng) => {
        const p = new Float64Array(d);
        for (let i = 0; i < d; i++) p[i] = rng.normal() * (sd[i] as number);
        return p;
      },
    };
  } else if (inverseMetric.length === d * d) {
    // M^-1 = L L^T, so p = L^-T u with u ~ N(0, I) has covariance (L L^T)^-1 = M.
    const l = cholesky(inverseMetric, d);
    const velocity = (p: Float64Array): Float64Array => {
      const v = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (inverseMetric[i * d + j] as number) * (p[j] as number);
        v[i] = s;
      }
      return v;
    };
    metric = {
      dimension: d,
      dense: true,
      velocity,
      kinetic: (p) => {
        const v = velocity(p);
        let s = 0;
        for (let i = 0; i < d; i++) s += (p[i] as number) * (v[i] as number);
        return 0.5 * s;
      },
      sampleMomentum: (rng) => {
        const p = new Float64Array(d);
        for (let i = 0; i < d; i++) p[i] = rng.normal();
        // Back substitution with L^T (upper triangular, (i, j) entry L[j, i]).
        for (let i = d - 1; i >= 0; i--) {
          let s = p[i] as number;
          for (let j = i + 1; j < d; j++) s -= (l[j * d + i] as number) * (p[j] as number);
          p[i] = s / (l[i * d + i] as number);
        }
        return p;
      },
    };
  } else {
    throw new BrenierError(
      'invalid-argument',
      `nuts: inverseMetric must have ${d} (diagonal) or ${d * d} (dense) entries, received ${inverseMetric.length}`,
    );
  }
  metricCache.set(inverseMetric, metric);
  return metric;
}

/**
 * The value of the target at one point, as the driver of a transition
 * answers an evaluation request.
 *
 * @example
 * ```ts
 * import { initNuts, nutsTransition, Rng, type TargetValue } from 'brenier';
 *
 * // standard normal in two dimensions
 * const evaluate = (x: Float64Array): TargetValue => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v), // a fresh array: the sampler keeps it
 * });
 * const state = initNuts(Float64Array.of(0, 0), evaluate);
 * const requests = nutsTransition(new Rng(1), state, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) });
 * let next = requests.next();
 * while (!next.done) next = requests.next(evaluate(next.value));
 * console.log(next.value.state.position);
 * ```
 * @category MCMC
 */
export interface TargetValue {
  /** Log density (NaN or `-Infinity` outside the support). */
  readonly logDensity: number;
  /** Its gradient (owned by the kernel once given: pass a fresh array). */
  readonly gradient: Float64Array;
}

/**
 * A computation that needs target evaluations: it yields positions (which
 * the driver must not modify) and is resumed with the target's value at
 * each; it returns `R`. Written this way, the kernel is independent of how
 * evaluations are carried out: one at a time ({@link runWithTarget}), or
 * batched across chains that run in lockstep.
 *
 * @example Two chains in lockstep, their positions evaluated in one batch
 * ```ts
 * import { initNuts, nutsTransition, Rng, type EvaluationRequests, type NutsStepResult, type TargetValue } from 'brenier';
 *
 * // a batched target (here the standard normal), e.g. one call of a compiled model for all points
 * const batchTarget = (points: Float64Array[]): TargetValue[] =>
 *   points.map((x) => ({ logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0), gradient: x.map((v) => -v) }));
 * const one = (x: Float64Array) => batchTarget([x])[0]!;
 * const parameters = { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) };
 * const chains: EvaluationRequests<NutsStepResult>[] = [
 *   nutsTransition(new Rng(1), initNuts(Float64Array.of(1, 1), one), parameters),
 *   nutsTransition(new Rng(2), initNuts(Float64Array.of(-1, 0), one), parameters),
 * ];
 * const pending = chains.map((chain) => chain.next());
 * while (pending.some((p) => !p.done)) {
 *   const waiting = pending.flatMap((p, c) => (p.done ? [] : [{ c, position: p.value }]));
 *   const values = batchTarget(waiting.map((w) => w.position));
 *   waiting.forEach((w, k) => (pending[w.c] = chains[w.c]!.next(values[k]!)));
 * }
 * const results = pending.map((p) => p.value as NutsStepResult); // one transition of each chain
 * ```
 * @category MCMC
 */
export type EvaluationRequests<R> = Generator<Float64Array, R, TargetValue>;

/**
 * Run a computation's evaluation requests one at a time against a target.
 *
 * @param requests - e.g. from {@link nutsTransition}.
 * @param logDensityAndGradient - the target.
 * @returns the computation's result.
 * @example
 * ```ts
 * import { initNuts, nutsTransition, runWithTarget, Rng, type LogDensityAndGradientFn } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const state = initNuts(Float64Array.of(0, 0), target);
 * const parameters = { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) };
 * // the same as nutsStep(rng, state, parameters, target)
 * const { state: next, info } = runWithTarget(nutsTransition(new Rng(1), state, parameters), target);
 * ```
 * @category MCMC
 */
export function runWithTarget<R>(requests: EvaluationRequests<R>, logDensityAndGradient: LogDensityAndGradientFn): R {
  let next = requests.next();
  while (next.done !== true) next = requests.next(logDensityAndGradient(next.value));
  return next.value;
}

/**
 * Request the target at a position, turning a NaN log density into
 * `-Infinity` and not evaluating non-finite positions.
 */
function* evaluate(q: Float64Array): EvaluationRequests<TargetValue> {
  for (let i = 0; i < q.length; i++) {
    if (!Number.isFinite(q[i] as number)) return { logDensity: -Infinity, gradient: new Float64Array(q.length) };
  }
  const out = yield q;
  const lp = out.logDensity;
  return { logDensity: Number.isNaN(lp) ? -Infinity : lp, gradient: out.gradient };
}

/**
 * Initial NUTS state at a position: evaluates the log density and gradient
 * once.
 *
 * @param position - point on the unconstrained space (copied).
 * @param logDensityAndGradient - the target.
 * @returns the state.
 * @example
 * ```ts
 * import { initNuts, nutsStep, Rng, type LogDensityAndGradientFn } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * let state = initNuts(Float64Array.of(1, -1), target); // evaluates the target once
 * ({ state } = nutsStep(new Rng(1), state, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) }, target));
 * ```
 * @throws {@link BrenierError} when the log density there is not finite.
 * @category MCMC
 */
export function initNuts(position: Float64Array, logDensityAndGradient: LogDensityAndGradientFn): NutsState {
  const q = Float64Array.from(position);
  const { logDensity, gradient } = runWithTarget(evaluate(q), logDensityAndGradient);
  if (!Number.isFinite(logDensity) || !gradient.every(Number.isFinite)) {
    throw new BrenierError(
      'invalid-argument',
      `initNuts: the log density (${logDensity}) or its gradient is not finite at the initial position`,
    );
  }
  return { position: q, logDensity, gradient: Float64Array.from(gradient) };
}

/**
 * One leapfrog step of size `epsilon` (negative: backwards in time) with
 * the Euclidean metric: `p += (eps/2) grad; q += eps M^-1 p; p += (eps/2) grad`.
 *
 * @param point - start, in phase space.
 * @param epsilon - signed step size.
 * @param metric - from {@link metricOf}.
 * @returns requests for the one evaluation, then the new point (the input is not modified).
 * @internal
 */
export function* leapfrog(point: PhasePoint, epsilon: number, metric: Metric): EvaluationRequests<PhasePoint> {
  const d = point.q.length;
  const half = 0.5 * epsilon;
  const p = new Float64Array(d);
  for (let i = 0; i < d; i++) p[i] = (point.p[i] as number) + half * (point.gradient[i] as number);
  const v = metric.velocity(p);
  const q = new Float64Array(d);
  for (let i = 0; i < d; i++) q[i] = (point.q[i] as number) + epsilon * (v[i] as number);
  const { logDensity, gradient } = yield* evaluate(q);
  if (!(logDensity > -Infinity)) return { q, p, logDensity: -Infinity, gradient: new Float64Array(d) };
  for (let i = 0; i < d; i++) p[i] = (p[i] as number) + half * (gradient[i] as number);
  return { q, p, logDensity, gradient };
}

/** Hamiltonian; NaN counts as +Infinity. */
function hamiltonian(point: PhasePoint, metric: Metric): number {
  const h = -point.logDensity + metric.kinetic(point.p);
  return Number.isNaN(h) ? Infinity : h;
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + (b[i] as number);
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * The generalised no-U-turn criterion (Betancourt 2017, A.4.2): the
 * trajectory keeps going while the summed momentum `rho` has a positive
 * projection on the velocities `M^-1 p` at both of its ends.
 */
function noUTurn(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0;
}

/** Counters shared by the recursion of one transition. */
interface Trajectory {
  readonly rng: Rng;
  readonly metric: Metric;
  readonly epsilon: number;
  readonly h0: number;
  readonly maxDeltaEnergy: number;
  numSteps: number;
  sumMetropolis: number;
  divergent: boolean;
}

/**
 * Build a subtree of `2^depth` leapfrog steps from `start` in direction
 * `sign`, as Stan's `build_tree`: within it, the proposal is drawn
 * uniformly (proportionally to the weights), and the criterion is checked
 * across the whole subtree and across its two halves extended by one point
 * of the other half.
 */
function* buildTree(t: Trajectory, start: PhasePoint, depth: number, sign: 1 | -1): EvaluationRequests<Subtree> {
  if (depth === 0) {
    const point = yield* leapfrog(start, sign * t.epsilon, t.metric);
    t.numSteps += 1;
    const h = hamiltonian(point, t.metric);
    if (h - t.h0 > t.maxDeltaEnergy) t.divergent = true;
    const logWeight = t.h0 - h;
    t.sumMetropolis += logWeight > 0 ? 1 : Math.exp(logWeight);
    const pSharp = t.metric.velocity(point.p);
    return {
      valid: !t.divergent,
      end: point,
      proposal: point,
      logSumWeight: logWeight,
      rho: Float64Array.from(point.p),
      pBeg: point.p,
      pSharpBeg: pSharp,
      pEnd: point.p,
      pSharpEnd: pSharp,
    };
  }
  const init = yield* buildTree(t, start, depth - 1, sign);
  if (!init.valid) return INVALID;
  const final = yield* buildTree(t, init.end, depth - 1, sign);
  if (!final.valid) return INVALID;
  const logSumWeight = logSumExp(init.logSumWeight, final.logSumWeight);
  // Uniform (multinomial) sampling within the subtree.
  const proposal =
    final.logSumWeight > logSumWeight || t.rng.uniform() < Math.exp(final.logSumWeight - logSumWeight)
      ? final.proposal
      : init.proposal;
  const rho = add(init.rho, final.rho);
  const valid =
    noUTurn(init.pSharpBeg, final.pSharpEnd, rho) &&
    noUTurn(init.pSharpBeg, final.pSharpBeg, add(init.rho, final.pBeg)) &&
    noUTurn(init.pSharpEnd, final.pSharpEnd, add(final.rho, init.pEnd));
  return {
    valid,
    end: final.end,
    proposal,
    logSumWeight,
    rho,
    pBeg: init.pBeg,
    pSharpBeg: init.pSharpBeg,
    pEnd: final.pEnd,
    pSharpEnd: final.pSharpEnd,
  };
}

/**
 * Check the tuning values of {@link nutsStep}; returns them with defaults.
 *
 * @internal
 */
export function resolveNutsParameters(
  parameters: NutsParameters,
  d: number,
): { stepSize: number; metric: Metric; maxTreeDepth: number; maxDeltaEnergy: number } {
  const { stepSize, maxTreeDepth = 10, maxDeltaEnergy = 1000 } = parameters;
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) {
    throw new BrenierError('invalid-argument', `nuts: stepSize must be a positive number, received ${stepSize}`);
  }
  if (!Number.isSafeInteger(maxTreeDepth) || maxTreeDepth < 1) {
    throw new BrenierError(
      'invalid-argument',
      `nuts: maxTreeDepth must be a positive integer, received ${maxTreeDepth}`,
    );
  }
  if (!(maxDeltaEnergy > 0)) {
    throw new BrenierError(
      'invalid-argument',
      `nuts: maxDeltaEnergy must be a positive number, received ${maxDeltaEnergy}`,
    );
  }
  return { stepSize, metric: metricOf(parameters.inverseMetric, d), maxTreeDepth, maxDeltaEnergy };
}

/**
 * One NUTS transition (Stan's `base_nuts::transition`): draw a momentum,
 * double the trajectory in random directions until the generalised
 * no-U-turn criterion fails (checked over the merged trajectory and
 * across the junction of the old trajectory and the new subtree), a
 * subtree turns back on itself or diverges, or the depth reaches
 * `maxTreeDepth`; return a point of the trajectory drawn with probability
 * proportional to `exp(-H)`. A rejected subtree (divergent or turning) is
 * never sampled from.
 *
 * Pure apart from advancing `rng`: the state is not modified.
 *
 * @param rng - random numbers (advanced).
 * @param state - current state (from {@link initNuts} or a previous step).
 * @param parameters - step size, inverse metric, limits.
 * @param logDensityAndGradient - the target, evaluated once per leapfrog step.
 * @returns the next state and the transition's report.
 * @example
 * ```ts
 * import { initNuts, nutsStep, Rng, type LogDensityAndGradientFn } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const rng = new Rng(1);
 * let state = initNuts(Float64Array.of(0, 0), target);
 * const x0: number[] = [];
 * for (let i = 0; i < 2000; i++) {
 *   ({ state } = nutsStep(rng, state, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) }, target));
 *   x0.push(state.position[0]!);
 * }
 * const mean = x0.reduce((s, v) => s + v, 0) / x0.length; // ≈ -0.003 (exact: 0)
 * const variance = x0.reduce((s, v) => s + (v - mean) ** 2, 0) / (x0.length - 1); // ≈ 0.98 (exact: 1)
 * ```
 * @category MCMC
 */
export function nutsStep(
  rng: Rng,
  state: NutsState,
  parameters: NutsParameters,
  logDensityAndGradient: LogDensityAndGradientFn,
): NutsStepResult {
  return runWithTarget(nutsTransition(rng, state, parameters), logDensityAndGradient);
}

/**
 * {@link nutsStep} as a computation that yields its evaluation requests
 * (one per leapfrog step), for drivers that batch the evaluations of
 * several chains into one call of the model. The tuning values are checked
 * at once; the random numbers are drawn in the same order as by
 * {@link nutsStep}.
 *
 * @param rng - random numbers (advanced as the computation runs).
 * @param state - current state.
 * @param parameters - step size, inverse metric, limits.
 * @returns the requests, then the next state and report.
 * @example
 * ```ts
 * import { initNuts, nutsTransition, Rng, type LogDensityAndGradientFn } from 'brenier';
 *
 * // standard normal in two dimensions: log p(x) = -|x|²/2 + const, gradient -x
 * const target: LogDensityAndGradientFn = (x) => ({
 *   logDensity: -0.5 * x.reduce((s, v) => s + v * v, 0),
 *   gradient: x.map((v) => -v),
 * });
 * const state = initNuts(Float64Array.of(0, 0), target);
 * const requests = nutsTransition(new Rng(1), state, { stepSize: 0.8, inverseMetric: Float64Array.of(1, 1) });
 * let next = requests.next();
 * while (!next.done) next = requests.next(target(next.value)); // one leapfrog step per request
 * const { state: after, info } = next.value;
 * ```
 * @category MCMC
 */
export function nutsTransition(
  rng: Rng,
  state: NutsState,
  parameters: NutsParameters,
): EvaluationRequests<NutsStepResult> {
  const d = state.position.length;
  const resolved = resolveNutsParameters(parameters, d);
  return transition(rng, state, resolved);
}

function* transition(
  rng: Rng,
  state: NutsState,
  resolved: ReturnType<typeof resolveNutsParameters>,
): EvaluationRequests<NutsStepResult> {
  const { stepSize, metric, maxTreeDepth, maxDeltaEnergy } = resolved;
  const p0 = metric.sampleMomentum(rng);
  const z0: PhasePoint = { q: state.position, p: p0, logDensity: state.logDensity, gradient: state.gradient };
  const h0 = hamiltonian(z0, metric);
  const t: Trajectory = {
    rng,
    metric,
    epsilon: stepSize,
    h0,
    maxDeltaEnergy,
    numSteps: 0,
    sumMetropolis: 0,
    divergent: false,
  };
  const pSharp0 = metric.velocity(p0);
  // Ends of the whole trajectory: points, momenta, velocities.
  let forward = z0;
  let backward = z0;
  let pFwd = p0;
  let pSharpFwd = pSharp0;
  let pBck = p0;
  let pSharpBck = pSharp0;
  let rho: Float64Array = Float64Array.from(p0);
  let logSumWeight = 0; // log exp(H0 - H0)
  let sample = z0;
  let depth = 0;
  while (depth < maxTreeDepth) {
    const goForward = rng.uniform() > 0.5;
    const sub = yield* buildTree(t, goForward ? forward : backward, depth, goForward ? 1 : -1);
    if (!sub.valid) break;
    depth += 1;
    // Biased progressive sampling: move to the new subtree with
    // probability min(1, w_new / w_old).
    if (sub.logSumWeight > logSumWeight || rng.uniform() < Math.exp(sub.logSumWeight - logSumWeight)) {
      sample = sub.proposal;
    }
    logSumWeight = logSumExp(logSumWeight, sub.logSumWeight);
    const total = add(rho, sub.rho);
    let persist: boolean;
    if (goForward) {
      // Old trajectory (backward part) then the new subtree (forward part).
      persist =
        noUTurn(pSharpBck, sub.pSharpEnd, total) &&
        noUTurn(pSharpBck, sub.pSharpBeg, add(rho, sub.pBeg)) &&
        noUTurn(pSharpFwd, sub.pSharpEnd, add(sub.rho, pFwd));
      forward = sub.end;
      pFwd = sub.pEnd;
      pSharpFwd = sub.pSharpEnd;
    } else {
      // New subtree (backward part) then the old trajectory (forward part).
      persist =
        noUTurn(sub.pSharpEnd, pSharpFwd, total) &&
        noUTurn(sub.pSharpEnd, pSharpBck, add(sub.rho, pBck)) &&
        noUTurn(sub.pSharpBeg, pSharpFwd, add(rho, sub.pBeg));
      backward = sub.end;
      pBck = sub.pEnd;
      pSharpBck = sub.pSharpEnd;
    }
    rho = total;
    if (!persist) break;
  }
  return {
    state: { position: sample.q, logDensity: sample.logDensity, gradient: sample.gradient },
    info: {
      acceptanceProbability: t.numSteps > 0 ? t.sumMetropolis / t.numSteps : 0,
      treeDepth: depth,
      numSteps: t.numSteps,
      divergent: t.divergent,
      energy: hamiltonian(sample, metric),
    },
  };
}
