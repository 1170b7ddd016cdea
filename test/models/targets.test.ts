// The synthetic targets of models/targets.ts: the stable log normal CDF
// against float64 references, each DSL model against its float64 formula
// (tolerances: see formula-check.ts), the exact samplers' moments, and the
// normalisation of the 2-D densities.
import * as tf from '@tensorflow/tfjs';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/index.js';
import {
  banana,
  funnel,
  logNormalCdf,
  logNormalCdf64,
  mixture2,
  skewed,
  SKEW_ALPHA,
  type SyntheticTarget,
} from '../../models/targets.js';
import { checkAgainstFormula, LOG_2PI } from './formula-check.js';

/**
 * Independent float64 reference for log Phi(z): jstat's normal CDF where it
 * is accurate (it computes 1 + erf(z / sqrt 2), whose rounding error
 * ~1e-16 is below 1e-9 relative while Phi(z) > 2.8e-7, i.e. z > -5), and
 * Laplace's continued fraction of the Mills ratio below,
 * Phi(z) = phi(z) / (|z| + 1 / (|z| + 2 / (|z| + 3 / (|z| + ...)))),
 * evaluated backwards from 2000 terms (converged to rounding for |z| >= 5).
 * (jstat alone is off by 0.02 in log Phi(-8).)
 */
function referenceLogPhi(z: number): number {
  if (z > -5) return Math.log(jStat.normal.cdf(z, 0, 1) as number);
  const x = -z;
  let tail = x;
  for (let k = 2000; k >= 1; k--) tail = x + k / tail;
  return -0.5 * z * z - 0.5 * LOG_2PI - Math.log(tail);
}

const grid = Array.from({ length: 321 }, (_, i) => Math.fround(-8 + i * 0.05));

describe('log normal CDF', () => {
  it('float64 version matches the independent reference on [-8, 8] and beyond', () => {
    // Measured: 3.5e-12 (1 + |ref|) at worst (jstat's own rounding near z = -5).
    for (const z of grid) {
      const ref = referenceLogPhi(z);
      expect(Math.abs(logNormalCdf64(z) - ref), `z = ${z}`).toBeLessThan(1e-10 * (1 + Math.abs(ref)));
    }
    // Far tails: log Phi(-40) by the continued fraction; log Phi(40) = log1p(-Phi(-40)) rounds to 0.
    expect(Math.abs(logNormalCdf64(-40) - referenceLogPhi(-40))).toBeLessThan(1e-12 * 800);
    expect(logNormalCdf64(40)).toBe(-0);
    expect(logNormalCdf64(0)).toBeCloseTo(-Math.LN2, 15);
  });

  it('tfjs version (float32) matches the reference, values and derivatives', () => {
    const z = tf.tensor1d(grid);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => tf.sum(logNormalCdf(x)))(z);
    const g = grad.dataSync();
    const v = logNormalCdf(z).dataSync();
    // Values: erfcc's fractional error 1.2e-7 is an absolute 1.2e-7 on the log;
    // float32 rounding of ~15 operations on terms as large as u^2 = z^2 / 2
    // adds ~1e-7 (1 + |log Phi|); measured 2.1e-7 (1 + |ref|) at worst, so
    // 1e-6 (1 + |ref|) leaves a margin of ~5x. Derivative (autodiff of the
    // fit): d log Phi / dz = phi(z) / Phi(z); measured 6.1e-6 relative at
    // worst (float32 cancellation in the derivative of the Horner sum), so
    // 2e-5 relative leaves ~3x.
    grid.forEach((zi, i) => {
      const ref = referenceLogPhi(zi);
      expect(Math.abs((v[i] as number) - ref), `value at z = ${zi}`).toBeLessThan(1e-6 * (1 + Math.abs(ref)));
      const dref = Math.exp(-0.5 * zi * zi - 0.5 * LOG_2PI - ref);
      expect(Math.abs((g[i] as number) - dref), `derivative at z = ${zi}`).toBeLessThan(2e-5 * (1e-3 + dref));
    });
    expect(Number.isFinite(value.dataSync()[0] as number)).toBe(true);
    // Far tails stay finite in float32 (no underflow to -Infinity, no NaN in the gradient).
    const far = tf.tensor1d([-60, -30, 30, 60]);
    const farValues = logNormalCdf(far).dataSync();
    const farGrad = tf
      .grad((x: tf.Tensor) => tf.sum(logNormalCdf(x)))(far)
      .dataSync();
    for (const x of [...farValues, ...farGrad]) expect(Number.isFinite(x)).toBe(true);
    expect(Math.abs((farValues[0] as number) - referenceLogPhi(-60))).toBeLessThan(1e-6 * 1800);
    expect(Math.abs((farGrad[0] as number) - 60)).toBeLessThan(0.05);
    tf.dispose([z, value, grad, far]);
  });
});

const targets: SyntheticTarget[] = [banana, funnel(2), funnel(10), mixture2, skewed(10)];

describe.each(targets.map((t) => [t.name, t] as const))('%s', (_name, target) => {
  it('DSL log density equals the float64 formula, with scores', () => {
    const model = target.compile({});
    expect(model.dimension).toBe(target.dimension);
    checkAgainstFormula(model, target.logDensity, 7);
    // Further out (skewed: alpha x down to ~ -8, deep in the lower tail of Phi).
    checkAgainstFormula(model, target.logDensity, 8, 3, 2);
    model.dispose();
  });

  it('exact draws have the known moments (within 5 Monte Carlo sds)', () => {
    const n = 20000;
    const d = target.dimension;
    const draws = target.sampleExact(new Rng(5), n);
    expect(draws.length).toBe(n * d);
    for (let j = 0; j < d; j++) {
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const x = draws[i * d + j] as number;
        m1 += x;
        m2 += x * x;
      }
      m1 /= n;
      m2 /= n;
      const mean = target.mean[j] as number;
      const variance = target.variance[j] as number;
      const secondMoment = variance + mean * mean;
      expect(Math.abs(m1 - mean), `mean of coordinate ${j}`).toBeLessThan(5 * Math.sqrt(variance / n));
      const fourth = fourthMoment(target.name, j);
      expect(Math.abs(m2 - secondMoment), `second moment of coordinate ${j}`).toBeLessThan(
        5 * Math.sqrt((fourth - secondMoment * secondMoment) / n),
      );
    }
  });
});

/**
 * Known fourth moments E[x_j^4] (for the Monte Carlo sd of the second
 * moment): banana x2 = w + e with w = x1^2 - 1 gives E w^4 + 6 E w^2 + 3 =
 * 60 + 12 + 3; funnel x = exp(v / 2) z gives 3 E[exp(2 v)] = 3 exp(18);
 * mixture x1 = +-2 + z gives 16 + 6 * 4 + 3; a skew-normal squared is
 * chi-square(1), E x^4 = 3.
 */
function fourthMoment(name: string, j: number): number {
  if (name === 'banana') return j === 0 ? 3 : 75;
  if (name.startsWith('funnel')) return j === 0 ? 3 * 81 : 3 * Math.exp(18);
  if (name === 'mixture2') return j === 0 ? 43 : 3;
  return 3;
}

describe('exact samplers, sharper checks', () => {
  it('funnel: log x^2 has mean -(gamma + log 2) and variance 9 + pi^2 / 2', () => {
    const n = 20000;
    const draws = funnel(10).sampleExact(new Rng(6), n);
    const values: number[] = [];
    for (let i = 0; i < n; i++) values.push(Math.log((draws[i * 10 + 3] as number) ** 2));
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const variance = 9 + (Math.PI * Math.PI) / 2;
    expect(Math.abs(mean - -(0.5772156649015329 + Math.LN2))).toBeLessThan(5 * Math.sqrt(variance / n));
  });

  it('skewed: mean sqrt(2 / pi) delta, and P(x < 0) = 1/2 - atan(alpha) / pi', () => {
    const n = 20000;
    const draws = skewed(1).sampleExact(new Rng(7), n);
    const delta = SKEW_ALPHA / Math.sqrt(1 + SKEW_ALPHA ** 2);
    const mean = draws.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - Math.sqrt(2 / Math.PI) * delta)).toBeLessThan(
      5 * Math.sqrt((1 - (2 * delta * delta) / Math.PI) / n),
    );
    const p = 0.5 - Math.atan(SKEW_ALPHA) / Math.PI;
    const below = draws.filter((x) => x < 0).length / n;
    expect(Math.abs(below - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe('float64 log densities are normalised', () => {
  // Midpoint rule on a box holding all but ~1e-9 of the mass; the integrands
  // are smooth, so the rule's error is far below the 1e-6 tolerance.
  const integrate2d = (f: (x: Float64Array) => number, [a, b]: number[], [c, e]: number[], n: number): number => {
    const h1 = ((b as number) - (a as number)) / n;
    const h2 = ((e as number) - (c as number)) / n;
    const x = new Float64Array(2);
    let s = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        x[0] = (a as number) + (i + 0.5) * h1;
        x[1] = (c as number) + (j + 0.5) * h2;
        s += Math.exp(f(x));
      }
    return s * h1 * h2;
  };

  it('banana, mixture2, skewed(2) integrate to 1', () => {
    expect(integrate2d(banana.logDensity, [-7, 7], [-8, 55], 1200)).toBeCloseTo(1, 6);
    expect(integrate2d(mixture2.logDensity, [-10, 10], [-7, 7], 800)).toBeCloseTo(1, 6);
    expect(integrate2d(skewed(2).logDensity, [-7, 7], [-7, 7], 800)).toBeCloseTo(1, 6);
  });

  it('funnel(2) integrates to 1 (over x in units of its scale exp(v / 2))', () => {
    // Substituting x = exp(v / 2) w: the integrand times the Jacobian exp(v / 2).
    const f = funnel(2).logDensity;
    const y = new Float64Array(2);
    const g = (u: Float64Array): number => {
      y[0] = u[0] as number;
      y[1] = Math.exp(0.5 * (u[0] as number)) * (u[1] as number);
      return f(y) + 0.5 * (u[0] as number);
    };
    expect(integrate2d(g, [-20, 20], [-8, 8], 800)).toBeCloseTo(1, 6);
  });
});
