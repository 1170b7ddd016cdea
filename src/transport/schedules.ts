/**
 * Step-size schedules. Every step-size option is `number | Schedule`; a
 * number means a constant step. A schedule is a plain function of the step
 * count and of the current map's scale, plus a flag saying whether the flow
 * checks each step against the ELBO and backtracks.
 *
 * Guarantees (docs/algorithm.md, section 4): the per-step inequality and the
 * regret bound hold for the mirror step with whatever step sizes are used,
 * as long as each step keeps the potential convex; the average-iterate bound
 * `F(qbar_K) <= [D(pi||q_0) + sum_k D(q_k||q_{k+1})] / sum_k eta_k` turns
 * into convergence when `sum eta_k` diverges and `sum D(q_k||q_{k+1})`
 * (of order `sum eta_k^2`) stays bounded: true for `eta0/sqrt(k+1)` up to a
 * log factor and for `eta0/(k+1)` (slowly); a constant step converges
 * geometrically on Gaussian targets when below the smallest target sd. The
 * scale-aware and adaptive rules pick steps from the current map; the
 * adaptive rule only rejects steps, so the bounds hold for the accepted
 * sequence.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';

/**
 * What a schedule may look at.
 *
 * @example
 * ```ts
 * import { scaleAware, type ScheduleContext } from 'brenier';
 *
 * // The flow passes the smallest eigenvalue of the current map's linear part.
 * const context: ScheduleContext = { scale: 0.2 };
 * console.log(scaleAware(0.5).stepSize(0, context)); // 0.1
 * ```
 */
export interface ScheduleContext {
  /** Smallest eigenvalue of the current map's linear part (a length scale of q). */
  readonly scale: number;
}

/**
 * A step-size schedule: a function of the step count `k` and of the current
 * map's scale. `constant`, `inverseSqrt`, `inverseLinear`, `scaleAware` and
 * `adaptive` build them; any object of this shape works too.
 *
 * @example A custom schedule: a linear warm-up to the scale-aware step
 * ```ts
 * import { fitPosterior, initBackend, type Schedule } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const warmUp: Schedule = {
 *   description: 'min(1, (k + 1) / 20) * 0.5 * lambda_min(A)',
 *   adaptive: false,
 *   stepSize: (k, { scale }) => Math.min(1, (k + 1) / 20) * 0.5 * scale,
 * };
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { stepSize: warmUp, seed: 1 });
 * console.log(posterior.diagnostics.settings.stepSize); // 'min(1, (k + 1) / 20) * 0.5 * lambda_min(A)'
 * ```
 * @category Transport
 */
export interface Schedule {
  /** Short description recorded in results, e.g. `'0.5 * lambda_min(A)'`. */
  readonly description: string;
  /** Whether steps are checked against the ELBO on independent draws and backtracked. */
  readonly adaptive: boolean;
  /** For adaptive schedules: the ELBO drop, in standard errors, that rejects a step. */
  readonly tolerance?: number;
  /** Step size at step `k` (0-based). */
  stepSize(k: number, context: ScheduleContext): number;
}

function positive(name: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new BrenierError('invalid-argument', `${name} must be a positive finite number, received ${v}`);
  }
  return v;
}

/**
 * Constant step `eta`. A plain number as a step-size option means the same.
 *
 * @example
 * ```ts
 * import { constant, fitPosterior, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * console.log(constant(0.2).stepSize(10, { scale: 1 })); // 0.2
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { stepSize: constant(0.2), seed: 1 });
 * console.log(posterior.diagnostics.stopReason); // 'converged'
 * ```
 * @category Transport
 */
export function constant(eta: number): Schedule {
  positive('constant(eta)', eta);
  return { description: `${eta}`, adaptive: false, stepSize: () => eta };
}

/**
 * `eta0 / sqrt(k + 1)`: the decay under which the average-iterate bound
 * drives `KL(qbar_K || pi)` to zero (up to a log factor); pair it with
 * `iterate: 'mixture'` to report that average.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, inverseSqrt } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * console.log(inverseSqrt(0.5).stepSize(3, { scale: 1 })); // 0.25 = 0.5 / sqrt(4)
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), {
 *   stepSize: inverseSqrt(0.5),
 *   iterate: 'mixture',
 *   seed: 1,
 * });
 * ```
 * @category Transport
 */
export function inverseSqrt(eta0: number): Schedule {
  positive('inverseSqrt(eta0)', eta0);
  return { description: `${eta0} / sqrt(k + 1)`, adaptive: false, stepSize: (k) => eta0 / Math.sqrt(k + 1) };
}

/**
 * `eta0 / (k + 1)`: the average-iterate bound still goes to zero, slowly.
 *
 * @example
 * ```ts
 * import { inverseLinear } from 'brenier';
 *
 * const schedule = inverseLinear(0.5);
 * console.log(schedule.stepSize(0, { scale: 1 }), schedule.stepSize(4, { scale: 1 })); // 0.5 0.1
 * console.log(schedule.description); // '0.5 / (k + 1)'
 * ```
 * @category Transport
 */
export function inverseLinear(eta0: number): Schedule {
  positive('inverseLinear(eta0)', eta0);
  return { description: `${eta0} / (k + 1)`, adaptive: false, stepSize: (k) => eta0 / (k + 1) };
}

/**
 * Scale-aware rule `eta = c * lambda_min(A_k)`: the step follows the
 * smallest length scale of the current map (on a Gaussian target the flow
 * is stable for steps below the smallest target sd, which `lambda_min(A)`
 * tracks).
 *
 * @example
 * ```ts
 * import { scaleAware } from 'brenier';
 *
 * // A map whose narrowest direction has scale 0.2 takes steps of 0.1.
 * console.log(scaleAware(0.5).stepSize(0, { scale: 0.2 })); // 0.1
 * ```
 * @category Transport
 */
export function scaleAware(c = 0.5): Schedule {
  positive('scaleAware(c)', c);
  return { description: `${c} * lambda_min(A)`, adaptive: false, stepSize: (_k, ctx) => c * ctx.scale };
}

/**
 * Adaptive rule on top of a base schedule (default: the scale-aware rule):
 * a step whose ELBO, estimated on the next step's independent draws, falls
 * by more than `tolerance` standard errors (default 2) is rejected and the
 * step multiplier halved; accepted steps let the multiplier grow back by
 * 25% up to 1. Convexity is kept by halving any step that would lose it.
 *
 * @example
 * ```ts
 * import { adaptive, fitPosterior, initBackend, inverseSqrt } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * // Decaying steps, rejecting any whose ELBO falls by more than 3 standard errors.
 * const stepSize = adaptive(inverseSqrt(0.5), 3);
 * console.log(stepSize.description); // 'adaptive(0.5 / sqrt(k + 1), 3 se)'
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { stepSize, seed: 1 });
 * const rejected = posterior.diagnostics.accepted.filter((a) => !a).length;
 * ```
 * @category Transport
 */
export function adaptive(base: Schedule | number = scaleAware(0.5), tolerance = 2): Schedule {
  const inner = toSchedule(base);
  positive('adaptive(tolerance)', tolerance);
  return {
    description: `adaptive(${inner.description}, ${tolerance} se)`,
    adaptive: true,
    tolerance,
    stepSize: (k, ctx) => inner.stepSize(k, ctx),
  };
}

/**
 * A number becomes a constant schedule; a schedule is returned as it is.
 *
 * @example
 * ```ts
 * import { scaleAware, toSchedule } from 'brenier';
 *
 * console.log(toSchedule(0.1).description); // '0.1'
 * console.log(toSchedule(scaleAware(0.5)).description); // '0.5 * lambda_min(A)'
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) for anything else.
 */
export function toSchedule(value: number | Schedule): Schedule {
  if (typeof value === 'number') return constant(value);
  if (value === null || typeof value !== 'object' || typeof value.stepSize !== 'function') {
    throw new BrenierError(
      'invalid-argument',
      'stepSize must be a positive number or a Schedule (constant, inverseSqrt, ...)',
    );
  }
  return value;
}
