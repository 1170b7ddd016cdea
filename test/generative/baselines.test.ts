// Baseline density estimators: the maximum-likelihood Gaussian and the EM
// Gaussian mixture.
//
// Tolerances are 5 Monte Carlo standard errors of the estimator, from the
// known sampling distribution of Gaussian data: a sample mean has standard
// error sqrt(Sigma_rr / n), a sample covariance entry
// sqrt((Sigma_rr Sigma_ss + Sigma_rs^2) / n) (Gaussian fourth moments), a
// mixture weight sqrt(w (1 - w) / n), and a component's mean and covariance
// those of a sample of n w_k points. A correct estimator fails such a check
// with probability below 1e-6 (the seeds are fixed, so the tests are
// deterministic).
import { describe, expect, it } from 'vitest';
import { BrenierError, NumericalError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { fitGaussian, fitGaussianMixture } from '../../src/generative/baselines.js';
import { cholesky } from '../../src/math/linalg.js';

/** n draws of N(mean, cov) in d dimensions, row-major. */
function gaussianData(rng: Rng, n: number, mean: number[], cov: number[]): Float64Array {
  const d = mean.length;
  const l = cholesky(Float64Array.from(cov), d);
  const out = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < d; r++) z[r] = rng.normal();
    for (let r = 0; r < d; r++) {
      let s = mean[r] as number;
      for (let p = 0; p <= r; p++) s += (l[r * d + p] as number) * (z[p] as number);
      out[i * d + r] = s;
    }
  }
  return out;
}

/** log N(y; mean, cov) in 2-D by the closed-form inverse and determinant. */
function logNormal2(y1: number, y2: number, mean: ArrayLike<number>, cov: ArrayLike<number>): number {
  const [a, b, c] = [cov[0] as number, cov[1] as number, cov[3] as number];
  const det = a * c - b * b;
  const dx = y1 - (mean[0] as number);
  const dy = y2 - (mean[1] as number);
  const q = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
}

function columnMeans(x: Float64Array, n: number, d: number): number[] {
  const m = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let r = 0; r < d; r++) m[r] = (m[r] as number) + (x[i * d + r] as number) / n;
  return m;
}

describe('fitGaussian', () => {
  const mean = [1, -2, 0.5];
  const cov = [2, 0.5, -0.3, 0.5, 1, 0.2, -0.3, 0.2, 0.5];
  const n = 20000;
  const data = gaussianData(new Rng(101), n, mean, cov);

  it('recovers the mean and covariance within Monte Carlo error', () => {
    const fit = fitGaussian(data, n, 3);
    expect(fit.dimension).toBe(3);
    for (let r = 0; r < 3; r++) {
      expect(Math.abs((fit.mean[r] as number) - (mean[r] as number))).toBeLessThan(
        5 * Math.sqrt((cov[r * 4] as number) / n),
      );
      for (let s = 0; s < 3; s++) {
        const se = Math.sqrt(((cov[r * 4] as number) * (cov[s * 4] as number) + (cov[r * 3 + s] as number) ** 2) / n);
        expect(Math.abs((fit.covariance[r * 3 + s] as number) - (cov[r * 3 + s] as number))).toBeLessThan(5 * se);
        expect(fit.covariance[r * 3 + s]).toBe(fit.covariance[s * 3 + r]);
      }
    }
  });

  it('is the maximum-likelihood estimate: sample mean and covariance with divisor n', () => {
    const x = new Float64Array([0, 0, 2, 0, 0, 4, 2, 4]);
    const fit = fitGaussian(x, 4, 2);
    expect(Array.from(fit.mean)).toEqual([1, 2]);
    expect(Array.from(fit.covariance)).toEqual([1, 0, 0, 4]);
  });

  it('has the Gaussian log density of its parameters, by the closed form', () => {
    const x = gaussianData(new Rng(102), 500, [0.3, -1], [1.5, -0.7, -0.7, 0.9]);
    const fit = fitGaussian(x, 500, 2);
    const y = new Float64Array([0, 0, 0.3, -1, 4, 2, -3, -5]);
    const logp = fit.logDensity(y, 4);
    for (let i = 0; i < 4; i++) {
      const expected = logNormal2(y[2 * i] as number, y[2 * i + 1] as number, fit.mean, fit.covariance);
      expect(logp[i]).toBeCloseTo(expected, 12);
    }
    // The model keeps its own parameters.
    fit.mean[0] = 100;
    expect(fit.logDensity(y, 4)).toEqual(logp);
  });

  it('samples from the fitted Gaussian, reproducibly', () => {
    const fit = fitGaussian(data, n, 3);
    const m = 20000;
    const draws = fit.sample(m, { seed: 5 });
    const means = columnMeans(draws, m, 3);
    for (let r = 0; r < 3; r++) {
      const se = Math.sqrt((fit.covariance[r * 4] as number) / m);
      expect(Math.abs((means[r] as number) - (fit.mean[r] as number))).toBeLessThan(5 * se);
    }
    expect(fit.sample(4, { seed: 9 })).toEqual(fit.sample(4, { seed: 9 }));
    expect(fit.sample(0, { seed: 9 })).toHaveLength(0);
  });

  it('throws a NumericalError on singular data', () => {
    // Points on the line x2 = 2 x1 + 1.
    const line = new Float64Array(200);
    const rng = new Rng(7);
    for (let i = 0; i < 100; i++) {
      const t = rng.normal();
      line[2 * i] = t;
      line[2 * i + 1] = 2 * t + 1;
    }
    expect(() => fitGaussian(line, 100, 2)).toThrow(NumericalError);
    expect(() => fitGaussian(line, 100, 2)).toThrow(/singular/);
    // A constant coordinate, a single point, fewer points than dimensions.
    expect(() => fitGaussian(new Float64Array([1, 5, 2, 5, 3, 5]), 3, 2)).toThrow(NumericalError);
    expect(() => fitGaussian(new Float64Array([1, 2]), 1, 2)).toThrow(NumericalError);
    expect(() => fitGaussian(data.subarray(0, 6), 2, 3)).toThrow(NumericalError);
  });

  it('rejects invalid arguments, naming them', () => {
    expect(() => fitGaussian(new Float64Array(5), 3, 2)).toThrow(
      /fitGaussian: argument 'data' must be of length n \* d/,
    );
    expect(() => fitGaussian(new Float64Array([0, 1, NaN, 2]), 2, 2)).toThrow(/'data'.*NaN at point 1, coordinate 0/);
    expect(() => fitGaussian(new Float64Array(0), 0, 2)).toThrow(/argument 'n'/);
    expect(() => fitGaussian(new Float64Array(4), 2, 0)).toThrow(/argument 'd'/);
    expect(() => fitGaussian([1, 2] as unknown as Float64Array, 1, 2)).toThrow(
      /argument 'data' must be a Float64Array/,
    );
    const fit = fitGaussian(data, n, 3);
    expect(() => fit.logDensity(new Float64Array(4), 2)).toThrow(/argument 'y'/);
    expect(() => fit.sample(2, { seed: -1 })).toThrow(/argument 'options.seed'/);
    expect(() => fit.sample(1.5, { seed: 1 })).toThrow(BrenierError);
  });
});

describe('fitGaussianMixture', () => {
  // Two components 6 standard deviations apart along the first axis.
  const weights = [0.3, 0.7];
  const means = [
    [-3, 0],
    [3, 1],
  ];
  const covs = [
    [1, 0.3, 0.3, 0.5],
    [0.8, -0.2, -0.2, 1.2],
  ];
  const n = 5000;

  function mixtureData(seed: number, count: number): { x: Float64Array; labels: Int32Array } {
    const rng = new Rng(seed);
    const labels = Int32Array.from({ length: count }, () => (rng.uniform() < (weights[0] as number) ? 0 : 1));
    const parts = [0, 1].map((k) => gaussianData(rng, count, means[k] as number[], covs[k] as number[]));
    const x = new Float64Array(count * 2);
    labels.forEach((k, i) => x.set((parts[k] as Float64Array).subarray(2 * i, 2 * i + 2), 2 * i));
    return { x, labels };
  }

  const { x } = mixtureData(201, n);

  /** Order the fitted components by their first mean coordinate. */
  function ordered(fit: ReturnType<typeof fitGaussianMixture>): number[] {
    return [0, 1].sort((i, j) => (fit.means[i]?.[0] as number) - (fit.means[j]?.[0] as number));
  }

  it('recovers the weights, means and covariances of a well-separated mixture', () => {
    const fit = fitGaussianMixture(x, n, 2, { components: 2, seed: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.dimension).toBe(2);
    expect((fit.weights[0] as number) + (fit.weights[1] as number)).toBeCloseTo(1, 14);
    ordered(fit).forEach((c, k) => {
      const w = weights[k] as number;
      const nk = n * w;
      const cov = covs[k] as number[];
      expect(Math.abs((fit.weights[c] as number) - w)).toBeLessThan(5 * Math.sqrt((w * (1 - w)) / n));
      for (let r = 0; r < 2; r++) {
        const se = Math.sqrt((cov[r * 3] as number) / nk);
        expect(Math.abs((fit.means[c]?.[r] as number) - (means[k]?.[r] as number))).toBeLessThan(5 * se);
        for (let s = 0; s < 2; s++) {
          const seCov = Math.sqrt(
            ((cov[r * 3] as number) * (cov[s * 3] as number) + (cov[r * 2 + s] as number) ** 2) / nk,
          );
          expect(Math.abs((fit.covariances[c]?.[r * 2 + s] as number) - (cov[r * 2 + s] as number))).toBeLessThan(
            5 * seCov,
          );
        }
      }
    });
  });

  it('has the mixture log density of its parameters, and logLikelihood is its sum over the data', () => {
    const fit = fitGaussianMixture(x, n, 2, { components: 2, seed: 1 });
    const y = new Float64Array([-3, 0, 3, 1, 0, 0.5, 10, -10, -40, 30]);
    const logp = fit.logDensity(y, 5);
    for (let i = 0; i < 5; i++) {
      const terms = [0, 1].map(
        (c) =>
          Math.log(fit.weights[c] as number) +
          logNormal2(
            y[2 * i] as number,
            y[2 * i + 1] as number,
            fit.means[c] as Float64Array,
            fit.covariances[c] as Float64Array,
          ),
      );
      const max = Math.max(...terms);
      const expected = max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
      expect(logp[i]).toBeCloseTo(expected, 10);
    }
    const total = fit.logDensity(x, n).reduce((s, v) => s + v, 0);
    expect(fit.logLikelihood).toBeCloseTo(total, 8);
    expect(fit.logLikelihoodTrace[fit.iterations]).toBe(fit.logLikelihood);
  });

  it('matches the true density on held-out data up to estimation error', () => {
    const fit = fitGaussianMixture(x, n, 2, { components: 2, seed: 1 });
    const m = 5000;
    const { x: heldOut, labels } = mixtureData(202, m);
    const fitted = fit.logDensity(heldOut, m);
    // Exact log density of the generating mixture.
    const diff = Array.from(fitted, (v, i) => {
      const a = heldOut[2 * i] as number;
      const b = heldOut[2 * i + 1] as number;
      const p = [0, 1].reduce(
        (s, k) => s + (weights[k] as number) * Math.exp(logNormal2(a, b, means[k] as number[], covs[k] as number[])),
        0,
      );
      return v - Math.log(p);
    });
    expect(labels.length).toBe(m);
    const meanDiff = diff.reduce((s, v) => s + v, 0) / m;
    const sd = Math.sqrt(diff.reduce((s, v) => s + (v - meanDiff) ** 2, 0) / (m - 1));
    // E[log p_fit - log p_true] = -KL(p_true || p_fit) ~ -(11 parameters) / (2 n) = -0.001:
    // within 5 standard errors of the held-out mean plus that bias.
    expect(Math.abs(meanDiff)).toBeLessThan(5 * (sd / Math.sqrt(m)) + 0.01);
  });

  it('samples from the fitted mixture', () => {
    const fit = fitGaussianMixture(x, n, 2, { components: 2, seed: 1 });
    const m = 20000;
    const draws = fit.sample(m, { seed: 3 });
    // Fraction of draws on the right (x1 > 0) ~ weight of the right component (the overlap is ~1e-3).
    const right = ordered(fit)[1] as number;
    const fraction =
      Array.from({ length: m }, (_, i) => ((draws[2 * i] as number) > 0 ? 1 : 0)).reduce<number>((s, v) => s + v, 0) /
      m;
    const w = fit.weights[right] as number;
    expect(Math.abs(fraction - w)).toBeLessThan(5 * Math.sqrt((w * (1 - w)) / m) + 2e-3);
    const mean = columnMeans(draws, m, 2);
    for (let r = 0; r < 2; r++) {
      const expected = [0, 1].reduce((s, c) => s + (fit.weights[c] as number) * (fit.means[c]?.[r] as number), 0);
      // The mixture variance along x1 is about 9.9, along x2 about 1.2.
      expect(Math.abs((mean[r] as number) - expected)).toBeLessThan(5 * Math.sqrt(10 / m));
    }
    expect(fit.sample(3, { seed: 4 })).toEqual(fit.sample(3, { seed: 4 }));
  });

  it('increases the log-likelihood at every EM iteration', () => {
    // Three overlapping components: EM needs many iterations here.
    const rng = new Rng(301);
    const m = 2000;
    const centres = [
      [0, 0],
      [1.5, 0.5],
      [0.5, 2],
    ];
    const parts = centres.map((c) => gaussianData(rng, m, c, [1, 0.2, 0.2, 0.8]));
    const data = new Float64Array(m * 2);
    for (let i = 0; i < m; i++) data.set((parts[i % 3] as Float64Array).subarray(2 * i, 2 * i + 2), 2 * i);
    for (const regularisation of [0, 1e-6]) {
      const fit = fitGaussianMixture(data, m, 2, {
        components: 3,
        seed: 2,
        regularisation,
        tolerance: 1e-9,
        maxIterations: 2000,
      });
      const trace = fit.logLikelihoodTrace;
      expect(trace.length).toBe(fit.iterations + 1);
      expect(fit.iterations).toBeGreaterThan(10);
      // Exact EM never decreases the log-likelihood; allow float64 rounding of a sum of n terms.
      for (let t = 1; t < trace.length; t++) {
        expect(trace[t] as number).toBeGreaterThanOrEqual(
          (trace[t - 1] as number) - 1e-10 * Math.abs(trace[t - 1] as number),
        );
      }
      expect((trace[trace.length - 1] as number) - (trace[0] as number)).toBeGreaterThan(0);
    }
    const capped = fitGaussianMixture(data, m, 2, { components: 3, seed: 2, maxIterations: 2, tolerance: 0 });
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(2);
    expect(capped.logLikelihoodTrace).toHaveLength(3);
  });

  it('with one component is the Gaussian fit plus the regularisation', () => {
    const single = fitGaussianMixture(x, n, 2, { components: 1, seed: 0, regularisation: 1e-3 });
    const gaussian = fitGaussian(x, n, 2);
    expect(single.weights[0]).toBe(1);
    for (let r = 0; r < 2; r++) expect(single.means[0]?.[r]).toBeCloseTo(gaussian.mean[r] as number, 12);
    for (let e = 0; e < 4; e++) {
      const reg = e === 0 || e === 3 ? 1e-3 : 0;
      expect(single.covariances[0]?.[e]).toBeCloseTo((gaussian.covariance[e] as number) + reg, 12);
    }
    expect(single.converged).toBe(true);
  });

  it('is reproducible from the seed', () => {
    const a = fitGaussianMixture(x, n, 2, { components: 3, seed: 8 });
    const b = fitGaussianMixture(x, n, 2, { components: 3, seed: 8 });
    expect(a.logLikelihood).toBe(b.logLikelihood);
    expect(a.means).toEqual(b.means);
  });

  it('rejects invalid arguments, naming them', () => {
    const fit =
      (options: Partial<Parameters<typeof fitGaussianMixture>[3]>, data = x, count = n) =>
      () =>
        fitGaussianMixture(data, count, 2, { components: 2, seed: 1, ...options });
    expect(fit({ components: 0 })).toThrow(/fitGaussianMixture: argument 'options.components'/);
    expect(fit({ components: 3 }, x.subarray(0, 4), 2)).toThrow(/'options.components' must be at most n = 2/);
    expect(fit({ seed: -2 })).toThrow(/argument 'options.seed'/);
    expect(fit({ maxIterations: 0 })).toThrow(/argument 'options.maxIterations'/);
    expect(fit({ tolerance: -1 })).toThrow(/argument 'options.tolerance'/);
    expect(fit({ regularisation: NaN })).toThrow(/argument 'options.regularisation'/);
    expect(fit({}, x.subarray(0, 5), 2)).toThrow(/argument 'data'/);
    // Three distinct points cannot seed four components.
    const repeated = Float64Array.from({ length: 40 }, (_, i) => (Math.floor(i / 2) % 3) + (i % 2));
    expect(fit({ components: 4 }, repeated, 20)).toThrow(/exceeds the number of distinct points \(3\)/);
    const model = fitGaussianMixture(x, n, 2, { components: 2, seed: 1 });
    expect(() => model.logDensity(new Float64Array(3), 2)).toThrow(/argument 'y'/);
    expect(() => model.sample(-1, { seed: 0 })).toThrow(/argument 'n'/);
  });

  it('throws a NumericalError when a component is singular without regularisation', () => {
    // Two tight clusters, one of them a single point repeated.
    const data = new Float64Array(2 * 60);
    const rng = new Rng(5);
    for (let i = 0; i < 30; i++) {
      data[2 * i] = rng.normal();
      data[2 * i + 1] = rng.normal();
      data[60 + 2 * i] = 50;
      data[60 + 2 * i + 1] = 50;
    }
    expect(() => fitGaussianMixture(data, 60, 2, { components: 2, seed: 0, regularisation: 0 })).toThrow(
      NumericalError,
    );
    const regularised = fitGaussianMixture(data, 60, 2, { components: 2, seed: 0 });
    expect(Number.isFinite(regularised.logLikelihood)).toBe(true);
  });
});
