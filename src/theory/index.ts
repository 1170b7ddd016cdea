/**
 * Theory: closed-form Gaussian machinery of Monge–Ampère mirror descent
 * (KL divergences, the Bregman divergence of the mirror functional, exact
 * mirror and primal steps, the KL-optimal Gaussian), in float64.
 *
 * @module
 */
export {
  bregmanDivergence,
  exactMirrorStep,
  exactPrimalStep,
  gaussianElbo,
  gaussianEntropy,
  gaussianKl,
  klOptimalGaussian,
  quadraticPotentialKl,
  quadraticPushforward,
  randomSpd,
  type GaussianTarget,
  type QuadraticPotential,
} from './gaussian.js';
