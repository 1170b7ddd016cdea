import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { quantile, weightedMean, weightedQuantile, weightedSd } from '../../src/diagnostics/index.js';

const seed = 20261128;

describe('quantile (type 7)', () => {
  it('matches a hand computation: sorted [1, 1, 3, 4, 5], h = 4 p', () => {
    const x = [3, 1, 4, 1, 5];
    expect(quantile(x, 0)).toBe(1);
    expect(quantile(x, 0.05)).toBe(1); // h = 0.2: 1 + 0.2 (1 - 1)
    expect(quantile(x, 0.3)).toBeCloseTo(1.4, 14); // h = 1.2: 1 + 0.2 (3 - 1)
    expect(quantile(x, 0.5)).toBe(3); // h = 2
    expect(quantile(x, 0.95)).toBeCloseTo(4.8, 14); // h = 3.8: 4 + 0.8 (5 - 4)
    expect(quantile(x, 1)).toBe(5);
    expect(x).toEqual([3, 1, 4, 1, 5]); // input untouched
  });

  it('matches jStat.quantiles with alphap = betap = 1 (type 7)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 40 }), // jStat needs n >= 2
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, p) => {
          const ref = (jStat.quantiles(x, [p], 1, 1) as number[])[0] as number;
          expect(quantile(x, p)).toBeCloseTo(ref, 8);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => quantile([], 0.5)).toThrow(/quantile: values is empty/);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/values\[1\]/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/quantile: p must be a probability/);
  });
});

describe('weighted mean, sd and quantile', () => {
  it('equal weights give the unweighted mean, sd (n - 1) and type-7 quantiles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 50 }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, c, p) => {
          const lw = x.map(() => c);
          const n = x.length;
          const m = x.reduce((a, b) => a + b, 0) / n;
          const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
          expect(weightedMean(x, lw)).toBeCloseTo(m, 9);
          expect(weightedSd(x, lw)).toBeCloseTo(sd, 9);
          expect(weightedQuantile(x, lw, p)).toBeCloseTo(quantile(x, p), 9);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it('integer weights act as replication for the mean; zero weights drop draws', () => {
    const x = [1, 2, 10];
    expect(weightedMean(x, [Math.log(2), 0, 0])).toBeCloseTo((1 + 1 + 2 + 10) / 4, 14);
    const lw = [0, -Infinity, 0, 0, -Infinity];
    const y = [5, 100, 1, 3, -100];
    for (const p of [0, 0.1, 0.5, 0.77, 1]) expect(weightedQuantile(y, lw, p)).toBeCloseTo(quantile([5, 1, 3], p), 12);
    expect(weightedMean(y, lw)).toBeCloseTo(3, 14);
    expect(weightedQuantile(y, [-Infinity, 0, -Infinity, -Infinity, -Infinity], 0.3)).toBe(100);
    expect(weightedSd(y, [-Infinity, 0, -Infinity, -Infinity, -Infinity])).toBeNaN();
  });

  it('weighted quantiles are non-decreasing in p and span [min, max] of the positive-weight draws', () => {
    const x = [0.3, -2, 5, 1.1, 0.7, 4];
    const lw = [0, 2, -1, 0.5, -3, 1];
    let previous = -Infinity;
    for (let p = 0; p <= 1; p += 0.01) {
      const q = weightedQuantile(x, lw, p);
      expect(q).toBeGreaterThanOrEqual(previous);
      previous = q;
    }
    expect(weightedQuantile(x, lw, 0)).toBe(-2);
    expect(weightedQuantile(x, lw, 1)).toBe(5);
    // A heavier weight on -2 pulls the median down.
    expect(weightedQuantile(x, lw, 0.5)).toBeLessThan(quantile(x, 0.5));
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => weightedMean([1, 2], [0])).toThrow(/same length/);
    expect(() => weightedMean([1, 2], [0, Number.NaN])).toThrow(/weightedMean: logWeights\[1\]/);
    expect(() => weightedQuantile([1, Number.NaN], [0, 0], 0.5)).toThrow(/weightedQuantile: values\[1\]/);
    expect(() => weightedQuantile([1, 2], [0, 0], -0.1)).toThrow(/p must be a probability/);
    expect(() => weightedSd([], [])).toThrow(/weightedSd: values is empty/);
  });
});
