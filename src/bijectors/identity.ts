/**
 * The identity bijector for unconstrained real parameters, and the small
 * shape and validation helpers shared by all bijectors.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { ContinuousConstraint } from '../constraints.js';
import { ShapeMismatchError } from '../core/errors.js';
import { sizeOf } from '../core/ndarray.js';
import type { Bijector } from './bijector.js';

/**
 * A description of what is wrong with `shape` (a dimension that is not a
 * non-negative integer), or `undefined` if it is a valid shape.
 *
 * @internal
 * @category Bijectors
 */
export function shapeProblem(shape: readonly number[]): string | undefined {
  if (!Array.isArray(shape)) return 'the shape must be an array of dimensions';
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      return `dimension ${i} of shape [${shape.join(', ')}] is ${String(d)}, not a non-negative integer`;
    }
  }
  return undefined;
}

/**
 * `shape` as text, e.g. `[2, 3]`.
 *
 * @internal
 * @category Bijectors
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Row-major multi-index of flat position `flat` in `shape`, as text
 * (`[1, 0, 2]`); the plain number for rank-1 shapes.
 *
 * @internal
 * @category Bijectors
 */
export function formatIndex(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return String(flat);
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] as number;
    index[i] = rest % d;
    rest = Math.floor(rest / d);
  }
  return `[${index.join(', ')}]`;
}

/**
 * Throws unless `shape` is allowed by `bijector` and `y` has one value per
 * element of `shape`; returns `k`, the number of unconstrained coordinates.
 * Used by `inverse` and `freeCoordinates`, whose inputs must be valid.
 *
 * @internal
 * @category Bijectors
 */
export function expectValue(bijector: Bijector, y: Float64Array, shape: readonly number[], where: string): number {
  const k = bijector.unconstrainedSize(shape);
  if (typeof k === 'string') throw new ShapeMismatchError(`${bijector.constraint.type} bijector ${where}`, k);
  const n = sizeOf(shape);
  if (y.length !== n) {
    throw new ShapeMismatchError(
      `${bijector.constraint.type} bijector ${where}`,
      `expected ${n} values for shape ${formatShape(shape)}, received ${y.length}`,
    );
  }
  return k;
}

/**
 * `undefined` if `y` has one value per element of an allowed `shape` and all
 * values are finite, otherwise the problem. The common first step of every
 * `check`.
 *
 * @internal
 * @category Bijectors
 */
export function basicValueProblem(bijector: Bijector, y: Float64Array, shape: readonly number[]): string | undefined {
  const k = bijector.unconstrainedSize(shape);
  if (typeof k === 'string') return k;
  const n = sizeOf(shape);
  if (y.length !== n) return `expected ${n} values for shape ${formatShape(shape)}, received ${y.length}`;
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) return `entry ${formatIndex(i, shape)} is ${v}, not finite`;
  }
  return undefined;
}

/**
 * Throws unless `z` is a batch `[N, k]` with `k` the unconstrained size of
 * `shape`; returns `[N, k]`. The common first step of every `forward`.
 *
 * @internal
 * @category Bijectors
 */
export function expectBatch(bijector: Bijector, z: tf.Tensor, shape: readonly number[]): [number, number] {
  const where = `${bijector.constraint.type} bijector forward`;
  const k = bijector.unconstrainedSize(shape);
  if (typeof k === 'string') throw new ShapeMismatchError(where, k);
  if (z.rank !== 2 || z.shape[1] !== k) {
    throw new ShapeMismatchError(
      where,
      `expected unconstrained points of shape [N, ${k}] for a value of shape ${formatShape(shape)}, received [${z.shape.join(', ')}]`,
    );
  }
  return [z.shape[0] as number, k];
}

/**
 * The identity map for real-valued parameters of any shape:
 * `y = z`, `log|J| = 0`. `k = prod(shape)`, coordinates in row-major order.
 *
 * @category Bijectors
 */
export class IdentityBijector implements Bijector {
  /** Always `{ type: 'real' }`. */
  readonly constraint: ContinuousConstraint = { type: 'real' };

  /** `prod(shape)`; any shape is allowed. */
  unconstrainedSize(shape: readonly number[]): number | string {
    return shapeProblem(shape) ?? sizeOf(shape);
  }

  /** `y = z` reshaped to `[N, ...shape]`; `log|J| = 0`. */
  forward(z: tf.Tensor2D, shape: readonly number[]): { value: tf.Tensor; logDetJacobian: tf.Tensor1D } {
    const [n] = expectBatch(this, z, shape);
    return { value: tf.reshape(z, [n, ...shape]), logDetJacobian: tf.zeros([n]) };
  }

  /** `z = y`. */
  inverse(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'inverse');
    return Float64Array.from(y);
  }

  /** Every entry must be finite. */
  check(y: Float64Array, shape: readonly number[]): string | undefined {
    return basicValueProblem(this, y, shape);
  }

  /** All entries. */
  freeCoordinates(y: Float64Array, shape: readonly number[]): Float64Array {
    expectValue(this, y, shape, 'freeCoordinates');
    return Float64Array.from(y);
  }
}
