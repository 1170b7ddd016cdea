// The benchmark's maximum-likelihood reference for the ridge family: its
// log-likelihood is the family's exact log density, its gradient matches
// central differences, and on Gaussian data it stays at the Gaussian fit.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { gaussianFamily } from '../../src/transport/gaussian-family.js';
import { ridgeFamily, ridgeFromGaussian, type RidgePotential } from '../../src/transport/ridge-family.js';
import { fitRidgeMaximumLikelihood, ridgeLogLikelihood } from './ridge-mle.js';

function randomRidge(d: number): RidgePotential {
  const rng = new Rng(3);
  const base = ridgeFromGaussian(gaussianFamily.identity(d), { directions: 4, kinks: [-1, 0, 1], width: 0.3 });
  return {
    ...base,
    P: [1.3, 0.2, 0.2, 0.8].slice(0, d * d),
    beta: [0.1, -0.2].slice(0, d),
    c: base.c.map(() => 0.5 * rng.uniform()),
  };
}

describe('ridge maximum-likelihood reference', () => {
  const d = 2;
  const p = randomRidge(d);
  const z = new Rng(5).normals(50 * d);

  it("is the family's exact mean log density", () => {
    const logQ = ridgeFamily.logDensity(p, z, 50);
    expect(ridgeLogLikelihood(p, z, 50)).toBeCloseTo(logQ.reduce((s, v) => s + v, 0) / 50, 12);
  });

  it('has the gradient of central differences in (P, beta, c)', () => {
    const K = 3 + d + p.c.length;
    const gradient = new Float64Array(K);
    ridgeLogLikelihood(p, z, 50, gradient);
    const h = 1e-6;
    const shifted = (k: number, e: number): RidgePotential => {
      if (k < 3) {
        const [a, b] = (
          [
            [0, 0],
            [0, 1],
            [1, 1],
          ] as const
        )[k] as readonly [number, number];
        const P = [...p.P];
        P[a * d + b] = (P[a * d + b] as number) + e;
        if (a !== b) P[b * d + a] = (P[b * d + a] as number) + e;
        return { ...p, P };
      }
      if (k < 3 + d) return { ...p, beta: p.beta.map((v, a) => (a === k - 3 ? v + e : v)) };
      return { ...p, c: p.c.map((v, j) => (j === k - 3 - d ? v + e : v)) };
    };
    for (let k = 0; k < K; k++) {
      const numeric =
        (50 * (ridgeLogLikelihood(shifted(k, h), z, 50) - ridgeLogLikelihood(shifted(k, -h), z, 50))) / (2 * h);
      expect(gradient[k]).toBeCloseTo(numeric, 5);
    }
  });

  it('stays at the Gaussian fit on Gaussian data (within what 144 coefficients can overfit)', () => {
    const n = 2000;
    const data = new Rng(7).normals(n * d);
    const fresh = new Rng(8).normals(n * d);
    const map = fitRidgeMaximumLikelihood({ data, n, d }, { seed: 1, iterations: 500 });
    const rows = Array.from({ length: n }, (_, i) => [fresh[2 * i] as number, fresh[2 * i + 1] as number]);
    const logQ = map.logDensity(rows);
    const truth = gaussianFamily.logDensity(gaussianFamily.identity(d), fresh, n);
    let gap = 0;
    for (let i = 0; i < n; i++) gap += ((truth[i] as number) - (logQ[i] as number)) / n;
    // KL(p || q) of a fit with all K = 149 coefficients free would be about
    // K / (2n) = 0.037; most ridges stay at c = 0 (measured gap 0.015).
    expect(gap).toBeLessThan(0.04);
  });
});
