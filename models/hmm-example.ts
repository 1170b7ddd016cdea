/**
 * Two-state hidden Markov model with unit-variance Gaussian emissions
 * (posteriordb `hmm_example`, from Imad Ali's basketball-HMM examples), the
 * hidden states summed out by the forward algorithm:
 *
 *     Gamma = [theta1; theta2]   (row j: transition probabilities out of state j, each a simplex),
 *     0 < mu[1] < mu[2],  mu[1] ~ Normal(3, 1),  mu[2] ~ Normal(10, 1),
 *     y[t] | z[t] = k ~ Normal(mu[k], 1),
 *     alpha[1, k] = log Normal(y[1] | mu[k], 1),
 *     alpha[t, k] = log sum_j exp(alpha[t-1, j]) Gamma[j, k] + log Normal(y[t] | mu[k], 1),
 *     log p(y | .) = log sum_k exp(alpha[N, k]).
 *
 * The transition rows have no prior statement (uniform on the simplex) and
 * there is no initial-state term (a uniform initial distribution, up to a
 * constant). The normal prior on the positive-ordered pair is not
 * renormalised (a constant).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { data, defineModel, normal, param } from '../src/index.js';

/**
 * Name of the matching posteriordb posterior, `hmm_example-hmm_example`: the folder of its data
 * and reference draws under {@link posteriordbDir}.
 *
 * @example
 * ```ts
 * import { HMM_EXAMPLE_POSTERIOR, loadReferenceDraws } from 'brenier/models';
 *
 * const reference = loadReferenceDraws(HMM_EXAMPLE_POSTERIOR);
 * const mean = (xs: number[] = []) => xs.reduce((a, b) => a + b, 0) / xs.length;
 * console.log(mean(reference['mu[1]']), mean(reference['mu[2]'])); // ≈ 3.02 8.83
 * ```
 */
export const HMM_EXAMPLE_POSTERIOR = 'hmm_example-hmm_example';

/**
 * The two-state Gaussian HMM of posteriordb's `hmm_example`, with the
 * forward algorithm in log space. Data: `N` (sequence length), `K` (number
 * of states, which must be 2) and `y[N]`; draws `theta1[1..2]`,
 * `theta2[1..2]`, `mu[1..2]`.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { HMM_EXAMPLE_POSTERIOR, hmmExample, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(HMM_EXAMPLE_POSTERIOR); // N = 100, K = 2
 * const lp = hmmExample.logDensity({ theta1: [0.67, 0.33], theta2: [0.07, 0.93], mu: [3, 8.8] }, data); // ≈ -166.89
 * const posterior = await fitPosterior(hmmExample, data, { seed: 1 });
 * console.log(posterior.formatSummary()); // mu ≈ (3.02, 8.82), theta2[1] ≈ 0.07
 * ```
 */
export const hmmExample = defineModel({
  name: 'hmm_example',
  data: {
    /** Length of the observed sequence. */
    N: data.int({ lower: 1 }),
    /** Number of hidden states (must be 2). */
    K: data.int({ lower: 2, upper: 2 }),
    /** The observed sequence `y[1..N]` (length N). */
    y: data.vector('N'),
  },
  params: {
    /** Transition probabilities out of state 1: `theta1[k] = P(z[t] = k | z[t-1] = 1)` (a simplex of size 2). */
    theta1: param.simplex(2),
    /** Transition probabilities out of state 2 (a simplex of size 2). */
    theta2: param.simplex(2),
    /** Emission means of states 1 and 2, positive and ordered: `0 < mu[1] < mu[2]`. */
    mu: param.positiveOrdered(2),
  },
  logDensity: ({ theta1, theta2, mu }, { N, y }) => {
    // Emission log densities, [N, T, 2], computed once and split into T steps
    // of [N, 1, 2] (one row vector per particle).
    const emission = tf.split(normal(tf.expandDims(mu, 1), 1).logProb(tf.reshape(y, [N, 1])), N, 1);
    const gamma = tf.stack([theta1, theta2], 1) as tf.Tensor3D; // [N, from, to]
    // Forward recursion in log space. The log-sum-exp over the previous state
    // is m + log(sum_j exp(alpha[j] - m) Gamma[j, k]) with m = max_j alpha[j],
    // the sum being one batched [1, 2] x [2, 2] product per particle: seven
    // ops per step, fewer than tf.logSumExp over an [N, 2, 2] tensor.
    let alpha = emission[0] as tf.Tensor;
    for (let t = 1; t < N; t++) {
      const m = tf.max(alpha, 2, true); // [N, 1, 1]
      const next = tf.matMul(tf.exp(tf.sub(alpha, m)) as tf.Tensor3D, gamma);
      alpha = tf.add(tf.add(tf.log(next), m), emission[t] as tf.Tensor);
    }
    return {
      mu: normal([3, 10], 1).logProb(mu), // mu[1] ~ Normal(3, 1), mu[2] ~ Normal(10, 1)
      likelihood: tf.logSumExp(alpha, 2), // [N, 1]
    };
  },
});
