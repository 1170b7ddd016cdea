/**
 * Plain float64 n-dimensional arrays (row-major), used for data, samples and
 * anything that must not be rounded to float32.
 *
 * @module
 */
import { BrenierError } from './errors.js';

/**
 * A row-major float64 array with a shape. A scalar has shape `[]`. The
 * distributions' samplers, means and variances return one.
 *
 * @example
 * ```ts
 * import { Rng, normal, type NDArray } from 'brenier';
 *
 * const draws: NDArray = normal(0, [1, 2]).sample(new Rng(1), [1000]);
 * draws.shape; // [1000, 2]
 * const second = draws.data[2 * 10 + 1]; // draw 11 of the component with scale 2 (row-major)
 * ```
 */
export interface NDArray {
  /** Values, row-major. */
  readonly data: Float64Array;
  /** Dimensions; `[]` for a scalar. */
  readonly shape: readonly number[];
}

/**
 * Nested arrays of numbers, as users write data: `3`, `[1, 2]`, `[[1, 2], [3, 4]]`.
 *
 * @example
 * ```ts
 * import { initBackend, type NestedNumbers } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const values: Record<string, NestedNumbers> = compiled.constrain(new Float64Array(compiled.dimension));
 * // { theta_trans: [0, 0, 0, 0, 0, 0, 0, 0], mu: 0, tau: 1 }
 * ```
 */
export type NestedNumbers = number | readonly NestedNumbers[];

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Build an NDArray; checks that the data length matches the shape. */
export function ndarray(data: ArrayLike<number>, shape: readonly number[]): NDArray {
  if (data.length !== sizeOf(shape)) {
    throw new BrenierError('shape-mismatch', `ndarray: ${data.length} values do not fill shape [${shape.join(', ')}]`);
  }
  return { data: Float64Array.from(data), shape: [...shape] };
}

/**
 * Shape of a nested number array, or `undefined` if it is ragged or holds
 * something other than numbers.
 */
export function nestedShape(value: unknown): number[] | undefined {
  if (typeof value === 'number') return [];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return [(value as Float64Array).length];
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return [0];
  const inner = nestedShape(value[0]);
  if (inner === undefined) return undefined;
  for (let i = 1; i < value.length; i++) {
    const s = nestedShape(value[i]);
    if (s === undefined || s.length !== inner.length || s.some((d, j) => d !== inner[j])) return undefined;
  }
  return [value.length, ...inner];
}

/** Flatten a (rectangular) nested number array row-major into float64. */
export function flattenNested(value: unknown, shape: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (v: unknown): void => {
    if (typeof v === 'number') out[k++] = v;
    else if (Array.isArray(v)) for (const e of v) walk(e);
    else if (ArrayBuffer.isView(v)) for (const e of v as Float64Array) out[k++] = e;
  };
  walk(value);
  return out;
}

/** Convert a number or nested array to an NDArray, or `undefined` if ragged. */
export function fromNested(value: unknown): NDArray | undefined {
  const shape = nestedShape(value);
  if (shape === undefined) return undefined;
  return { data: flattenNested(value, shape), shape };
}

/** Convert an NDArray back to nested plain arrays (a number for a scalar). */
export function toNested(array: NDArray): NestedNumbers {
  const { data, shape } = array;
  if (shape.length === 0) return data[0] as number;
  let k = 0;
  const build = (dim: number): NestedNumbers => {
    const n = shape[dim] as number;
    const out: NestedNumbers[] = [];
    for (let i = 0; i < n; i++) out.push(dim === shape.length - 1 ? (data[k++] as number) : build(dim + 1));
    return out;
  };
  return build(0);
}

/**
 * NumPy broadcasting of shapes; `undefined` when they are incompatible.
 */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      const d = s[i] as number;
      const o = out[j] as number;
      if (o === 1) out[j] = d;
      else if (d !== 1 && d !== o) return undefined;
    }
  }
  return out;
}

/** Broadcast an NDArray to a larger shape (which must be compatible). */
export function broadcastTo(array: NDArray, shape: readonly number[]): Float64Array {
  const target = broadcastShapes(array.shape, shape);
  if (target === undefined || target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
    throw new BrenierError(
      'shape-mismatch',
      `cannot broadcast shape [${array.shape.join(', ')}] to [${shape.join(', ')}]`,
    );
  }
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  const rank = shape.length;
  const offset = rank - array.shape.length;
  // Strides of the source, zero along broadcast axes.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = array.shape.length - 1; i >= 0; i--) {
    const d = array.shape[i] as number;
    strides[i + offset] = d === 1 ? 0 : stride;
    stride *= d;
  }
  const index = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += (index[i] as number) * (strides[i] as number);
    out[k] = array.data[src] as number;
    for (let i = rank - 1; i >= 0; i--) {
      index[i] = (index[i] as number) + 1;
      if ((index[i] as number) < (shape[i] as number)) break;
      index[i] = 0;
    }
  }
  return out;
}
