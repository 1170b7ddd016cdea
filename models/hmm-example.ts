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

/** Name of the matching posteriordb posterior. */
export const HMM_EXAMPLE_POSTERIOR = 'hmm_example-hmm_example';

/**
 * The two-state Gaussian HMM of posteriordb's `hmm_example`, with the
 * forward algorithm in log space. Data: `N` (sequence length), `K` (number
 * of states, which must be 2) and `y[N]`; draws `theta1[1..2]`,
 * `theta2[1..2]`, `mu[1..2]`.
 */
export const hmmExample = defineModel({
  name: 'hmm_example',
  data: {
    N: data.int({ lower: 1 }),
    K: data.int({ lower: 2, upper: 2 }),
    y: data.vector('N'),
  },
  params: {
    theta1: param.simplex(2),
    theta2: param.simplex(2),
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
