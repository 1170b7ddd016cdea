/**
 * Data matrices for the generative mode: validation of user samples (rows
 * are points) into row-major float64, and the affine standardisation the
 * flow runs in.
 *
 * @module
 */
import { DataValidationError, NumericalError, describeValue } from '../core/errors.js';
import { cholesky, choleskyLogDet, solveLower } from '../math/linalg.js';

/** Points as a row-major `[n, d]` float64 array. */
export interface DataMatrix {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
}

/**
 * Validate samples given as rows (`samples[i][j]` is coordinate `j` of
 * point `i`) and copy them into a row-major float64 matrix. Nothing is
 * coerced: ragged rows, non-numbers and non-finite values are errors that
 * name the entry.
 *
 * @param samples - the points, one row each.
 * @param field - the name used in error messages.
 * @param minRows - fewest points accepted.
 * @throws {@link DataValidationError} naming the offending entry.
 */
export function toDataMatrix(samples: unknown, field: string, minRows = 1): DataMatrix {
  if (!Array.isArray(samples))
    throw new DataValidationError(field, 'an array of points (rows of numbers)', describeValue(samples));
  const n = samples.length;
  if (n < minRows) throw new DataValidationError(field, `at least ${minRows} points`, `${n}`);
  const first: unknown = samples[0];
  if (!Array.isArray(first) && !(first instanceof Float64Array))
    throw new DataValidationError(`${field}[0]`, 'a point: an array of numbers', describeValue(first));
  const d = (first as ArrayLike<number>).length;
  if (d < 1) throw new DataValidationError(`${field}[0]`, 'a point with at least one coordinate', 'an empty array');
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row: unknown = samples[i];
    if (!Array.isArray(row) && !(row instanceof Float64Array))
      throw new DataValidationError(`${field}[${i}]`, 'a point: an array of numbers', describeValue(row));
    const values = row as ArrayLike<unknown>;
    if (values.length !== d)
      throw new DataValidationError(`${field}[${i}]`, `${d} coordinates, as ${field}[0]`, `${values.length}`);
    for (let j = 0; j < d; j++) {
      const v = values[j];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new DataValidationError(`${field}[${i}][${j}]`, 'a finite number', describeValue(v));
      data[i * d + j] = v;
    }
  }
  return { data, n, d };
}

/** Row-major `[n, d]` points back to rows. */
export function toRows(data: Float64Array, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
}

/**
 * An affine standardisation `z = L^{-1} (y - mean)`: with `L` the Cholesky
 * factor of the sample covariance (`'affine'`), its diagonal square root
 * (`'diagonal'`), or the identity and zero mean (`'none'`).
 */
export interface Standardisation {
  readonly kind: 'affine' | 'diagonal' | 'none';
  readonly mean: number[];
  /** Lower-triangular `L`, row-major `[d, d]`. */
  readonly scale: number[];
  /** `log |det L|`. */
  readonly logDetScale: number;
}

/**
 * The Cholesky factor of a fitted covariance. With `relativeCheck`, a
 * matrix also counts as singular when some conditional variance (a squared
 * pivot `L_jj^2`) is below `1e-12` of the corresponding variance `S_jj`:
 * such data lie, up to float64 rounding, on a lower-dimensional affine
 * subspace.
 */
export function checkedCholesky(
  fn: string,
  what: string,
  covariance: Float64Array,
  d: number,
  relativeCheck = true,
): Float64Array {
  let l: Float64Array;
  try {
    l = cholesky(covariance, d);
  } catch (error) {
    if (!(error instanceof NumericalError)) throw error;
    throw new NumericalError(
      'not-positive-definite',
      `${fn}: the ${what} is singular (${error.message}); the data lie on a lower-dimensional affine subspace`,
      { ...error.details },
    );
  }
  for (let j = 0; relativeCheck && j < d; j++) {
    const pivot = (l[j * d + j] as number) ** 2;
    if (pivot <= 1e-12 * (covariance[j * d + j] as number)) {
      throw new NumericalError(
        'not-positive-definite',
        `${fn}: the ${what} is numerically singular (coordinate ${j} is an affine function of the ` +
          `previous coordinates up to a relative residual variance of ${pivot / (covariance[j * d + j] as number)})`,
        { pivot: j, value: pivot },
      );
    }
  }
  return l;
}

/**
 * Sample mean and covariance of `[n, d]` points, the covariance divided by
 * `divisor` (`n` for maximum likelihood, `n - 1` for the unbiased estimate).
 */
export function sampleMoments(points: DataMatrix, divisor: number): { mean: Float64Array; covariance: Float64Array } {
  const { data, n, d } = points;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
  const covariance = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) c[a] = (data[i * d + a] as number) - (mean[a] as number);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++)
        covariance[a * d + b] = (covariance[a * d + b] as number) + (c[a] as number) * (c[b] as number);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const v = (covariance[a * d + b] as number) / divisor;
      covariance[a * d + b] = v;
      covariance[b * d + a] = v;
    }
  }
  return { mean, covariance };
}

/** Fit a standardisation to `[n, d]` points. */
export function fitStandardisation(points: DataMatrix, kind: Standardisation['kind']): Standardisation {
  const { n, d } = points;
  const scale = new Float64Array(d * d);
  if (kind === 'none') {
    for (let j = 0; j < d; j++) scale[j * d + j] = 1;
    return { kind, mean: new Array<number>(d).fill(0), scale: Array.from(scale), logDetScale: 0 };
  }
  const { mean, covariance } = sampleMoments(points, n - 1);
  if (kind === 'diagonal') {
    for (let j = 0; j < d; j++) {
      const v = covariance[j * d + j] as number;
      // Relative to the values' size: round-off leaves a constant column a tiny variance.
      if (!(v > 1e-20 * Math.max(1, (mean[j] as number) ** 2))) {
        throw new NumericalError(
          'not-positive-definite',
          `coordinate ${j} of the samples is constant: cannot standardise`,
          {
            coordinate: j,
          },
        );
      }
      scale[j * d + j] = Math.sqrt(v);
    }
  } else {
    try {
      scale.set(checkedCholesky('fitGenerative', "samples' covariance", covariance, d));
    } catch (error) {
      if (!(error instanceof NumericalError)) throw error;
      throw new NumericalError(
        error.issue,
        `${error.message}: use standardize: 'diagonal', or drop the dependent coordinates`,
        error.details,
      );
    }
  }
  return { kind, mean: Array.from(mean), scale: Array.from(scale), logDetScale: choleskyLogDet(scale, d) / 2 };
}

/** `z = L^{-1} (y - mean)` for `[n, d]` points. */
export function standardise(s: Standardisation, y: Float64Array, n: number, d: number): Float64Array {
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) centred[i * d + j] = (y[i * d + j] as number) - (s.mean[j] as number);
  // Solve L Z' = Y' for all points at once (columns are points).
  const transposed = new Float64Array(d * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) transposed[j * n + i] = centred[i * d + j] as number;
  const solved = solveLower(Float64Array.from(s.scale), transposed, d, n);
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[i * d + j] = solved[j * n + i] as number;
  return z;
}

/** `y = mean + L z` for `[n, d]` points. */
export function unstandardise(s: Standardisation, z: Float64Array, n: number, d: number): Float64Array {
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      let v = s.mean[a] as number;
      for (let b = 0; b <= a; b++) v += (s.scale[a * d + b] as number) * (z[i * d + b] as number);
      y[i * d + a] = v;
    }
  }
  return y;
}
