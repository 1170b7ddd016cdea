/**
 * Shape checks of the arguments and values of distributions over
 * categories and with event dimensions (vectors, matrices). Internal to the
 * distribution library.
 *
 * @module
 */
import { DistributionArgumentError, ShapeMismatchError } from '../core/errors.js';
import { broadcastShapes } from '../core/ndarray.js';
import { argShape, type Arg } from './distribution.js';

/**
 * Number of categories `K`: the length of the argument's last axis.
 *
 * @throws {@link DistributionArgumentError} when the argument is a scalar or its last axis is empty.
 * @internal
 */
export function categoryCount(distribution: string, name: string, arg: Arg): number {
  const shape = argShape(arg);
  const k = shape[shape.length - 1];
  if (k === undefined || k < 1) {
    throw new DistributionArgumentError(
      distribution,
      name,
      'a vector (last axis: categories) of length >= 1',
      `shape [${shape.join(', ')}]`,
    );
  }
  return k;
}

/**
 * Check that a value of a distribution with event shape `event` has that
 * trailing shape and a batch part broadcasting with `batch`.
 *
 * @throws {@link ShapeMismatchError} otherwise.
 * @internal
 */
export function checkEventValue(
  distribution: string,
  shape: readonly number[],
  batch: readonly number[],
  event: readonly number[],
): void {
  const r = event.length;
  const tail = shape.slice(shape.length - r);
  if (shape.length < r || tail.some((d, i) => d !== event[i])) {
    throw new ShapeMismatchError(
      `${distribution}.logProb`,
      `value of shape [${shape.join(', ')}] does not end with the event shape [${event.join(', ')}]`,
    );
  }
  const valueBatch = shape.slice(0, shape.length - r);
  if (broadcastShapes(valueBatch, batch) === undefined) {
    throw new ShapeMismatchError(
      `${distribution}.logProb`,
      `value batch shape [${valueBatch.join(', ')}] does not broadcast against the batch shape [${batch.join(', ')}]` +
        ' (to pair every parameter draw with every observation, give the parameters a size-1 axis, e.g. [N, 1, K])',
    );
  }
}
