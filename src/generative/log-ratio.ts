/**
 * Linear-in-features functions `f(y) = θ·φ(y) + c` and two estimators of
 * log densities and log density ratios from samples, in float64:
 *
 * - {@link fitScoreMatching}: Hyvärinen score matching of an unnormalised
 *   log density `E(y) = θ·φ(y)` to data, in closed form;
 * - {@link fitLogisticRatio}: the log density ratio `log(q/p)` as the logit
 *   of a class-balanced logistic regression between samples of `q` and of
 *   `p`, by Newton's method.
 *
 * Both add a ridge penalty `(ridge/2)|θ|²` (default `1e-3`), which keeps the
 * linear systems positive definite when features are nearly collinear.
 *
 * @module
 */
import { BrenierError, NumericalError, describeValue } from '../core/errors.js';
import { cholesky, solveLower, solveUpper, transpose } from '../math/linalg.js';
import { featureMapFromJSON, type FeatureMap, type FeatureMapJSON } from './features.js';

/** Default ridge of {@link fitScoreMatching} and {@link fitLogisticRatio}. */
const DEFAULT_RIDGE = 1e-3;
/** Points per block when derivatives are computed (bounds memory at `BLOCK * K * d` numbers). */
const BLOCK = 256;
/**
 * A Cholesky pivot `L_kk²` below this fraction of the largest diagonal entry
 * of the matrix means the system is singular to working precision (a
 * condition number beyond ~1e13 leaves fewer than 3 correct digits).
 */
const SINGULAR_PIVOT_RATIO = 1e-13;

/**
 * A function linear in the features of a {@link FeatureMap}:
 * `f(y) = θ·φ(y) + c = Σ_k θ_k φ_k(y) + c`, with gradient
 * `∇f(y) = Σ_k θ_k ∇φ_k(y)`.
 *
 * @example
 * ```text
 * // f(y) = -½|y|² on R^2 with quadratic features (y0, y1, y0², y0 y1, y1²)
 * const f = linearFunction(quadraticFeatures(2), Float64Array.from([0, 0, -0.5, 0, -0.5]));
 * f.value(Float64Array.from([1, 2]), 1); // [-2.5]
 * f.gradient(Float64Array.from([1, 2]), 1); // [-1, -2]
 * ```
 */
export interface LinearFunction {
  /** The feature map `φ`. */
  readonly features: FeatureMap;
  /** `θ`, `[K]` (a copy owned by this function; do not modify). */
  readonly coefficients: Float64Array;
  /** `c`. */
  readonly intercept: number;
  /** `θ·φ(y_i) + c` at `n` points `y` (`[n, d]`): `[n]`. */
  value(y: Float64Array, n: number): Float64Array;
  /** `∇f(y_i)` at `n` points: `[n, d]`. */
  gradient(y: Float64Array, n: number): Float64Array;
  /** Plain JSON description from which {@link linearFunctionFromJSON} rebuilds the same function. */
  toJSON(): LinearFunctionJSON;
}

/**
 * JSON form of a {@link LinearFunction}.
 *
 * @example
 * ```text
 * const json: LinearFunctionJSON = {
 *   features: { kind: 'quadratic', dimension: 1 },
 *   coefficients: [0, -0.5], // f(y) = -y²/2
 *   intercept: 0,
 * };
 * ```
 */
export interface LinearFunctionJSON {
  features: FeatureMapJSON;
  coefficients: number[];
  intercept: number;
}

function invalid(message: string): BrenierError {
  return new BrenierError('invalid-argument', message);
}

function at(a: Float64Array, i: number): number {
  return a[i] as number;
}

/**
 * Checks that `points` is a Float64Array of `n * d` finite numbers (`n` a
 * positive integer, or non-negative when `allowEmpty`), naming the
 * arguments as the caller calls them.
 */
function checkPoints(
  where: string,
  name: string,
  countName: string,
  points: Float64Array,
  n: number,
  d: number,
  allowEmpty = false,
): void {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < (allowEmpty ? 0 : 1)) {
    throw invalid(
      `${where}: argument '${countName}' must be a ${allowEmpty ? 'non-negative' : 'positive'} integer, ` +
        `received ${describeValue(n)}`,
    );
  }
  if (!(points instanceof Float64Array)) {
    throw invalid(`${where}: argument '${name}' must be a Float64Array, received ${describeValue(points)}`);
  }
  if (points.length !== n * d) {
    throw invalid(
      `${where}: argument '${name}' must hold ${countName} × d = ${n} × ${d} = ${n * d} entries ` +
        `(row-major [${countName}, d]), received ${points.length}`,
    );
  }
  for (let i = 0; i < points.length; i++) {
    const v = at(points, i);
    if (!Number.isFinite(v)) {
      throw invalid(
        `${where}: argument '${name}' has a non-finite entry at point ${Math.floor(i / d)}, ` +
          `coordinate ${i % d} (${describeValue(v)})`,
      );
    }
  }
}

function checkFeatures(where: string, features: FeatureMap): void {
  if (
    typeof features !== 'object' ||
    features === null ||
    typeof features.values !== 'function' ||
    typeof features.gradients !== 'function' ||
    typeof features.laplacians !== 'function'
  ) {
    throw invalid(`${where}: argument 'features' must be a feature map, received ${describeValue(features)}`);
  }
}

function checkRidge(where: string, ridge: unknown): number {
  if (typeof ridge !== 'number' || !(ridge >= 0) || !Number.isFinite(ridge)) {
    throw invalid(`${where}: option 'ridge' must be a non-negative finite number, received ${describeValue(ridge)}`);
  }
  return ridge;
}

/** Throws unless every entry is finite; `what` describes the array. */
function checkFinite(where: string, what: string, a: Float64Array): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(at(a, i))) {
      throw new NumericalError('diverged', `${where}: ${what} has a non-finite entry (index ${i}: ${at(a, i)})`, {
        index: i,
      });
    }
  }
}

/**
 * Solves `a x = b` for a symmetric positive-definite `K x K` matrix `a`
 * (lower triangle read) by Cholesky, treating a matrix that is singular to
 * working precision as singular.
 */
function solvePositiveDefinite(where: string, a: Float64Array, b: Float64Array, K: number, hint: string): Float64Array {
  let maxDiagonal = 0;
  for (let k = 0; k < K; k++) maxDiagonal = Math.max(maxDiagonal, Math.abs(at(a, k * K + k)));
  let l: Float64Array;
  try {
    l = cholesky(a, K);
  } catch (error) {
    if (!(error instanceof NumericalError)) throw error;
    throw new NumericalError(
      'not-positive-definite',
      `${where}: the ${K} × ${K} linear system is singular (${error.message}); ${hint}`,
      error.details,
    );
  }
  let minPivot = Infinity;
  let minIndex = 0;
  for (let k = 0; k < K; k++) {
    const pivot = at(l, k * K + k) ** 2;
    if (pivot < minPivot) {
      minPivot = pivot;
      minIndex = k;
    }
  }
  if (minPivot <= SINGULAR_PIVOT_RATIO * maxDiagonal) {
    throw new NumericalError(
      'not-positive-definite',
      `${where}: the ${K} × ${K} linear system is singular to working precision ` +
        `(pivot ${minIndex} is ${minPivot.toExponential(3)}, the largest diagonal entry ${maxDiagonal.toExponential(3)}); ${hint}`,
      { pivot: minIndex, value: minPivot },
    );
  }
  return solveUpper(transpose(l, K), solveLower(l, b, K), K);
}

/**
 * Adds `Σ_{r < m} left[a * stride + r] * right[b * stride + r]` to
 * `gram[a * K + b]` for `a <= b` (the upper triangle): one block of rows of
 * a weighted Gram matrix `XᵀWX`, with `X` stored column by column. Dot
 * products over contiguous columns, four at a time, keep the sums in
 * registers (about three times faster than rank-one updates row by row).
 */
function addGramBlock(
  gram: Float64Array,
  K: number,
  left: Float64Array,
  right: Float64Array,
  stride: number,
  m: number,
): void {
  for (let a = 0; a < K; a++) {
    const ao = a * stride;
    const row = a * K;
    let b = a;
    for (; b + 3 < K; b += 4) {
      const b0 = b * stride;
      const b1 = b0 + stride;
      const b2 = b1 + stride;
      const b3 = b2 + stride;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let r = 0; r < m; r++) {
        const x = at(left, ao + r);
        s0 += x * at(right, b0 + r);
        s1 += x * at(right, b1 + r);
        s2 += x * at(right, b2 + r);
        s3 += x * at(right, b3 + r);
      }
      gram[row + b] = at(gram, row + b) + s0;
      gram[row + b + 1] = at(gram, row + b + 1) + s1;
      gram[row + b + 2] = at(gram, row + b + 2) + s2;
      gram[row + b + 3] = at(gram, row + b + 3) + s3;
    }
    for (; b < K; b++) {
      const bo = b * stride;
      let s = 0;
      for (let r = 0; r < m; r++) s += at(left, ao + r) * at(right, bo + r);
      gram[row + b] = at(gram, row + b) + s;
    }
  }
}

class Linear implements LinearFunction {
  readonly features: FeatureMap;
  readonly coefficients: Float64Array;
  readonly intercept: number;

  constructor(features: FeatureMap, coefficients: Float64Array, intercept: number) {
    this.features = features;
    this.coefficients = coefficients;
    this.intercept = intercept;
  }

  value(y: Float64Array, n: number): Float64Array {
    const d = this.features.dimension;
    const K = this.features.size;
    checkPoints('LinearFunction.value', 'y', 'n', y, n, d, true);
    const out = new Float64Array(n);
    for (let start = 0; start < n; start += BLOCK) {
      const m = Math.min(BLOCK, n - start);
      const phi = this.features.values(y.subarray(start * d, (start + m) * d), m);
      for (let p = 0; p < m; p++) {
        let s = this.intercept;
        for (let k = 0; k < K; k++) s += at(this.coefficients, k) * at(phi, p * K + k);
        out[start + p] = s;
      }
    }
    return out;
  }

  gradient(y: Float64Array, n: number): Float64Array {
    const d = this.features.dimension;
    const K = this.features.size;
    checkPoints('LinearFunction.gradient', 'y', 'n', y, n, d, true);
    const out = new Float64Array(n * d);
    for (let start = 0; start < n; start += BLOCK) {
      const m = Math.min(BLOCK, n - start);
      const jac = this.features.gradients(y.subarray(start * d, (start + m) * d), m);
      for (let p = 0; p < m; p++) {
        const o = (start + p) * d;
        for (let k = 0; k < K; k++) {
          const t = at(this.coefficients, k);
          if (t === 0) continue;
          const r = (p * K + k) * d;
          for (let j = 0; j < d; j++) out[o + j] = at(out, o + j) + t * at(jac, r + j);
        }
      }
    }
    return out;
  }

  toJSON(): LinearFunctionJSON {
    return { features: this.features.toJSON(), coefficients: Array.from(this.coefficients), intercept: this.intercept };
  }
}

/**
 * The function `f(y) = θ·φ(y) + c` of the features `φ`.
 *
 * @param features - the feature map `φ` (`K` features on `R^d`).
 * @param coefficients - `θ`, `K` finite numbers (copied).
 * @param intercept - `c`, finite (default 0).
 * @throws {@link BrenierError} `'invalid-argument'` naming `coefficients`
 *   (wrong length, non-finite entry) or `intercept`.
 * @example
 * ```text
 * const phi = quadraticFeatures(1); // (y, y²)
 * const f = linearFunction(phi, Float64Array.from([1, -0.5]), 2); // y - y²/2 + 2
 * f.value(Float64Array.from([0, 1]), 2); // [2, 2.5]
 * ```
 */
export function linearFunction(
  features: FeatureMap,
  coefficients: Float64Array | readonly number[],
  intercept = 0,
): LinearFunction {
  checkFeatures('linearFunction', features);
  if (!(coefficients instanceof Float64Array) && !Array.isArray(coefficients)) {
    throw invalid(
      `linearFunction: argument 'coefficients' must be a Float64Array or an array of numbers, ` +
        `received ${describeValue(coefficients)}`,
    );
  }
  if (coefficients.length !== features.size) {
    throw invalid(
      `linearFunction: argument 'coefficients' must hold features.size = ${features.size} numbers, ` +
        `received ${coefficients.length}`,
    );
  }
  const theta = new Float64Array(features.size);
  for (let k = 0; k < theta.length; k++) {
    const v: unknown = coefficients[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw invalid(`linearFunction: argument 'coefficients' has a non-finite entry at ${k} (${describeValue(v)})`);
    }
    theta[k] = v;
  }
  if (typeof intercept !== 'number' || !Number.isFinite(intercept)) {
    throw invalid(`linearFunction: argument 'intercept' must be a finite number, received ${describeValue(intercept)}`);
  }
  return new Linear(features, theta, intercept);
}

/**
 * Rebuild a linear function from its {@link LinearFunction.toJSON} form;
 * the result computes bit-for-bit the same values and gradients.
 *
 * @param json - a {@link LinearFunctionJSON}; validated, as it may come from a file.
 * @throws {@link BrenierError} `'invalid-argument'` naming the bad field
 *   (`features...`, `coefficients`, `intercept`).
 * @example
 * ```text
 * const f = linearFunction(quadraticFeatures(2), Float64Array.from([1, 0, -0.5, 0, -0.5]));
 * const g = linearFunctionFromJSON(JSON.parse(JSON.stringify(f.toJSON())));
 * ```
 */
export function linearFunctionFromJSON(json: LinearFunctionJSON): LinearFunction {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(
      `linearFunctionFromJSON: expected an object { features, coefficients, intercept }, received ${describeValue(json)}`,
    );
  }
  let features: FeatureMap;
  try {
    features = featureMapFromJSON(json.features);
  } catch (error) {
    if (!(error instanceof BrenierError)) throw error;
    throw invalid(`linearFunctionFromJSON: field 'features' is invalid: ${error.message}`);
  }
  const { coefficients, intercept } = json;
  if (!Array.isArray(coefficients) || coefficients.length !== features.size) {
    throw invalid(
      `linearFunctionFromJSON: field 'coefficients' must be an array of features.size = ${features.size} numbers, ` +
        `received ${describeValue(coefficients)}`,
    );
  }
  coefficients.forEach((v: unknown, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw invalid(
        `linearFunctionFromJSON: field 'coefficients[${k}]' must be a finite number, received ${describeValue(v)}`,
      );
    }
  });
  if (typeof intercept !== 'number' || !Number.isFinite(intercept)) {
    throw invalid(
      `linearFunctionFromJSON: field 'intercept' must be a finite number, received ${describeValue(intercept)}`,
    );
  }
  return new Linear(features, Float64Array.from(coefficients), intercept);
}

/**
 * Options of {@link fitScoreMatching}.
 *
 * @example
 * ```text
 * const options: ScoreMatchingOptions = { ridge: 1e-4 };
 * const fit = fitScoreMatching(points, n, quadraticFeatures(2), options);
 * ```
 */
export interface ScoreMatchingOptions {
  /** Ridge `λ >= 0` of the penalty `(λ/2)|θ|²`. Default `1e-3`. */
  ridge?: number;
}

/**
 * The result of {@link fitScoreMatching}.
 *
 * @example
 * ```text
 * const { energy, loss }: ScoreMatchingFit = fitScoreMatching(points, n, quadraticFeatures(2));
 * const score = energy.gradient(points, n); // ∇E at the data, [n, d]
 * ```
 */
export interface ScoreMatchingFit {
  /** The fitted unnormalised log density `E(y) = θ·φ(y)` (intercept 0). */
  energy: LinearFunction;
  /** The score-matching loss `J(θ)` on the fitted data, without the ridge term. */
  loss: number;
}

/**
 * Means over the points of `J_i J_iᵀ` (`[K, K]`, full symmetric) and of the
 * Laplacians `l_i` (`[K]`), `J_i` the `K x d` Jacobian of `φ` at point `i`.
 */
function scoreMatchingMoments(
  where: string,
  data: Float64Array,
  n: number,
  features: FeatureMap,
): { gram: Float64Array; laplacian: Float64Array } {
  const d = features.dimension;
  const K = features.size;
  const gram = new Float64Array(K * K);
  const laplacian = new Float64Array(K);
  // Column-major block of Jacobian rows: entry (k, r) at k * stride + r, r = p * d + j.
  const stride = BLOCK * d;
  const columns = new Float64Array(K * stride);
  for (let start = 0; start < n; start += BLOCK) {
    const m = Math.min(BLOCK, n - start);
    const block = data.subarray(start * d, (start + m) * d);
    const jac = features.gradients(block, m);
    const lap = features.laplacians(block, m);
    for (let p = 0; p < m; p++) {
      for (let k = 0; k < K; k++) {
        const src = (p * K + k) * d;
        const dst = k * stride + p * d;
        for (let j = 0; j < d; j++) columns[dst + j] = at(jac, src + j);
        laplacian[k] = at(laplacian, k) + at(lap, p * K + k);
      }
    }
    addGramBlock(gram, K, columns, columns, stride, m * d);
  }
  for (let a = 0; a < K; a++) {
    laplacian[a] = at(laplacian, a) / n;
    for (let b = a; b < K; b++) {
      const v = at(gram, a * K + b) / n;
      gram[a * K + b] = v;
      gram[b * K + a] = v;
    }
  }
  checkFinite(where, 'the mean of the feature Jacobian products J Jᵀ', gram);
  checkFinite(where, 'the mean of the feature Laplacians', laplacian);
  return { gram, laplacian };
}

/**
 * Hyvärinen score matching of an unnormalised log density
 * `E(y) = θ·φ(y)` to the `n` points `data` (`[n, d]`): minimises
 *
 * `J(θ) = mean_i [ ½ |∇E(y_i)|² + ΔE(y_i) ] + (λ/2)|θ|²`,
 *
 * which, up to a constant, is `½ E_data |∇E - ∇log p_data|²` (integration
 * by parts). With `J_i` the `K x d` Jacobian of `φ` at `y_i` and `l_i` its
 * Laplacians, `∇E(y_i) = J_iᵀθ` and `J(θ) = ½ θᵀḠθ + θᵀl̄ + (λ/2)|θ|²`
 * with `Ḡ = mean_i J_i J_iᵀ`, `l̄ = mean_i l_i`, so the minimiser is
 * `θ = -(Ḡ + λI)^{-1} l̄` (a Cholesky solve). For Gaussian data and
 * quadratic features with `λ = 0` the fitted density is the Gaussian with
 * the sample mean and the sample covariance (divisor `n`).
 *
 * @param data - row-major `[n, d]` points, finite.
 * @param n - number of points, a positive integer.
 * @param features - the feature map `φ` (dimension `d`).
 * @param options - `ridge` `λ` (default `1e-3`).
 * @returns the energy (intercept 0: score matching does not see the
 *   normalising constant) and `J(θ)` without the ridge term.
 * @throws {@link BrenierError} `'invalid-argument'` naming `data`, `n`,
 *   `features` or `options.ridge`; {@link NumericalError}
 *   `'not-positive-definite'` when `Ḡ + λI` is singular (to working
 *   precision), `'diverged'` when the features overflow.
 * @example
 * ```text
 * // points: Float64Array [n, 2]
 * const fit = fitScoreMatching(points, n, quadraticFeatures(2));
 * const logDensity = fit.energy.value(y, m); // up to a constant
 * const score = fit.energy.gradient(y, m); // ∇ log p
 * ```
 */
export function fitScoreMatching(
  data: Float64Array,
  n: number,
  features: FeatureMap,
  options: ScoreMatchingOptions = {},
): ScoreMatchingFit {
  const where = 'fitScoreMatching';
  checkFeatures(where, features);
  const ridge = checkRidge(where, options.ridge ?? DEFAULT_RIDGE);
  checkPoints(where, 'data', 'n', data, n, features.dimension);
  const K = features.size;
  const { gram, laplacian } = scoreMatchingMoments(where, data, n, features);
  const system = Float64Array.from(gram);
  for (let k = 0; k < K; k++) system[k * K + k] = at(system, k * K + k) + ridge;
  const solution = solvePositiveDefinite(
    where,
    system,
    laplacian,
    K,
    'use a positive ridge or fewer (or more varied) features',
  );
  const theta = solution.map((v) => -v);
  checkFinite(where, 'the fitted coefficients', theta);
  let quadratic = 0;
  let linear = 0;
  for (let a = 0; a < K; a++) {
    let s = 0;
    for (let b = 0; b < K; b++) s += at(gram, a * K + b) * at(theta, b);
    quadratic += at(theta, a) * s;
    linear += at(theta, a) * at(laplacian, a);
  }
  return { energy: new Linear(features, theta, 0), loss: 0.5 * quadratic + linear };
}

/**
 * The score-matching loss `mean_i [ ½ |∇E(y_i)|² + ΔE(y_i) ]` of an energy
 * `E` on the `n` points `data` (held-out data, typically), without any
 * ridge term. Lower is better; it estimates
 * `½ E_data |∇E - ∇log p_data|²` minus a constant that depends on the data
 * distribution only.
 *
 * @param energy - the energy `E` (its intercept plays no role).
 * @param data - row-major `[n, d]` points, finite.
 * @param n - number of points, a positive integer.
 * @throws {@link BrenierError} `'invalid-argument'` naming `data` or `n`;
 *   {@link NumericalError} `'diverged'` when the result is not finite.
 * @example
 * ```text
 * const fit = fitScoreMatching(train, nTrain, quadraticFeatures(2));
 * const heldOut = scoreMatchingLoss(fit.energy, test, nTest);
 * ```
 */
export function scoreMatchingLoss(energy: LinearFunction, data: Float64Array, n: number): number {
  const where = 'scoreMatchingLoss';
  const features = energy.features;
  const d = features.dimension;
  const K = features.size;
  checkPoints(where, 'data', 'n', data, n, d);
  const theta = energy.coefficients;
  const grad = new Float64Array(d);
  let total = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const m = Math.min(BLOCK, n - start);
    const block = data.subarray(start * d, (start + m) * d);
    const jac = features.gradients(block, m);
    const lap = features.laplacians(block, m);
    for (let p = 0; p < m; p++) {
      grad.fill(0);
      let laplacian = 0;
      for (let k = 0; k < K; k++) {
        const t = at(theta, k);
        if (t === 0) continue;
        const r = (p * K + k) * d;
        for (let j = 0; j < d; j++) grad[j] = at(grad, j) + t * at(jac, r + j);
        laplacian += t * at(lap, p * K + k);
      }
      let sq = 0;
      for (let j = 0; j < d; j++) sq += at(grad, j) ** 2;
      total += 0.5 * sq + laplacian;
    }
  }
  const loss = total / n;
  if (!Number.isFinite(loss)) {
    throw new NumericalError('diverged', `${where}: the loss is not finite (${loss})`);
  }
  return loss;
}

/**
 * Options of {@link fitLogisticRatio}.
 *
 * @example
 * ```text
 * const options: LogisticRatioOptions = { ridge: 1e-2, init: previous.logRatio, maxIterations: 20 };
 * const fit = fitLogisticRatio(fromQ, nq, fromP, np, features, options);
 * ```
 */
export interface LogisticRatioOptions {
  /** Ridge `λ >= 0` of the penalty `(λ/2)|θ|²` (the intercept is not penalised). Default `1e-3`. */
  ridge?: number;
  /**
   * Starting point (warm start): a log ratio on the same features, e.g. the
   * previous fit in a sequence of slowly changing `q`. Default: θ = 0, c = 0.
   */
  init?: LinearFunction;
  /** Newton steps at most. Default 50. */
  maxIterations?: number;
  /**
   * Stop when half the squared Newton decrement `λ²/2 = ½ gᵀH^{-1}g` (the
   * predicted decrease of the objective) is at most this. Default `1e-10`.
   */
  tolerance?: number;
}

/**
 * The result of {@link fitLogisticRatio}.
 *
 * @example
 * ```text
 * const fit: LogisticFit = fitLogisticRatio(fromQ, nq, fromP, np, quadraticFeatures(2));
 * if (!fit.converged) console.warn(`no convergence after ${fit.iterations} Newton steps`);
 * console.log(fit.loss); // log 2 ≈ 0.693 when q and p cannot be told apart
 * ```
 */
export interface LogisticFit {
  /** The fitted logit `θ·φ(y) + c`, an estimate of `log(q/p)(y)`. */
  logRatio: LinearFunction;
  /** The balanced logistic loss on the fitted samples, without the ridge term. */
  loss: number;
  /** Newton steps computed (linear systems solved). */
  iterations: number;
  /** Whether the Newton decrement fell below the tolerance. */
  converged: boolean;
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Balanced logistic loss of logits `z`: the first `nq` have label 1, the other `np` label 0. */
function balancedLoss(z: Float64Array, nq: number, np: number): number {
  let sq = 0;
  for (let i = 0; i < nq; i++) sq += softplus(-at(z, i));
  let sp = 0;
  for (let i = nq; i < nq + np; i++) sp += softplus(at(z, i));
  return (0.5 * sq) / nq + (0.5 * sp) / np;
}

function checkLogisticInputs(
  where: string,
  fromQ: Float64Array,
  nq: number,
  fromP: Float64Array,
  np: number,
  d: number,
): void {
  checkPoints(where, 'fromQ', 'nq', fromQ, nq, d);
  checkPoints(where, 'fromP', 'np', fromP, np, d);
}

/**
 * Density-ratio estimation by logistic regression: label the `nq` samples
 * `fromQ` of `q` with 1 and the `np` samples `fromP` of `p` with 0, and fit
 * the logit `z(y) = θ·φ(y) + c` by minimising the class-balanced loss
 *
 * `L(θ, c) = ½ mean_{y ~ q} softplus(-z(y)) + ½ mean_{y ~ p} softplus(z(y)) + (λ/2)|θ|²`.
 *
 * Its population minimiser over all functions is `z = log(q/p)`: the two
 * classes weigh equally whatever `nq` and `np`, so the logit estimates the
 * log density ratio itself, constant included.
 *
 * Newton's method on `(θ, c)` with a backtracking (Armijo) line search:
 * gradient `Σ_i w_i (σ(z_i) - t_i) ψ_i + λ(θ, 0)`, Hessian
 * `Σ_i w_i σ(z_i)(1 - σ(z_i)) ψ_i ψ_iᵀ + λ diag(1, ..., 1, 0)` with
 * `ψ_i = (φ(y_i), 1)`, labels `t_i`, weights `w_i = 1/(2 nq)` or `1/(2 np)`;
 * each step costs `O((nq + np) K²)` and a `(K+1)`-dimensional Cholesky
 * solve. The objective is convex (strictly so when `λ > 0`), so the
 * iteration converges from any start, quadratically near the solution.
 * With `ridge: 0` and separable samples the infimum 0 is not attained: the
 * coefficients grow until the predicted decrease falls below the tolerance,
 * and the logit is then meaningless (keep a positive ridge).
 *
 * @param fromQ - row-major `[nq, d]` samples of `q` (label 1), finite.
 * @param nq - their number, a positive integer.
 * @param fromP - row-major `[np, d]` samples of `p` (label 0), finite.
 * @param np - their number, a positive integer.
 * @param features - the feature map `φ` (dimension `d`).
 * @param options - `ridge` (default `1e-3`), `init` (warm start),
 *   `maxIterations` (default 50), `tolerance` (default `1e-10`).
 * @returns the fitted log ratio, the balanced loss without the ridge term,
 *   the Newton steps taken and whether the tolerance was met (when
 *   `converged` is false, `logRatio` is the last iterate: the step budget
 *   ran out, or the line search could not decrease the objective).
 * @throws {@link BrenierError} `'invalid-argument'` naming `fromQ`, `nq`,
 *   `fromP`, `np`, `features` or the bad option; {@link NumericalError}
 *   `'not-positive-definite'` when the Newton system is singular (possible
 *   with `ridge: 0` and collinear features or separable classes),
 *   `'diverged'` on non-finite features or iterates.
 * @example
 * ```text
 * const phi = quadraticFeatures(2);
 * const first = fitLogisticRatio(drawsOfQ, nq, data, np, phi);
 * // later, with new draws of a nearby q:
 * const next = fitLogisticRatio(newDraws, nq, data, np, phi, { init: first.logRatio });
 * const logQoverP = next.logRatio.value(y, m);
 * ```
 */
export function fitLogisticRatio(
  fromQ: Float64Array,
  nq: number,
  fromP: Float64Array,
  np: number,
  features: FeatureMap,
  options: LogisticRatioOptions = {},
): LogisticFit {
  const where = 'fitLogisticRatio';
  checkFeatures(where, features);
  const ridge = checkRidge(where, options.ridge ?? DEFAULT_RIDGE);
  const maxIterations = options.maxIterations ?? 50;
  if (typeof maxIterations !== 'number' || !Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    throw invalid(
      `${where}: option 'maxIterations' must be a positive integer, received ${describeValue(maxIterations)}`,
    );
  }
  const tolerance = options.tolerance ?? 1e-10;
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw invalid(
      `${where}: option 'tolerance' must be a positive finite number, received ${describeValue(tolerance)}`,
    );
  }
  const d = features.dimension;
  const K = features.size;
  checkLogisticInputs(where, fromQ, nq, fromP, np, d);

  // Coefficients (θ, c) as one vector of K + 1 entries.
  const P = K + 1;
  const beta = new Float64Array(P);
  const init = options.init;
  if (init !== undefined) {
    if (
      typeof init !== 'object' ||
      init === null ||
      !(init.coefficients instanceof Float64Array) ||
      typeof init.features !== 'object'
    ) {
      throw invalid(`${where}: option 'init' must be a linear function, received ${describeValue(init)}`);
    }
    const same =
      init.features === features ||
      (init.features.size === K &&
        init.features.dimension === d &&
        JSON.stringify(init.features.toJSON()) === JSON.stringify(features.toJSON()));
    if (!same) {
      throw invalid(
        `${where}: option 'init' must be a linear function of the same features as argument 'features' ` +
          `(its features have size ${init.features.size} and dimension ${init.features.dimension}, ` +
          `expected ${K} and ${d}, with the same parameters)`,
      );
    }
    beta.set(init.coefficients);
    beta[K] = init.intercept;
    checkFinite(where, "option 'init' coefficients", beta);
  }

  const N = nq + np;
  const phi = new Float64Array(N * K);
  phi.set(features.values(fromQ, nq), 0);
  phi.set(features.values(fromP, np), nq * K);
  checkFinite(where, 'the feature values of the samples', phi);
  const wq = 0.5 / nq;
  const wp = 0.5 / np;

  const logits = (coef: Float64Array): Float64Array => {
    const z = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let s = at(coef, K);
      for (let k = 0; k < K; k++) s += at(coef, k) * at(phi, i * K + k);
      z[i] = s;
    }
    return z;
  };
  const penalty = (coef: Float64Array): number => {
    let s = 0;
    for (let k = 0; k < K; k++) s += at(coef, k) ** 2;
    return 0.5 * ridge * s;
  };

  let z = logits(beta);
  let objective = balancedLoss(z, nq, np) + penalty(beta);
  if (!Number.isFinite(objective)) {
    throw new NumericalError('diverged', `${where}: the objective at the starting point is not finite (${objective})`);
  }
  let iterations = 0;
  let converged = false;
  const gradient = new Float64Array(P);
  const hessian = new Float64Array(P * P);
  // Column-major blocks of ψ_i = (φ(y_i), 1) and of h_i ψ_i: entry (a, r) at a * BLOCK + r.
  const columns = new Float64Array(P * BLOCK);
  const weighted = new Float64Array(P * BLOCK);
  while (iterations < maxIterations) {
    gradient.fill(0);
    hessian.fill(0);
    for (let start = 0; start < N; start += BLOCK) {
      const m = Math.min(BLOCK, N - start);
      for (let r = 0; r < m; r++) {
        const i = start + r;
        const label = i < nq ? 1 : 0;
        const w = i < nq ? wq : wp;
        const s = sigmoid(at(z, i));
        const g = w * (s - label);
        const h = w * s * (1 - s);
        for (let k = 0; k < K; k++) {
          const v = at(phi, i * K + k);
          columns[k * BLOCK + r] = v;
          weighted[k * BLOCK + r] = h * v;
          gradient[k] = at(gradient, k) + g * v;
        }
        columns[K * BLOCK + r] = 1;
        weighted[K * BLOCK + r] = h;
        gradient[K] = at(gradient, K) + g;
      }
      addGramBlock(hessian, P, weighted, columns, BLOCK, m);
    }
    for (let a = 0; a < P; a++) {
      for (let b = 0; b < a; b++) hessian[a * P + b] = at(hessian, b * P + a);
    }
    for (let k = 0; k < K; k++) {
      gradient[k] = at(gradient, k) + ridge * at(beta, k);
      hessian[k * P + k] = at(hessian, k * P + k) + ridge;
    }
    checkFinite(where, 'the gradient of the objective', gradient);
    checkFinite(where, 'the Hessian of the objective', hessian);
    const negGradient = gradient.map((g) => -g);
    const step = solvePositiveDefinite(
      where,
      hessian,
      negGradient,
      P,
      'use a positive ridge or fewer features (with ridge 0, separable samples or collinear features make it singular)',
    );
    iterations++;
    let decrement = 0; // λ² = -gᵀΔ = gᵀH^{-1}g
    for (let a = 0; a < P; a++) decrement += at(negGradient, a) * at(step, a);
    if (!Number.isFinite(decrement)) {
      throw new NumericalError('diverged', `${where}: the Newton step is not finite`);
    }
    // z is linear in the coefficients: z(β + tΔ) = z + t Δz.
    const dz = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let s = at(step, K);
      for (let k = 0; k < K; k++) s += at(step, k) * at(phi, i * K + k);
      dz[i] = s;
    }
    const trial = (t: number): { coef: Float64Array; z: Float64Array; value: number } => {
      const coef = new Float64Array(P);
      for (let a = 0; a < P; a++) coef[a] = at(beta, a) + t * at(step, a);
      const zt = new Float64Array(N);
      for (let i = 0; i < N; i++) zt[i] = at(z, i) + t * at(dz, i);
      return { coef, z: zt, value: balancedLoss(zt, nq, np) + penalty(coef) };
    };
    if (decrement / 2 <= tolerance) {
      // Within tolerance: take the full step too (it is in the quadratic
      // region, so it only sharpens the solution) unless rounding makes it worse.
      const full = trial(1);
      if (full.value <= objective) {
        beta.set(full.coef);
        z = full.z;
        objective = full.value;
      }
      converged = true;
      break;
    }
    let t = 1;
    let accepted = false;
    for (let halvings = 0; halvings < 60; halvings++, t /= 2) {
      const next = trial(t);
      if (Number.isFinite(next.value) && next.value <= objective - 1e-4 * t * decrement) {
        beta.set(next.coef);
        z = next.z;
        objective = next.value;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
  }
  checkFinite(where, 'the fitted coefficients', beta);
  const logRatio = new Linear(features, beta.slice(0, K), at(beta, K));
  return { logRatio, loss: balancedLoss(z, nq, np), iterations, converged };
}

/**
 * The class-balanced logistic loss
 * `½ mean_{y ~ q} softplus(-z(y)) + ½ mean_{y ~ p} softplus(z(y))` of a
 * log-ratio estimate `z` on samples of `q` and `p` (held-out samples,
 * typically), without any ridge term. It is `log 2 ≈ 0.693` for `z = 0`
 * and lower the better `z` separates the classes; its minimum over `z` is
 * `log 2 - JS(q, p)`, with `JS` the Jensen–Shannon divergence.
 *
 * @param logRatio - the estimate `z` of `log(q/p)`.
 * @param fromQ - row-major `[nq, d]` samples of `q`, finite.
 * @param nq - their number, a positive integer.
 * @param fromP - row-major `[np, d]` samples of `p`, finite.
 * @param np - their number, a positive integer.
 * @throws {@link BrenierError} `'invalid-argument'` naming `fromQ`, `nq`,
 *   `fromP` or `np`; {@link NumericalError} `'diverged'` when the loss is not finite.
 * @example
 * ```text
 * const fit = fitLogisticRatio(qTrain, nq, pTrain, np, quadraticFeatures(2));
 * const heldOut = logisticLoss(fit.logRatio, qTest, mq, pTest, mp);
 * ```
 */
export function logisticLoss(
  logRatio: LinearFunction,
  fromQ: Float64Array,
  nq: number,
  fromP: Float64Array,
  np: number,
): number {
  const where = 'logisticLoss';
  checkLogisticInputs(where, fromQ, nq, fromP, np, logRatio.features.dimension);
  const z = new Float64Array(nq + np);
  z.set(logRatio.value(fromQ, nq), 0);
  z.set(logRatio.value(fromP, np), nq);
  const loss = balancedLoss(z, nq, np);
  if (!Number.isFinite(loss)) {
    throw new NumericalError('diverged', `${where}: the loss is not finite (${loss})`);
  }
  return loss;
}
