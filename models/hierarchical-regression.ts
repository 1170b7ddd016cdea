/**
 * Varying intercepts and slopes with correlated group effects (a
 * multilevel regression in the style of Gelman & Hill, non-centred):
 *
 *     mu[1..2] ~ Normal(0, 5), tau[1..2] ~ HalfNormal(2.5),
 *     L_Omega ~ LKJCholesky(2, eta = 2), z[j] ~ Normal(0, I_2),
 *     (a[j], b[j]) = mu + diag(tau) L_Omega z[j],
 *     sigma ~ Exponential(1),
 *     y[i] ~ Normal(a[g[i]] + b[g[i]] x[i], sigma).
 *
 * `coef[j, 1] = a[j]`, `coef[j, 2] = b[j]` is reported as a transformed
 * parameter.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, exponential, halfNormal, lkjCholesky, normal, param, Rng, select } from '../src/index.js';

/** The hierarchical regression model. */
export const hierarchicalRegression = defineModel({
  name: 'hierarchical_regression',
  data: {
    N: data.int({ lower: 0 }),
    J: data.int({ lower: 1 }),
    group: data.intArray('N', { lower: 1, upper: 'J' }),
    x: data.vector('N'),
    y: data.vector('N'),
  },
  params: {
    mu: param.real(2),
    tau: param.positive(2),
    L_Omega: param.choleskyCorr(2),
    z: param.real(['J', 2]),
    sigma: param.positive(),
  },
  transformed: ({ mu, tau, L_Omega, z }) => ({
    // z[j] L^T is (L z[j])^T: [N, J, 2] x [N, 2, 2] -> [N, J, 2].
    coef: tf.add(tf.expandDims(mu, 1), tf.mul(tf.expandDims(tau, 1), tf.matMul(z, L_Omega, false, true))),
  }),
  logDensity: ({ mu, tau, L_Omega, z, sigma, coef }, { group, x, y }) => {
    const [a, b] = tf.unstack(coef, 2) as [tf.Tensor, tf.Tensor];
    const location = tf.add(select(a, group), tf.mul(select(b, group), x));
    return {
      mu: normal(0, 5).logProb(mu),
      tau: halfNormal(2.5).logProb(tau),
      L_Omega: lkjCholesky(2, 2).logProb(L_Omega),
      z: normal(0, 1).logProb(z),
      sigma: exponential(1).logProb(sigma),
      likelihood: normal(location, sigma).logProb(y),
    };
  },
});

/** Options of {@link simulateHierarchicalData}. */
export interface SimulateHierarchicalOptions {
  /** Groups. Default 8. */
  groups?: number;
  /** Observations per group. Default 20. */
  perGroup?: number;
  /** Seed. Default 2. */
  seed?: number;
}

/**
 * Simulated data: group intercepts and slopes around (1, -0.5) with sds
 * (0.8, 0.4) and correlation 0.5, noise sd 0.7.
 */
export function simulateHierarchicalData(options: SimulateHierarchicalOptions = {}): {
  N: number;
  J: number;
  group: number[];
  x: number[];
  y: number[];
} {
  const J = options.groups ?? 8;
  const perGroup = options.perGroup ?? 20;
  const rng = new Rng(options.seed ?? 2);
  const rho = 0.5;
  const group: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 1; j <= J; j++) {
    const z1 = rng.normal();
    const z2 = rho * z1 + Math.sqrt(1 - rho * rho) * rng.normal();
    const a = 1 + 0.8 * z1;
    const b = -0.5 + 0.4 * z2;
    for (let i = 0; i < perGroup; i++) {
      const xi = rng.normal();
      group.push(j);
      x.push(xi);
      y.push(a + b * xi + 0.7 * rng.normal());
    }
  }
  return { N: J * perGroup, J, group, x, y };
}
