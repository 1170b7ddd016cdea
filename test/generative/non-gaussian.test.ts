/**
 * fitGenerative's ridge family on non-Gaussian laws with exact densities:
 * a banana, a two-moons-like mixture of bent Gaussians and a product of
 * skew-normals in 5-D. The settings are the benchmark's (npm run
 * bench:generative): 4000 training points (seed 1), 4000 fresh test points
 * (seed 2), the logistic estimator on 100 Fourier features, fit seed 1, and
 * the energy two-sample test of 1000 draws (seed 3) against the first 1000
 * test points (200 permutations, seed 1, level 0.05). So the figures quoted
 * below are the benchmark's.
 *
 * The held-out gap `mean(log p - log q)` over the test points estimates
 * KL(p || q); its Monte Carlo se is `sd / sqrt(4000)`. Each bound on it is
 * about 10 se above the measured value: room for round-off and library
 * changes, not for a different fit.
 */
import { describe, expect, it } from 'vitest';
import { fitGenerative, type GenerativeOptions } from '../../src/generative/fit-generative.js';
import {
  bananaDistribution,
  skewedDistribution,
  twoMoonsDistribution,
  type SyntheticDistribution,
} from '../../src/generative/synthetic.js';
import type { TransportMap } from '../../src/generative/transport-map.js';
import { energyTwoSampleTest } from '../../src/generative/two-sample.js';

const N = 4000;
const TWO_SAMPLE = 1000;
const RIDGE: GenerativeOptions = { family: 'ridge', estimator: 'logistic', fourierFeatures: 100, seed: 1 };
const GAUSSIAN: GenerativeOptions = { family: 'gaussian', estimator: 'logistic', seed: 1 };
/** Fits of a few tens of seconds each: generous per-test limits for a loaded machine. */
const SLOW = 240_000;

function rows(flat: Float64Array, d: number): number[][] {
  return Array.from({ length: flat.length / d }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
}

/** Data, fresh test points and their exact log densities for one law. */
function setting(law: SyntheticDistribution): {
  d: number;
  samples: number[][];
  test: Float64Array;
  logP: Float64Array;
} {
  const d = law.dimension;
  const test = law.sample(N, { seed: 2 });
  return { d, samples: rows(law.sample(N, { seed: 1 }), d), test, logP: law.logDensity(test, N) };
}

/** The held-out gap mean(log p - log q) and its Monte Carlo se. */
function gap(map: TransportMap, test: Float64Array, logP: Float64Array, d: number): { kl: number; se: number } {
  const logQ = map.logDensity(rows(test, d));
  const gaps = logQ.map((v, i) => (logP[i] as number) - v);
  const kl = gaps.reduce((s, v) => s + v, 0) / gaps.length;
  const sd = Math.sqrt(gaps.reduce((s, v) => s + (v - kl) ** 2, 0) / (gaps.length - 1));
  return { kl, se: sd / Math.sqrt(gaps.length) };
}

function twoSample(draws: Float64Array, test: Float64Array, d: number): { reject: boolean; pValue: number } {
  return energyTwoSampleTest(draws, TWO_SAMPLE, test.subarray(0, TWO_SAMPLE * d), TWO_SAMPLE, d, {
    permutations: 200,
    seed: 1,
  });
}

const drawsOf = (map: TransportMap): Float64Array => new Float64Array(map.sample(TWO_SAMPLE, { seed: 3 }).flat());

describe('fitGenerative, ridge family, logistic estimator: banana', () => {
  const { d, samples, test, logP } = setting(bananaDistribution(2));
  const ridge = fitGenerative(samples, RIDGE);
  const gaussian = fitGenerative(samples, GAUSSIAN);

  it(
    "comes within a stated margin of the true density's held-out log-likelihood, far closer than the Gaussian family",
    async () => {
      const r = gap(await ridge, test, logP, d);
      const g = gap(await gaussian, test, logP, d);
      // Measured: ridge 0.075 ± 0.005, Gaussian family 0.533 ± 0.019 (a
      // mixture fitted by EM: 0.014). Margin: 0.12.
      expect(r.kl).toBeLessThan(0.12);
      expect(r.kl).toBeGreaterThan(-4 * r.se);
      expect(g.kl - r.kl).toBeGreaterThan(0.3);
    },
    SLOW,
  );

  it(
    'passes the two-sample test against held-out points, which the Gaussian family fails',
    async () => {
      // Measured p-values: ridge 0.23 (exact draws of the law: 0.25); the
      // Gaussian family's 0.005, the smallest 200 permutations can give.
      expect(twoSample(drawsOf(await ridge), test, d).reject).toBe(false);
      expect(twoSample(drawsOf(await gaussian), test, d).reject).toBe(true);
    },
    SLOW,
  );
});

describe('fitGenerative, ridge family, logistic estimator: two-moons-like mixture', () => {
  const { d, samples, test, logP } = setting(twoMoonsDistribution());
  const ridge = fitGenerative(samples, RIDGE);
  const gaussian = fitGenerative(samples, GAUSSIAN);

  it(
    'halves the Gaussian family’s gap to the true density, and stays within its stated margin',
    async () => {
      const r = gap(await ridge, test, logP, d);
      const g = gap(await gaussian, test, logP, d);
      // Measured: ridge 0.692 ± 0.015, Gaussian family 1.327 ± 0.022; a
      // mixture of 10 Gaussians fitted by EM: 0.061. The arcs are 0.1 thick:
      // a single convex potential with these ridges cannot make them thin
      // enough (the family's known limit; docs/generative.md). Margin: 0.85.
      expect(r.kl).toBeLessThan(0.85);
      expect(r.kl).toBeGreaterThan(-4 * r.se);
      expect(g.kl - r.kl).toBeGreaterThan(0.4);
    },
    SLOW,
  );

  it(
    'two-sample test: the Gaussian family is rejected',
    async () => {
      // The ridge fit's verdict is not asserted: at 1000 points the energy
      // test has little power against arcs that are too thick (p-values
      // 0.05-0.33 over four blocks of test points), while the held-out
      // log-likelihood above shows the 0.69-nat gap plainly.
      expect(twoSample(drawsOf(await gaussian), test, d).reject).toBe(true);
    },
    SLOW,
  );
});

describe('fitGenerative, ridge family, logistic estimator: skew-normal product in 5-D', () => {
  const { d, samples, test, logP } = setting(skewedDistribution(5));
  const ridge = fitGenerative(samples, RIDGE);
  const gaussian = fitGenerative(samples, GAUSSIAN);

  it(
    "comes within a stated margin of the true density's held-out log-likelihood, where the Gaussian family cannot",
    async () => {
      const r = gap(await ridge, test, logP, d);
      const g = gap(await gaussian, test, logP, d);
      // Measured: ridge 0.053 ± 0.004, Gaussian family 0.315 ± 0.012, a
      // mixture fitted by EM 0.083 ± 0.007. Margin: 0.095.
      expect(r.kl).toBeLessThan(0.095);
      expect(r.kl).toBeGreaterThan(-4 * r.se);
      expect(g.kl - r.kl).toBeGreaterThan(0.2);
    },
    SLOW,
  );

  it(
    'passes the two-sample test against held-out points, which its draws shifted by 0.3 sd fail',
    async () => {
      const draws = drawsOf(await ridge);
      expect(twoSample(draws, test, d).reject).toBe(false);
      // Positive control: the energy test sees a 0.3-sd shift of one coordinate
      // in 5-D at this size (the skew-normal's sd is 0.63).
      const shifted = Float64Array.from(draws, (v, k) => (k % d === 0 ? v + 0.3 * 0.63 : v));
      expect(twoSample(shifted, test, d).reject).toBe(true);
    },
    SLOW,
  );
});
