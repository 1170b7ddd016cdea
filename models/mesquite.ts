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

/**
 * Name of the matching posteriordb posterior, `mesquite-logmesquite`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { MESQUITE_POSTERIOR, loadPosteriorData } from 'brenier/models';
 *
 * const data = loadPosteriorData(MESQUITE_POSTERIOR);
 * console.log(data['N'], Object.keys(data));
 * // 46 [ 'N', 'canopy_height', 'density', 'diam1', 'diam2', 'group', 'total_height', 'weight' ]
 * ```
 */
export const MESQUITE_POSTERIOR = 'mesquite-logmesquite';

/**
 * The `logmesquite` regression: seven coefficients (intercept, five logged
 * dimensions, group) and a residual sd, flat priors. Compile it with
 * `loadPosteriorData(MESQUITE_POSTERIOR)`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { MESQUITE_POSTERIOR, loadPosteriorData, mesquite } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(MESQUITE_POSTERIOR);
 * const lp = mesquite.logDensity({ beta: [5.4, 0.4, 1.1, 0.4, 0.4, 0.1, -0.6], sigma: 0.34 }, data); // ≈ -11.27
 * const posterior = await fitPosterior(mesquite, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // beta[1] ≈ 5.35, sigma ≈ 0.34
 * ```
 */
export const mesquite = defineModel({
  name: 'logmesquite',
  data: {
    /** Number of bushes. */
    N: data.int({ lower: 0 }),
    // All strictly positive in the data; logged below.
    /** Leaf weight of each bush, the response (length N; logged). */
    weight: data.vector('N', { lower: 0 }),
    /** Canopy diameter along the longer axis, in metres (length N; logged). */
    diam1: data.vector('N', { lower: 0 }),
    /** Canopy diameter along the shorter axis (length N; logged). */
    diam2: data.vector('N', { lower: 0 }),
    /** Canopy height of each bush (length N; logged). */
    canopy_height: data.vector('N', { lower: 0 }),
    /** Total height of each bush (length N; logged). */
    total_height: data.vector('N', { lower: 0 }),
    /** Number of primary stems per plant unit (length N; logged). */
    density: data.vector('N', { lower: 0 }),
    /** Measurement group: 0 = first group of bushes, 1 = second (length N; enters unlogged). */
    group: data.intArray('N', { lower: 0, upper: 1 }),
  },
  params: {
    /**
     * Regression coefficients of log weight: intercept, slopes on the logs of
     * `diam1`, `diam2`, `canopy_height`, `total_height` and `density`, and
     * the coefficient of `group` (flat prior).
     */
    beta: param.real(7),
    /** Residual standard deviation of log weight (positive; flat prior). */
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
