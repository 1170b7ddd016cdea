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

/** Check a compiled model against a float64 formula on the unconstrained scale (Jacobian included). */
export function checkAgainstFormula(
  model: CompiledModel,
  formula: (z: Float64Array) => number,
  seed: number,
  points = 5,
  scale = 0.7,
): void {
  const d = model.dimension;
  const z = new Rng(seed).normals(points * d).map((v) => scale * v);
  // float32 points: evaluate the formula where the toolkit actually evaluated.
  const z32 = Float64Array.from(Float32Array.from(z));
  const batch = model.logDensityAndGradient(z32);
  for (let i = 0; i < points; i++) {
    const zi = z32.slice(i * d, (i + 1) * d);
    const expected = formula(zi);
    expect(Math.abs((batch.logDensity[i] as number) - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
    for (let j = 0; j < d; j++) {
      const h = 1e-5;
      const up = zi.slice();
      const down = zi.slice();
      up[j] = (up[j] as number) + h;
      down[j] = (down[j] as number) - h;
      const fd = (formula(up) - formula(down)) / (2 * h);
      const g = batch.gradient[i * d + j] as number;
      expect(Math.abs(g - fd), `${model.coordinateNames[j]} at point ${i}`).toBeLessThan(2e-3 + 1e-4 * Math.abs(fd));
    }
    // Single-point path (terms summed in float64) with the Jacobian added back.
    const single = model.logDensityAt(model.constrain(zi), { jacobian: true });
    expect(Math.abs(single - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  }
}
