/**
 * A conjugate Bayesian linear regression with known noise, shared by the
 * tests that check fits against its closed-form posterior:
 * beta ~ N(0, 5^2 I), y ~ N(X beta, 1), so Sigma = (X'X + I/25)^{-1} and
 * m = Sigma X'y.
 */
import { Rng, data, defineModel, linearPredictor, normal, param } from '../../src/index.js';
import { inverseSpd } from '../../src/math/linalg.js';

/** The model. */
export const linearRegression = defineModel({
  data: { n: data.int(), K: data.int(), X: data.matrix('n', 'K'), y: data.vector('n') },
  params: { beta: param.real('K') },
  logDensity: ({ beta }, { X, y }) => [normal(0, 5).logProb(beta), normal(linearPredictor(X, beta), 1).logProb(y)],
});

/** Simulated data (n = 50, K = 3, seed 3) and the exact posterior mean and covariance (row-major). */
export function linearRegressionInstance(): {
  data: { n: number; K: number; X: number[][]; y: number[] };
  mean: number[];
  cov: Float64Array;
} {
  const rng = new Rng(3);
  const n = 50;
  const K = 3;
  const X = Array.from({ length: n }, () => Array.from({ length: K }, () => rng.normal()));
  const beta = [1, -2, 0.5];
  const y = X.map((row) => row.reduce((a, x, k) => a + x * (beta[k] as number), 0) + rng.normal());
  const precision = new Float64Array(K * K);
  const xty = new Float64Array(K);
  X.forEach((row, i) => {
    for (let a = 0; a < K; a++) {
      xty[a] = (xty[a] as number) + (row[a] as number) * (y[i] as number);
      for (let b = 0; b < K; b++)
        precision[a * K + b] = (precision[a * K + b] as number) + (row[a] as number) * (row[b] as number);
    }
  });
  for (let a = 0; a < K; a++) precision[a * K + a] = (precision[a * K + a] as number) + 1 / 25;
  const cov = inverseSpd(precision, K);
  const mean = Array.from({ length: K }, (_, a) => {
    let s = 0;
    for (let b = 0; b < K; b++) s += (cov[a * K + b] as number) * (xty[b] as number);
    return s;
  });
  return { data: { n, K, X, y }, mean, cov };
}
