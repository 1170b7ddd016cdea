/**
 * Multivariate distributions: multivariate normal (covariance and Cholesky
 * forms), Dirichlet and LKJ on Cholesky factors of correlation matrices.
 *
 * @module
 */
export {
  MultivariateNormal,
  MultivariateNormalBase,
  MultivariateNormalCholesky,
  multivariateNormal,
  multivariateNormalCholesky,
} from './multivariate-normal.js';
export { Dirichlet, dirichlet, logGammaVariate } from './dirichlet.js';
export { LKJCholesky, lkjCholesky, lkjLogConstant } from './lkj-cholesky.js';
