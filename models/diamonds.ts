/**
 * Log price of diamonds on many strongly correlated predictors, a
 * brms-generated Gaussian regression, as posteriordb's `diamonds-diamonds`
 * (formula `log(price) ~ carat * (log(x) + log(y) + log(z)) + cut + color +
 * clarity`, 5000 rows of ggplot2's `diamonds`):
 *
 *     Xc = X[, 2..K] with each column centred at its mean (brms drops the
 *          intercept column and centres the rest),
 *     b[j] ~ Normal(0, 1),  j = 1..K-1,
 *     Intercept ~ StudentT(3, 8, 10),   sigma ~ HalfStudentT(3, 10),
 *     Y[n] ~ Normal(Intercept + Xc[n] . b, sigma),  n = 1..N  (unless prior_only).
 *
 * `Intercept` is the intercept of the centred design (the mean response at
 * the column means). The centring is done with tensor ops inside the log
 * density (there is no transformed-data block). The posterior is
 * Gaussian-like but badly conditioned: the coefficients on log x, log y,
 * log z and their interactions with carat are strongly collinear, and the
 * posterior sds span more than 100x.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, halfStudentT, linearPredictor, normal, param, studentT } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `diamonds-diamonds`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { DIAMONDS_POSTERIOR, loadPosteriorInfo } from 'brenier/models';
 *
 * const info = loadPosteriorInfo(DIAMONDS_POSTERIOR);
 * console.log(info.dimension, info.reference.control); // 26 { adapt_delta: 0.99, max_treedepth: 20 }
 * ```
 */
export const DIAMONDS_POSTERIOR = 'diamonds-diamonds';

/** Coefficients besides the intercept: the K - 1 = 24 non-constant columns of posteriordb's design. */
const COEFFICIENTS = 24;

/**
 * The brms `diamonds` regression on the centred design: Normal(0, 1) priors
 * on the 24 coefficients `b`, Student-t(3, 8, 10) on the centred-design
 * `Intercept`, half-Student-t(3, 10) on `sigma`. Compile it with
 * `loadPosteriorData(DIAMONDS_POSTERIOR)`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { DIAMONDS_POSTERIOR, diamonds, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(DIAMONDS_POSTERIOR); // N = 5000 rows, K = 25 design columns
 * const lp = diamonds.logDensity({ b: new Array(24).fill(0), Intercept: 7.8, sigma: 1 }, data); // ≈ -7200.7
 * const posterior = await fitPosterior(diamonds, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // Intercept ≈ 7.79, sigma ≈ 0.123
 * ```
 */
export const diamonds = defineModel({
  name: 'diamonds',
  data: {
    /** Number of diamonds (observations). */
    N: data.int({ lower: 0 }),
    /** Log price of each diamond, the response (length N). */
    Y: data.vector('N'),
    // Parameter shapes can only name a data field, not K - 1, so `b` has the
    // fixed length 24 and K must be 25.
    /** Number of columns of `X`, the intercept column included (must be 25). */
    K: data.int({ lower: COEFFICIENTS + 1, upper: COEFFICIENTS + 1 }),
    /**
     * Design matrix, one row per diamond (N x K): column 1 is all ones
     * (dropped below); the others encode the terms of the formula (carat,
     * log dimensions, cut, colour and clarity contrasts, carat interactions).
     */
    X: data.matrix('N', 'K'),
    /** 1: sample from the prior only (likelihood left out); 0 in posteriordb's data. */
    prior_only: data.int({ lower: 0, upper: 1 }),
  },
  params: {
    /** Regression coefficients on the centred columns 2..K of `X` (length 24). */
    b: param.real(COEFFICIENTS),
    /** Intercept of the centred design: the mean log price at the column means. */
    Intercept: param.real(),
    /** Residual standard deviation of the log price (positive). */
    sigma: param.positive(),
  },
  logDensity: ({ b, Intercept, sigma }, { Y, X, prior_only }) => {
    const priors = {
      b: normal(0, 1).logProb(b),
      Intercept: studentT(3, 8, 10).logProb(Intercept),
      // brms's truncated Student-t: the density plus log 2 (its -log P(T > 0)).
      sigma: halfStudentT(3, 10).logProb(sigma),
    };
    if (prior_only === 1) return priors;
    // Drop the intercept column and centre the others: [N, K - 1]. Centred
    // twice (deviations from the float32 column means, then from their own
    // means): one float32 pass over 5000 rows misses the means by up to
    // ~4e-6, which shifts every residual by sum_j dm_j b_j ~ 3e-5, i.e. the
    // Intercept by ~2% of its posterior sd; the second pass leaves column
    // sums at float32 rounding (a shift ~6e-7, 0.03% of that sd).
    const Xs = tf.slice(X, [0, 1], [-1, COEFFICIENTS]);
    const deviations = tf.sub(Xs, tf.mean(Xs, 0));
    const Xc = tf.sub(deviations, tf.mean(deviations, 0));
    return { ...priors, likelihood: normal(tf.add(Intercept, linearPredictor(Xc, b)), sigma).logProb(Y) };
  },
});
