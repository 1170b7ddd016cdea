// The natural-gradient warm start: exact in one full step on Gaussian
// targets whatever their conditioning (the regression estimator makes the
// sampled step exact there), undoes a step whose ELBO falls, and makes
// fitPosterior's step count independent of the condition number.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { defineModel, fitPosterior, normal, param } from '../../src/index.js';
import { Rng } from '../../src/core/rng.js';
import { NumericalError } from '../../src/core/errors.js';
import { randomSpd } from '../../src/theory/gaussian.js';
import { matmul } from '../../src/math/linalg.js';
import { initWarmStart, warmStartStep } from '../../src/transport/warm-start.js';
import { gaussianFamily } from '../../src/transport/gaussian-family.js';
import type { FlowTarget } from '../../src/transport/flow.js';
import { gaussianTarget } from '../support/gaussian-target.js';

describe('warm start', () => {
  it('lands on a Gaussian target in one full step, condition number 1e4', () => {
    for (const [seed, d] of [
      [1, 3],
      [2, 10],
      [3, 25],
    ] as const) {
      const rng = new Rng(seed);
      const S = randomSpd(rng, d, 1e4, 0.5);
      const m = rng.normals(d).map((v) => 10 * v);
      const state = initWarmStart(d, seed);
      const { state: next, info } = warmStartStep(state, gaussianTarget(m, S, d), 2 * d + 2);
      expect(info.accepted).toBe(true);
      const A = Float64Array.from(next.potential.A);
      const covariance = matmul(A, A, d);
      for (let i = 0; i < d * d; i++)
        expect(Math.abs((covariance[i] as number) - (S[i] as number))).toBeLessThan(
          1e-8 * (1 + Math.abs(S[i] as number)),
        );
      for (let i = 0; i < d; i++)
        expect(Math.abs((next.potential.b[i] as number) - (m[i] as number))).toBeLessThan(1e-8);
    }
  });

  it('undoes a step whose ELBO falls by more than two standard errors, and halves the damping', () => {
    const d = 2;
    const target = gaussianTarget(Float64Array.of(0, 0), Float64Array.of(1, 0, 0, 1), d);
    // A state whose previous Gaussian (the optimum) had a far higher ELBO than the current one.
    const optimum = gaussianFamily.identity(d);
    const state = {
      ...initWarmStart(d, 1, { ...optimum, b: [5, 5] }),
      damping: 0.5,
      previous: { potential: optimum, elbo: 0, elboSe: 0.01 },
    };
    const { state: next, info } = warmStartStep(state, target, 20);
    expect(info.accepted).toBe(false);
    expect(next.potential).toEqual(optimum);
    expect(next.damping).toBe(0.25);
  });

  it('undoes a step whose evaluation is non-finite; other errors propagate', () => {
    const d = 1;
    const optimum = gaussianFamily.identity(d);
    const state = {
      ...initWarmStart(d, 1, { ...optimum, b: [50] }),
      previous: { potential: optimum, elbo: 0, elboSe: 0.01 },
    };
    const numerical: FlowTarget = () => {
      throw new NumericalError('non-finite-gradient', 'score is Infinity');
    };
    const { state: next, info } = warmStartStep(state, numerical, 10);
    expect(info.accepted).toBe(false);
    expect(next.potential).toEqual(optimum);
    const other: FlowTarget = () => {
      throw new TypeError('a bug in the model');
    };
    expect(() => warmStartStep(state, other, 10)).toThrow(TypeError);
    // Without a previous Gaussian there is nothing to return to: the error propagates.
    expect(() => warmStartStep(initWarmStart(d, 1), numerical, 10)).toThrow(NumericalError);
  });
});

describe('fitPosterior with the warm start', () => {
  it('fits a Gaussian posterior with sds 1e4 apart, far from the origin, in few steps', async () => {
    // Independent N(m_i, s_i^2), s = (0.01, 1, 100), m = (5, -300, 2000): the
    // flow alone would need thousands of steps (rates 1 - eta / s_i). The
    // Gaussian family is exact here and q's moments are known in closed form,
    // so the reported Gaussian must match to float32 round-off of the scores.
    const scales = [0.01, 1, 100];
    const means = [5, -300, 2000];
    const model = defineModel({
      params: { x: param.real(3) },
      logDensity: ({ x }) => normal(tf.tensor1d(means), tf.tensor1d(scales)).logProb(x),
    });
    const posterior = await fitPosterior(model, {}, { seed: 1 });
    const d = posterior.diagnostics;
    expect(d.stopReason).toBe('converged');
    expect(d.iterations).toBeLessThan(100);
    const potential = posterior.toJSON().components[0]?.potential as { A: number[]; b: number[] };
    for (let i = 0; i < 3; i++) {
      const sd = scales[i] as number;
      expect(Math.abs((potential.b[i] as number) - (means[i] as number)) / sd).toBeLessThan(1e-2);
      expect(Math.abs((potential.A[i * 3 + i] as number) / sd - 1)).toBeLessThan(1e-2);
    }
    posterior.dispose();
  });
});
