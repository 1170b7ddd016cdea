/**
 * The registry of potential families, by name (for saved posteriors).
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import { gaussianFamily } from './gaussian-family.js';
import type { PotentialFamily } from './potential.js';
import { ridgeFamily } from './ridge-family.js';

/**
 * Names of the built-in potential families: `'gaussian'` (quadratic
 * potentials, q Gaussian) and `'ridge'` (quadratic plus convex softplus
 * ridges on the dual side, for skewed or multimodal posteriors in up to
 * about 10 dimensions).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type FamilyName } from 'brenier';
 * import { mixture2 } from 'brenier/models';
 *
 * await initBackend();
 * const family: FamilyName = 'ridge';
 * const posterior = await fitPosterior(mixture2, {}, { family, seed: 1 }); // two modes, at x1 = -2 and 2
 * console.log(posterior.familyName, posterior.diagnostics.elbo.at(-1)); // 'ridge' ≈ -0.02 (-0.34 with 'gaussian')
 * ```
 */
export type FamilyName = 'gaussian' | 'ridge';

const FAMILIES: Record<FamilyName, PotentialFamily<unknown>> = {
  gaussian: gaussianFamily as PotentialFamily<unknown>,
  ridge: ridgeFamily as PotentialFamily<unknown>,
};

/**
 * The family registered under `name` (how `Posterior.fromJSON` finds
 * the family of a saved posterior).
 *
 * @example
 * ```ts
 * import { Rng, familyByName } from 'brenier';
 *
 * const family = familyByName('gaussian');
 * const q = family.identity(2); // q = N(0, I)
 * const { y } = family.map(q, new Rng(1).normals(4 * 2), 4); // 4 draws
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) for an unknown name.
 */
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
