// Exact float64 samplers of the discrete distributions: with a fixed seed
// and n = 20000 draws, the sample mean lies within 5 standard errors
// (sqrt(variance / n)) of mean(), and the empirical mass at a few points
// within 5 sqrt(p (1 - p) / n) of the exact mass (5-sigma bounds: a false
// failure has probability ~6e-7 per check; the seed is fixed anyway).
// Rows exercise both branches of each sampler: binomial inversion and BTRS
// (n = 1000, also with p > 1/2 by symmetry), Poisson inversion and PTRS
// (rate 250), the gamma-Poisson negative binomial and the beta-binomial.
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { NDArray } from '../../src/core/ndarray.js';
import type { Distribution } from '../../src/distributions/distribution.js';
import {
  bernoulli,
  bernoulliLogit,
  betaBinomial,
  binomial,
  binomialLogit,
  categorical,
  categoricalLogit,
  negativeBinomial,
  poisson,
  poissonLogRate,
} from '../../src/distributions/discrete.js';
import { binomialVariate, poissonVariate } from '../../src/distributions/variates.js';
import { logBeta, logGamma } from '../../src/math/special.js';
import { SEED } from './support.js';

const N = 20000;

interface SamplerRow {
  readonly name: string;
  readonly dist: Distribution & { mean(): NDArray; variance(): NDArray };
  /** Exact float64 mass. */
  readonly pmf: (x: number) => number;
  /** Points at which the empirical mass is checked. */
  readonly points: readonly number[];
}

const nb = (mu: number, phi: number) => (x: number) =>
  Math.exp(
    logGamma(x + phi) -
      logGamma(x + 1) -
      logGamma(phi) +
      x * Math.log(mu / (mu + phi)) +
      phi * Math.log(phi / (mu + phi)),
  );
const bb = (n: number, a: number, b: number) => (x: number) =>
  Math.exp(logGamma(n + 1) - logGamma(x + 1) - logGamma(n - x + 1) + logBeta(x + a, n - x + b) - logBeta(a, b));
const poissonPmf = (rate: number) => (x: number) => Math.exp(x * Math.log(rate) - rate - logGamma(x + 1));
const binomialPmf = (n: number, p: number) => (x: number) =>
  Math.exp(logGamma(n + 1) - logGamma(x + 1) - logGamma(n - x + 1) + x * Math.log(p) + (n - x) * Math.log1p(-p));

const ROWS: readonly SamplerRow[] = [
  { name: 'Bernoulli(0.3)', dist: bernoulli(0.3), pmf: (x) => (x === 1 ? 0.3 : 0.7), points: [0, 1] },
  {
    name: 'BernoulliLogit(-1.2)',
    dist: bernoulliLogit(-1.2),
    pmf: (x) => (x === 1 ? 1 / (1 + Math.exp(1.2)) : 1 / (1 + Math.exp(-1.2))),
    points: [0, 1],
  },
  {
    name: 'Binomial(20, 0.2) (inversion)',
    dist: binomial(20, 0.2),
    pmf: (x) => jStat.binomial.pdf(x, 20, 0.2),
    points: [0, 2, 4, 6],
  },
  {
    name: 'Binomial(1000, 0.3) (BTRS)',
    dist: binomial(1000, 0.3),
    pmf: binomialPmf(1000, 0.3),
    points: [290, 300, 310, 330],
  },
  {
    name: 'Binomial(1000, 0.93) (BTRS, symmetry)',
    dist: binomial(1000, 0.93),
    pmf: binomialPmf(1000, 0.93),
    points: [920, 930, 940],
  },
  {
    name: 'BinomialLogit(100, 0.4) (BTRS)',
    dist: binomialLogit(100, 0.4),
    pmf: binomialPmf(100, 1 / (1 + Math.exp(-0.4))),
    points: [55, 60, 65],
  },
  { name: 'Poisson(3.5) (inversion)', dist: poisson(3.5), pmf: poissonPmf(3.5), points: [0, 2, 3, 7] },
  { name: 'Poisson(250) (PTRS)', dist: poisson(250), pmf: poissonPmf(250), points: [230, 250, 265] },
  {
    name: 'PoissonLogRate(log 40) (PTRS)',
    dist: poissonLogRate(Math.log(40)),
    pmf: poissonPmf(40),
    points: [30, 40, 45],
  },
  { name: 'NegativeBinomial(10, 2.5)', dist: negativeBinomial(10, 2.5), pmf: nb(10, 2.5), points: [0, 5, 10, 20] },
  { name: 'NegativeBinomial(50, 0.8)', dist: negativeBinomial(50, 0.8), pmf: nb(50, 0.8), points: [0, 10, 50] },
  {
    name: 'Categorical([0.1, 0.2, 0.3, 0.4])',
    dist: categorical([0.1, 0.2, 0.3, 0.4]),
    pmf: (x) => [0.1, 0.2, 0.3, 0.4][x] ?? 0,
    points: [0, 1, 2, 3],
  },
  {
    name: 'CategoricalLogit([1, 0, -1])',
    dist: categoricalLogit([1, 0, -1]),
    pmf: (x) => Math.exp([1, 0, -1][x] ?? -Infinity) / (Math.E + 1 + 1 / Math.E),
    points: [0, 1, 2],
  },
  { name: 'BetaBinomial(30, 2, 3)', dist: betaBinomial(30, 2, 3), pmf: bb(30, 2, 3), points: [0, 10, 12, 25] },
  {
    name: 'BetaBinomial(10, 0.05, 0.05)',
    dist: betaBinomial(10, 0.05, 0.05),
    pmf: bb(10, 0.05, 0.05),
    points: [0, 5, 10],
  },
];

describe.each(ROWS)('sampler of $name', (row) => {
  it('matches the mean (5 SE) and the pmf at a few points (5 sigma)', () => {
    const draws = row.dist.sample(new Rng(SEED), [N]);
    expect(draws.shape).toEqual([N]);
    const mean = row.dist.mean().data[0] as number;
    const variance = row.dist.variance().data[0] as number;
    let s = 0;
    const counts = new Map<number, number>();
    let nonInteger = 0;
    for (const x of draws.data) {
      if (!Number.isInteger(x)) nonInteger++;
      s += x;
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect(nonInteger).toBe(0);
    expect(Math.abs(s / N - mean)).toBeLessThanOrEqual(5 * Math.sqrt(variance / N));
    for (const x of row.points) {
      const p = row.pmf(x);
      expect(Math.abs((counts.get(x) ?? 0) / N - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / N) + 1e-12);
    }
  });
});

describe('samplers', () => {
  it('are reproducible and respect batch shapes', () => {
    const d = binomial([[10], [500]], [0.1, 0.6]);
    const a = d.sample(new Rng(7), [3]);
    const b = d.sample(new Rng(7), [3]);
    expect(a.shape).toEqual([3, 2, 2]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    for (let i = 0; i < a.data.length; i++) {
      const n = [10, 10, 500, 500][i % 4] as number;
      expect(a.data[i]).toBeGreaterThanOrEqual(0);
      expect(a.data[i]).toBeLessThanOrEqual(n);
    }
  });

  it('handle edge parameters', () => {
    const rng = new Rng(1);
    expect(binomialVariate(rng, 0, 0.5)).toBe(0);
    expect(binomialVariate(rng, 12, 0)).toBe(0);
    expect(binomialVariate(rng, 12, 1)).toBe(12);
    expect(poissonVariate(rng, 0)).toBe(0);
    // Very large counts and rates stay in range and near their means.
    const big = binomialVariate(rng, 1e9, 0.5);
    expect(Math.abs(big - 5e8)).toBeLessThan(10 * Math.sqrt(2.5e8));
    const huge = poissonVariate(rng, 1e8);
    expect(Math.abs(huge - 1e8)).toBeLessThan(10 * 1e4);
  });
});
