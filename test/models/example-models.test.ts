// Each example model's log density against an independent float64 formula
// written by hand (no toolkit distributions); see formula-check.ts.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/index.js';
import { logBeta } from '../../src/math/special.js';
import {
  eightSchools,
  eightSchoolsData,
  hierarchicalRegression,
  loadReferenceDraws,
  logisticRegression,
  simulateHierarchicalData,
  simulateLogisticData,
  EIGHT_SCHOOLS_POSTERIOR,
} from '../../models/index.js';
import { checkAgainstFormula, normalLpdf, softplus } from './formula-check.js';

describe('eight schools (non-centred)', () => {
  const data = eightSchoolsData() as { J: number; y: number[]; sigma: number[] };
  const model = eightSchools.compile(data);

  // Unconstrained coordinates: theta_trans[1..8], mu, log(tau).
  const constrained = (theta: number[], mu: number, tau: number): number => {
    let lp = normalLpdf(mu, 0, 5);
    lp += Math.log(5 / Math.PI) - Math.log(25 + tau * tau); // Cauchy(0, 5) density
    for (let j = 0; j < data.J; j++) {
      lp += normalLpdf(theta[j] as number, 0, 1);
      lp += normalLpdf(data.y[j] as number, mu + tau * (theta[j] as number), data.sigma[j] as number);
    }
    return lp;
  };
  const formula = (z: Float64Array): number => {
    const tau = Math.exp(z[9] as number);
    return constrained(Array.from(z.subarray(0, 8)), z[8] as number, tau) + (z[9] as number);
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 1);
  });

  it('matches the formula at constrained points, summed in float64', () => {
    const rng = new Rng(2);
    for (let k = 0; k < 5; k++) {
      const theta = Array.from({ length: 8 }, () => rng.normal());
      const mu = 4 * rng.normal();
      const tau = Math.exp(rng.normal());
      const lp = model.logDensityAt({ theta_trans: theta, mu, tau });
      expect(Math.abs(lp - constrained(theta, mu, tau))).toBeLessThan(1e-4 * (1 + Math.abs(lp)));
    }
  });

  it("names its draws like posteriordb's reference", () => {
    const reference = Object.keys(loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR));
    expect(reference.length).toBe(10);
    for (const name of reference) expect(model.drawNames).toContain(name);
  });
});

describe('logistic regression', () => {
  const { truth, ...data } = simulateLogisticData({ n: 200, k: 5, seed: 3 });
  const model = logisticRegression.compile(data);

  const constrained = (alpha: number, beta: number[]): number => {
    let lp = normalLpdf(alpha, 0, 2.5);
    for (const b of beta) lp += normalLpdf(b, 0, 2.5);
    data.X.forEach((row, i) => {
      const eta = alpha + row.reduce((acc, x, k) => acc + x * (beta[k] as number), 0);
      lp += data.y[i] === 1 ? -softplus(-eta) : -softplus(eta);
    });
    return lp;
  };
  const formula = (z: Float64Array): number => constrained(z[0] as number, Array.from(z.subarray(1)));

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 4);
  });

  it('matches the formula at the true parameters, summed in float64', () => {
    const lp = model.logDensityAt(truth);
    expect(Math.abs(lp - constrained(truth.alpha, truth.beta))).toBeLessThan(1e-4 * (1 + Math.abs(lp)));
  });
});

describe('hierarchical regression (varying intercepts and slopes, LKJ prior)', () => {
  const data = simulateHierarchicalData({ groups: 5, perGroup: 8, seed: 5 });
  const model = hierarchicalRegression.compile(data);
  const J = data.J;

  // Unconstrained layout: mu[2], log tau[2], atanh(L21), z[J,2] row-major, log sigma.
  const formula = (u: Float64Array): number => {
    const mu = [u[0] as number, u[1] as number];
    const tau = [Math.exp(u[2] as number), Math.exp(u[3] as number)];
    const r = Math.tanh(u[4] as number);
    const L22 = Math.sqrt(1 - r * r);
    const z = (j: number, k: number): number => u[5 + 2 * j + k] as number;
    const sigma = Math.exp(u[5 + 2 * J] as number);
    let lp = normalLpdf(mu[0] as number, 0, 5) + normalLpdf(mu[1] as number, 0, 5);
    for (const t of tau) lp += Math.log(2) + normalLpdf(t, 0, 2.5);
    // LKJ(eta = 2) for K = 2: r has density (1 - r^2)^(eta - 1) / (2^(2 eta - 1) B(eta, eta)), and L21 = r.
    const eta = 2;
    lp += (eta - 1) * Math.log(1 - r * r) - (2 * eta - 1) * Math.log(2) - logBeta(eta, eta);
    for (let j = 0; j < J; j++) for (let k = 0; k < 2; k++) lp += normalLpdf(z(j, k), 0, 1);
    lp += -sigma; // Exponential(1)
    const coef = (j: number): [number, number] => [
      (mu[0] as number) + (tau[0] as number) * z(j, 0),
      (mu[1] as number) + (tau[1] as number) * (r * z(j, 0) + L22 * z(j, 1)),
    ];
    for (let i = 0; i < data.N; i++) {
      const [a, b] = coef((data.group[i] as number) - 1);
      lp += normalLpdf(data.y[i] as number, a + b * (data.x[i] as number), sigma);
    }
    // Jacobians: exp for tau and sigma, tanh for the correlation (dL21/du = 1 - r^2).
    lp += (u[2] as number) + (u[3] as number) + (u[5 + 2 * J] as number) + Math.log(1 - r * r);
    return lp;
  };

  it('matches the formula and its finite-difference scores', () => {
    checkAgainstFormula(model, formula, 6, 5, 0.5);
  });

  it('reports the group coefficients as a transformed parameter', () => {
    expect(model.drawNames).toContain('coef[5,2]');
    const u = new Rng(8).normals(model.dimension).map((v) => 0.5 * v);
    const draws = model.draws(Float64Array.from(Float32Array.from(u))).toObject();
    const r = Math.tanh(u[4] as number);
    const expected =
      (u[1] as number) +
      Math.exp(u[3] as number) * (r * (u[5 + 2 * 2] as number) + Math.sqrt(1 - r * r) * (u[5 + 2 * 2 + 1] as number));
    expect(draws['coef[3,2]']?.[0]).toBeCloseTo(expected, 4);
  });
});
