// NUTS: the kernel on float64 targets (invariance, leapfrog reversibility
// and volume preservation), Stan's warmup pieces, and sampleNuts through
// the DSL (a correlated Gaussian, the non-centred funnel), its options,
// cancellation and reproducibility. Monte Carlo tolerances are 5 MCSE with
// the MCSE from batch means of 20 batches (see mc-error.ts).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BrenierError, Rng, data, defineModel, normal, param, sampleNuts } from '../../src/index.js';
import {
  dualAveragingStepSize,
  dualAveragingUpdate,
  initDualAveraging,
  initWindowAdaptation,
  warmupSchedule,
  windowAdaptationFinal,
  windowAdaptationUpdate,
} from '../../src/mcmc/adaptation.js';
import {
  initNuts,
  leapfrog,
  metricOf,
  nutsStep,
  runWithTarget,
  type LogDensityAndGradientFn,
  type PhasePoint,
} from '../../src/mcmc/nuts.js';
import { batchMeans, mean } from './mc-error.js';
import { rhat } from '../../src/diagnostics/convergence.js';
import type { McmcResult } from '../../src/mcmc/sample-nuts.js';

/** Rank-normalised split R-hat below 1.01 for every named quantity (Vehtari et al. 2021). */
function expectConverged(fit: McmcResult, names: readonly string[]): void {
  for (const name of names) {
    const chains = Array.from({ length: fit.chains }, (_, c) => fit.chainDraws(c).get(name));
    expect(rhat(chains), `R-hat of ${name}`).toBeLessThan(1.01);
  }
}

/** Zero-mean Gaussian with precision matrix `p` (row-major d x d), in float64. */
function gaussianTarget(p: Float64Array, d: number): LogDensityAndGradientFn {
  return (x) => {
    const g = new Float64Array(d);
    let lp = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (p[i * d + j] as number) * (x[j] as number);
      g[i] = -s;
      lp -= 0.5 * (x[i] as number) * s;
    }
    return { logDensity: lp, gradient: g };
  };
}

/** Covariance Q diag(lambda) Q^T with a random rotation Q (Gram-Schmidt of Gaussian columns). */
function rotatedCovariance(rng: Rng, lambda: readonly number[]): { cov: Float64Array; precision: Float64Array } {
  const d = lambda.length;
  const q: Float64Array[] = [];
  for (let k = 0; k < d; k++) {
    const v = rng.normals(d);
    for (const u of q) {
      const dot = v.reduce((a, x, i) => a + x * (u[i] as number), 0);
      for (let i = 0; i < d; i++) v[i] = (v[i] as number) - dot * (u[i] as number);
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const cov = new Float64Array(d * d);
  const precision = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++) {
        const uu = (q[k]?.[i] as number) * (q[k]?.[j] as number);
        cov[i * d + j] = (cov[i * d + j] as number) + (lambda[k] as number) * uu;
        precision[i * d + j] = (precision[i * d + j] as number) + uu / (lambda[k] as number);
      }
  return { cov, precision };
}

/** Column k of row-major [n, d] draws. */
function column(x: Float64Array, d: number, k: number): Float64Array {
  const n = x.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i * d + k] as number;
  return out;
}

/** Expect the draws of f to have expectation `truth` within 5 batch-means MCSE. */
function expectWithinMcse(values: ArrayLike<number>, truth: number, label: string): void {
  const { mean: m, mcse } = batchMeans(values);
  expect(Math.abs(m - truth), `${label}: mean ${m.toFixed(4)}, truth ${truth}, MCSE ${mcse.toFixed(4)}`).toBeLessThan(
    5 * mcse,
  );
}

describe('NUTS kernel (float64 targets)', () => {
  it('leaves a 2-D standard normal invariant (small step, many transitions)', () => {
    const target = gaussianTarget(Float64Array.of(1, 0, 0, 1), 2);
    const rng = new Rng(11);
    let state = initNuts(Float64Array.of(0.5, -0.5), target);
    const n = 20000;
    const draws = new Float64Array(2 * n);
    let accept = 0;
    for (let i = 0; i < n; i++) {
      const { state: next, info } = nutsStep(
        rng,
        state,
        { stepSize: 0.1, inverseMetric: Float64Array.of(1, 1) },
        target,
      );
      state = next;
      draws.set(state.position, 2 * i);
      accept += info.acceptanceProbability / n;
      expect(info.divergent).toBe(false);
    }
    for (let k = 0; k < 2; k++) {
      const x = column(draws, 2, k);
      expectWithinMcse(x, 0, `mean x${k}`);
      expectWithinMcse(
        x.map((v) => v * v),
        1,
        `E x${k}^2`,
      );
    }
    // Energy error O(eps^2): nearly every step is accepted.
    expect(accept).toBeGreaterThan(0.99);
  });

  it('samples a correlated 2-D Gaussian with a dense metric', () => {
    const rho = 0.95;
    const cov = Float64Array.of(1, rho, rho, 1);
    const det = 1 - rho * rho;
    const target = gaussianTarget(Float64Array.of(1 / det, -rho / det, -rho / det, 1 / det), 2);
    const rng = new Rng(12);
    let state = initNuts(Float64Array.of(0, 0), target);
    const n = 10000;
    const xy = new Float64Array(n);
    const xx = new Float64Array(n);
    let steps = 0;
    for (let i = 0; i < n; i++) {
      const out = nutsStep(rng, state, { stepSize: 0.8, inverseMetric: cov }, target);
      state = out.state;
      steps += out.info.numSteps / n;
      xx[i] = (state.position[0] as number) ** 2;
      xy[i] = (state.position[0] as number) * (state.position[1] as number);
    }
    expectWithinMcse(xx, 1, 'E x^2');
    expectWithinMcse(xy, rho, 'E xy');
    // With the metric equal to the covariance the geometry is isotropic: short trajectories.
    expect(steps).toBeLessThan(8);
  });

  it('leapfrog is reversible and volume preserving (diagonal and dense metrics)', () => {
    // A non-quadratic target: log p(x) = -sum log cosh(x_i) - 0.5 (x_1 - x_2^2 / 4)^2.
    const target: LogDensityAndGradientFn = (x) => {
      const [a, b] = [x[0] as number, x[1] as number];
      const r = a - (b * b) / 4;
      return {
        logDensity: -Math.log(Math.cosh(a)) - Math.log(Math.cosh(b)) - 0.5 * r * r,
        gradient: Float64Array.of(-Math.tanh(a) - r, -Math.tanh(b) + (r * b) / 2),
      };
    };
    for (const inverseMetric of [Float64Array.of(0.7, 1.3), Float64Array.of(1.2, 0.4, 0.4, 0.9)]) {
      const metric = metricOf(inverseMetric, 2);
      const start = (q: Float64Array, p: Float64Array): PhasePoint => ({ q, p, ...target(q) });
      const flow = (z: PhasePoint, eps: number, steps: number): PhasePoint => {
        let point = z;
        for (let i = 0; i < steps; i++) point = runWithTarget(leapfrog(point, eps, metric), target);
        return point;
      };
      const z0 = start(Float64Array.of(0.3, -1.1), Float64Array.of(0.8, 0.5));
      const forward = flow(z0, 0.1, 50);
      const back = flow(start(forward.q, forward.p), -0.1, 50);
      for (let i = 0; i < 2; i++) {
        expect(Math.abs((back.q[i] as number) - (z0.q[i] as number))).toBeLessThan(1e-10);
        expect(Math.abs((back.p[i] as number) - (z0.p[i] as number))).toBeLessThan(1e-10);
      }
      // Jacobian of the map (q, p) -> (q', p') of 20 steps by central differences: determinant 1.
      const h = 1e-6;
      const base = [0.3, -1.1, 0.8, 0.5];
      const jac: number[][] = [];
      for (let k = 0; k < 4; k++) {
        const plus = base.slice();
        const minus = base.slice();
        plus[k] = (plus[k] as number) + h;
        minus[k] = (minus[k] as number) - h;
        const fp = flow(start(Float64Array.of(plus[0]!, plus[1]!), Float64Array.of(plus[2]!, plus[3]!)), 0.1, 20);
        const fm = flow(start(Float64Array.of(minus[0]!, minus[1]!), Float64Array.of(minus[2]!, minus[3]!)), 0.1, 20);
        const out = [...fp.q, ...fp.p].map((v, i) => (v - ([...fm.q, ...fm.p][i] as number)) / (2 * h));
        jac.push(out);
      }
      expect(Math.abs(determinant4(jac) - 1)).toBeLessThan(1e-6);
    }
  });

  it('marks a transition divergent when the energy error explodes, and never moves to a point outside the support', () => {
    // Half-line target: log p = -x for x > 0, -Infinity otherwise; a huge step leaves the support.
    const target: LogDensityAndGradientFn = (x) =>
      (x[0] as number) > 0
        ? { logDensity: -(x[0] as number), gradient: Float64Array.of(-1) }
        : { logDensity: -Infinity, gradient: Float64Array.of(0) };
    const rng = new Rng(3);
    let state = initNuts(Float64Array.of(0.5), target);
    let divergent = 0;
    for (let i = 0; i < 200; i++) {
      const out = nutsStep(rng, state, { stepSize: 5, inverseMetric: Float64Array.of(1) }, target);
      state = out.state;
      if (out.info.divergent) divergent += 1;
      expect(state.position[0]).toBeGreaterThan(0);
      expect(Number.isFinite(out.info.energy)).toBe(true);
    }
    expect(divergent).toBeGreaterThan(0);
  });

  it('stops at maxTreeDepth', () => {
    const target = gaussianTarget(Float64Array.of(1), 1);
    const rng = new Rng(4);
    const state = initNuts(Float64Array.of(0.1), target);
    const { info } = nutsStep(
      rng,
      state,
      { stepSize: 1e-4, inverseMetric: Float64Array.of(1), maxTreeDepth: 3 },
      target,
    );
    expect(info.treeDepth).toBe(3);
    expect(info.numSteps).toBe(7);
  });

  it('rejects bad tuning values, naming them', () => {
    const target = gaussianTarget(Float64Array.of(1, 0, 0, 1), 2);
    const state = initNuts(Float64Array.of(0, 0), target);
    const rng = new Rng(0);
    expect(() => nutsStep(rng, state, { stepSize: 0, inverseMetric: Float64Array.of(1, 1) }, target)).toThrow(
      /stepSize/,
    );
    expect(() => nutsStep(rng, state, { stepSize: 0.1, inverseMetric: Float64Array.of(1, 1, 1) }, target)).toThrow(
      /inverseMetric/,
    );
    expect(() =>
      nutsStep(rng, state, { stepSize: 0.1, inverseMetric: Float64Array.of(1, 1), maxTreeDepth: 0 }, target),
    ).toThrow(/maxTreeDepth/);
  });
});

/** Determinant of a 4 x 4 matrix by Laplace expansion. */
function determinant4(m: number[][]): number {
  const det3 = (a: number[][]): number =>
    a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!) -
    a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!) +
    a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  let det = 0;
  for (let j = 0; j < 4; j++) {
    const minor = m.slice(1).map((row) => row.filter((_, k) => k !== j));
    det += (j % 2 === 0 ? 1 : -1) * m[0]![j]! * det3(minor);
  }
  return det;
}

describe("Stan's warmup", () => {
  it('windows: 75 / 25, 50, 100, 200, 500 / 50 for 1000 iterations; 15% / 75% / 10% when they do not fit', () => {
    expect(warmupSchedule(1000).windowEnds).toEqual([99, 149, 249, 449, 949]);
    expect(warmupSchedule(500).windowEnds).toEqual([99, 149, 249, 449]);
    const small = warmupSchedule(100);
    expect(small.initBuffer).toBe(15);
    expect(small.termBuffer).toBe(10);
    expect(small.windowEnds).toEqual([89]);
    expect(warmupSchedule(10).windowEnds).toEqual([]);
  });

  it('dual averaging settles where the acceptance statistic meets the target', () => {
    // A monotone toy acceptance curve a(eps) = exp(-eps): the fixed point is eps = -log(0.8).
    let state = initDualAveraging(1);
    for (let i = 0; i < 2000; i++) state = dualAveragingUpdate(state, Math.exp(-Math.exp(state.logStepSize)));
    expect(Math.abs(dualAveragingStepSize(state) + Math.log(0.8))).toBeLessThan(0.01);
  });

  it('adapts the step size and a dense metric to a scaled, correlated Gaussian', () => {
    const d = 3;
    const { cov, precision } = rotatedCovariance(new Rng(5), [0.25, 1, 16]);
    const target = gaussianTarget(precision, d);
    const rng = new Rng(6);
    let state = initNuts(new Float64Array(d), target);
    const config = { numWarmup: 1000, metric: 'dense' as const };
    let adaptation = initWindowAdaptation(rng, state, target, config);
    for (let i = 0; i < 1000; i++) {
      const out = nutsStep(
        rng,
        state,
        { stepSize: adaptation.stepSize, inverseMetric: adaptation.inverseMetric },
        target,
      );
      state = out.state;
      adaptation = windowAdaptationUpdate(rng, adaptation, state, out.info.acceptanceProbability, target, config);
    }
    const { stepSize, inverseMetric } = windowAdaptationFinal(adaptation);
    // The last window holds 500 draws: each covariance entry within 25% of the largest variance.
    for (let k = 0; k < d * d; k++) expect(Math.abs((inverseMetric[k] as number) - (cov[k] as number))).toBeLessThan(4);
    for (let i = 0; i < d; i++) {
      const rel = (inverseMetric[i * d + i] as number) / (cov[i * d + i] as number);
      expect(rel).toBeGreaterThan(0.7);
      expect(rel).toBeLessThan(1.4);
    }
    // Isotropic after preconditioning: Stan's step size in d = 3 is ~0.7-1.
    expect(stepSize).toBeGreaterThan(0.4);
    expect(stepSize).toBeLessThan(1.5);
  });
});

/** A K-dimensional Gaussian N(m, Sigma) in the DSL, given its precision matrix. */
const gaussianModel = defineModel({
  name: 'gaussian',
  data: { K: data.int({ lower: 1 }), m: data.vector('K'), P: data.matrix('K', 'K') },
  params: { x: param.real('K') },
  logDensity: ({ x }, { m, P }) => {
    const r = tf.sub(x, m);
    return tf.mul(-0.5, tf.sum(tf.mul(tf.matMul(r, P), r), 1));
  },
});

/** Non-centred funnel: v ~ N(0, 3), z_i ~ N(0, 1), reported x_i = exp(v / 2) z_i. */
const nonCentredFunnel = defineModel({
  name: 'funnel_noncentred',
  params: { v: param.real(), z: param.real(9) },
  transformed: ({ v, z }) => ({ x: tf.mul(tf.exp(tf.mul(0.5, v)), z) }),
  logDensity: ({ v, z }) => ({ v: normal(0, 3).logProb(v), z: normal(0, 1).logProb(z) }),
});

const tinyModel = defineModel({
  name: 'tiny',
  params: { mu: param.real(), sigma: param.positive() },
  logDensity: ({ mu, sigma }) => [normal(1, 2).logProb(mu), normal(0, 1).logProb(tf.log(sigma)), tf.log(sigma)],
});

describe('sampleNuts', () => {
  it('recovers a 10-D correlated Gaussian with condition number 100 (dense metric)', async () => {
    const d = 10;
    const rng = new Rng(21);
    const lambda = Array.from({ length: d }, (_, i) => Math.pow(100, i / (d - 1)));
    const { cov, precision } = rotatedCovariance(rng, lambda);
    const m = Array.from({ length: d }, (_, i) => i - 4.5);
    const P = Array.from({ length: d }, (_, i) => Array.from(precision.subarray(i * d, (i + 1) * d)));
    const fit = await sampleNuts(
      gaussianModel,
      { K: d, m, P },
      { chains: 4, warmup: 500, draws: 500, seed: 7, metric: 'dense' },
    );
    expect(fit.diagnostics.divergences).toBe(0);
    for (let i = 0; i < d; i++) {
      const x = fit.draws.get(`x[${i + 1}]`);
      expectWithinMcse(x, m[i] as number, `mean x[${i + 1}]`);
      expectWithinMcse(
        x.map((v) => (v - (m[i] as number)) ** 2),
        cov[i * d + i] as number,
        `variance x[${i + 1}]`,
      );
    }
    expectConverged(
      fit,
      Array.from({ length: d }, (_, i) => `x[${i + 1}]`),
    );
    // The adapted dense metric makes the target isotropic: short trajectories.
    const steps = mean(fit.diagnostics.chains.flatMap((c) => Array.from(c.numSteps)));
    expect(steps).toBeLessThan(16);
  });

  it('recovers the non-centred funnel: v has mean 0 and sd 3; x = exp(v / 2) z is reported', async () => {
    const fit = await sampleNuts(nonCentredFunnel, {}, { chains: 4, warmup: 300, draws: 500, seed: 8 });
    expect(fit.diagnostics.divergences).toBe(0);
    const v = fit.draws.get('v');
    expectWithinMcse(v, 0, 'mean v');
    expectWithinMcse(
      v.map((x) => x * x),
      9,
      'E v^2',
    );
    expectConverged(fit, ['v', 'z[1]', 'x[1]']);
    const z1 = fit.draws.get('z[1]');
    const x1 = fit.draws.get('x[1]');
    for (let i = 0; i < 50; i++) {
      const expected = Math.exp((v[i] as number) / 2) * (z1[i] as number);
      expect(Math.abs((x1[i] as number) - expected)).toBeLessThan(1e-5 * (1 + Math.abs(expected)));
    }
  });

  it('returns draws, per-chain draws, unconstrained draws and diagnostics of the right shapes', async () => {
    const compiled = tinyModel.compile({});
    const fit = await sampleNuts(compiled, {}, { chains: 3, warmup: 40, draws: 30, seed: 1 });
    expect(fit.chains).toBe(3);
    expect(fit.drawsPerChain).toBe(30);
    expect(fit.draws.count).toBe(90);
    expect(fit.draws.names).toEqual(['mu', 'sigma']);
    expect(fit.unconstrained).toHaveLength(3);
    expect(fit.unconstrained[0]).toHaveLength(60);
    expect(Array.from(fit.chainDraws(1).get('sigma'))).toEqual(Array.from(fit.draws.get('sigma').slice(30, 60)));
    // Unconstrained log(sigma) maps to sigma.
    expect(Math.exp(fit.unconstrained[2]?.[1] as number)).toBeCloseTo(fit.chainDraws(2).get('sigma')[0] as number, 5);
    expect(fit.toObject()['mu']).toHaveLength(90);
    expect(() => fit.chainDraws(3)).toThrow(/chain/);
    let leapfrogs = 0;
    for (const c of fit.diagnostics.chains) {
      expect(c.treeDepth).toHaveLength(30);
      expect(c.energy).toHaveLength(30);
      expect(c.stepSize).toBeGreaterThan(0);
      expect(c.inverseMetric).toHaveLength(2);
      leapfrogs += c.numSteps.reduce((a, b) => a + b, 0);
    }
    // Warmup, step-size searches and initialisation cost gradients too.
    expect(fit.diagnostics.gradientEvaluations).toBeGreaterThan(leapfrogs);
    expect(fit.diagnostics.wallSeconds).toBeGreaterThan(0);
    expect(fit.diagnostics.settings).toMatchObject({
      chains: 3,
      warmup: 40,
      draws: 30,
      metric: 'diag',
      adaptDelta: 0.8,
    });
  });

  it('reproduces draws exactly from a seed; a chain does not depend on the others', async () => {
    const options = { chains: 2, warmup: 60, draws: 40, seed: 5 };
    const a = await sampleNuts(tinyModel, {}, options);
    const b = await sampleNuts(tinyModel, {}, options);
    expect(Array.from(b.draws.get('mu'))).toEqual(Array.from(a.draws.get('mu')));
    expect(Array.from(b.unconstrained[1] as Float64Array)).toEqual(Array.from(a.unconstrained[1] as Float64Array));
    const c = await sampleNuts(tinyModel, {}, { ...options, seed: 6 });
    expect(Array.from(c.draws.get('mu'))).not.toEqual(Array.from(a.draws.get('mu')));
    // Chain 0 alone gives the same draws as chain 0 run beside chain 1 (evaluations batched across chains).
    const alone = await sampleNuts(tinyModel, {}, { ...options, chains: 1 });
    expect(Array.from(alone.unconstrained[0] as Float64Array)).toEqual(Array.from(a.unconstrained[0] as Float64Array));
  });

  it('starts from given unconstrained points', async () => {
    const fit = await sampleNuts(
      tinyModel,
      {},
      { chains: 2, warmup: 0, draws: 5, init: [Float64Array.of(1, 0), [2, 0.5]] },
    );
    expect(fit.draws.count).toBe(10);
  });

  it('validates options eagerly, naming the option', async () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ chains: 0 }, /chains/],
      [{ chains: 1.5 }, /chains/],
      [{ warmup: -1 }, /warmup/],
      [{ draws: 0 }, /draws/],
      [{ seed: -3 }, /seed/],
      [{ adaptDelta: 1 }, /adaptDelta/],
      [{ adaptDelta: 0 }, /adaptDelta/],
      [{ maxTreeDepth: 0 }, /maxTreeDepth/],
      [{ metric: 'full' }, /metric/],
      [{ initRadius: 0 }, /initRadius/],
      [{ init: [[0, 0, 0]], chains: 1 }, /init\[0\]/],
      [{ init: [[0, 0]], chains: 2 }, /init/],
      [{ init: [[0, Number.NaN]], chains: 1 }, /init\[0\]\[1\]/],
    ];
    for (const [options, pattern] of bad) {
      await expect(sampleNuts(tinyModel, {}, options as never), JSON.stringify(options)).rejects.toThrow(pattern);
      await expect(sampleNuts(tinyModel, {}, options as never)).rejects.toBeInstanceOf(BrenierError);
    }
  });

  it('aborts through an AbortSignal, with progress reported on the way', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = sampleNuts(
      tinyModel,
      {},
      {
        chains: 2,
        warmup: 1000,
        draws: 1000,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.step);
          if (p.step === 20) controller.abort(new Error('stop here'));
        },
      },
    );
    await expect(run).rejects.toThrow('stop here');
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBeLessThanOrEqual(21);
    const aborted = AbortSignal.abort(new Error('already'));
    await expect(sampleNuts(tinyModel, {}, { signal: aborted })).rejects.toThrow('already');
  });
});
