/**
 * Bijectors: smooth invertible maps from unconstrained coordinates onto the
 * supports of constrained parameters (Stan's transforms), and the registry
 * {@link bijectorFor}.
 *
 * @module
 */
export type { Bijector, BijectorOutput } from './bijector.js';
export { bijectorFor } from './registry.js';
export { IdentityBijector } from './identity.js';
export { LowerBoundBijector } from './lower-bound.js';
export { UpperBoundBijector } from './upper-bound.js';
export { IntervalBijector } from './interval.js';
export { SimplexBijector } from './simplex.js';
export { OrderedBijector } from './ordered.js';
export { PositiveOrderedBijector } from './positive-ordered.js';
export { CholeskyCorrBijector } from './cholesky-corr.js';
export { CovMatrixBijector } from './cov-matrix.js';
