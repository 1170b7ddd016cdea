/**
 * Generative mode: fit a Brenier map to samples with the Monge-Ampère flow.
 *
 * The mirror step needs `log(q_k / pi)` at the current push-forward q_k.
 * When the target pi is known only through samples, that log ratio is
 * learned from them (docs/algorithm.md; Deb & Liang 2025):
 *
 * - `'logistic'`: at every step a logistic regression between fresh draws
 *   of q_k and a batch of data, on features of the points, estimates
 *   `log(q_k / pi)` by its logit (balanced classes), as a GAN's
 *   discriminator does;
 * - `'score-matching'`: the data's log density is estimated once, up to a
 *   constant, by score matching an energy linear in the features; its
 *   score then plays the part of the model's score in the flow.
 *
 * Either way the flow runs in standardised coordinates on a pseudo-target
 * whose log density minus `log q_k` is the estimated `-log(q_k / pi)`, with
 * the same potential families, schedules and `flowStep` as variational
 * inference.
 *
 * @module
 */
import { BrenierError, NumericalError } from '../core/errors.js';
import { progressReporter, yieldToEventLoop, type ProgressOptions, type ProgressReporter } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { flowStep, initFlow, type FlowConfig, type FlowTarget } from '../transport/flow.js';
import { familyByName } from '../transport/families.js';
import { gaussianFamily } from '../transport/gaussian-family.js';
import type { PotentialFamily } from '../transport/potential.js';
import { ridgeFamily, ridgeFromGaussian, type RidgeDictionary } from '../transport/ridge-family.js';
import { adaptive, scaleAware, type Schedule } from '../transport/schedules.js';
import { fitStandardisation, standardise, toDataMatrix, type DataMatrix } from './data-matrix.js';
import { concatFeatures, fourierFeatures, quadraticFeatures, type FeatureMap } from './features.js';
import {
  fitLogisticRatio,
  fitScoreMatching,
  scoreMatchingLoss,
  type LinearFunction,
  type ScoreMatchingFit,
} from './log-ratio.js';
import { TransportMap, type GenerativeDiagnostics, type TransportPotential } from './transport-map.js';

/**
 * Options of {@link fitGenerative}.
 *
 * @example
 * ```ts
 * import { fitGenerative, Rng, type GenerativeOptions } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 2000 }, () => {
 *   const a = rng.normal();
 *   return [a, 0.8 * a + 0.6 * rng.normal()];
 * });
 * const options: GenerativeOptions = { estimator: 'score-matching', seed: 1, maxSteps: 100 };
 * const map = await fitGenerative(samples, options);
 * console.log(map.diagnostics?.stopReason); // 'converged'
 * ```
 * @category Generative
 */
export interface GenerativeOptions extends ProgressOptions {
  /** How `log(q_k / pi)` is learned: `'logistic'` (default) or `'score-matching'`. */
  estimator?: 'logistic' | 'score-matching';
  /**
   * Potential family: `'gaussian'` (default) or `'ridge'` (quadratic plus
   * convex softplus ridges, started from the Gaussian fit; for skewed or
   * multimodal data in a few dimensions).
   */
  family?: 'gaussian' | 'ridge';
  /**
   * Standardisation of the data before the flow: `'affine'` (default; by
   * the Cholesky factor of the sample covariance), `'diagonal'` (by each
   * coordinate's sd) or `'none'`.
   */
  standardize?: 'affine' | 'diagonal' | 'none';
  /**
   * Where the ridge family puts its ridges. Default: in 2-D, 8 directions
   * spread over the half-circle with kinks every 0.5 sd over +-2 sd, width
   * 0.2 sd, and the quadratic part free to shrink to 0.15 of the Gaussian
   * fit's (144 ridges); in other dimensions, the coordinate axes of the
   * standardised data with kinks at 0 and +-1 sd, width 0.5 sd (6 ridges
   * per coordinate).
   */
  ridgeDictionary?: RidgeDictionary;
  /** Random Fourier features added to the quadratic ones (default 0). */
  fourierFeatures?: number;
  /** Bandwidth of the Fourier features, in standardised units (default 1). */
  bandwidth?: number;
  /** Ridge penalty of the estimator's coefficients (default 0.1 for the logistic estimator, 1e-3 for score matching). */
  ridge?: number;
  /** Most flow steps (default 200). */
  maxSteps?: number;
  /** Steps without a better held-out log-likelihood before stopping, and iterates averaged into the result (default 30). */
  patience?: number;
  /** Step-size schedule of both phases; default `scaleAware(0.5)`, adaptive for score matching. */
  stepSize?: number | Schedule;
  /** Particles per flow step (default 200). */
  particles?: number;
  /** Draws of q_k and data points per classifier fit (logistic; default min(1000, training points)). */
  classifierBatch?: number;
  /** Fraction of the samples held out to measure the log-likelihood and pick the reported iterate (default 0.2). */
  heldOutFraction?: number;
  /** Seed of every random choice (default 0). */
  seed?: number;
}

interface Settings {
  estimator: 'logistic' | 'score-matching';
  family: 'gaussian' | 'ridge';
  standardize: 'affine' | 'diagonal' | 'none';
  ridgeDictionary: RidgeDictionary | undefined;
  fourierFeatures: number;
  bandwidth: number;
  ridge: number;
  maxSteps: number;
  patience: number;
  stepSize: number | Schedule;
  particles: number;
  /** Undefined: min(1000, training points). */
  classifierBatch: number | undefined;
  heldOutFraction: number;
  seed: number;
}

function invalid(name: string, expected: string, value: unknown): BrenierError {
  return new BrenierError('invalid-argument', `fitGenerative: ${name} must be ${expected}, received ${String(value)}`);
}

function resolve(options: GenerativeOptions): Settings {
  const positiveInteger = (name: keyof GenerativeOptions, value: unknown, fallback: number, min = 1): number => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || (value as number) < min) throw invalid(name, `an integer >= ${min}`, value);
    return value as number;
  };
  const estimator = options.estimator ?? 'logistic';
  if (estimator !== 'logistic' && estimator !== 'score-matching')
    throw invalid('estimator', "'logistic' or 'score-matching'", estimator);
  const family = options.family ?? 'gaussian';
  if (family !== 'gaussian' && family !== 'ridge') throw invalid('family', "'gaussian' or 'ridge'", family);
  const standardize = options.standardize ?? 'affine';
  if (!['affine', 'diagonal', 'none'].includes(standardize))
    throw invalid('standardize', "'affine', 'diagonal' or 'none'", standardize);
  const bandwidth = options.bandwidth ?? 1;
  if (!(Number.isFinite(bandwidth) && bandwidth > 0)) throw invalid('bandwidth', 'a positive number', bandwidth);
  // Measured with 100 Fourier features (ridge family): the classifiers need
  // a firmer penalty than the closed-form score matching does.
  const ridge = options.ridge ?? (estimator === 'logistic' ? 0.1 : 1e-3);
  if (!(Number.isFinite(ridge) && ridge >= 0)) throw invalid('ridge', 'a non-negative number', ridge);
  const heldOutFraction = options.heldOutFraction ?? 0.2;
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw invalid('heldOutFraction', 'in (0, 1)', heldOutFraction);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw invalid('seed', 'an integer', seed);
  return {
    estimator,
    family,
    standardize,
    ridgeDictionary: options.ridgeDictionary === undefined ? undefined : checkDictionary(options.ridgeDictionary),
    fourierFeatures: positiveInteger('fourierFeatures', options.fourierFeatures, 0, 0),
    bandwidth,
    ridge,
    maxSteps: positiveInteger('maxSteps', options.maxSteps, 200),
    patience: positiveInteger('patience', options.patience, 30),
    stepSize: options.stepSize ?? (estimator === 'score-matching' ? adaptive(scaleAware(0.5)) : scaleAware(0.5)),
    particles: positiveInteger('particles', options.particles, 200, 2),
    classifierBatch:
      options.classifierBatch === undefined
        ? undefined
        : positiveInteger('classifierBatch', options.classifierBatch, 0, 2),
    heldOutFraction,
    seed,
  };
}

/**
 * The generative mode's default ridge dictionary (see
 * {@link GenerativeOptions.ridgeDictionary}). In 2-D every direction can be
 * covered; in more dimensions the data's own (standardised) axes are the
 * natural frame, where the principal axes of a near-identity covariance
 * would be arbitrary. Chosen on the benchmark's laws (npm run
 * bench:generative, logistic estimator), against the variational
 * inference's default dictionary: banana KL 0.152 -> 0.075 nats, two-moons
 * 0.99 -> 0.69, skewed-5d 0.277 -> 0.053. A floor of 0.05 instead of 0.15
 * gave the banana 0.046 but scattered draws far off its arms (energy
 * statistic 0.0081 against 0.0067, 2000 draws each; exact draws 0.0050).
 */
export function generativeRidgeDictionary(d: number): RidgeDictionary {
  return d === 2
    ? { directions: 8, kinks: [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2], width: 0.2, floor: 0.15 }
    : { directions: 'coordinates', kinks: [-1, 0, 1], width: 0.5 };
}

function checkDictionary(dictionary: RidgeDictionary): RidgeDictionary {
  if (dictionary === null || typeof dictionary !== 'object')
    throw invalid('ridgeDictionary', 'an object { directions, kinks, width, floor? }', dictionary);
  const { directions, kinks, width, floor } = dictionary;
  if (
    directions !== 'principal' &&
    directions !== 'coordinates' &&
    !(Number.isSafeInteger(directions) && (directions as number) >= 1)
  )
    throw invalid('ridgeDictionary.directions', "'principal', 'coordinates' or an integer >= 1", directions);
  if (!Array.isArray(kinks) || kinks.length === 0 || !kinks.every((k) => typeof k === 'number' && Number.isFinite(k)))
    throw invalid('ridgeDictionary.kinks', 'a non-empty array of finite numbers', JSON.stringify(kinks));
  if (!(typeof width === 'number' && Number.isFinite(width) && width > 0))
    throw invalid('ridgeDictionary.width', 'a positive number', width);
  if (floor !== undefined && !(typeof floor === 'number' && floor > 0 && floor <= 1))
    throw invalid('ridgeDictionary.floor', 'in (0, 1]', floor);
  return dictionary;
}

/** Split the rows at random into training and held-out points. */
function split(points: DataMatrix, fraction: number, rng: Rng): { train: DataMatrix; heldOut: DataMatrix } {
  const { data, n, d } = points;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integer(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const heldOutCount = Math.max(1, Math.round(n * fraction));
  const take = (indices: number[]): DataMatrix => {
    const out = new Float64Array(indices.length * d);
    indices.forEach((row, r) => out.set(data.subarray(row * d, (row + 1) * d), r * d));
    return { data: out, n: indices.length, d };
  };
  return { heldOut: take(order.slice(0, heldOutCount)), train: take(order.slice(heldOutCount)) };
}

/**
 * `∇ log q(y)` at `n` points: the family's closed form when it has one,
 * otherwise central differences of its exact log density (float64; step
 * 1e-5 relative, error about 1e-10 relative).
 */
function scoreOfQ<P>(family: PotentialFamily<P>, potential: P, y: Float64Array, n: number): Float64Array {
  if (family.logDensityGradient !== undefined) return family.logDensityGradient(potential, y, n);
  const d = family.dimension(potential);
  const shifted = new Float64Array(2 * d * n * d);
  const steps = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const h = 1e-5 * Math.max(1, Math.abs(y[i * d + j] as number));
      steps[i * d + j] = h;
      for (const [side, sign] of [
        [0, 1],
        [1, -1],
      ] as const) {
        const row = ((i * d + j) * 2 + side) * d;
        shifted.set(y.subarray(i * d, (i + 1) * d), row);
        shifted[row + j] = (y[i * d + j] as number) + sign * h;
      }
    }
  }
  const values = family.logDensity(potential, shifted, 2 * d * n);
  const out = new Float64Array(n * d);
  for (let k = 0; k < n * d; k++)
    out[k] = ((values[2 * k] as number) - (values[2 * k + 1] as number)) / (2 * (steps[k] as number));
  return out;
}

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Fit a transport map to samples with the Monge-Ampère flow, learning
 * `log(q_k / pi)` from the data at every step (logistic regression) or the
 * data's score once (score matching).
 *
 * The samples are split into training points and held-out points. The
 * held-out log-likelihood of each iterate's push-forward is recorded; the
 * flow stops when it has not improved for `patience` steps (or after
 * `maxSteps`), and the reported map averages the potentials of the last
 * `patience` iterates. The held-out points only decide when to stop.
 *
 * @param samples - the data, one row per point, at least 10 points.
 * @param options - see {@link GenerativeOptions}.
 * @returns the fitted {@link TransportMap}, with its diagnostics.
 * @throws {@link DataValidationError} for malformed samples, naming the entry;
 *   `BrenierError` `'invalid-argument'` for a bad option; {@link NumericalError}
 *   when the samples' covariance is singular or the flow diverges.
 *
 * @example Learn a correlated 2-D Gaussian from 4000 samples
 * ```ts
 * import { fitGenerative, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 4000 }, () => {
 *   const a = rng.normal();
 *   return [1 + a, -2 + 0.8 * a + 0.6 * rng.normal()];
 * });
 * const map = await fitGenerative(samples, { seed: 1 });
 * const draws = map.sample(1000, { seed: 2 }); // rows [y1, y2], exact draws of the push-forward
 * const logQ = map.logDensity([[1, -2]]); // exact log density of q: ≈ [-1.37] (the true density: -1.33)
 * console.log(map.diagnostics?.heldOutLogLikelihood.at(-1)); // ≈ -2.40 nats per point
 * ```
 * @category Generative
 */
export async function fitGenerative(
  samples: readonly (readonly number[])[],
  options: GenerativeOptions = {},
): Promise<TransportMap> {
  const started = performance.now();
  const settings = resolve(options);
  const points = toDataMatrix(samples, 'samples', 10);
  const d = points.d;
  const rng = new Rng(settings.seed);
  const { train, heldOut } = split(points, settings.heldOutFraction, rng.split());
  const standardisation = fitStandardisation(train, settings.standardize);
  const zTrain = standardise(standardisation, train.data, train.n, d);
  const zHeldOut = standardise(standardisation, heldOut.data, heldOut.n, d);

  const featureParts: FeatureMap[] = [quadraticFeatures(d)];
  if (settings.fourierFeatures > 0)
    featureParts.push(
      fourierFeatures(d, settings.fourierFeatures, { bandwidth: settings.bandwidth, seed: settings.seed }),
    );
  const features = featureParts.length === 1 ? (featureParts[0] as FeatureMap) : concatFeatures(featureParts);

  const flowSeed = rng.split().integer(2 ** 31);
  const estimatorRng = rng.split();
  const energy =
    settings.estimator === 'score-matching'
      ? fitScoreMatching(zTrain, train.n, features, { ridge: settings.ridge })
      : undefined;

  const reporter = progressReporter(
    'fitGenerative',
    settings.maxSteps * (settings.family === 'ridge' ? 2 : 1),
    options,
  );
  const records: PhaseRecords = {
    estimatorLoss: [],
    heldOutLogLikelihood: [],
    stepSizes: [],
    bregman: [],
    stopReason: 'max-steps',
  };
  const context: PhaseContext = {
    settings,
    zTrain,
    trainCount: train.n,
    zHeldOut,
    heldOutCount: heldOut.n,
    logDetScale: standardisation.logDetScale,
    features,
    energy,
    estimatorRng,
    reporter,
    records,
  };
  let reported: unknown;
  let averagedSteps = 0;
  try {
    const gaussian = await runPhase(context, gaussianFamily, gaussianFamily.identity(d), settings.stepSize, flowSeed);
    reported = gaussian.potential;
    averagedSteps = gaussian.averaged;
    if (settings.family === 'ridge') {
      // The ridge family starts from the Gaussian fit, with ridges along its
      // principal axes (as fitPosterior's ridge phase does).
      const ridge = await runPhase(
        context,
        ridgeFamily,
        ridgeFromGaussian(gaussian.potential, settings.ridgeDictionary ?? generativeRidgeDictionary(d)),
        settings.stepSize,
        flowSeed + 1,
        settings.maxSteps,
      );
      reported = ridge.potential;
      averagedSteps = ridge.averaged;
    }
  } finally {
    reporter.done();
  }
  const family = familyByName((reported as { family: string }).family);
  const diagnostics: GenerativeDiagnostics = {
    estimator: settings.estimator,
    family: settings.family,
    estimatorLoss: records.estimatorLoss,
    ...(energy === undefined ? {} : { heldOutEstimatorLoss: scoreMatchingLoss(energy.energy, zHeldOut, heldOut.n) }),
    heldOutLogLikelihood: records.heldOutLogLikelihood,
    stepSizes: records.stepSizes,
    bregman: records.bregman,
    averagedSteps,
    reportedHeldOutLogLikelihood: mean(family.logDensity(reported, zHeldOut, heldOut.n)) - standardisation.logDetScale,
    trainingPoints: train.n,
    heldOutPoints: heldOut.n,
    stopReason: records.stopReason,
    wallSeconds: (performance.now() - started) / 1000,
  };
  return new TransportMap(reported as TransportPotential, standardisation, diagnostics);
}

/** What the phases of a fit record, appended in order. */
interface PhaseRecords {
  estimatorLoss: number[];
  heldOutLogLikelihood: number[];
  stepSizes: number[];
  bregman: number[];
  stopReason: GenerativeDiagnostics['stopReason'];
}

interface PhaseContext {
  settings: Settings;
  zTrain: Float64Array;
  trainCount: number;
  zHeldOut: Float64Array;
  heldOutCount: number;
  logDetScale: number;
  features: FeatureMap;
  energy: ScoreMatchingFit | undefined;
  estimatorRng: Rng;
  reporter: ProgressReporter;
  records: PhaseRecords;
}

/**
 * Run the flow in one potential family from `start` until the held-out
 * log-likelihood stops improving for `patience` steps or `maxSteps` pass,
 * and return the average of the last `patience` potentials. The first
 * phase (`progressOffset` 0) also records its starting point's held-out
 * log-likelihood; a later phase starts where the previous one ended.
 */
async function runPhase<P>(
  context: PhaseContext,
  family: PotentialFamily<P>,
  start: P,
  stepSize: number | Schedule,
  seed: number,
  progressOffset = 0,
): Promise<{ potential: P; averaged: number }> {
  const {
    settings,
    zTrain,
    trainCount,
    zHeldOut,
    heldOutCount,
    logDetScale,
    features,
    energy,
    estimatorRng,
    reporter,
    records,
  } = context;
  const d = family.dimension(start);
  const config: FlowConfig<P> = { family, particles: settings.particles, stepSize };
  let state = initFlow(config, d, seed, start);
  let previousRatio: LinearFunction | undefined;
  let lastLoss = energy?.loss ?? Number.NaN;
  const target: FlowTarget =
    energy !== undefined
      ? (y, n) => ({ logDensity: energy.energy.value(y, n), gradient: energy.energy.gradient(y, n) })
      : (y, n) => {
          const potential = state.potential;
          const m = settings.classifierBatch ?? Math.min(1000, trainCount);
          const fromQ = family.map(potential, estimatorRng.normals(m * d), m).y;
          const fromData = new Float64Array(m * d);
          for (let r = 0; r < m; r++) {
            const row = estimatorRng.integer(trainCount);
            fromData.set(zTrain.subarray(row * d, (row + 1) * d), r * d);
          }
          const fit = fitLogisticRatio(fromQ, m, fromData, m, features, {
            ridge: settings.ridge,
            ...(previousRatio === undefined ? {} : { init: previousRatio }),
          });
          previousRatio = fit.logRatio;
          lastLoss = fit.loss;
          const logQ = family.logDensity(potential, y, n);
          const ratio = fit.logRatio.value(y, n);
          const score = scoreOfQ(family, potential, y, n);
          const ratioGradient = fit.logRatio.gradient(y, n);
          return {
            logDensity: logQ.map((v, i) => v - (ratio[i] as number)),
            gradient: score.map((v, i) => v - (ratioGradient[i] as number)),
          };
        };
  const heldOutLogLikelihood = (potential: P): number =>
    mean(family.logDensity(potential, zHeldOut, heldOutCount)) - logDetScale;

  const likelihoods: number[] = [heldOutLogLikelihood(start)];
  const potentials: P[] = [start];
  if (progressOffset === 0) records.heldOutLogLikelihood.push(likelihoods[0] as number);
  let best = 0;
  let stopReason: GenerativeDiagnostics['stopReason'] = 'max-steps';
  for (let k = 0; k < settings.maxSteps; k++) {
    let result: ReturnType<typeof flowStep<P>>;
    try {
      result = flowStep(config, state, target);
    } catch (error) {
      // The adaptive rule halved the step to nothing without raising the
      // estimated ELBO: stop here, as at convergence.
      if (error instanceof NumericalError && error.issue === 'diverged' && 'stepScale' in error.details) {
        stopReason = 'stalled';
        break;
      }
      throw error;
    }
    state = result.state;
    if (!result.info.accepted) {
      reporter.update(progressOffset + k + 1, `${family.name}: step rejected`);
      await yieldToEventLoop();
      continue;
    }
    records.stepSizes.push(result.info.eta);
    records.bregman.push(result.info.bregman);
    records.estimatorLoss.push(lastLoss);
    potentials.push(state.potential);
    const likelihood = heldOutLogLikelihood(state.potential);
    if (!Number.isFinite(likelihood)) {
      throw new NumericalError(
        'diverged',
        `fitGenerative: the held-out log-likelihood is ${likelihood} after step ${k + 1} of the ${family.name} family`,
        { step: k + 1, family: family.name },
      );
    }
    likelihoods.push(likelihood);
    records.heldOutLogLikelihood.push(likelihood);
    const latest = likelihoods.length - 1;
    if (likelihood > (likelihoods[best] as number)) best = latest;
    reporter.update(progressOffset + k + 1, `${family.name}: held-out log-likelihood ${likelihood.toFixed(4)}`);
    await yieldToEventLoop();
    if (latest - best >= settings.patience) {
      stopReason = 'converged';
      break;
    }
  }
  records.stopReason = stopReason;
  // The estimated ratio is noisy, so the iterates wander around the fixed
  // point: report the average of the potentials over the last `patience`
  // steps (Polyak averaging; the family is a convex cone). Choosing the
  // iterate with the best held-out figure instead would fit the held-out
  // points' noise (measured on Gaussian data: worst covariance errors over
  // three seeds 1.3-2 times larger).
  const tail = potentials.slice(-Math.min(settings.patience, potentials.length));
  return {
    potential: family.average(
      tail,
      tail.map(() => 1),
    ),
    averaged: tail.length,
  };
}
