/**
 * Eight schools, non-centred (Rubin 1981; Gelman et al., BDA):
 *
 *     mu ~ Normal(0, 5), tau ~ HalfCauchy(0, 5), theta_trans[j] ~ Normal(0, 1),
 *     theta[j] = mu + tau * theta_trans[j],  y[j] ~ Normal(theta[j], sigma[j]).
 *
 * As posteriordb's `eight_schools_noncentered`: the reported `theta` is a
 * transformed parameter.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { cauchy, data, defineModel, normal, param } from '../src/index.js';
import { loadPosteriorData } from './posteriordb.js';

/**
 * Name of the matching posteriordb posterior: the folder of its data,
 * reference draws and manifest entry under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { EIGHT_SCHOOLS_POSTERIOR, loadReferenceDraws } from 'brenier/models';
 *
 * const reference = loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR); // Stan's draws, 10 chains concatenated
 * const tau = reference['tau'] ?? [];
 * console.log(tau.length, tau.reduce((a, b) => a + b, 0) / tau.length); // 10000 ≈ 3.6
 * ```
 */
export const EIGHT_SCHOOLS_POSTERIOR = 'eight_schools-eight_schools_noncentered';

/**
 * The eight schools model, non-centred parameterisation. Parameters
 * `mu`, `tau` and `theta_trans[J]`; the transformed parameter `theta[J]`
 * is reported in draws.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const data = eightSchoolsData();
 * // Log density at one constrained point, as written in the model (no Jacobian).
 * const lp = eightSchools.logDensity({ mu: 4, tau: 3, theta_trans: [0, 0, 0, 0, 0, 0, 0, 0] }, data); // ≈ -43.35
 * const posterior = await fitPosterior(eightSchools, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // mu ≈ 4.5 (sd 3.2), tau ≈ 3.2 (sd 3.1), theta[1..8]
 * ```
 */
export const eightSchools = defineModel({
  name: 'eight_schools_noncentered',
  data: {
    /** Number of schools (8 in the posteriordb data). */
    J: data.int({ lower: 0 }),
    /** Estimated coaching effect in each school (length J). */
    y: data.vector('J'),
    /** Known standard error of each school's estimate `y[j]` (length J, positive). */
    sigma: data.vector('J', { lower: 0 }),
  },
  params: {
    /** Standardised school effects, `(theta[j] - mu) / tau` (length J; Normal(0, 1) prior). */
    theta_trans: param.real('J'),
    /** Population mean of the school effects. */
    mu: param.real(),
    /** Population standard deviation of the school effects (positive). */
    tau: param.positive(),
  },
  transformed: ({ mu, tau, theta_trans }) => ({
    /** Effect of each school, `mu + tau * theta_trans[j]` (length J). */
    theta: tf.add(mu, tf.mul(tau, theta_trans)),
  }),
  logDensity: ({ theta_trans, mu, tau, theta }, { y, sigma }) => ({
    mu: normal(0, 5).logProb(mu),
    // Half-Cauchy through the positivity constraint: Cauchy restricted to tau > 0 (the factor 2 is a constant).
    tau: cauchy(0, 5).logProb(tau),
    theta_trans: normal(0, 1).logProb(theta_trans),
    likelihood: normal(theta, sigma).logProb(y),
  }),
});

/**
 * The eight schools data, read from posteriordb: `J = 8` schools, the
 * estimated treatment effects `y[J]` and their standard errors `sigma[J]`.
 *
 * @throws {@link PosteriorDbMissingError} when the posteriordb folder is missing.
 * @example
 * ```ts
 * import { eightSchoolsData } from 'brenier/models';
 *
 * const { J, y, sigma } = eightSchoolsData();
 * console.log(J, y, sigma); // 8 [28, 8, -3, 7, -1, 1, 18, 12] [15, 10, 16, 11, 9, 11, 10, 18]
 * ```
 */
export function eightSchoolsData(): Record<string, unknown> {
  return loadPosteriorData(EIGHT_SCHOOLS_POSTERIOR);
}
