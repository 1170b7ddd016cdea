/**
 * Baseline density estimators for the generative mode, in float64: a single
 * Gaussian fitted by maximum likelihood and a Gaussian mixture fitted by
 * expectation-maximisation. A transport map fitted to data samples is
 * compared against these on held-out log density and on two-sample tests.
 *
 * Layout: `n` points in `d` dimensions are a row-major `Float64Array` of
 * length `n * d`, point `i` at `[i * d, (i + 1) * d)`; a `d x d` matrix stores
 * entry `(i, j)` at `i * d + j`.
 *
 * @module
 */
import { BrenierError, NumericalError, describeValue } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { choleskyLogDet } from '../math/linalg.js';
import { checkedCholesky, sampleMoments } from './data-matrix.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * A fitted density on `R^d`: normalised log densities of points and seeded
 * draws.
 *
 * @example
 * ```ts
 * import { bananaDistribution, fitGaussian, fitGaussianMixture, type DensityModel } from 'brenier';
 *
 * const target = bananaDistribution(2);
 * const data = target.sample(2000, { seed: 1 });
 * const heldOut = target.sample(1000, { seed: 2 });
 * const gaussian: DensityModel = fitGaussian(data, 2000, 2);
 * const mixture: DensityModel = fitGaussianMixture(data, 2000, 2, { components: 4, seed: 1 });
 * // mean held-out log density: the higher, the closer to the data's law
 * const score = (model: DensityModel): number => model.logDensity(heldOut, 1000).reduce((s, v) => s + v, 0) / 1000;
 * console.log(score(gaussian), score(mixture), score(target)); // ≈ -3.39 -2.90 -2.89
 * const draws = mixture.sample(1000, { seed: 3 }); // 1000 points in 2-D, row-major
 * console.log(mixture.dimension, draws.length); // 2 2000
 * ```
 * @category Generative
 */
export interface DensityModel {
  /** `d`, the dimension of a point. */
  readonly dimension: number;
  /**
   * Normalised log density of each of the `n` points of `y` (`[n, d]`,
   * row-major); returns `[n]`.
   */
  logDensity(y: Float64Array, n: number): Float64Array;
  /** `n` independent draws, `[n, d]` row-major, reproducible from the seed. */
  sample(n: number, options: { seed: number }): Float64Array;
}

function invalid(fn: string, argument: string, expected: string, received: unknown): BrenierError {
  const text = typeof received === 'string' ? received : describeValue(received);
  return new BrenierError('invalid-argument', `${fn}: argument '${argument}' must be ${expected}, received ${text}`);
}

function checkInteger(fn: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(fn, argument, `an integer >= ${min}`, value);
  }
  return value;
}

function checkNumber(fn: string, argument: string, value: unknown, min: number, strict: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (strict && value === min)) {
    throw invalid(fn, argument, `a finite number ${strict ? '>' : '>='} ${min}`, value);
  }
  return value;
}

/**
 * Check that `data` is a `Float64Array` of `n * d` finite numbers (`n`, `d`
 * validated first), naming the function and the argument otherwise.
 *
 * @internal
 */
export function checkPoints(
  fn: string,
  argument: string,
  data: unknown,
  n: unknown,
  d: number,
  countName = 'n',
  minCount = 0,
): Float64Array {
  const rows = checkInteger(fn, countName, n, minCount);
  if (!(data instanceof Float64Array)) throw invalid(fn, argument, 'a Float64Array', data);
  if (data.length !== rows * d) {
    throw invalid(
      fn,
      argument,
      `of length ${countName} * d = ${rows} * ${d} = ${rows * d}`,
      `a Float64Array of length ${data.length}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (!Number.isFinite(v)) {
      throw invalid(
        fn,
        argument,
        'finite numbers',
        `${describeValue(v)} at point ${Math.floor(i / d)}, coordinate ${i % d}`,
      );
    }
  }
  return data;
}

function checkSeed(fn: string, options: unknown): Rng {
  const seed = (options as { seed?: unknown } | undefined)?.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw invalid(fn, 'options.seed', 'a non-negative safe integer', seed);
  }
  return new Rng(seed);
}

/**
 * Log density of every row of `y` (`[n, d]`) under `N(mean, L L^T)`, written
 * to `out[offset + i * stride]`: `-(d log 2 pi + log det + |L^{-1}(y - mean)|^2) / 2`,
 * the triangular solve done row by row by forward substitution.
 *
 * @internal
 */
export function choleskyGaussianLogDensity(
  y: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  l: Float64Array,
  out: Float64Array = new Float64Array(n),
  offset = 0,
  stride = 1,
): Float64Array {
  const constant = -0.5 * (d * LOG_TWO_PI + choleskyLogDet(l, d));
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let r = 0; r < d; r++) {
      let s = (y[i * d + r] as number) - (mean[r] as number);
      for (let p = 0; p < r; p++) s -= (l[r * d + p] as number) * (z[p] as number);
      const zr = s / (l[r * d + r] as number);
      z[r] = zr;
      q += zr * zr;
    }
    out[offset + i * stride] = constant - 0.5 * q;
  }
  return out;
}

/**
 * One draw of `N(mean, L L^T)`, `mean + L z` with `z` standard normal,
 * written to `out[offset .. offset + d)`.
 *
 * @internal
 */
export function choleskyGaussianDraw(
  rng: Rng,
  d: number,
  mean: Float64Array,
  l: Float64Array,
  out: Float64Array,
  offset: number,
  z: Float64Array = new Float64Array(d),
): void {
  for (let r = 0; r < d; r++) z[r] = rng.normal();
  for (let r = 0; r < d; r++) {
    let s = mean[r] as number;
    for (let p = 0; p <= r; p++) s += (l[r * d + p] as number) * (z[p] as number);
    out[offset + r] = s;
  }
}

/** `log sum_k exp(v[offset + k])` for `k < count`; `-Infinity` when every term is. */
function logSumExp(v: Float64Array, offset: number, count: number): number {
  let max = -Infinity;
  for (let k = 0; k < count; k++) max = Math.max(max, v[offset + k] as number);
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let k = 0; k < count; k++) s += Math.exp((v[offset + k] as number) - max);
  return max + Math.log(s);
}

/**
 * Fit `N(mean, covariance)` to `n` points in `R^d` by maximum likelihood:
 * the sample mean and the sample covariance with divisor `n` (computed in two
 * passes, centred first), factorised by Cholesky in float64.
 *
 * @param data - `[n, d]` row-major, finite.
 * @param n - number of points, at least 1.
 * @param d - dimension, at least 1.
 * @returns a {@link DensityModel} carrying `mean` (`[d]`) and `covariance`
 *   (`[d, d]` row-major).
 * @throws {@link BrenierError} `'invalid-argument'` naming the argument for
 *   bad sizes or non-finite data.
 * @throws {@link NumericalError} `'not-positive-definite'` when the sample
 *   covariance is singular (for instance `n <= d`, a constant coordinate, or
 *   points on a line in the plane): a conditional variance below `1e-12` of
 *   the marginal one counts as singular.
 *
 * @example
 * ```ts
 * import { fitGaussian, gaussianDistribution } from 'brenier';
 *
 * const truth = gaussianDistribution([1, -1], [2, 0.6, 0.6, 1]);
 * const fit = fitGaussian(truth.sample(5000, { seed: 1 }), 5000, 2);
 * console.log(fit.mean); // ≈ [0.97, -1.02]
 * console.log(fit.covariance); // ≈ [2.08, 0.65, 0.65, 1.03], row-major
 * const heldOut = truth.sample(1000, { seed: 2 });
 * const logp = fit.logDensity(heldOut, 1000);
 * const draws = fit.sample(100, { seed: 7 }); // 100 points in 2-D, row-major
 * ```
 * @category Generative
 */
export function fitGaussian(
  data: Float64Array,
  n: number,
  d: number,
): DensityModel & {
  /** `[d]`, the sample mean. */
  mean: Float64Array;
  /** `[d, d]` row-major, the sample covariance (divisor `n`). */
  covariance: Float64Array;
} {
  const fn = 'fitGaussian';
  checkInteger(fn, 'd', d, 1);
  checkPoints(fn, 'data', data, n, d, 'n', 1);
  const { mean, covariance } = sampleMoments({ data, n, d }, n);
  const l = checkedCholesky(fn, 'sample covariance', covariance, d);
  // The model keeps its own copies, so that changing the returned arrays does not change the density.
  const mu = Float64Array.from(mean);
  return {
    dimension: d,
    mean,
    covariance,
    logDensity(y: Float64Array, m: number): Float64Array {
      checkPoints('fitGaussian logDensity', 'y', y, m, d);
      return choleskyGaussianLogDensity(y, m, d, mu, l);
    },
    sample(m: number, options: { seed: number }): Float64Array {
      checkInteger('fitGaussian sample', 'n', m, 0);
      const rng = checkSeed('fitGaussian sample', options);
      const out = new Float64Array(m * d);
      const z = new Float64Array(d);
      for (let i = 0; i < m; i++) choleskyGaussianDraw(rng, d, mu, l, out, i * d, z);
      return out;
    },
  };
}

/**
 * Options of {@link fitGaussianMixture}.
 *
 * @example
 * ```ts
 * import { fitGaussianMixture, twoMoonsDistribution, type GaussianMixtureOptions } from 'brenier';
 *
 * const data = twoMoonsDistribution().sample(2000, { seed: 1 });
 * const options: GaussianMixtureOptions = { components: 4, seed: 1, maxIterations: 200, regularisation: 1e-4 };
 * const gmm = fitGaussianMixture(data, 2000, 2, options);
 * console.log(gmm.converged, gmm.iterations); // true 77
 * ```
 * @category Generative
 */
export interface GaussianMixtureOptions {
  /** `K`, the number of components: an integer in `[1, n]`. */
  components: number;
  /** Seed of the k-means++ initialisation (a non-negative safe integer). */
  seed: number;
  /** EM iterations (M-steps) at most. Default 500. */
  maxIterations?: number;
  /**
   * Stop when the mean log-likelihood per point changes by at most this
   * between two iterations (natural-log units). Default 1e-6.
   */
  tolerance?: number;
  /**
   * Added to every covariance diagonal after each M-step, keeping components
   * positive definite (a component on a single point otherwise collapses).
   * Non-negative; default 1e-6, in the squared units of the data.
   */
  regularisation?: number;
}

/**
 * The result of {@link fitGaussianMixture}: the fitted parameters, the EM
 * run's record, and the mixture as a {@link DensityModel}.
 *
 * @example
 * ```ts
 * import { bananaDistribution, fitGaussianMixture, type GaussianMixtureFit } from 'brenier';
 *
 * const n = 2000;
 * const data = bananaDistribution(2).sample(n, { seed: 1 });
 * const gmm: GaussianMixtureFit = fitGaussianMixture(data, n, 2, { components: 2, seed: 1 });
 * if (!gmm.converged) console.warn(`EM stopped after ${gmm.iterations} iterations`);
 * const perPoint = gmm.logLikelihood / n;
 * console.log(perPoint, gmm.logLikelihoodTrace[0]! / n); // ≈ -3.208 after EM, -3.228 at the k-means start
 * ```
 * @category Generative
 */
export interface GaussianMixtureFit extends DensityModel {
  /** `[K]`, the mixture weights (summing to 1). */
  weights: Float64Array;
  /** `K` means, each `[d]`. */
  means: Float64Array[];
  /** `K` covariances, each `[d, d]` row-major, the regularisation included. */
  covariances: Float64Array[];
  /** `sum_i log p(x_i)` of the data under the returned parameters. */
  logLikelihood: number;
  /** EM iterations done (M-steps after the initialisation). */
  iterations: number;
  /** Whether the tolerance was met before `maxIterations`. */
  converged: boolean;
  /**
   * `[iterations + 1]`: the data log-likelihood at the initialisation
   * (entry 0) and after each EM iteration; the last entry is `logLikelihood`.
   * Non-decreasing for exact EM (`regularisation: 0`), up to rounding.
   */
  logLikelihoodTrace: Float64Array;
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre is a
 * uniformly chosen point, each next one a point chosen with probability
 * proportional to its squared distance to the nearest centre so far.
 * Returns the indices of the chosen points.
 */
function kMeansPlusPlus(fn: string, data: Float64Array, n: number, d: number, k: number, rng: Rng): number[] {
  const chosen = [rng.integer(n)];
  const dist2 = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    const last = chosen[c - 1] as number;
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let r = 0; r < d; r++) {
        const diff = (data[i * d + r] as number) - (data[last * d + r] as number);
        s += diff * diff;
      }
      if (s < (dist2[i] as number)) dist2[i] = s;
      total += dist2[i] as number;
    }
    if (!(total > 0)) {
      throw new BrenierError(
        'invalid-argument',
        `${fn}: argument 'options.components' (${k}) exceeds the number of distinct points (${c})`,
      );
    }
    let u = rng.uniform() * total;
    let next = -1;
    for (let i = 0; i < n; i++) {
      const w = dist2[i] as number;
      if (w > 0) {
        next = i;
        u -= w;
        if (u <= 0) break;
      }
    }
    chosen.push(next);
  }
  return chosen;
}

/** Index of the nearest of the `k` centres to every point. */
function assign(data: Float64Array, n: number, d: number, centres: Float64Array, k: number, labels: Int32Array): void {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let r = 0; r < d; r++) {
        const diff = (data[i * d + r] as number) - (centres[c * d + r] as number);
        s += diff * diff;
      }
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    labels[i] = best;
  }
}

/**
 * Fit a `K`-component Gaussian mixture with full covariances by
 * expectation-maximisation (Dempster, Laird & Rubin 1977).
 *
 * Initialisation: k-means++ seeding from `options.seed`, then at most 20
 * Lloyd (k-means) iterations; the responsibilities start as the hard
 * nearest-centre assignment (falling back to the seeding's, where every
 * centre owns at least its own point, should Lloyd's iterations leave a
 * cluster empty). Each iteration is an M-step (weights `N_k / n`, weighted
 * means and covariances with divisor `N_k`, plus `regularisation` on the
 * diagonals) followed by an E-step whose responsibilities
 * `r_ik = exp(l_ik - logsumexp_k l_ik)`, `l_ik = log w_k + log N(x_i | mu_k, Sigma_k)`,
 * are computed stably on the log scale; the log-sum-exps also give the
 * log-likelihood. A component whose total responsibility falls below 1e-10
 * keeps its previous mean and covariance (its weight is then negligible).
 *
 * @param data - `[n, d]` row-major, finite.
 * @param n - number of points, at least 1.
 * @param d - dimension, at least 1.
 * @param options - see {@link GaussianMixtureOptions}.
 * @throws {@link BrenierError} `'invalid-argument'` naming the argument for
 *   bad sizes, non-finite data, bad options, or more components than
 *   distinct points.
 * @throws {@link NumericalError} `'not-positive-definite'` when a component
 *   covariance is singular (possible only with `regularisation: 0`).
 *
 * @example
 * ```ts
 * import { fitGaussianMixture, gaussianDistribution } from 'brenier';
 *
 * // Half the points around (-2, 0), half around (2, 0).
 * const left = gaussianDistribution([-2, 0], [1, 0, 0, 1]).sample(1000, { seed: 1 });
 * const right = gaussianDistribution([2, 0], [1, 0, 0, 1]).sample(1000, { seed: 2 });
 * const data = new Float64Array(4000);
 * data.set(left, 0);
 * data.set(right, 2000);
 * const gmm = fitGaussianMixture(data, 2000, 2, { components: 2, seed: 1 });
 * console.log(gmm.weights, gmm.converged); // ≈ [0.497, 0.503] true
 * console.log(gmm.means[0], gmm.means[1]); // ≈ [-2.04, 0.01] [2.06, 0.03]
 * console.log(gmm.logDensity(new Float64Array([0, 0, 2, 0]), 2)); // ≈ [-3.95, -2.58]: between the components, at one's centre
 * ```
 * @category Generative
 */
export function fitGaussianMixture(
  data: Float64Array,
  n: number,
  d: number,
  options: GaussianMixtureOptions,
): GaussianMixtureFit {
  const fn = 'fitGaussianMixture';
  checkInteger(fn, 'd', d, 1);
  checkPoints(fn, 'data', data, n, d, 'n', 1);
  if (typeof options !== 'object' || options === null) throw invalid(fn, 'options', 'an object', options);
  const k = checkInteger(fn, 'options.components', options.components, 1);
  if (k > n) throw invalid(fn, 'options.components', `at most n = ${n}`, k);
  const rng = checkSeed(fn, options);
  const maxIterations = checkInteger(fn, 'options.maxIterations', options.maxIterations ?? 500, 1);
  const tolerance = checkNumber(fn, 'options.tolerance', options.tolerance ?? 1e-6, 0, false);
  const regularisation = checkNumber(fn, 'options.regularisation', options.regularisation ?? 1e-6, 0, false);

  // Initial responsibilities: hard k-means assignment.
  const seeds = kMeansPlusPlus(fn, data, n, d, k, rng);
  const centres = new Float64Array(k * d);
  seeds.forEach((p, c) => centres.set(data.subarray(p * d, (p + 1) * d), c * d));
  const seedLabels = new Int32Array(n);
  assign(data, n, d, centres, k, seedLabels);
  let labels = Int32Array.from(seedLabels);
  const counts = new Float64Array(k);
  for (let iteration = 0; iteration < 20; iteration++) {
    centres.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i] as number;
      counts[c] = (counts[c] as number) + 1;
      for (let r = 0; r < d; r++) centres[c * d + r] = (centres[c * d + r] as number) + (data[i * d + r] as number);
    }
    if (counts.some((v) => v === 0)) break;
    for (let c = 0; c < k; c++)
      for (let r = 0; r < d; r++) centres[c * d + r] = (centres[c * d + r] as number) / (counts[c] as number);
    const next = new Int32Array(n);
    assign(data, n, d, centres, k, next);
    const changed = next.some((v, i) => v !== labels[i]);
    labels = next;
    if (!changed) break;
  }
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  if (counts.some((v) => v === 0)) labels = seedLabels;
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + (labels[i] as number)] = 1;

  const weights = new Float64Array(k);
  const means = Array.from({ length: k }, () => new Float64Array(d));
  const covariances = Array.from({ length: k }, () => new Float64Array(d * d));
  const factors: Float64Array[] = new Array<Float64Array>(k);
  const logJoint = new Float64Array(n * k);
  const nk = new Float64Array(k);
  const centred = new Float64Array(d);
  let initialised = false;

  const mStep = (): void => {
    nk.fill(0);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) nk[c] = (nk[c] as number) + (resp[i * k + c] as number);
    let total = 0;
    for (let c = 0; c < k; c++) total += nk[c] as number;
    for (let c = 0; c < k; c++) {
      const nc = nk[c] as number;
      weights[c] = nc / total;
      if (initialised && !(nc > 1e-10)) continue; // a collapsed component keeps its parameters
      const mean = means[c] as Float64Array;
      const cov = covariances[c] as Float64Array;
      mean.fill(0);
      for (let i = 0; i < n; i++) {
        const w = resp[i * k + c] as number;
        if (w === 0) continue;
        for (let r = 0; r < d; r++) mean[r] = (mean[r] as number) + w * (data[i * d + r] as number);
      }
      for (let r = 0; r < d; r++) mean[r] = (mean[r] as number) / nc;
      cov.fill(0);
      for (let i = 0; i < n; i++) {
        const w = resp[i * k + c] as number;
        if (w === 0) continue;
        for (let r = 0; r < d; r++) centred[r] = (data[i * d + r] as number) - (mean[r] as number);
        for (let r = 0; r < d; r++) {
          const wr = w * (centred[r] as number);
          for (let s = 0; s <= r; s++) cov[r * d + s] = (cov[r * d + s] as number) + wr * (centred[s] as number);
        }
      }
      for (let r = 0; r < d; r++) {
        for (let s = 0; s <= r; s++) {
          const v = (cov[r * d + s] as number) / nc + (r === s ? regularisation : 0);
          cov[r * d + s] = v;
          cov[s * d + r] = v;
        }
      }
      // With a positive regularisation the covariance is positive definite by construction.
      factors[c] = checkedCholesky(fn, `covariance of component ${c}`, cov, d, regularisation === 0);
    }
    initialised = true;
  };

  /** E-step: responsibilities at the current parameters; returns the log-likelihood. */
  const eStep = (): number => {
    for (let c = 0; c < k; c++) {
      choleskyGaussianLogDensity(data, n, d, means[c] as Float64Array, factors[c] as Float64Array, logJoint, c, k);
      const logW = Math.log(weights[c] as number);
      for (let i = 0; i < n; i++) logJoint[i * k + c] = (logJoint[i * k + c] as number) + logW;
    }
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const lse = logSumExp(logJoint, i * k, k);
      ll += lse;
      for (let c = 0; c < k; c++) resp[i * k + c] = Math.exp((logJoint[i * k + c] as number) - lse);
    }
    return ll;
  };

  mStep();
  const trace = [eStep()];
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    mStep();
    const ll = eStep();
    iterations += 1;
    const previous = trace[trace.length - 1] as number;
    trace.push(ll);
    if (Math.abs(ll - previous) <= tolerance * n) {
      converged = true;
      break;
    }
  }
  const logLikelihood = trace[trace.length - 1] as number;
  if (!Number.isFinite(logLikelihood)) {
    throw new NumericalError('diverged', `${fn}: the log-likelihood is ${logLikelihood}`, { iterations });
  }

  // The model evaluates with private copies of the parameters.
  const w = Float64Array.from(weights);
  const mu = means.map((m) => Float64Array.from(m));
  const ls = factors.map((f) => Float64Array.from(f));
  const logW = Array.from(w, Math.log);
  const cumulative = new Float64Array(k);
  let acc = 0;
  for (let c = 0; c < k; c++) cumulative[c] = acc += w[c] as number;
  return {
    dimension: d,
    weights,
    means,
    covariances,
    logLikelihood,
    iterations,
    converged,
    logLikelihoodTrace: Float64Array.from(trace),
    logDensity(y: Float64Array, m: number): Float64Array {
      checkPoints('fitGaussianMixture logDensity', 'y', y, m, d);
      const joint = new Float64Array(m * k);
      for (let c = 0; c < k; c++) {
        choleskyGaussianLogDensity(y, m, d, mu[c] as Float64Array, ls[c] as Float64Array, joint, c, k);
        for (let i = 0; i < m; i++) joint[i * k + c] = (joint[i * k + c] as number) + (logW[c] as number);
      }
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) out[i] = logSumExp(joint, i * k, k);
      return out;
    },
    sample(m: number, opts: { seed: number }): Float64Array {
      checkInteger('fitGaussianMixture sample', 'n', m, 0);
      const r = checkSeed('fitGaussianMixture sample', opts);
      const out = new Float64Array(m * d);
      const z = new Float64Array(d);
      for (let i = 0; i < m; i++) {
        const u = r.uniform() * acc;
        let c = 0;
        while (c < k - 1 && u > (cumulative[c] as number)) c++;
        choleskyGaussianDraw(r, d, mu[c] as Float64Array, ls[c] as Float64Array, out, i * d, z);
      }
      return out;
    },
  };
}
