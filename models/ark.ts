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

/** Name of the matching posteriordb posterior. */
export const ARK_POSTERIOR = 'arK-arK';

/**
 * The `arK` model: AR(K) with an intercept, Normal(0, 10) priors on the
 * intercept and lag coefficients and a half-Cauchy(2.5) prior on the
 * innovation sd. Compile it with `loadPosteriorData(ARK_POSTERIOR)`.
 */
export const arK = defineModel({
  name: 'arK',
  data: {
    K: data.int({ lower: 0 }),
    T: data.int({ lower: 0 }),
    y: data.vector('T'),
  },
  params: {
    alpha: param.real(),
    beta: param.real('K'),
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
