/**
 * The distribution library.
 *
 * @module
 */
export { Distribution, type TensorLike } from './distribution.js';
export * from './continuous.js';
export * from './discrete.js';
export * from './multivariate.js';
