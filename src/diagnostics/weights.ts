/**
 * Expectations under importance weights given on the log scale: validation
 * and normalisation of log weights, weighted means, standard deviations and
 * quantiles, and the unweighted type-7 quantile they reduce to.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';

/** Values accepted where a vector of numbers is expected. */
type NumericVector = Float64Array | readonly number[];

/**
 * Check that `values` is a non-empty vector of numbers, throwing an error
 * that names the function and the argument otherwise. With
 * `allowNegativeInfinity` (log weights), `-Infinity` is accepted (a zero
 * weight) but not `NaN` or `+Infinity`, and at least one entry must be finite.
 *
 * @internal
 */
export function checkVector(
  fn: string,
  argument: string,
  values: unknown,
  options: { allowNegativeInfinity?: boolean } = {},
): asserts values is NumericVector {
  if (!(values instanceof Float64Array) && !Array.isArray(values)) {
    throw new BrenierError('invalid-argument', `${fn}: ${argument} must be a Float64Array or an array of numbers`);
  }
  if (values.length === 0) throw new BrenierError('invalid-argument', `${fn}: ${argument} is empty`);
  let anyFinite = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as unknown;
    if (
      typeof v !== 'number' ||
      Number.isNaN(v) ||
      v === Infinity ||
      (v === -Infinity && !options.allowNegativeInfinity)
    ) {
      const expected = options.allowNegativeInfinity ? 'a finite number or -Infinity' : 'a finite number';
      throw new BrenierError('invalid-argument', `${fn}: ${argument}[${i}] must be ${expected}, received ${String(v)}`);
    }
    if (Number.isFinite(v)) anyFinite = true;
  }
  if (!anyFinite) {
    throw new BrenierError('invalid-argument', `${fn}: ${argument} are all -Infinity (every weight is zero)`);
  }
}

function checkSameLength(fn: string, values: NumericVector, logWeights: NumericVector): void {
  if (values.length !== logWeights.length) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: values and logWeights must have the same length, received ${values.length} and ${logWeights.length}`,
    );
  }
}

function checkProbability(fn: string, p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new BrenierError('invalid-argument', `${fn}: p must be a probability in [0, 1], received ${p}`);
  }
}

/** `log(sum_i exp(x_i))`, stabilised by the maximum. @internal */
export function logSumExp(x: NumericVector): number {
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * Normalised weights `w_i = exp(lw_i - logSumExp(lw))` (summing to one).
 *
 * @internal
 */
export function normalizedWeights(logWeights: NumericVector): Float64Array {
  const lse = logSumExp(logWeights);
  const w = new Float64Array(logWeights.length);
  for (let i = 0; i < w.length; i++) w[i] = Math.exp((logWeights[i] as number) - lse);
  return w;
}

/**
 * Importance-weighted mean `sum_i w_i x_i` with normalised weights
 * `w_i = exp(lw_i) / sum_j exp(lw_j)`, computed stably on the log scale.
 *
 * Pass the smoothed `logWeights` of {@link psis} for a PSIS estimate of a
 * posterior expectation; it is trustworthy when the k-hat diagnostic is
 * below its threshold (see {@link PsisResult}).
 *
 * @param values - the quantity, one value per draw.
 * @param logWeights - log importance weights (unnormalised; `-Infinity` is a
 *   zero weight), same length as `values`.
 * @example
 * ```ts
 * import { weightedMean } from 'brenier';
 *
 * // weights 1 : 1 : 2 on the values 1, 2, 3
 * weightedMean([1, 2, 3], [0, 0, Math.log(2)]); // 2.25
 * ```
 * @example PSIS estimate of a posterior mean from draws of a proposal
 * ```ts
 * import { psis, weightedMean, Rng } from 'brenier';
 *
 * // x ~ q = N(0, 1.5²); the target is p = N(0, 1)
 * const rng = new Rng(1);
 * const x = Array.from({ length: 1000 }, () => 1.5 * rng.normal());
 * const logRatios = x.map((v) => -0.5 * v ** 2 + 0.5 * (v / 1.5) ** 2); // log p(x) - log q(x) + const
 * const { logWeights } = psis(logRatios);
 * weightedMean(x, logWeights); // ≈ -0.016 (exact: 0)
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) naming the argument
 *   when either vector is empty or holds NaN, or the lengths differ.
 * @category Diagnostics
 */
export function weightedMean(values: NumericVector, logWeights: NumericVector): number {
  checkVector('weightedMean', 'values', values);
  checkVector('weightedMean', 'logWeights', logWeights, { allowNegativeInfinity: true });
  checkSameLength('weightedMean', values, logWeights);
  const w = normalizedWeights(logWeights);
  let mean = 0;
  for (let i = 0; i < w.length; i++) mean += (w[i] as number) * (values[i] as number);
  return mean;
}

/**
 * Importance-weighted standard deviation with the reliability-weights bias
 * correction, `sqrt(sum_i w_i (x_i - m)^2 / (1 - sum_i w_i^2))` with
 * normalised weights `w` and weighted mean `m`. With equal weights it is the
 * usual sample standard deviation (denominator `n - 1`); it is NaN when a
 * single draw carries all the weight (as the sample sd of one draw is).
 *
 * @param values - the quantity, one value per draw.
 * @param logWeights - log importance weights, same length as `values`.
 * @example
 * ```ts
 * import { weightedSd } from 'brenier';
 *
 * weightedSd([1, 2, 3], [0, 0, 0]); // 1, the sample sd
 * weightedSd([1, 2, 3], [0, 0, Math.log(2)]); // ≈ 1.049
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) as {@link weightedMean}.
 * @category Diagnostics
 */
export function weightedSd(values: NumericVector, logWeights: NumericVector): number {
  checkVector('weightedSd', 'values', values);
  checkVector('weightedSd', 'logWeights', logWeights, { allowNegativeInfinity: true });
  checkSameLength('weightedSd', values, logWeights);
  const w = normalizedWeights(logWeights);
  let mean = 0;
  let sumSq = 0;
  for (let i = 0; i < w.length; i++) {
    mean += (w[i] as number) * (values[i] as number);
    sumSq += (w[i] as number) ** 2;
  }
  let ss = 0;
  for (let i = 0; i < w.length; i++) ss += (w[i] as number) * ((values[i] as number) - mean) ** 2;
  const denominator = 1 - sumSq;
  return denominator > 1e-15 ? Math.sqrt(ss / denominator) : Number.NaN;
}

/**
 * Sample quantile of type 7 in Hyndman & Fan's (1996) classification, R's
 * and NumPy's default: with the `n` sorted values `x_(1) <= ... <= x_(n)`
 * and `h = (n - 1) p`, `Q(p) = x_(floor h + 1) + (h - floor h) (x_(floor h + 2) - x_(floor h + 1))`,
 * linear interpolation between order statistics at plotting positions
 * `(i - 1) / (n - 1)`.
 *
 * @param values - the draws (not modified).
 * @param p - probability in `[0, 1]`.
 * @example
 * ```ts
 * import { quantile } from 'brenier';
 *
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * quantile([3, 1, 4, 1, 5], 0.9); // 4.6, as R's quantile(x, 0.9) and numpy.quantile(x, 0.9)
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `values` or `p`.
 * @category Diagnostics
 */
export function quantile(values: NumericVector, p: number): number {
  checkVector('quantile', 'values', values);
  checkProbability('quantile', p);
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** Type-7 quantile of already sorted values. @internal */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const xLo = sorted[lo] as number;
  return xLo + (h - lo) * ((sorted[hi] as number) - xLo);
}

/**
 * Importance-weighted quantile: a weighted version of the type-7 quantile
 * (see {@link quantile}) that equals it when the weights are equal.
 *
 * Draws with zero weight are dropped; the remaining values are sorted,
 * `x_(1) <= ... <= x_(n)` with normalised weights `w_(i)`, and placed at
 * the plotting positions
 * `P_i = (c_i - c_1) / (c_n - c_1)`, `c_i = w_(1) + ... + w_(i) - w_(i) / 2`
 * (the midpoints of the weighted empirical CDF's steps, rescaled to run from
 * 0 to 1, which for `w_(i) = 1/n` are `(i - 1)/(n - 1)`, type 7's); `Q(p)`
 * interpolates linearly between them. With a single draw of positive weight
 * it returns that draw's value.
 *
 * @param values - the quantity, one value per draw.
 * @param logWeights - log importance weights (e.g. the `logWeights` of
 *   {@link psis}), same length as `values`.
 * @param p - probability in `[0, 1]`.
 * @example
 * ```ts
 * import { weightedQuantile } from 'brenier';
 *
 * weightedQuantile([1, 2, 3, 4], [0, 0, 0, 0], 0.5); // 2.5, as quantile([1, 2, 3, 4], 0.5)
 * weightedQuantile([1, 2, 3], [0, 0, Math.log(2)], 0.5); // ≈ 2.167
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) naming the argument.
 * @category Diagnostics
 */
export function weightedQuantile(values: NumericVector, logWeights: NumericVector, p: number): number {
  checkVector('weightedQuantile', 'values', values);
  checkVector('weightedQuantile', 'logWeights', logWeights, { allowNegativeInfinity: true });
  checkSameLength('weightedQuantile', values, logWeights);
  checkProbability('weightedQuantile', p);
  return weightedQuantileChecked(values, normalizedWeights(logWeights), p);
}

/** {@link weightedQuantile} on checked input and normalised weights. @internal */
export function weightedQuantileChecked(values: NumericVector, w: Float64Array, p: number): number {
  const order: number[] = [];
  for (let i = 0; i < w.length; i++) if ((w[i] as number) > 0) order.push(i);
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const n = order.length;
  if (n === 1) return values[order[0] as number] as number;
  const x = new Float64Array(n);
  const c = new Float64Array(n);
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    const j = order[i] as number;
    const wi = w[j] as number;
    x[i] = values[j] as number;
    c[i] = cumulative + wi / 2;
    cumulative += wi;
  }
  const c0 = c[0] as number;
  const span = (c[n - 1] as number) - c0;
  const target = c0 + p * span;
  if (p <= 0) return x[0] as number;
  if (p >= 1) return x[n - 1] as number;
  // First position at or above the target, by bisection.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((c[mid] as number) < target) lo = mid;
    else hi = mid;
  }
  const cLo = c[lo] as number;
  const cHi = c[hi] as number;
  const t = cHi > cLo ? Math.min(1, Math.max(0, (target - cLo) / (cHi - cLo))) : 0;
  const xLo = x[lo] as number;
  return xLo + t * ((x[hi] as number) - xLo);
}

/**
 * Effective sample size of normalised importance weights,
 * `1 / sum_i w_i^2` (between 1 and the number of draws).
 *
 * @internal
 */
export function weightsEss(w: Float64Array): number {
  let sumSq = 0;
  for (const v of w) sumSq += v * v;
  return 1 / sumSq;
}
