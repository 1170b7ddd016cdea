/**
 * fitGenerative with the Gaussian family on Gaussian data whose law is
 * known: the push-forward must recover the mean and covariance to Monte
 * Carlo accuracy, its held-out log-likelihood must come within a derived
 * margin of the true density's, and its draws must pass a two-sample test
 * against fresh data (which a wrong map fails).
 */
import { describe, expect, it } from 'vitest';
import { BrenierError, DataValidationError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { fitGenerative, type GenerativeOptions } from '../../src/generative/fit-generative.js';
import {
  bananaDistribution,
  gaussianDistribution,
  skewedDistribution,
  type SyntheticDistribution,
} from '../../src/generative/synthetic.js';
import { TransportMap } from '../../src/generative/transport-map.js';
import { energyTwoSampleTest } from '../../src/generative/two-sample.js';

/** Covariance L L' of a lower-triangular L with unit-ish diagonal and 0.8 below it: strong correlations. */
function correlatedGaussian(d: number): { mean: number[]; covariance: number[]; law: SyntheticDistribution } {
  const L = Array.from({ length: d * d }, (_, k) => {
    const i = Math.floor(k / d);
    const j = k % d;
    return j > i ? 0 : i === j ? 1 + 0.5 * i : 0.8;
  });
  const covariance = Array.from({ length: d * d }, (_, k) => {
    const i = Math.floor(k / d);
    const j = k % d;
    let s = 0;
    for (let c = 0; c < d; c++) s += (L[i * d + c] as number) * (L[j * d + c] as number);
    return s;
  });
  const mean = Array.from({ length: d }, (_, j) => j - 1);
  return { mean, covariance, law: gaussianDistribution(mean, covariance) };
}

function rows(flat: Float64Array, d: number): number[][] {
  return Array.from({ length: flat.length / d }, (_, i) => Array.from(flat.subarray(i * d, (i + 1) * d)));
}

function moments(points: number[][], d: number): { mean: number[]; covariance: number[] } {
  const n = points.length;
  const mean = Array.from({ length: d }, (_, j) => points.reduce((s, p) => s + (p[j] as number), 0) / n);
  const covariance = Array.from({ length: d * d }, (_, k) => {
    const a = Math.floor(k / d);
    const b = k % d;
    return (
      points.reduce(
        (s, p) => s + ((p[a] as number) - (mean[a] as number)) * ((p[b] as number) - (mean[b] as number)),
        0,
      ) /
      (n - 1)
    );
  });
  return { mean, covariance };
}

const N = 4000; // samples given to the fit; 3200 train after the 20% hold-out
const N_TRAIN = 3200;
const DRAWS = 100_000; // draws of the fitted map used to read its moments

describe.each([
  ['logistic', 2],
  ['logistic', 5],
  ['score-matching', 2],
  ['score-matching', 5],
] as const)('fitGenerative, %s estimator, Gaussian data in %i dimensions', (estimator, d) => {
  const { mean, covariance, law } = correlatedGaussian(d);
  const samples = rows(law.sample(N, { seed: 11 }), d);
  // Diagonal standardisation leaves the correlations (0.5-0.9) to the flow.
  const options: GenerativeOptions = { estimator, standardize: 'diagonal', seed: 1 };
  const fitted = fitGenerative(samples, options);

  it('recovers the mean and covariance to Monte Carlo accuracy', async () => {
    const map = await fitted;
    const m = moments(map.sample(DRAWS, { seed: 2 }), d);
    // Standard errors, in units of the true sds, of what the fit can know
    // from 3200 training points, plus the reading from 1e5 draws:
    //   mean:        sqrt(1/3200 + 1/1e5) = 0.018
    //   covariance:  sqrt((1 + rho^2)(1/3200 + 1/1e5)) <= 0.025
    // The estimators add their own noise (the logistic one, its averaged
    // classifiers'). Over three data sets (seeds 11-13, fit seeds 1-3), the
    // worst entry of all was 3.0 se (logistic) and 2.2 se (score matching),
    // within what 5-15 entries of plain sample moments give. Bound: 5 se.
    const seMean = Math.sqrt(1 / N_TRAIN + 1 / DRAWS);
    for (let j = 0; j < d; j++) {
      const sd = Math.sqrt(covariance[j * d + j] as number);
      expect(Math.abs((m.mean[j] as number) - (mean[j] as number)) / sd).toBeLessThan(5 * seMean);
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const scale = Math.sqrt((covariance[a * d + a] as number) * (covariance[b * d + b] as number));
        const rho = (covariance[a * d + b] as number) / scale;
        const se = Math.sqrt((1 + rho * rho) * (1 / N_TRAIN + 1 / DRAWS));
        expect(Math.abs((m.covariance[a * d + b] as number) - (covariance[a * d + b] as number)) / scale).toBeLessThan(
          5 * se,
        );
      }
    }
  });

  it("comes within a derived margin of the true density's held-out log-likelihood", async () => {
    const map = await fitted;
    const fresh = law.sample(5000, { seed: 3 });
    const logP = law.logDensity(fresh, 5000);
    const logQ = map.logDensity(rows(fresh, d));
    const gaps = logQ.map((v, i) => (logP[i] as number) - v);
    const gap = gaps.reduce((s, v) => s + v, 0) / gaps.length; // estimates KL(p || q) >= 0
    const sd = Math.sqrt(gaps.reduce((s, v) => s + (v - gap) ** 2, 0) / (gaps.length - 1));
    // A Gaussian fitted to n points has E KL(p || q) ~ (d + d(d+1)/2) / (2n):
    // 0.0008 (d = 2), 0.003 (d = 5). Margin: 5 times that plus 4 Monte
    // Carlo se of the gap's mean over 5000 fresh points.
    const expected = (d + (d * (d + 1)) / 2) / (2 * N_TRAIN);
    const mcse = sd / Math.sqrt(gaps.length);
    expect(gap).toBeLessThan(5 * expected + 4 * mcse);
    expect(gap).toBeGreaterThan(-4 * mcse);
  });

  it('passes an energy two-sample test against fresh data, which a shifted map fails', async () => {
    const map = await fitted;
    const generated = new Float64Array(map.sample(500, { seed: 4 }).flat());
    const fresh = law.sample(500, { seed: 5 });
    const result = energyTwoSampleTest(generated, 500, fresh, 500, d, { permutations: 200, alpha: 0.01, seed: 6 });
    expect(result.reject).toBe(false);
    // Positive control: the same draws shifted by 0.5 sd in the first coordinate.
    const shifted = Float64Array.from(generated, (v, k) =>
      k % d === 0 ? v + 0.5 * Math.sqrt(covariance[0] as number) : v,
    );
    const control = energyTwoSampleTest(shifted, 500, fresh, 500, d, { permutations: 200, alpha: 0.01, seed: 6 });
    expect(control.reject).toBe(true);
  });

  it('records its diagnostics', async () => {
    const { diagnostics } = await fitted;
    if (diagnostics === undefined) throw new Error('a fitted map carries its diagnostics');
    const steps = diagnostics.stepSizes.length;
    expect(steps).toBeGreaterThan(0);
    expect(diagnostics.bregman).toHaveLength(steps);
    expect(diagnostics.estimatorLoss).toHaveLength(steps);
    expect(diagnostics.heldOutLogLikelihood).toHaveLength(steps + 1);
    expect(diagnostics.trainingPoints + diagnostics.heldOutPoints).toBe(N);
    // From N(0, I) in diagonally standardised coordinates, the flow must
    // raise the held-out log-likelihood (the data are strongly correlated).
    expect(diagnostics.reportedHeldOutLogLikelihood).toBeGreaterThan(
      (diagnostics.heldOutLogLikelihood[0] as number) + 0.05,
    );
    if (estimator === 'logistic') {
      // At the end the classifier can hardly tell q from the data: its
      // balanced loss is near log 2.
      expect(diagnostics.estimatorLoss.at(-1) as number).toBeGreaterThan(Math.log(2) - 0.02);
    }
  });
});

describe('TransportMap', () => {
  const { law } = correlatedGaussian(3);
  const samples = rows(law.sample(1000, { seed: 1 }), 3);

  it('round-trips through JSON: the same density, draws and map', async () => {
    const map = await fitGenerative(samples, { seed: 2, maxSteps: 20 });
    const copy = TransportMap.fromJSON(JSON.parse(JSON.stringify(map.toJSON())));
    const points = samples.slice(0, 20);
    expect(copy.logDensity(points)).toEqual(map.logDensity(points));
    expect(copy.sample(5, { seed: 3 })).toEqual(map.sample(5, { seed: 3 }));
    expect(copy.transform([[0, 0, 0]])).toEqual(map.transform([[0, 0, 0]]));
    expect(copy.diagnostics).toEqual(map.diagnostics);
  });

  it('sample(n, seed) is transform of seeded normals, and reproducible', async () => {
    const map = await fitGenerative(samples, { seed: 2, maxSteps: 20 });
    const x = new Rng(7).normals(3 * 3);
    const sources = [0, 1, 2].map((i) => Array.from(x.subarray(3 * i, 3 * i + 3)));
    expect(map.sample(3, { seed: 7 })).toEqual(map.transform(sources));
    expect(map.sample(3, { seed: 7 })).toEqual(map.sample(3, { seed: 7 }));
    expect(map.sample(3, { seed: 7 })).not.toEqual(map.sample(3, { seed: 8 }));
  });

  it('rejects malformed JSON and points of the wrong dimension, naming the field', async () => {
    const map = await fitGenerative(samples, { seed: 2, maxSteps: 5 });
    const json = map.toJSON();
    expect(() => TransportMap.fromJSON({ ...json, format: 'x' })).toThrow(/'format'/);
    expect(() => TransportMap.fromJSON({ ...json, potential: { ...json.potential, b: [0, Number.NaN, 0] } })).toThrow(
      /'potential.b'/,
    );
    expect(() => map.logDensity([[1, 2]])).toThrow(DataValidationError);
    expect(() => map.logDensity([[1, 2]])).toThrow(/'y\[0\]': expected 3 coordinates/);
  });
});

describe('fitGenerative input checks', () => {
  const good = Array.from({ length: 20 }, (_, i) => [i % 7, (i * 3) % 5]);

  it('names the bad entry of the samples', async () => {
    await expect(fitGenerative([...good.slice(0, 19), [1]])).rejects.toThrow(/'samples\[19\]': expected 2 coordinates/);
    await expect(fitGenerative(good.slice(0, 5))).rejects.toThrow(/'samples': expected at least 10 points/);
  });

  it.each([
    [{ estimator: 'gan' }, /estimator must be 'logistic' or 'score-matching'/],
    [{ standardize: 'robust' }, /standardize must be/],
    [{ maxSteps: 0 }, /maxSteps must be an integer >= 1/],
    [{ heldOutFraction: 1 }, /heldOutFraction must be in \(0, 1\)/],
    [{ ridge: -1 }, /ridge must be a non-negative number/],
    [{ ridgeDictionary: { directions: 'random', kinks: [0], width: 1 } }, /ridgeDictionary.directions must be/],
    [{ ridgeDictionary: { directions: 4, kinks: [], width: 1 } }, /ridgeDictionary.kinks must be a non-empty array/],
    [{ ridgeDictionary: { directions: 4, kinks: [0], width: 0 } }, /ridgeDictionary.width must be a positive number/],
    [
      { ridgeDictionary: { directions: 4, kinks: [0], width: 1, floor: 2 } },
      /ridgeDictionary.floor must be in \(0, 1\]/,
    ],
  ])('rejects the option %j', async (option, message) => {
    await expect(fitGenerative(good, option as GenerativeOptions)).rejects.toThrow(BrenierError);
    await expect(fitGenerative(good, option as GenerativeOptions)).rejects.toThrow(message);
  });

  it('stops on an aborted signal and reports progress', async () => {
    const seen: number[] = [];
    const controller = new AbortController();
    const run = fitGenerative(good, {
      seed: 1,
      maxSteps: 100,
      patience: 100,
      onProgress: (p) => {
        seen.push(p.step);
        if (p.step === 3) controller.abort(new Error('stopped by the user'));
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow('stopped by the user');
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('fitGenerative, ridge family on the banana', () => {
  const law = bananaDistribution(2);
  const samples = rows(law.sample(4000, { seed: 1 }), 2);
  const fresh = law.sample(4000, { seed: 2 });
  const heldOut = (map: TransportMap): number => {
    const values = map.logDensity(rows(fresh, 2));
    return values.reduce((s, v) => s + v, 0) / values.length;
  };

  it('beats the Gaussian family on held-out log-likelihood (score matching, 100 Fourier features)', async () => {
    // The Gaussian fit from quadratic features (the sample mean and
    // covariance), against the ridge family on an energy with 100 Fourier
    // features.
    const gaussian = heldOut(await fitGenerative(samples, { estimator: 'score-matching', seed: 1 }));
    const ridge = heldOut(
      await fitGenerative(samples, { estimator: 'score-matching', fourierFeatures: 100, family: 'ridge', seed: 1 }),
    );
    const logP = law.logDensity(fresh, 4000);
    const truth = logP.reduce((s, v) => s + v, 0) / 4000;
    // Measured (seed 1): truth -2.851, Gaussian -3.385, ridge -2.962: the
    // gain is 0.42 and the gap to the truth 0.110, whose Monte Carlo se
    // over the same 4000 fresh points is 0.007. The ridge family falls
    // short of the truth (the banana's arms need more curvature than its
    // ridges give): a known gap, bounded here at about 10 se above its
    // measured value.
    expect(ridge).toBeGreaterThan(gaussian + 0.2);
    expect(truth - ridge).toBeGreaterThan(0);
    expect(truth - ridge).toBeLessThan(0.18);
  });

  it("stops with stopReason 'stalled' where the adaptive step finds no improving step", async () => {
    // With the quadratic part free to shrink to 0.05 of the Gaussian fit's,
    // the flow on the score-matching energy reaches a point where no step,
    // down to a millionth of the scheduled one, raises the estimated ELBO
    // (measured: after 69 accepted steps). The fit stops there with the
    // average of its last iterates, as at convergence, instead of throwing.
    const map = await fitGenerative(samples, {
      estimator: 'score-matching',
      fourierFeatures: 100,
      family: 'ridge',
      ridgeDictionary: { directions: 8, kinks: [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2], width: 0.2, floor: 0.05 },
      seed: 1,
    });
    expect(map.diagnostics?.stopReason).toBe('stalled');
    const logP = law.logDensity(fresh, 4000);
    const truth = logP.reduce((s, v) => s + v, 0) / 4000;
    // Measured gap to the truth: 0.074 ± 0.008; bound about 10 se above.
    expect(truth - heldOut(map)).toBeGreaterThan(0);
    expect(truth - heldOut(map)).toBeLessThan(0.15);
  }, 120_000);
});

describe('fitGenerative, ridge family on skew-normal data', () => {
  it('comes within a measured margin of the true density, where the Gaussian family cannot', async () => {
    const law = skewedDistribution(2);
    const samples = rows(law.sample(4000, { seed: 1 }), 2);
    const fresh = law.sample(4000, { seed: 2 });
    const logP = law.logDensity(fresh, 4000);
    const kl = (map: TransportMap): { mean: number; se: number } => {
      const logQ = map.logDensity(rows(fresh, 2));
      const gaps = logQ.map((v, i) => (logP[i] as number) - v);
      const mean = gaps.reduce((s, v) => s + v, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((s, v) => s + (v - mean) ** 2, 0) / (gaps.length - 1));
      return { mean, se: sd / Math.sqrt(gaps.length) };
    };
    const gaussian = kl(await fitGenerative(samples, { estimator: 'score-matching', seed: 1 }));
    const ridge = kl(
      await fitGenerative(samples, { estimator: 'score-matching', family: 'ridge', fourierFeatures: 100, seed: 1 }),
    );
    // Measured with these data and seeds: KL(p || q) 0.115 ± 0.008 for the
    // Gaussian family, 0.013 ± 0.002 for the ridge family (npm run
    // bench:generative: a mixture fitted by EM reaches 0.006). Bounds: the ridge within
    // 0.03 (about 8 se above its measured value), the Gaussian above 0.08
    // (4 se below its own), so the gain cannot come from noise.
    expect(ridge.mean).toBeLessThan(0.03);
    expect(ridge.mean).toBeGreaterThan(-4 * ridge.se);
    expect(gaussian.mean).toBeGreaterThan(0.08);
  });
});
