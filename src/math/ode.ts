/**
 * Ordinary differential equations in float64: an adaptive explicit
 * Runge–Kutta solver (Dormand–Prince 5(4), the method of Stan's
 * `ode_rk45` and MATLAB's `ode45`) and forward sensitivities by the
 * augmented (variational) system.
 *
 * **Method.** Each step evaluates seven stages (the last one is the first of
 * the next step, "first same as last") and advances with the fifth-order
 * solution; the embedded fourth-order solution gives the local error
 * estimate `err_i`. The step is accepted when the scaled root-mean-square
 * error `sqrt(mean_i (err_i / (atol_i + rtol max(|y_i|, |y_i^new|)))^2)`
 * is at most 1, and the next step size is
 * `h * min(5, max(0.2, 0.9 err^(-1/5)))` (no growth right after a
 * rejection), as in Hairer, Nørsett & Wanner, *Solving ODEs I*, II.4. The
 * first step size is chosen by their algorithm (II.4, "starting step
 * size"). Output times are hit exactly: a step that would pass the next
 * output time is shortened to end on it (no interpolation error).
 *
 * **Sensitivities.** For `y' = f(t, y, p)` with `y(t0) = y0(p)`, the
 * sensitivity matrix `S = dy/dp` (`n x k`) solves
 * `S' = (df/dy) S + df/dp`, `S(t0) = dy0/dp`. It is integrated together
 * with `y` (one system of `n (k + 1)` equations, error control on all
 * components, as CVODES with `errconS`), so the sensitivities are accurate
 * to the same tolerances as the solution. Parameters entering only through
 * the initial state have a zero column in `df/dp`.
 *
 * **Failures** raise a {@link NumericalError} with issue `'diverged'`
 * rather than returning an inaccurate solution: the step size underflowing
 * (below `16 eps |t|`, e.g. at a finite-time blow-up or under extreme
 * stiffness), the step budget `maxSteps` running out, or a non-finite
 * accepted state. A trial step whose stages are not finite is treated as a
 * rejected step (divided by 10), since it usually means the step was too
 * large.
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';

/**
 * Right-hand side of `y' = f(t, y)`: writes `f(t, y)` into `out` (length
 * `n`). Must not keep or modify `y`.
 *
 * @example
 * ```ts
 * import { solveOde, type OdeRightHandSide } from 'brenier';
 *
 * // The harmonic oscillator y'' = -y as a first-order system in (y, y').
 * const oscillator: OdeRightHandSide = (_t, y, out) => {
 *   out[0] = y[1]!;
 *   out[1] = -y[0]!;
 * };
 * const { states } = solveOde(oscillator, [1, 0], 0, [Math.PI / 2, Math.PI]);
 * Array.from(states); // ≈ [0, -1, -1, 0] (cos and -sin at π/2 and π)
 * ```
 * @category Math
 */
export type OdeRightHandSide = (t: number, y: Float64Array, out: Float64Array) => void;

/**
 * Options of {@link solveOde} and {@link solveOdeWithSensitivities}.
 *
 * @example
 * ```ts
 * import { solveOde, type OdeOptions } from 'brenier';
 *
 * const options: OdeOptions = { rtol: 1e-10, atol: 1e-12, maxSteps: 10_000 };
 * const sol = solveOde((_t, y, out) => { out[0] = -y[0]!; }, [1], 0, [5], options);
 * sol.states[0]; // ≈ 0.0067379 (= exp(-5))
 * ```
 * @category Math
 */
export interface OdeOptions {
  /** Relative tolerance (positive). Default `1e-8`. */
  rtol?: number;
  /** Absolute tolerance: one positive number, or one per component of the (augmented) state. Default `1e-8`. */
  atol?: number | ArrayLike<number>;
  /** Maximum number of steps (accepted and rejected) over the whole interval. Default `100000`. */
  maxSteps?: number;
  /** First step size; default: chosen automatically (Hairer, Nørsett & Wanner II.4). */
  initialStep?: number;
}

/**
 * The solution of {@link solveOde} at the requested times.
 *
 * @example
 * ```ts
 * import { solveOde, type OdeSolution } from 'brenier';
 *
 * // Logistic growth y' = y (1 - y) from y(0) = 0.1, at t = 1, 2, 3 (n = 1).
 * const sol: OdeSolution = solveOde((_t, y, out) => { out[0] = y[0]! * (1 - y[0]!); }, [0.1], 0, [1, 2, 3]);
 * Array.from(sol.states); // ≈ [0.232, 0.451, 0.691] (state i at output r: states[r * n + i])
 * [sol.steps, sol.rejected, sol.evaluations]; // [16, 2, 110]
 * ```
 * @category Math
 */
export interface OdeSolution {
  /** States at the output times, row-major `[times.length, n]`. */
  readonly states: Float64Array;
  /** Accepted steps. */
  readonly steps: number;
  /** Rejected steps. */
  readonly rejected: number;
  /** Evaluations of the right-hand side. */
  readonly evaluations: number;
}

/**
 * An ODE with parameters for {@link solveOdeWithSensitivities}:
 * `y' = f(t, y, p)`, `y(t0) = y0`, with sensitivities taken along `k`
 * directions (parameters of `f` and/or of the initial state).
 *
 * @example
 * ```ts
 * import { solveOdeWithSensitivities, type SensitivityProblem } from 'brenier';
 *
 * // Logistic growth y' = r y (1 - y), with sensitivities to r and to y(0).
 * const r = 1.5;
 * const problem: SensitivityProblem = {
 *   dimension: 1,
 *   parameters: 2, // (r, y0)
 *   rhs: (_t, y, out) => { out[0] = r * y[0]! * (1 - y[0]!); },
 *   jacobians: (_t, y, jy, jp) => {
 *     jy[0] = r * (1 - 2 * y[0]!); // df/dy
 *     jp[0] = y[0]! * (1 - y[0]!); // df/dr (df/dy0 = 0)
 *   },
 *   y0: [0.1],
 *   initialSensitivity: [0, 1], // dy(0)/dr = 0, dy(0)/dy0 = 1
 * };
 * const { states, sensitivities } = solveOdeWithSensitivities(problem, 0, [2]);
 * Array.from(states); // ≈ [0.6906] (y(2) = 1 / (1 + 9 exp(-3)))
 * Array.from(sensitivities); // ≈ [0.4274, 2.3743] (dy(2)/dr, dy(2)/dy0)
 * ```
 * @category Math
 */
export interface SensitivityProblem {
  /** Dimension `n` of the state. */
  readonly dimension: number;
  /** Number `k` of sensitivity parameters. */
  readonly parameters: number;
  /** Writes `f(t, y)` into `out` (length `n`). */
  readonly rhs: OdeRightHandSide;
  /**
   * Writes the Jacobians at `(t, y)`: `jy = df/dy` (`n x n`, row-major) and
   * `jp = df/dp` (`n x k`, row-major; zero columns for parameters that only
   * enter the initial state). Both arrays are zeroed before each call.
   */
  readonly jacobians: (t: number, y: Float64Array, jy: Float64Array, jp: Float64Array) => void;
  /** Initial state `y0` (length `n`). */
  readonly y0: ArrayLike<number>;
  /** Initial sensitivities `dy0/dp` (`n x k`, row-major). */
  readonly initialSensitivity: ArrayLike<number>;
}

/**
 * The solution of {@link solveOdeWithSensitivities} at the requested times.
 *
 * @example
 * ```ts
 * import { solveOdeWithSensitivities, type SensitivitySolution } from 'brenier';
 *
 * // y'' = -omega² y in (y, y'), from (1, 0): y = cos(omega t); sensitivities to omega (n = 2, k = 1).
 * const omega = 1;
 * const sol: SensitivitySolution = solveOdeWithSensitivities(
 *   {
 *     dimension: 2,
 *     parameters: 1,
 *     y0: [1, 0],
 *     initialSensitivity: [0, 0],
 *     rhs: (_t, y, out) => {
 *       out[0] = y[1]!;
 *       out[1] = -omega * omega * y[0]!;
 *     },
 *     jacobians: (_t, y, jy, jp) => {
 *       jy[1] = 1; // df_0/dy_1 (jy is n x n, row-major)
 *       jy[2] = -omega * omega; // df_1/dy_0
 *       jp[1] = -2 * omega * y[0]!; // df_1/domega (jp is n x k)
 *     },
 *   },
 *   0,
 *   [Math.PI / 2],
 * );
 * Array.from(sol.states); // ≈ [0, -1] (cos(π/2), -sin(π/2))
 * Array.from(sol.sensitivities); // ≈ [-1.5708, -1] (d/domega of y and y' at t = π/2, [T, n, k] row-major)
 * ```
 * @category Math
 */
export interface SensitivitySolution extends OdeSolution {
  /** Sensitivities `dy/dp` at the output times, row-major `[times.length, n, k]`. */
  readonly sensitivities: Float64Array;
}

// Dormand–Prince 5(4) tableau.
const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
// Fifth-order weights (also the last stage's row: FSAL).
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
// Fifth minus fourth-order weights: the local error estimate.
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;

const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 5;

function resolveOptions(
  options: OdeOptions,
  n: number,
): { rtol: number; atol: Float64Array; maxSteps: number; initialStep?: number } {
  const rtol = options.rtol ?? 1e-8;
  if (!(rtol > 0) || !Number.isFinite(rtol)) throw new RangeError(`ode: rtol must be positive, received ${rtol}`);
  const a = options.atol ?? 1e-8;
  const atol = typeof a === 'number' ? new Float64Array(n).fill(a) : Float64Array.from(a);
  if (atol.length !== n) throw new RangeError(`ode: atol has ${atol.length} entries, the state has ${n}`);
  for (const v of atol) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`ode: atol must be positive, received ${v}`);
  }
  const maxSteps = options.maxSteps ?? 100_000;
  if (!(maxSteps >= 1)) throw new RangeError(`ode: maxSteps must be at least 1, received ${maxSteps}`);
  const initialStep = options.initialStep;
  if (initialStep !== undefined && !(initialStep > 0)) {
    throw new RangeError(`ode: initialStep must be positive, received ${initialStep}`);
  }
  return initialStep === undefined ? { rtol, atol, maxSteps } : { rtol, atol, maxSteps, initialStep };
}

function allFinite(y: Float64Array): boolean {
  for (const v of y) if (!Number.isFinite(v)) return false;
  return true;
}

/**
 * Solve `y' = f(t, y)`, `y(t0) = y0` and return the solution at the given
 * increasing output times (each `>= t0`; a time equal to `t0` returns
 * `y0`), by the adaptive Dormand–Prince 5(4) method (see the module notes).
 *
 * @param rhs - right-hand side `f`.
 * @param y0 - initial state (length `n`).
 * @param t0 - initial time.
 * @param times - output times, non-decreasing and `>= t0`.
 * @param options - tolerances and step budget.
 * @throws RangeError for bad times or options; {@link NumericalError} when the
 *   initial state is not finite.
 * @throws {@link NumericalError} `'diverged'` when the step size underflows,
 *   the step budget runs out or the solution is not finite.
 * @example
 * ```ts
 * import { solveOde } from 'brenier';
 *
 * // y' = -y, y(0) = 1: y(t) = exp(-t).
 * const { states } = solveOde((_t, y, out) => { out[0] = -y[0]!; }, [1], 0, [1, 2]);
 * Array.from(states); // ≈ [0.36788, 0.13534]
 * ```
 * @category Math
 */
export function solveOde(
  rhs: OdeRightHandSide,
  y0: ArrayLike<number>,
  t0: number,
  times: ArrayLike<number>,
  options: OdeOptions = {},
): OdeSolution {
  const n = y0.length;
  const settings = resolveOptions(options, n);
  if (!Number.isFinite(t0)) throw new RangeError(`ode: t0 must be finite, received ${t0}`);
  let previous = t0;
  for (let i = 0; i < times.length; i++) {
    const ti = times[i] as number;
    if (!Number.isFinite(ti) || ti < previous) {
      throw new RangeError(`ode: output times must be finite, non-decreasing and >= t0 = ${t0}; time ${i} is ${ti}`);
    }
    previous = ti;
  }
  const y = Float64Array.from(y0);
  // A non-finite start comes from parameters that overflowed (e.g. exp of a
  // large unconstrained value): numerical trouble, which samplers reject.
  if (!allFinite(y)) throw new NumericalError('diverged', 'ode: the initial state is not finite');

  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const k5 = new Float64Array(n);
  const k6 = new Float64Array(n);
  const k7 = new Float64Array(n);
  const yStage = new Float64Array(n);
  const yNew = new Float64Array(n);
  const states = new Float64Array(times.length * n);
  let evaluations = 0;
  let steps = 0;
  let rejected = 0;
  const f = (t: number, state: Float64Array, out: Float64Array): void => {
    rhs(t, state, out);
    evaluations++;
  };

  let t = t0;
  f(t, y, k1);
  if (!allFinite(k1)) {
    throw new NumericalError('diverged', `ode: the right-hand side is not finite at the initial state (t = ${t0})`, {
      t: t0,
    });
  }
  const tEnd = times.length > 0 ? (times[times.length - 1] as number) : t0;
  let h = settings.initialStep ?? initialStepSize(f, t, y, k1, settings.rtol, settings.atol, tEnd - t0, yStage, k2);

  const { rtol, atol, maxSteps } = settings;
  for (let out = 0; out < times.length; out++) {
    const target = times[out] as number;
    let lastRejected = false;
    while (t < target) {
      if (steps + rejected >= maxSteps) {
        throw new NumericalError(
          'diverged',
          `ode: step budget exhausted (${maxSteps} steps) at t = ${t} before reaching t = ${target}; the problem may be stiff or the tolerances too tight`,
          { t, steps, rejected },
        );
      }
      const minStep = 16 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(target), 1e-300);
      if (!(h >= minStep)) {
        throw new NumericalError(
          'diverged',
          `ode: step size underflow (h = ${h}) at t = ${t}; the solution may blow up or be too stiff near this time`,
          { t, h },
        );
      }
      const hitsTarget = t + h >= target;
      const hStep = hitsTarget ? target - t : h;
      for (let i = 0; i < n; i++) yStage[i] = (y[i] as number) + hStep * A21 * (k1[i] as number);
      f(t + C2 * hStep, yStage, k2);
      for (let i = 0; i < n; i++) {
        yStage[i] = (y[i] as number) + hStep * (A31 * (k1[i] as number) + A32 * (k2[i] as number));
      }
      f(t + C3 * hStep, yStage, k3);
      for (let i = 0; i < n; i++) {
        yStage[i] =
          (y[i] as number) + hStep * (A41 * (k1[i] as number) + A42 * (k2[i] as number) + A43 * (k3[i] as number));
      }
      f(t + C4 * hStep, yStage, k4);
      for (let i = 0; i < n; i++) {
        yStage[i] =
          (y[i] as number) +
          hStep *
            (A51 * (k1[i] as number) + A52 * (k2[i] as number) + A53 * (k3[i] as number) + A54 * (k4[i] as number));
      }
      f(t + C5 * hStep, yStage, k5);
      for (let i = 0; i < n; i++) {
        yStage[i] =
          (y[i] as number) +
          hStep *
            (A61 * (k1[i] as number) +
              A62 * (k2[i] as number) +
              A63 * (k3[i] as number) +
              A64 * (k4[i] as number) +
              A65 * (k5[i] as number));
      }
      f(t + hStep, yStage, k6);
      for (let i = 0; i < n; i++) {
        yNew[i] =
          (y[i] as number) +
          hStep *
            (B1 * (k1[i] as number) +
              B3 * (k3[i] as number) +
              B4 * (k4[i] as number) +
              B5 * (k5[i] as number) +
              B6 * (k6[i] as number));
      }
      const tNew = hitsTarget ? target : t + hStep;
      f(tNew, yNew, k7);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const e =
          hStep *
          (E1 * (k1[i] as number) +
            E3 * (k3[i] as number) +
            E4 * (k4[i] as number) +
            E5 * (k5[i] as number) +
            E6 * (k6[i] as number) +
            E7 * (k7[i] as number));
        const scale = (atol[i] as number) + rtol * Math.max(Math.abs(y[i] as number), Math.abs(yNew[i] as number));
        sum += (e / scale) ** 2;
      }
      const err = Math.sqrt(sum / Math.max(n, 1));
      if (!Number.isFinite(err) || !allFinite(k7)) {
        // Overflow within the trial step: treat as a (badly) rejected step.
        rejected++;
        h = hStep / 10;
        lastRejected = true;
        continue;
      }
      if (err <= 1) {
        steps++;
        t = tNew;
        y.set(yNew);
        k1.set(k7);
        const grow = err === 0 ? FAC_MAX : Math.min(FAC_MAX, Math.max(FAC_MIN, SAFETY * err ** -0.2));
        // A step shortened to hit an output time says nothing about the natural step: keep h unless it shrank.
        const next = hStep * (lastRejected ? Math.min(1, grow) : grow);
        h = hitsTarget ? Math.max(h, next) : next;
        lastRejected = false;
      } else {
        rejected++;
        h = hStep * Math.max(FAC_MIN, SAFETY * err ** -0.2);
        lastRejected = true;
      }
    }
    if (!allFinite(y)) {
      throw new NumericalError('diverged', `ode: the solution is not finite at t = ${target}`, { t: target });
    }
    states.set(y, out * n);
  }
  return { states, steps, rejected, evaluations };
}

/**
 * Starting step size (Hairer, Nørsett & Wanner, II.4): `h0 = 0.01 d0 / d1`
 * from the scaled norms of `y0` and `f(t0, y0)`, refined by one explicit
 * Euler step's estimate of the second derivative, for a method of order 5.
 */
function initialStepSize(
  f: OdeRightHandSide,
  t0: number,
  y0: Float64Array,
  f0: Float64Array,
  rtol: number,
  atol: Float64Array,
  span: number,
  yWork: Float64Array,
  fWork: Float64Array,
): number {
  const n = y0.length;
  if (span <= 0) return 1;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = (atol[i] as number) + rtol * Math.abs(y0[i] as number);
    d0 += ((y0[i] as number) / sc) ** 2;
    d1 += ((f0[i] as number) / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / Math.max(n, 1));
  d1 = Math.sqrt(d1 / Math.max(n, 1));
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, span);
  for (let i = 0; i < n; i++) yWork[i] = (y0[i] as number) + h0 * (f0[i] as number);
  f(t0 + h0, yWork, fWork);
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = (atol[i] as number) + rtol * Math.abs(y0[i] as number);
    d2 += (((fWork[i] as number) - (f0[i] as number)) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / Math.max(n, 1)) / h0;
  if (!Number.isFinite(d2)) return Math.min(h0, span) / 100;
  const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  return Math.min(100 * h0, h1, span);
}

/**
 * Solve `y' = f(t, y, p)` with its forward sensitivities `S = dy/dp`
 * (`S' = (df/dy) S + df/dp`, `S(t0) = dy0/dp`), integrated as one
 * augmented system of `n (k + 1)` equations by {@link solveOde}, with the
 * error of both the state and the sensitivities controlled (see the module
 * notes). `options.atol` may give one tolerance per augmented component
 * (the `n` states first, then `S` row-major).
 *
 * @param problem - the ODE, its Jacobians and initial values.
 * @param t0 - initial time.
 * @param times - output times, non-decreasing and `>= t0`.
 * @param options - tolerances (on the augmented state) and step budget.
 * @returns states `[T, n]` and sensitivities `[T, n, k]` at the output times.
 * @throws RangeError for inconsistent sizes, bad times or options.
 * @throws {@link NumericalError} `'diverged'` as {@link solveOde}.
 * @example
 * ```ts
 * import { solveOdeWithSensitivities } from 'brenier';
 *
 * // y' = -p y, y(0) = 1: y(t) = exp(-p t), dy/dp = -t exp(-p t).
 * const p = 0.5;
 * const sol = solveOdeWithSensitivities(
 *   {
 *     dimension: 1,
 *     parameters: 1,
 *     y0: [1],
 *     initialSensitivity: [0],
 *     rhs: (_t, y, out) => { out[0] = -p * y[0]!; },
 *     jacobians: (_t, y, jy, jp) => { jy[0] = -p; jp[0] = -y[0]!; },
 *   },
 *   0,
 *   [1, 2],
 * );
 * Array.from(sol.states); // ≈ [0.6065, 0.3679]
 * Array.from(sol.sensitivities); // ≈ [-0.6065, -0.7358]
 * ```
 * @category Math
 */
export function solveOdeWithSensitivities(
  problem: SensitivityProblem,
  t0: number,
  times: ArrayLike<number>,
  options: OdeOptions = {},
): SensitivitySolution {
  const n = problem.dimension;
  const k = problem.parameters;
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(k) && k >= 0)) {
    throw new RangeError(`solveOdeWithSensitivities: bad sizes (dimension ${n}, parameters ${k})`);
  }
  if (problem.y0.length !== n) {
    throw new RangeError(`solveOdeWithSensitivities: y0 has ${problem.y0.length} entries, expected ${n}`);
  }
  if (problem.initialSensitivity.length !== n * k) {
    throw new RangeError(
      `solveOdeWithSensitivities: initialSensitivity has ${problem.initialSensitivity.length} entries, expected ${n * k} (n x k)`,
    );
  }
  const m = n * (k + 1);
  const z0 = new Float64Array(m);
  for (let i = 0; i < n; i++) z0[i] = problem.y0[i] as number;
  for (let i = 0; i < n * k; i++) z0[n + i] = problem.initialSensitivity[i] as number;
  const jy = new Float64Array(n * n);
  const jp = new Float64Array(n * k);
  // Work buffers (no per-call subarray views: this closure runs at every stage).
  const y = new Float64Array(n);
  const fy = new Float64Array(n);
  const rhs: OdeRightHandSide = (t, z, out) => {
    for (let i = 0; i < n; i++) y[i] = z[i] as number;
    problem.rhs(t, y, fy);
    for (let i = 0; i < n; i++) out[i] = fy[i] as number;
    jy.fill(0);
    jp.fill(0);
    problem.jacobians(t, y, jy, jp);
    // S' = Jy S + Jp, S row-major n x k at z[n..].
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let s = jp[i * k + c] as number;
        for (let q = 0; q < n; q++) s += (jy[i * n + q] as number) * (z[n + q * k + c] as number);
        out[n + i * k + c] = s;
      }
    }
  };
  const solution = solveOde(rhs, z0, t0, times, options);
  const count = times.length;
  const states = new Float64Array(count * n);
  const sensitivities = new Float64Array(count * n * k);
  for (let r = 0; r < count; r++) {
    const row = solution.states.subarray(r * m, (r + 1) * m);
    states.set(row.subarray(0, n), r * n);
    sensitivities.set(row.subarray(n), r * n * k);
  }
  return {
    states,
    sensitivities,
    steps: solution.steps,
    rejected: solution.rejected,
    evaluations: solution.evaluations,
  };
}
