/**
 * The regression estimator of the Stein quantities `E[s x']` and `E[s]`
 * (docs/algorithm.md, section 5): regress the scores `s_i` on the source draws
 * `x_i` with an intercept, `s_i ~ G x_i + g`, by least squares, and use
 * `E[s x'] = G`, `E[s] = g`. For a Gaussian target `s` is affine in `x`, so
 * the estimate is exact for any `n >= d + 2` draws; for other targets it is
 * a control-variate estimator with far less variance than plain sample
 * means (it replaces the sample moments of `x` by their exact values).
 *
 * @module
 */
import { NumericalError } from '../core/errors.js';
import { solveSpd } from '../math/linalg.js';

/**
 * Least-squares fit of scores on source draws, `s_i ~ G x_i + g`.
 *
 * @example
 * ```ts
 * import { Rng, steinRegression, type SteinRegression } from 'brenier';
 *
 * // Scores of N(0, 4) in 1-D at particles y = 1 + 2x (q equals the target up to the mean).
 * const n = 10;
 * const x = new Rng(3).normals(n);
 * const scores = x.map((v) => -(1 + 2 * v) / 4);
 * const { G, g }: SteinRegression = steinRegression(x, scores, n, 1);
 * console.log(G, g); // ≈ [-0.5], [-0.25]: E[s x'] = -A / S, E[s] = -b / S
 * ```
 */
export interface SteinRegression {
  /** `G`, row-major `[d, d]`: the estimate of `E[s x']`. */
  readonly G: Float64Array;
  /** `g`, `[d]`: the estimate of `E[s]`. */
  readonly g: Float64Array;
}

/**
 * Regress `s_i` on `(x_i, 1)` by the normal equations (solved in float64
 * through a Cholesky factor; with `x_i ~ N(0, I)` they are well
 * conditioned).
 *
 * @param x - source draws, row-major `[n, d]`.
 * @param s - scores, row-major `[n, d]`.
 * @param n - number of draws, at least `d + 2`.
 * @param d - dimension.
 * @returns `G` (`[d, d]`) and `g` (`[d]`), the estimates of `E[s x']` and `E[s]`.
 * @example Exact on a Gaussian target
 * ```ts
 * import { Rng, steinRegression } from 'brenier';
 *
 * // Target N((1, -2), diag(4, 0.25)), particles y = x from q = N(0, I): s(y) = -S^{-1}(y - m).
 * const n = 50;
 * const x = new Rng(1).normals(n * 2);
 * const scores = x.map((v, k) => (k % 2 === 0 ? -(v - 1) / 4 : -(v + 2) * 4));
 * const { G, g } = steinRegression(x, scores, n, 2);
 * console.log(G, g); // ≈ [-0.25, 0, 0, -4], [0.25, -8]: G = -S^{-1}, g = S^{-1} m
 * ```
 * @throws {@link NumericalError} when `n < d + 2`.
 */
export function steinRegression(x: Float64Array, s: Float64Array, n: number, d: number): SteinRegression {
  if (n < d + 2) {
    throw new NumericalError(
      'not-positive-definite',
      `Stein regression needs at least d + 2 = ${d + 2} particles, got ${n}`,
    );
  }
  const p = d + 1;
  // Normal equations: (Z'Z) B = Z'S with Z = [x, 1].
  const ztz = new Float64Array(p * p);
  const zts = new Float64Array(p * d);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) row[a] = x[i * d + a] as number;
    row[d] = 1;
    for (let a = 0; a < p; a++) {
      const za = row[a] as number;
      for (let b = 0; b <= a; b++) ztz[a * p + b] = (ztz[a * p + b] as number) + za * (row[b] as number);
      for (let c = 0; c < d; c++) zts[a * d + c] = (zts[a * d + c] as number) + za * (s[i * d + c] as number);
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) ztz[b * p + a] = ztz[a * p + b] as number;
  const coef = solveSpd(ztz, zts, p, d); // [p, d]: s_i' = x_i' G' + g'
  const G = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) G[c * d + a] = coef[a * d + c] as number;
  const g = coef.slice(d * d, d * d + d);
  return { G, g };
}
