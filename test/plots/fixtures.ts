// Tiny models for the plot tests: a correlated 2-D Gaussian (real
// parameters, so the unconstrained space is the parameter space) and a 3-D
// one with a positive parameter.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { BrenierError, defineModel, normal, param } from '../../src/index.js';

/** a ~ N(1, 1), b | a ~ N(a / 2, 0.5). */
export const gaussian2 = defineModel({
  name: 'gaussian2',
  params: { a: param.real(), b: param.real() },
  logDensity: ({ a, b }) => [normal(1, 1).logProb(a), normal(tf.mul(0.5, a), 0.5).logProb(b)],
});

/** mu ~ N(0, 1), log sigma ~ N(0, 0.5) (a positive sigma), c | mu ~ N(mu, 0.3). */
export const gaussian3 = defineModel({
  name: 'gaussian3',
  params: { mu: param.real(), sigma: param.positive(), c: param.real() },
  logDensity: ({ mu, sigma, c }) => [
    normal(0, 1).logProb(mu),
    normal(0, 0.5).logProb(tf.log(sigma)),
    normal(mu, 0.3).logProb(c),
  ],
});

/** Expect `f` to throw the toolkit's `'invalid-argument'` error with a message matching `pattern`. */
export const expectInvalid = (f: () => unknown, pattern: RegExp): void => {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BrenierError);
  expect((error as BrenierError).code).toBe('invalid-argument');
  expect((error as BrenierError).message).toMatch(pattern);
};
