/**
 * Bayesian linear regression without intercept on simulated, strongly
 * correlated covariates, as posteriordb's `sblrc-blr`:
 *
 *     beta[d] ~ Normal(0, 10),  d = 1..D,   sigma ~ HalfNormal(10),
 *     y[n] ~ Normal(X[n] . beta, sigma),   n = 1..N.
 *
 * The coefficients' posterior sds (about 0.001) are some 80x smaller than
 * sigma's and their correlations about 0.8: a test of metric adaptation.
 * (The source adds no truncation constant for sigma's half-normal; it
 * differs from this one by the constant log 2.)
 *
 * @module
 */
import { data, defineModel, halfNormal, linearPredictor, normal, param } from '../src/index.js';

/** Name of the matching posteriordb posterior. */
export const SBLRC_POSTERIOR = 'sblrc-blr';

/**
 * The `blr` model: a normal linear regression with Normal(0, 10) priors on
 * the D coefficients and a half-normal(10) prior on the noise sd. Compile it
 * with `loadPosteriorData(SBLRC_POSTERIOR)`.
 */
export const sblrc = defineModel({
  name: 'blr',
  data: {
    N: data.int({ lower: 0 }),
    D: data.int({ lower: 0 }),
    X: data.matrix('N', 'D'),
    y: data.vector('N'),
  },
  params: {
    beta: param.real('D'),
    sigma: param.positive(),
  },
  logDensity: ({ beta, sigma }, { X, y }) => ({
    beta: normal(0, 10).logProb(beta),
    sigma: halfNormal(10).logProb(sigma),
    likelihood: normal(linearPredictor(X, beta), sigma).logProb(y),
  }),
});
