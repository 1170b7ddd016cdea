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

/** The logistic regression model. */
export const logisticRegression = defineModel({
  name: 'logistic_regression',
  data: {
    N: data.int({ lower: 0 }),
    K: data.int({ lower: 1 }),
    X: data.matrix('N', 'K'),
    y: data.intArray('N', { lower: 0, upper: 1 }),
  },
  params: {
    alpha: param.real(),
    beta: param.real('K'),
  },
  logDensity: ({ alpha, beta }, { X, y }) => ({
    alpha: normal(0, 2.5).logProb(alpha),
    beta: normal(0, 2.5).logProb(beta),
    likelihood: bernoulliLogit(tf.add(alpha, linearPredictor(X, beta))).logProb(y),
  }),
});

/** Options of {@link simulateLogisticData}. */
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
 */
export function simulateLogisticData(options: SimulateLogisticOptions = {}): {
  N: number;
  K: number;
  X: number[][];
  y: number[];
  truth: { alpha: number; beta: number[] };
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
