/**
 * Comparison of two sets of joint draws (e.g. an approximation against a
 * reference posterior): standardised mean errors, sd ratios and
 * Wasserstein-1 distances per parameter, and the energy distance between
 * the joint draws.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import type { Draws } from '../posterior/draws.js';
import { checkVector } from './weights.js';

/**
 * Joint draws keyed by name: a {@link Draws} or a plain object of columns
 * (draw `i` of every column belongs to the same joint draw).
 *
 * @example
 * ```ts
 * import { compare, Draws, Rng, type DrawSet } from 'brenier';
 *
 * const rng = new Rng(1);
 * const a: DrawSet = { mu: [0.1, 0.4, -0.3, 0.8], tau: Float64Array.of(1.2, 0.7, 2.1, 0.9) };
 * const b: DrawSet = new Draws({ mu: rng.normals(1000), tau: rng.normals(1000).map(Math.exp) });
 * compare(a, b).parameters.map((p) => p.name); // ['mu', 'tau']
 * ```
 * @category Diagnostics
 */
export type DrawSet = Draws | Readonly<Record<string, readonly number[] | Float64Array>>;

/**
 * Options of {@link compare}.
 *
 * @example
 * ```ts
 * import { compare, Rng, type CompareOptions } from 'brenier';
 *
 * const rng = new Rng(1);
 * const a = { x: rng.normals(10000), y: rng.normals(10000) };
 * const b = { x: rng.normals(10000), y: rng.normals(10000) };
 * // the energy distance on 2000 evenly thinned draws of each set (default 1000)
 * const options: CompareOptions = { maxPoints: 2000 };
 * compare(a, b, options).summary.energyDistance; // ≈ 0.0009, the floor sqrt(pi) / 2000 for one distribution
 * ```
 * @category Diagnostics
 */
export interface CompareOptions {
  /**
   * At most this many draws of each set enter the energy distance (its cost
   * is quadratic); longer sets are thinned evenly, keeping draws
   * `floor(i n / maxPoints)` for `i = 0, ..., maxPoints - 1`. A positive
   * integer or `Infinity` (all draws). Default 1000.
   */
  maxPoints?: number;
}

/**
 * The per-parameter figures of {@link compare}.
 *
 * @example
 * ```ts
 * import { compare, Rng, type ParameterComparison } from 'brenier';
 *
 * const rng = new Rng(1);
 * const reference = { mu: rng.normals(2000), sigma: rng.normals(2000).map((z) => Math.exp(0.3 * z)) };
 * // an approximation whose mu is shifted by 0.2 sd and 20% too narrow
 * const approx = { mu: rng.normals(2000).map((z) => 0.2 + 0.8 * z), sigma: rng.normals(2000).map((z) => Math.exp(0.3 * z)) };
 * const rows: ParameterComparison[] = compare(approx, reference).parameters;
 * for (const { name, meanError, sdRatio, w1 } of rows) console.log(name, meanError.toFixed(2), sdRatio.toFixed(2), w1.toFixed(2));
 * // mu 0.19 0.82 0.22
 * // sigma 0.05 0.97 0.07
 * ```
 * @category Diagnostics
 */
export interface ParameterComparison {
  /** The parameter's name. */
  name: string;
  /** `(mean_a - mean_b) / sd_b`. */
  meanError: number;
  /** `sd_a / sd_b`. */
  sdRatio: number;
  /** Wasserstein-1 distance between the marginals standardised by b's mean and sd. */
  w1: number;
}

/**
 * The result of {@link compare}.
 *
 * @example
 * ```ts
 * import { compare, Rng, type CompareResult } from 'brenier';
 *
 * const rng = new Rng(1);
 * const reference = { mu: rng.normals(2000), sigma: rng.normals(2000).map((z) => Math.exp(0.3 * z)) };
 * // an approximation whose mu is shifted by 0.2 sd and 20% too narrow
 * const approx = { mu: rng.normals(2000).map((z) => 0.2 + 0.8 * z), sigma: rng.normals(2000).map((z) => Math.exp(0.3 * z)) };
 * const { summary }: CompareResult = compare(approx, reference);
 * console.log(summary.maxAbsMeanError, summary.sdRatioRange, summary.energyDistance); // ≈ 0.19 [0.82, 0.97] 0.015
 * ```
 * @category Diagnostics
 */
export interface CompareResult {
  /** One row per shared name, in the order of `a`'s names. */
  parameters: ParameterComparison[];
  /** Figures over all shared parameters, and the joint energy distance. */
  summary: {
    /** `max |meanError|` over the parameters. */
    maxAbsMeanError: number;
    /** Average of `|meanError|` over the parameters. */
    meanAbsMeanError: number;
    /** `[min, max]` of `sdRatio` over the parameters. */
    sdRatioRange: [number, number];
    /** Average of `w1` over the parameters. */
    meanW1: number;
    /** Energy distance between the standardised joint draws (V-statistic, see {@link compare}). */
    energyDistance: number;
  };
}

function namesOf(set: DrawSet): readonly string[] {
  return isDraws(set) ? set.names : Object.keys(set);
}

function isDraws(set: DrawSet): set is Draws {
  return typeof (set as Draws).get === 'function' && Array.isArray((set as Draws).names);
}

function columnOf(set: DrawSet, name: string): Float64Array | readonly number[] {
  return isDraws(set) ? set.get(name) : (set[name] as Float64Array | readonly number[]);
}

function listNames(names: readonly string[]): string {
  return names.length === 0
    ? '(none)'
    : `${names.slice(0, 12).join(', ')}${names.length > 12 ? `, ... (${names.length} in all)` : ''}`;
}

/** Columns of one set for the shared names, validated, all of one length >= 2. */
function columns(set: DrawSet, label: 'a' | 'b', names: readonly string[]): (Float64Array | readonly number[])[] {
  const out = names.map((name) => {
    const column = columnOf(set, name);
    checkVector('compare', `${label}['${name}']`, column);
    return column;
  });
  const n = (out[0] as Float64Array | readonly number[]).length;
  out.forEach((column, k) => {
    if (column.length !== n) {
      throw new BrenierError(
        'shape-mismatch',
        `compare: ${label} is not a set of joint draws: '${names[0] as string}' has ${n} draws but '${names[k] as string}' has ${column.length}`,
      );
    }
  });
  if (n < 2) {
    throw new BrenierError('invalid-argument', `compare: ${label} needs at least 2 draws, received ${n}`);
  }
  return out;
}

function meanSd(x: Float64Array | readonly number[]): { mean: number; sd: number } {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (x.length - 1)) };
}

/**
 * Exact Wasserstein-1 distance between two empirical distributions,
 * `int_0^1 |F_x^{-1}(u) - F_y^{-1}(u)| du`, by merging the sorted samples.
 * The quantile functions are step functions with breakpoints `i / n` and
 * `j / m`; working in units of `1 / (n m)` keeps the breakpoints exact.
 */
function wasserstein1(x: Float64Array | readonly number[], y: Float64Array | readonly number[]): number {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const n = xs.length;
  const m = ys.length;
  let i = 0;
  let j = 0;
  let previous = 0;
  let total = 0;
  while (i < n && j < m) {
    const endX = (i + 1) * m;
    const endY = (j + 1) * n;
    const end = Math.min(endX, endY);
    total += (end - previous) * Math.abs((xs[i] as number) - (ys[j] as number));
    previous = end;
    if (endX === end) i++;
    if (endY === end) j++;
  }
  return total / (n * m);
}

/** Evenly thinned indices: `floor(i n / k)`, `i = 0, ..., k - 1` (all when `n <= k`). */
function thinnedIndices(n: number, maxPoints: number): number[] {
  const k = Math.min(n, maxPoints);
  const out: number[] = [];
  for (let i = 0; i < k; i++) out.push(k === n ? i : Math.floor((i * n) / k));
  return out;
}

/** Thinned draws standardised by `center` and `scale`, row-major `k x d`. */
function standardisedPoints(
  cols: readonly (Float64Array | readonly number[])[],
  center: readonly number[],
  scale: readonly number[],
  maxPoints: number,
): { points: Float64Array; count: number } {
  const d = cols.length;
  const indices = thinnedIndices((cols[0] as Float64Array | readonly number[]).length, maxPoints);
  const points = new Float64Array(indices.length * d);
  indices.forEach((index, r) => {
    for (let c = 0; c < d; c++) {
      points[r * d + c] =
        (((cols[c] as Float64Array | readonly number[])[index] as number) - (center[c] as number)) /
        (scale[c] as number);
    }
  });
  return { points, count: indices.length };
}

/** `sum_i sum_j |p_i - q_j|` over all pairs (Euclidean norm in `d` dimensions). */
function sumDistances(p: Float64Array, np: number, q: Float64Array, nq: number, d: number): number {
  let total = 0;
  for (let i = 0; i < np; i++) {
    let row = 0;
    for (let j = 0; j < nq; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) {
        const diff = (p[i * d + c] as number) - (q[j * d + c] as number);
        s += diff * diff;
      }
      row += Math.sqrt(s);
    }
    total += row;
  }
  return total;
}

/**
 * Compare draws `a` against reference draws `b` (e.g. an approximation
 * against long-run MCMC), over the names they share, in `a`'s order.
 *
 * Per parameter, with sample means and standard deviations (denominator
 * `n - 1`) over all draws:
 *
 * - `meanError = (mean_a - mean_b) / sd_b`: the bias of `a` in units of the
 *   reference posterior sd;
 * - `sdRatio = sd_a / sd_b`: below one `a` is too narrow (typical of
 *   variational approximations), above one too wide;
 * - `w1`: the Wasserstein-1 distance between the two marginals after
 *   standardising both by b's mean and sd, i.e. `W1(a, b) / sd_b` with the
 *   exact empirical `W1 = int_0^1 |F_a^{-1}(u) - F_b^{-1}(u)| du`, computed by
 *   merging the sorted samples (the sizes may differ). It bounds
 *   `|meanError|` from above and also sees differences of shape (skewness,
 *   tails) that the first two moments miss. A pure shift by `s sd_b` gives
 *   `w1 = |s|`.
 *
 * Jointly, the energy distance (Székely & Rizzo) between the draws
 * standardised per coordinate by b's means and sds (so it is invariant to
 * per-coordinate shifts and rescalings applied to both sets):
 * `E|X - Y| - (E|X - X'| + E|Y - Y'|) / 2` with Euclidean norms, X from
 * `a`, Y from `b` (half of Székely & Rizzo's `2E|X-Y| - E|X-X'| - E|Y-Y'|`).
 * It is zero only when the distributions are equal, and unlike the marginal
 * figures it sees differences in dependence (correlations). It is computed
 * as a V-statistic (every pair, including `i = j`, averaged over `n^2`):
 * non-negative and exactly zero for identical draw sets, but biased upward
 * by `O(1/n)` (for independent samples of one distribution its expectation
 * is `E|X - X'| (1/n + 1/m) / 2`, about `sqrt(pi) / 1000` for 2-D standard
 * normals and 1000 draws each), so compare it with that floor rather than
 * with zero. At most `maxPoints` (default 1000) draws of each set enter it,
 * thinned evenly (draws `floor(i n / maxPoints)`); the per-parameter figures
 * use all draws.
 *
 * How to read them: for posterior summaries `|meanError| < 0.1` and
 * `sdRatio` within 10% of one (0.9 to 1.1) indicate good agreement; `w1`
 * below about 0.1 means the standardised marginals are close as whole
 * distributions. The energy distance has no universal scale: use it to rank
 * approximations against the same reference, or against its Monte Carlo
 * floor above.
 *
 * @param a - the draws to assess.
 * @param b - the reference draws.
 * @example
 * ```ts
 * import { compare, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const reference = { mu: rng.normals(2000), sigma: rng.normals(2000).map((z) => Math.exp(0.3 * z)) };
 * // an approximation whose mu is shifted by 0.2 sd and 20% too narrow
 * const approx = { mu: rng.normals(2000).map((z) => 0.2 + 0.8 * z), sigma: rng.normals(2000).map((z) => Math.exp(0.3 * z)) };
 * const { parameters, summary } = compare(approx, reference);
 * console.log(parameters[0]); // { name: 'mu', meanError: ≈ 0.19, sdRatio: ≈ 0.82, w1: ≈ 0.22 }
 * const [low, high] = summary.sdRatioRange;
 * if (summary.maxAbsMeanError > 0.1 || low < 0.9 || high > 1.1) console.log('the approximation disagrees with the reference');
 * ```
 * @example Variational fit against NUTS
 * ```ts
 * import { defineModel, data, param, normal, fitPosterior, sampleNuts, compare, initBackend } from 'brenier';
 *
 * await initBackend();
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.vector('N') },
 *   params: { mu: param.real(), sigma: param.positive() },
 *   logDensity: ({ mu, sigma }, { y }) => ({
 *     priors: [normal(0, 10).logProb(mu), normal(0, 5).logProb(sigma)],
 *     likelihood: normal(mu, sigma).logProb(y),
 *   }),
 * });
 * const y = [2.1, 1.3, 3.4, 2.8, 1.9, 2.6];
 * const posterior = await fitPosterior(model, { N: y.length, y }, { seed: 1 });
 * const mcmc = await sampleNuts(model, { N: y.length, y }, { seed: 1 });
 * const { summary } = compare(posterior.sample(4000, { seed: 2 }), mcmc.draws);
 * console.log(summary.sdRatioRange); // ≈ [0.69, 0.76]: the Gaussian fit is too narrow
 * ```
 * @throws {@link BrenierError} `'unknown-name'` naming the names of each set
 *   when they share none; `'invalid-argument'` for a non-finite draw, fewer
 *   than two draws, a constant reference column (`sd_b = 0`) or a bad
 *   `maxPoints`; `'shape-mismatch'` when a plain object's columns differ in
 *   length.
 * @category Diagnostics
 */
export function compare(a: DrawSet, b: DrawSet, options: CompareOptions = {}): CompareResult {
  const maxPoints = options.maxPoints ?? 1000;
  if (!(maxPoints === Infinity || (Number.isSafeInteger(maxPoints) && maxPoints >= 1))) {
    throw new BrenierError(
      'invalid-argument',
      `compare: maxPoints must be a positive integer or Infinity, received ${String(maxPoints)}`,
    );
  }
  const namesA = namesOf(a);
  const namesB = namesOf(b);
  const inB = new Set(namesB);
  const names = namesA.filter((name) => inB.has(name));
  if (names.length === 0) {
    const inA = new Set(namesA);
    throw new BrenierError(
      'unknown-name',
      `compare: a and b share no names; missing from b: ${listNames(namesA)}; missing from a: ${listNames(namesB.filter((name) => !inA.has(name)))}`,
    );
  }
  const colsA = columns(a, 'a', names);
  const colsB = columns(b, 'b', names);

  const centers: number[] = [];
  const scales: number[] = [];
  const parameters: ParameterComparison[] = names.map((name, k) => {
    const sa = meanSd(colsA[k] as Float64Array | readonly number[]);
    const sb = meanSd(colsB[k] as Float64Array | readonly number[]);
    if (!(sb.sd > 0) || !Number.isFinite(sb.sd)) {
      throw new BrenierError(
        'invalid-argument',
        `compare: reference b['${name}'] has standard deviation ${sb.sd}; it must be positive and finite to standardise`,
      );
    }
    centers.push(sb.mean);
    scales.push(sb.sd);
    return {
      name,
      meanError: (sa.mean - sb.mean) / sb.sd,
      sdRatio: sa.sd / sb.sd,
      w1:
        wasserstein1(colsA[k] as Float64Array | readonly number[], colsB[k] as Float64Array | readonly number[]) /
        sb.sd,
    };
  });

  const d = names.length;
  const pa = standardisedPoints(colsA, centers, scales, maxPoints);
  const pb = standardisedPoints(colsB, centers, scales, maxPoints);
  const cross = sumDistances(pa.points, pa.count, pb.points, pb.count, d) / (pa.count * pb.count);
  const withinA = sumDistances(pa.points, pa.count, pa.points, pa.count, d) / (pa.count * pa.count);
  const withinB = sumDistances(pb.points, pb.count, pb.points, pb.count, d) / (pb.count * pb.count);
  const energyDistance = Math.max(0, cross - (withinA + withinB) / 2);

  const absErrors = parameters.map((p) => Math.abs(p.meanError));
  const ratios = parameters.map((p) => p.sdRatio);
  return {
    parameters,
    summary: {
      maxAbsMeanError: absErrors.reduce((s, v) => Math.max(s, v), 0),
      meanAbsMeanError: absErrors.reduce((s, v) => s + v, 0) / d,
      sdRatioRange: [ratios.reduce((s, v) => Math.min(s, v), Infinity), ratios.reduce((s, v) => Math.max(s, v), 0)],
      meanW1: parameters.reduce((s, p) => s + p.w1, 0) / d,
      energyDistance,
    },
  };
}
