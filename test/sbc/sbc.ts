// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman
// 2018, arXiv 1804.06788) of fitPosterior on conjugate models: for r = 1..R,
// draw theta from the prior, data from the likelihood, fit q (seed r), draw
// L = 99 values of q and take the rank of theta among them (0..99). If q is
// the posterior, the rank is uniform on 0..99 whatever the model (the prior
// is the average posterior); a q too narrow gives a U-shaped histogram, too
// wide a hump, biased a slope. Uniformity: chi-square test over 10 bins of 10
// ranks each (expected R / 10 per bin), df = 9.
import { afterAll, describe, expect, it } from 'vitest';
import jStat from 'jstat';
import {
  Rng,
  beta,
  binomial,
  data,
  defineModel,
  fitPosterior,
  gamma,
  normal,
  param,
  poisson,
  type DataInput,
  type FitOptions,
} from '../../src/index.js';
import { betaVariate, binomialVariate, poissonVariate } from '../../src/distributions/variates.js';

/** Draws of q per replication: ranks take L + 1 = 100 values. */
export const L = 99;
/** Histogram bins of the ranks (10 ranks each). */
export const BINS = 10;

/** One conjugate model for SBC: the model, its parameter, and a simulator of (theta, data). */
export interface SbcCase {
  name: string;
  model: Parameters<typeof fitPosterior>[0];
  parameter: string;
  simulate(rng: Rng): { theta: number; data: DataInput };
}

export interface SbcResult {
  ranks: number[];
  counts: number[];
  chiSquare: number;
  pValue: number;
  seconds: number;
}

/** Chi-square test of uniformity of ranks in 0..L over BINS equal bins. */
export function uniformityTest(ranks: readonly number[]): { counts: number[]; chiSquare: number; pValue: number } {
  const counts = new Array<number>(BINS).fill(0);
  for (const r of ranks) counts[Math.floor((r * BINS) / (L + 1))]! += 1;
  const expected = ranks.length / BINS;
  const chiSquare = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  return { counts, chiSquare, pValue: 1 - (jStat.chisquare.cdf(chiSquare, BINS - 1) as number) };
}

/**
 * Run SBC for `replications` replications. `distort` (for power checks
 * only) maps q's draws of the parameter, e.g. shrinking them to simulate a
 * q with too small an sd.
 */
export async function runSbc(
  sbcCase: SbcCase,
  replications: number,
  options: { seed: number; fit?: FitOptions; distort?: (draws: number[]) => number[] },
): Promise<SbcResult> {
  const start = performance.now();
  const rng = new Rng(options.seed);
  const ranks: number[] = [];
  for (let r = 1; r <= replications; r++) {
    const { theta, data } = sbcCase.simulate(rng);
    const posterior = await fitPosterior(sbcCase.model, data, {
      maxSteps: 200,
      psisDraws: 100,
      ...options.fit,
      seed: r,
    });
    let draws = posterior.sample(L, { seed: 1000 + r }).toObject()[sbcCase.parameter] as number[];
    posterior.dispose();
    if (options.distort !== undefined) draws = options.distort(draws);
    ranks.push(draws.filter((x) => x < theta).length);
  }
  return { ranks, ...uniformityTest(ranks), seconds: (performance.now() - start) / 1000 };
}

/** Shrink draws towards their mean by `factor` (a q with sd `factor` times too small). */
export const shrink =
  (factor: number) =>
  (draws: number[]): number[] => {
    const m = draws.reduce((a, b) => a + b, 0) / draws.length;
    return draws.map((x) => m + factor * (x - m));
  };

/** mu ~ N(0, 1), y_i ~ N(mu, 2), n = 10: the Gaussian family is exact. */
export const normalMean: SbcCase = {
  name: 'normal mean, known variance',
  model: defineModel({
    name: 'normal_mean',
    data: { n: data.int({ lower: 0 }), y: data.vector('n') },
    params: { mu: param.real() },
    logDensity: ({ mu }, { y }) => [normal(0, 1).logProb(mu), normal(mu, 2).logProb(y)],
  }),
  parameter: 'mu',
  simulate(rng) {
    const theta = rng.normal();
    const n = 10;
    return { theta, data: { n, y: Array.from({ length: n }, () => theta + 2 * rng.normal()) } };
  },
};

/** p ~ Beta(2, 2), y ~ Binomial(50, p): posterior Beta(2 + y, 52 - y). */
export const betaBinomialCase: SbcCase = {
  name: 'beta-binomial',
  model: defineModel({
    name: 'beta_binomial',
    data: { n: data.int({ lower: 0 }), y: data.int({ lower: 0 }) },
    params: { p: param.unitInterval() },
    logDensity: ({ p }, { n, y }) => [beta(2, 2).logProb(p), binomial(n, p).logProb(y)],
  }),
  parameter: 'p',
  simulate(rng) {
    const theta = betaVariate(rng, 2, 2);
    const n = 50;
    return { theta, data: { n, y: binomialVariate(rng, n, theta) } };
  },
};

/** lambda ~ Gamma(4, rate 1), y_i ~ Poisson(lambda), n = 20: posterior Gamma(4 + sum y, 21). */
export const gammaPoissonCase: SbcCase = {
  name: 'gamma-Poisson',
  model: defineModel({
    name: 'gamma_poisson',
    data: { n: data.int({ lower: 0 }), y: data.intArray('n', { lower: 0 }) },
    params: { lambda: param.positive() },
    logDensity: ({ lambda }, { y }) => [gamma(4, 1).logProb(lambda), poisson(lambda).logProb(y)],
  }),
  parameter: 'lambda',
  simulate(rng) {
    const theta = rng.gamma(4);
    const n = 20;
    return { theta, data: { n, y: Array.from({ length: n }, () => poissonVariate(rng, theta)) } };
  },
};

export const SBC_CASES = [normalMean, betaBinomialCase, gammaPoissonCase] as const;

/** What a calibration suite runs: replications, level, seed, and the miscalibrated q it must reject. */
export interface SbcSuite {
  /** Replications per model. */
  readonly replications: number;
  /** Each model's chi-square p-value must exceed this. */
  readonly alpha: number;
  /** Seed of the replications. */
  readonly seed: number;
  /** The power check on the normal-mean model: q's draws shrunk by `factor` must give p below `pBelow`. */
  readonly power: { readonly factor: number; readonly pBelow: number };
}

/** Register the calibration tests of a suite: one per model, and the power check. */
export function describeSbc(suite: SbcSuite): void {
  const { replications: R, alpha, seed, power } = suite;
  const report: string[] = [];
  afterAll(() => console.log(`SBC, R = ${R}:\n${report.join('\n')}`));
  describe(`simulation-based calibration of fitPosterior (R = ${R}, L = ${L})`, () => {
    for (const sbcCase of SBC_CASES) {
      it(`${sbcCase.name}: ranks uniform (chi-square p > ${alpha})`, async () => {
        const result = await runSbc(sbcCase, R, { seed });
        report.push(
          `  ${sbcCase.name}: bins ${result.counts.join(' ')}, chi2 ${result.chiSquare.toFixed(2)}, p ${result.pValue.toPrecision(3)}, ${result.seconds.toFixed(1)} s`,
        );
        expect(result.ranks.length).toBe(R);
        expect(result.pValue).toBeGreaterThan(alpha);
      });
    }

    it(`detects a q with sd x ${power.factor} (the test can fail)`, async () => {
      const result = await runSbc(normalMean, R, { seed, distort: shrink(power.factor) });
      report.push(
        `  normal mean, q sd x ${power.factor}: bins ${result.counts.join(' ')}, p ${result.pValue.toPrecision(3)}`,
      );
      expect(result.pValue).toBeLessThan(power.pBelow);
    });
  });
}
