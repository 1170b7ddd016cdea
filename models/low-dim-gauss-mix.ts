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

/** Name of the matching posteriordb posterior. */
export const LOW_DIM_GAUSS_MIX_POSTERIOR = 'low_dim_gauss_mix-low_dim_gauss_mix';

/**
 * The two-component Gaussian mixture with ordered means, as posteriordb's
 * `low_dim_gauss_mix`. Data: `N` and `y[N]`; draws `mu[1]`, `mu[2]`,
 * `sigma[1]`, `sigma[2]`, `theta`.
 */
export const lowDimGaussMix = defineModel({
  name: 'low_dim_gauss_mix',
  data: {
    N: data.int({ lower: 0 }),
    y: data.vector('N'),
  },
  params: {
    mu: param.ordered(2),
    sigma: param.positive(2),
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
