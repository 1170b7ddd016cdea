/**
 * Data declarations and validation. A model declares its data by a schema;
 * binding data checks every field (presence, type, shape, finiteness,
 * bounds) and throws a {@link DataValidationError} naming the field and what
 * was expected.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { DataValidationError, ModelDefinitionError, describeValue } from '../core/errors.js';
import { fromNested, type NDArray } from '../core/ndarray.js';
import { formatShape, resolveShape, shapeList, type Dim, type ShapeSpec } from './shapes.js';

/**
 * A bound: a number, or the name of an integer data field (e.g. `upper: 'J'` for group indices).
 *
 * @example
 * ```ts
 * import { data, type Bound } from 'brenier';
 *
 * const lower: Bound = 1;
 * const upper: Bound = 'J'; // the value of the data field J, once data are bound
 * const group = data.intArray('N', { lower, upper });
 * ```
 */
export type Bound = number | string;

/**
 * Bounds of a data field (inclusive), checked when data are bound.
 *
 * @example Group indices must lie in 1..J
 * ```ts
 * import { data, defineModel, initBackend, normal, param, select, type DataBounds } from 'brenier';
 *
 * const groupIndex: DataBounds = { lower: 1, upper: 'J' };
 * const model = defineModel({
 *   data: { N: data.int(), J: data.int({ lower: 1 }), group: data.intArray('N', groupIndex), y: data.vector('N') },
 *   params: { alpha: param.real('J') },
 *   logDensity: ({ alpha }, { group, y }) => normal(select(alpha, group), 1).logProb(y),
 * });
 * await initBackend();
 * model.compile({ N: 2, J: 2, group: [1, 3], y: [0.5, 1.5] });
 * // DataValidationError: data field 'group[2]': expected a value <= 2, received 3
 * ```
 */
export interface DataBounds {
  /** Smallest allowed value (inclusive). */
  lower?: Bound;
  /** Largest allowed value (inclusive). */
  upper?: Bound;
}

/**
 * Declaration of one data field. Build it with the {@link data} helpers.
 *
 * @example
 * ```ts
 * import { data, type DataDecl } from 'brenier';
 *
 * const counts: DataDecl<'int', true> = data.intArray('N', { lower: 0 });
 * counts.kind; // 'int'
 * counts.dims; // ['N']
 * counts.bounds; // { lower: 0 }
 * ```
 * @category Model
 */
export interface DataDecl<K extends 'int' | 'real' = 'int' | 'real', R extends boolean = boolean> {
  /** Element type: integers or reals. */
  readonly kind: K;
  /** Dimensions; empty for a scalar. */
  readonly dims: readonly Dim[];
  /** Inclusive bounds checked when data are bound. */
  readonly bounds: DataBounds;
  /** Phantom marker: whether the field is an array (a tensor in the log density) or a scalar (a number). */
  readonly isArray: R;
}

function decl<K extends 'int' | 'real', R extends boolean>(
  kind: K,
  dims: readonly Dim[],
  bounds: DataBounds,
  isArray: R,
): DataDecl<K, R> {
  return { kind, dims, bounds: { ...bounds }, isArray };
}

/**
 * Data-field declarations: the schema of a model's data (Stan's `data`
 * block). Dimensions and bounds may name integer scalar fields. Inside the
 * log density, scalars are plain numbers and arrays are tensors of their
 * declared shape (float32 for reals, int32 for integers), with no particle
 * axis.
 *
 * @example Linear regression
 * ```ts
 * import { data, defineModel, exponential, initBackend, linearPredictor, normal, param } from 'brenier';
 *
 * const regression = defineModel({
 *   data: {
 *     N: data.int({ lower: 0 }),
 *     K: data.int({ lower: 1 }),
 *     X: data.matrix('N', 'K'), // [N, K] tensor in the log density
 *     y: data.vector('N'), // [N] tensor
 *     priorScale: data.real({ lower: 0 }), // a plain number
 *   },
 *   params: { beta: param.real('K'), sigma: param.positive() },
 *   logDensity: ({ beta, sigma }, { X, y, priorScale }) => ({
 *     priors: [normal(0, priorScale).logProb(beta), exponential(1).logProb(sigma)],
 *     likelihood: normal(linearPredictor(X, beta), sigma).logProb(y),
 *   }),
 * });
 * await initBackend();
 * const X = [[1, 0.5], [1, -1], [1, 2]];
 * const compiled = regression.compile({ N: 3, K: 2, X, y: [1.2, -0.3, 2.8], priorScale: 2.5 });
 * compiled.parameterNames; // ['beta[1]', 'beta[2]', 'sigma']
 * ```
 * @category Model
 */
export const data = {
  /** An integer scalar (a number in the log density). */
  int: (bounds: DataBounds = {}): DataDecl<'int', false> => decl('int', [], bounds, false),
  /** A real scalar (a number in the log density). */
  real: (bounds: DataBounds = {}): DataDecl<'real', false> => decl('real', [], bounds, false),
  /** A real vector of the given length (a float32 tensor). */
  vector: (length: Dim, bounds: DataBounds = {}): DataDecl<'real', true> => decl('real', [length], bounds, true),
  /** A real matrix (a float32 tensor of shape `[rows, cols]`). */
  matrix: (rows: Dim, cols: Dim, bounds: DataBounds = {}): DataDecl<'real', true> =>
    decl('real', [rows, cols], bounds, true),
  /** A real array of any shape (a float32 tensor). */
  array: (shape: ShapeSpec, bounds: DataBounds = {}): DataDecl<'real', true> =>
    decl('real', shapeList(shape), bounds, true),
  /** An integer array of any shape (an int32 tensor), e.g. counts or 1-based indices. */
  intArray: (shape: ShapeSpec, bounds: DataBounds = {}): DataDecl<'int', true> =>
    decl('int', shapeList(shape), bounds, true),
} as const;

/** The value a data field takes inside a log density: numbers for scalars, tensors for arrays. */
export type DataValue<T> = T extends DataDecl<'int' | 'real', true> ? tf.Tensor : number;

/**
 * The record of data values a log density receives: numbers for scalar
 * fields, tensors for arrays. Useful to type a function that a log density
 * calls.
 *
 * @example
 * ```ts
 * import type * as tf from '@tensorflow/tfjs';
 * import { data, defineModel, normal, param, type DataValues } from 'brenier';
 *
 * const schema = { N: data.int(), y: data.vector('N'), sigma: data.real({ lower: 0 }) };
 * // { N: number; y: tf.Tensor; sigma: number }
 * const likelihood = (mu: tf.Tensor, { y, sigma }: DataValues<typeof schema>) => normal(mu, sigma).logProb(y);
 * const model = defineModel({
 *   data: schema,
 *   params: { mu: param.real() },
 *   logDensity: ({ mu }, values) => [normal(0, 10).logProb(mu), likelihood(mu, values)],
 * });
 * ```
 */
export type DataValues<D> = { readonly [K in keyof D]: DataValue<D[K]> };

/**
 * Plain input data: numbers and nested arrays (or typed arrays for vectors),
 * keyed by field name, as in Stan's JSON data files.
 *
 * @example
 * ```ts
 * import { initBackend, type DataInput } from 'brenier';
 * import { eightSchools } from 'brenier/models';
 *
 * await initBackend();
 * const input: DataInput = { J: 3, y: [28, 8, -3], sigma: [15, 10, 16] };
 * const compiled = eightSchools.compile(input); // J sizes theta_trans, y and sigma
 * compiled.dimension; // 5
 * ```
 */
export type DataInput = Record<string, unknown>;

/** Data checked against the schema, in float64, with their resolved shapes. */
export interface BoundData {
  /** Field values in float64, row-major. */
  readonly arrays: ReadonlyMap<string, NDArray>;
  /** Resolved shapes by field. */
  readonly shapes: ReadonlyMap<string, readonly number[]>;
  /** Integer scalars, for resolving parameter shapes. */
  readonly ints: ReadonlyMap<string, number>;
}

/**
 * Validate `input` against a data schema. Integer scalars are resolved first
 * (they may size other fields), then every field in declaration order.
 * Unknown fields are rejected, so a misspelt name is not silently ignored.
 *
 * @throws {@link DataValidationError} naming the field.
 */
export function bindData(schema: Readonly<Record<string, DataDecl>>, input: DataInput): BoundData {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new DataValidationError('(data)', 'an object mapping field names to values', describeValue(input));
  }
  for (const key of Object.keys(input)) {
    if (!(key in schema)) {
      throw new DataValidationError(
        key,
        `no such field (the model declares: ${Object.keys(schema).join(', ') || 'none'})`,
        'a value',
      );
    }
  }
  const ints = new Map<string, number>();
  const arrays = new Map<string, NDArray>();
  const shapes = new Map<string, readonly number[]>();
  const lookupInt =
    (field: string) =>
    (name: string): number => {
      const v = ints.get(name);
      if (v === undefined) {
        if (schema[name]?.kind === 'int' && schema[name]?.dims.length === 0) {
          throw new DataValidationError(name, 'an integer (it sizes or bounds field ' + `'${field}')`, 'nothing');
        }
        throw new ModelDefinitionError(field, `'${name}' is not an integer scalar data field`);
      }
      return v;
    };
  // Integer scalars first: they size and bound the other fields.
  const order = Object.keys(schema).sort((a, b) => rank(schema[a]) - rank(schema[b]));
  for (const field of order) {
    const d = schema[field] as DataDecl;
    const value = input[field];
    if (value === undefined) throw new DataValidationError(field, describeDecl(d), 'nothing (the field is missing)');
    const shape = resolveShape(field, d.dims, lookupInt(field));
    const array = checkField(field, d, value, shape);
    const bounds = resolveBounds(field, d.bounds, lookupInt(field));
    checkValues(field, d, array, bounds);
    if (d.kind === 'int' && d.dims.length === 0) ints.set(field, array.data[0] as number);
    arrays.set(field, array);
    shapes.set(field, shape);
  }
  return { arrays, shapes, ints };
}

function rank(d: DataDecl | undefined): number {
  return d !== undefined && d.kind === 'int' && d.dims.length === 0 ? 0 : 1;
}

function describeDecl(d: DataDecl): string {
  const what =
    d.dims.length === 0
      ? d.kind === 'int'
        ? 'an integer'
        : 'a finite number'
      : `${d.kind === 'int' ? 'an integer' : 'a real'} array of shape ${formatShape(d.dims)}`;
  return what;
}

function checkField(field: string, d: DataDecl, value: unknown, shape: readonly number[]): NDArray {
  if (d.dims.length === 0) {
    if (typeof value !== 'number') throw new DataValidationError(field, describeDecl(d), describeValue(value));
    return { data: Float64Array.of(value), shape: [] };
  }
  const array = fromNested(value);
  if (array === undefined || (typeof value === 'number' && shape.length > 0)) {
    throw new DataValidationError(
      field,
      `an array of shape ${formatShape(shape)}`,
      array === undefined ? `${describeValue(value)} that is ragged or not numeric` : describeValue(value),
    );
  }
  const same = array.shape.length === shape.length && array.shape.every((s, i) => s === shape[i]);
  if (!same) {
    throw new DataValidationError(
      field,
      `an array of shape ${formatShape(shape)} (declared ${formatShape(d.dims)})`,
      `shape ${formatShape(array.shape)}`,
    );
  }
  return array;
}

function resolveBounds(
  field: string,
  bounds: DataBounds,
  lookup: (name: string) => number,
): { lower?: number; upper?: number } {
  const out: { lower?: number; upper?: number } = {};
  for (const side of ['lower', 'upper'] as const) {
    const b = bounds[side];
    if (b === undefined) continue;
    if (typeof b === 'number') {
      if (Number.isNaN(b)) throw new ModelDefinitionError(field, `${side} bound is NaN`);
      out[side] = b;
    } else out[side] = lookup(b);
  }
  return out;
}

function entryName(field: string, shape: readonly number[], flat: number): string {
  if (shape.length === 0) return field;
  const idx: number[] = [];
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    const s = shape[i] as number;
    idx.unshift((rest % s) + 1);
    rest = Math.floor(rest / s);
  }
  return `${field}[${idx.join(',')}]`;
}

function checkValues(field: string, d: DataDecl, array: NDArray, bounds: { lower?: number; upper?: number }): void {
  const { data: values, shape } = array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v))
      throw new DataValidationError(entryName(field, shape, i), 'a finite number', describeValue(v));
    if (d.kind === 'int' && !Number.isInteger(v))
      throw new DataValidationError(entryName(field, shape, i), 'an integer', String(v));
    if (bounds.lower !== undefined && v < bounds.lower) {
      throw new DataValidationError(entryName(field, shape, i), `a value >= ${bounds.lower}`, String(v));
    }
    if (bounds.upper !== undefined && v > bounds.upper) {
      throw new DataValidationError(entryName(field, shape, i), `a value <= ${bounds.upper}`, String(v));
    }
  }
}

/**
 * Turn bound data into what the log density receives: numbers for scalars,
 * float32 tensors for real arrays and int32 tensors for integer arrays.
 * The tensors are kept (`tf.keep`) until the compiled model is disposed.
 */
export function dataTensors(
  schema: Readonly<Record<string, DataDecl>>,
  bound: BoundData,
): Record<string, number | tf.Tensor> {
  const out: Record<string, number | tf.Tensor> = {};
  for (const [field, d] of Object.entries(schema)) {
    const array = bound.arrays.get(field) as NDArray;
    if (d.dims.length === 0) out[field] = array.data[0] as number;
    else
      out[field] = tf.keep(
        tf.tensor(
          d.kind === 'int' ? Int32Array.from(array.data) : Float32Array.from(array.data),
          [...array.shape],
          d.kind === 'int' ? 'int32' : 'float32',
        ),
      );
  }
  return out;
}
