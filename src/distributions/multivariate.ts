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
export { Dirichlet, dirichlet } from './dirichlet.js';
export { LKJCholesky, lkjCholesky } from './lkj-cholesky.js';
