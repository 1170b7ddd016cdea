/**
 * Feature maps `φ: R^d -> R^K` for linear-in-features functions
 * `f(y) = θ·φ(y) + c`, with exact first derivatives and Laplacians, in
 * float64 on row-major `Float64Array`s:
 *
 * - {@link quadraticFeatures}: the monomials of degree 1 and 2,
 * - {@link fourierFeatures}: random Fourier features of a Gaussian kernel,
 * - {@link concatFeatures}: several maps side by side.
 *
 * Layouts, for `n` points `y` (`[n, d]`, entry `(i, j)` at `y[i * d + j]`):
 * values `[n, K]`, gradients `[n, K, d]` (entry `(i, k, j) = ∂φ_k/∂y_j` at
 * point `i`, at `(i * K + k) * d + j`), Laplacians `[n, K]`
 * (`Σ_j ∂²φ_k/∂y_j²`).
 *
 * @module
 */
import { BrenierError, describeValue } from '../core/errors.js';
import { Rng } from '../core/rng.js';

/**
 * A feature map `φ: R^d -> R^K` with exact derivatives. All arrays are
 * row-major float64; every method returns a new array.
 *
 * @example
 * ```text
 * const phi = quadraticFeatures(2); // K = 5: y0, y1, y0², y0 y1, y1²
 * const y = Float64Array.from([1, 2, 3, 4]); // two points in R^2
 * phi.values(y, 2); // [1, 2, 1, 2, 4, 3, 4, 9, 12, 16]
 * phi.gradients(y, 2); // [2, 5, 2] per point: row k holds ∂φ_k/∂y
 * phi.laplacians(y, 2); // [0, 0, 2, 0, 2] per point
 * ```
 */
export interface FeatureMap {
  /** Input dimension `d`. */
  readonly dimension: number;
  /** Number of features `K`. */
  readonly size: number;
  /** `φ(y_i)` for `n` points `y` (`[n, d]`): `[n, K]`. */
  values(y: Float64Array, n: number): Float64Array;
  /** Jacobians `∂φ_k/∂y_j` at `n` points: `[n, K, d]`, entry `(i, k, j)`. */
  gradients(y: Float64Array, n: number): Float64Array;
  /** Laplacians `Δφ_k = Σ_j ∂²φ_k/∂y_j²` at `n` points: `[n, K]`. */
  laplacians(y: Float64Array, n: number): Float64Array;
  /** Plain JSON description from which {@link featureMapFromJSON} rebuilds the same map. */
  toJSON(): FeatureMapJSON;
}

/**
 * JSON form of a {@link FeatureMap}. For `'fourier'`, `weights` is the
 * row-major `[count, d]` matrix of the frequencies `w_k` (before division by
 * the bandwidth) and `offsets` the `count` phases `b_k`.
 *
 * @example
 * ```text
 * const json: FeatureMapJSON = {
 *   kind: 'concat',
 *   parts: [{ kind: 'quadratic', dimension: 2 }, fourierFeatures(2, 50, { bandwidth: 1, seed: 3 }).toJSON()],
 * };
 * const phi = featureMapFromJSON(json); // K = 5 + 50
 * ```
 */
export type FeatureMapJSON =
  | { kind: 'quadratic'; dimension: number }
  | { kind: 'fourier'; dimension: number; weights: number[]; offsets: number[]; bandwidth: number }
  | { kind: 'concat'; parts: FeatureMapJSON[] };

function invalid(message: string): BrenierError {
  return new BrenierError('invalid-argument', message);
}

function requirePositiveInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(`${where}: argument '${name}' must be a positive integer, received ${describeValue(value)}`);
  }
  return value;
}

/** Checks `y` has `n * d` finite entries; names the first bad one. */
function checkPoints(where: string, y: Float64Array, n: number, d: number): void {
  if (!(y instanceof Float64Array)) {
    throw invalid(`${where}: argument 'y' must be a Float64Array, received ${describeValue(y)}`);
  }
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw invalid(`${where}: argument 'n' must be a non-negative integer, received ${describeValue(n)}`);
  }
  if (y.length !== n * d) {
    throw invalid(
      `${where}: argument 'y' must hold n × d = ${n} × ${d} = ${n * d} entries (row-major [n, d]), received ${y.length}`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) {
      throw invalid(
        `${where}: argument 'y' has a non-finite entry at point ${Math.floor(i / d)}, coordinate ${i % d} (${describeValue(v)})`,
      );
    }
  }
}

/**
 * Quadratic features on `R^d`: first the `d` coordinates `y_j`, then the
 * `d(d+1)/2` products `y_i y_j` for `i <= j` (ordered by `i`, then `j`), so
 * `K = d + d(d+1)/2`. A linear function of them is a general quadratic
 * polynomial without constant term.
 *
 * Derivatives: `∂y_j/∂y_l = δ_jl`; `∂(y_i y_j)/∂y_l = δ_il y_j + δ_jl y_i`;
 * Laplacians `Δ(y_i²) = 2`, all others 0.
 *
 * @param d - input dimension, a positive integer.
 * @throws {@link BrenierError} `'invalid-argument'` naming `d` when it is not a positive integer.
 * @example
 * ```text
 * const phi = quadraticFeatures(3);
 * phi.size; // 3 + 6 = 9: y0, y1, y2, y0², y0 y1, y0 y2, y1², y1 y2, y2²
 * ```
 */
export function quadraticFeatures(d: number): FeatureMap {
  requirePositiveInteger('quadraticFeatures', 'd', d);
  return new QuadraticFeatures(d);
}

class QuadraticFeatures implements FeatureMap {
  readonly dimension: number;
  readonly size: number;

  constructor(d: number) {
    this.dimension = d;
    this.size = d + (d * (d + 1)) / 2;
  }

  values(y: Float64Array, n: number): Float64Array {
    const d = this.dimension;
    const K = this.size;
    checkPoints('quadraticFeatures.values', y, n, d);
    const out = new Float64Array(n * K);
    for (let p = 0; p < n; p++) {
      const yo = p * d;
      let o = p * K;
      for (let j = 0; j < d; j++) out[o++] = y[yo + j] as number;
      for (let i = 0; i < d; i++) {
        const yi = y[yo + i] as number;
        for (let j = i; j < d; j++) out[o++] = yi * (y[yo + j] as number);
      }
    }
    return out;
  }

  gradients(y: Float64Array, n: number): Float64Array {
    const d = this.dimension;
    const K = this.size;
    checkPoints('quadraticFeatures.gradients', y, n, d);
    const out = new Float64Array(n * K * d);
    for (let p = 0; p < n; p++) {
      const yo = p * d;
      const base = p * K * d;
      for (let j = 0; j < d; j++) out[base + j * d + j] = 1;
      let k = d;
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          const row = base + k * d;
          if (i === j) {
            out[row + i] = 2 * (y[yo + i] as number);
          } else {
            out[row + i] = y[yo + j] as number;
            out[row + j] = y[yo + i] as number;
          }
          k++;
        }
      }
    }
    return out;
  }

  laplacians(y: Float64Array, n: number): Float64Array {
    const d = this.dimension;
    const K = this.size;
    checkPoints('quadraticFeatures.laplacians', y, n, d);
    const one = new Float64Array(K);
    let k = d;
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        if (i === j) one[k] = 2;
        k++;
      }
    }
    const out = new Float64Array(n * K);
    for (let p = 0; p < n; p++) out.set(one, p * K);
    return out;
  }

  toJSON(): FeatureMapJSON {
    return { kind: 'quadratic', dimension: this.dimension };
  }
}

/**
 * Options of {@link fourierFeatures}.
 *
 * @example
 * ```text
 * const options: FourierFeatureOptions = { bandwidth: 0.5, seed: 1 };
 * const phi = fourierFeatures(2, 128, options);
 * ```
 */
export interface FourierFeatureOptions {
  /** Length scale `h` of the kernel `exp(-|y - y'|² / (2h²))` the features approximate; positive and finite. */
  bandwidth: number;
  /** Seed of the random frequencies and phases, a non-negative safe integer. */
  seed: number;
}

/**
 * Random Fourier features (Rahimi & Recht) of the Gaussian kernel of
 * bandwidth `h`: `φ_k(y) = sqrt(2/count) cos(w_k·y / h + b_k)`,
 * `k = 0..count-1`, with `w_k ~ N(0, I_d)` and `b_k ~ U[0, 2π)`, so that
 * `φ(y)·φ(y') ≈ exp(-|y - y'|² / (2h²))`.
 *
 * The draws come from `new Rng(seed)`: first the `count × d` weights
 * row by row (`w_0`, then `w_1`, ...), then the `count` offsets; the same
 * seed gives the same map.
 *
 * Derivatives, with `u_k = w_k·y / h + b_k`:
 * `∂φ_k/∂y_j = -sqrt(2/count) sin(u_k) w_kj / h`,
 * `Δφ_k = -sqrt(2/count) cos(u_k) |w_k|² / h²`.
 *
 * @param d - input dimension, a positive integer.
 * @param count - number of features `K`, a positive integer.
 * @param options - `bandwidth` (positive, finite) and `seed`.
 * @throws {@link BrenierError} `'invalid-argument'` naming `d`, `count`,
 *   `options.bandwidth` or `options.seed` when invalid.
 * @example
 * ```text
 * const phi = fourierFeatures(2, 100, { bandwidth: 0.5, seed: 7 });
 * const v = phi.values(Float64Array.from([0.1, -0.3]), 1); // [1, 100]
 * ```
 */
export function fourierFeatures(d: number, count: number, options: FourierFeatureOptions): FeatureMap {
  requirePositiveInteger('fourierFeatures', 'd', d);
  requirePositiveInteger('fourierFeatures', 'count', count);
  if (typeof options !== 'object' || options === null) {
    throw invalid(
      `fourierFeatures: argument 'options' must be an object { bandwidth, seed }, received ${describeValue(options)}`,
    );
  }
  const { bandwidth, seed } = options;
  checkBandwidth('fourierFeatures', "option 'bandwidth'", bandwidth);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw invalid(
      `fourierFeatures: option 'seed' must be a non-negative safe integer, received ${describeValue(seed)}`,
    );
  }
  const rng = new Rng(seed);
  const weights = new Float64Array(count * d);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.normal();
  const offsets = new Float64Array(count);
  for (let k = 0; k < count; k++) offsets[k] = 2 * Math.PI * rng.uniform();
  return new FourierFeatures(d, weights, offsets, bandwidth);
}

function checkBandwidth(where: string, name: string, bandwidth: unknown): void {
  if (typeof bandwidth !== 'number' || !(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw invalid(`${where}: ${name} must be a positive finite number, received ${describeValue(bandwidth)}`);
  }
}

class FourierFeatures implements FeatureMap {
  readonly dimension: number;
  readonly size: number;
  private readonly weights: Float64Array;
  private readonly offsets: Float64Array;
  private readonly bandwidth: number;
  /** `w_k / h`, row-major `[K, d]`. */
  private readonly scaled: Float64Array;
  /** `|w_k|² / h²`. */
  private readonly squaredNorms: Float64Array;
  private readonly amplitude: number;

  constructor(d: number, weights: Float64Array, offsets: Float64Array, bandwidth: number) {
    const K = offsets.length;
    this.dimension = d;
    this.size = K;
    this.weights = weights;
    this.offsets = offsets;
    this.bandwidth = bandwidth;
    this.amplitude = Math.sqrt(2 / K);
    this.scaled = weights.map((w) => w / bandwidth);
    this.squaredNorms = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (this.scaled[k * d + j] as number) ** 2;
      this.squaredNorms[k] = s;
    }
  }

  /** Phases `u_k = w_k·y / h + b_k` at point `p`, into `u`. */
  private phases(y: Float64Array, p: number, u: Float64Array): void {
    const d = this.dimension;
    const yo = p * d;
    for (let k = 0; k < this.size; k++) {
      let s = this.offsets[k] as number;
      const wo = k * d;
      for (let j = 0; j < d; j++) s += (this.scaled[wo + j] as number) * (y[yo + j] as number);
      u[k] = s;
    }
  }

  values(y: Float64Array, n: number): Float64Array {
    const K = this.size;
    checkPoints('fourierFeatures.values', y, n, this.dimension);
    const out = new Float64Array(n * K);
    const u = new Float64Array(K);
    for (let p = 0; p < n; p++) {
      this.phases(y, p, u);
      for (let k = 0; k < K; k++) out[p * K + k] = this.amplitude * Math.cos(u[k] as number);
    }
    return out;
  }

  gradients(y: Float64Array, n: number): Float64Array {
    const d = this.dimension;
    const K = this.size;
    checkPoints('fourierFeatures.gradients', y, n, d);
    const out = new Float64Array(n * K * d);
    const u = new Float64Array(K);
    for (let p = 0; p < n; p++) {
      this.phases(y, p, u);
      for (let k = 0; k < K; k++) {
        const s = -this.amplitude * Math.sin(u[k] as number);
        const o = (p * K + k) * d;
        for (let j = 0; j < d; j++) out[o + j] = s * (this.scaled[k * d + j] as number);
      }
    }
    return out;
  }

  laplacians(y: Float64Array, n: number): Float64Array {
    const K = this.size;
    checkPoints('fourierFeatures.laplacians', y, n, this.dimension);
    const out = new Float64Array(n * K);
    const u = new Float64Array(K);
    for (let p = 0; p < n; p++) {
      this.phases(y, p, u);
      for (let k = 0; k < K; k++) {
        out[p * K + k] = -this.amplitude * Math.cos(u[k] as number) * (this.squaredNorms[k] as number);
      }
    }
    return out;
  }

  toJSON(): FeatureMapJSON {
    return {
      kind: 'fourier',
      dimension: this.dimension,
      weights: Array.from(this.weights),
      offsets: Array.from(this.offsets),
      bandwidth: this.bandwidth,
    };
  }
}

/**
 * Several feature maps on the same `R^d` side by side:
 * `φ(y) = (φ^(0)(y), φ^(1)(y), ...)`, `K = Σ_p K_p`. Values, gradient rows
 * and Laplacians of part `p` follow those of the parts before it.
 *
 * @param parts - at least one feature map, all of the same dimension.
 * @throws {@link BrenierError} `'invalid-argument'` naming `parts` (or the
 *   part `parts[i]` whose dimension differs).
 * @example
 * ```text
 * const phi = concatFeatures([quadraticFeatures(2), fourierFeatures(2, 100, { bandwidth: 1, seed: 1 })]);
 * phi.size; // 105
 * ```
 */
export function concatFeatures(parts: readonly FeatureMap[]): FeatureMap {
  if (!Array.isArray(parts) || parts.length === 0) {
    throw invalid(
      `concatFeatures: argument 'parts' must be a non-empty array of feature maps, received ${describeValue(parts)}`,
    );
  }
  parts.forEach((part, i) => {
    if (typeof part !== 'object' || part === null || typeof (part as FeatureMap).values !== 'function') {
      throw invalid(`concatFeatures: argument 'parts[${i}]' must be a feature map, received ${describeValue(part)}`);
    }
  });
  const d = (parts[0] as FeatureMap).dimension;
  parts.forEach((part, i) => {
    if (part.dimension !== d) {
      throw invalid(
        `concatFeatures: argument 'parts[${i}]' has dimension ${part.dimension}, but parts[0] has dimension ${d}`,
      );
    }
  });
  return new ConcatFeatures([...parts]);
}

class ConcatFeatures implements FeatureMap {
  readonly dimension: number;
  readonly size: number;
  private readonly parts: readonly FeatureMap[];
  private readonly starts: readonly number[];

  constructor(parts: readonly FeatureMap[]) {
    this.parts = parts;
    this.dimension = (parts[0] as FeatureMap).dimension;
    const starts: number[] = [];
    let K = 0;
    for (const part of parts) {
      starts.push(K);
      K += part.size;
    }
    this.starts = starts;
    this.size = K;
  }

  /** Lays out each part's `[n, K_p * width]` block side by side into `[n, K * width]`. */
  private gather(n: number, width: number, compute: (part: FeatureMap) => Float64Array): Float64Array {
    const K = this.size;
    const out = new Float64Array(n * K * width);
    this.parts.forEach((part, q) => {
      const block = compute(part);
      const kp = part.size * width;
      const start = (this.starts[q] as number) * width;
      for (let p = 0; p < n; p++) out.set(block.subarray(p * kp, (p + 1) * kp), p * K * width + start);
    });
    return out;
  }

  values(y: Float64Array, n: number): Float64Array {
    checkPoints('concatFeatures.values', y, n, this.dimension);
    return this.gather(n, 1, (part) => part.values(y, n));
  }

  gradients(y: Float64Array, n: number): Float64Array {
    checkPoints('concatFeatures.gradients', y, n, this.dimension);
    return this.gather(n, this.dimension, (part) => part.gradients(y, n));
  }

  laplacians(y: Float64Array, n: number): Float64Array {
    checkPoints('concatFeatures.laplacians', y, n, this.dimension);
    return this.gather(n, 1, (part) => part.laplacians(y, n));
  }

  toJSON(): FeatureMapJSON {
    return { kind: 'concat', parts: this.parts.map((part) => part.toJSON()) };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteArray(path: string, value: unknown): Float64Array {
  if (!Array.isArray(value)) {
    throw invalid(
      `featureMapFromJSON: field '${path}' must be an array of finite numbers, received ${describeValue(value)}`,
    );
  }
  const out = new Float64Array(value.length);
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw invalid(`featureMapFromJSON: field '${path}[${i}]' must be a finite number, received ${describeValue(v)}`);
    }
    out[i] = v;
  });
  return out;
}

function fromJSONAt(json: unknown, path: string): FeatureMap {
  const field = (name: string): string => (path === '' ? name : `${path}.${name}`);
  const self = path === '' ? 'the feature map' : `field '${path}'`;
  if (!isRecord(json)) {
    throw invalid(`featureMapFromJSON: ${self} must be an object with a 'kind', received ${describeValue(json)}`);
  }
  const dimensionOf = (): number => {
    const d = json['dimension'];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
      throw invalid(
        `featureMapFromJSON: field '${field('dimension')}' must be a positive integer, received ${describeValue(d)}`,
      );
    }
    return d;
  };
  switch (json['kind']) {
    case 'quadratic':
      return new QuadraticFeatures(dimensionOf());
    case 'fourier': {
      const d = dimensionOf();
      const offsets = finiteArray(field('offsets'), json['offsets']);
      if (offsets.length === 0) {
        throw invalid(`featureMapFromJSON: field '${field('offsets')}' must hold at least one offset, received none`);
      }
      const weights = finiteArray(field('weights'), json['weights']);
      if (weights.length !== offsets.length * d) {
        throw invalid(
          `featureMapFromJSON: field '${field('weights')}' must hold offsets.length × dimension = ` +
            `${offsets.length} × ${d} = ${offsets.length * d} numbers, received ${weights.length}`,
        );
      }
      checkBandwidth('featureMapFromJSON', `field '${field('bandwidth')}'`, json['bandwidth']);
      return new FourierFeatures(d, weights, offsets, json['bandwidth'] as number);
    }
    case 'concat': {
      const parts = json['parts'];
      if (!Array.isArray(parts) || parts.length === 0) {
        throw invalid(
          `featureMapFromJSON: field '${field('parts')}' must be a non-empty array, received ${describeValue(parts)}`,
        );
      }
      const maps = parts.map((part: unknown, i) => fromJSONAt(part, `${field('parts')}[${i}]`));
      const d = (maps[0] as FeatureMap).dimension;
      maps.forEach((map, i) => {
        if (map.dimension !== d) {
          throw invalid(
            `featureMapFromJSON: field '${field('parts')}[${i}]' has dimension ${map.dimension}, ` +
              `but ${field('parts')}[0] has dimension ${d}`,
          );
        }
      });
      return new ConcatFeatures(maps);
    }
    default:
      throw invalid(
        `featureMapFromJSON: field '${field('kind')}' must be 'quadratic', 'fourier' or 'concat', ` +
          `received ${describeValue(json['kind'])}`,
      );
  }
}

/**
 * Rebuild a feature map from its {@link FeatureMap.toJSON} form (after a
 * `JSON.stringify` / `JSON.parse` round trip, for instance). The rebuilt map
 * computes bit-for-bit the same values and derivatives as the original.
 *
 * @param json - a {@link FeatureMapJSON}; validated, as it may come from a file.
 * @throws {@link BrenierError} `'invalid-argument'` naming the bad field by
 *   its path, e.g. `'parts[1].bandwidth'`.
 * @example
 * ```text
 * const phi = fourierFeatures(3, 64, { bandwidth: 2, seed: 11 });
 * const copy = featureMapFromJSON(JSON.parse(JSON.stringify(phi.toJSON())));
 * // copy.values(y, n) equals phi.values(y, n) exactly
 * ```
 */
export function featureMapFromJSON(json: FeatureMapJSON): FeatureMap {
  return fromJSONAt(json, '');
}
