/**
 * Autoregressive model of order K, from Stan's `stat_comp_benchmarks`, as
 * posteriordb's `arK-arK`:
 *
 *     alpha ~ Normal(0, 10),  beta[k] ~ Normal(0, 10),  sigma ~ HalfCauchy(0, 2.5),
 *     y[t] ~ Normal(alpha + sum_{k=1..K} beta[k] y[t-k], sigma),  t = K+1..T,
 *
 * conditional on the first K observations (they are not modelled), with
 * no stationarity constraint on beta. The lagged design (column k holds
 * y[t-k]) is built from K slices of y inside the log density.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, halfCauchy, linearPredictor, normal, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `arK-arK`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { ARK_POSTERIOR, loadPosteriorData } from 'brenier/models';
 *
 * const { K, T } = loadPosteriorData(ARK_POSTERIOR);
 * console.log(K, T); // 5 200: an AR(5) fitted to 200 observations
 * ```
 */
export const ARK_POSTERIOR = 'arK-arK';

/**
 * The `arK` model: AR(K) with an intercept, Normal(0, 10) priors on the
 * intercept and lag coefficients and a half-Cauchy(2.5) prior on the
 * innovation sd. Compile it with `loadPosteriorData(ARK_POSTERIOR)`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { ARK_POSTERIOR, arK, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(ARK_POSTERIOR);
 * const lp = arK.logDensity({ alpha: 0, beta: [0.7, 0.4, 0.1, 0, -0.3], sigma: 0.15 }, data); // ≈ 75.98
 * const posterior = await fitPosterior(arK, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // beta ≈ (0.69, 0.44, 0.11, -0.04, -0.30), sigma ≈ 0.15
 * ```
 */
export const arK = defineModel({
  name: 'arK',
  data: {
    /** Autoregressive order: the number of lags (5 in the posteriordb data). */
    K: data.int({ lower: 0 }),
    /** Length of the series. */
    T: data.int({ lower: 0 }),
    /** The observed series `y[1..T]` (length T). */
    y: data.vector('T'),
  },
  params: {
    /** Intercept. */
    alpha: param.real(),
    /** Lag coefficients: `beta[k]` multiplies `y[t-k]` (length K). */
    beta: param.real('K'),
    /** Innovation (noise) standard deviation (positive). */
    sigma: param.positive(),
  },
  logDensity: ({ alpha, beta, sigma }, { K, T, y }) => {
    // Lagged design [T - K, K]: row t (t = K+1..T) holds y[t-1], ..., y[t-K].
    const lags = tf.stack(
      Array.from({ length: K }, (_, k) => tf.slice(y, [K - 1 - k], [T - K])),
      1,
    );
    const response = tf.slice(y, [K], [T - K]);
    return {
      alpha: normal(0, 10).logProb(alpha),
      beta: normal(0, 10).logProb(beta),
      sigma: halfCauchy(2.5).logProb(sigma),
      likelihood: normal(tf.add(alpha, linearPredictor(lags, beta)), sigma).logProb(response),
    };
  },
});
