// Synthetic targets: exact normalised densities and samplers that agree with them.
//
// Normalisation: each 2-D log density is integrated by the midpoint rule on a
// grid covering all but a negligible mass (the truncated tails are below
// 1e-10); for smooth, rapidly decaying integrands the rule converges faster
// than any power of the step (the masses found are 1 to within ~1e-12), so
// the masses are asserted to 1e-8, far inside the 1e-3 that separates a
// right normalising constant from a wrong one.
//
// Samplers: a sample mean of f over n = 20000 draws is compared with the
// exact E f (closed form, or the same grid quadrature) within 5 Monte Carlo
// standard errors, 5 sd(f) / sqrt(n), estimated from the draws themselves: a
// correct sampler fails such a check with probability below 1e-6.
import { describe, expect, it } from 'vitest';
import { BrenierError, DistributionArgumentError } from '../../src/core/errors.js';
import {
  bananaDistribution,
  gaussianDistribution,
  logStandardNormalCdf,
  skewedDistribution,
  twoMoonsDistribution,
  type SyntheticDistribution,
} from '../../src/generative/synthetic.js';

const N = 20000;

interface GridResult {
  mass: number;
  /** E f for each test function, by the same quadrature. */
  moments: number[];
}

type Moment = (x: number, y: number) => number;

const MOMENTS: Moment[] = [(x) => x, (_x, y) => y, (x) => x * x, (_x, y) => y * y, (x, y) => x * y];

/** Midpoint rule on [x0, x1] x [y0, y1] with step h. */
function integrate2d(
  dist: SyntheticDistribution,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
  h: number,
): GridResult {
  const nx = Math.round((x1 - x0) / h);
  const ny = Math.round((y1 - y0) / h);
  const row = new Float64Array(ny * 2);
  let mass = 0;
  const sums = MOMENTS.map(() => 0);
  for (let i = 0; i < nx; i++) {
    const x = x0 + (i + 0.5) * h;
    for (let j = 0; j < ny; j++) {
      row[2 * j] = x;
      row[2 * j + 1] = y0 + (j + 0.5) * h;
    }
    const logp = dist.logDensity(row, ny);
    for (let j = 0; j < ny; j++) {
      const w = Math.exp(logp[j] as number) * h * h;
      mass += w;
      const y = row[2 * j + 1] as number;
      MOMENTS.forEach((f, k) => (sums[k] = (sums[k] as number) + w * f(x, y)));
    }
  }
  return { mass, moments: sums.map((s) => s / mass) };
}

/** Midpoint rule in 1-D on [x0, x1] with step h: returns the mass. */
function integrate1d(dist: SyntheticDistribution, x0: number, x1: number, h: number): number {
  const n = Math.round((x1 - x0) / h);
  const xs = Float64Array.from({ length: n }, (_, i) => x0 + (i + 0.5) * h);
  return dist.logDensity(xs, n).reduce((s, v) => s + Math.exp(v) * h, 0);
}

/** Check that the sample mean of f is within 5 Monte Carlo standard errors of `exact`. */
function expectMcMean(values: Float64Array | number[], exact: number): void {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  expect(Math.abs(mean - exact)).toBeLessThanOrEqual(5 * se);
}

/** The draws' values of each moment function, compared with the exact moments. */
function expectSampleMoments(draws: Float64Array, exact: number[]): void {
  const n = draws.length / 2;
  MOMENTS.forEach((f, k) => {
    const values = Array.from({ length: n }, (_, i) => f(draws[2 * i] as number, draws[2 * i + 1] as number));
    expectMcMean(values, exact[k] as number);
  });
}

describe('logStandardNormalCdf', () => {
  it('matches high-precision reference values from the far left tail to the right tail', () => {
    // log Phi(z) computed in 40-digit arithmetic, rounded to float64.
    const reference: [number, number][] = [
      [-40, -804.6084420137538],
      [-20, -203.91715537109727],
      [-10, -53.23128515051247],
      [-5, -15.064998393988725],
      [-3, -6.607726221510349],
      [-1, -1.8410216450092636],
      [-0.5, -1.1759117615936185],
      [-0.1, -0.7761545927302733],
      [0, -0.6931471805599453],
      [0.3, -0.4814101615884812],
      [1, -0.17275377902344988],
      [2, -0.02301290932896349],
      [5, -2.866516129637636e-7],
      [8, -6.220960574271786e-16],
      [10, -7.619853024160525e-24],
    ];
    for (const [z, expected] of reference) {
      // Cody's approximations are accurate to ~1e-15 relative; allow 1e-13.
      expect(Math.abs(logStandardNormalCdf(z) - expected)).toBeLessThanOrEqual(1e-13 * Math.abs(expected));
    }
  });

  it('is finite far in the left tail and follows the asymptotic series there', () => {
    for (const z of [-50, -1e3, -1e6]) {
      // log Phi(z) = -z^2/2 - log(-z) - log(2 pi)/2 + log(1 - 1/z^2 + 3/z^4 - 15/z^6), error O(z^-8).
      const series =
        -0.5 * z * z - Math.log(-z) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(-1 / z ** 2 + 3 / z ** 4 - 15 / z ** 6);
      expect(logStandardNormalCdf(z)).toBeCloseTo(series, 10 - Math.log10(Math.abs(series)));
    }
    expect(logStandardNormalCdf(-Infinity)).toBe(-Infinity);
    expect(logStandardNormalCdf(Infinity)).toBe(0);
  });
});

describe('gaussianDistribution', () => {
  const mean = [0.5, -1];
  const cov = [2, 0.6, 0.6, 0.5];
  const g = gaussianDistribution(mean, cov);

  it('has the closed-form density, normalised', () => {
    const det = 2 * 0.5 - 0.6 * 0.6;
    const pts = new Float64Array([0, 0, 0.5, -1, 3, -2, -1, 1]);
    const logp = g.logDensity(pts, 4);
    for (let i = 0; i < 4; i++) {
      const dx = (pts[2 * i] as number) - 0.5;
      const dy = (pts[2 * i + 1] as number) + 1;
      const q = (0.5 * dx * dx - 2 * 0.6 * dx * dy + 2 * dy * dy) / det;
      expect(logp[i]).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q, 13);
    }
    // Standard deviations sqrt(2) and sqrt(0.5): +-10 sd boxes.
    const grid = integrate2d(g, -14, 15, -8.5, 6.5, 0.05);
    expect(Math.abs(grid.mass - 1)).toBeLessThan(1e-8);
    expect(g.name).toBe('gaussian-2d');
    expect(g.dimension).toBe(2);
  });

  it('samples with the right mean and covariance', () => {
    const draws = g.sample(N, { seed: 11 });
    expectSampleMoments(draws, [0.5, -1, 2 + 0.25, 0.5 + 1, 0.6 - 0.5]);
  });

  it('is reproducible from the seed', () => {
    expect(g.sample(5, { seed: 3 })).toEqual(g.sample(5, { seed: 3 }));
    expect(g.sample(5, { seed: 3 })).not.toEqual(g.sample(5, { seed: 4 }));
  });

  it('rejects invalid arguments, naming them', () => {
    expect(() => gaussianDistribution([], [])).toThrow(/argument 'mean'/);
    expect(() => gaussianDistribution([0, NaN], [1, 0, 0, 1])).toThrow(/argument 'mean'.*NaN at entry 1/);
    expect(() => gaussianDistribution([0, 0], [1, 0, 0])).toThrow(/argument 'covariance'.*2 x 2/);
    expect(() => gaussianDistribution([0, 0], [1, 0.5, 0.4, 1])).toThrow(/argument 'covariance' must be symmetric/);
    expect(() => gaussianDistribution([0, 0], [1, 2, 2, 1])).toThrow(DistributionArgumentError);
    expect(() => gaussianDistribution([0, 0], [1, 2, 2, 1])).toThrow(/positive definite/);
    expect(() => gaussianDistribution([0], [1], '')).toThrow(/argument 'name'/);
    expect(gaussianDistribution([0], [1], 'unit').name).toBe('unit');
    expect(() => g.logDensity(new Float64Array(3), 2)).toThrow(/argument 'y'.*length/);
    expect(() => g.logDensity(new Float64Array([0, NaN]), 1)).toThrow(/argument 'y'/);
    expect(() => g.sample(-1, { seed: 0 })).toThrow(/argument 'n'/);
    expect(() => g.sample(1, { seed: -1 })).toThrow(BrenierError);
  });
});

describe('bananaDistribution', () => {
  it('is normalised (2-D grid) and its draws match the quadrature moments', () => {
    const banana = bananaDistribution(2, 1);
    expect(banana.name).toBe('banana-2d');
    // x1 in +-7 sd; x2 - (x1^2 - 1) in +-8 sd, so x2 in [-9, 56] covers it.
    const grid = integrate2d(banana, -7, 7, -9, 56, 0.025);
    expect(Math.abs(grid.mass - 1)).toBeLessThan(1e-8);
    // Closed forms: E x = 0, E x1^2 = 1, E x2^2 = 1 + 2 b^2, E x1 x2 = 0.
    const exact = [0, 0, 1, 3, 0];
    grid.moments.forEach((m, k) => expect(m).toBeCloseTo(exact[k] as number, 6));
    expectSampleMoments(banana.sample(N, { seed: 21 }), exact);
  });

  it('adds independent standard normal coordinates beyond the second', () => {
    const b3 = bananaDistribution(3, 0.5);
    const b2 = bananaDistribution(2, 0.5);
    const pts = new Float64Array([0.3, -0.2, 1.5, -1.2, 2.4, -0.7]);
    const l3 = b3.logDensity(pts, 2);
    const l2 = b2.logDensity(new Float64Array([0.3, -0.2, -1.2, 2.4]), 2);
    expect(l3[0]).toBeCloseTo((l2[0] as number) - 0.5 * Math.log(2 * Math.PI) - 0.5 * 1.5 * 1.5, 13);
    expect(l3[1]).toBeCloseTo((l2[1] as number) - 0.5 * Math.log(2 * Math.PI) - 0.5 * 0.7 * 0.7, 13);
    const draws = b3.sample(N, { seed: 22 });
    const third = Array.from({ length: N }, (_, i) => draws[3 * i + 2] as number);
    expectMcMean(third, 0);
    expectMcMean(
      third.map((v) => v * v),
      1,
    );
    // Var x2 = 1 + 2 b^2 = 1.5.
    expectMcMean(
      Array.from({ length: N }, (_, i) => (draws[3 * i + 1] as number) ** 2),
      1.5,
    );
  });

  it('rejects invalid arguments, naming them', () => {
    expect(() => bananaDistribution(1)).toThrow(/Banana: argument 'd'/);
    expect(() => bananaDistribution(2.5)).toThrow(/argument 'd'/);
    expect(() => bananaDistribution(2, NaN)).toThrow(/argument 'curvature'/);
  });
});

describe('twoMoonsDistribution', () => {
  it('is normalised (2-D grid) and its draws match the quadrature moments', () => {
    const moons = twoMoonsDistribution();
    expect(moons.name).toBe('two-moons');
    expect(moons.dimension).toBe(2);
    // y1 within 8 arc sds (0.5) of both centres; y2 within 10 noise sds of the parabolas there:
    // the upper one dips to 1 - 16 = -15, the lower one climbs to -0.5 + 16 = 15.5.
    const grid = integrate2d(moons, -4, 5, -17, 17, 0.01);
    expect(Math.abs(grid.mass - 1)).toBeLessThan(1e-8);
    // E y = (1/2, 1/4) in closed form.
    expect(grid.moments[0]).toBeCloseTo(0.5, 6);
    expect(grid.moments[1]).toBeCloseTo(0.25, 6);
    expectSampleMoments(moons.sample(N, { seed: 31 }), grid.moments);
  });

  it('has the documented mixture density', () => {
    const noise = 0.2;
    const moons = twoMoonsDistribution({ noise });
    const normal = (x: number, m: number, s: number): number =>
      Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    const pts = [
      [0, 1],
      [1, -0.5],
      [0.5, 0.2],
      [-1, 0],
    ];
    const logp = moons.logDensity(Float64Array.from(pts.flat()), pts.length);
    pts.forEach(([y1, y2], i) => {
      const p =
        0.5 * normal(y1 as number, 0, 0.5) * normal(y2 as number, 1 - (y1 as number) ** 2, noise) +
        0.5 * normal(y1 as number, 1, 0.5) * normal(y2 as number, -0.5 + ((y1 as number) - 1) ** 2, noise);
      expect(logp[i]).toBeCloseTo(Math.log(p), 12);
    });
    // Far from both moons the log density stays finite (log-sum-exp).
    expect(Number.isFinite(moons.logDensity(new Float64Array([0, 1e3]), 1)[0])).toBe(true);
  });

  it('rejects invalid arguments, naming them', () => {
    expect(() => twoMoonsDistribution({ noise: 0 })).toThrow(/TwoMoons: argument 'noise'/);
    expect(() => twoMoonsDistribution({ noise: -1 })).toThrow(/argument 'noise'/);
  });
});

describe('skewedDistribution', () => {
  it('is normalised (1-D and 2-D grids) and has the skew-normal moments', () => {
    const alpha = 4;
    const delta = alpha / Math.sqrt(1 + alpha * alpha);
    const mean = delta * Math.sqrt(2 / Math.PI);
    const variance = 1 - (2 * delta * delta) / Math.PI;
    // Light tails on the left (faster than Gaussian), Gaussian on the right: +-10 covers all but 1e-20.
    expect(Math.abs(integrate1d(skewedDistribution(1, alpha), -10, 10, 0.01) - 1)).toBeLessThan(1e-8);
    const s2 = skewedDistribution(2, alpha);
    expect(s2.name).toBe('skew-normal-2d');
    const grid = integrate2d(s2, -10, 10, -10, 10, 0.02);
    expect(Math.abs(grid.mass - 1)).toBeLessThan(1e-8);
    const exact = [mean, mean, variance + mean * mean, variance + mean * mean, mean * mean];
    grid.moments.forEach((m, k) => expect(m).toBeCloseTo(exact[k] as number, 6));
    expectSampleMoments(s2.sample(N, { seed: 41 }), exact);
  });

  it('handles negative shapes and far tails', () => {
    const left = skewedDistribution(1, -3);
    const right = skewedDistribution(1, 3);
    const xs = new Float64Array([-2, -0.3, 0, 0.7, 4]);
    const mirrored = xs.map((v) => -v);
    const a = left.logDensity(xs, 5);
    const b = right.logDensity(mirrored, 5);
    for (let i = 0; i < 5; i++) expect(a[i]).toBeCloseTo(b[i] as number, 13);
    // 30 sd into the light tail: log p = log 2 + log phi(-30) + log Phi(-90), with log Phi(-90)
    // from its asymptotic series (relative error ~1e-15 at z = -90).
    const far = right.logDensity(new Float64Array([-30]), 1)[0] as number;
    const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
    const logPhi90 = -4050 - Math.log(90) - halfLog2Pi + Math.log1p(-1 / 8100 + 3 / 8100 ** 2);
    expect(far).toBeCloseTo(Math.LN2 - 450 - halfLog2Pi + logPhi90, 9);
    // alpha = 0 is the standard normal.
    expect(skewedDistribution(1, 0).logDensity(new Float64Array([1]), 1)[0]).toBeCloseTo(
      -0.5 * Math.log(2 * Math.PI) - 0.5,
      14,
    );
  });

  it('rejects invalid arguments, naming them', () => {
    expect(() => skewedDistribution(0)).toThrow(/SkewNormal: argument 'd'/);
    expect(() => skewedDistribution(2, Infinity)).toThrow(/argument 'alpha'/);
  });
});
