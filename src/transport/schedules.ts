/**
 * Step-size schedules. Every step-size option is `number | Schedule`; a
 * number means a constant step. A schedule is a plain function of the step
 * count and of the current map's scale, plus a flag saying whether the flow
 * checks each step against the ELBO and backtracks.
 *
 * Guarantees (method notes, section 3): the per-step inequality and the
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

/** What a schedule may look at. */
export interface ScheduleContext {
  /** Smallest eigenvalue of the current map's linear part (a length scale of q). */
  readonly scale: number;
}

/**
 * A step-size schedule.
 *
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

/** Constant step `eta`. @category Transport */
export function constant(eta: number): Schedule {
  positive('constant(eta)', eta);
  return { description: `${eta}`, adaptive: false, stepSize: () => eta };
}

/** `eta0 / sqrt(k + 1)`. @category Transport */
export function inverseSqrt(eta0: number): Schedule {
  positive('inverseSqrt(eta0)', eta0);
  return { description: `${eta0} / sqrt(k + 1)`, adaptive: false, stepSize: (k) => eta0 / Math.sqrt(k + 1) };
}

/** `eta0 / (k + 1)`. @category Transport */
export function inverseLinear(eta0: number): Schedule {
  positive('inverseLinear(eta0)', eta0);
  return { description: `${eta0} / (k + 1)`, adaptive: false, stepSize: (k) => eta0 / (k + 1) };
}

/**
 * Scale-aware rule `eta = c * lambda_min(A_k)`: the step follows the
 * smallest length scale of the current map (on a Gaussian target the flow
 * is stable for steps below the smallest target sd, which `lambda_min(A)`
 * tracks). @category Transport
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

/** A number becomes a constant schedule. */
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
