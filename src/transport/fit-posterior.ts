/**
 * `fitPosterior`: Monge-Ampère mirror-descent variational inference, the
 * loop on top of the flow's `init` / `step`.
 *
 * @module
 */
import { BrenierError, NumericalError } from '../core/errors.js';
import { progressReporter, yieldToEventLoop, type ProgressOptions, type ProgressReporter } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import type { DataInput } from '../model/data.js';
import { CompiledModel } from '../model/compiled-model.js';
import { Posterior, type FitDiagnostics, type RegretTrace, type StopReason } from '../posterior/posterior.js';
import type { FamilyName } from './families.js';
import { gaussianFamily, gaussianLogDetA, type GaussianPotential } from './gaussian-family.js';
import { ridgeFamily, ridgeFromGaussian } from './ridge-family.js';
import { fitAdvi } from '../vi/advi.js';
import { elboEstimate, flowStep, initFlow, type FlowConfig, type FlowState, type FlowTarget } from './flow.js';
import type { PotentialFamily, StepKind } from './potential.js';
import { adaptive, scaleAware, toSchedule, type Schedule } from './schedules.js';
import { evaluateGaussian, initWarmStart, warmStartStep } from './warm-start.js';
import { lbfgs, type LbfgsResult, type ObjectiveValue } from '../math/lbfgs.js';
import { matmul, symmetricEigen, symmetricSqrt, symmetrize, transpose } from '../math/linalg.js';

/**
 * Which iterate the posterior reports: `'average'` (the average of the
 * potentials of the last half of the accepted steps), `'last'`, or
 * `'mixture'` (the eta-weighted mixture of all iterates, the distribution
 * the average-iterate regret bound is about).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type IterateChoice } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const iterate: IterateChoice = 'mixture';
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { iterate, seed: 1 });
 * console.log(posterior.toJSON().components.length); // 140: one Gaussian per accepted step
 * const draws = posterior.sample(1000, { seed: 2 }); // sampling works; `transform` needs a single map
 * ```
 */
export type IterateChoice = 'average' | 'last' | 'mixture';

/**
 * Options of {@link fitPosterior}. Every option has a default that works
 * without tuning on the example models; the resolved values are recorded in
 * `posterior.diagnostics.settings`.
 *
 * @example
 * ```ts
 * import { adaptive, fitPosterior, initBackend, scaleAware, type FitOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const options: FitOptions = {
 *   seed: 1,
 *   maxSteps: 500,
 *   stepSize: adaptive(scaleAware(0.5)), // the default
 *   iterate: 'average',
 *   psisDraws: 4000,
 * };
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), options);
 * console.log(posterior.diagnostics.settings); // every option, defaults resolved
 * ```
 * @example Stan-style ADVI, returning the same Posterior type
 * ```ts
 * import { fitPosterior, initBackend, type FitOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const options: FitOptions = { method: 'advi-fullrank', seed: 1 };
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), options);
 * console.log(posterior.diagnostics.khat); // ≈ 0.94 (≈ 0.49 with the default method)
 * ```
 * @category Inference
 */
export interface FitOptions extends ProgressOptions {
  /**
   * Inference method: `'monge-ampere'` (default), or Stan-style ADVI
   * (`'advi-meanfield'`, `'advi-fullrank'`, with Stan's defaults; see
   * `fitAdvi` for its own options), returning the same `Posterior` type.
   */
  method?: 'monge-ampere' | 'advi-meanfield' | 'advi-fullrank';
  /**
   * Potential family: `'gaussian'` (default; quadratic potentials, q Gaussian)
   * or `'ridge'` (quadratic plus convex softplus ridges on the dual side,
   * started from the Gaussian fit; mirror steps only), for skewed or
   * multimodal posteriors.
   */
  family?: FamilyName;
  /**
   * Particles per step. Default `max(2d + 2, 50)` for the warm start and the
   * Gaussian family (after the warm start, 50 reach the accuracy of 100 at
   * half the gradients on the posteriordb suite) and `max(2d + 2, 100)` for
   * the ridge family's phase (its projection has more coefficients to fit).
   */
  particles?: number;
  /** Step size: a number (constant) or a schedule. Default `adaptive(scaleAware(0.5))`. */
  stepSize?: number | Schedule;
  /** Mirror (dual) step, whose regret and EVI guarantees are exact (default), or the primal Euler step. */
  step?: StepKind;
  /** Maximum accepted steps. Default 1000. */
  maxSteps?: number;
  /** Accepted steps before the stopping rule is checked. Default 40. */
  minSteps?: number;
  /** Window of the stopping rule, in accepted steps. Default 20. */
  window?: number;
  /** Stop when the windowed ELBO improves by less than this (nats) or than two standard errors... Default 0.01. */
  elboTolerance?: number;
  /** ...and q's windowed means and sds move by less than this (in sds) or than three standard errors. Default 0.01. */
  moveTolerance?: number;
  /**
   * Reported iterate: `'average'` (default: the average of the potentials
   * of the last half of the accepted steps, a potential itself), `'last'`,
   * or `'mixture'` (the eta-weighted mixture of all iterates, the one the
   * average-iterate regret bound is about).
   */
  iterate?: IterateChoice;
  /**
   * Steps of the affine-invariant warm start (damped natural-gradient
   * Gaussian VI; see `warmStartStep`), after which the flow runs on the
   * target whitened by the warm start's Gaussian, so that its step count no
   * longer grows with the posterior's condition number. It stops early once
   * a step moves every mean by less than 0.1 sd and every sd by less than
   * 10%. `0` turns it off (the flow then starts from q = N(0, I)). Default 30.
   */
  warmStartSteps?: number;
  /**
   * L-BFGS runs that look for the mode where the warm start begins: one
   * from the origin of the unconstrained space, the others from points
   * drawn uniformly in [-2, 2]^d; the highest mode wins. Default 4.
   */
  modeStarts?: number;
  /** Fresh draws for the PSIS k-hat check. Default 2000. */
  psisDraws?: number;
  /** Seed of every random choice. Default 0. */
  seed?: number;
}

/**
 * Fit a transport-map posterior by the Monge-Ampère mirror-descent flow
 * (Deb & Liang, arXiv 2504.09279). An affine-invariant warm start (L-BFGS
 * to the mode, natural-gradient Gaussian steps) gives a Gaussian that
 * whitens the target; from the identity map on the whitened target
 * (`warmStartSteps: 0`: on the model's unconstrained space, q = N(0, I)),
 * each step draws particles,
 * evaluates the model's scores there, and moves the Brenier potential by a
 * projected mirror step. The fit stops on a plateau of the ELBO and of the
 * potentials, or after `maxSteps`; then PSIS k-hat of `pi / q` is computed
 * on fresh draws.
 *
 * @param model - a model (compiled with `data` here, and disposed with the
 *   posterior) or a compiled model.
 * @param data - the model's data (ignored for a compiled model).
 * @param options - see {@link FitOptions}.
 * @returns the fitted {@link Posterior}, with its diagnostics.
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * console.log(posterior.formatSummary()); // mean, sd, 5/50/95%, MCSE, ESS; ELBO ≈ -32.2; k-hat ≈ 0.49
 * const draws = posterior.sample(1000, { seed: 2 }).toObject(); // { 'theta_trans[1]': [...], ..., mu: [...], tau: [...], 'theta[1]': [...], ... }
 * ```
 * @example A non-Gaussian target with the ridge family
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { mixture2 } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(mixture2, {}, { family: 'ridge', seed: 1 });
 * console.log(posterior.diagnostics.stopReason, posterior.diagnostics.khat); // 'converged' ≈ 0.07
 * ```
 * @throws {@link DataValidationError} for bad data, {@link NumericalError} when the flow diverges.
 * @category Inference
 */
export async function fitPosterior(
  model: { compile(data?: DataInput): CompiledModel } | CompiledModel,
  data: DataInput = {},
  options: FitOptions = {},
): Promise<Posterior> {
  const compiled = model instanceof CompiledModel ? model : model.compile(data);
  const d = compiled.dimension;
  if (d === 0) throw new BrenierError('invalid-argument', `model '${compiled.name}' has no parameters to fit`);
  const method = options.method ?? 'monge-ampere';
  if (method === 'advi-meanfield' || method === 'advi-fullrank') return fitWithAdvi(compiled, model, method, options);
  if (method !== 'monge-ampere') {
    throw new BrenierError(
      'invalid-argument',
      `fitPosterior: method must be 'monge-ampere', 'advi-meanfield' or 'advi-fullrank', received '${String(method)}'`,
    );
  }
  const settings = resolve(options, d);
  const start = performance.now();
  const gradientStart = compiled.evaluations.gradient;
  const densityStart = compiled.evaluations.logDensity;
  let targetSeconds = 0;
  const target: FlowTarget = (points) => {
    const t0 = performance.now();
    const out = compiled.logDensityAndGradient(points);
    targetSeconds += (performance.now() - t0) / 1000;
    return out;
  };
  const trace: Trace = { elbo: [], elboSe: [], accepted: [], stepSizes: [], bregman: [] };
  const phases = settings.family === 'ridge' ? 2 : 1;
  const reporter = progressReporter('fit', settings.warmStartSteps + phases * settings.maxSteps, options);
  let run: PhaseResult;
  let family: PotentialFamily<unknown>;
  let warm: WarmStartResult | undefined;
  /** The warm start's Gaussian, while the flow runs on the target whitened by it. */
  let whitenedFlow: GaussianPotential | undefined;
  let whitened: FlowTarget = target;
  /** Log density on the flow's coordinates (whitened while the Gaussian flow runs), for the regret trace. */
  let flowLogDensity = (y: Float64Array): Float64Array => compiled.logDensity(y);
  try {
    // The affine-invariant warm start, then the flow on the target whitened by its Gaussian.
    if (settings.warmStartSteps > 0) {
      warm = await runWarmStart(settings, target, reporter);
      const w = warm.potential;
      whitenedFlow = w;
      // y = b0 + A0 z row by row (A0 symmetric), and the chain rule s_z = A0 s_y;
      // log det A0 keeps the whitened ELBO equal to the model's.
      const A0 = Float64Array.from(w.A);
      const logDetA = gaussianLogDetA(w);
      const toModel = (z: Float64Array, n: number): Float64Array => {
        const y = matmul(z, A0, n, d, d);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < d; j++) y[i * d + j] = (y[i * d + j] as number) + (w.b[j] as number);
        return y;
      };
      whitened = (z, n) => {
        const out = target(toModel(z, n), n);
        return { logDensity: out.logDensity.map((v) => v + logDetA), gradient: matmul(out.gradient, A0, n, d, d) };
      };
      flowLogDensity = (z) => compiled.logDensity(toModel(z, z.length / d)).map((v) => v + logDetA);
    }
    // The Gaussian flow first; the ridge family starts from its fit, with
    // ridges adapted to it (see ridgeFromGaussian).
    run = await runPhase(
      gaussianFamily as PotentialFamily<unknown>,
      undefined,
      settings,
      whitened,
      trace,
      reporter,
      settings.warmStartSteps,
    );
    family = gaussianFamily as PotentialFamily<unknown>;
    if (settings.family === 'ridge') {
      // The ridge phase runs in the model's coordinates, from the Gaussian fit
      // mapped back (its ridges lie along that fit's principal axes).
      const whitenedFit = chooseIterate(family, run.iterates, 'average')[0]?.potential as GaussianPotential;
      const gaussianFit = warm === undefined ? whitenedFit : composeGaussian(warm.potential, whitenedFit);
      family = ridgeFamily as PotentialFamily<unknown>;
      whitenedFlow = undefined;
      flowLogDensity = (y) => compiled.logDensity(y);
      run = await runPhase(
        family,
        ridgeFromGaussian(gaussianFit),
        settings,
        target,
        trace,
        reporter,
        settings.warmStartSteps + run.iterations,
      );
    }
  } finally {
    reporter.done();
  }
  const { iterates, stopReason } = run;
  const whitenedComponents = chooseIterate(family, iterates, settings.iterate);
  // Back to the model's coordinates: q = N(b0 + A0 b, A0 A^2 A0) is again a Gaussian potential.
  const outer = whitenedFlow;
  const components =
    outer !== undefined
      ? whitenedComponents.map((c) => ({
          weight: c.weight,
          potential: composeGaussian(outer, c.potential as GaussianPotential),
        }))
      : whitenedComponents;
  const fitSeconds = (performance.now() - start) / 1000;
  const provisional = new Posterior({
    modelName: compiled.name,
    family,
    components,
    space: compiled.space,
    diagnostics: {} as FitDiagnostics,
    model: compiled,
  });
  const { psis: check } = provisional.importanceWeights(settings.psisDraws, {
    seed: new Rng(settings.seed).split().nextUint32(),
  });
  const regret = regretTrace(family, iterates, whitenedComponents, flowLogDensity, settings.seed);
  const warnings: string[] = [];
  if (check.khat >= 0.7) {
    warnings.push(
      `PSIS k-hat is ${check.khat.toFixed(2)} (>= 0.7): the approximation is unreliable in the tails and for importance-corrected estimates; try a richer family or compare with MCMC`,
    );
  }
  if (stopReason !== 'converged') warnings.push(`the fit stopped without converging (${stopReason})`);
  if (warm?.failure !== undefined)
    warnings.push(`the warm start stopped early (${warm.failure}); the flow started from its last accepted Gaussian`);
  const diagnostics: FitDiagnostics = {
    ...trace,
    iterations: trace.accepted.filter(Boolean).length,
    gradientEvaluations: compiled.evaluations.gradient - gradientStart,
    logDensityEvaluations: compiled.evaluations.logDensity - densityStart,
    wallSeconds: fitSeconds,
    targetSeconds,
    stopReason,
    khat: check.khat,
    khatDiagnosis: check.diagnosis,
    psisEss: check.ess,
    regret,
    ...(warm !== undefined
      ? {
          warmStart: {
            modeIterations: warm.modeIterations,
            iterations: warm.iterations,
            gradientEvaluations: warm.gradientEvaluations,
            converged: warm.converged,
            elbo: warm.elbo,
          },
        }
      : {}),
    warnings,
    settings: {
      method: 'monge-ampere',
      family: settings.family,
      warmStartSteps: settings.warmStartSteps,
      modeStarts: settings.modeStarts,
      particles: settings.particles,
      ...(settings.family === 'ridge' ? { ridgeParticles: settings.ridgeParticles } : {}),
      stepSize: settings.schedule.description,
      step: settings.step,
      maxSteps: settings.maxSteps,
      minSteps: settings.minSteps,
      window: settings.window,
      elboTolerance: settings.elboTolerance,
      moveTolerance: settings.moveTolerance,
      iterate: settings.iterate,
      psisDraws: settings.psisDraws,
      seed: settings.seed,
    },
  };
  for (const w of warnings)
    if (options.onProgress === undefined && process.stderr.isTTY === true) process.stderr.write(`warning: ${w}\n`);
  return new Posterior({
    modelName: compiled.name,
    family,
    components,
    space: compiled.space,
    diagnostics,
    model: compiled,
    ownsModel: !(model instanceof CompiledModel),
  });
}

/** What the warm start returns: its Gaussian and how it went. */
interface WarmStartResult {
  potential: GaussianPotential;
  iterations: number;
  modeIterations: number;
  gradientEvaluations: number;
  converged: boolean;
  elbo: number[];
  failure?: string;
}

/**
 * Natural-gradient warm start (see warm-start.ts): at most
 * `warmStartSteps` steps, stopping once an accepted step moves every mean
 * by less than 0.1 sd and every sd by less than 10%.
 */
async function runWarmStart(
  settings: Settings,
  target: FlowTarget,
  reporter: ProgressReporter,
): Promise<WarmStartResult> {
  const d = settings.dimension;
  // The mode first, and the L-BFGS inverse Hessian there as the first
  // covariance: natural-gradient steps from N(0, I) can be thrown far off when
  // the posterior lies many sds away, where the score is far from affine.
  // L-BFGS runs from the origin and from `modeStarts - 1` points drawn
  // uniformly in [-2, 2]^d (Stan's initialisation), and the highest mode
  // wins: a posterior with a local mode (Lotka-Volterra's short-period
  // oscillation) is otherwise found or missed by the luck of one start.
  const objective = (x: Float64Array): ObjectiveValue => {
    try {
      const out = target(x, 1);
      return { value: -(out.logDensity[0] as number), gradient: out.gradient.map((v) => -v) };
    } catch (error) {
      // Outside the region where the model evaluates (an ODE that diverges,
      // an overflowing score): an infinite objective shortens the step.
      if (error instanceof NumericalError) return { value: Infinity, gradient: new Float64Array(d).fill(Number.NaN) };
      throw error;
    }
  };
  const startRng = new Rng(settings.seed + MODE_SEED_OFFSET);
  let mode: LbfgsResult | undefined;
  let modeEvaluations = 0;
  for (let k = 0; k < settings.modeStarts; k++) {
    const x0 = k === 0 ? new Float64Array(d) : Float64Array.from({ length: d }, () => 4 * startRng.uniform() - 2);
    if (!Number.isFinite(objective(x0).value)) {
      modeEvaluations += 1;
      continue;
    }
    const found = lbfgs(objective, x0, { maxIterations: MODE_ITERATIONS, relativeTolerance: MODE_TOLERANCE });
    modeEvaluations += found.evaluations + 1;
    if (mode === undefined || found.value < mode.value) mode = found;
  }
  if (mode === undefined)
    throw new NumericalError(
      'diverged',
      `fitPosterior: the log density is not finite at any of ${settings.modeStarts} starting points`,
    );
  // The starting covariance: the L-BFGS inverse Hessian with its eigenvalues
  // kept within a factor 1e12 of the largest (a mode at the edge of a funnel
  // can make it nearly singular).
  let initial: GaussianPotential | undefined;
  try {
    const { values, vectors } = symmetricEigen(mode.inverseHessian, d);
    const top = Math.max(...values);
    const clipped = new Float64Array(d * d);
    for (let k = 0; k < d; k++) {
      const root = Math.sqrt(Math.max(values[k] as number, 1e-12 * top));
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++)
          clipped[i * d + j] =
            (clipped[i * d + j] as number) + root * (vectors[i * d + k] as number) * (vectors[j * d + k] as number);
    }
    if (top > 0 && clipped.every(Number.isFinite) && mode.x.every(Number.isFinite))
      initial = { family: 'gaussian', dim: d, A: Array.from(clipped), b: Array.from(mode.x) };
  } catch {
    initial = undefined;
  }
  // The start is the best by ELBO of N(mode, H), N(mode, I) and N(0, I): at
  // the edge of a funnel (hierarchical scales near 0) the mode and its
  // curvature describe the posterior badly, and N(0, I) is the safer start.
  const candidates: GaussianPotential[] = [
    ...(initial !== undefined ? [initial] : []),
    { ...gaussianFamily.identity(d), b: Array.from(mode.x) },
    gaussianFamily.identity(d),
  ];
  const candidateRng = new Rng(settings.seed + WARM_START_SEED_OFFSET + 1);
  let start = candidates[candidates.length - 1] as GaussianPotential;
  let startElbo = -Infinity;
  for (const candidate of candidates) {
    const x = candidateRng.normals(settings.particles * d);
    modeEvaluations += settings.particles;
    const value = evaluateGaussian(candidate, x, settings.particles, target)?.elbo ?? -Infinity;
    if (value > startElbo) {
      startElbo = value;
      start = candidate;
    }
  }
  initial = start;
  let state = initWarmStart(d, settings.seed + WARM_START_SEED_OFFSET, initial);
  const elbo: number[] = [];
  let converged = false;
  let failure: string | undefined;
  // The evaluated Gaussian with the highest ELBO: what the flow starts from
  // unless the warm start converged (its last step is then a small move).
  let best: GaussianPotential = initial;
  let bestElbo = -Infinity;
  while (state.iteration < settings.warmStartSteps) {
    let step;
    try {
      step = warmStartStep(state, target, settings.particles);
    } catch (error) {
      // The warm start could not go on (damping underflow, unusable curvature):
      // the flow starts from the last Gaussian it accepted, which is valid.
      if (!(error instanceof NumericalError)) throw error;
      failure = error.message;
      break;
    }
    if (step.info.accepted && step.state.previous !== undefined && step.info.elbo > bestElbo) {
      bestElbo = step.info.elbo;
      best = step.state.previous.potential;
    }
    state = step.state;
    elbo.push(step.info.elbo);
    reporter.update(state.iteration, `warm start ELBO ${step.info.elbo.toFixed(2)}`);
    await yieldToEventLoop();
    if (step.info.accepted && step.info.meanChange < 0.1 && step.info.sdChange < 0.1) {
      converged = true;
      break;
    }
  }
  return {
    potential: converged ? state.potential : best,
    iterations: state.iteration,
    modeIterations: mode.iterations,
    gradientEvaluations: modeEvaluations + state.iteration * settings.particles,
    converged,
    elbo,
    ...(failure !== undefined ? { failure } : {}),
  };
}

/** Seed offset of the mode search's starting points. */
const MODE_SEED_OFFSET = 104729;

/**
 * Relative decrease of `-log pi` below which an L-BFGS run stops: the warm
 * start needs the mode only roughly, and float32 log densities carry a
 * relative rounding of about 1e-7 anyway.
 */
const MODE_TOLERANCE = 1e-7;

/** L-BFGS iterations at most in the search for the mode. */
const MODE_ITERATIONS = 200;

/** Seed offset of the warm start's stream (the flow's phases use `seed + iteration offset`). */
const WARM_START_SEED_OFFSET = 7919;

/** The Gaussian `y = b0 + A0 z`, `z ~ N(b, A^2)`, as a potential: `N(b0 + A0 b, A0 A^2 A0)`. */
function composeGaussian(outer: GaussianPotential, inner: GaussianPotential): GaussianPotential {
  const d = outer.dim;
  const A0 = Float64Array.from(outer.A);
  const A = Float64Array.from(inner.A);
  const AA0 = matmul(A, A0, d);
  const covariance = symmetrize(matmul(transpose(AA0, d), AA0, d), d);
  const b = Float64Array.from(outer.b, (v, i) => {
    let s = v;
    for (let j = 0; j < d; j++) s += (A0[i * d + j] as number) * (inner.b[j] as number);
    return s;
  });
  return { family: 'gaussian', dim: d, A: Array.from(symmetricSqrt(covariance, d)), b: Array.from(b) };
}

/** ADVI through `fitAdvi`, wrapped in the same Posterior (Gaussian family) with a PSIS check. */
async function fitWithAdvi(
  compiled: CompiledModel,
  model: unknown,
  method: 'advi-meanfield' | 'advi-fullrank',
  options: FitOptions,
): Promise<Posterior> {
  const seed = options.seed ?? 0;
  const gradientStart = compiled.evaluations.gradient;
  const densityStart = compiled.evaluations.logDensity;
  const result = await fitAdvi(compiled, {
    kind: method === 'advi-meanfield' ? 'meanfield' : 'fullrank',
    seed,
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.progressBar !== undefined ? { progressBar: options.progressBar } : {}),
  });
  const family = gaussianFamily as PotentialFamily<unknown>;
  const components = [{ weight: 1, potential: result.potential as unknown }];
  const provisional = new Posterior({
    modelName: compiled.name,
    family,
    components,
    space: compiled.space,
    diagnostics: {} as FitDiagnostics,
    model: compiled,
  });
  const { psis: check } = provisional.importanceWeights(options.psisDraws ?? 2000, {
    seed: new Rng(seed).split().nextUint32(),
  });
  const warnings: string[] = [];
  if (check.khat >= 0.7) {
    warnings.push(
      `PSIS k-hat is ${check.khat.toFixed(2)} (>= 0.7): the approximation is unreliable in the tails and for importance-corrected estimates`,
    );
  }
  if (!result.converged) warnings.push('ADVI stopped at maxIterations without meeting its relative-ELBO tolerance');
  const diagnostics: FitDiagnostics = {
    elbo: result.elbo,
    elboSe: [],
    accepted: [],
    stepSizes: [],
    bregman: [],
    iterations: result.iterations,
    gradientEvaluations: compiled.evaluations.gradient - gradientStart,
    logDensityEvaluations: compiled.evaluations.logDensity - densityStart,
    wallSeconds: result.wallSeconds,
    targetSeconds: Number.NaN,
    stopReason: result.converged ? 'converged' : 'max-steps',
    khat: check.khat,
    khatDiagnosis: check.diagnosis,
    psisEss: check.ess,
    warnings,
    settings: { method, eta: result.eta, seed, psisDraws: options.psisDraws ?? 2000 },
  };
  return new Posterior({
    modelName: compiled.name,
    family,
    components,
    space: compiled.space,
    diagnostics,
    model: compiled,
    ownsModel: !(model instanceof CompiledModel),
  });
}

interface Trace {
  elbo: number[];
  elboSe: number[];
  accepted: boolean[];
  stepSizes: number[];
  bregman: number[];
}

/** One accepted iterate: the potential, the step taken from it, its ELBO estimate and D(q_k || q_{k+1}). */
interface Iterate {
  potential: unknown;
  eta: number;
  elbo: number;
  bregman: number;
}

interface PhaseResult {
  iterates: Iterate[];
  stopReason: StopReason;
  iterations: number;
}

/** Run the flow of one family from `initial` until it stops; append to `trace`. */
async function runPhase(
  family: PotentialFamily<unknown>,
  initial: unknown,
  settings: Settings,
  target: FlowTarget,
  trace: Trace,
  reporter: ProgressReporter,
  progressOffset: number,
): Promise<PhaseResult> {
  const config: FlowConfig<unknown> = {
    family,
    particles: family === gaussianFamily ? settings.particles : settings.ridgeParticles,
    stepSize: settings.schedule,
    kind: family === gaussianFamily ? settings.step : 'mirror',
  };
  const d = initial === undefined ? undefined : family.dimension(initial);
  let state: FlowState<unknown> = initFlow(config, d ?? settings.dimension, settings.seed + progressOffset, initial);
  const iterates: Iterate[] = [];
  const stats: IterateStats[] = [];
  const phaseTrace: Trace = { elbo: [], elboSe: [], accepted: [], stepSizes: [], bregman: [] };
  let stopReason: StopReason = 'max-steps';
  while (state.iteration < settings.maxSteps) {
    const evaluated = state.potential;
    let step;
    try {
      step = flowStep(config, state, target);
    } catch (error) {
      if (error instanceof NumericalError && error.issue === 'diverged' && iterates.length > 0) {
        stopReason = 'step-size-underflow';
        break;
      }
      throw error;
    }
    state = step.state;
    const info = step.info;
    for (const t of [trace, phaseTrace]) {
      t.elbo.push(info.elbo);
      t.elboSe.push(info.elboSe);
      t.accepted.push(info.accepted);
      t.stepSizes.push(info.eta);
      t.bregman.push(info.bregman);
    }
    if (info.accepted) {
      iterates.push({ potential: evaluated, eta: info.eta, elbo: info.elbo, bregman: info.bregman });
      stats.push({ means: family.means(evaluated), sds: family.marginalSds(evaluated) });
    }
    reporter.update(progressOffset + state.iteration, `${family.name} ELBO ${info.elbo.toFixed(2)}`);
    await yieldToEventLoop();
    if (info.accepted && converged(stats, phaseTrace, settings)) {
      stopReason = 'converged';
      break;
    }
  }
  // The potential after the last update is an iterate too.
  iterates.push({ potential: state.potential, eta: 0, elbo: Number.NaN, bregman: 0 });
  return { iterates, stopReason, iterations: state.iteration };
}

/**
 * The regret of the run against a comparator nu, with every quantity
 * computable: nu is the reported potential (or, for the mixture iterate,
 * the last one), so that `F(q_k) - F(nu) = ELBO(nu) - ELBO(q_k)` needs no
 * normalising constant. The per-step inequality of the mirror step, summed,
 * gives `cumulativeRegret[k] <= bound[k]` for every k (up to the Monte Carlo
 * error of the ELBO estimates).
 */
function regretTrace(
  family: PotentialFamily<unknown>,
  iterates: readonly Iterate[],
  components: readonly { potential: unknown }[],
  logDensity: (y: Float64Array) => Float64Array,
  seed: number,
): RegretTrace {
  const steps = iterates.filter((i) => i.eta > 0);
  const comparator =
    components.length === 1
      ? (components[0] as { potential: unknown }).potential
      : (iterates[iterates.length - 1] as Iterate).potential;
  const { elbo: comparatorElbo, elboSe: comparatorSe } = estimateElbo(
    family,
    comparator,
    logDensity,
    REGRET_DRAWS,
    seed,
  );
  const start = (iterates[0] as Iterate).potential;
  const initialDivergence = family.bregman(comparator, start);
  const F = steps.map((i) => -i.elbo);
  const cumulativeRegret: number[] = [];
  const bound: number[] = [];
  let regret = 0;
  let divergences = initialDivergence;
  for (const i of steps) {
    regret += i.eta * (comparatorElbo - i.elbo);
    divergences += i.bregman;
    cumulativeRegret.push(regret);
    bound.push(divergences);
  }
  return {
    comparator: components.length === 1 ? 'reported' : 'last',
    comparatorF: -comparatorElbo,
    comparatorFSe: comparatorSe,
    F,
    eta: steps.map((i) => i.eta),
    bregman: steps.map((i) => i.bregman),
    initialDivergence,
    cumulativeRegret,
    bound,
  };
}

/** Draws of the comparator's ELBO estimate in the regret trace. */
const REGRET_DRAWS = 1000;

/** ELBO of one potential from `n` fresh draws: mean of L(T x) + log det grad^2 u(x) - log rho(x). */
function estimateElbo(
  family: PotentialFamily<unknown>,
  potential: unknown,
  logDensity: (y: Float64Array) => Float64Array,
  n: number,
  seed: number,
): { elbo: number; elboSe: number } {
  const d = family.dimension(potential);
  const x = new Rng(seed)
    .split()
    .split()
    .normals(n * d);
  const { y, logDetHessian } = family.map(potential, x, n);
  return elboEstimate(logDensity(y), logDetHessian, x, n, d);
}

interface Settings {
  dimension: number;
  modeStarts: number;
  ridgeParticles: number;
  warmStartSteps: number;
  family: FamilyName;
  particles: number;
  schedule: Schedule;
  step: StepKind;
  maxSteps: number;
  minSteps: number;
  window: number;
  elboTolerance: number;
  moveTolerance: number;
  iterate: IterateChoice;
  psisDraws: number;
  seed: number;
}

function positiveInteger(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isSafeInteger(v) || v < 1)
    throw new BrenierError('invalid-argument', `fitPosterior: ${name} must be a positive integer, received ${v}`);
  return v;
}

function positiveNumber(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!(v > 0) || !Number.isFinite(v))
    throw new BrenierError('invalid-argument', `fitPosterior: ${name} must be a positive number, received ${v}`);
  return v;
}

function resolve(options: FitOptions, d: number): Settings {
  const particles = positiveInteger('particles', options.particles, Math.max(2 * d + 2, 50));
  if (particles < d + 2)
    throw new BrenierError(
      'invalid-argument',
      `fitPosterior: particles must be at least d + 2 = ${d + 2}, received ${particles}`,
    );
  const iterate = options.iterate ?? 'average';
  if (!['average', 'last', 'mixture'].includes(iterate))
    throw new BrenierError(
      'invalid-argument',
      `fitPosterior: iterate must be 'average', 'last' or 'mixture', received '${iterate}'`,
    );
  const family = options.family ?? 'gaussian';
  if (family !== 'gaussian' && family !== 'ridge') {
    throw new BrenierError(
      'invalid-argument',
      `fitPosterior: family must be 'gaussian' or 'ridge', received '${String(family)}'`,
    );
  }
  const step = options.step ?? 'mirror';
  if (step !== 'mirror' && step !== 'primal')
    throw new BrenierError(
      'invalid-argument',
      `fitPosterior: step must be 'mirror' or 'primal', received '${String(step)}'`,
    );
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new BrenierError('invalid-argument', `fitPosterior: seed must be a non-negative integer, received ${seed}`);
  const warmStartSteps = options.warmStartSteps ?? 30;
  if (!Number.isSafeInteger(warmStartSteps) || warmStartSteps < 0)
    throw new BrenierError(
      'invalid-argument',
      `fitPosterior: warmStartSteps must be a non-negative integer, received ${warmStartSteps}`,
    );
  return {
    dimension: d,
    ridgeParticles: options.particles ?? Math.max(2 * d + 2, 100),
    modeStarts: positiveInteger('modeStarts', options.modeStarts, 4),
    warmStartSteps,
    family,
    particles,
    schedule: options.stepSize === undefined ? adaptive(scaleAware(0.5)) : toSchedule(options.stepSize),
    step,
    maxSteps: positiveInteger('maxSteps', options.maxSteps, 1000),
    minSteps: positiveInteger('minSteps', options.minSteps, 40),
    window: positiveInteger('window', options.window, 20),
    elboTolerance: positiveNumber('elboTolerance', options.elboTolerance, 0.01),
    moveTolerance: positiveNumber('moveTolerance', options.moveTolerance, 0.01),
    iterate,
    psisDraws: positiveInteger('psisDraws', options.psisDraws, 2000),
    seed,
  };
}

/** Per-iterate summaries for the stopping rule (means and sds of q per coordinate). */
interface IterateStats {
  readonly means: Float64Array;
  readonly sds: Float64Array;
}

/**
 * Stopping rule, noise-aware: over the last two windows of accepted steps,
 * (a) the mean ELBO improved by less than `elboTolerance` nats or by less
 * than two standard errors of the difference, and (b) for every
 * coordinate, the window means of q's means and sds moved by less than
 * `moveTolerance` sds or by less than three standard errors of the
 * difference (estimated from the spread of the iterates within each
 * window). On Gaussian targets the noise terms vanish and the tolerances
 * rule; on noisy targets the flow stops once it only wanders within its
 * Monte Carlo noise, which the iterate average then removes.
 */
function converged(stats: readonly IterateStats[], trace: Trace, s: Settings): boolean {
  const w = s.window;
  if (stats.length < Math.max(s.minSteps, 2 * w)) return false;
  const acceptedElbo: number[] = [];
  const acceptedSe: number[] = [];
  trace.accepted.forEach((a, i) => {
    if (a) {
      acceptedElbo.push(trace.elbo[i] as number);
      acceptedSe.push(trace.elboSe[i] as number);
    }
  });
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = (xs: readonly number[]) => {
    const m = mean(xs);
    return xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  };
  const improvement = mean(acceptedElbo.slice(-w)) - mean(acceptedElbo.slice(-2 * w, -w));
  const seDiff = Math.sqrt(
    (mean(acceptedSe.slice(-w).map((v) => v * v)) + mean(acceptedSe.slice(-2 * w, -w).map((v) => v * v))) / w,
  );
  if (!(improvement < Math.max(s.elboTolerance, 2 * seDiff))) return false;
  const last = stats.slice(-w);
  const before = stats.slice(-2 * w, -w);
  const d = (last[0] as IterateStats).means.length;
  for (let i = 0; i < d; i++) {
    const scale = mean(last.map((t) => t.sds[i] as number));
    for (const pick of [(t: IterateStats) => t.means[i] as number, (t: IterateStats) => t.sds[i] as number]) {
      const a = last.map(pick);
      const b = before.map(pick);
      const noise = Math.sqrt((variance(a) + variance(b)) / w);
      if (Math.abs(mean(a) - mean(b)) > Math.max(s.moveTolerance * scale, 3 * noise)) return false;
    }
  }
  return true;
}

function chooseIterate(
  family: PotentialFamily<unknown>,
  iterates: readonly { potential: unknown; eta: number }[],
  choice: IterateChoice,
): { weight: number; potential: unknown }[] {
  const last = iterates[iterates.length - 1] as { potential: unknown };
  if (choice === 'last' || iterates.length < 4) return [{ weight: 1, potential: last.potential }];
  if (choice === 'mixture') {
    // qbar_K = sum_k eta_k q_k / sum_k eta_k over the iterates that were stepped from.
    return iterates.filter((i) => i.eta > 0).map((i) => ({ weight: i.eta, potential: i.potential }));
  }
  const tail = iterates.slice(Math.floor(iterates.length / 2));
  return [
    {
      weight: 1,
      potential: family.average(
        tail.map((i) => i.potential),
        new Array<number>(tail.length).fill(1),
      ),
    },
  ];
}
