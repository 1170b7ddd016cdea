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

/** Name of the matching posteriordb posterior. */
export const EARNINGS_POSTERIOR = 'earnings-logearn_height';

/**
 * The `logearn_height` regression: normal regression of log earnings on
 * height, flat priors. Compile it with `loadPosteriorData(EARNINGS_POSTERIOR)`.
 */
export const earnings = defineModel({
  name: 'logearn_height',
  data: {
    N: data.int({ lower: 0 }),
    // Earnings in dollars, strictly positive in the data (min 200); logged below.
    earn: data.vector('N', { lower: 0 }),
    height: data.vector('N'),
    // Unused by this model (1 = man, 0 = woman).
    male: data.intArray('N', { lower: 0, upper: 1 }),
  },
  params: {
    beta: param.real(2),
    sigma: param.positive(),
  },
  logDensity: ({ beta, sigma }, { earn, height }) => {
    const X = tf.stack([tf.onesLike(height), height], 1); // [N, 2]
    // Flat priors on beta and sigma: no prior terms.
    return { likelihood: normal(linearPredictor(X, beta), sigma).logProb(tf.log(earn)) };
  },
});
