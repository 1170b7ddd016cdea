import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { digamma, lbeta, lgamma, logBeta, logGamma } from '../../src/math/special.js';

const seed = 20261128;

describe('float64 special functions', () => {
  it('logGamma matches jStat.gammaln to 1e-12 relative', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => {
        const ref = jStat.gammaln(x);
        expect(Math.abs(logGamma(x) - ref)).toBeLessThan(1e-12 * (1 + Math.abs(ref)) + 1e-12);
      }),
      { seed, numRuns: 200 },
    );
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(-1)).toBeNaN();
  });

  it('digamma is the derivative of logGamma (central differences, h = 1e-5 x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), (x) => {
        const h = 1e-5 * x;
        const fd = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
        // Finite-difference error ~ h^2 psi'''(x) + eps |lgamma| / h.
        expect(Math.abs(digamma(x) - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)) + (1e-15 * Math.abs(logGamma(x))) / h);
      }),
      { seed, numRuns: 200 },
    );
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13); // recurrence to x >= 10, then 6 terms of the asymptotic series: error ~1e-14
  });

  it('logBeta matches jStat.betaln', () => {
    expect(logBeta(2.5, 0.7)).toBeCloseTo(jStat.betaln(2.5, 0.7), 12);
  });
});

describe('tensor special functions (float32)', () => {
  it('lgamma matches float64 within float32 rounding, with digamma as its gradient', () => {
    const xs = [1e-4, 0.01, 0.3, 0.5, 1, 1.5, 2, 3.7, 10, 55, 1000, 1e5];
    const t = tf.tensor1d(xs);
    const values = lgamma(t).dataSync();
    const grads = tf
      .grad((x: tf.Tensor) => tf.sum(lgamma(x)))(t)
      .dataSync();
    xs.forEach((x, i) => {
      // float32 has ~6e-8 relative precision; the series and the log-sum add a few roundings.
      // Near the zeros of lgamma (x = 1, 2) the absolute error is what matters.
      expect(Math.abs((values[i] as number) - logGamma(x))).toBeLessThan(2e-6 * (1 + Math.abs(logGamma(x))));
      expect(Math.abs((grads[i] as number) - digamma(x))).toBeLessThan(2e-6 * (1 + Math.abs(digamma(x))));
    });
  });

  it('lbeta is differentiable in both arguments', () => {
    const a = tf.scalar(2.5);
    const b = tf.scalar(0.7);
    expect(lbeta(a, b).dataSync()[0]).toBeCloseTo(logBeta(2.5, 0.7), 5);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => lbeta(x, y))([a, b]);
    expect(ga?.dataSync()[0]).toBeCloseTo(digamma(2.5) - digamma(3.2), 5);
    expect(gb?.dataSync()[0]).toBeCloseTo(digamma(0.7) - digamma(3.2), 5);
  });
});
