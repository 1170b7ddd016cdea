// Shared utilities of the distribution tests: the fixed seed, the
// fast-check settings, the finite-difference step, tensor read-back and the
// argument-error check.
import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { DistributionArgumentError } from '../../src/core/errors.js';

/** Seed of the property-based checks and seeded samplers of these tests. */
export const SEED = 20261128;

/** fast-check settings of the discrete and multivariate log-density checks. */
export const FC = { seed: SEED, numRuns: 40 };

/** Step of the float64 central differences the scores are checked against (truncation error ~1e-9). */
export const H = 1e-6;

/** The first entry of a tensor as a number; disposes the tensor. */
export function scalarOf(t: tf.Tensor): number {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
}

/** Expect `make` to throw a {@link DistributionArgumentError} naming `distribution` and `argument`. */
export function expectArgumentError(make: () => unknown, distribution: string, argument: string): void {
  let caught: unknown;
  try {
    make();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DistributionArgumentError);
  expect((caught as DistributionArgumentError).distribution).toBe(distribution);
  expect((caught as DistributionArgumentError).argument).toBe(argument);
}
