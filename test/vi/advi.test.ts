// fitAdvi (Stan's ADVI) on conjugate Gaussian targets against closed forms.
//
// ADVI returns the last iterate of a stochastic optimisation, so its error
// is the stationary noise of the step-size sequence, not float32 round-off.
// Measured on the regression below (max over coordinates/entries; mean
// error in posterior sds, covariance error in units of sd_a sd_b):
// - Stan defaults (gradSamples 1, adapted eta = 1, tolRelObj 0.01): stops
//   after 800 iterations with mean error ~0.55 and covariance error ~0.8;
//   tolRelObj 0.001 runs to 6000-10000 iterations, errors 0.15-0.24 / 0.3-1.3;
// - gradSamples 20, eta 0.1, 3000 iterations (seeds 1, 2, 3): mean errors
//   0.033, 0.032, 0.044, covariance errors 0.061, 0.100, 0.091.
// The accuracy test uses the latter, with tolerances 0.1 sd (means) and
// 15% per seed, 10% for the average over the three seeds.
import { describe, expect, it } from 'vitest';
import { BrenierError, defineModel, fitAdvi, normal, param, type AdviResult } from '../../src/index.js';

import { linearRegression, linearRegressionInstance } from '../support/linear-regression.js';

function regression(): {
  compiled: ReturnType<typeof linearRegression.compile>;
  mean: number[];
  cov: Float64Array;
} {
  const { data, mean, cov } = linearRegressionInstance();
  return { compiled: linearRegression.compile(data), mean, cov };
}

/** Max mean error in posterior sds and max covariance error in units of sd_a sd_b. */
function errors(
  mean: readonly number[],
  cov: ArrayLike<number>,
  m: readonly number[],
  S: Float64Array,
): [number, number] {
  const K = m.length;
  let mErr = 0;
  let cErr = 0;
  for (let a = 0; a < K; a++) {
    mErr = Math.max(mErr, Math.abs((mean[a] as number) - (m[a] as number)) / Math.sqrt(S[a * K + a] as number));
    for (let b = 0; b < K; b++) {
      const scale = Math.sqrt((S[a * K + a] as number) * (S[b * K + b] as number));
      cErr = Math.max(cErr, Math.abs((cov[a * K + b] as number) - (S[a * K + b] as number)) / scale);
    }
  }
  return [mErr, cErr];
}

describe('fitAdvi', () => {
  it('full-rank ADVI recovers a conjugate Gaussian posterior (Bayesian linear regression)', async () => {
    const { compiled, mean: m, cov: S } = regression();
    const K = 3;
    const fits: AdviResult[] = [];
    for (const seed of [1, 2, 3]) {
      const fit = await fitAdvi(compiled, {
        kind: 'fullrank',
        gradSamples: 20,
        eta: 0.1,
        tolRelObj: 1e-9,
        maxIterations: 3000,
        seed,
      });
      expect(fit.iterations).toBe(3000);
      expect(fit.converged).toBe(false);
      expect(fit.gradientEvaluations).toBe(20 * 3000);
      expect(fit.elbo).toHaveLength(30);
      // The potential is q = N(b, A^2).
      for (let a = 0; a < K; a++) {
        expect(fit.potential.b[a]).toBe(fit.mean[a]);
        for (let b = 0; b < K; b++) {
          let c = 0;
          for (let k = 0; k < K; k++)
            c += (fit.potential.A[a * K + k] as number) * (fit.potential.A[k * K + b] as number);
          expect(c).toBeCloseTo(fit.covariance[a * K + b] as number, 10);
        }
      }
      const [mErr, cErr] = errors(fit.mean, fit.covariance, m, S);
      expect(mErr).toBeLessThan(0.1);
      expect(cErr).toBeLessThan(0.15);
      fits.push(fit);
    }
    const avgMean = m.map((_, a) => fits.reduce((s, f) => s + (f.mean[a] as number), 0) / fits.length);
    const avgCov = Array.from(S, (_, k) => fits.reduce((s, f) => s + (f.covariance[k] as number), 0) / fits.length);
    const [mErr, cErr] = errors(avgMean, avgCov, m, S);
    expect(mErr).toBeLessThan(0.1);
    expect(cErr).toBeLessThan(0.1);
  });

  it("runs with Stan's defaults: adapts eta, converges on the relative ELBO change", async () => {
    const { compiled, mean: m, cov: S } = regression();
    const steps: number[] = [];
    const fit = await fitAdvi(compiled, { kind: 'fullrank', seed: 3, onProgress: (p) => steps.push(p.step) });
    expect(fit.adapted).toBe(true);
    expect(fit.etaTrials.map((t) => t.eta)).toEqual([100, 10, 1, 0.1]);
    expect(fit.eta).toBe(1);
    expect(fit.converged).toBe(true);
    expect(fit.iterations % 100).toBe(0);
    expect(fit.elbo.every(Number.isFinite)).toBe(true);
    expect(fit.gradientEvaluations).toBe(4 * 50 + fit.iterations);
    expect(steps[steps.length - 1]).toBe(5 * 50 + fit.iterations);
    // With one gradient draw and tolRelObj 0.01 ADVI stops early and noisy
    // (measured: 0.55 sd, 0.8 sd_a sd_b): a coarse check only.
    const [mErr, cErr] = errors(fit.mean, fit.covariance, m, S);
    expect(mErr).toBeLessThan(1);
    expect(cErr).toBeLessThan(1.5);
  });

  it('mean-field ADVI recovers the means of a correlated Gaussian and shrinks its sds to 1/sqrt(precision_ii)', async () => {
    // (x, y) ~ N((1, -1), [[1, rho], [rho, 1]]): x ~ N(1, 1), y | x ~ N(-1 + rho (x - 1), sqrt(1 - rho^2)).
    const rho = 0.8;
    const model = defineModel({
      params: { x: param.real(), y: param.real() },
      logDensity: ({ x, y }) => [
        normal(1, 1).logProb(x),
        normal(x.sub(1).mul(rho).sub(1), Math.sqrt(1 - rho * rho)).logProb(y),
      ],
    });
    const compiled = model.compile();
    const fit = await fitAdvi(compiled, {
      kind: 'meanfield',
      gradSamples: 20,
      eta: 0.1,
      tolRelObj: 1e-9,
      maxIterations: 3000,
      seed: 5,
    });
    const sdTrue = 1; // marginal sd
    const sdMeanField = Math.sqrt(1 - rho * rho); // 1 / sqrt(Precision_ii) = 0.6
    expect(Math.abs((fit.mean[0] as number) - 1)).toBeLessThan(0.1 * sdTrue);
    expect(Math.abs((fit.mean[1] as number) + 1)).toBeLessThan(0.1 * sdTrue);
    for (const i of [0, 1]) {
      const sd = Math.sqrt(fit.covariance[i * 2 + i] as number);
      expect(Math.abs(sd / sdMeanField - 1)).toBeLessThan(0.1);
      expect(sd).toBeLessThan(0.75 * sdTrue);
    }
    expect(fit.covariance[1]).toBe(0);
    expect(fit.potential.A[1]).toBe(0);
    expect(fit.scale).toHaveLength(2);
  });

  it('validates its options, naming the option', async () => {
    const { compiled } = regression();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'dense' }, /kind must be 'meanfield' or 'fullrank'/],
      [{ gradSamples: 0 }, /gradSamples must be a positive integer/],
      [{ elboSamples: 1.5 }, /elboSamples must be a positive integer/],
      [{ evalElbo: -1 }, /evalElbo must be a positive integer/],
      [{ tolRelObj: 0 }, /tolRelObj must be a positive finite number/],
      [{ maxIterations: Number.NaN }, /maxIterations must be a positive integer/],
      [{ eta: -0.1 }, /eta must be a positive finite number/],
      [{ adaptIterations: 0 }, /adaptIterations must be a positive integer/],
      [{ seed: -1 }, /seed must be a non-negative integer/],
      [{ init: [0, 0] }, /init must have length 3/],
    ];
    for (const [options, message] of cases) {
      const call = fitAdvi(compiled, options as never);
      await expect(call).rejects.toBeInstanceOf(BrenierError);
      await expect(fitAdvi(compiled, options as never)).rejects.toThrow(message);
    }
  });

  it('honours an abort signal', async () => {
    const { compiled } = regression();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(fitAdvi(compiled, { signal: controller.signal })).rejects.toThrow('stop');
  });
});
