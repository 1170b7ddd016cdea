// The posteriordb models with a latent structure (a mixture, an HMM summed
// out by the forward algorithm, a GARCH volatility recursion) against
// independent float64 formulas written by hand from each posterior's
// model.md (no toolkit distributions); see formula-check.ts for the
// tolerances. The formulas carry the same normalising constants as the
// toolkit distributions (-log(2 pi) / 2 per normal term, log 2 per
// half-normal, -log B(5, 5) = log 630 for the beta prior), so absolute
// values are compared.
import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../src/index.js';
import { GARCH_POSTERIOR, garch11 } from '../../models/garch.js';
import { HMM_EXAMPLE_POSTERIOR, hmmExample } from '../../models/hmm-example.js';
import { LOW_DIM_GAUSS_MIX_POSTERIOR, lowDimGaussMix } from '../../models/low-dim-gauss-mix.js';
import { loadPosteriorData, loadReferenceDraws } from '../../models/posteriordb.js';
import { checkAgainstFormula, normalLpdf } from './formula-check.js';

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logAddExp = (a: number, b: number): number => {
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};
const mean = (xs: readonly number[]): number => xs.reduce((acc, x) => acc + x, 0) / xs.length;

/** Reference posterior means, keyed like reference.json. */
function referenceMeans(posterior: string): Record<string, number> {
  return Object.fromEntries(Object.entries(loadReferenceDraws(posterior)).map(([name, draws]) => [name, mean(draws)]));
}

/** Every reference name is a draw name, and the other draw names are exactly `extra`. */
function expectDrawNames(model: CompiledModel, posterior: string, extra: readonly string[]): void {
  const reference = Object.keys(loadReferenceDraws(posterior));
  for (const name of reference) expect(model.drawNames).toContain(name);
  expect(model.drawNames.filter((name) => !reference.includes(name))).toEqual(extra);
}

const closeTo = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
};

describe('low_dim_gauss_mix (two-component mixture, ordered means)', () => {
  const data = loadPosteriorData(LOW_DIM_GAUSS_MIX_POSTERIOR) as { N: number; y: number[] };
  const model = lowDimGaussMix.compile(data);

  const constrained = (mu: readonly number[], sigma: readonly number[], theta: number): number => {
    const [mu1, mu2] = mu as [number, number];
    const [s1, s2] = sigma as [number, number];
    let lp = normalLpdf(mu1, 0, 2) + normalLpdf(mu2, 0, 2);
    lp += 2 * Math.log(2) + normalLpdf(s1, 0, 2) + normalLpdf(s2, 0, 2); // half-normals
    lp += 4 * Math.log(theta) + 4 * Math.log(1 - theta) + Math.log(630); // Beta(5, 5): 1 / B(5, 5) = 630
    for (const y of data.y) {
      lp += logAddExp(Math.log(theta) + normalLpdf(y, mu1, s1), Math.log(1 - theta) + normalLpdf(y, mu2, s2));
    }
    return lp;
  };
  // Unconstrained: mu[1], log(mu[2] - mu[1]), log sigma[1..2], logit(theta).
  const formula = (u: Float64Array): number => {
    const [u0, u1, u2, u3, u4] = u as unknown as [number, number, number, number, number];
    const theta = logistic(u4);
    const lp = constrained([u0, u0 + Math.exp(u1)], [Math.exp(u2), Math.exp(u3)], theta);
    return lp + u1 + u2 + u3 + Math.log(theta) + Math.log(1 - theta);
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 21);
  });

  it("names its draws like posteriordb's reference, with no auxiliary draws", () => {
    expectDrawNames(model, LOW_DIM_GAUSS_MIX_POSTERIOR, []);
  });

  it('matches the constrained formula at the reference posterior mean', () => {
    const m = referenceMeans(LOW_DIM_GAUSS_MIX_POSTERIOR);
    const mu = [m['mu[1]'] as number, m['mu[2]'] as number];
    const sigma = [m['sigma[1]'] as number, m['sigma[2]'] as number];
    const theta = m['theta'] as number;
    closeTo(model.logDensityAt({ mu, sigma, theta }), constrained(mu, sigma, theta));
  });
});

describe('hmm_example (two-state HMM, forward algorithm)', () => {
  const data = loadPosteriorData(HMM_EXAMPLE_POSTERIOR) as { N: number; K: number; y: number[] };
  const model = hmmExample.compile(data);

  // gamma[j][k] = P(z_t = k | z_{t-1} = j); the forward recursion in log space, as plain loops.
  const constrained = (theta1: readonly number[], theta2: readonly number[], mu: readonly number[]): number => {
    const gamma = [theta1, theta2];
    const emission = (t: number, k: number): number => normalLpdf(data.y[t] as number, mu[k] as number, 1);
    let alpha = [emission(0, 0), emission(0, 1)];
    for (let t = 1; t < data.N; t++) {
      const next: number[] = [];
      for (let k = 0; k < 2; k++) {
        let acc = -Infinity;
        for (let j = 0; j < 2; j++) acc = logAddExp(acc, (alpha[j] as number) + Math.log(gamma[j]?.[k] as number));
        next.push(acc + emission(t, k));
      }
      alpha = next;
    }
    const prior = normalLpdf(mu[0] as number, 3, 1) + normalLpdf(mu[1] as number, 10, 1);
    return prior + logAddExp(alpha[0] as number, alpha[1] as number);
  };
  // Unconstrained: one stick-breaking coordinate per simplex (for K = 2,
  // theta[1] = logistic(r), log-Jacobian log theta[1] + log theta[2]), then
  // the positive-ordered pair (mu[1] = exp(c1), mu[2] = mu[1] + exp(c2), log-Jacobian c1 + c2).
  const formula = (u: Float64Array): number => {
    const [r1, r2, c1, c2] = u as unknown as [number, number, number, number];
    const a = logistic(r1);
    const b = logistic(r2);
    const mu1 = Math.exp(c1);
    const lp = constrained([a, 1 - a], [b, 1 - b], [mu1, mu1 + Math.exp(c2)]);
    return lp + Math.log(a) + Math.log(1 - a) + Math.log(b) + Math.log(1 - b) + c1 + c2;
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 22);
  });

  it("names its draws like posteriordb's reference, with no auxiliary draws", () => {
    expectDrawNames(model, HMM_EXAMPLE_POSTERIOR, []);
  });

  it('matches the constrained formula at the reference posterior mean', () => {
    const m = referenceMeans(HMM_EXAMPLE_POSTERIOR);
    // The means of theta[1] and theta[2] sum to one only up to the rounding of the draws.
    const theta1 = [m['theta1[1]'] as number, 1 - (m['theta1[1]'] as number)];
    const theta2 = [m['theta2[1]'] as number, 1 - (m['theta2[1]'] as number)];
    const mu = [m['mu[1]'] as number, m['mu[2]'] as number];
    closeTo(model.logDensityAt({ theta1, theta2, mu }), constrained(theta1, theta2, mu));
  });
});

describe('garch11 (GARCH(1,1), beta1 bounded by 1 - alpha1)', () => {
  const data = loadPosteriorData(GARCH_POSTERIOR) as { T: number; y: number[]; sigma1: number };
  const model = garch11.compile(data);

  // Flat prior: the log likelihood with the variance recursion, as a plain loop.
  const constrained = (mu: number, alpha0: number, alpha1: number, beta1: number): number => {
    let variance = data.sigma1 * data.sigma1;
    let lp = 0;
    for (let t = 0; t < data.T; t++) {
      if (t > 0) variance = alpha0 + alpha1 * ((data.y[t - 1] as number) - mu) ** 2 + beta1 * variance;
      lp += normalLpdf(data.y[t] as number, mu, Math.sqrt(variance));
    }
    return lp;
  };
  // Unconstrained (m, a, b, c) as in model.md: mu = m, alpha0 = exp(a),
  // alpha1 = logistic(b), beta1 = (1 - alpha1) v with v = logistic(c); the
  // log-Jacobian a + log alpha1 + 2 log(1 - alpha1) + log v + log(1 - v)
  // includes the log(1 - alpha1) of the alpha1-dependent bound.
  const formula = (u: Float64Array): number => {
    const [m, a, b, c] = u as unknown as [number, number, number, number];
    const alpha1 = logistic(b);
    const v = logistic(c);
    const lp = constrained(m, Math.exp(a), alpha1, (1 - alpha1) * v);
    return lp + a + Math.log(alpha1) + 2 * Math.log(1 - alpha1) + Math.log(v) + Math.log(1 - v);
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 23);
  });

  it("names its draws like posteriordb's reference, with beta1_raw as the only auxiliary draw", () => {
    expectDrawNames(model, GARCH_POSTERIOR, ['beta1_raw']);
  });

  it('matches the constrained formula at the reference posterior mean', () => {
    const m = referenceMeans(GARCH_POSTERIOR);
    const [mu, alpha0, alpha1, beta1] = [m['mu'], m['alpha0'], m['alpha1'], m['beta1']] as [
      number,
      number,
      number,
      number,
    ];
    const values = { mu, alpha0, alpha1, beta1_raw: beta1 / (1 - alpha1) };
    // The model's density is over beta1_raw: the flat density in beta1 times
    // d beta1 / d beta1_raw = 1 - alpha1.
    closeTo(model.logDensityAt(values), constrained(mu, alpha0, alpha1, beta1) + Math.log(1 - alpha1));
    // The reported beta1 is (1 - alpha1) beta1_raw.
    const draws = model.draws(model.unconstrain(values)).toObject();
    expect(draws['beta1']?.[0]).toBeCloseTo(beta1, 5);
  });
});
