/**
 * A two-sample test in float64: do two sets of points come from the same
 * distribution? The energy distance (Székely & Rizzo 2004, 2013) with a
 * seeded permutation test, used to compare draws of a fitted generative model
 * with held-out data.
 *
 * Layout: `n` points in `d` dimensions are a row-major `Float64Array` of
 * length `n * d`, point `i` at `[i * d, (i + 1) * d)`.
 *
 * @module
 */
import { BrenierError, describeValue } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { checkPoints } from './baselines.js';

/**
 * The outcome of {@link energyTwoSampleTest}.
 *
 * @example
 * ```ts
 * import { energyTwoSampleTest, gaussianDistribution, type TwoSampleResult } from 'brenier';
 *
 * const a = gaussianDistribution([0, 0], [1, 0, 0, 1]).sample(400, { seed: 1 });
 * const b = gaussianDistribution([0.3, 0], [1, 0, 0, 1]).sample(400, { seed: 2 });
 * const { statistic, threshold, pValue, reject }: TwoSampleResult = energyTwoSampleTest(a, 400, b, 400, 2);
 * // reject === (statistic > threshold) === (pValue <= alpha), alpha = 0.05 by default
 * console.log(statistic, threshold, pValue, reject); // ≈ 0.046 0.0096 0.005 true
 * ```
 * @category Generative
 */
export interface TwoSampleResult {
  /** The energy statistic of the two (thinned, standardised) samples, `>= 0`. */
  statistic: number;
  /**
   * The critical value: the `(1 - alpha)` quantile of the permutation
   * statistics, precisely the `(P - floor(alpha (P + 1)))`-th smallest of the
   * `P` permutation statistics (`+Infinity` when `alpha (P + 1) < 1`, too few
   * permutations to ever reject), so that `statistic > threshold` exactly
   * when `pValue <= alpha`.
   */
  threshold: number;
  /** `(1 + #{permutation statistics >= statistic}) / (1 + P)`, in `(0, 1]`. */
  pValue: number;
  /** `P`, the number of permutations. */
  permutations: number;
  /** Whether the test rejects equality of distributions at level `alpha` (`pValue <= alpha`). */
  reject: boolean;
}

/**
 * Options of {@link energyTwoSampleTest}.
 *
 * @example
 * ```ts
 * import { bananaDistribution, energyTwoSampleTest, type EnergyTwoSampleOptions } from 'brenier';
 *
 * const banana = bananaDistribution(2);
 * const a = banana.sample(1000, { seed: 5 });
 * const b = banana.sample(1000, { seed: 6 });
 * const options: EnergyTwoSampleOptions = { permutations: 499, alpha: 0.01, seed: 3, maxPoints: 300 };
 * const result = energyTwoSampleTest(a, 1000, b, 1000, 2, options);
 * console.log(result.permutations, result.pValue, result.reject); // 499 0.466 false
 * ```
 * @category Generative
 */
export interface EnergyTwoSampleOptions {
  /** `P`, random permutations of the pooled sample; an integer >= 1. Default 199. */
  permutations?: number;
  /** Level of the test, in (0, 1). Default 0.05. */
  alpha?: number;
  /** Seed of the permutations (a non-negative safe integer). Default 0. */
  seed?: number;
  /** Each sample is thinned evenly to at most this many points (an integer >= 2). Default 500. */
  maxPoints?: number;
  /** Divide each coordinate by its standard deviation in the pooled sample. Default true. */
  standardise?: boolean;
}

function invalid(argument: string, expected: string, received: unknown): BrenierError {
  return new BrenierError(
    'invalid-argument',
    `energyTwoSampleTest: argument '${argument}' must be ${expected}, received ${describeValue(received)}`,
  );
}

/** Indices `floor(j * n / m)`, `j < m`: `m` of `0 .. n - 1`, evenly spread (all of them when `n <= m`). */
function thin(n: number, m: number): number[] {
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: m }, (_, j) => Math.floor((j * n) / m));
}

/**
 * Energy two-sample test of `H0: a and b are drawn from the same
 * distribution`.
 *
 * Statistic (a V-statistic, Euclidean distances):
 * `E = mean_{i,j} |a_i - b_j| - (mean_{i,i'} |a_i - a_i'| + mean_{j,j'} |b_j - b_j'|) / 2`,
 * the means over all ordered pairs including the zero diagonal terms; it is
 * half the energy distance of Székely & Rizzo and is non-negative.
 *
 * Steps:
 * 1. Each sample larger than `maxPoints` is thinned to `maxPoints` points
 *    evenly spread over its rows (indices `floor(j * n / maxPoints)`), which
 *    bounds the `O((na + nb)^2)` time and memory.
 * 2. With `standardise`, every coordinate is divided by its standard
 *    deviation in the pooled (thinned) sample; a constant coordinate is left
 *    as is. The pooled scale is the same under every permutation, so the
 *    permutation test stays exact.
 * 3. The pairwise distances of the pooled sample are computed once; each of
 *    the `P` permutations (seeded Fisher–Yates shuffles of the group labels)
 *    recomputes the statistic from them.
 * 4. `pValue = (1 + #{perm >= observed}) / (1 + P)`; `reject = pValue <= alpha`.
 *
 * Under `H0` (exchangeable points) the test rejects with probability at most
 * `alpha`.
 *
 * @param a - `[na, d]` row-major, finite.
 * @param na - rows of `a`, at least 1.
 * @param b - `[nb, d]` row-major, finite.
 * @param nb - rows of `b`, at least 1.
 * @param d - dimension, at least 1.
 * @param options - see {@link EnergyTwoSampleOptions}.
 * @throws {@link BrenierError} `'invalid-argument'` naming the argument.
 *
 * @example
 * ```ts
 * import { bananaDistribution, energyTwoSampleTest, fitGaussian } from 'brenier';
 *
 * const target = bananaDistribution(2);
 * const model = fitGaussian(target.sample(2000, { seed: 1 }), 2000, 2);
 * const heldOut = target.sample(500, { seed: 2 });
 * const draws = model.sample(500, { seed: 3 });
 * const result = energyTwoSampleTest(draws, 500, heldOut, 500, 2, { permutations: 199, seed: 4 });
 * // a Gaussian fit to banana-shaped data: its draws are told apart from held-out data
 * console.log(result.reject, result.pValue); // true 0.005
 * ```
 * @category Generative
 */
export function energyTwoSampleTest(
  a: Float64Array,
  na: number,
  b: Float64Array,
  nb: number,
  d: number,
  options: EnergyTwoSampleOptions = {},
): TwoSampleResult {
  const fn = 'energyTwoSampleTest';
  if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) throw invalid('d', 'an integer >= 1', d);
  checkPoints(fn, 'a', a, na, d, 'na', 1);
  checkPoints(fn, 'b', b, nb, d, 'nb', 1);
  if (options === null || typeof options !== 'object') throw invalid('options', 'an object', options);
  const permutations = options.permutations ?? 199;
  if (!Number.isSafeInteger(permutations) || permutations < 1) {
    throw invalid('options.permutations', 'an integer >= 1', permutations);
  }
  const alpha = options.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) throw invalid('options.alpha', 'in (0, 1)', alpha);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalid('options.seed', 'a non-negative safe integer', seed);
  const maxPoints = options.maxPoints ?? 500;
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 2)
    throw invalid('options.maxPoints', 'an integer >= 2', maxPoints);
  const standardise = options.standardise ?? true;
  if (typeof standardise !== 'boolean') throw invalid('options.standardise', 'a boolean', standardise);

  // Pool the thinned samples: rows [0, ma) from a, [ma, m) from b.
  const rowsA = thin(na, maxPoints);
  const rowsB = thin(nb, maxPoints);
  const ma = rowsA.length;
  const mb = rowsB.length;
  const m = ma + mb;
  const pooled = new Float64Array(m * d);
  rowsA.forEach((row, i) => pooled.set(a.subarray(row * d, (row + 1) * d), i * d));
  rowsB.forEach((row, i) => pooled.set(b.subarray(row * d, (row + 1) * d), (ma + i) * d));
  if (standardise && m >= 2) {
    for (let r = 0; r < d; r++) {
      let mean = 0;
      for (let i = 0; i < m; i++) mean += pooled[i * d + r] as number;
      mean /= m;
      let ss = 0;
      for (let i = 0; i < m; i++) ss += ((pooled[i * d + r] as number) - mean) ** 2;
      const sd = Math.sqrt(ss / (m - 1));
      if (sd > 0) for (let i = 0; i < m; i++) pooled[i * d + r] = (pooled[i * d + r] as number) / sd;
    }
  }

  // Distances of the unordered pairs i < j, packed row by row.
  const distances = new Float64Array((m * (m - 1)) / 2);
  let total = 0;
  for (let i = 0, p = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++, p++) {
      let s = 0;
      for (let r = 0; r < d; r++) {
        const diff = (pooled[i * d + r] as number) - (pooled[j * d + r] as number);
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      distances[p] = dist;
      total += dist;
    }
  }

  // inA[i] = 1 when pooled point i is labelled as sample a.
  const inA = new Uint8Array(m);
  inA.fill(1, 0, ma);
  const statistic = (): number => {
    // Sums over unordered pairs within a and within b; the cross pairs make up the rest.
    let withinA = 0;
    let withinB = 0;
    for (let i = 0, p = 0; i < m; i++) {
      const li = inA[i] as number;
      for (let j = i + 1; j < m; j++, p++) {
        const lj = inA[j] as number;
        if (li === lj) {
          if (li === 1) withinA += distances[p] as number;
          else withinB += distances[p] as number;
        }
      }
    }
    const cross = total - withinA - withinB;
    // Ordered-pair means: mean_ab = cross / (ma mb), mean_aa = 2 withinA / ma^2, mean_bb = 2 withinB / mb^2.
    return Math.max(0, cross / (ma * mb) - withinA / (ma * ma) - withinB / (mb * mb));
  };

  const observed = statistic();
  const rng = new Rng(seed);
  const permuted = new Float64Array(permutations);
  let atLeast = 0;
  for (let k = 0; k < permutations; k++) {
    for (let i = m - 1; i > 0; i--) {
      const j = rng.integer(i + 1);
      const t = inA[i] as number;
      inA[i] = inA[j] as number;
      inA[j] = t;
    }
    const value = statistic();
    permuted[k] = value;
    if (value >= observed) atLeast += 1;
  }
  permuted.sort();
  // Reject iff #{perm >= observed} <= floor(alpha (P + 1)) - 1 iff observed exceeds the
  // floor(alpha (P + 1))-th largest permutation statistic.
  const allowed = Math.floor(alpha * (permutations + 1) + 1e-9);
  const threshold = allowed >= 1 ? (permuted[permutations - allowed] as number) : Infinity;
  const pValue = (1 + atLeast) / (1 + permutations);
  // atLeast < allowed is pValue <= alpha in exact arithmetic (and observed > threshold).
  return { statistic: observed, threshold, pValue, permutations, reject: atLeast < allowed };
}
