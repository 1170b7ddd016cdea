// fitPosterior end to end through the DSL on conjugate models whose posterior
// is known in closed form but is NOT Gaussian on the unconstrained scale:
// beta-binomial (logit p), gamma-Poisson (log lambda), normal with unknown
// mean and variance (mu, log sigma^2) and Dirichlet-multinomial
// (stick-breaking). The normal mean / known variance and linear-regression
// cases, where the Gaussian family is exact, are in
// test/transport/fit-posterior.test.ts.
//
// Each case compares the mean and the 5/50/95% quantiles of 20000 draws of q
// with the exact posterior (jstat), in units of the exact posterior sd.
// Two error sources:
// - Monte Carlo error of the 20000 q-draws: sd(mean) = 1/sqrt(20000) =
//   0.007 sd; sd(5% or 95% quantile) = sqrt(0.05 * 0.95 / 20000) / phi(1.645)
//   = 0.015 sd, sd(median) = 0.009 sd (for a near-normal shape).
// - The family's error: a Gaussian on the unconstrained scale is not the
//   posterior; it shrinks as the data grow (the posterior becomes normal on
//   any smooth scale, with skewness O(1/sqrt(n))). The data sizes below make
//   it a few hundredths of an sd. Measured (seeds fixed, wasm backend): mean
//   errors <= 0.015 sd, quantile errors <= 0.035 sd in every case below.
// Tolerances: MEAN_TOL = 0.05 sd (measured max 0.015 plus 5 Monte Carlo
// sds) and QUANTILE_TOL = 0.1 sd (measured max 0.035 plus 4 Monte Carlo sds
// of a tail quantile). They fail on a wrong posterior: an sd 10% off moves
// the 5/95% quantiles by 0.16 sd, a missing log-Jacobian or a wrong closed
// form by far more.
//
// PSIS k-hat is reported, not bounded, for the Gaussian family here: on the
// unconstrained scale these posteriors have exponential tails (e.g. logit of
// a Beta: density ~ exp(a x) as x -> -inf), heavier than q's Gaussian tails,
// so pi / q is unbounded and k-hat is large (measured 1.0-2.6) even though
// the bulk is right to 0.03 sd. The ridge family reduces the tail mismatch (lower k-hat).
import * as tf from '@tensorflow/tfjs';
import jStat from 'jstat';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Rng,
  beta,
  binomial,
  data,
  defineModel,
  dirichlet,
  fitPosterior,
  gamma,
  inverseGamma,
  normal,
  param,
  poisson,
  type FamilyName,
} from '../../src/index.js';
import { poissonVariate } from '../../src/distributions/variates.js';

const DRAWS = 20000;
const PROBS = [0.05, 0.5, 0.95] as const;
const MEAN_TOL = 0.05;
const QUANTILE_TOL = 0.1;

interface Exact {
  mean: number;
  sd: number;
  quantile(p: number): number;
}

interface Errors {
  /** |mean(q) - mean| / sd. */
  mean: number;
  /** max over 5/50/95% of |quantile(q) - quantile| / sd. */
  quantile: number;
  /** Each quantile's signed error in sds. */
  quantiles: number[];
}

const report: string[] = [];
afterAll(() => {
  // The measured errors and k-hats, for the record (seeds are fixed).
  console.log(`conjugate posteriors (errors in posterior sds):\n${report.join('\n')}`);
});

function empiricalQuantile(sorted: Float64Array, p: number): number {
  // Type-7 (linear interpolation) quantile.
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

function errorsOf(draws: number[], exact: Exact): Errors {
  const sorted = Float64Array.from(draws).sort();
  const m = draws.reduce((a, b) => a + b, 0) / draws.length;
  const quantiles = PROBS.map((p) => (empiricalQuantile(sorted, p) - exact.quantile(p)) / exact.sd);
  return {
    mean: Math.abs(m - exact.mean) / exact.sd,
    quantile: Math.max(...quantiles.map(Math.abs)),
    quantiles,
  };
}

function record(label: string, khat: number, name: string, e: Errors): void {
  report.push(
    `  ${label} ${name}: mean ${e.mean.toFixed(4)}, quantiles ${e.quantiles.map((q) => q.toFixed(4)).join(' / ')}, k-hat ${khat.toFixed(3)}`,
  );
}

const betaExact = (a: number, b: number): Exact => ({
  mean: a / (a + b),
  sd: Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))),
  quantile: (p) => jStat.beta.inv(p, a, b) as number,
});

// p ~ Beta(a, b), y ~ Binomial(n, p): posterior Beta(a + y, b + n - y).
const betaBinomialModel = defineModel({
  name: 'beta_binomial',
  data: {
    n: data.int({ lower: 0 }),
    y: data.int({ lower: 0 }),
    a: data.real({ lower: 0 }),
    b: data.real({ lower: 0 }),
  },
  params: { p: param.unitInterval() },
  logDensity: ({ p }, { n, y, a, b }) => [beta(a, b).logProb(p), binomial(n, p).logProb(y)],
});

async function fitBetaBinomial(
  n: number,
  y: number,
  family: FamilyName,
): Promise<{ errors: Errors; khat: number; exact: Exact }> {
  const a = 2;
  const b = 2;
  const posterior = await fitPosterior(betaBinomialModel, { n, y, a, b }, { seed: 1, family });
  const exact = betaExact(a + y, b + n - y);
  const errors = errorsOf(posterior.sample(DRAWS, { seed: 2 }).toObject()['p'] as number[], exact);
  const khat = posterior.diagnostics.khat;
  record(`beta-binomial n=${n} y=${y} ${family}`, khat, 'p', errors);
  posterior.dispose();
  return { errors, khat, exact };
}

describe('conjugate posteriors through the DSL and fitPosterior (Gaussian family on the unconstrained scale)', () => {
  it('beta-binomial: Beta(a + y, b + n - y)', async () => {
    // n = 100, y = 30, Beta(2, 2) prior: Beta(32, 72), skewness 0.17.
    // Gaussian in logit p: measured mean 0.007 sd, quantiles
    // 0.020 / -0.007 / 0.032 sd; k-hat 2.6.
    const { errors, khat } = await fitBetaBinomial(100, 30, 'gaussian');
    expect(errors.mean).toBeLessThan(MEAN_TOL);
    expect(errors.quantile).toBeLessThan(QUANTILE_TOL);
    expect(Number.isFinite(khat)).toBe(true);
  });

  it('gamma-Poisson: Gamma(a + sum y, b + n)', async () => {
    // lambda ~ Gamma(a = 2, rate b = 1), y_i ~ Poisson(lambda), n = 50 draws
    // with lambda = 4. Gaussian in log lambda: measured mean 0.008 sd,
    // quantiles 0.019 / -0.004 / 0.030 sd; k-hat 2.5.
    const rng = new Rng(11);
    const n = 50;
    const y = Array.from({ length: n }, () => poissonVariate(rng, 4));
    const a = 2;
    const b = 1;
    const model = defineModel({
      name: 'gamma_poisson',
      data: { n: data.int({ lower: 0 }), y: data.intArray('n', { lower: 0 }) },
      params: { lambda: param.positive() },
      logDensity: ({ lambda }, { y }) => [gamma(a, b).logProb(lambda), poisson(lambda).logProb(y)],
    });
    const posterior = await fitPosterior(model, { n, y }, { seed: 1 });
    const shape = a + y.reduce((s, v) => s + v, 0);
    const rate = b + n;
    const exact: Exact = {
      mean: shape / rate,
      sd: Math.sqrt(shape) / rate,
      quantile: (p) => jStat.gamma.inv(p, shape, 1 / rate) as number,
    };
    const errors = errorsOf(posterior.sample(DRAWS, { seed: 2 }).toObject()['lambda'] as number[], exact);
    record(`gamma-Poisson n=${n}`, posterior.diagnostics.khat, 'lambda', errors);
    expect(errors.mean).toBeLessThan(MEAN_TOL);
    expect(errors.quantile).toBeLessThan(QUANTILE_TOL);
    expect(Number.isFinite(posterior.diagnostics.khat)).toBe(true);
    posterior.dispose();
  });

  it('normal with unknown mean and variance: Student-t and inverse-gamma marginals', async () => {
    // Normal-inverse-gamma prior: sigma^2 ~ InvGamma(a0, b0) (shape, scale),
    // mu | sigma^2 ~ N(m0, sigma^2 / k0); y_i ~ N(mu, sigma^2). Posterior:
    //   k_n = k0 + n,  m_n = (k0 m0 + n ybar) / k_n,
    //   a_n = a0 + n / 2,
    //   b_n = b0 + S / 2 + k0 n (ybar - m0)^2 / (2 k_n),  S = sum (y_i - ybar)^2,
    //   sigma^2 | y ~ InvGamma(a_n, b_n),
    //   mu | y ~ Student-t(2 a_n, location m_n, scale sqrt(b_n / (a_n k_n))),
    // so sd(mu) = scale sqrt(nu / (nu - 2)) with nu = 2 a_n, and
    // sd(sigma^2) = b_n / ((a_n - 1) sqrt(a_n - 2)).
    // n = 100 draws of N(1, 1.5^2). Gaussian in (mu, log sigma^2): measured
    // mu mean 0.000 sd, quantiles 0.016 / -0.003 / -0.031 sd; sigma^2 mean
    // 0.002 sd, quantiles -0.016 / 0.017 / -0.032 sd; k-hat 0.99.
    const rng = new Rng(21);
    const n = 100;
    const y = Array.from({ length: n }, () => 1 + 1.5 * rng.normal());
    const [m0, k0, a0, b0] = [0, 1, 3, 4];
    const model = defineModel({
      name: 'normal_inverse_gamma',
      data: { n: data.int({ lower: 0 }), y: data.vector('n') },
      params: { mu: param.real(), sigma2: param.positive() },
      logDensity: ({ mu, sigma2 }, { y }) => [
        inverseGamma(a0, b0).logProb(sigma2),
        normal(m0, tf.sqrt(tf.div(sigma2, k0))).logProb(mu),
        normal(mu, tf.sqrt(sigma2)).logProb(y),
      ],
    });
    const posterior = await fitPosterior(model, { n, y }, { seed: 1 });
    const ybar = y.reduce((s, v) => s + v, 0) / n;
    const S = y.reduce((s, v) => s + (v - ybar) ** 2, 0);
    const kn = k0 + n;
    const mn = (k0 * m0 + n * ybar) / kn;
    const an = a0 + n / 2;
    const bn = b0 + S / 2 + (k0 * n * (ybar - m0) ** 2) / (2 * kn);
    const nu = 2 * an;
    const scale = Math.sqrt(bn / (an * kn));
    const muExact: Exact = {
      mean: mn,
      sd: scale * Math.sqrt(nu / (nu - 2)),
      quantile: (p) => mn + scale * (jStat.studentt.inv(p, nu) as number),
    };
    const sigma2Exact: Exact = {
      mean: bn / (an - 1),
      sd: bn / ((an - 1) * Math.sqrt(an - 2)),
      quantile: (p) => jStat.invgamma.inv(p, an, bn) as number,
    };
    const draws = posterior.sample(DRAWS, { seed: 2 }).toObject();
    const khat = posterior.diagnostics.khat;
    const muErrors = errorsOf(draws['mu'] as number[], muExact);
    const sigma2Errors = errorsOf(draws['sigma2'] as number[], sigma2Exact);
    record(`normal-inverse-gamma n=${n}`, khat, 'mu', muErrors);
    record(`normal-inverse-gamma n=${n}`, khat, 'sigma2', sigma2Errors);
    expect(muErrors.mean).toBeLessThan(MEAN_TOL);
    expect(muErrors.quantile).toBeLessThan(QUANTILE_TOL);
    expect(sigma2Errors.mean).toBeLessThan(MEAN_TOL);
    expect(sigma2Errors.quantile).toBeLessThan(QUANTILE_TOL);
    expect(Number.isFinite(khat)).toBe(true);
    posterior.dispose();
  });

  it('Dirichlet-multinomial: Dirichlet(alpha + counts), Beta marginals', async () => {
    // p ~ Dirichlet(alpha), counts ~ Multinomial(N, p), written as the
    // multinomial kernel sum_k n_k log p_k. Posterior Dirichlet(alpha +
    // counts); marginal p_k ~ Beta(alpha_k + n_k, A - alpha_k - n_k) with
    // A = sum(alpha + counts). N = 200. Gaussian in stick-breaking
    // coordinates: measured mean errors <= 0.015 sd, quantile errors
    // <= 0.035 sd (p[1] at 95%); k-hat 1.03.
    const alpha = [1, 2, 1.5, 1];
    const counts = [40, 70, 60, 30];
    const K = alpha.length;
    const model = defineModel({
      name: 'dirichlet_multinomial',
      data: { K: data.int({ lower: 1 }), counts: data.vector('K', { lower: 0 }) },
      params: { p: param.simplex('K') },
      logDensity: ({ p }, { counts }) => [dirichlet(alpha).logProb(p), tf.sum(tf.mul(counts, tf.log(p)), 1)],
    });
    const posterior = await fitPosterior(model, { K, counts }, { seed: 1 });
    const post = alpha.map((a, k) => a + (counts[k] as number));
    const total = post.reduce((s, v) => s + v, 0);
    const draws = posterior.sample(DRAWS, { seed: 2 }).toObject();
    const khat = posterior.diagnostics.khat;
    for (let k = 0; k < K; k++) {
      const ak = post[k] as number;
      const errors = errorsOf(draws[`p[${k + 1}]`] as number[], betaExact(ak, total - ak));
      record(`Dirichlet-multinomial N=200`, khat, `p[${k + 1}]`, errors);
      expect(errors.mean).toBeLessThan(MEAN_TOL);
      expect(errors.quantile).toBeLessThan(QUANTILE_TOL);
    }
    expect(Number.isFinite(khat)).toBe(true);
    posterior.dispose();
  });
});

describe('a skewed posterior: the ridge family', () => {
  it('beta-binomial with n = 10, y = 1: ridge at least as accurate as Gaussian', async () => {
    // Beta(3, 11): skewness 0.6; the Gaussian in logit p misses it.
    // Measured quantile errors (5/50/95%, in sds): Gaussian 0.067 / -0.054 /
    // 0.135 (k-hat 2.5), ridge 0.055 / 0.015 / -0.044 (k-hat below). The
    // largest error drops from 0.135 to 0.055 sd, a margin of 5 Monte Carlo
    // sds; the ridge mean error is 0.021 sd (Gaussian 0.004 sd).
    const g = await fitBetaBinomial(10, 1, 'gaussian');
    const r = await fitBetaBinomial(10, 1, 'ridge');
    expect(g.errors.quantile).toBeGreaterThan(QUANTILE_TOL); // the Gaussian's skewness error shows here
    expect(r.errors.quantile).toBeLessThan(g.errors.quantile);
    expect(r.errors.quantile).toBeLessThan(QUANTILE_TOL);
    expect(r.errors.mean).toBeLessThan(MEAN_TOL);
    // k-hat of a near-exact 1-D fit is noisy (ridge, seeds 1-4: -1.5 to 1.0;
    // it is scale-free, so a tiny tail mismatch can read high), but the ridge
    // must reduce the tail mismatch the Gaussian shows (k-hat 2.5-2.8).
    expect(r.khat).toBeLessThan(g.khat);
  });
});
