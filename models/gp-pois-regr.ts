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

/**
 * Name of the matching posteriordb posterior, `gp_pois_regr-gp_pois_regr`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { GP_POIS_REGR_POSTERIOR, loadPosteriorData } from 'brenier/models';
 *
 * const { x, k } = loadPosteriorData(GP_POIS_REGR_POSTERIOR);
 * console.log(x, k); // 11 inputs -10, -8, ..., 10 and their counts 40, 37, 29, ...
 * ```
 */
export const GP_POIS_REGR_POSTERIOR = 'gp_pois_regr-gp_pois_regr';

/**
 * The latent-GP Poisson regression of posteriordb's `gp_pois_regr`,
 * non-centred parameterisation. Data: `N`, `x[N]`, the counts `k[N]` (and
 * the unused `y[N]`); parameters `rho`, `alpha` and `f_tilde[N]`; the
 * transformed `f[N]` (the log rates) is reported in draws.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { GP_POIS_REGR_POSTERIOR, gpPoisRegr, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(GP_POIS_REGR_POSTERIOR);
 * const lp = gpPoisRegr.logDensity({ rho: 5.7, alpha: 2.9, f_tilde: new Array(11).fill(0) }, data); // ≈ -1010.3
 * const posterior = await fitPosterior(gpPoisRegr, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // rho ≈ 5.7, alpha ≈ 2.9, f[1..11]; k-hat ≈ 0.84 flags the tails
 * ```
 */
export const gpPoisRegr = defineModel({
  name: 'gp_pois_regr',
  data: {
    /** Number of inputs. */
    N: data.int({ lower: 1 }),
    /** The one-dimensional inputs of the Gaussian process (length N). */
    x: data.vector('N'),
    /** Observed count at each input (length N, non-negative integers). */
    k: data.intArray('N', { lower: 0 }),
    /** A real vector present in posteriordb's data file but not used by the model (length N). */
    y: data.vector('N'),
  },
  params: {
    /** Length-scale of the squared-exponential kernel (positive). */
    rho: param.positive(),
    /** Marginal standard deviation (amplitude) of the kernel (positive). */
    alpha: param.positive(),
    /** Whitened latent values: `f = L f_tilde` with `L` the kernel's Cholesky factor (length N). */
    f_tilde: param.real('N'),
  },
  transformed: ({ rho, alpha, f_tilde }, { x }) => ({
    /** Latent Gaussian-process values `f = L f_tilde`: the log rate of the count at each input (length N). */
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
