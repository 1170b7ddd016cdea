/**
 * Poisson regression with a latent Gaussian process (posteriordb
 * `gp_pois_regr`, from Stan's `stat_comp_benchmarks`), non-centred:
 *
 *     rho ~ Gamma(25, 4)  (shape, rate),   alpha ~ HalfNormal(2),
 *     f_tilde[i] ~ Normal(0, 1),
 *     C[i, j] = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) + 1e-10 1{i = j},
 *     f = L f_tilde  with  C = L L^T,
 *     k[i] ~ Poisson(exp(f[i])),   i = 1..N.
 *
 * `f` is a transformed parameter (reported in draws, as in posteriordb's
 * reference, which has `rho`, `alpha` and `f[1..N]` but not `f_tilde`).
 * Over the posterior `C` is numerically singular (condition number up to
 * ~1e10, kept positive definite only by the 1e-10 jitter), so `f` is
 * computed in float64 by `gpLatentValues` (models/gp-latent.ts), with its exact gradient.
 *
 * @module
 */
import { data, defineModel, gamma, halfNormal, normal, param, poissonLogRate } from '../src/index.js';
import { GP_JITTER, gpLatentValues } from './gp-latent.js';

/** Name of the matching posteriordb posterior. */
export const GP_POIS_REGR_POSTERIOR = 'gp_pois_regr-gp_pois_regr';

/** The latent-GP Poisson regression of posteriordb's `gp_pois_regr`, non-centred parameterisation. */
export const gpPoisRegr = defineModel({
  name: 'gp_pois_regr',
  data: {
    N: data.int({ lower: 1 }),
    x: data.vector('N'),
    k: data.intArray('N', { lower: 0 }),
    // Present in posteriordb's data file but not used by the model.
    y: data.vector('N'),
  },
  params: {
    rho: param.positive(),
    alpha: param.positive(),
    f_tilde: param.real('N'),
  },
  transformed: ({ rho, alpha, f_tilde }, { x }) => ({
    f: gpLatentValues(rho, alpha, f_tilde, x.dataSync(), GP_JITTER),
  }),
  logDensity: ({ rho, alpha, f_tilde, f }, { k }) => ({
    rho: gamma(25, 4).logProb(rho),
    // Half-normal: Stan's normal(0, 2) on alpha > 0.
    alpha: halfNormal(2).logProb(alpha),
    f_tilde: normal(0, 1).logProb(f_tilde),
    likelihood: poissonLogRate(f).logProb(k),
  }),
});
