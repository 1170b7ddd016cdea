/**
 * Synthetic non-Gaussian targets written in the DSL, for tests and
 * benchmarks that compare potential families: a banana, Neal's funnel, a
 * bimodal mixture and a product of skew-normals.
 *
 * Every target has plain real parameters and no data, so
 * `fitPosterior(banana, {})` works, and comes with
 *
 * - `logDensity(x)`: its exact, normalised log density in float64 at one
 *   point (the unconstrained space equals the parameter space here), in the
 *   coordinate order of the compiled model;
 * - `sampleExact(rng, n)`: exact independent draws, row-major `[n, d]`;
 * - `mean` and `variance`: the known marginal moments.
 *
 * The DSL log densities are normalised too, so a fit's ELBO is
 * `-KL(q || pi)`, and `KL(q || pi)` can be estimated independently by
 * Monte Carlo as `E_q[log q - logDensity]`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import {
  defineModel,
  logAddExp,
  normal,
  param,
  type CompiledModel,
  type DataInput,
  type Model,
  type Rng,
} from '../src/index.js';

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_2 = Math.log(2);
const normalLpdf = (x: number, m: number, s: number): number =>
  -0.5 * LOG_2PI - Math.log(s) - (0.5 * (x - m) ** 2) / (s * s);

/**
 * A synthetic target: a DSL model with no data, its exact float64 log
 * density, an exact sampler and its known marginal moments.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { banana, type SyntheticTarget } from 'brenier/models';
 *
 * await initBackend();
 * const target: SyntheticTarget = banana;
 * const posterior = await fitPosterior(target, {}, { seed: 1 });
 * // KL(q || pi) = E_q[log q - log pi] by Monte Carlo, with the exact density of the target
 * const [n, d] = [4000, target.dimension];
 * const z = posterior.sampleUnconstrained(n, { seed: 2 }); // row-major [n, d]
 * const logQ = posterior.logDensity(z);
 * let kl = 0;
 * for (let i = 0; i < n; i++) kl += (logQ[i] ?? 0) - target.logDensity(z.subarray(i * d, (i + 1) * d));
 * console.log(kl / n, -(posterior.diagnostics.elbo.at(-1) ?? 0)); // ≈ 0.32 0.36: both estimate KL(q || pi)
 * ```
 */
export interface SyntheticTarget {
  /** Short name (`banana`, `funnel_10`...). */
  readonly name: string;
  /** Dimension (of the parameter space, which is the unconstrained space). */
  readonly dimension: number;
  /** The DSL model. */
  readonly model: Pick<Model, 'name' | 'compile'>;
  /** Compile the model (no data), so that `fitPosterior(target, {})` works. */
  compile(data?: DataInput): CompiledModel;
  /** Exact, normalised log density at one point (float64), coordinates in the compiled model's order. */
  logDensity(x: Float64Array): number;
  /** `n` exact independent draws, row-major `[n, dimension]`. */
  sampleExact(rng: Rng, n: number): Float64Array;
  /** Marginal means, in coordinate order. */
  readonly mean: readonly number[];
  /** Marginal variances, in coordinate order. */
  readonly variance: readonly number[];
}

function target(spec: Omit<SyntheticTarget, 'compile'>): SyntheticTarget {
  return { ...spec, compile: (data: DataInput = {}) => spec.model.compile(data) };
}

function sampleRows(n: number, d: number, row: (out: Float64Array, offset: number) => void): Float64Array {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`sampleExact: n must be a positive integer, received ${n}`);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) row(out, i * d);
  return out;
}

// ---------------------------------------------------------------------------
// log Phi, the log of the standard normal CDF.

// Chebyshev coefficients of erfc on x >= 0 (Numerical Recipes, 3rd ed.,
// `Erf::erfccheb`; the series jstat's `erf` uses): relative accuracy ~1e-16.
const ERFC_CHEB = [
  -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
  3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8,
  -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
];

/** `log erfc(x)` for `x >= 0` in float64, computed in log space (no underflow). */
function logErfc64(x: number): number {
  const t = 2 / (2 + x);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_CHEB.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + (ERFC_CHEB[j] as number);
    dd = tmp;
  }
  return Math.log(t) - x * x + 0.5 * ((ERFC_CHEB[0] as number) + ty * d) - dd;
}

/**
 * `log Phi(z)`, the log of the standard normal CDF, in float64, accurate to
 * ~1e-15 relative for every z: `log(erfc(-z / sqrt 2) / 2)` with erfc in log
 * space for z < 0, `log1p(-erfc(z / sqrt 2) / 2)` for z >= 0.
 *
 * @example
 * ```ts
 * import { logNormalCdf64 } from 'brenier/models';
 *
 * console.log(logNormalCdf64(0)); // -0.6931471805599452 = log(1/2)
 * console.log(logNormalCdf64(-40)); // -804.6084420137536, where Phi(-40) underflows to 0
 * console.log(logNormalCdf64(3)); // -0.0013508099647481944
 * ```
 */
export function logNormalCdf64(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return logErfc64(-z / Math.SQRT2) - LOG_2;
  return Math.log1p(-0.5 * Math.exp(logErfc64(z / Math.SQRT2)));
}

// Numerical Recipes' `erfcc` (2nd ed., section 6.2): erfc(u) = t exp(-u^2 + P(t)),
// t = 1 / (1 + u / 2), u >= 0, with fractional error below 1.2e-7 everywhere.
// Horner coefficients of P, highest degree first.
const ERFCC = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
  -1.26551223,
];

/**
 * `log Phi(z)`, the log of the standard normal CDF, elementwise in tfjs and
 * differentiable; stable for every float32 z (no underflow for very
 * negative z, no cancellation near 1 for large z).
 *
 * With `u = |z| / sqrt 2`, `log erfc(u) = log t - u^2 + P(t)` by Numerical
 * Recipes' Chebyshev fit `erfcc` (fractional error of erfc below 1.2e-7,
 * hence absolute error below 1.2e-7 on the log); then
 * `log Phi(z) = log erfc(u) - log 2` for z < 0 and
 * `log1p(-erfc(u) / 2)` for z >= 0. Both branches are finite everywhere,
 * so the unused one never puts a NaN into the gradient. (tfjs's own `erf`
 * is Abramowitz-Stegun 7.1.26, absolute error 1.5e-7, useless in the lower
 * tail.)
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend } from 'brenier';
 * import { logNormalCdf } from 'brenier/models';
 *
 * await initBackend();
 * const z = tf.tensor1d([-40, 0, 3]);
 * logNormalCdf(z).print(); // [-804.6084595, -0.6931472, -0.0013508]
 * tf.grad((t: tf.Tensor) => logNormalCdf(t))(z).print(); // phi(z) / Phi(z): [40.024971, 0.7978895, 0.0044378]
 * ```
 */
export function logNormalCdf(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // z < 0 as `step(-z)` (step(0) = 0): comparison ops have no gradient in tfjs, step's is zero.
    const negative = tf.cast(tf.step(tf.neg(z)), 'bool');
    // |z| through `where`, so that the gradient at z = 0 is +1 (the z >= 0 branch), not sign(0) = 0.
    const u = tf.mul(tf.where(negative, tf.neg(z), z), Math.SQRT1_2);
    const t = tf.reciprocal(tf.add(1, tf.mul(0.5, u)));
    let p: tf.Tensor = tf.scalar(ERFCC[0] as number);
    for (const c of ERFCC.slice(1)) p = tf.add(tf.mul(p, t), c);
    const logErfc = tf.add(tf.sub(tf.log(t), tf.square(u)), p);
    const lower = tf.sub(logErfc, LOG_2);
    const upper = tf.log1p(tf.mul(-0.5, tf.exp(logErfc)));
    return tf.where(negative, lower, upper);
  });
}

// ---------------------------------------------------------------------------
// Banana.

/**
 * Curvature of {@link banana}.
 *
 * @example
 * ```ts
 * import { BANANA_B, banana } from 'brenier/models';
 *
 * console.log(banana.variance[1] === 1 + 2 * BANANA_B ** 2); // true: var(x2) = 3
 * ```
 */
export const BANANA_B = 1;

/**
 * The classic "banana" (a twisted Gaussian), 2-D, with b = 1:
 *
 *     p(x) = N(x1; 0, 1) N(x2; b (x1^2 - 1), 1)
 *          = exp(-x1^2 / 2 - (x2 - b x1^2 + b)^2 / 2) / (2 pi),
 *
 * i.e. x1 ~ N(0, 1), x2 | x1 ~ N(b (x1^2 - 1), 1). Exact draws follow that
 * construction. Moments: mean (0, 0), variances (1, 1 + 2 b^2 = 3).
 * Parameter `x[2]`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { banana } from 'brenier/models';
 *
 * await initBackend();
 * console.log(banana.logDensity(Float64Array.of(0, -1))); // -1.8378770664093453 = -log(2 pi), the mode
 * const posterior = await fitPosterior(banana, {}, { seed: 1 });
 * console.log(posterior.diagnostics.khat); // ≈ 0.61: the Gaussian fit misses the curvature
 * ```
 */
export const banana: SyntheticTarget = target({
  name: 'banana',
  dimension: 2,
  model: defineModel({
    name: 'banana',
    params: { x: param.real(2) },
    logDensity: ({ x }) => {
      const [x1, x2] = tf.split(x, 2, 1) as [tf.Tensor, tf.Tensor];
      return {
        x1: normal(0, 1).logProb(x1),
        x2: normal(tf.mul(BANANA_B, tf.sub(tf.square(x1), 1)), 1).logProb(x2),
      };
    },
  }),
  logDensity: (x) => {
    const x1 = x[0] as number;
    return normalLpdf(x1, 0, 1) + normalLpdf(x[1] as number, BANANA_B * (x1 * x1 - 1), 1);
  },
  sampleExact: (rng, n) =>
    sampleRows(n, 2, (out, o) => {
      const x1 = rng.normal();
      out[o] = x1;
      out[o + 1] = BANANA_B * (x1 * x1 - 1) + rng.normal();
    }),
  mean: [0, 0],
  variance: [1, 1 + 2 * BANANA_B * BANANA_B],
});

// ---------------------------------------------------------------------------
// Neal's funnel.

/**
 * Neal's funnel in `d` dimensions (d >= 2):
 *
 *     v ~ N(0, 3^2),  x[i] | v ~ N(0, exp(v / 2)^2),  i = 1..d-1,
 *     p(v, x) = N(v; 0, 3) prod_i N(x[i]; 0, exp(v / 2)).
 *
 * Exact draws: v first, then the x[i] given v. Moments: v has mean 0 and
 * variance 9; x[i] has mean 0 and variance E[exp(v)] = exp(4.5). The
 * coordinates are `v, x[1..d-1]`.
 *
 * @example
 * ```ts
 * import { Rng } from 'brenier';
 * import { funnel } from 'brenier/models';
 *
 * const target = funnel(10); // v and x[1..9]
 * console.log(target.logDensity(new Float64Array(10))); // -10.287997620714833
 * console.log(target.variance[0], target.variance[1]); // 9 90.01713130052181 (exp(4.5))
 * const draws = target.sampleExact(new Rng(1), 1000); // Float64Array, row-major [1000, 10]
 * ```
 */
export function funnel(d: number): SyntheticTarget {
  if (!Number.isSafeInteger(d) || d < 2) throw new RangeError(`funnel: d must be an integer >= 2, received ${d}`);
  const k = d - 1;
  return target({
    name: `funnel_${d}`,
    dimension: d,
    model: defineModel({
      name: `funnel_${d}`,
      params: { v: param.real(), x: param.real(k) },
      logDensity: ({ v, x }) => ({
        v: normal(0, 3).logProb(v),
        x: normal(0, tf.exp(tf.mul(0.5, v))).logProb(x),
      }),
    }),
    logDensity: (z) => {
      const v = z[0] as number;
      const s = Math.exp(0.5 * v);
      let lp = normalLpdf(v, 0, 3);
      for (let i = 1; i < d; i++) lp += normalLpdf(z[i] as number, 0, s);
      return lp;
    },
    sampleExact: (rng, n) =>
      sampleRows(n, d, (out, o) => {
        const v = 3 * rng.normal();
        const s = Math.exp(0.5 * v);
        out[o] = v;
        for (let i = 1; i < d; i++) out[o + i] = s * rng.normal();
      }),
    mean: new Array<number>(d).fill(0),
    variance: [9, ...new Array<number>(k).fill(Math.exp(4.5))],
  });
}

// ---------------------------------------------------------------------------
// Two-component mixture.

/**
 * Locations of the components of {@link mixture2} on the first axis: the
 * modes are at `(-2, 0)` and `(2, 0)`.
 *
 * @example
 * ```ts
 * import { MIXTURE_LOCATION, mixture2 } from 'brenier/models';
 *
 * console.log(mixture2.variance[0] === 1 + MIXTURE_LOCATION ** 2); // true: var(x1) = 5
 * ```
 */
export const MIXTURE_LOCATION = 2;

/**
 * Equal-weight mixture of two unit Gaussians, 2-D:
 *
 *     p(x) = N(x; (-2, 0), I) / 2 + N(x; (2, 0), I) / 2.
 *
 * Exact draws: a fair coin picks the component. Moments: mean (0, 0),
 * variances (1 + 2^2 = 5, 1). Parameter `x[2]`.
 *
 * @example
 * ```ts
 * import { Rng } from 'brenier';
 * import { mixture2 } from 'brenier/models';
 *
 * console.log(mixture2.logDensity(Float64Array.of(2, 0))); // -2.5306888405963948, at a mode
 * const draws = mixture2.sampleExact(new Rng(1), 1000); // row-major [1000, 2]
 * const left = draws.filter((_, i) => i % 2 === 0).filter((x1) => x1 < 0).length; // ≈ 500 of 1000
 * ```
 */
export const mixture2: SyntheticTarget = target({
  name: 'mixture2',
  dimension: 2,
  model: defineModel({
    name: 'mixture2',
    params: { x: param.real(2) },
    logDensity: ({ x }) => {
      const [x1, x2] = tf.split(x, 2, 1) as [tf.Tensor, tf.Tensor];
      const left = normal(-MIXTURE_LOCATION, 1).logProb(x1);
      const right = normal(MIXTURE_LOCATION, 1).logProb(x1);
      return {
        x1: tf.sub(logAddExp(left, right), LOG_2),
        x2: normal(0, 1).logProb(x2),
      };
    },
  }),
  logDensity: (x) => {
    const a = normalLpdf(x[0] as number, -MIXTURE_LOCATION, 1);
    const b = normalLpdf(x[0] as number, MIXTURE_LOCATION, 1);
    const m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m)) - LOG_2 + normalLpdf(x[1] as number, 0, 1);
  },
  sampleExact: (rng, n) =>
    sampleRows(n, 2, (out, o) => {
      out[o] = (rng.uniform() < 0.5 ? -MIXTURE_LOCATION : MIXTURE_LOCATION) + rng.normal();
      out[o + 1] = rng.normal();
    }),
  mean: [0, 0],
  variance: [1 + MIXTURE_LOCATION * MIXTURE_LOCATION, 1],
});

// ---------------------------------------------------------------------------
// Skew-normal product.

/**
 * Shape of the coordinates of {@link skewed}.
 *
 * @example
 * ```ts
 * import { SKEW_ALPHA, skewed } from 'brenier/models';
 *
 * const delta = SKEW_ALPHA / Math.sqrt(1 + SKEW_ALPHA ** 2);
 * console.log(skewed(1).mean[0], Math.sqrt(2 / Math.PI) * delta); // 0.7740617226446519 twice
 * ```
 */
export const SKEW_ALPHA = 4;

/**
 * `d` independent standard skew-normal coordinates with shape alpha = 4:
 *
 *     p(x) = prod_i 2 phi(x[i]) Phi(alpha x[i]),
 *
 * the log computed as `log 2 + log phi(x) + log Phi(alpha x)` with the
 * stable {@link logNormalCdf}. Exact draws (Azzalini's representation):
 * `x = delta |u0| + sqrt(1 - delta^2) u1`, u0, u1 ~ N(0, 1) independent,
 * `delta = alpha / sqrt(1 + alpha^2)`. Moments: mean `sqrt(2 / pi) delta`,
 * variance `1 - 2 delta^2 / pi` (and x^2 ~ chi-square(1)). Parameter `x[d]`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { skewed } from 'brenier/models';
 *
 * await initBackend();
 * const target = skewed(3);
 * console.log(target.logDensity(new Float64Array(3)), target.mean[0]); // -2.7568155996140176 0.7740617226446519
 * const posterior = await fitPosterior(target, {}, { seed: 1, family: 'ridge' }); // ridges for the skew
 * console.log(posterior.diagnostics.khat); // ≈ 0.19
 * ```
 */
export function skewed(d: number): SyntheticTarget {
  if (!Number.isSafeInteger(d) || d < 1) throw new RangeError(`skewed: d must be a positive integer, received ${d}`);
  const delta = SKEW_ALPHA / Math.sqrt(1 + SKEW_ALPHA * SKEW_ALPHA);
  return target({
    name: `skewed_${d}`,
    dimension: d,
    model: defineModel({
      name: `skewed_${d}`,
      params: { x: param.real(d) },
      logDensity: ({ x }) => ({
        x: tf.add(tf.add(normal(0, 1).logProb(x), LOG_2), logNormalCdf(tf.mul(SKEW_ALPHA, x))),
      }),
    }),
    logDensity: (x) => {
      let lp = 0;
      for (let i = 0; i < d; i++) {
        const xi = x[i] as number;
        lp += LOG_2 + normalLpdf(xi, 0, 1) + logNormalCdf64(SKEW_ALPHA * xi);
      }
      return lp;
    },
    sampleExact: (rng, n) =>
      sampleRows(n, d, (out, o) => {
        for (let i = 0; i < d; i++)
          out[o + i] = delta * Math.abs(rng.normal()) + Math.sqrt(1 - delta * delta) * rng.normal();
      }),
    mean: new Array<number>(d).fill(Math.sqrt(2 / Math.PI) * delta),
    variance: new Array<number>(d).fill(1 - (2 * delta * delta) / Math.PI),
  });
}

/**
 * The targets the fitting benchmark uses: banana, funnel (d = 2, 10),
 * mixture2, skewed (d = 10).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { benchmarkTargets } from 'brenier/models';
 *
 * await initBackend();
 * for (const target of benchmarkTargets()) {
 *   const posterior = await fitPosterior(target, {}, { seed: 1 });
 *   console.log(target.name, target.dimension, posterior.diagnostics.khat.toFixed(2));
 * }
 * // banana 2 0.61, funnel_2 2 0.64, funnel_10 10 0.85, mixture2 2 -0.58, skewed_10 10 0.67
 * ```
 */
export function benchmarkTargets(): SyntheticTarget[] {
  return [banana, funnel(2), funnel(10), mixture2, skewed(10)];
}
