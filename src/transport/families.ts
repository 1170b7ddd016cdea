/**
 * The registry of potential families, by name (for saved posteriors).
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import { gaussianFamily } from './gaussian-family.js';
import type { PotentialFamily } from './potential.js';
import { ridgeFamily } from './ridge-family.js';

/** Names of the built-in potential families. */
export type FamilyName = 'gaussian' | 'ridge';

const FAMILIES: Record<FamilyName, PotentialFamily<unknown>> = {
  gaussian: gaussianFamily as PotentialFamily<unknown>,
  ridge: ridgeFamily as PotentialFamily<unknown>,
};

/** The family registered under `name`. */
export function familyByName(name: string): PotentialFamily<unknown> {
  const family = FAMILIES[name as FamilyName];
  if (family === undefined) {
    throw new BrenierError(
      'invalid-argument',
      `unknown potential family '${name}' (expected one of ${Object.keys(FAMILIES).join(', ')})`,
    );
  }
  return family;
}
