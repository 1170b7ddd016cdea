/**
 * Lotka–Volterra predator–prey model of the Hudson's Bay Company hare and
 * lynx pelts, 1900–1920 (posteriordb `hudson_lynx_hare-lotka_volterra`;
 * Stan case study by B. Carpenter):
 *
 *     du/dt = (alpha - beta v) u,   dv/dt = (-gamma + delta u) v,
 *     (u, v)(0) = z_init,   z_hat[n] = (u, v)(t_n),  n = 1..N,
 *     theta = (alpha, beta, gamma, delta):
 *       alpha, gamma ~ Normal(1, 0.5),  beta, delta ~ Normal(0.05, 0.05)  (restricted to > 0),
 *     z_init[k] ~ LogNormal(log 10, 1),   sigma[k] ~ LogNormal(-1, 1),
 *     y_init[k] ~ LogNormal(log z_init[k], sigma[k]),
 *     y[n, k] ~ LogNormal(log z_hat[n, k], sigma[k]),   k = 1 (hare), 2 (lynx).
 *
 * The ODE is solved in float64 by an adaptive Dormand–Prince 5(4) method
 * (rtol = atol = 1e-8; posteriordb's reference used Stan's rk45 with
 * rtol 1e-5, atol 1e-3) together with its forward sensitivities with
 * respect to `theta` and `z_init` (2 + 2 x 6 = 14 equations), by
 * `solveOdeWithSensitivities`, in the log populations
 * `(log u, log v)` (see `solveLotkaVolterraLog`: positivity by
 * construction, relative accuracy, no underflow far in the tails);
 * `lotkaVolterraTrajectories` wraps it as a differentiable op giving
 * `log z_hat`, which the likelihood uses directly. `z_hat` is computed
 * inside the log density, not reported (posteriordb's reference has the 8
 * parameters only).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { NumericalError } from '../src/core/errors.js';
import { solveOdeWithSensitivities, type OdeOptions, type SensitivitySolution } from '../src/math/ode.js';
import { data, defineModel, logNormal, normal, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `hudson_lynx_hare-lotka_volterra`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { LOTKA_VOLTERRA_POSTERIOR, loadPosteriorData } from 'brenier/models';
 *
 * const { N, y_init } = loadPosteriorData(LOTKA_VOLTERRA_POSTERIOR);
 * console.log(N, y_init); // 20 [ 30, 4 ]: hare and lynx pelts (thousands) in 1900, then 20 years
 * ```
 */
export const LOTKA_VOLTERRA_POSTERIOR = 'hudson_lynx_hare-lotka_volterra';

/** Solver settings of the model: rtol = atol = 1e-8 on the augmented (log-scale) state, at most 100000 steps per solve. */
export const LOTKA_VOLTERRA_ODE_OPTIONS: Readonly<OdeOptions> = { rtol: 1e-8, atol: 1e-8, maxSteps: 100_000 };

/**
 * Solve the Lotka–Volterra system from time 0 on the log scale, with its
 * sensitivities, in float64, for one parameter vector.
 *
 * With `w = (log u, log v)` the system reads
 * `w1' = alpha - beta exp(w2)`, `w2' = -gamma + delta exp(w1)`,
 * `w(0) = log z_init`: the same solution as the original system in exact
 * arithmetic, but the populations stay positive by construction, an
 * absolute tolerance on `w` is a relative tolerance on `(u, v)` (the
 * likelihood compares `log y` with `log z_hat`), and populations far below
 * the float64 or float32 range (e.g. a predator dying out at rate 20 over
 * 20 years, `v ~ e^-400`) are represented without underflow. The
 * sensitivities are `d(log u, log v)/d(alpha, beta, gamma, delta, u0, v0)`
 * (those of `(u, v)` are `u` and `v` times them), with
 * `d w(0)/d z_init = diag(1 / z_init)`.
 *
 * @param theta - `(alpha, beta, gamma, delta)`.
 * @param zInit - initial populations `(u0, v0)`, positive.
 * @param ts - output times, increasing and `>= 0`.
 * @param options - solver settings. Default `LOTKA_VOLTERRA_ODE_OPTIONS`.
 * @returns `states` `[T, 2]` = `(log u, log v)` and `sensitivities` `[T, 2, 6]`.
 * @throws `NumericalError` `'diverged'` when the solver fails (see `solveOdeWithSensitivities`).
 */
export function solveLotkaVolterraLog(
  theta: ArrayLike<number>,
  zInit: ArrayLike<number>,
  ts: ArrayLike<number>,
  options: OdeOptions = LOTKA_VOLTERRA_ODE_OPTIONS,
): SensitivitySolution {
  const al = theta[0] as number;
  const be = theta[1] as number;
  const ga = theta[2] as number;
  const de = theta[3] as number;
  const u0 = zInit[0] as number;
  const v0 = zInit[1] as number;
  return solveOdeWithSensitivities(
    {
      dimension: 2,
      parameters: 6,
      y0: [Math.log(u0), Math.log(v0)],
      // d log(u0, v0) / d(theta, z_init) = [0 | diag(1 / z_init)].
      initialSensitivity: [0, 0, 0, 0, 1 / u0, 0, 0, 0, 0, 0, 0, 1 / v0],
      rhs: (_t, w, out) => {
        out[0] = al - be * Math.exp(w[1] as number);
        out[1] = -ga + de * Math.exp(w[0] as number);
      },
      jacobians: (_t, w, jw, jp) => {
        const u = Math.exp(w[0] as number);
        const v = Math.exp(w[1] as number);
        jw[1] = -be * v;
        jw[2] = de * u;
        // Rows: d(w1')/d(alpha, beta, gamma, delta, u0, v0), d(w2')/d(...).
        jp[0] = 1;
        jp[1] = -v;
        jp[8] = -1;
        jp[9] = u;
      },
    },
    0,
    ts,
    options,
  );
}

/** Options of `lotkaVolterraTrajectories`. */
export interface TrajectoryOptions {
  /** Return `log z_hat` rather than `z_hat` (what the log-normal likelihood needs; no float32 underflow). Default `false`. */
  log?: boolean;
  /** Solver settings. Default `LOTKA_VOLTERRA_ODE_OPTIONS`. */
  ode?: OdeOptions;
}

/**
 * The Lotka–Volterra solutions `z_hat[p, n, k]` at the times `ts` for every
 * particle (or their logs), as a differentiable op: the forward pass reads
 * `theta` and `z_init` back and solves in float64 with forward
 * sensitivities `S` (`solveLotkaVolterraLog`); the gradient is the
 * vector-Jacobian product `dy . S` (float64, converted to float32).
 *
 * The model uses `log: true`: `z_hat` itself can underflow float32 far in
 * the tails (a population decaying like `e^-100`), where `log(z_hat)` of a
 * float32 `z_hat` would give infinite values and NaN scores.
 *
 * @param theta - `[P, 4]`, `(alpha, beta, gamma, delta)` per particle.
 * @param zInit - `[P, 2]`, initial populations per particle.
 * @param ts - the `T` output times (increasing, `>= 0`).
 * @param options - scale of the output and solver settings.
 * @returns `[P, T, 2]` float32: hare `u` and lynx `v` at each time (or their logs).
 * @throws `NumericalError` `'diverged'` when a solve fails, naming the particle and its parameters.
 */
export function lotkaVolterraTrajectories(
  theta: tf.Tensor,
  zInit: tf.Tensor,
  ts: ArrayLike<number>,
  options: TrajectoryOptions = {},
): tf.Tensor {
  const p = theta.shape[0] as number;
  if (theta.rank !== 2 || theta.shape[1] !== 4 || zInit.rank !== 2 || zInit.shape[0] !== p || zInit.shape[1] !== 2) {
    throw new RangeError(
      `lotkaVolterraTrajectories: expected theta [P, 4] and z_init [P, 2], received [${theta.shape.join(', ')}] and [${zInit.shape.join(', ')}]`,
    );
  }
  const log = options.log ?? false;
  const ode = options.ode ?? LOTKA_VOLTERRA_ODE_OPTIONS;
  const times = Float64Array.from(ts);
  const nt = times.length;
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const th = Float64Array.from((inputs[0] as tf.Tensor).dataSync());
    const z0 = Float64Array.from((inputs[1] as tf.Tensor).dataSync());
    const values = new Float64Array(p * nt * 2);
    // Sensitivities of the output, kept as plain float64 arrays for the backward pass.
    const sens = new Float64Array(p * nt * 2 * 6);
    for (let q = 0; q < p; q++) {
      const thq = th.subarray(4 * q, 4 * q + 4);
      const zq = z0.subarray(2 * q, 2 * q + 2);
      let solution: SensitivitySolution;
      try {
        solution = solveLotkaVolterraLog(thq, zq, times, ode);
      } catch (error) {
        if (error instanceof NumericalError) {
          const where = `particle ${q}, theta = [${Array.from(thq, (v) => v.toPrecision(4)).join(', ')}], z_init = [${Array.from(zq, (v) => v.toPrecision(4)).join(', ')}]`;
          throw new NumericalError('diverged', `Lotka-Volterra ODE at ${where}: ${error.message}`, {
            ...error.details,
            particle: q,
          });
        }
        throw error;
      }
      for (let r = 0; r < nt * 2; r++) {
        const w = solution.states[r] as number;
        const scale = log ? 1 : Math.exp(w);
        values[q * nt * 2 + r] = log ? w : scale;
        for (let c = 0; c < 6; c++)
          sens[(q * nt * 2 + r) * 6 + c] = scale * (solution.sensitivities[r * 6 + c] as number);
      }
    }
    return {
      value: tf.tensor3d(Float32Array.from(values), [p, nt, 2]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync();
        const dTheta = new Float64Array(p * 4);
        const dZ = new Float64Array(p * 2);
        for (let q = 0; q < p; q++) {
          for (let r = 0; r < nt * 2; r++) {
            const gr = g[q * nt * 2 + r] as number;
            if (gr === 0) continue;
            const base = (q * nt * 2 + r) * 6;
            for (let c = 0; c < 4; c++)
              dTheta[q * 4 + c] = (dTheta[q * 4 + c] as number) + gr * (sens[base + c] as number);
            for (let c = 0; c < 2; c++) dZ[q * 2 + c] = (dZ[q * 2 + c] as number) + gr * (sens[base + 4 + c] as number);
          }
        }
        return [tf.tensor2d(Float32Array.from(dTheta), [p, 4]), tf.tensor2d(Float32Array.from(dZ), [p, 2])];
      },
    };
  }) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  return op(theta, zInit);
}

/**
 * The Lotka–Volterra model of posteriordb's `hudson_lynx_hare-lotka_volterra`.
 * Data: `N`, the times `ts[N]`, the initial observations `y_init[2]` and the
 * observed populations `y[N, 2]` (hare, lynx); parameters
 * `theta[4] = (alpha, beta, gamma, delta)`, `z_init[2]` and `sigma[2]`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { LOTKA_VOLTERRA_POSTERIOR, loadPosteriorData, lotkaVolterra } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(LOTKA_VOLTERRA_POSTERIOR);
 * const point = { theta: [0.55, 0.028, 0.8, 0.024], z_init: [34, 5.9], sigma: [0.25, 0.25] };
 * const lp = lotkaVolterra.logDensity(point, data); // ≈ -128.76
 * const posterior = await fitPosterior(lotkaVolterra, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // theta ≈ (0.55, 0.028, 0.80, 0.024), z_init ≈ (34, 5.9)
 * ```
 */
export const lotkaVolterra = defineModel({
  name: 'lotka_volterra',
  data: {
    /** Number of measurement times after the initial one. */
    N: data.int({ lower: 1 }),
    /** Measurement times in years after 1900 (length N). */
    ts: data.vector('N'),
    /** Observed populations at time 0 (1900), `[hare, lynx]`, in thousands of pelts. */
    y_init: data.vector(2, { lower: 0 }),
    /** Observed populations at the times `ts`, one row `[hare, lynx]` per time, in thousands of pelts (N x 2). */
    y: data.matrix('N', 2, { lower: 0 }),
  },
  params: {
    /**
     * ODE rates `(alpha, beta, gamma, delta)`: prey growth, predation, predator
     * death and predator growth per prey (all positive).
     */
    theta: param.positive(4),
    /** True initial populations `[hare, lynx]` at time 0 (positive). */
    z_init: param.positive(2),
    /** Log-scale measurement standard deviations of the hare and lynx counts (positive). */
    sigma: param.positive(2),
  },
  logDensity: ({ theta, z_init, sigma }, { ts, y_init, y }) => {
    const logZHat = lotkaVolterraTrajectories(theta, z_init, ts.dataSync(), { log: true }); // [P, N, 2]
    return {
      // alpha, gamma ~ Normal(1, 0.5); beta, delta ~ Normal(0.05, 0.05), on theta > 0.
      theta: normal([1, 0.05, 1, 0.05], [0.5, 0.05, 0.5, 0.05]).logProb(theta),
      z_init: logNormal(Math.log(10), 1).logProb(z_init),
      sigma: logNormal(-1, 1).logProb(sigma),
      y_init: logNormal(tf.log(z_init), sigma).logProb(y_init),
      // sigma [P, 2] -> [P, 1, 2] against [P, N, 2].
      y: logNormal(logZHat, tf.expandDims(sigma, 1)).logProb(y),
    };
  },
});
