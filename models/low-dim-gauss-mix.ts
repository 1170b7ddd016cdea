/**
 * Two-component univariate Gaussian mixture (posteriordb
 * `low_dim_gauss_mix`, from the Stan `stat_comp_benchmarks`):
 *
 *     mu[1] < mu[2],  mu[k] ~ Normal(0, 2),  sigma[k] ~ HalfNormal(2),  theta ~ Beta(5, 5),
 *     p(y[n]) = theta Normal(y[n] | mu[1], sigma[1]) + (1 - theta) Normal(y[n] | mu[2], sigma[2]).
 *
 * The ordering of `mu` removes label switching (`theta` weighs the component
 * with the smaller mean); the normal prior on the ordered pair is not
 * renormalised (a constant). Each component keeps its own `1 / sigma[k]`
 * inside the mixture sum, which is taken on the log scale with `logMix`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { beta, data, defineModel, halfNormal, logMix, normal, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `low_dim_gauss_mix-low_dim_gauss_mix`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { LOW_DIM_GAUSS_MIX_POSTERIOR, posteriordbModel } from 'brenier/models';
 *
 * const { model, shape, geometry } = posteriordbModel(LOW_DIM_GAUSS_MIX_POSTERIOR);
 * console.log(model.name, shape, geometry);
 * // low_dim_gauss_mix non-gaussian two-component mixture with ordered means (unimodal after ordering)
 * ```
 */
export const LOW_DIM_GAUSS_MIX_POSTERIOR = 'low_dim_gauss_mix-low_dim_gauss_mix';

/**
 * The two-component Gaussian mixture with ordered means, as posteriordb's
 * `low_dim_gauss_mix`. Data: `N` and `y[N]`; draws `mu[1]`, `mu[2]`,
 * `sigma[1]`, `sigma[2]`, `theta`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { LOW_DIM_GAUSS_MIX_POSTERIOR, loadPosteriorData, lowDimGaussMix } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(LOW_DIM_GAUSS_MIX_POSTERIOR); // N = 1000 draws of y
 * const lp = lowDimGaussMix.logDensity({ mu: [-2.7, 2.9], sigma: [1, 1], theta: 0.6 }, data); // ≈ -2105.3
 * const posterior = await fitPosterior(lowDimGaussMix, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // mu ≈ (-2.73, 2.87), sigma ≈ (1.03, 1.02), theta ≈ 0.62
 * ```
 */
export const lowDimGaussMix = defineModel({
  name: 'low_dim_gauss_mix',
  data: {
    /** Number of observations. */
    N: data.int({ lower: 0 }),
    /** The observations (length N). */
    y: data.vector('N'),
  },
  params: {
    /** Means of the two components, ordered: `mu[1] < mu[2]`. */
    mu: param.ordered(2),
    /** Standard deviations of the two components (positive). */
    sigma: param.positive(2),
    /** Mixing weight of component 1 (the one with the smaller mean), in (0, 1). */
    theta: param.unitInterval(),
  },
  logDensity: ({ mu, sigma, theta }, { y }) => {
    const [mu1, mu2] = tf.split(mu, 2, 1) as [tf.Tensor, tf.Tensor]; // [N, 1] each
    const [s1, s2] = tf.split(sigma, 2, 1) as [tf.Tensor, tf.Tensor];
    return {
      mu: normal(0, 2).logProb(mu),
      // Half-normal through the positivity constraint of sigma.
      sigma: halfNormal(2).logProb(sigma),
      theta: beta(5, 5).logProb(theta),
      // [N, n]: each component density carries its own 1 / sigma[k].
      likelihood: logMix(theta, normal(mu1, s1).logProb(y), normal(mu2, s2).logProb(y)),
    };
  },
});
