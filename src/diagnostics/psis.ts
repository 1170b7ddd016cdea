/**
 * Pareto-smoothed importance sampling (PSIS) and importance resampling.
 *
 * Reference: A. Vehtari, D. Simpson, A. Gelman, Y. Yao, J. Gabry (2024),
 * "Pareto smoothed importance sampling", Journal of Machine Learning
 * Research 25(72) (arXiv:1507.02646).
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { gpdFit, gpdQuantile } from './gpd.js';
import { checkVector, logSumExp } from './weights.js';

/**
 * Reliability of importance sampling with the given weights, from the
 * Pareto k-hat diagnostic (see {@link PsisResult}).
 *
 * @example
 * ```ts
 * import { psis, type PsisDiagnosis } from 'brenier';
 *
 * const trusted: readonly PsisDiagnosis[] = ['good', 'ok'];
 * // 10 draws are too few to fit the tail (at least 21 are needed)
 * const { diagnosis, khat } = psis([-1.2, 0.3, -0.5, 2.1, -3.0, 0.8, -0.1, 1.4, -2.2, 0.0]);
 * if (!trusted.includes(diagnosis)) console.warn(`PSIS k-hat ${khat} (${diagnosis})`); // PSIS k-hat Infinity (very bad)
 * ```
 * @category Diagnostics
 */
export type PsisDiagnosis = 'good' | 'ok' | 'bad' | 'very bad';

/**
 * Result of {@link psis}.
 *
 * How to read `khat` (Vehtari et al. 2024, section 3), with `S` draws and
 * the sample-size-dependent threshold `threshold = min(1 - 1 / log10(S), 0.7)`
 * (0.5 at `S = 100`, 0.7 from `S ~ 2200` on):
 *
 * - `khat < 0.5` (and below the threshold), `'good'`: the raw weights have
 *   finite variance; importance-sampling estimates are reliable and converge
 *   at the usual `1/sqrt(S)` rate.
 * - `0.5 <= khat < threshold`, `'ok'`: PSIS-corrected estimates (via
 *   {@link weightedMean}, {@link weightedQuantile}, `summarizeDraws` with
 *   these `logWeights`) are usable, with slower convergence; prefer more draws.
 * - `threshold <= khat < 1`, `'bad'`: the approximation is unreliable for
 *   importance sampling; do not trust importance-corrected estimates. Improve
 *   the approximation (a richer family, longer optimisation) or sample the
 *   posterior exactly (MCMC). With `S` below ~2200, more draws lower the bar.
 * - `khat >= 1`, `'very bad'`: the weights' mean does not exist; the
 *   proposal misses the posterior badly. Also returned with `khat = Infinity`
 *   when there are too few draws (`S <= 20`) to fit the tail.
 *
 * @example
 * ```ts
 * import { psis, Rng, type PsisResult } from 'brenier';
 *
 * // x ~ q = N(0, 0.7²), narrower than the target p = N(0, 1)
 * const rng = new Rng(1);
 * const x = Array.from({ length: 1000 }, () => 0.7 * rng.normal());
 * const result: PsisResult = psis(x.map((v) => -0.5 * v ** 2 + 0.5 * (v / 0.7) ** 2));
 * console.log(result.khat.toFixed(2), result.threshold.toFixed(2), result.diagnosis); // 0.41 0.67 good
 * console.log(Math.round(result.ess), result.tailLength); // 707 95
 * ```
 * @category Diagnostics
 */
export interface PsisResult {
  /**
   * Smoothed log weights, normalised so that `logSumExp(logWeights) = 0`;
   * `exp(logWeights)` are the normalised PSIS weights, in the input order.
   */
  logWeights: Float64Array;
  /**
   * Estimated shape of the generalized Pareto fit to the tail of the weights
   * (after the weakly informative prior adjustment). `Infinity` if the tail
   * was too short to fit; `-Infinity` if the tail weights were all equal
   * (bounded weights: nothing to smooth).
   */
  khat: number;
  /** Tail length `M = ceil(min(0.2 S, 3 sqrt(S)))`. */
  tailLength: number;
  /** Sample-size-dependent k-hat threshold `min(1 - 1 / log10(S), 0.7)`. */
  threshold: number;
  /**
   * Effective sample size of the smoothed, normalised weights,
   * `1 / sum_i w_i^2`. It measures the weights' dispersion only; when
   * `diagnosis` is `'bad'` or `'very bad'` it overestimates the accuracy.
   */
  ess: number;
  /** `'good'`, `'ok'`, `'bad'` or `'very bad'`: see the list above. */
  diagnosis: PsisDiagnosis;
}

/** Minimum tail length for a GPD fit (as in loo). */
const MIN_TAIL = 5;

/**
 * Pareto-smoothed importance sampling: stabilise importance weights by
 * replacing the largest ones by quantiles of a generalized Pareto
 * distribution fitted to them, and diagnose the reliability of importance
 * sampling with the fitted shape k-hat.
 *
 * Algorithm (Vehtari et al. 2024, algorithm 1, as in the R package loo with
 * relative efficiency 1), for `S` log weights `lw`:
 *
 * 1. Stabilise: `lw <- lw - max(lw)` (so raw weights are at most 1).
 * 2. Tail length `M = ceil(min(0.2 S, 3 sqrt(S)))`; threshold `u` = the
 *    `(M + 1)`-th largest weight.
 * 3. Fit a generalized Pareto distribution to the exceedances
 *    `exp(lw_i) - u` of the `M` largest weights with {@link gpdFit}
 *    (Zhang & Stephens 2009, with the weakly informative prior
 *    `k <- (M k + 10 * 0.5) / (M + 10)`).
 * 4. Replace the `z`-th smallest of the `M` tail weights by
 *    `u + q((z - 1/2) / M)`, `z = 1..M`, with `q` the fitted GPD quantile
 *    function, truncated at the largest raw weight (log weight 0).
 * 5. Normalise: `lw <- lw - logSumExp(lw)`.
 *
 * The body (all but the `M` largest weights) is unchanged up to the
 * normalising constant, and the smoothed weights keep the order of the raw
 * ones. See {@link PsisResult} for the k-hat thresholds and what to do.
 *
 * @param logWeights - log importance ratios, e.g. `log p(x_s, y) - log q(x_s)`
 *   (unnormalised; `-Infinity` is a zero weight).
 * @example
 * ```ts
 * import { psis, weightedMean, weightedSd, Rng } from 'brenier';
 *
 * // x ~ q = N(0, 1.5²), a proposal for the target p = N(0, 1)
 * const rng = new Rng(1);
 * const x = Array.from({ length: 1000 }, () => 1.5 * rng.normal());
 * const logRatios = x.map((v) => -0.5 * v ** 2 + 0.5 * (v / 1.5) ** 2); // log p(x) - log q(x) + const
 * const { logWeights, khat, diagnosis } = psis(logRatios);
 * console.log(khat.toFixed(2), diagnosis); // -1.64 good (bounded weights: q's tails are heavier than p's)
 * weightedMean(x, logWeights); // ≈ -0.016 (exact: 0)
 * weightedSd(x, logWeights); // ≈ 1.018 (exact: 1)
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `logWeights`
 *   when it is empty, holds NaN or `+Infinity`, or is all `-Infinity`.
 * @category Diagnostics
 */
export function psis(logWeights: Float64Array | readonly number[]): PsisResult {
  checkVector('psis', 'logWeights', logWeights, { allowNegativeInfinity: true });
  const s = logWeights.length;
  let max = -Infinity;
  for (const v of logWeights) if (v > max) max = v;
  const lw = new Float64Array(s);
  for (let i = 0; i < s; i++) lw[i] = (logWeights[i] as number) - max;

  const tailLength = Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s)));
  const threshold = Math.min(1 - 1 / Math.log10(s), 0.7);
  let khat = Infinity;
  if (tailLength >= MIN_TAIL) {
    const order = sortedIndices(lw, 1);
    const tail = order.slice(s - tailLength);
    const cutoff = Math.exp(lw[order[s - tailLength - 1] as number] as number);
    const exceedances = new Float64Array(tailLength);
    for (let z = 0; z < tailLength; z++) exceedances[z] = Math.exp(lw[tail[z] as number] as number) - cutoff;
    if (!((exceedances[tailLength - 1] as number) > 0)) {
      khat = -Infinity; // the tail is flat at the threshold: bounded weights
    } else {
      const fit = gpdFit(exceedances);
      khat = fit.k;
      if (Number.isFinite(khat)) {
        for (let z = 0; z < tailLength; z++) {
          const smoothed = Math.log(cutoff + gpdQuantile((z + 0.5) / tailLength, fit.k, fit.sigma));
          lw[tail[z] as number] = Math.min(smoothed, 0);
        }
      }
    }
  }

  const lse = logSumExp(lw);
  let sumSq = 0;
  for (let i = 0; i < s; i++) {
    const v = (lw[i] as number) - lse;
    lw[i] = v;
    sumSq += Math.exp(2 * v);
  }
  return { logWeights: lw, khat, tailLength, threshold, ess: 1 / sumSq, diagnosis: diagnose(khat, threshold) };
}

/** Indices ordering `x` ascending (`direction = 1`) or descending (`-1`); safe with infinities. */
function sortedIndices(x: Float64Array, direction: 1 | -1): number[] {
  return Array.from({ length: x.length }, (_, i) => i).sort((a, b) => {
    const xa = x[a] as number;
    const xb = x[b] as number;
    return xa < xb ? -direction : xa > xb ? direction : 0;
  });
}

function diagnose(khat: number, threshold: number): PsisDiagnosis {
  if (!(khat < 1)) return 'very bad';
  if (khat >= threshold) return 'bad';
  return khat < 0.5 ? 'good' : 'ok';
}

/**
 * Options of {@link importanceResample}.
 *
 * @example
 * ```ts
 * import { importanceResample, Rng, type ImportanceResampleOptions } from 'brenier';
 *
 * const logWeights = [0, Math.log(2), Math.log(3), -Infinity]; // the last draw has weight 0
 * const options: ImportanceResampleOptions = { rng: new Rng(7), replace: false };
 * const order = importanceResample(logWeights, 3, options); // a permutation of 0, 1, 2 (never 3)
 * console.log(order); // Int32Array(3) [2, 1, 0]
 * ```
 * @category Diagnostics
 */
export interface ImportanceResampleOptions {
  /** Source of randomness; the result is a function of its state. */
  rng: Rng;
  /**
   * Draw with replacement (multinomial resampling, default `true`) or
   * without (successive sampling proportional to the weights).
   */
  replace?: boolean;
}

/**
 * Indices of `n` draws chosen with probabilities proportional to
 * `exp(logWeights)` (sampling/importance resampling), to turn weighted draws
 * into (approximately) unweighted posterior draws.
 *
 * - With replacement (`replace: true`, default): multinomial resampling, each
 *   index independently with probability `w_i = exp(lw_i) / sum_j exp(lw_j)`
 *   (inverse CDF of the cumulative weights).
 * - Without replacement: successive sampling, each next index drawn with
 *   probability proportional to the weights of those not yet drawn,
 *   implemented with Gumbel-top-k keys `lw_i - log(-log U_i)` (equivalently
 *   Efraimidis & Spirakis 2006 keys `U_i^(1/w_i)`); the indices come in
 *   draw order. Zero-weight draws are never chosen.
 *
 * Resample from PSIS-smoothed weights (`psis(lr).logWeights`) and only when
 * the k-hat diagnosis is `'good'` or `'ok'`. Without replacement, take `n`
 * well below the effective sample size, or the result is biased toward an
 * even spread.
 *
 * @param logWeights - log weights (unnormalised; `-Infinity` is a zero weight).
 * @param n - number of indices, a non-negative integer; without replacement
 *   at most the number of draws with positive weight.
 * @param options - `rng` and `replace`.
 * @returns 0-based indices into `logWeights`.
 * @example
 * ```ts
 * import { psis, importanceResample, Rng } from 'brenier';
 *
 * // x ~ q = N(0, 1.5²), a proposal for the target p = N(0, 1)
 * const rng = new Rng(1);
 * const x = Array.from({ length: 1000 }, () => 1.5 * rng.normal());
 * const logRatios = x.map((v) => -0.5 * v ** 2 + 0.5 * (v / 1.5) ** 2); // log p(x) - log q(x) + const
 * const { logWeights, diagnosis } = psis(logRatios);
 * if (diagnosis === 'good' || diagnosis === 'ok') {
 *   const indices = importanceResample(logWeights, 1000, { rng: new Rng(2) });
 *   const resampled = Array.from(indices, (i) => x[i]!); // ≈ unweighted draws from N(0, 1)
 * }
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `logWeights`
 *   (empty, NaN, `+Infinity`, all `-Infinity`) or `n` (not a non-negative
 *   integer, or larger than the number of draws without replacement).
 * @category Diagnostics
 */
export function importanceResample(
  logWeights: Float64Array | readonly number[],
  n: number,
  options: ImportanceResampleOptions,
): Int32Array {
  checkVector('importanceResample', 'logWeights', logWeights, { allowNegativeInfinity: true });
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new BrenierError('invalid-argument', `importanceResample: n must be a non-negative integer, received ${n}`);
  }
  const { rng, replace = true } = options;
  const s = logWeights.length;
  const out = new Int32Array(n);
  if (replace) {
    const lse = logSumExp(logWeights);
    const cumulative = new Float64Array(s);
    let sum = 0;
    for (let i = 0; i < s; i++) {
      sum += Math.exp((logWeights[i] as number) - lse);
      cumulative[i] = sum;
    }
    for (let r = 0; r < n; r++) {
      const u = rng.uniform() * sum;
      // First index whose cumulative weight exceeds u (never a zero weight).
      let lo = 0;
      let hi = s - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      out[r] = lo;
    }
    return out;
  }
  let positive = 0;
  for (const v of logWeights) if (v > -Infinity) positive++;
  if (n > positive) {
    throw new BrenierError(
      'invalid-argument',
      `importanceResample: n (${n}) exceeds the number of draws with positive weight (${positive}) for sampling without replacement`,
    );
  }
  const keys = new Float64Array(s);
  for (let i = 0; i < s; i++) keys[i] = (logWeights[i] as number) - Math.log(-Math.log(rng.uniform()));
  const order = sortedIndices(keys, -1);
  for (let r = 0; r < n; r++) out[r] = order[r] as number;
  return out;
}
