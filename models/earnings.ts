/**
 * Log earnings on height (Gelman & Hill, ch. 4), as posteriordb's
 * `earnings-logearn_height`:
 *
 *     log(earn[n]) ~ Normal(beta[1] + beta[2] * height[n], sigma),  n = 1..N,
 *
 * with improper flat priors on beta and on sigma > 0 (flat in sigma, not in
 * log sigma; the posterior is proper). The response is logged inside the log
 * density (there is no transformed-data block); `male` is declared but
 * unused. Height is not centred, so intercept and slope are correlated
 * about -0.998.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, linearPredictor, normal, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `earnings-logearn_height`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { EARNINGS_POSTERIOR, earnings, loadPosteriorData, loadReferenceDraws } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(earnings, loadPosteriorData(EARNINGS_POSTERIOR), { seed: 1 });
 * const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
 * const slope = mean(posterior.sample(4000, { seed: 2 }).get('beta[2]'));
 * const reference = mean(loadReferenceDraws(EARNINGS_POSTERIOR)['beta[2]'] ?? []);
 * console.log(slope, reference); // both ≈ 0.059
 * ```
 */
export const EARNINGS_POSTERIOR = 'earnings-logearn_height';

/**
 * The `logearn_height` regression: normal regression of log earnings on
 * height, flat priors. Compile it with `loadPosteriorData(EARNINGS_POSTERIOR)`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { EARNINGS_POSTERIOR, earnings, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(EARNINGS_POSTERIOR); // N = 1192 people: earn, height, male
 * const lp = earnings.logDensity({ beta: [5.8, 0.06], sigma: 0.9 }, data); // ≈ -1563.1
 * const posterior = await fitPosterior(earnings, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // beta ≈ (5.79, 0.059), sigma ≈ 0.894
 * ```
 */
export const earnings = defineModel({
  name: 'logearn_height',
  data: {
    /** Number of respondents. */
    N: data.int({ lower: 0 }),
    /**
     * Yearly earnings of each respondent in dollars (length N), strictly
     * positive in the data (min 200); the response is their log, taken below.
     */
    earn: data.vector('N', { lower: 0 }),
    /** Height of each respondent in inches (length N). */
    height: data.vector('N'),
    /** Sex of each respondent, 1 = man, 0 = woman (length N; unused by this model). */
    male: data.intArray('N', { lower: 0, upper: 1 }),
  },
  params: {
    /** Regression coefficients of log earnings: intercept and slope on `height` (flat prior). */
    beta: param.real(2),
    /** Residual standard deviation of log earnings (positive; flat prior). */
    sigma: param.positive(),
  },
  logDensity: ({ beta, sigma }, { earn, height }) => {
    const X = tf.stack([tf.onesLike(height), height], 1); // [N, 2]
    // Flat priors on beta and sigma: no prior terms.
    return { likelihood: normal(linearPredictor(X, beta), sigma).logProb(tf.log(earn)) };
  },
});
