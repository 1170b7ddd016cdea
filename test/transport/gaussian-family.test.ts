// The Gaussian family's sampled, projected steps against the closed forms of
// the theory module. With the regression estimator the sampled steps are
// exact on Gaussian targets (the scores are affine in x), so the comparison
// is to float64 round-off, not Monte Carlo error.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { NumericalError } from '../../src/core/errors.js';
import {
  bregmanDivergence,
  exactMirrorStep,
  exactPrimalStep,
  quadraticPotentialKl,
  randomSpd,
} from '../../src/theory/gaussian.js';
import { gaussianFamily, type GaussianPotential } from '../../src/transport/gaussian-family.js';
import { flowStep, initFlow, type FlowTarget } from '../../src/transport/flow.js';
import { gaussianTarget } from '../support/gaussian-target.js';
import { adaptive, constant, inverseLinear, inverseSqrt, scaleAware } from '../../src/transport/schedules.js';

function randomInstance(seed: number, d: number, condition: number) {
  const rng = new Rng(seed);
  const S = randomSpd(rng, d, condition, 0.5);
  const m = rng.normals(d);
  const A = randomSpd(rng, d, 3, 0.8);
  const b = rng.normals(d);
  return { S, m, start: { family: 'gaussian', dim: d, A: Array.from(A), b: Array.from(b) } as GaussianPotential, rng };
}

function batchFor(p: GaussianPotential, target: FlowTarget, rng: Rng, n: number) {
  const x = rng.normals(n * p.dim);
  const { y } = gaussianFamily.map(p, x, n);
  return { n, x, y, scores: target(y, n).gradient };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
};

describe('Gaussian family log density gradient', () => {
  it('is -A^{-2}(y - b), matching central differences of logDensity', () => {
    // Central differences are exact on a quadratic; what is left is
    // round-off, about eps |log q| / h = 1e-16 * 10 / 1e-5 = 1e-10. Bound 1e-8.
    for (const seed of [1, 2, 3]) {
      const { start } = randomInstance(seed, 4, 100);
      const y = new Rng(seed + 10).normals(5 * 4);
      const gradient = gaussianFamily.logDensityGradient!(start, y, 5);
      const h = 1e-5;
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 4; j++) {
          const up = Float64Array.from(y.subarray(i * 4, i * 4 + 4));
          const down = Float64Array.from(up);
          up[j] = (up[j] as number) + h;
          down[j] = (down[j] as number) - h;
          const fd =
            ((gaussianFamily.logDensity(start, up, 1)[0] as number) -
              (gaussianFamily.logDensity(start, down, 1)[0] as number)) /
            (2 * h);
          expect(Math.abs((gradient[i * 4 + j] as number) - fd)).toBeLessThan(1e-8 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });
});

describe('Gaussian family steps', () => {
  it.each([1, 4, 9])('the sampled mirror and primal steps equal the exact ones (d = %i)', (d) => {
    const { S, m, start, rng } = randomInstance(d, d, 20);
    const target = gaussianTarget(m, S, d);
    const batch = batchFor(start, target, rng, 3 * d + 10);
    // Small enough to stay inside the trust region for every instance here.
    const eta = 0.05;
    const current = { A: Float64Array.from(start.A), b: Float64Array.from(start.b) };
    const mirror = gaussianFamily.step(start, batch, eta, 'mirror');
    const exactMirror = exactMirrorStep(current, { m, S }, eta, d);
    expect(maxAbsDiff(mirror.A, exactMirror.A)).toBeLessThan(1e-9);
    expect(maxAbsDiff(mirror.b, exactMirror.b)).toBeLessThan(1e-9);
    const primal = gaussianFamily.step(start, batch, eta, 'primal');
    const exactPrimal = exactPrimalStep(current, { m, S }, eta, d);
    expect(maxAbsDiff(primal.A, exactPrimal.A)).toBeLessThan(1e-9);
    expect(maxAbsDiff(primal.b, exactPrimal.b)).toBeLessThan(1e-9);
  });

  it('computes the Bregman divergence and density in closed form', () => {
    const d = 5;
    const a = randomInstance(1, d, 10).start;
    const b = randomInstance(2, d, 10).start;
    const asTheory = (p: GaussianPotential) => ({ A: Float64Array.from(p.A), b: Float64Array.from(p.b) });
    expect(gaussianFamily.bregman(a, b)).toBeCloseTo(bregmanDivergence(asTheory(a), asTheory(b), d), 10);
    expect(gaussianFamily.bregman(a, a)).toBeCloseTo(0, 12);
    // log q at b (the mean) is -d/2 log 2pi - log det A.
    const at = gaussianFamily.logDensity(a, Float64Array.from(a.b), 1)[0] as number;
    const identity = gaussianFamily.identity(d);
    expect(gaussianFamily.logDensity(identity, new Float64Array(d), 1)[0]).toBeCloseTo(
      -0.5 * d * Math.log(2 * Math.PI),
      12,
    );
    expect(at).toBeLessThan(0 + 10);
  });

  it('refuses steps that leave the trust region, so the flow halves them', () => {
    const d = 1;
    // q far too narrow for the target: a large mirror step would collapse P.
    const start: GaussianPotential = { family: 'gaussian', dim: 1, A: [0.1], b: [0] };
    const target = gaussianTarget(Float64Array.of(0), Float64Array.of(1), d);
    const batch = batchFor(start, target, new Rng(3), 10);
    expect(() => gaussianFamily.step(start, batch, 0.5, 'mirror')).toThrow(NumericalError);
    const config = { family: gaussianFamily, particles: 10, stepSize: 0.5 };
    const { info } = flowStep(config, initFlow(config, d, 1, start), target);
    expect(info.convexityHalvings).toBeGreaterThan(0);
    expect(info.eta).toBeLessThan(0.5);
  });
});

describe('the flow on Gaussian targets', () => {
  // Issue target: KL < 1e-3 within 200 steps for d up to 50 and condition
  // number up to 100, with the default schedule (adaptive, 0.5 lambda_min(A)).
  it.each([
    [10, 100],
    [50, 100],
  ])('reaches KL < 1e-3 within 200 steps (d = %i, condition number %i)', (d, condition) => {
    const { S, m } = randomInstance(100 + d, d, condition);
    const target = gaussianTarget(m, S, d);
    const config = { family: gaussianFamily, particles: Math.max(2 * d + 2, 100), stepSize: adaptive(scaleAware(0.5)) };
    let state = initFlow(config, d, 7);
    let steps = 0;
    let kl = Infinity;
    while (steps < 200) {
      state = flowStep(config, state, target).state;
      steps += 1;
      const p = state.potential;
      kl = quadraticPotentialKl(Float64Array.from(p.A), Float64Array.from(p.b), m, S, d);
      if (kl < 1e-3) break;
    }
    expect(kl).toBeLessThan(1e-3);
    expect(steps).toBeLessThanOrEqual(200);
  });

  it.each([
    ['constant', constant(0.3)],
    ['eta0 / sqrt(k + 1)', inverseSqrt(0.6)],
    ['eta0 / (k + 1)', inverseLinear(0.6)],
    ['scale-aware', scaleAware(0.5)],
  ])('decreases KL monotonically under the %s schedule on a Gaussian target', (_name, schedule) => {
    const d = 3;
    const { S, m } = randomInstance(5, d, 4);
    const target = gaussianTarget(m, S, d);
    const config = { family: gaussianFamily, particles: 20, stepSize: schedule };
    let state = initFlow(config, d, 2);
    const kl = (p: GaussianPotential) => quadraticPotentialKl(Float64Array.from(p.A), Float64Array.from(p.b), m, S, d);
    let previous = kl(state.potential);
    for (let k = 0; k < 30; k++) {
      state = flowStep(config, state, target).state;
      const now = kl(state.potential);
      // Exact mirror steps below the smallest target sd decrease KL (the
      // per-step identity with nu = pi); allow round-off.
      expect(now).toBeLessThanOrEqual(previous + 1e-12);
      previous = now;
    }
  });
});
