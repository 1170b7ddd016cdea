/**
 * The bijector interface: a smooth invertible map from unconstrained
 * coordinates `z` in R^k onto a constraint's support, with the log absolute
 * determinant of its Jacobian.
 *
 * Batching: `forward` maps a batch `z` of shape `[N, k]` (a leading
 * particle axis) to constrained values of shape `[N, ...shape]` and returns
 * `logDetJacobian` of shape `[N]`. Vector constraints (simplex, ordered)
 * act on the last axis and matrix constraints (Cholesky factors, covariance
 * matrices) on the last two; leading axes of `shape` are independent copies
 * (Stan's arrays of simplexes).
 *
 * The inverse runs in float64 on plain arrays, for initial values and for
 * mapping reference draws to unconstrained space.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';

/**
 * What {@link Bijector.forward} returns.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { bijectorFor, type BijectorOutput } from 'brenier';
 *
 * const positive = bijectorFor({ type: 'lower', lower: 0 }); // y = exp(z)
 * const out: BijectorOutput = tf.tidy(() => positive.forward(tf.tensor2d([[0], [1]]), []));
 * out.value.arraySync(); // ≈ [1, 2.718]
 * out.logDetJacobian.arraySync(); // [0, 1] (log |dy/dz| = z)
 * ```
 */
export type BijectorOutput = {
  /** Constrained values, `[N, ...shape]`. */
  readonly value: tf.Tensor;
  /** Log absolute determinant of the Jacobian, `[N]`. */
  readonly logDetJacobian: tf.Tensor1D;
};

/**
 * A bijection between R^k and a constraint's support.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { bijectorFor, type Bijector } from 'brenier';
 *
 * const simplex: Bijector = bijectorFor({ type: 'simplex' });
 * simplex.unconstrainedSize([3]); // 2
 * const y = tf.tidy(() => simplex.forward(tf.tensor2d([[0, 0]]), [3]).value);
 * y.arraySync(); // ≈ [[0.333, 0.333, 0.333]]
 * const z = simplex.inverse(new Float64Array([0.2, 0.3, 0.5]), [3]); // 2 unconstrained coordinates
 * simplex.check(new Float64Array([0.5, 0.6, -0.1]), [3]); // a description of the violation
 * ```
 * @category Bijectors
 */
export interface Bijector {
  /** The constraint whose support this bijector maps onto. */
  readonly constraint: ContinuousConstraint;
  /**
   * Number of unconstrained coordinates for a constrained value of `shape`
   * (e.g. `K - 1` for a simplex of shape `[K]`).
   * Returns a string describing the problem when `shape` is not allowed
   * (e.g. a non-square Cholesky factor).
   */
  unconstrainedSize(shape: readonly number[]): number | string;
  /**
   * Map a batch of unconstrained points `z` (`[N, k]`) onto the support.
   * Returns the constrained values (`[N, ...shape]`) and the log absolute
   * determinant of the Jacobian of z -> free coordinates of y (`[N]`).
   * Call inside `tf.tidy`.
   */
  forward(z: tf.Tensor2D, shape: readonly number[]): BijectorOutput;
  /**
   * Inverse map in float64: a constrained value (row-major, of `shape`) to
   * its `k` unconstrained coordinates. The value must lie in the support
   * (check it with {@link Bijector.check} first).
   */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array;
  /**
   * `undefined` if `y` lies in the support (up to a tolerance of `1e-6` on
   * equality constraints such as a simplex summing to one), otherwise a short
   * description of the first violation, e.g. `'entry 3 is -0.2, not positive'`.
   */
  check(y: Float64Array, shape: readonly number[]): string | undefined;
  /**
   * The `k` free coordinates of a constrained value with respect to which
   * the log-Jacobian is defined (the first K - 1 entries of a simplex, the
   * strictly lower triangle of a Cholesky factor of a correlation matrix,
   * the lower triangle of a covariance matrix). Used by the tests that check
   * `logDetJacobian` against an autodiff Jacobian.
   */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array;
}
