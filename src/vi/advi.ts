/**
 * `fitAdvi`: automatic differentiation variational inference (ADVI,
 * Kucukelbir, Tran, Ranganath, Gelman & Blei 2017) as Stan implements it
 * (`stan::variational::advi`), with Stan's defaults.
 *
 * @module
 */
import { BrenierError, NumericalError, ParameterValueError } from '../core/errors.js';
import { progressReporter, yieldToEventLoop, type ProgressOptions, type ProgressReporter } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { symmetricSqrt } from '../math/linalg.js';
import type { CompiledModel } from '../model/compiled-model.js';
import type { GaussianPotential } from '../transport/gaussian-family.js';

/**
 * Variational family of ADVI: diagonal (`'meanfield'`) or dense (`'fullrank'`) Gaussian.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, fitAdvi, initBackend, type AdviKind } from 'brenier';
 *
 * await initBackend();
 * // y_i ~ N(mu, sigma), with priors mu ~ N(0, 10) and sigma ~ N+(0, 5)
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const compiled = model.compile({ N: y.length, y });
 * for (const kind of ['meanfield', 'fullrank'] satisfies AdviKind[]) {
 *   const fit = await fitAdvi(compiled, { kind, seed: 1 });
 *   console.log(kind, fit.covariance); // off-diagonal entries are 0 for 'meanfield'
 * }
 * ```
 * @category Inference
 */
export type AdviKind = 'meanfield' | 'fullrank';

/**
 * Options of {@link fitAdvi}. The defaults are Stan's (`variational`
 * method of CmdStan).
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, fitAdvi, initBackend, type AdviOptions } from 'brenier';
 *
 * await initBackend();
 * // y_i ~ N(mu, sigma), with priors mu ~ N(0, 10) and sigma ~ N+(0, 5)
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const compiled = model.compile({ N: y.length, y });
 * const options: AdviOptions = {
 *   kind: 'fullrank',
 *   eta: 0.1, // skip the step-size search
 *   tolRelObj: 0.001, // a stricter convergence check than Stan's 0.01
 *   elboSamples: 200,
 *   seed: 1,
 * };
 * const fit = await fitAdvi(compiled, options);
 * ```
 * @category Inference
 */
export interface AdviOptions extends ProgressOptions {
  /**
   * Variational family: `'meanfield'` (default, as in Stan), q = N(mu,
   * diag(exp(omega))^2), or `'fullrank'`, q = N(mu, L L^T) with L lower
   * triangular.
   */
  kind?: AdviKind;
  /** Monte Carlo draws per gradient estimate (Stan's `grad_samples`). Default 1. */
  gradSamples?: number;
  /** Monte Carlo draws per ELBO estimate (Stan's `elbo_samples`). Default 100. */
  elboSamples?: number;
  /** Iterations between ELBO evaluations and convergence checks (Stan's `eval_elbo`). Default 100. */
  evalElbo?: number;
  /** Relative ELBO tolerance of the convergence check (Stan's `tol_rel_obj`). Default 0.01. */
  tolRelObj?: number;
  /** Maximum iterations of the main loop (Stan's `iter`). Default 10000. */
  maxIterations?: number;
  /**
   * Step-size scale eta. When absent (default), it is chosen by Stan's
   * adaptation: each of 100, 10, 1, 0.1, 0.01 is tried for
   * `adaptIterations` iterations from the initial q, and the search stops
   * at the first eta whose ELBO is worse than the previous one's (keeping
   * the previous one).
   */
  eta?: number;
  /** Iterations per trial eta of the adaptation (Stan's `adapt iter`). Default 50. */
  adaptIterations?: number;
  /**
   * Initial mean of q on the unconstrained space, length `dimension`.
   * Default: zeros (Stan's `init=0`; Stan's own default draws it uniformly
   * from (-2, 2)). The initial scale is the identity, as in Stan.
   */
  init?: readonly number[];
  /** Seed of every random draw. Default 0. */
  seed?: number;
}

/**
 * One trial of the step-size adaptation of {@link fitAdvi}.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, fitAdvi, initBackend, type AdviEtaTrial } from 'brenier';
 *
 * await initBackend();
 * // y_i ~ N(mu, sigma), with priors mu ~ N(0, 10) and sigma ~ N+(0, 5)
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const compiled = model.compile({ N: y.length, y });
 * const fit = await fitAdvi(compiled, { seed: 1 });
 * const trials: AdviEtaTrial[] = fit.etaTrials;
 * for (const { eta, elbo } of trials) console.log(eta, elbo.toFixed(1));
 * // 100 -Infinity, 10 -507628364.6, 1 -23.4, 0.1 -22.1, 0.01 -125.4: eta = 0.1 is kept
 * ```
 * @category Inference
 */
export interface AdviEtaTrial {
  /** The trial eta. */
  readonly eta: number;
  /** ELBO estimate after `adaptIterations` iterations with it (`-Infinity` when it diverged). */
  readonly elbo: number;
}

/**
 * Result of {@link fitAdvi}.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, fitAdvi, initBackend } from 'brenier';
 *
 * await initBackend();
 * // y_i ~ N(mu, sigma), with priors mu ~ N(0, 10) and sigma ~ N+(0, 5)
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const compiled = model.compile({ N: y.length, y });
 * const fit = await fitAdvi(compiled, { seed: 1 });
 * console.log(fit.converged, fit.iterations, fit.eta); // true 2100 0.1
 * // q on the unconstrained space (mu, log(sigma)): mean and marginal sds
 * const sds = fit.mean.map((_, i) => Math.sqrt(fit.covariance[i * fit.mean.length + i]!));
 * console.log(fit.mean, sds); // ≈ [2.37, -0.023] [0.41, 0.36]
 * ```
 * @category Inference
 */
export interface AdviResult {
  /** The variational family fitted. */
  readonly kind: AdviKind;
  /**
   * The fitted Gaussian as a quadratic potential: `b` is the mean and `A`
   * the symmetric square root of the covariance, so q = N(b, A^2) and the
   * rest of the toolkit (e.g. `gaussianFamily`) can reuse it.
   */
  readonly potential: GaussianPotential;
  /** Mean of q, `[dimension]`. */
  readonly mean: number[];
  /** Covariance of q, row-major `[dimension, dimension]`. */
  readonly covariance: number[];
  /**
   * The variational parameters as Stan keeps them: for `'meanfield'`,
   * `omega` (log sds, `[dimension]`); for `'fullrank'`, `L` (row-major
   * lower-triangular `[dimension, dimension]`; its diagonal is not forced
   * positive, as in Stan).
   */
  readonly scale: number[];
  /** ELBO estimates (`elboSamples` draws each), one per `evalElbo` iterations. */
  readonly elbo: number[];
  /** Iteration (1-based, main loop) of each entry of {@link AdviResult.elbo}. */
  readonly elboIterations: number[];
  /** Iterations of the main loop (adaptation excluded). */
  readonly iterations: number;
  /** Points whose log density and score were evaluated, adaptation included. */
  readonly gradientEvaluations: number;
  /** Wall-clock seconds, adaptation included. */
  readonly wallSeconds: number;
  /** Whether the mean or median relative ELBO change fell below `tolRelObj` (else `maxIterations` was reached). */
  readonly converged: boolean;
  /** Step-size scale used by the main loop (given or adapted). */
  readonly eta: number;
  /** Whether eta was adapted. */
  readonly adapted: boolean;
  /** The trials of the adaptation, in order (empty when eta was given). */
  readonly etaTrials: AdviEtaTrial[];
}

const ETA_SEQUENCE = [100, 10, 1, 0.1, 0.01] as const;
/** Stan's step-size sequence constants: s_k = ALPHA g^2 + (1 - ALPHA) s_{k-1}, rho = eta k^(-1/2 + EPS) / (TAU + sqrt(s)). */
const ALPHA = 0.1;
const TAU = 1;
const EPS = 1e-16;
const LOG_2PI = Math.log(2 * Math.PI);
/** Iterations between yields to the event loop. */
const YIELD_EVERY = 25;

interface Settings {
  kind: AdviKind;
  gradSamples: number;
  elboSamples: number;
  evalElbo: number;
  tolRelObj: number;
  maxIterations: number;
  eta: number | undefined;
  adaptIterations: number;
  init: Float64Array;
  seed: number;
}

/**
 * The variational parameters as one flat vector, as Stan's
 * `normal_meanfield` / `normal_fullrank` with their element-wise algebra:
 * `[mu (d), omega (d)]` or `[mu (d), L (d * d, row-major; only the lower
 * triangle is used and updated)]`.
 */
interface Variational {
  readonly kind: AdviKind;
  readonly d: number;
  readonly params: Float64Array;
}

function initialVariational(settings: Settings, d: number): Variational {
  const params = new Float64Array(settings.kind === 'meanfield' ? 2 * d : d + d * d);
  params.set(settings.init, 0);
  // omega = 0 (unit sds) or L = I, as Stan.
  if (settings.kind === 'fullrank') for (let i = 0; i < d; i++) params[d + i * d + i] = 1;
  return { kind: settings.kind, d, params };
}

/** zeta = mu + exp(omega) * eta or mu + L eta, for each row of `eta` (`[n, d]`). */
function transform(q: Variational, eta: Float64Array, n: number): Float64Array {
  const { d, params } = q;
  const out = new Float64Array(n * d);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) {
      let v = params[i] as number;
      if (q.kind === 'meanfield') v += Math.exp(params[d + i] as number) * (eta[s * d + i] as number);
      else for (let j = 0; j <= i; j++) v += (params[d + i * d + j] as number) * (eta[s * d + j] as number);
      out[s * d + i] = v;
    }
  }
  return out;
}

/** Entropy of q: d/2 (1 + log 2 pi) + sum omega, or + sum log |L_ii| (as Stan). */
function entropy(q: Variational): number {
  const { d, params } = q;
  let h = 0.5 * d * (1 + LOG_2PI);
  for (let i = 0; i < d; i++) {
    h += q.kind === 'meanfield' ? (params[d + i] as number) : Math.log(Math.abs(params[d + i * d + i] as number));
  }
  return h;
}

function allFinite(xs: Float64Array): boolean {
  for (const x of xs) if (!Number.isFinite(x)) return false;
  return true;
}

/**
 * Fit a Gaussian approximation by ADVI, following Stan's implementation
 * (`stan::variational::advi`) and defaults:
 *
 * - q is Gaussian on the unconstrained space: mean-field N(mu, diag(exp(omega))^2)
 *   or full-rank N(mu, L L^T), started at mu = `init`, omega = 0 / L = I;
 * - the ELBO gradient is the reparameterisation estimate with
 *   `gradSamples` draws (one batched model call per iteration) plus the
 *   closed-form entropy gradient (1 per omega_i, 1 / L_ii per diagonal entry);
 * - the step-size sequence is Stan's, not Adam: element-wise,
 *   rho_k = eta k^(-1/2 + 1e-16) / (1 + sqrt(s_k)) with
 *   s_k = 0.1 g_k^2 + 0.9 s_{k-1}, s_1 = g_1^2 (an adaGrad/RMSprop-like
 *   sequence, Kucukelbir et al. 2017, section 3.3), so that results match
 *   Stan's;
 * - eta is adapted when not given, by Stan's search over
 *   100, 10, 1, 0.1, 0.01 (`adapt_eta`);
 * - every `evalElbo` iterations the ELBO is estimated with `elboSamples`
 *   draws and its relative change |(ELBO_prev - ELBO) / ELBO| is pushed in a
 *   circular buffer of size max(0.1 maxIterations / evalElbo, 2); the fit
 *   stops when the buffer's mean or median falls below `tolRelObj`.
 *
 * ADVI's result is the last iterate of a stochastic optimisation: it is
 * noisy (typically a few percent of a posterior sd at the defaults), and
 * the mean-field family underestimates marginal variances of correlated
 * posteriors (its sds are 1 / sqrt(Precision_ii) on Gaussian targets).
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, fitAdvi, initBackend, gaussianFamily, Rng, summarizeDraws, formatSummary } from 'brenier';
 *
 * await initBackend();
 * // y_i ~ N(mu, sigma), with priors mu ~ N(0, 10) and sigma ~ N+(0, 5)
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const compiled = model.compile({ N: y.length, y });
 * const fit = await fitAdvi(compiled, { kind: 'fullrank', seed: 1 });
 * console.log(fit.converged, fit.eta, fit.mean); // true 0.1 [≈ 2.28, ≈ -0.049]: mu and log(sigma)
 * // 4000 draws of q (x = b + A z, z ~ N(0, I)), mapped to the constrained space
 * const n = 4000;
 * const { y: points } = gaussianFamily.map(fit.potential, new Rng(2).normals(n * compiled.dimension), n);
 * console.log(formatSummary(summarizeDraws(compiled.draws(points))));
 * // name   mean     sd     5%    50%   95%     mcse   ess
 * // mu     2.29  0.392   1.63   2.29  2.92  0.00619  4000
 * // sigma  1.01  0.377  0.524  0.945  1.71  0.00597  4000
 * ```
 * @throws {@link BrenierError} `'invalid-argument'` for a bad option (the
 *   message names it); {@link NumericalError} when the initial ELBO cannot be
 *   computed, every trial eta fails, or the main loop diverges.
 * @category Inference
 */
export async function fitAdvi(compiled: CompiledModel, options: AdviOptions = {}): Promise<AdviResult> {
  const d = compiled.dimension;
  if (d === 0) throw new BrenierError('invalid-argument', `fitAdvi: model '${compiled.name}' has no parameters to fit`);
  const settings = resolve(options, d);
  const start = performance.now();
  const gradientStart = compiled.evaluations.gradient;
  const rng = new Rng(settings.seed);
  const adapting = settings.eta === undefined;
  const adaptSteps = adapting ? ETA_SEQUENCE.length * settings.adaptIterations : 0;
  const reporter = progressReporter('advi', adaptSteps + settings.maxIterations, options);
  const ctx: Context = { compiled, settings, rng, reporter, step: 0 };
  try {
    let eta: number;
    let etaTrials: AdviEtaTrial[] = [];
    if (settings.eta === undefined) ({ eta, trials: etaTrials } = await adaptEta(ctx));
    else eta = settings.eta;
    ctx.step = adaptSteps;
    const run = await stochasticGradientAscent(ctx, eta);
    const { q } = run;
    const mean = Array.from(q.params.subarray(0, d));
    const cov = covarianceOf(q);
    const potential: GaussianPotential = {
      family: 'gaussian',
      dim: d,
      A: Array.from(symmetricSqrt(cov, d)),
      b: mean,
    };
    return {
      kind: settings.kind,
      potential,
      mean: [...mean],
      covariance: Array.from(cov),
      scale: Array.from(q.params.subarray(d)),
      elbo: run.elbo,
      elboIterations: run.elboIterations,
      iterations: run.iterations,
      gradientEvaluations: compiled.evaluations.gradient - gradientStart,
      wallSeconds: (performance.now() - start) / 1000,
      converged: run.converged,
      eta,
      adapted: adapting,
      etaTrials,
    };
  } finally {
    reporter.done();
  }
}

interface Context {
  readonly compiled: CompiledModel;
  readonly settings: Settings;
  readonly rng: Rng;
  readonly reporter: ProgressReporter;
  step: number;
}

function covarianceOf(q: Variational): Float64Array {
  const { d, params } = q;
  const cov = new Float64Array(d * d);
  if (q.kind === 'meanfield') {
    for (let i = 0; i < d; i++) cov[i * d + i] = Math.exp(2 * (params[d + i] as number));
    return cov;
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += (params[d + i * d + k] as number) * (params[d + j * d + k] as number);
      cov[i * d + j] = s;
      cov[j * d + i] = s;
    }
  }
  return cov;
}

/**
 * Reparameterisation estimate of the ELBO gradient with respect to the
 * flat variational parameters, from one batched model call (Stan's
 * `normal_meanfield::calc_grad` / `normal_fullrank::calc_grad`).
 */
function elboGradient(ctx: Context, q: Variational): Float64Array {
  const { d, params } = q;
  const n = ctx.settings.gradSamples;
  const eta = ctx.rng.normals(n * d);
  const zeta = transform(q, eta, n);
  if (!allFinite(zeta)) throw new NumericalError('diverged', 'fitAdvi: the variational parameters are not finite');
  const { gradient } = ctx.compiled.logDensityAndGradient(zeta);
  const grad = new Float64Array(params.length);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < d; i++) {
      const g = gradient[s * d + i] as number;
      grad[i] = (grad[i] as number) + g;
      if (q.kind === 'meanfield') grad[d + i] = (grad[d + i] as number) + g * (eta[s * d + i] as number);
      else {
        for (let j = 0; j <= i; j++) {
          const k = d + i * d + j;
          grad[k] = (grad[k] as number) + g * (eta[s * d + j] as number);
        }
      }
    }
  }
  for (let k = 0; k < grad.length; k++) grad[k] = (grad[k] as number) / n;
  for (let i = 0; i < d; i++) {
    if (q.kind === 'meanfield') {
      // Chain rule through sigma = exp(omega), plus the entropy gradient 1.
      grad[d + i] = (grad[d + i] as number) * Math.exp(params[d + i] as number) + 1;
    } else {
      const k = d + i * d + i;
      grad[k] = (grad[k] as number) + 1 / (params[k] as number);
    }
  }
  if (!allFinite(grad)) throw new NumericalError('non-finite-gradient', 'fitAdvi: the ELBO gradient is not finite');
  return grad;
}

/**
 * Monte Carlo ELBO estimate (Stan's `advi::calc_ELBO`): draws whose log
 * density is `-Infinity` are dropped (counted as zero in the average, as
 * Stan does); the estimate fails when all are.
 */
function elboEstimate(ctx: Context, q: Variational): number {
  const { d } = q;
  const n = ctx.settings.elboSamples;
  const zeta = transform(q, ctx.rng.normals(n * d), n);
  if (!allFinite(zeta)) throw new NumericalError('diverged', 'fitAdvi: the variational parameters are not finite');
  const lp = ctx.compiled.logDensity(zeta);
  let sum = 0;
  let dropped = 0;
  for (const v of lp) {
    if (Number.isFinite(v)) sum += v;
    else dropped++;
  }
  if (dropped >= n)
    throw new NumericalError(
      'diverged',
      `fitAdvi: all ${n} draws of the ELBO estimate have zero density; the model may be ill-conditioned or misspecified`,
    );
  const elbo = sum / n + entropy(q);
  if (Number.isNaN(elbo)) throw new NumericalError('diverged', 'fitAdvi: the ELBO estimate is NaN');
  return elbo;
}

/** Estimate the ELBO, or `-Infinity` when it cannot be computed (adaptation only). */
function robustElbo(ctx: Context, q: Variational): number {
  try {
    return elboEstimate(ctx, q);
  } catch (error) {
    if (error instanceof NumericalError || error instanceof ParameterValueError) return -Infinity;
    throw error;
  }
}

/** The element-wise adaptive step: s <- g^2 (k = 1) or 0.1 g^2 + 0.9 s; x += eta k^(-1/2+eps) g / (1 + sqrt(s)). */
function step(q: Variational, grad: Float64Array, history: Float64Array, k: number, eta: number): void {
  const scaled = eta * Math.pow(k, -0.5 + EPS);
  const { params } = q;
  for (let j = 0; j < params.length; j++) {
    const g = grad[j] as number;
    history[j] = k === 1 ? g * g : ALPHA * g * g + (1 - ALPHA) * (history[j] as number);
    params[j] = (params[j] as number) + (scaled * g) / (TAU + Math.sqrt(history[j] as number));
  }
}

/** Stan's `advi::adapt_eta`. */
async function adaptEta(ctx: Context): Promise<{ eta: number; trials: AdviEtaTrial[] }> {
  const { compiled, settings } = ctx;
  const initial = initialVariational(settings, compiled.dimension);
  let elboInit: number;
  try {
    elboInit = elboEstimate(ctx, initial);
  } catch (error) {
    if (error instanceof NumericalError)
      throw new NumericalError(
        'diverged',
        `fitAdvi: cannot compute the ELBO of the initial variational distribution (${error.message}); the model may be either severely ill-conditioned or misspecified`,
      );
    throw error;
  }
  const trials: AdviEtaTrial[] = [];
  let elboBest = -Infinity;
  let etaBest = 0;
  for (let index = 0; index < ETA_SEQUENCE.length; index++) {
    const eta = ETA_SEQUENCE[index] as number;
    const q: Variational = { ...initial, params: Float64Array.from(initial.params) };
    const history = new Float64Array(q.params.length);
    for (let k = 1; k <= settings.adaptIterations; k++) {
      let grad: Float64Array;
      try {
        grad = elboGradient(ctx, q);
      } catch (error) {
        // As Stan: a failed gradient counts as zero; a smaller eta will be tried.
        if (!(error instanceof NumericalError || error instanceof ParameterValueError)) throw error;
        grad = new Float64Array(q.params.length);
      }
      step(q, grad, history, k, eta);
      ctx.step++;
      ctx.reporter.update(ctx.step, `adapting eta = ${eta}`);
      if (k % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    const elbo = robustElbo(ctx, q);
    trials.push({ eta, elbo });
    // Stop when this eta is worse than the previous best, provided the
    // best improved on the initial ELBO: keep the previous eta.
    if (elbo < elboBest && elboBest > elboInit) return { eta: etaBest, trials };
    if (index < ETA_SEQUENCE.length - 1) {
      elboBest = elbo;
      etaBest = eta;
    } else if (elbo > elboInit) {
      return { eta, trials };
    } else {
      throw new NumericalError(
        'diverged',
        `fitAdvi: all proposed step sizes (eta = ${ETA_SEQUENCE.join(', ')}) failed to improve the initial ELBO ${elboInit.toFixed(3)}; the model may be either severely ill-conditioned or misspecified`,
        { trials },
      );
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

interface RunResult {
  q: Variational;
  elbo: number[];
  elboIterations: number[];
  iterations: number;
  converged: boolean;
}

/** Stan's `advi::stochastic_gradient_ascent`. */
async function stochasticGradientAscent(ctx: Context, eta: number): Promise<RunResult> {
  const { compiled, settings } = ctx;
  const q = initialVariational(settings, compiled.dimension);
  const history = new Float64Array(q.params.length);
  const bufferSize = Math.floor(Math.max((0.1 * settings.maxIterations) / settings.evalElbo, 2));
  const buffer: number[] = [];
  const elboTrace: number[] = [];
  const elboIterations: number[] = [];
  let elbo = 0;
  let converged = false;
  let k = 1;
  for (; ; k++) {
    step(q, elboGradient(ctx, q), history, k, eta);
    if (!allFinite(q.params))
      throw new NumericalError(
        'diverged',
        `fitAdvi: the variational parameters became non-finite at iteration ${k} (eta = ${eta}); try a smaller eta`,
      );
    let message = elboTrace.length > 0 ? `ELBO ${(elboTrace[elboTrace.length - 1] as number).toFixed(2)}` : '';
    if (k % settings.evalElbo === 0) {
      const previous = elbo;
      elbo = elboEstimate(ctx, q);
      elboTrace.push(elbo);
      elboIterations.push(k);
      buffer.push(Math.abs((previous - elbo) / elbo));
      if (buffer.length > bufferSize) buffer.shift();
      const mean = buffer.reduce((a, b) => a + b, 0) / buffer.length;
      if (mean < settings.tolRelObj || median(buffer) < settings.tolRelObj) converged = true;
      message = `ELBO ${elbo.toFixed(2)}`;
    }
    ctx.step++;
    ctx.reporter.update(ctx.step, message);
    if (converged || k >= settings.maxIterations) break;
    if (k % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  return { q, elbo: elboTrace, elboIterations, iterations: k, converged };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : 0.5 * ((s[m - 1] as number) + (s[m] as number));
}

function invalid(message: string): BrenierError {
  return new BrenierError('invalid-argument', `fitAdvi: ${message}`);
}

function positiveInteger(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw invalid(`${name} must be a positive integer, received ${String(v)}`);
  return v;
}

function positiveNumber(name: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw invalid(`${name} must be a positive finite number, received ${String(v)}`);
  return v;
}

function resolve(options: AdviOptions, d: number): Settings {
  const kind = options.kind ?? 'meanfield';
  if (kind !== 'meanfield' && kind !== 'fullrank')
    throw invalid(`kind must be 'meanfield' or 'fullrank', received '${String(kind)}'`);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw invalid(`seed must be a non-negative integer, received ${String(seed)}`);
  const init = new Float64Array(d);
  if (options.init !== undefined) {
    if (options.init.length !== d)
      throw invalid(`init must have length ${d} (the unconstrained dimension), received ${options.init.length}`);
    options.init.forEach((v, i) => {
      if (!Number.isFinite(v)) throw invalid(`init[${i}] must be finite, received ${String(v)}`);
      init[i] = v;
    });
  }
  return {
    kind,
    gradSamples: positiveInteger('gradSamples', options.gradSamples, 1),
    elboSamples: positiveInteger('elboSamples', options.elboSamples, 100),
    evalElbo: positiveInteger('evalElbo', options.evalElbo, 100),
    tolRelObj: positiveNumber('tolRelObj', options.tolRelObj) ?? 0.01,
    maxIterations: positiveInteger('maxIterations', options.maxIterations, 10000),
    eta: positiveNumber('eta', options.eta),
    adaptIterations: positiveInteger('adaptIterations', options.adaptIterations, 50),
    init,
    seed,
  };
}
