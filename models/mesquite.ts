/**
 * Log-log regression of mesquite leaf weight on bush dimensions (Gelman &
 * Hill, ch. 4), as posteriordb's `mesquite-logmesquite`:
 *
 *     log(weight[n]) ~ Normal(eta[n], sigma),  n = 1..N,
 *     eta[n] = beta[1] + beta[2] log(diam1[n]) + beta[3] log(diam2[n])
 *              + beta[4] log(canopy_height[n]) + beta[5] log(total_height[n])
 *              + beta[6] log(density[n]) + beta[7] group[n],
 *
 * with improper flat priors on beta (R^7) and on sigma > 0 (flat in sigma).
 * The logs and the design matrix are built inside the log density (there is
 * no transformed-data block); `group` (0/1) enters unlogged.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, linearPredictor, normal, param } from '../src/index.js';

/** Name of the matching posteriordb posterior. */
export const MESQUITE_POSTERIOR = 'mesquite-logmesquite';

/**
 * The `logmesquite` regression: seven coefficients (intercept, five logged
 * dimensions, group) and a residual sd, flat priors. Compile it with
 * `loadPosteriorData(MESQUITE_POSTERIOR)`.
 */
export const mesquite = defineModel({
  name: 'logmesquite',
  data: {
    N: data.int({ lower: 0 }),
    // All strictly positive in the data; logged below.
    weight: data.vector('N', { lower: 0 }),
    diam1: data.vector('N', { lower: 0 }),
    diam2: data.vector('N', { lower: 0 }),
    canopy_height: data.vector('N', { lower: 0 }),
    total_height: data.vector('N', { lower: 0 }),
    density: data.vector('N', { lower: 0 }),
    // 0 = first group of bushes, 1 = second; enters as is.
    group: data.intArray('N', { lower: 0, upper: 1 }),
  },
  params: {
    beta: param.real(7),
    sigma: param.positive(),
  },
  logDensity: ({ beta, sigma }, { weight, diam1, diam2, canopy_height, total_height, density, group }) => {
    const logged = tf.log(tf.stack([diam1, diam2, canopy_height, total_height, density], 1)); // [N, 5]
    const X = tf.concat(
      [tf.onesLike(tf.expandDims(weight, 1)), logged, tf.expandDims(tf.cast(group, 'float32'), 1)],
      1,
    );
    // Flat priors on beta and sigma: no prior terms.
    return { likelihood: normal(linearPredictor(X, beta), sigma).logProb(tf.log(weight)) };
  },
});
