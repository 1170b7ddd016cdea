import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { BrenierError } from '../../src/core/errors.js';
import { gpdFit, gpdQuantile } from '../../src/diagnostics/index.js';

/** n exact GPD(k, sigma) draws by the inverse CDF: sigma ((1 - U)^(-k) - 1) / k. */
function gpdDraws(rng: Rng, n: number, k: number, sigma: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = gpdQuantile(rng.uniform(), k, sigma);
  return x;
}

describe('gpdFit (Zhang & Stephens 2009)', () => {
  // The estimator is close to the MLE, whose asymptotic standard deviations
  // are (1 + k) / sqrt(n) for k and sigma sqrt(2 (1 + k) / n) for sigma.
  // With n = 20000: sd(k) ~ 0.0078..0.012, sd(sigma)/sigma ~ 0.0105..0.013.
  // The weakly informative prior moves k by 10 (0.5 - k) / (n + 10) <= 0.0002.
  // Tolerance: 4 asymptotic sds.
  const n = 20_000;
  const sigma = 2;
  for (const [k, seed] of [
    [0.1, 11],
    [0.4, 12],
    [0.7, 13],
  ] as const) {
    it(`recovers k = ${k} and sigma = ${sigma} from ${n} exact draws`, () => {
      const fit = gpdFit(gpdDraws(new Rng(seed), n, k, sigma));
      expect(Math.abs(fit.k - k)).toBeLessThan((4 * (1 + k)) / Math.sqrt(n));
      expect(Math.abs(fit.sigma - sigma)).toBeLessThan(4 * sigma * Math.sqrt((2 * (1 + k)) / n));
    });
  }

  it('applies the weakly informative prior k <- (n k + 5) / (n + 10) only when asked', () => {
    const x = gpdDraws(new Rng(3), 50, 0.2, 1);
    const raw = gpdFit(x, { weaklyInformativePrior: false });
    const shrunk = gpdFit(x);
    expect(shrunk.k).toBeCloseTo((50 * raw.k + 5) / 60, 14);
    expect(shrunk.sigma).toBe(raw.sigma);
  });

  it('does not depend on the order of x', () => {
    const x = gpdDraws(new Rng(4), 200, 0.5, 1);
    const reversed = Float64Array.from(x).sort().reverse();
    expect(gpdFit(reversed)).toEqual(gpdFit(x));
  });

  it('gpdQuantile inverts the GPD survival function (1 + k x / sigma)^(-1/k), and exp(-x/sigma) at k = 0', () => {
    for (const k of [-0.5, 0.3, 1.2]) {
      for (const p of [0.01, 0.5, 0.99]) {
        const q = gpdQuantile(p, k, 1.5);
        expect(Math.pow(1 + (k * q) / 1.5, -1 / k)).toBeCloseTo(1 - p, 12);
      }
    }
    expect(gpdQuantile(0.75, 0, 2)).toBeCloseTo(2 * Math.log(4), 14);
    expect(gpdQuantile(0.75, 1e-12, 2)).toBeCloseTo(2 * Math.log(4), 10);
  });

  it('rejects bad input, naming x', () => {
    expect(() => gpdFit([1])).toThrow(/gpdFit: x must have at least 2/);
    expect(() => gpdFit([1, -1, 2])).toThrow(/x\[1\]/);
    expect(() => gpdFit([1, Number.NaN])).toThrow(/x\[1\]/);
    expect(() => gpdFit([0, 0, 0])).toThrow(BrenierError);
  });
});
