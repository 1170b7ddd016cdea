/**
 * Bayesian logistic regression with weakly informative priors:
 *
 *     alpha ~ Normal(0, 2.5), beta[k] ~ Normal(0, 2.5),
 *     y[i] ~ Bernoulli(logit^-1(alpha + x[i] . beta)).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { bernoulliLogit, data, defineModel, linearPredictor, normal, param, Rng } from '../src/index.js';

/**
 * The logistic regression model. Data: `N`, `K`, the design `X[N, K]` and the
 * 0/1 outcomes `y[N]`; parameters `alpha` and `beta[K]`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { logisticRegression, simulateLogisticData } from 'brenier/models';
 *
 * await initBackend();
 * const { truth, ...data } = simulateLogisticData({ n: 200, k: 3 }); // `truth` is not a data field
 * const posterior = await fitPosterior(logisticRegression, data, { seed: 1 });
 * console.log(posterior.formatSummary(), truth); // compare with alpha = -0.5, beta = [-1, 0, 1]
 * ```
 */
export const logisticRegression = defineModel({
  name: 'logistic_regression',
  data: {
    /** Number of observations. */
    N: data.int({ lower: 0 }),
    /** Number of predictors (columns of `X`, no intercept column). */
    K: data.int({ lower: 1 }),
    /** Design matrix of predictors, one row per observation (N x K). */
    X: data.matrix('N', 'K'),
    /** Binary outcome of each observation, 0 or 1 (length N). */
    y: data.intArray('N', { lower: 0, upper: 1 }),
  },
  params: {
    /** Intercept on the log-odds scale. */
    alpha: param.real(),
    /** Coefficients of the K predictors on the log-odds scale (length K). */
    beta: param.real('K'),
  },
  logDensity: ({ alpha, beta }, { X, y }) => ({
    alpha: normal(0, 2.5).logProb(alpha),
    beta: normal(0, 2.5).logProb(beta),
    likelihood: bernoulliLogit(tf.add(alpha, linearPredictor(X, beta))).logProb(y),
  }),
});

/**
 * Options of {@link simulateLogisticData}.
 *
 * @example
 * ```ts
 * import { simulateLogisticData, type SimulateLogisticOptions } from 'brenier/models';
 *
 * const options: SimulateLogisticOptions = { n: 500, k: 2, seed: 7 };
 * const { N, K, truth } = simulateLogisticData(options);
 * console.log(N, K, truth); // 500 2 { alpha: -0.5, beta: [ -1, 1 ] }
 * ```
 */
export interface SimulateLogisticOptions {
  /** Observations. Default 200. */
  n?: number;
  /** Predictors. Default 5. */
  k?: number;
  /** Seed. Default 1. */
  seed?: number;
}

/**
 * Simulated data: standard-normal predictors, intercept -0.5 and
 * coefficients spread over [-1, 1], outcomes drawn from the model.
 *
 * @example
 * ```ts
 * import { simulateLogisticData } from 'brenier/models';
 *
 * const { N, K, X, y, truth } = simulateLogisticData({ n: 4, k: 3, seed: 1 });
 * console.log(N, K, X.length, X[0]?.length, y.length, truth); // 4 3 4 3 4 { alpha: -0.5, beta: [ -1, 0, 1 ] }
 * ```
 */
export function simulateLogisticData(options: SimulateLogisticOptions = {}): {
  /** Number of observations (`options.n`). */
  N: number;
  /** Number of predictors (`options.k`). */
  K: number;
  /** Standard-normal predictors, one row of length K per observation (N rows). */
  X: number[][];
  /** Simulated 0/1 outcomes (length N). */
  y: number[];
  /** The parameter values the data were simulated from (not a data field of the model). */
  truth: {
    /** True intercept, -0.5. */
    alpha: number;
    /** True coefficients, evenly spaced over [-1, 1] (just 1 when K = 1; length K). */
    beta: number[];
  };
} {
  const n = options.n ?? 200;
  const k = options.k ?? 5;
  const rng = new Rng(options.seed ?? 1);
  const alpha = -0.5;
  const beta = Array.from({ length: k }, (_, j) => (k === 1 ? 1 : -1 + (2 * j) / (k - 1)));
  const X = Array.from({ length: n }, () => Array.from({ length: k }, () => rng.normal()));
  const y = X.map((row) => {
    const eta = alpha + row.reduce((acc, x, j) => acc + x * (beta[j] as number), 0);
    return rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  return { N: n, K: k, X, y, truth: { alpha, beta } };
}
