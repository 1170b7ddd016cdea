/**
 * The result of {@link fitGenerative}: a Brenier map from N(0, I) to a
 * distribution learned from samples, with exact sampling and the exact
 * density of its push-forward.
 *
 * @module
 */
import { BrenierError, DataValidationError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { familyByName } from '../transport/families.js';
import type { GaussianPotential } from '../transport/gaussian-family.js';
import type { PotentialFamily } from '../transport/potential.js';
import type { RidgePotential } from '../transport/ridge-family.js';
import { toDataMatrix, toRows, standardise, unstandardise, type Standardisation } from './data-matrix.js';

/**
 * Per-step record of a generative fit.
 *
 * @example
 * ```ts
 * import { fitGenerative, Rng, type GenerativeDiagnostics } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 2000 }, () => [rng.normal(), 2 * rng.normal()]);
 * const map = await fitGenerative(samples, { seed: 1 });
 * const diagnostics = map.diagnostics as GenerativeDiagnostics;
 * // the classifier's loss tends to log 2 = 0.693 as q matches the data
 * console.log(diagnostics.estimatorLoss.at(-1), diagnostics.reportedHeldOutLogLikelihood); // ≈ 0.689 -3.55
 * ```
 * @category Generative
 */
export interface GenerativeDiagnostics {
  /** Ratio estimator used. */
  readonly estimator: 'logistic' | 'score-matching';
  /** Potential family of the result (the ridge family's steps follow the Gaussian family's in the records). */
  readonly family: 'gaussian' | 'ridge';
  /**
   * Loss of the estimator, per step: the balanced logistic loss of the
   * classifier between draws of q_k and data (log 2 = 0.693 when it cannot
   * tell them apart), or, for score matching, the score-matching loss of
   * the fitted energy on the training data (the same at every step).
   */
  readonly estimatorLoss: readonly number[];
  /** The score-matching loss of the fitted energy on the held-out data (score matching only). */
  readonly heldOutEstimatorLoss?: number;
  /** Mean log density of the push-forward q_k at the held-out points, per step (in data units). */
  readonly heldOutLogLikelihood: readonly number[];
  /** Step sizes `eta_k`. */
  readonly stepSizes: readonly number[];
  /** Bregman divergences `D(q_k || q_{k+1})` between successive potentials. */
  readonly bregman: readonly number[];
  /** The reported potential is the average of the last `averagedSteps` iterates' potentials. */
  readonly averagedSteps: number;
  /** Held-out log-likelihood of the reported map. */
  readonly reportedHeldOutLogLikelihood: number;
  /** Points used to fit. */
  readonly trainingPoints: number;
  /** Points held out to measure the log-likelihood and decide when to stop. */
  readonly heldOutPoints: number;
  /**
   * Why the fit stopped: `'converged'` (no better held-out log-likelihood
   * for `patience` steps), `'max-steps'`, or `'stalled'` (an adaptive step
   * size found no step that raised the estimated ELBO, even a millionth of
   * the scheduled one: the flow is at its optimum for the estimated density).
   */
  readonly stopReason: 'converged' | 'max-steps' | 'stalled';
  /** Wall time, seconds. */
  readonly wallSeconds: number;
}

/** @internal A potential of the Gaussian or the ridge family. */
export type TransportPotential = GaussianPotential | RidgePotential;

/**
 * JSON form of a {@link TransportMap}.
 *
 * @example
 * ```ts
 * import { fitGenerative, Rng, TransportMap, type TransportMapJSON } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 500 }, () => [rng.normal(), rng.normal()]);
 * const json: TransportMapJSON = (await fitGenerative(samples, { seed: 1 })).toJSON();
 * const text = JSON.stringify(json); // save it
 * const map = TransportMap.fromJSON(JSON.parse(text)); // and sample later
 * map.sample(3, { seed: 2 });
 * ```
 * @category Generative
 */
export interface TransportMapJSON {
  /** Format tag. */
  readonly format: 'brenier-transport-map';
  /** Format version. */
  readonly version: 1;
  /** The Brenier potential in standardised coordinates. */
  readonly potential: TransportPotential;
  /** The standardisation `z = L^{-1}(y - mean)` of the data. */
  readonly standardisation: Standardisation;
  /** What the fit recorded. */
  readonly diagnostics?: GenerativeDiagnostics;
}

/**
 * A transport map `y = mean + L ∇u(x)` from the source N(0, I) to a
 * learned distribution: `∇u` is a Brenier map in standardised coordinates
 * and `(mean, L)` undoes the standardisation. Its push-forward `q` has the
 * exact density `log q(y) = log q_z(L^{-1}(y - mean)) - log |det L|`.
 *
 * @example
 * ```ts
 * import { fitGenerative, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 1000 }, () => [rng.normal(), rng.normal() + 3]);
 * const map = await fitGenerative(samples, { seed: 1 });
 * map.sample(2, { seed: 2 }); // two rows of draws
 * map.transform([[0, 0]]); // ≈ [[-0.04, 3.01]]: the image of the source's centre, near the data mean (0, 3)
 * map.logDensity([[0, 3]]); // ≈ [-1.87]; the true density there is -log(2 pi) = -1.84
 * ```
 * @category Generative
 */
export class TransportMap {
  /** Dimension of the data. */
  readonly dimension: number;
  /** What the fit recorded (absent for a map rebuilt without them). */
  readonly diagnostics: GenerativeDiagnostics | undefined;
  readonly #potential: TransportPotential;
  readonly #family: PotentialFamily<TransportPotential>;
  readonly #standardisation: Standardisation;

  /** @internal Built by {@link fitGenerative} or {@link TransportMap.fromJSON}. */
  constructor(potential: TransportPotential, standardisation: Standardisation, diagnostics?: GenerativeDiagnostics) {
    this.#potential = potential;
    this.#family = familyByName(potential.family) as PotentialFamily<TransportPotential>;
    this.#standardisation = standardisation;
    this.dimension = potential.dim;
    this.diagnostics = diagnostics;
  }

  /**
   * `n` exact draws from the push-forward, one row per point.
   *
   * @param n - number of draws.
   * @param options - `seed` of the draws (default 0).
   */
  sample(n: number, options: { seed?: number } = {}): number[][] {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new BrenierError('invalid-argument', `sample: n must be a non-negative integer, received ${String(n)}`);
    const d = this.dimension;
    const x = new Rng(options.seed ?? 0).normals(n * d);
    return toRows(this.#mapSource(x, n), n, d);
  }

  /**
   * The map applied to source points `x` (rows of length `dimension`).
   *
   * @param x - points of the source space N(0, I).
   * @returns the points `mean + L ∇u(x)` in data space.
   */
  transform(x: readonly (readonly number[])[]): number[][] {
    const points = toDataMatrix(x, 'x');
    this.#checkDimension(points.d, 'x');
    return toRows(this.#mapSource(points.data, points.n), points.n, this.dimension);
  }

  /**
   * Exact log density of the push-forward at data-space points.
   *
   * @param y - points, one row each.
   * @returns `log q(y)` per point.
   */
  logDensity(y: readonly (readonly number[])[]): number[] {
    const points = toDataMatrix(y, 'y');
    this.#checkDimension(points.d, 'y');
    return Array.from(this.logDensityOf(points.data, points.n));
  }

  /** @internal `log q` at row-major `[n, d]` points. */
  logDensityOf(y: Float64Array, n: number): Float64Array {
    const d = this.dimension;
    const z = standardise(this.#standardisation, y, n, d);
    const logQ = this.#family.logDensity(this.#potential, z, n);
    return logQ.map((v) => v - this.#standardisation.logDetScale);
  }

  /** A plain-JSON form; {@link TransportMap.fromJSON} rebuilds the map. */
  toJSON(): TransportMapJSON {
    return {
      format: 'brenier-transport-map',
      version: 1,
      potential: this.#potential,
      standardisation: this.#standardisation,
      ...(this.diagnostics === undefined ? {} : { diagnostics: this.diagnostics }),
    };
  }

  /**
   * Rebuild a map from {@link TransportMap.toJSON}'s output.
   *
   * @throws {@link DataValidationError} naming the field that is missing or malformed.
   */
  static fromJSON(json: unknown): TransportMap {
    const record = json as Partial<TransportMapJSON> | null;
    if (record === null || typeof record !== 'object' || record.format !== 'brenier-transport-map')
      throw new DataValidationError('format', "'brenier-transport-map'", String(record?.format));
    if (record.version !== 1) throw new DataValidationError('version', '1', String(record.version));
    const potential = record.potential as Partial<Record<string, unknown>> | undefined;
    if (
      (potential?.['family'] !== 'gaussian' && potential?.['family'] !== 'ridge') ||
      !Number.isSafeInteger(potential['dim']) ||
      (potential['dim'] as number) < 1
    )
      throw new DataValidationError(
        'potential',
        "a potential of the 'gaussian' or 'ridge' family with its dimension dim",
        JSON.stringify(potential)?.slice(0, 80) ?? 'undefined',
      );
    const d = potential['dim'] as number;
    const finiteArray = (value: unknown, length: number, field: string): number[] => {
      if (
        !Array.isArray(value) ||
        value.length !== length ||
        !value.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
        throw new DataValidationError(
          field,
          `${length} finite numbers`,
          JSON.stringify(value)?.slice(0, 80) ?? 'undefined',
        );
      return value as number[];
    };
    if (potential['family'] === 'gaussian') {
      finiteArray(potential['A'], d * d, 'potential.A');
      finiteArray(potential['b'], d, 'potential.b');
    } else {
      const ridges = Array.isArray(potential['c']) ? potential['c'].length : -1;
      finiteArray(potential['P'], d * d, 'potential.P');
      finiteArray(potential['beta'], d, 'potential.beta');
      finiteArray(potential['floor'], d * d, 'potential.floor');
      for (const key of ['t', 's', 'c']) finiteArray(potential[key], ridges, `potential.${key}`);
      finiteArray(potential['W'], ridges * d, 'potential.W');
    }
    const s = record.standardisation;
    if (s === undefined || !['affine', 'diagonal', 'none'].includes(s.kind))
      throw new DataValidationError('standardisation.kind', "'affine', 'diagonal' or 'none'", String(s?.kind));
    finiteArray(s.mean, d, 'standardisation.mean');
    finiteArray(s.scale, d * d, 'standardisation.scale');
    finiteArray([s.logDetScale], 1, 'standardisation.logDetScale');
    return new TransportMap(potential as unknown as TransportPotential, s, record.diagnostics);
  }

  #mapSource(x: Float64Array, n: number): Float64Array {
    const { y } = this.#family.map(this.#potential, x, n);
    return unstandardise(this.#standardisation, y, n, this.dimension);
  }

  #checkDimension(d: number, field: string): void {
    if (d !== this.dimension)
      throw new DataValidationError(`${field}[0]`, `${this.dimension} coordinates (the map's dimension)`, `${d}`);
  }
}
