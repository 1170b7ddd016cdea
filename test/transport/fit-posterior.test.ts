// fitPosterior end to end through the DSL: conjugate Gaussian models against
// closed forms, eight schools against posteriordb's reference draws, and the
// Posterior API (sampling, density, JSON, progress, abort, memory).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  Posterior,
  Rng,
  data,
  defineModel,
  fitPosterior,
  normal,
  param,
  type GaussianPotential,
} from '../../src/index.js';
import { linearRegression, linearRegressionInstance } from '../support/linear-regression.js';
import { eightSchools, eightSchoolsData, loadReferenceDraws, EIGHT_SCHOOLS_POSTERIOR } from '../../models/index.js';

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: ArrayLike<number>): number => {
  const m = mean(xs);
  return Math.sqrt(Array.from(xs).reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const potentialOf = (p: Posterior): GaussianPotential => p.toJSON().components[0]?.potential as GaussianPotential;

describe('conjugate Gaussian models (the Gaussian family is exact here)', () => {
  // The regression estimator is exact on Gaussian targets, so the only
  // errors are float32 scores (~1e-6 relative) and the finite number of
  // steps: 1% of a posterior sd is a tolerance with a wide margin.
  it('normal mean with known variance', async () => {
    const rng = new Rng(1);
    const n = 20;
    const sigma = 2;
    const y = Array.from({ length: n }, () => 3 + sigma * rng.normal());
    const model = defineModel({
      data: { n: data.int(), y: data.vector('n'), sigma: data.real({ lower: 0 }) },
      params: { mu: param.real() },
      logDensity: ({ mu }, { y, sigma }) => [normal(0, 10).logProb(mu), normal(mu, sigma).logProb(y)],
    });
    const posterior = await fitPosterior(model, { n, y, sigma }, { seed: 2 });
    const precision = 1 / 100 + n / sigma ** 2;
    const postMean = y.reduce((a, b) => a + b, 0) / sigma ** 2 / precision;
    const postSd = Math.sqrt(1 / precision);
    const p = potentialOf(posterior);
    expect(Math.abs((p.b[0] as number) - postMean)).toBeLessThan(0.01 * postSd);
    expect(Math.abs(Math.abs(p.A[0] as number) / postSd - 1)).toBeLessThan(0.01);
    expect(posterior.diagnostics.khat).toBeLessThan(0.5);
  });

  it('Bayesian linear regression with known noise', async () => {
    const { data: regressionData, mean, cov: Sigma } = linearRegressionInstance();
    const K = regressionData.K;
    const posterior = await fitPosterior(linearRegression, regressionData, { seed: 4 });
    const p = potentialOf(posterior);
    const A = Float64Array.from(p.A);
    for (let a = 0; a < K; a++) {
      const m = mean[a] as number;
      const s = Math.sqrt(Sigma[a * K + a] as number);
      expect(Math.abs((p.b[a] as number) - m)).toBeLessThan(0.01 * s);
      for (let b = 0; b < K; b++) {
        // Covariance of q is A^2; compare in units of sd_a sd_b (1%).
        let cov = 0;
        for (let c = 0; c < K; c++) cov += (A[a * K + c] as number) * (A[c * K + b] as number);
        const scale = Math.sqrt((Sigma[a * K + a] as number) * (Sigma[b * K + b] as number));
        expect(Math.abs(cov - (Sigma[a * K + b] as number))).toBeLessThan(0.01 * scale);
      }
    }
  });
});

describe('eight schools (non-centred) against the posteriordb reference', () => {
  it('PSIS-resampled draws: means within 0.1 reference sd, sds within 10%', async () => {
    const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
    expect(posterior.diagnostics.khat).toBeLessThan(0.7);
    // 4000 draws resampled without replacement from 16000 weighted proposals,
    // whose PSIS ESS is about 0.55 x 16000 (measured 0.55-0.65 over seeds): the
    // Monte Carlo sd of a mean is about sd sqrt(1/4000 + 1/8800) = 0.019 sd, of
    // an sd about 1.4%, so the 0.1 tolerances are 5-7 Monte Carlo sds, on top
    // of the method's error.
    const draws = posterior.importanceResample(4000, { seed: 2, proposals: 16000 }).toObject();
    const reference = loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR);
    for (const [name, ref] of Object.entries(reference)) {
      const got = draws[name] as number[];
      const refSd = sd(ref);
      expect(Math.abs(mean(got) - mean(ref)) / refSd, name).toBeLessThan(0.1);
      expect(Math.abs(sd(got) / refSd - 1), name).toBeLessThan(0.1);
    }
  });
});

describe('the Posterior API', () => {
  const model = defineModel({
    name: 'toy',
    data: { y: data.vector(3) },
    params: { mu: param.real(), tau: param.positive() },
    transformed: ({ mu, tau }) => ({ shifted: tf.add(mu, tau) }),
    logDensity: ({ mu, tau }, { y }) => [
      normal(0, 3).logProb(mu),
      normal(0, 2).logProb(tau),
      normal(mu, tau).logProb(y),
    ],
  });
  const toyData = { y: [0.5, 1.5, 1] };

  it('samples reproducibly, in Stan-style names, with transformed quantities', async () => {
    const posterior = await fitPosterior(model, toyData, { seed: 1, maxSteps: 60 });
    const a = posterior.sample(200, { seed: 9 }).toObject();
    const b = posterior.sample(200, { seed: 9 }).toObject();
    expect(Object.keys(a)).toEqual(['mu', 'tau', 'shifted']);
    expect(a['mu']).toEqual(b['mu']);
    expect(a['tau']?.every((t) => t > 0)).toBe(true);
    a['shifted']?.forEach((v, i) => expect(v).toBeCloseTo((a['mu']?.[i] as number) + (a['tau']?.[i] as number), 4));
    expect(posterior.sample(200, { seed: 10 }).toObject()['mu']).not.toEqual(a['mu']);
  });

  it('records diagnostics and settings', async () => {
    const posterior = await fitPosterior(model, toyData, { seed: 1, maxSteps: 60, particles: 50 });
    const d = posterior.diagnostics;
    expect(d.elbo.length).toBe(d.accepted.length);
    expect(d.gradientEvaluations).toBe(50 * d.elbo.length + (d.warmStart?.gradientEvaluations ?? Number.NaN));
    expect(d.iterations).toBe(d.accepted.filter(Boolean).length);
    expect(['converged', 'max-steps']).toContain(d.stopReason);
    expect(d.settings['particles']).toBe(50);
    expect(d.settings['stepSize']).toMatch(/adaptive/);
    expect(d.bregman.every((v) => v >= 0)).toBe(true);
    expect(Number.isFinite(d.khat)).toBe(true);
    expect(posterior.formatSummary()).toMatch(/k-hat/);
    expect(posterior.summary().map((r) => r.name)).toEqual(['mu', 'tau', 'shifted']);
  });

  it('round-trips through JSON and samples with no model code', async () => {
    const posterior = await fitPosterior(model, toyData, { seed: 1, maxSteps: 60 });
    const restored = Posterior.fromJSON(JSON.stringify(posterior));
    const a = posterior.sample(100, { seed: 3 }).toObject();
    const b = restored.sample(100, { seed: 3 }).toObject();
    expect(Object.keys(b)).toEqual(['mu', 'tau']);
    expect(b['mu']).toEqual(a['mu']);
    expect(b['tau']).toEqual(a['tau']);
    const points = posterior.sampleUnconstrained(5, { seed: 4 });
    expect(Array.from(restored.logDensity(points))).toEqual(Array.from(posterior.logDensity(points)));
    expect(restored.diagnostics.khat).toBe(posterior.diagnostics.khat);
    expect(() => Posterior.fromJSON('{"format":"other"}')).toThrow(/not a saved posterior/);
  });

  it('gives the exact density of q, also for the eta-weighted mixture iterate', async () => {
    const last = await fitPosterior(model, toyData, { seed: 1, maxSteps: 40, iterate: 'last' });
    const p = potentialOf(last);
    const point = Float64Array.of(0.3, -0.2);
    // q = N(b, A^2): evaluate the bivariate normal density by hand.
    const A = p.A;
    const cov = [
      (A[0] as number) ** 2 + (A[1] as number) ** 2,
      (A[0] as number) * (A[1] as number) + (A[1] as number) * (A[3] as number),
      (A[1] as number) ** 2 + (A[3] as number) ** 2,
    ] as const;
    const det = cov[0] * cov[2] - cov[1] ** 2;
    const r0 = 0.3 - (p.b[0] as number);
    const r1 = -0.2 - (p.b[1] as number);
    const quad = (cov[2] * r0 * r0 - 2 * cov[1] * r0 * r1 + cov[0] * r1 * r1) / det;
    expect(last.logDensity(point)[0]).toBeCloseTo(-Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad, 10);
    const mixture = await fitPosterior(model, toyData, { seed: 1, maxSteps: 40, iterate: 'mixture' });
    const components = mixture.toJSON().components;
    expect(components.length).toBeGreaterThan(1);
    const total = components.reduce((s, c) => s + c.weight, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('reports progress and stops on an AbortSignal', async () => {
    const steps: number[] = [];
    const controller = new AbortController();
    await expect(
      fitPosterior(model, toyData, {
        seed: 1,
        maxSteps: 500,
        onProgress: (p) => {
          steps.push(p.step);
          if (p.step >= 5) controller.abort();
        },
        signal: controller.signal,
      }),
    ).rejects.toThrow(/abort/i);
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect(steps.length).toBeLessThan(20);
  });

  it('keeps memory flat: no tensors left behind by a fit', async () => {
    const compiled = model.compile(toyData);
    await fitPosterior(compiled, {}, { seed: 1, maxSteps: 20 }); // warm-up
    const before = tf.memory().numTensors;
    const posterior = await fitPosterior(compiled, {}, { seed: 2, maxSteps: 80, minSteps: 80 });
    posterior.sample(100);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates its options, naming them', async () => {
    await expect(fitPosterior(model, toyData, { particles: 2 })).rejects.toThrow(/particles/);
    await expect(fitPosterior(model, toyData, { maxSteps: 0 })).rejects.toThrow(/maxSteps/);
    await expect(fitPosterior(model, toyData, { iterate: 'best' as never })).rejects.toThrow(/iterate/);
    await expect(fitPosterior(model, toyData, { stepSize: -1 })).rejects.toThrow(/positive/);
    await expect(fitPosterior(model, { y: [1, 2] })).rejects.toThrow(/'y'/);
  });
});

describe('disposal', () => {
  it('frees the model that fitPosterior compiled, and still samples parameters', async () => {
    const model = defineModel({
      data: { y: data.vector(2) },
      params: { mu: param.real() },
      logDensity: ({ mu }, { y }) => [normal(0, 1).logProb(mu), normal(mu, 1).logProb(y)],
    });
    const before = tf.memory().numTensors;
    const posterior = await fitPosterior(model, { y: [0.1, 0.3] }, { seed: 1, maxSteps: 20 });
    posterior.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(posterior.sample(10).toObject())).toEqual(['mu']);
  });
});

describe('the regret trace of a fit', () => {
  it('stays under the bound of the mirror step, up to the Monte Carlo error of the ELBOs', async () => {
    const rng = new Rng(8);
    const y = Array.from({ length: 30 }, () => 1 + rng.normal());
    const model = defineModel({
      data: { n: data.int(), y: data.vector('n') },
      params: { mu: param.real(), logSigma: param.real() },
      logDensity: ({ mu, logSigma }, { y }) => [
        normal(0, 5).logProb(mu),
        normal(0, 1).logProb(logSigma),
        normal(mu, tf.exp(logSigma)).logProb(y),
      ],
    });
    // The guarantee is the flow's, from a start far from the optimum: no warm start here.
    const posterior = await fitPosterior(model, { n: y.length, y }, { seed: 3, warmStartSteps: 0 });
    const r = posterior.diagnostics.regret;
    if (r === undefined) throw new Error('a Monge-Ampère fit records its regret');
    const se = posterior.diagnostics.elboSe.filter((_, i) => posterior.diagnostics.accepted[i]);
    expect(r.cumulativeRegret.length).toBe(r.bound.length);
    expect(r.cumulativeRegret.length).toBe(r.eta.length);
    expect(r.initialDivergence).toBeGreaterThan(0);
    let etaSum = 0;
    let variance = 0;
    r.cumulativeRegret.forEach((regret, k) => {
      etaSum += r.eta[k] as number;
      variance += ((r.eta[k] as number) * (se[k] as number)) ** 2;
      // Three standard errors of the estimated regret: the step ELBOs' errors
      // (independent draws) plus the comparator's, which enters with weight sum eta.
      const tolerance = 3 * Math.sqrt(variance + (etaSum * r.comparatorFSe) ** 2);
      expect(regret, `step ${k}`).toBeLessThanOrEqual((r.bound[k] as number) + tolerance);
    });
    // The bound is not vacuous: the regret uses a sizeable part of it early on.
    expect(Math.max(...r.cumulativeRegret)).toBeGreaterThan(0.1 * (r.bound[r.bound.length - 1] as number));
  });
});

describe('ADVI through fitPosterior', () => {
  it('returns the same Posterior type, with k-hat and no regret trace', async () => {
    const model = defineModel({
      data: { y: data.vector(5) },
      params: { mu: param.real() },
      logDensity: ({ mu }, { y }) => [normal(0, 5).logProb(mu), normal(mu, 1).logProb(y)],
    });
    const posterior = await fitPosterior(
      model,
      { y: [0.2, 0.5, -0.1, 0.3, 0.9] },
      { method: 'advi-fullrank', seed: 1 },
    );
    expect(posterior.familyName).toBe('gaussian');
    expect(posterior.diagnostics.settings['method']).toBe('advi-fullrank');
    expect(posterior.diagnostics.regret).toBeUndefined();
    expect(Number.isFinite(posterior.diagnostics.khat)).toBe(true);
    expect(posterior.sample(100, { seed: 2 }).toObject()['mu']).toHaveLength(100);
    await expect(fitPosterior(model, { y: [1, 2, 3, 4, 5] }, { method: 'hmc' as never })).rejects.toThrow(/method/);
  });
});
