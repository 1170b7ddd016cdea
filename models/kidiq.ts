/**
 * Child's test score on the mother's IQ (Gelman & Hill, ch. 3), as
 * posteriordb's `kidiq-kidscore_momiq`:
 *
 *     kid_score[n] ~ Normal(beta[1] + beta[2] * mom_iq[n], sigma),  n = 1..N,
 *     beta flat on R^2 (no prior statement), sigma ~ HalfCauchy(0, 2.5).
 *
 * The predictor is not centred (mean IQ about 100), so the posterior of the
 * intercept and slope is strongly correlated (about -0.99) and their scales
 * differ by about 100x: a test of metric adaptation. The other fields of the
 * data set (`mom_hs`, `mom_hs_new`, `mom_iq_new`) are declared but unused.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, halfCauchy, linearPredictor, normal, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `kidiq-kidscore_momiq`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { KIDIQ_POSTERIOR, loadPosteriorInfo } from 'brenier/models';
 *
 * const info = loadPosteriorInfo(KIDIQ_POSTERIOR);
 * console.log(info.dimension, info.parameters); // 3 [ 'beta[1]', 'beta[2]', 'sigma' ]
 * ```
 */
export const KIDIQ_POSTERIOR = 'kidiq-kidscore_momiq';

/**
 * The `kidscore_momiq` regression: flat prior on the intercept and slope,
 * half-Cauchy(2.5) on the residual sd. Compile it with
 * `loadPosteriorData(KIDIQ_POSTERIOR)`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { KIDIQ_POSTERIOR, kidiq, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(KIDIQ_POSTERIOR); // N = 434 children
 * const lp = kidiq.logDensity({ beta: [26, 0.6], sigma: 18 }, data); // ≈ -1881.5
 * const posterior = await fitPosterior(kidiq, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // beta ≈ (25.9, 0.61), sigma ≈ 18.3
 * ```
 */
export const kidiq = defineModel({
  name: 'kidscore_momiq',
  data: {
    /** Number of children. */
    N: data.int({ lower: 0 }),
    // The source bounds both to [0, 200]: input validation only.
    /** Child's cognitive test score, the response (length N). */
    kid_score: data.vector('N', { lower: 0, upper: 200 }),
    /** Mother's IQ score, the predictor (length N; not centred, mean about 100). */
    mom_iq: data.vector('N', { lower: 0, upper: 200 }),
    // Unused by this model (other kidiq models use them).
    /** Whether each mother finished high school, 1 or 0 (length N; unused here). */
    mom_hs: data.intArray('N', { lower: 0, upper: 1 }),
    /** High-school indicator (1 or 0) of a new mother, for prediction (unused here). */
    mom_hs_new: data.int({ lower: 0, upper: 1 }),
    /** IQ of a new mother, for prediction (unused here). */
    mom_iq_new: data.real({ lower: 0, upper: 200 }),
  },
  params: {
    /** Regression coefficients: intercept and slope on `mom_iq` (flat prior). */
    beta: param.real(2),
    /** Residual standard deviation of the test score (positive). */
    sigma: param.positive(),
  },
  logDensity: ({ beta, sigma }, { kid_score, mom_iq }) => {
    // Design matrix [1, mom_iq], [N, 2].
    const X = tf.stack([tf.onesLike(mom_iq), mom_iq], 1);
    return {
      // beta: flat prior, no term.
      sigma: halfCauchy(2.5).logProb(sigma),
      likelihood: normal(linearPredictor(X, beta), sigma).logProb(kid_score),
    };
  },
});
