// The ridge family (dual side): internal consistency in float64, agreement
// with the Gaussian family's mirror step when no ridge is active, and a fit
// where the ridges beat the Gaussian family.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { exactMirrorStep, randomSpd } from '../../src/theory/gaussian.js';
import { inverseSpd } from '../../src/math/linalg.js';
import { gaussianFamily, type GaussianPotential } from '../../src/transport/gaussian-family.js';
import { ridgeFamily, ridgeFromGaussian, type RidgePotential } from '../../src/transport/ridge-family.js';
import { Posterior, fitPosterior } from '../../src/index.js';
import { mixture2 } from '../../models/targets.js';

const LOG_2PI = Math.log(2 * Math.PI);

function withRandomRidges(seed: number, d: number): { gaussian: GaussianPotential; ridge: RidgePotential } {
  const rng = new Rng(seed);
  const gaussian: GaussianPotential = {
    family: 'gaussian',
    dim: d,
    A: Array.from(randomSpd(rng, d, 5, 0.7)),
    b: Array.from(rng.normals(d)),
  };
  const base = ridgeFromGaussian(gaussian);
  return { gaussian, ridge: { ...base, c: base.c.map(() => (rng.uniform() < 0.5 ? 0 : 0.5 * rng.uniform())) } };
}

describe('ridge dictionaries', () => {
  const unit = (W: readonly number[], j: number, d: number): number[] => W.slice(j * d, (j + 1) * d);
  const dotRows = (a: readonly number[], b: readonly number[]): number =>
    a.reduce((s, v, k) => s + v * (b[k] as number), 0);

  it('default: the principal axes and, up to 4 dimensions, their diagonals; 5 kinks (3 above 4 dimensions)', () => {
    // Directions x orientations x kinks: 2-D 4 x 2 x 5, 4-D (4 + 12) x 2 x 5, 5-D 5 x 2 x 3.
    for (const [d, count] of [
      [2, 40],
      [4, 160],
      [5, 30],
    ] as const) {
      const { gaussian } = withRandomRidges(d, d);
      expect(ridgeFromGaussian(gaussian).c).toHaveLength(count);
    }
  });

  it('spreads m directions evenly over the half-circle in 2-D, each with both orientations', () => {
    const { gaussian } = withRandomRidges(3, 2);
    const p = ridgeFromGaussian(gaussian, { directions: 8, kinks: [0], width: 0.2 });
    expect(p.c).toHaveLength(16);
    // Rows 0, 2, 4, ...: the directions; rows 1, 3, ...: their opposites.
    for (let k = 0; k < 8; k++) {
      const w = unit(p.W, 2 * k, 2);
      expect(dotRows(w, w)).toBeCloseTo(1, 12);
      expect(dotRows(w, unit(p.W, 2 * k + 1, 2))).toBeCloseTo(-1, 12);
      const next = unit(p.W, (2 * (k + 1)) % 16, 2);
      // Adjacent directions 22.5 degrees apart (the last wraps to the first's opposite).
      expect(Math.abs(dotRows(w, next))).toBeCloseTo(Math.cos(Math.PI / 8), 12);
    }
  });

  it("'coordinates' takes the coordinate axes; the floor is the given fraction of the fit's P", () => {
    const { gaussian } = withRandomRidges(4, 3);
    const p = ridgeFromGaussian(gaussian, { directions: 'coordinates', kinks: [-1, 1], width: 0.5, floor: 0.15 });
    expect(p.c).toHaveLength(3 * 2 * 2);
    expect(unit(p.W, 0, 3)).toEqual([1, 0, 0]);
    expect(unit(p.W, 4, 3)).toEqual([0, 1, 0]);
    expect(unit(p.W, 8, 3)).toEqual([0, 0, 1]);
    p.floor.forEach((v, i) => expect(v).toBeCloseTo(0.15 * (p.P[i] as number), 14));
    // In 3-D, a number of directions starts from the d principal axes and adds seeded random ones.
    const random = ridgeFromGaussian(gaussian, { directions: 5, kinks: [0], width: 0.5 });
    expect(random.c).toHaveLength(10);
    expect(ridgeFromGaussian(gaussian, { directions: 5, kinks: [0], width: 0.5 }).W).toEqual(random.W);
    expect(() => ridgeFromGaussian(gaussian, { directions: 0, kinks: [0], width: 0.5 })).toThrow(
      /directions must be 'principal', 'coordinates' or an integer >= 1, received 0/,
    );
  });
});

describe('ridge potentials', () => {
  it.each([1, 2, 5])('has the gradient of log q of central differences of logDensity (d = %i)', (d) => {
    // Central differences with h = 1e-5 err by about h^2 |third derivative|
    // plus round-off eps |log q| / h, both below 1e-8 here. Bound 1e-6.
    const { ridge } = withRandomRidges(d + 20, d);
    const n = 5;
    const y = new Rng(d + 30).normals(n * d);
    const gradient = ridgeFamily.logDensityGradient!(ridge, y, n);
    const h = 1e-5;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const up = Float64Array.from(y.subarray(i * d, (i + 1) * d));
        const down = Float64Array.from(up);
        up[j] = (up[j] as number) + h;
        down[j] = (down[j] as number) - h;
        const fd =
          ((ridgeFamily.logDensity(ridge, up, 1)[0] as number) -
            (ridgeFamily.logDensity(ridge, down, 1)[0] as number)) /
          (2 * h);
        expect(Math.abs((gradient[i * d + j] as number) - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it.each([1, 2, 5])('invert grad u* exactly and give the density by change of variables (d = %i)', (d) => {
    const { ridge } = withRandomRidges(d, d);
    const n = 20;
    const x = new Rng(7).normals(n * d);
    const { y, logDetHessian } = ridgeFamily.map(ridge, x, n);
    const logQ = ridgeFamily.logDensity(ridge, y, n);
    const u = ridgeFamily.value(ridge, x, n);
    const uStar = ridgeFamily.conjugate(ridge, y, n);
    for (let i = 0; i < n; i++) {
      let xx = 0;
      let xy = 0;
      for (let a = 0; a < d; a++) {
        xx += (x[i * d + a] as number) ** 2;
        xy += (x[i * d + a] as number) * (y[i * d + a] as number);
      }
      // log q(T x) = log rho(x) - log det grad^2 u(x) and the Fenchel-Young
      // equality at y = grad u(x): exact up to the Newton solve's tolerance
      // (1e-10 on grad u*), amplified by H*^{-1} (condition number < 100 here).
      expect(logQ[i]).toBeCloseTo(-0.5 * xx - 0.5 * d * LOG_2PI - (logDetHessian[i] as number), 7);
      expect((u[i] as number) + (uStar[i] as number)).toBeCloseTo(xy, 7);
    }
  });

  it('reduces to the Gaussian potential when no ridge is active', () => {
    const d = 3;
    const { gaussian } = withRandomRidges(11, d);
    const ridge = ridgeFromGaussian(gaussian);
    const y = new Rng(2).normals(5 * d);
    const a = ridgeFamily.logDensity(ridge, y, 5);
    const b = gaussianFamily.logDensity(gaussian, y, 5);
    for (let i = 0; i < 5; i++) expect(a[i]).toBeCloseTo(b[i] as number, 10);
  });

  it('takes the exact Gaussian mirror step on a Gaussian target (the ridges stay off)', () => {
    const d = 3;
    const rng = new Rng(5);
    const { gaussian } = withRandomRidges(13, d);
    const S = randomSpd(rng, d, 10, 0.8);
    const m = rng.normals(d);
    const Sinv = inverseSpd(S, d);
    const n = 60;
    const x = rng.normals(n * d);
    const ridge = ridgeFromGaussian(gaussian);
    const { y } = ridgeFamily.map(ridge, x, n);
    const scores = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        let g = 0;
        for (let b = 0; b < d; b++) g -= (Sinv[a * d + b] as number) * ((y[i * d + b] as number) - (m[b] as number));
        scores[i * d + a] = g;
      }
    }
    const eta = 0.05;
    const next = ridgeFamily.step(ridge, { n, x, y, scores }, eta, 'mirror');
    const exact = exactMirrorStep(
      { A: Float64Array.from(gaussian.A), b: Float64Array.from(gaussian.b) },
      { m, S },
      eta,
      d,
    );
    const P = inverseSpd(exact.A, d);
    for (let i = 0; i < d * d; i++) expect(next.P[i]).toBeCloseTo(P[i] as number, 6);
    // beta = -P b.
    for (let a = 0; a < d; a++) {
      let beta = 0;
      for (let b = 0; b < d; b++) beta -= (P[a * d + b] as number) * (exact.b[b] as number);
      expect(next.beta[a]).toBeCloseTo(beta, 6);
    }
    expect(Math.max(...next.c)).toBeLessThan(1e-6);
  });

  it('has a non-negative Bregman divergence, zero between equal potentials', () => {
    const { ridge } = withRandomRidges(3, 2);
    const other = { ...ridge, c: ridge.c.map((c) => c * 1.5) };
    expect(ridgeFamily.bregman(ridge, ridge)).toBeCloseTo(0, 10);
    expect(ridgeFamily.bregman(ridge, other)).toBeGreaterThan(0);
  });
});

describe('the ridge family on a bimodal target', () => {
  // mixture2: equal mixture of N((-2, 0), I) and N((2, 0), I), normalised, so
  // KL(q || pi) = E_q[log q - log pi] is estimated without a constant.
  it('reaches a smaller KL than the Gaussian family, and survives a JSON round trip', async () => {
    const kl = (posterior: Posterior): { kl: number; se: number } => {
      const n = 16000;
      const points = posterior.sampleUnconstrained(n, { seed: 21 });
      const logQ = posterior.logDensity(points);
      const diffs = Array.from(logQ, (v, i) => v - mixture2.logDensity(points.subarray(2 * i, 2 * i + 2)));
      const mean = diffs.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
      return { kl: mean, se: sd / Math.sqrt(n) };
    };
    const gaussian = await fitPosterior(mixture2, {}, { seed: 1 });
    const ridge = await fitPosterior(mixture2, {}, { seed: 1, family: 'ridge' });
    const g = kl(gaussian);
    const r = kl(ridge);
    // The Gaussian family cannot go below ~0.2 here. Require the ridge fit to
    // be better by more than 3 standard errors of the difference (16000 draws
    // each; the ridge q's log-ratio has a heavier spread, se ~0.015).
    expect(g.kl).toBeGreaterThan(0.15);
    expect(g.kl - r.kl).toBeGreaterThan(3 * Math.sqrt(g.se ** 2 + r.se ** 2));
    expect(ridge.familyName).toBe('ridge');
    const restored = Posterior.fromJSON(JSON.stringify(ridge));
    const points = ridge.sampleUnconstrained(5, { seed: 2 });
    expect(Array.from(restored.logDensity(points))).toEqual(Array.from(ridge.logDensity(points)));
  });
});
