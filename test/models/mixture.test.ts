// The mixture patterns of docs/modelling.md, as written there, against
// float64 formulas (tolerances: see formula-check.ts).
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { beta, data, defineModel, halfNormal, logMix, normal, param, Rng } from '../../src/index.js';
import { logBeta } from '../../src/math/special.js';
import { checkAgainstFormula, normalLpdf } from './formula-check.js';

const rng = new Rng(12);
const y = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? -1.5 : 1) + 0.7 * rng.normal());
const schema = { n: data.int(), y: data.vector('n') };
const logSumExp = (xs: number[]): number => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((acc, x) => acc + Math.exp(x - m), 0));
};
const halfNormalLpdf = (x: number, s: number): number => Math.log(2) + normalLpdf(x, 0, s);

describe('two-component mixture with logMix', () => {
  const model = defineModel({
    data: schema,
    params: { theta: param.unitInterval(), mu: param.ordered(2), sigma: param.positive(2) },
    logDensity: ({ theta, mu, sigma }, { y }) => {
      const [mu1, mu2] = tf.split(mu, 2, 1) as [tf.Tensor, tf.Tensor];
      const [s1, s2] = tf.split(sigma, 2, 1) as [tf.Tensor, tf.Tensor];
      return {
        priors: [normal(0, 2).logProb(mu), halfNormal(2).logProb(sigma), beta(5, 5).logProb(theta)],
        likelihood: logMix(theta, normal(mu1, s1).logProb(y), normal(mu2, s2).logProb(y)),
      };
    },
  }).compile({ n: y.length, y });

  // Unconstrained: logit(theta), (mu1, log(mu2 - mu1)), log sigma[2].
  const formula = (u: Float64Array): number => {
    const theta = 1 / (1 + Math.exp(-(u[0] as number)));
    const mu = [u[1] as number, (u[1] as number) + Math.exp(u[2] as number)];
    const sigma = [Math.exp(u[3] as number), Math.exp(u[4] as number)];
    let lp = 4 * Math.log(theta) + 4 * Math.log(1 - theta) - logBeta(5, 5);
    for (let k = 0; k < 2; k++) lp += normalLpdf(mu[k] as number, 0, 2) + halfNormalLpdf(sigma[k] as number, 2);
    for (const v of y) {
      lp += logSumExp([
        Math.log(theta) + normalLpdf(v, mu[0] as number, sigma[0] as number),
        Math.log(1 - theta) + normalLpdf(v, mu[1] as number, sigma[1] as number),
      ]);
    }
    // Jacobians: logistic, ordered (exp of the increment), exp.
    return lp + Math.log(theta) + Math.log(1 - theta) + (u[2] as number) + (u[3] as number) + (u[4] as number);
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 13, 5, 0.5);
  });
});

describe('K-component mixture with a simplex and logSumExp over a component axis', () => {
  const K = 3;
  const model = defineModel({
    data: schema,
    params: { w: param.simplex(K), mu: param.ordered(K), sigma: param.positive(K) },
    logDensity: ({ w, mu, sigma }, { y, n }) => {
      const components = normal(tf.expandDims(mu, 1), tf.expandDims(sigma, 1)).logProb(tf.reshape(y, [n, 1])); // [N, n, K]
      return {
        priors: [normal(0, 2).logProb(mu), halfNormal(2).logProb(sigma)],
        likelihood: tf.logSumExp(tf.add(components, tf.expandDims(tf.log(w), 1)), 2), // [N, n]
      };
    },
  }).compile({ n: y.length, y });

  // Unconstrained: stick-breaking (K - 1), ordered (K), log sigma (K).
  const formula = (u: Float64Array): number => {
    const w: number[] = [];
    let stick = 1;
    let logJ = 0;
    for (let k = 0; k < K - 1; k++) {
      const zk = 1 / (1 + Math.exp(-((u[k] as number) - Math.log(K - 1 - k))));
      w.push(stick * zk);
      logJ += Math.log(zk) + Math.log(1 - zk) + Math.log(stick);
      stick *= 1 - zk;
    }
    w.push(stick);
    const o = K - 1;
    const mu = [u[o] as number];
    for (let k = 1; k < K; k++) mu.push((mu[k - 1] as number) + Math.exp(u[o + k] as number));
    const sigma = Array.from({ length: K }, (_, k) => Math.exp(u[o + K + k] as number));
    let lp = 0;
    for (let k = 0; k < K; k++) lp += normalLpdf(mu[k] as number, 0, 2) + halfNormalLpdf(sigma[k] as number, 2);
    for (const v of y)
      lp += logSumExp(w.map((wk, k) => Math.log(wk) + normalLpdf(v, mu[k] as number, sigma[k] as number)));
    for (let k = 1; k < K; k++) logJ += u[o + k] as number;
    for (let k = 0; k < K; k++) logJ += u[o + K + k] as number;
    return lp + logJ;
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 14, 5, 0.5);
  });
});
