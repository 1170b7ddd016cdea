/**
 * `sampleNuts`: Stan-style NUTS with windowed warmup on a compiled model,
 * the loop on top of `initNuts` / `nutsStep` and the warmup's
 * `initWindowAdaptation` / `windowAdaptationUpdate`.
 *
 * @module
 */
import { BrenierError, NumericalError, describeValue } from '../core/errors.js';
import { progressReporter, yieldToEventLoop, type ProgressOptions } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import type { DataInput } from '../model/data.js';
import { CompiledModel } from '../model/compiled-model.js';
import { Draws } from '../posterior/draws.js';
import {
  initWindowAdaptation,
  warmupSchedule,
  windowAdaptationFinal,
  windowAdaptationUpdate,
  type WindowAdaptationConfig,
  type WindowAdaptationState,
} from './adaptation.js';
import {
  initNuts,
  nutsTransition,
  type EvaluationRequests,
  type LogDensityAndGradientFn,
  type NutsParameters,
  type NutsState,
  type TargetValue,
} from './nuts.js';

/**
 * Options of {@link sampleNuts}. Defaults are Stan's.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, initBackend, type NutsOptions } from 'brenier';
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
 * const options: NutsOptions = {
 *   chains: 4,
 *   warmup: 500,
 *   draws: 500,
 *   seed: 1,
 *   adaptDelta: 0.95, // smaller steps, fewer divergences
 *   metric: 'dense',
 *   init: [2, 0], // unconstrained: mu = 2, log(sigma) = 0, for every chain
 * };
 * const fit = await sampleNuts(model, { N: y.length, y }, options);
 * ```
 * @category MCMC
 */
export interface NutsOptions extends ProgressOptions {
  /** Number of chains. Default 4. */
  chains?: number;
  /** Warmup (adaptation) iterations per chain, not returned. Default 1000. */
  warmup?: number;
  /** Draws per chain after warmup. Default 1000. */
  draws?: number;
  /** Seed of every random choice; chain `c` uses the `c`-th stream split from it. Default 0. */
  seed?: number;
  /**
   * Target mean acceptance statistic of the step-size adaptation, in (0, 1).
   * Raise it (0.9, 0.95, 0.99) to remove divergences at the price of
   * smaller steps. Default 0.8.
   */
  adaptDelta?: number;
  /** Maximum tree depth (at most `2^maxTreeDepth - 1` leapfrog steps per draw). Default 10. */
  maxTreeDepth?: number;
  /** Adapt a diagonal (default) or a dense inverse metric. */
  metric?: 'diag' | 'dense';
  /**
   * Initial points on the unconstrained space: one point (used by every
   * chain) or one per chain, each of length `dimension`. Default: uniform
   * on `(-initRadius, initRadius)` in every coordinate, redrawn (up to 100
   * times) where the log density or its gradient is not finite, as Stan.
   */
  init?: ArrayLike<number> | readonly ArrayLike<number>[];
  /** Radius of the default random initialisation. Default 2. */
  initRadius?: number;
}

/**
 * Sampler diagnostics of one chain, for its post-warmup draws.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, initBackend } from 'brenier';
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
 * const fit = await sampleNuts(model, { N: y.length, y }, { warmup: 500, draws: 500, seed: 1 });
 * for (const chain of fit.diagnostics.chains) {
 *   const meanAccept = chain.acceptStat.reduce((s, a) => s + a, 0) / chain.acceptStat.length;
 *   console.log(chain.stepSize.toFixed(2), meanAccept.toFixed(2), chain.divergences, chain.ebfmi.toFixed(2));
 * }
 * ```
 * @category MCMC
 */
export interface ChainDiagnostics {
  /** Adapted step size. */
  readonly stepSize: number;
  /** Adapted inverse metric: diagonal (length d) or dense (d * d, row-major). */
  readonly inverseMetric: Float64Array;
  /** Tree depth of each draw (Stan's `treedepth__`). */
  readonly treeDepth: Int32Array;
  /** Leapfrog steps of each draw (`n_leapfrog__`). */
  readonly numSteps: Int32Array;
  /** 1 where the transition diverged (`divergent__`). */
  readonly divergent: Uint8Array;
  /** Hamiltonian at each draw (`energy__`). */
  readonly energy: Float64Array;
  /** Mean acceptance statistic of each transition (`accept_stat__`). */
  readonly acceptStat: Float64Array;
  /** Log density (unconstrained, Jacobian included, up to a constant) at each draw (`lp__`). */
  readonly logDensity: Float64Array;
  /** Divergent post-warmup transitions. */
  readonly divergences: number;
  /** Divergent warmup transitions (expected early in warmup; not a problem by themselves). */
  readonly warmupDivergences: number;
  /** Post-warmup transitions that stopped at `maxTreeDepth`. */
  readonly maxTreeDepthHits: number;
  /**
   * Energy Bayesian fraction of missing information (Betancourt 2016):
   * `sum (E_n - E_{n-1})^2 / sum (E_n - mean E)^2`. Below 0.3 the momentum
   * resampling explores the energy distribution poorly (heavy tails;
   * reparameterise).
   */
  readonly ebfmi: number;
}

/**
 * Run-level diagnostics of {@link sampleNuts}.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, initBackend } from 'brenier';
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
 * const fit = await sampleNuts(model, { N: y.length, y }, { warmup: 500, draws: 500, seed: 1 });
 * const { divergences, gradientEvaluations, wallSeconds, warnings } = fit.diagnostics;
 * if (warnings.length > 0) console.warn(warnings.join('\n'));
 * console.log(`${divergences} divergences, ${gradientEvaluations} gradients in ${wallSeconds.toFixed(1)} s`);
 * ```
 * @category MCMC
 */
export interface McmcDiagnostics {
  /** Per-chain diagnostics. */
  readonly chains: readonly ChainDiagnostics[];
  /**
   * Post-warmup divergences over all chains. Any divergence means the
   * sampler could not follow the posterior's geometry somewhere: raise
   * `adaptDelta` or reparameterise (e.g. non-centred hierarchies).
   */
  readonly divergences: number;
  /** Gradient evaluations (points) over warmup and sampling, all chains. */
  readonly gradientEvaluations: number;
  /** Wall-clock seconds of the whole call. */
  readonly wallSeconds: number;
  /** What to look at: divergences, tree-depth saturation, low E-BFMI. */
  readonly warnings: readonly string[];
  /** The resolved options. */
  readonly settings: NutsSettings;
}

/**
 * The settings a NUTS run used, defaults resolved.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, initBackend, type NutsSettings } from 'brenier';
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
 * const fit = await sampleNuts(model, { N: y.length, y }, { warmup: 200, draws: 200 });
 * const settings: NutsSettings = fit.diagnostics.settings;
 * console.log(settings);
 * // { chains: 4, warmup: 200, draws: 200, seed: 0, adaptDelta: 0.8, maxTreeDepth: 10, metric: 'diag' }
 * ```
 * @category MCMC
 */
export interface NutsSettings {
  /** Number of chains. */
  readonly chains: number;
  /** Warmup iterations per chain. */
  readonly warmup: number;
  /** Kept draws per chain. */
  readonly draws: number;
  /** Seed of the run. */
  readonly seed: number;
  /** Target acceptance statistic of the step-size adaptation. */
  readonly adaptDelta: number;
  /** Maximum tree depth. */
  readonly maxTreeDepth: number;
  /** Metric: diagonal or dense. */
  readonly metric: 'diag' | 'dense';
}

/**
 * Draws of {@link sampleNuts}: constrained draws of every chain (with
 * transformed parameters and generated quantities), the unconstrained
 * draws, and the sampler's diagnostics.
 *
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, initBackend, rhat } from 'brenier';
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
 * const fit = await sampleNuts(model, { N: y.length, y }, { chains: 4, warmup: 500, draws: 500, seed: 1 });
 * const mu = fit.draws.get('mu'); // 2000 draws, chain after chain
 * const chains = Array.from({ length: fit.chains }, (_, c) => fit.chainDraws(c).get('mu'));
 * console.log(rhat(chains)); // ≈ 1.002
 * const unconstrained = fit.unconstrained[0]; // chain 0, row-major [500, 2]: mu, log(sigma) per draw
 * ```
 * @category MCMC
 */
export class McmcResult {
  /** All chains' draws, concatenated chain after chain. */
  readonly draws: Draws;
  /** Number of chains. */
  readonly chains: number;
  /** Draws per chain. */
  readonly drawsPerChain: number;
  /** Unconstrained draws of each chain, row-major `[drawsPerChain, dimension]`. */
  readonly unconstrained: readonly Float64Array[];
  /** Sampler diagnostics. */
  readonly diagnostics: McmcDiagnostics;

  /** @internal Built by {@link sampleNuts}. */
  constructor(fields: {
    draws: Draws;
    chains: number;
    drawsPerChain: number;
    unconstrained: readonly Float64Array[];
    diagnostics: McmcDiagnostics;
  }) {
    this.draws = fields.draws;
    this.chains = fields.chains;
    this.drawsPerChain = fields.drawsPerChain;
    this.unconstrained = fields.unconstrained;
    this.diagnostics = fields.diagnostics;
  }

  /**
   * The draws of chain `c` (0-based), for per-chain diagnostics such as
   * R-hat.
   *
   * @param c - chain index.
   * @returns that chain's slice of {@link McmcResult.draws}.
   */
  chainDraws(c: number): Draws {
    if (!Number.isSafeInteger(c) || c < 0 || c >= this.chains) {
      throw new BrenierError(
        'invalid-argument',
        `chainDraws: chain must be an integer in [0, ${this.chains}), received ${describeValue(c)}`,
      );
    }
    const n = this.drawsPerChain;
    const columns = new Map<string, Float64Array>();
    for (const name of this.draws.names) columns.set(name, this.draws.get(name).slice(c * n, (c + 1) * n));
    return new Draws(columns);
  }

  /** All draws as a plain object of arrays keyed by name (`draws.toObject()`). */
  toObject(): Record<string, number[]> {
    return this.draws.toObject();
  }
}

interface Settings {
  chains: number;
  warmup: number;
  draws: number;
  seed: number;
  adaptDelta: number;
  maxTreeDepth: number;
  metric: 'diag' | 'dense';
  initRadius: number;
  init: Float64Array[] | undefined;
}

function fail(message: string): never {
  throw new BrenierError('invalid-argument', `sampleNuts: ${message}`);
}

function integerOption(name: string, v: unknown, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    fail(`${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, received ${describeValue(v)}`);
  }
  return v;
}

function resolve(options: NutsOptions, d: number): Settings {
  if (options === null || typeof options !== 'object')
    fail(`options must be an object, received ${describeValue(options)}`);
  const chains = integerOption('chains', options.chains, 4, 1);
  const warmup = integerOption('warmup', options.warmup, 1000, 0);
  const draws = integerOption('draws', options.draws, 1000, 1);
  const seed = integerOption('seed', options.seed, 0, 0);
  const maxTreeDepth = integerOption('maxTreeDepth', options.maxTreeDepth, 10, 1);
  if (maxTreeDepth > 30) fail(`maxTreeDepth must be at most 30, received ${maxTreeDepth}`);
  const adaptDelta = options.adaptDelta ?? 0.8;
  if (typeof adaptDelta !== 'number' || !(adaptDelta > 0 && adaptDelta < 1)) {
    fail(`adaptDelta must be a number in (0, 1), received ${describeValue(adaptDelta)}`);
  }
  const metric = options.metric ?? 'diag';
  if (metric !== 'diag' && metric !== 'dense')
    fail(`metric must be 'diag' or 'dense', received ${describeValue(metric)}`);
  const initRadius = options.initRadius ?? 2;
  if (typeof initRadius !== 'number' || !(initRadius > 0) || !Number.isFinite(initRadius)) {
    fail(`initRadius must be a positive number, received ${describeValue(initRadius)}`);
  }
  let init: Float64Array[] | undefined;
  if (options.init !== undefined) {
    const given = options.init;
    const isPoint = (x: unknown): x is ArrayLike<number> =>
      ArrayBuffer.isView(x) || (Array.isArray(x) && x.every((v) => typeof v === 'number'));
    const points: ArrayLike<number>[] = isPoint(given)
      ? Array.from({ length: chains }, () => given)
      : Array.isArray(given)
        ? (given as ArrayLike<number>[])
        : fail(`init must be a point or an array of points, received ${describeValue(given)}`);
    if (points.length !== chains) fail(`init must give one point per chain (${chains}), received ${points.length}`);
    init = points.map((p, c) => {
      if (!isPoint(p) || p.length !== d) {
        fail(`init[${c}] must be ${d} unconstrained coordinates, received ${describeValue(p)}`);
      }
      const q = Float64Array.from(p);
      const bad = q.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) fail(`init[${c}][${bad}] must be finite, received ${describeValue(q[bad])}`);
      return q;
    });
  }
  return { chains, warmup, draws, seed, adaptDelta, maxTreeDepth, metric, initRadius, init };
}

/** Per-chain running state of the loop. */
interface Chain {
  rng: Rng;
  state: NutsState;
  adaptation: WindowAdaptationState | undefined;
  parameters: NutsParameters;
  unconstrained: Float64Array;
  treeDepth: Int32Array;
  numSteps: Int32Array;
  divergent: Uint8Array;
  energy: Float64Array;
  acceptStat: Float64Array;
  logDensity: Float64Array;
  divergences: number;
  warmupDivergences: number;
  /** Iterations (warmup and sampling) done. */
  completed: number;
}

/**
 * Draw from a model's posterior with the No-U-Turn Sampler as Stan runs
 * it: multinomial NUTS with the generalised no-U-turn criterion
 * ({@link nutsStep}), and Stan's warmup ({@link windowAdaptationUpdate}):
 * dual averaging of the step size towards a mean acceptance statistic of
 * `adaptDelta`, and a diagonal or dense inverse metric estimated in doubling
 * windows.
 *
 * Chains run side by side: each chain's run is a computation that yields
 * one position per leapfrog step, and at every round the pending positions
 * of all unfinished chains are evaluated in one call of the compiled model
 * (N = number of chains), since a call costs nearly the same for one point
 * as for a few. Chains remain independent: each has its own random
 * stream, and its draws do not depend on the other chains. The result holds constrained draws with transformed
 * parameters and generated quantities, the unconstrained draws, and
 * per-chain diagnostics; `diagnostics.warnings` lists post-warmup
 * divergences, transitions that hit `maxTreeDepth`, and chains with E-BFMI
 * below 0.3.
 *
 * @param model - a model (compiled with `data`) or a compiled model.
 * @param data - data for `model.compile`; ignored for a compiled model.
 * @param options - chains, iterations, seed, tuning, progress and cancellation.
 * @returns the draws and diagnostics.
 * @example
 * ```ts
 * import { defineModel, data, param, normal, sampleNuts, initBackend, summarizeChains, formatSummary } from 'brenier';
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
 * const fit = await sampleNuts(model, { N: y.length, y }, { chains: 4, warmup: 500, draws: 500, seed: 1 });
 * console.log(fit.diagnostics.divergences, fit.diagnostics.warnings); // 0 []
 * const chainDraws = Array.from({ length: fit.chains }, (_, c) => fit.chainDraws(c));
 * console.log(formatSummary(summarizeChains(chainDraws)));
 * // name   mean     sd    5%    50%   95%    mcse  ess_bulk  ess_tail   rhat
 * // mu     2.36  0.513  1.69   2.36  3.12  0.0246       704       508  1.002
 * // sigma  1.02  0.533  0.54  0.885  2.02  0.0261       625       586  1.002
 * ```
 * @example Eight schools, non-centred
 * ```ts
 * import { sampleNuts, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const fit = await sampleNuts(eightSchools, eightSchoolsData(), { chains: 4, seed: 1, adaptDelta: 0.9 });
 * console.log(fit.diagnostics.divergences, fit.diagnostics.warnings);
 * const { mu, tau } = fit.toObject(); // 4000 draws each; also theta_trans[j] and theta[j]
 * ```
 * @throws {@link BrenierError} `'invalid-argument'` naming the option at fault;
 *   the signal's reason when `options.signal` aborts.
 * @category MCMC
 */
export async function sampleNuts(
  model: { compile(data?: DataInput): CompiledModel } | CompiledModel,
  data: DataInput = {},
  options: NutsOptions = {},
): Promise<McmcResult> {
  const compiled = model instanceof CompiledModel ? model : model.compile(data);
  const d = compiled.dimension;
  if (d === 0) throw new BrenierError('invalid-argument', `sampleNuts: model '${compiled.name}' has no parameters`);
  const s = resolve(options, d);
  options.signal?.throwIfAborted();
  const start = performance.now();
  const gradientStart = compiled.evaluations.gradient;
  const target: LogDensityAndGradientFn = (q) => {
    try {
      const out = compiled.logDensityAndGradient(q);
      return { logDensity: out.logDensity[0] as number, gradient: out.gradient };
    } catch (error) {
      // A NaN or infinite log density or score: the leapfrog step that
      // reached this point is rejected (divergent), as in Stan.
      if (error instanceof NumericalError) return { logDensity: -Infinity, gradient: new Float64Array(d) };
      throw error;
    }
  };
  // All chains' pending leapfrog points in one call of the model (the cost
  // of a call hardly depends on the number of points); one at a time when
  // a point fails numerically, so that only that step is rejected.
  const batchTarget = (points: Float64Array, count: number): TargetValue[] => {
    let batch;
    try {
      batch = compiled.logDensityAndGradient(points);
    } catch (error) {
      if (error instanceof NumericalError && count > 1)
        return Array.from({ length: count }, (_, k) => target(points.subarray(k * d, (k + 1) * d)));
      if (error instanceof NumericalError) return [{ logDensity: -Infinity, gradient: new Float64Array(d) }];
      throw error;
    }
    return Array.from({ length: count }, (_, k) => ({
      logDensity: batch.logDensity[k] as number,
      gradient: batch.gradient.slice(k * d, (k + 1) * d),
    }));
  };
  const master = new Rng(s.seed);
  const config: WindowAdaptationConfig = {
    numWarmup: s.warmup,
    metric: s.metric,
    targetAcceptance: s.adaptDelta,
  };
  const schedule = warmupSchedule(s.warmup);
  const chains: Chain[] = [];
  for (let c = 0; c < s.chains; c++) {
    const rng = master.split();
    const state = initialState(rng, target, d, s, c);
    const adaptation = initWindowAdaptation(rng, state, target, config);
    chains.push({
      rng,
      state,
      adaptation,
      parameters: {
        stepSize: adaptation.stepSize,
        inverseMetric: adaptation.inverseMetric,
        maxTreeDepth: s.maxTreeDepth,
      },
      unconstrained: new Float64Array(s.draws * d),
      treeDepth: new Int32Array(s.draws),
      numSteps: new Int32Array(s.draws),
      divergent: new Uint8Array(s.draws),
      energy: new Float64Array(s.draws),
      acceptStat: new Float64Array(s.draws),
      logDensity: new Float64Array(s.draws),
      divergences: 0,
      warmupDivergences: 0,
      completed: 0,
    });
  }
  const total = s.warmup + s.draws;
  const reporter = progressReporter('nuts', total, options);
  /** One chain's whole run, as a computation that yields its evaluation requests. */
  function* runChain(chain: Chain): EvaluationRequests<void> {
    for (let it = 0; it < total; it++) {
      const { state, info } = yield* nutsTransition(chain.rng, chain.state, chain.parameters);
      chain.state = state;
      if (it < s.warmup) {
        if (info.divergent) chain.warmupDivergences += 1;
        const adaptation = windowAdaptationUpdate(
          chain.rng,
          chain.adaptation as WindowAdaptationState,
          state,
          info.acceptanceProbability,
          target,
          config,
          schedule,
        );
        chain.adaptation = adaptation;
        const tuned =
          it === s.warmup - 1
            ? windowAdaptationFinal(adaptation)
            : { stepSize: adaptation.stepSize, inverseMetric: adaptation.inverseMetric };
        chain.parameters = { ...tuned, maxTreeDepth: s.maxTreeDepth };
      } else {
        const k = it - s.warmup;
        chain.unconstrained.set(state.position, k * d);
        chain.treeDepth[k] = info.treeDepth;
        chain.numSteps[k] = info.numSteps;
        chain.divergent[k] = info.divergent ? 1 : 0;
        chain.energy[k] = info.energy;
        chain.acceptStat[k] = info.acceptanceProbability;
        chain.logDensity[k] = state.logDensity;
        if (info.divergent) chain.divergences += 1;
      }
      chain.completed = it + 1;
    }
  }
  // Chains advance independently (a chain that finishes a transition starts
  // the next one at once), and at every round the pending leapfrog points
  // of all unfinished chains are evaluated in one call of the model.
  const runs = chains.map(runChain);
  const pending = runs.map((r) => r.next());
  let reported = 0;
  let lastYield = performance.now();
  try {
    for (;;) {
      const waiting: number[] = [];
      pending.forEach((n, i) => {
        if (n.done !== true) waiting.push(i);
      });
      if (waiting.length > 0) {
        const points = new Float64Array(waiting.length * d);
        waiting.forEach((i, k) => points.set((pending[i] as IteratorYieldResult<Float64Array>).value, k * d));
        const values = batchTarget(points, waiting.length);
        waiting.forEach((i, k) => {
          pending[i] = (runs[i] as EvaluationRequests<void>).next(values[k] as TargetValue);
        });
      }
      const done = Math.min(...chains.map((c) => c.completed));
      if (done > reported) {
        reported = done;
        const divergent = chains.reduce((acc, c) => acc + c.divergences, 0);
        reporter.update(done, done <= s.warmup ? 'warmup' : `sampling, ${divergent} divergent`);
      }
      if (waiting.length === 0) break;
      if (performance.now() - lastYield > 20) {
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
        lastYield = performance.now();
      }
    }
    options.signal?.throwIfAborted();
  } finally {
    reporter.done();
  }
  const divergences = chains.reduce((acc, c) => acc + c.divergences, 0);

  const all = new Float64Array(s.chains * s.draws * d);
  chains.forEach((chain, c) => all.set(chain.unconstrained, c * s.draws * d));
  const draws = compiled.draws(all, { seed: master.split().nextUint32() });
  const chainDiagnostics = chains.map((chain): ChainDiagnostics => {
    let hits = 0;
    for (let k = 0; k < s.draws; k++) if ((chain.treeDepth[k] as number) >= s.maxTreeDepth) hits += 1;
    return {
      stepSize: chain.parameters.stepSize,
      inverseMetric: chain.parameters.inverseMetric,
      treeDepth: chain.treeDepth,
      numSteps: chain.numSteps,
      divergent: chain.divergent,
      energy: chain.energy,
      acceptStat: chain.acceptStat,
      logDensity: chain.logDensity,
      divergences: chain.divergences,
      warmupDivergences: chain.warmupDivergences,
      maxTreeDepthHits: hits,
      ebfmi: ebfmi(chain.energy),
    };
  });
  const warnings: string[] = [];
  const n = s.chains * s.draws;
  if (divergences > 0) {
    warnings.push(
      `${divergences} of ${n} transitions after warmup diverged: the draws may be biased; raise adaptDelta (e.g. 0.95) or reparameterise (non-centred hierarchies)`,
    );
  }
  const hits = chainDiagnostics.reduce((a, c) => a + c.maxTreeDepthHits, 0);
  if (hits > 0) {
    warnings.push(
      `${hits} of ${n} transitions hit maxTreeDepth = ${s.maxTreeDepth}: an efficiency problem (not a bias); raise maxTreeDepth or reparameterise`,
    );
  }
  chainDiagnostics.forEach((c, i) => {
    if (c.ebfmi < 0.3) {
      warnings.push(
        `chain ${i}: E-BFMI is ${c.ebfmi.toFixed(2)} (< 0.3): the sampler explores the energy distribution poorly; reparameterise`,
      );
    }
  });
  for (const w of warnings)
    if (options.onProgress === undefined && process.stderr.isTTY === true) process.stderr.write(`warning: ${w}\n`);
  return new McmcResult({
    draws,
    chains: s.chains,
    drawsPerChain: s.draws,
    unconstrained: chains.map((c) => c.unconstrained),
    diagnostics: {
      chains: chainDiagnostics,
      divergences,
      gradientEvaluations: compiled.evaluations.gradient - gradientStart,
      wallSeconds: (performance.now() - start) / 1000,
      warnings,
      settings: {
        chains: s.chains,
        warmup: s.warmup,
        draws: s.draws,
        seed: s.seed,
        adaptDelta: s.adaptDelta,
        maxTreeDepth: s.maxTreeDepth,
        metric: s.metric,
      },
    },
  });
}

/** The initial NUTS state of chain `c`: the given point, or Stan's random initialisation. */
function initialState(rng: Rng, target: LogDensityAndGradientFn, d: number, s: Settings, c: number): NutsState {
  const given = s.init?.[c];
  if (given !== undefined) {
    try {
      return initNuts(given, target);
    } catch (error) {
      if (error instanceof BrenierError && error.code === 'invalid-argument')
        fail(`init[${c}]: the log density or its gradient is not finite there`);
      throw error;
    }
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const q = new Float64Array(d);
    for (let i = 0; i < d; i++) q[i] = s.initRadius * (2 * rng.uniform() - 1);
    const { logDensity, gradient } = target(q);
    if (Number.isFinite(logDensity) && gradient.every(Number.isFinite)) {
      return { position: q, logDensity, gradient: Float64Array.from(gradient) };
    }
  }
  throw new BrenierError(
    'initialization-failed',
    `sampleNuts: chain ${c}: no point with a finite log density and gradient in 100 uniform draws on (-${s.initRadius}, ${s.initRadius}); give init or a smaller initRadius`,
  );
}

/** E-BFMI of an energy trace (Betancourt 2016). */
function ebfmi(energy: Float64Array): number {
  const n = energy.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (const e of energy) mean += e;
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += ((energy[i] as number) - mean) ** 2;
    if (i > 0) num += ((energy[i] as number) - (energy[i - 1] as number)) ** 2;
  }
  return num / den;
}
