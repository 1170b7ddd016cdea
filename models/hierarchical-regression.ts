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

/**
 * The hierarchical regression model. Data: `N`, `J`, the 1-based `group[N]`,
 * `x[N]` and `y[N]`; parameters `mu[2]`, `tau[2]`, `L_Omega[2, 2]`,
 * `z[J, 2]` and `sigma`; the transformed `coef[J, 2]` is reported in draws.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { hierarchicalRegression, simulateHierarchicalData } from 'brenier/models';
 *
 * await initBackend();
 * const data = simulateHierarchicalData({ groups: 8, perGroup: 20 });
 * const point = {
 *   mu: [1, -0.5],
 *   tau: [0.8, 0.4],
 *   L_Omega: [
 *     [1, 0],
 *     [0.5, Math.sqrt(0.75)],
 *   ],
 *   z: Array.from({ length: 8 }, () => [0, 0]),
 *   sigma: 0.7,
 * };
 * const lp = hierarchicalRegression.logDensity(point, data); // ≈ -270.38
 * const posterior = await fitPosterior(hierarchicalRegression, data, { seed: 1, maxSteps: 300 });
 * console.log(posterior.diagnostics.stopReason); // 'max-steps': no ELBO plateau within 300 steps
 * console.log(posterior.formatSummary()); // mu ≈ (0.84, -0.54), tau ≈ (0.81, 0.26), sigma ≈ 0.67
 * const slopes = posterior.sample(1000, { seed: 2 }).get('coef[1,2]'); // group 1's slope b[1]
 * ```
 */
export const hierarchicalRegression = defineModel({
  name: 'hierarchical_regression',
  data: {
    /** Number of observations. */
    N: data.int({ lower: 0 }),
    /** Number of groups. */
    J: data.int({ lower: 1 }),
    /** Group of each observation, 1-based in 1..J (length N). */
    group: data.intArray('N', { lower: 1, upper: 'J' }),
    /** Predictor of each observation (length N). */
    x: data.vector('N'),
    /** Response of each observation (length N). */
    y: data.vector('N'),
  },
  params: {
    /** Population means of the group intercepts and slopes, `(mean of a, mean of b)`. */
    mu: param.real(2),
    /** Population standard deviations of the group intercepts and slopes (positive). */
    tau: param.positive(2),
    /** Cholesky factor of the 2 x 2 correlation matrix of a group's intercept and slope. */
    L_Omega: param.choleskyCorr(2),
    /** Standardised group effects, one row of two per group (J x 2; Normal(0, 1) prior). */
    z: param.real(['J', 2]),
    /** Residual standard deviation of `y` (positive). */
    sigma: param.positive(),
  },
  transformed: ({ mu, tau, L_Omega, z }) => ({
    // z[j] L^T is (L z[j])^T: [N, J, 2] x [N, 2, 2] -> [N, J, 2].
    /** Intercept `a[j]` (column 1) and slope `b[j]` (column 2) of each group (J x 2). */
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

/**
 * Options of {@link simulateHierarchicalData}.
 *
 * @example
 * ```ts
 * import { simulateHierarchicalData, type SimulateHierarchicalOptions } from 'brenier/models';
 *
 * const options: SimulateHierarchicalOptions = { groups: 4, perGroup: 50, seed: 3 };
 * const data = simulateHierarchicalData(options);
 * console.log(data.N, data.J); // 200 4
 * ```
 */
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
 *
 * @example
 * ```ts
 * import { simulateHierarchicalData } from 'brenier/models';
 *
 * const { N, J, group, x, y } = simulateHierarchicalData({ groups: 3, perGroup: 2 });
 * console.log(N, J, group); // 6 3 [ 1, 1, 2, 2, 3, 3 ]
 * ```
 */
export function simulateHierarchicalData(options: SimulateHierarchicalOptions = {}): {
  /** Number of observations, `J * perGroup`. */
  N: number;
  /** Number of groups (`options.groups`). */
  J: number;
  /** Group of each observation, 1-based, in blocks of `perGroup` (length N). */
  group: number[];
  /** Standard-normal predictor of each observation (length N). */
  x: number[];
  /** Simulated response of each observation (length N). */
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
