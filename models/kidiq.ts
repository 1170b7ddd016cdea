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

/** Name of the matching posteriordb posterior. */
export const KIDIQ_POSTERIOR = 'kidiq-kidscore_momiq';

/**
 * The `kidscore_momiq` regression: flat prior on the intercept and slope,
 * half-Cauchy(2.5) on the residual sd. Compile it with
 * `loadPosteriorData(KIDIQ_POSTERIOR)`.
 */
export const kidiq = defineModel({
  name: 'kidscore_momiq',
  data: {
    N: data.int({ lower: 0 }),
    // The source bounds both to [0, 200]: input validation only.
    kid_score: data.vector('N', { lower: 0, upper: 200 }),
    mom_iq: data.vector('N', { lower: 0, upper: 200 }),
    // Unused by this model (other kidiq models use them).
    mom_hs: data.intArray('N', { lower: 0, upper: 1 }),
    // Unused: a new mother for prediction.
    mom_hs_new: data.int({ lower: 0, upper: 1 }),
    // Unused: a new mother's IQ for prediction.
    mom_iq_new: data.real({ lower: 0, upper: 200 }),
  },
  params: {
    beta: param.real(2),
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
