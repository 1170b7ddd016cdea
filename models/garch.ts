/**
 * GARCH(1,1) volatility model with a constant mean (posteriordb `garch11`
 * on the `garch` data, from the Stan `stat_comp_benchmarks`):
 *
 *     s[1] = sigma1 (data),
 *     s[t]^2 = alpha0 + alpha1 (y[t-1] - mu)^2 + beta1 s[t-1]^2,   t = 2..T,
 *     y[t] ~ Normal(mu, s[t]),   t = 1..T,
 *
 * with no priors: the density is flat over the constrained set
 * `mu real, alpha0 > 0, 0 < alpha1 < 1, 0 < beta1 < 1 - alpha1`.
 *
 * The upper bound of `beta1` depends on `alpha1`, which a parameter
 * declaration cannot express, so the model declares `beta1_raw` in (0, 1)
 * and reports `beta1 = (1 - alpha1) beta1_raw` as a transformed parameter.
 * The density is flat in `beta1`, so in `beta1_raw` it carries the Jacobian
 * `d beta1 / d beta1_raw = 1 - alpha1` (see the `jacobian` term): this is
 * Stan's own transform for a bound that depends on another parameter.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `garch-garch11`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { GARCH_POSTERIOR, loadPosteriorInfo } from 'brenier/models';
 *
 * // The reference reports the transformed beta1, not the auxiliary beta1_raw.
 * console.log(loadPosteriorInfo(GARCH_POSTERIOR).parameters); // [ 'mu', 'alpha0', 'alpha1', 'beta1' ]
 * ```
 */
export const GARCH_POSTERIOR = 'garch-garch11';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The GARCH(1,1) model of posteriordb's `garch11`. Data: `T`, `y[T]` and
 * the fixed initial volatility `sigma1`; draws `mu`, `alpha0`, `alpha1`,
 * `beta1_raw` (the auxiliary parameter in (0, 1)) and the transformed
 * `beta1 = (1 - alpha1) beta1_raw`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { GARCH_POSTERIOR, garch11, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(GARCH_POSTERIOR); // T = 200, sigma1 = 0.5
 * const lp = garch11.logDensity({ mu: 5, alpha0: 1.5, alpha1: 0.57, beta1_raw: 0.68 }, data); // ≈ -448.12
 * const posterior = await fitPosterior(garch11, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // mu ≈ 5.05, alpha0 ≈ 1.5, alpha1 ≈ 0.57, beta1 ≈ 0.29
 * ```
 */
export const garch11 = defineModel({
  name: 'garch11',
  data: {
    /** Length of the series. */
    T: data.int({ lower: 1 }),
    /** The observed series `y[1..T]` (length T). */
    y: data.vector('T'),
    /** Known volatility (standard deviation) at time 1, `s[1]` (positive). */
    sigma1: data.real({ lower: 0 }),
  },
  params: {
    /** Constant mean of the series. */
    mu: param.real(),
    /** Baseline variance (positive). */
    alpha0: param.positive(),
    /** ARCH coefficient on the previous squared deviation, in (0, 1). */
    alpha1: param.unitInterval(),
    /** GARCH coefficient as a fraction of its upper bound: `beta1 / (1 - alpha1)`, in (0, 1). */
    beta1_raw: param.unitInterval(),
  },
  transformed: ({ alpha1, beta1_raw }) => ({
    /** GARCH coefficient on the previous variance, `(1 - alpha1) beta1_raw`, in (0, 1 - alpha1). */
    beta1: tf.mul(tf.sub(1, alpha1), beta1_raw),
  }),
  logDensity: ({ mu, alpha0, alpha1, beta1 }, { T, y, sigma1 }) => {
    const n = mu.shape[0] as number;
    const squared = tf.square(tf.sub(y, mu)); // (y[t] - mu)^2, [N, T]
    // alpha0 + alpha1 (y[t] - mu)^2 for every t at once, split into T steps of [N, 1].
    const shocks = tf.split(tf.add(alpha0, tf.mul(alpha1, squared)), T, 1);
    // The recursion runs on the variances s[t]^2: two [N, 1] ops per step.
    let variance: tf.Tensor = tf.fill([n, 1], sigma1 * sigma1);
    const variances = [variance];
    for (let t = 1; t < T; t++) {
      variance = tf.add(shocks[t - 1] as tf.Tensor, tf.mul(beta1, variance));
      variances.push(variance);
    }
    const s2 = tf.concat(variances, 1); // [N, T]
    return {
      // Normal(y[t] | mu, s[t]) on the variance scale, with the toolkit normal's constant.
      likelihood: tf.sub(tf.mul(-0.5, tf.add(tf.log(s2), tf.div(squared, s2))), HALF_LOG_TWO_PI),
      // The toolkit adds the Jacobian of the logistic map to beta1_raw; the
      // density is flat in beta1 = (1 - alpha1) beta1_raw, so the change of
      // variables beta1_raw -> beta1 adds log |d beta1 / d beta1_raw| = log(1 - alpha1).
      jacobian: tf.log1p(tf.neg(alpha1)),
    };
  },
});
