/**
 * Checks a compiled model's log density against an independent float64 formula
 * written by hand (no toolkit distributions), at several points, on both
 * the constrained scale (`logDensityAt`) and the unconstrained scale with
 * Jacobian and scores (`logDensityAndGradient`, scores against central
 * finite differences of the float64 formula).
 *
 * Tolerances: the toolkit evaluates elementwise terms in float32 (relative
 * rounding ~6e-8 per operation). The batched path also sums in float32: with
 * at most a few hundred terms the relative error of the sum stays below
 * ~1e-5, so values are compared to 1e-4 (1 + |lp|); the single-point path
 * sums in float64 and meets the same bound. Scores are sums of at most a few
 * hundred float32 terms of magnitude ~10, and central differences of the
 * float64 formula (h = 1e-5) are accurate to ~1e-8, so 2e-3 absolute plus
 * 1e-4 relative leaves a margin of ~10x over the float32 accumulation error
 * while still catching any wrong term (a missing prior or Jacobian shifts a
 * score by O(1)).
 */
import { expect } from 'vitest';
import { Rng, type CompiledModel } from '../../src/index.js';

export const LOG_2PI = Math.log(2 * Math.PI);
export const normalLpdf = (x: number, m: number, s: number): number =>
  -0.5 * LOG_2PI - Math.log(s) - (0.5 * (x - m) ** 2) / (s * s);
export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Extra options of {@link checkAgainstFormula}; the defaults keep its original behaviour. */
export interface FormulaCheckOptions {
  /**
   * Unconstrained point the check points are drawn around (default the
   * origin), e.g. the reference posterior mean, so that the density is
   * checked where an engine evaluates it rather than far in the tails.
   */
  center?: ArrayLike<number>;
  /**
   * Relative tolerance of the batched log densities (terms summed in
   * float32 by the toolkit), compared to `batchValueTolerance (1 + |lp|)`.
   * Default 1e-4, which assumes at most a few hundred terms (see above); a
   * caller with many more must derive its own from float32 rounding. The
   * single-point path sums in float64 and keeps 1e-4.
   */
  batchValueTolerance?: number;
  /**
   * Compare scores in rescaled coordinates `z_j / s_j` (default all 1),
   * i.e. `s_j dlp/dz_j`, with the same tolerances. With `s` the posterior
   * sds, every score is O(1) a few sds from the mode, as the tolerances
   * above assume. On badly scaled posteriors (sds of 1e-3 next to sds of
   * 1) raw scores are large cancelling sums (e.g. ~1e3 out of float32 terms
   * ~1e4 in size) whose float32 error grows like 1/s_j while the size of a
   * wrong term does not: rescaled, a missing Jacobian (+1 on log sigma) is
   * still an O(s_j) shift, far above 2e-3.
   */
  scoreScale?: ArrayLike<number>;
}

/**
 * Check a compiled model against a float64 formula on the unconstrained scale (Jacobian included).
 *
 * @param scale - spread of the points around the centre: one number for
 *   every coordinate, or one per coordinate (e.g. reference posterior sds).
 */
export function checkAgainstFormula(
  model: CompiledModel,
  formula: (z: Float64Array) => number,
  seed: number,
  points = 5,
  scale: number | ArrayLike<number> = 0.7,
  options: FormulaCheckOptions = {},
): void {
  const d = model.dimension;
  const spread = (j: number): number => (typeof scale === 'number' ? scale : (scale[j] as number));
  const centre = (j: number): number => (options.center === undefined ? 0 : (options.center[j] as number));
  const z = new Rng(seed).normals(points * d).map((v, k) => centre(k % d) + spread(k % d) * v);
  checkAtPoints(
    model,
    formula,
    Array.from({ length: points }, (_, i) => z.subarray(i * d, (i + 1) * d)),
    options,
  );
}

/**
 * The same check at given unconstrained points (e.g. reference draws mapped
 * to the unconstrained scale), with the same tolerances and options.
 */
export function checkAtPoints(
  model: CompiledModel,
  formula: (z: Float64Array) => number,
  points: readonly ArrayLike<number>[],
  options: FormulaCheckOptions = {},
): void {
  const d = model.dimension;
  const batchTolerance = options.batchValueTolerance ?? 1e-4;
  const scoreScale = (j: number): number => (options.scoreScale === undefined ? 1 : (options.scoreScale[j] as number));
  // float32 points: evaluate the formula where the toolkit actually evaluated.
  const z32 = Float64Array.from(Float32Array.from(points.flatMap((p) => Array.from(p))));
  const batch = model.logDensityAndGradient(z32);
  for (let i = 0; i < points.length; i++) {
    const zi = z32.slice(i * d, (i + 1) * d);
    const expected = formula(zi);
    expect(Math.abs((batch.logDensity[i] as number) - expected)).toBeLessThan(
      batchTolerance * (1 + Math.abs(expected)),
    );
    for (let j = 0; j < d; j++) {
      const h = 1e-5;
      const up = zi.slice();
      const down = zi.slice();
      up[j] = (up[j] as number) + h;
      down[j] = (down[j] as number) - h;
      const fd = (scoreScale(j) * (formula(up) - formula(down))) / (2 * h);
      const g = scoreScale(j) * (batch.gradient[i * d + j] as number);
      expect(Math.abs(g - fd), `${model.coordinateNames[j]} at point ${i}`).toBeLessThan(2e-3 + 1e-4 * Math.abs(fd));
    }
    // Single-point path (terms summed in float64) with the Jacobian added back.
    const single = model.logDensityAt(model.constrain(zi), { jacobian: true });
    expect(Math.abs(single - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  }
}
