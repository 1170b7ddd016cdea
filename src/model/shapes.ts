/**
 * Shapes in declarations: dimensions are numbers or the names of integer
 * data fields, resolved when data are bound.
 *
 * @module
 */
import { ModelDefinitionError } from '../core/errors.js';

/**
 * A dimension: a fixed size or the name of an integer data field.
 *
 * @example
 * ```ts
 * import { param, type Dim } from 'brenier';
 *
 * const groups: Dim = 'J'; // resolved from the data field J when data are bound
 * const effects = param.real([groups, 2]);
 * effects.dims; // ['J', 2]
 * ```
 */
export type Dim = number | string;

/**
 * A shape: one dimension, or a list (empty for a scalar).
 *
 * @example
 * ```ts
 * import { data, param, type ShapeSpec } from 'brenier';
 *
 * const shape: ShapeSpec = ['J', 2]; // 'J' alone is a vector, [] a scalar
 * const z = param.real(shape); // [N, J, 2] in the log density
 * const x = data.array(shape); // [J, 2] tensor in the log density
 * ```
 */
export type ShapeSpec = Dim | readonly Dim[];

/** Normalise a shape spec to a list of dimensions. */
export function shapeList(spec: ShapeSpec | undefined): readonly Dim[] {
  if (spec === undefined) return [];
  return typeof spec === 'number' || typeof spec === 'string' ? [spec] : spec;
}

/**
 * Resolve dimensions against bound integer data.
 *
 * @param entry - the declaration being resolved, for error messages.
 * @param lookup - returns the value of an integer data field, or undefined.
 */
export function resolveShape(
  entry: string,
  dims: readonly Dim[],
  lookup: (name: string) => number | undefined,
): number[] {
  return dims.map((d) => {
    if (typeof d === 'number') {
      if (!Number.isInteger(d) || d < 0) {
        throw new ModelDefinitionError(entry, `dimension ${d} is not a non-negative integer`);
      }
      return d;
    }
    const v = lookup(d);
    if (v === undefined) {
      throw new ModelDefinitionError(entry, `dimension '${d}' is not an integer data field of the model`);
    }
    return v;
  });
}

/** `[2, 3]` -> `'[2, 3]'`. */
export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}
