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

/** Name of the matching posteriordb posterior. */
export const EIGHT_SCHOOLS_POSTERIOR = 'eight_schools-eight_schools_noncentered';

/** The eight schools model, non-centred parameterisation. */
export const eightSchools = defineModel({
  name: 'eight_schools_noncentered',
  data: {
    J: data.int({ lower: 0 }),
    y: data.vector('J'),
    sigma: data.vector('J', { lower: 0 }),
  },
  params: {
    theta_trans: param.real('J'),
    mu: param.real(),
    tau: param.positive(),
  },
  transformed: ({ mu, tau, theta_trans }) => ({ theta: tf.add(mu, tf.mul(tau, theta_trans)) }),
  logDensity: ({ theta_trans, mu, tau, theta }, { y, sigma }) => ({
    mu: normal(0, 5).logProb(mu),
    // Half-Cauchy through the positivity constraint: Cauchy restricted to tau > 0 (the factor 2 is a constant).
    tau: cauchy(0, 5).logProb(tau),
    theta_trans: normal(0, 1).logProb(theta_trans),
    likelihood: normal(theta, sigma).logProb(y),
  }),
});

/** The eight schools data, read from posteriordb. */
export function eightSchoolsData(): Record<string, unknown> {
  return loadPosteriorData(EIGHT_SCHOOLS_POSTERIOR);
}
