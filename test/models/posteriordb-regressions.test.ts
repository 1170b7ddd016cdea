// Six posteriordb regression-type models (kidiq, earnings, mesquite, sblrc,
// diamonds, arK) against independent float64 formulas written by hand from
// each posterior's model.md (no toolkit distributions), with every
// normalising constant the toolkit's distributions include, so that values
// compare absolutely. Checks are made around the reference posterior mean,
// with points spread by the reference posterior sds on the unconstrained
// scale (sigma on the log scale), where an engine actually evaluates the
// density; scores are compared in those sd units (formula-check.ts's
// scoreScale: sblrc's and diamonds' sds span ~100x). See formula-check.ts
// for the tolerances.
import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../src/index.js';
import { loadPosteriorData, loadReferenceDraws } from '../../models/posteriordb.js';
import { kidiq, KIDIQ_POSTERIOR } from '../../models/kidiq.js';
import { earnings, EARNINGS_POSTERIOR } from '../../models/earnings.js';
import { mesquite, MESQUITE_POSTERIOR } from '../../models/mesquite.js';
import { sblrc, SBLRC_POSTERIOR } from '../../models/sblrc.js';
import { diamonds, DIAMONDS_POSTERIOR } from '../../models/diamonds.js';
import { arK, ARK_POSTERIOR } from '../../models/ark.js';
import { checkAgainstFormula, normalLpdf } from './formula-check.js';

const LOG_2 = Math.log(2);
/** Half-Cauchy(0, s) log density at x >= 0: log(2 / pi) - log s - log(1 + (x / s)^2). */
const halfCauchyLpdf = (x: number, s: number): number => Math.log(2 / Math.PI) - Math.log(s) - Math.log1p((x / s) ** 2);
/** Student-t(3, m, s) log density: lgamma(2) - lgamma(1.5) - log(3 pi) / 2 - log s - 2 log(1 + ((x - m) / s)^2 / 3). */
const studentT3Lpdf = (x: number, m: number, s: number): number =>
  0 -
  Math.log(Math.sqrt(Math.PI) / 2) -
  0.5 * Math.log(3 * Math.PI) -
  Math.log(s) -
  2 * Math.log1p(((x - m) / s) ** 2 / 3);

/** Sum of normal log densities of `y[n]` around `mu(n)` with sd `sigma`, in float64. */
function normalSum(y: readonly number[], mu: (n: number) => number, sigma: number): number {
  let lp = 0;
  for (let n = 0; n < y.length; n++) lp += normalLpdf(y[n] as number, mu(n), sigma);
  return lp;
}

const dot = (row: readonly number[], beta: readonly number[]): number =>
  row.reduce((acc, x, k) => acc + x * (beta[k] as number), 0);

/**
 * The reference posterior's location on the unconstrained scale: per
 * coordinate the mean and sd of the reference draws, with `sigma` (the only
 * constrained parameter of these models) on the log scale; and the
 * constrained point at the reference means.
 */
function referenceLocation(
  model: CompiledModel,
  posterior: string,
): { center: Float64Array; sd: Float64Array; means: Record<string, number> } {
  const reference = loadReferenceDraws(posterior);
  const d = model.dimension;
  const center = new Float64Array(d);
  const sd = new Float64Array(d);
  const means: Record<string, number> = {};
  model.coordinateNames.forEach((name, j) => {
    const draws = reference[name] as number[];
    const values = name === 'sigma' ? draws.map(Math.log) : draws;
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    center[j] = m;
    sd[j] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
    means[name] = draws.reduce((a, b) => a + b, 0) / draws.length;
  });
  return { center, sd, means };
}

/** `{ beta: [...], sigma }`-style values from flat means `beta[1]`, ..., for `logDensityAt`. */
function vectorOf(means: Record<string, number>, name: string, length: number): number[] {
  return Array.from({ length }, (_, k) => means[`${name}[${k + 1}]`] as number);
}

function expectReferenceNames(model: CompiledModel, posterior: string, count: number): void {
  const reference = Object.keys(loadReferenceDraws(posterior));
  expect(reference.length).toBe(count);
  expect(model.drawNames.length).toBe(reference.length);
  expect(new Set(model.drawNames)).toEqual(new Set(reference));
}

describe('kidiq-kidscore_momiq', () => {
  const data = loadPosteriorData(KIDIQ_POSTERIOR) as { N: number; kid_score: number[]; mom_iq: number[] };
  const model = kidiq.compile(data);
  const location = referenceLocation(model, KIDIQ_POSTERIOR);

  // beta flat; sigma ~ half-Cauchy(2.5); kid_score ~ Normal(b1 + b2 mom_iq, sigma).
  const constrained = (b1: number, b2: number, sigma: number): number =>
    halfCauchyLpdf(sigma, 2.5) + normalSum(data.kid_score, (n) => b1 + b2 * (data.mom_iq[n] as number), sigma);
  // Unconstrained: beta[1], beta[2], log sigma (Jacobian + log sigma).
  const formula = (z: Float64Array): number =>
    constrained(z[0] as number, z[1] as number, Math.exp(z[2] as number)) + (z[2] as number);

  it('matches the formula and its finite-difference scores around the reference posterior', () => {
    checkAgainstFormula(model, formula, 11, 5, location.sd, { center: location.center, scoreScale: location.sd });
  });

  it("names its draws exactly like posteriordb's reference", () => {
    expectReferenceNames(model, KIDIQ_POSTERIOR, 3);
  });
});

describe('earnings-logearn_height', () => {
  const data = loadPosteriorData(EARNINGS_POSTERIOR) as { N: number; earn: number[]; height: number[] };
  const model = earnings.compile(data);
  const location = referenceLocation(model, EARNINGS_POSTERIOR);
  const logEarn = data.earn.map(Math.log);

  // Flat priors; log(earn) ~ Normal(b1 + b2 height, sigma).
  const constrained = (b1: number, b2: number, sigma: number): number =>
    normalSum(logEarn, (n) => b1 + b2 * (data.height[n] as number), sigma);
  const formula = (z: Float64Array): number =>
    constrained(z[0] as number, z[1] as number, Math.exp(z[2] as number)) + (z[2] as number);

  it('matches the formula and its finite-difference scores around the reference posterior', () => {
    checkAgainstFormula(model, formula, 12, 5, location.sd, { center: location.center, scoreScale: location.sd });
  });

  it('logs the response: matches the formula at the reference posterior mean', () => {
    const { means } = location;
    const beta = vectorOf(means, 'beta', 2);
    const lp = model.logDensityAt({ beta, sigma: means['sigma'] });
    const expected = constrained(beta[0] as number, beta[1] as number, means['sigma'] as number);
    expect(Math.abs(lp - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  });

  it("names its draws exactly like posteriordb's reference", () => {
    expectReferenceNames(model, EARNINGS_POSTERIOR, 3);
  });
});

describe('mesquite-logmesquite', () => {
  const data = loadPosteriorData(MESQUITE_POSTERIOR) as {
    N: number;
    weight: number[];
    diam1: number[];
    diam2: number[];
    canopy_height: number[];
    total_height: number[];
    density: number[];
    group: number[];
  };
  const model = mesquite.compile(data);
  const location = referenceLocation(model, MESQUITE_POSTERIOR);
  const logWeight = data.weight.map(Math.log);
  const rows = logWeight.map((_, n) => [
    1,
    Math.log(data.diam1[n] as number),
    Math.log(data.diam2[n] as number),
    Math.log(data.canopy_height[n] as number),
    Math.log(data.total_height[n] as number),
    Math.log(data.density[n] as number),
    data.group[n] as number,
  ]);

  // Flat priors; log(weight) ~ Normal(eta, sigma), eta from five logged dimensions and the group.
  const constrained = (beta: readonly number[], sigma: number): number =>
    normalSum(logWeight, (n) => dot(rows[n] as number[], beta), sigma);
  const formula = (z: Float64Array): number =>
    constrained(Array.from(z.subarray(0, 7)), Math.exp(z[7] as number)) + (z[7] as number);

  it('matches the formula and its finite-difference scores around the reference posterior', () => {
    checkAgainstFormula(model, formula, 13, 5, location.sd, { center: location.center, scoreScale: location.sd });
  });

  it('logs the data: matches the formula at the reference posterior mean', () => {
    const { means } = location;
    const beta = vectorOf(means, 'beta', 7);
    const lp = model.logDensityAt({ beta, sigma: means['sigma'] });
    const expected = constrained(beta, means['sigma'] as number);
    expect(Math.abs(lp - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  });

  it("names its draws exactly like posteriordb's reference", () => {
    expectReferenceNames(model, MESQUITE_POSTERIOR, 8);
  });
});

describe('sblrc-blr', () => {
  const data = loadPosteriorData(SBLRC_POSTERIOR) as { N: number; D: number; X: number[][]; y: number[] };
  const model = sblrc.compile(data);
  const location = referenceLocation(model, SBLRC_POSTERIOR);

  // beta[d] ~ Normal(0, 10); sigma ~ half-normal(10) (log 2 + normal density); y ~ Normal(X beta, sigma).
  const constrained = (beta: readonly number[], sigma: number): number => {
    let lp = LOG_2 + normalLpdf(sigma, 0, 10);
    for (const b of beta) lp += normalLpdf(b, 0, 10);
    return lp + normalSum(data.y, (n) => dot(data.X[n] as number[], beta), sigma);
  };
  const formula = (z: Float64Array): number =>
    constrained(Array.from(z.subarray(0, data.D)), Math.exp(z[data.D] as number)) + (z[data.D] as number);

  it('matches the formula and its finite-difference scores around the reference posterior', () => {
    checkAgainstFormula(model, formula, 14, 5, location.sd, { center: location.center, scoreScale: location.sd });
  });

  it("names its draws exactly like posteriordb's reference", () => {
    expectReferenceNames(model, SBLRC_POSTERIOR, 6);
  });
});

describe('diamonds-diamonds', () => {
  const data = loadPosteriorData(DIAMONDS_POSTERIOR) as {
    N: number;
    K: number;
    Y: number[];
    X: number[][];
    prior_only: number;
  };
  const model = diamonds.compile(data);
  const location = referenceLocation(model, DIAMONDS_POSTERIOR);
  const J = data.K - 1;
  // Drop the intercept column and centre the rest, in float64.
  const columnMeans = Array.from(
    { length: J },
    (_, j) => data.X.reduce((acc, row) => acc + (row[j + 1] as number), 0) / data.N,
  );
  const Xc = data.X.map((row) =>
    Array.from({ length: J }, (_, j) => (row[j + 1] as number) - (columnMeans[j] as number)),
  );

  // b[j] ~ Normal(0, 1); Intercept ~ t3(8, 10); sigma ~ t3(0, 10) truncated to sigma > 0 (+ log 2);
  // Y ~ Normal(Intercept + Xc b, sigma).
  const constrained = (b: readonly number[], intercept: number, sigma: number): number => {
    let lp = studentT3Lpdf(intercept, 8, 10) + LOG_2 + studentT3Lpdf(sigma, 0, 10);
    for (const bj of b) lp += normalLpdf(bj, 0, 1);
    return lp + normalSum(data.Y, (n) => intercept + dot(Xc[n] as number[], b), sigma);
  };
  const formula = (z: Float64Array): number =>
    constrained(Array.from(z.subarray(0, J)), z[J] as number, Math.exp(z[J + 1] as number)) + (z[J + 1] as number);

  // Batched values sum N = 5000 likelihood terms in float32 (the helper's default assumes a few hundred).
  // Sequential float32 summation errs by at most (n - 1) u sum|t| ~ 3e-4 |lp| (u = 2^-24), but its
  // roundings are independent and unbiased, so the error is ~ u sqrt(sum_k S_k^2) ~ u sqrt(n / 3) |lp|
  // ~ 2.5e-6 |lp| for partial sums S_k growing to lp. The elementwise part: each residual carries
  // ~ u (|Y| + |Intercept| + sum_j |Xc[n,j] b[j]|) ~ 3e-6 of float32 error (sd 0.12, so ~2.5e-5 on
  // z = r / sigma and on z^2 / 2 for |z| ~ 1), ~ 2e-3 in all at random signs and < 0.13 (4e-5 |lp| at the
  // mode's lp ~ 3400) even if all signs agreed. Both stay under 1e-4 (1 + |lp|) by ~10x (measured:
  // 1.2e-5 |lp| for both paths), while 1e-4 still catches the smallest constant term (log 2 = 0.69 in
  // the half-t prior: 2e-4 |lp|); the worst-case summation bound would not. So the default stays.
  it('matches the formula and its finite-difference scores around the reference posterior', () => {
    checkAgainstFormula(model, formula, 15, 5, location.sd, {
      center: location.center,
      scoreScale: location.sd,
      batchValueTolerance: 1e-4,
    });
  });

  it('centres the design: matches the formula at the reference posterior mean', () => {
    const { means } = location;
    const b = vectorOf(means, 'b', J);
    const lp = model.logDensityAt({ b, Intercept: means['Intercept'], sigma: means['sigma'] });
    const expected = constrained(b, means['Intercept'] as number, means['sigma'] as number);
    expect(Math.abs(lp - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  });

  it("names its draws exactly like posteriordb's reference", () => {
    expectReferenceNames(model, DIAMONDS_POSTERIOR, 26);
  });
});

describe('arK-arK', () => {
  const data = loadPosteriorData(ARK_POSTERIOR) as { K: number; T: number; y: number[] };
  const model = arK.compile(data);
  const location = referenceLocation(model, ARK_POSTERIOR);
  const { K, T, y } = data;

  // alpha, beta[k] ~ Normal(0, 10); sigma ~ half-Cauchy(2.5);
  // y[t] ~ Normal(alpha + sum_k beta[k] y[t-k], sigma) for t = K+1..T (1-based), by an explicit loop.
  const constrained = (alpha: number, beta: readonly number[], sigma: number): number => {
    let lp = normalLpdf(alpha, 0, 10) + halfCauchyLpdf(sigma, 2.5);
    for (const b of beta) lp += normalLpdf(b, 0, 10);
    for (let t = K; t < T; t++) {
      let mu = alpha;
      for (let k = 1; k <= K; k++) mu += (beta[k - 1] as number) * (y[t - k] as number);
      lp += normalLpdf(y[t] as number, mu, sigma);
    }
    return lp;
  };
  const formula = (z: Float64Array): number =>
    constrained(z[0] as number, Array.from(z.subarray(1, K + 1)), Math.exp(z[K + 1] as number)) + (z[K + 1] as number);

  it('matches the formula and its finite-difference scores around the reference posterior', () => {
    checkAgainstFormula(model, formula, 16, 5, location.sd, { center: location.center, scoreScale: location.sd });
  });

  it('builds the lags: matches the formula at the reference posterior mean', () => {
    const { means } = location;
    const beta = vectorOf(means, 'beta', K);
    const lp = model.logDensityAt({ alpha: means['alpha'], beta, sigma: means['sigma'] });
    const expected = constrained(means['alpha'] as number, beta, means['sigma'] as number);
    expect(Math.abs(lp - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  });

  it("names its draws exactly like posteriordb's reference", () => {
    expectReferenceNames(model, ARK_POSTERIOR, 7);
  });
});
