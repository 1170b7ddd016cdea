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

/**
 * Name of the matching posteriordb posterior, `sblrc-blr`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { SBLRC_POSTERIOR, loadPosteriorData } from 'brenier/models';
 *
 * const { N, D, X } = loadPosteriorData(SBLRC_POSTERIOR) as { N: number; D: number; X: number[][] };
 * console.log(N, D, X.length); // 100 5 100
 * ```
 */
export const SBLRC_POSTERIOR = 'sblrc-blr';

/**
 * The `blr` model: a normal linear regression with Normal(0, 10) priors on
 * the D coefficients and a half-normal(10) prior on the noise sd. Compile it
 * with `loadPosteriorData(SBLRC_POSTERIOR)`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { SBLRC_POSTERIOR, loadPosteriorData, sblrc } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(SBLRC_POSTERIOR);
 * const lp = sblrc.logDensity({ beta: [1, 1, 1, 1, 1], sigma: 1 }, data); // ≈ -164.38
 * const posterior = await fitPosterior(sblrc, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // beta[d] ≈ 1.00 (sd ≈ 0.001), sigma ≈ 1.04
 * ```
 */
export const sblrc = defineModel({
  name: 'blr',
  data: {
    /** Number of observations. */
    N: data.int({ lower: 0 }),
    /** Number of covariates. */
    D: data.int({ lower: 0 }),
    /** Design matrix of the covariates, one row per observation, no intercept column (N x D). */
    X: data.matrix('N', 'D'),
    /** Response of each observation (length N). */
    y: data.vector('N'),
  },
  params: {
    /** Regression coefficients of the D covariates (length D). */
    beta: param.real('D'),
    /** Noise standard deviation (positive). */
    sigma: param.positive(),
  },
  logDensity: ({ beta, sigma }, { X, y }) => ({
    beta: normal(0, 10).logProb(beta),
    sigma: halfNormal(10).logProb(sigma),
    likelihood: normal(linearPredictor(X, beta), sigma).logProb(y),
  }),
});
