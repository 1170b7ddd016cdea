/**
 * The twelve posteriordb reference posteriors written in the DSL, with the
 * shape of each posterior after the constraint transforms. The data and
 * reference draws stay in the posteriordb folder (see
 * {@link posteriordbDir}).
 *
 * @module
 */
import { BrenierError, type Model } from '../src/index.js';
import { ARK_POSTERIOR, arK } from './ark.js';
import { DIAMONDS_POSTERIOR, diamonds } from './diamonds.js';
import { EARNINGS_POSTERIOR, earnings } from './earnings.js';
import { EIGHT_SCHOOLS_POSTERIOR, eightSchools } from './eight-schools.js';
import { GARCH_POSTERIOR, garch11 } from './garch.js';
import { GP_POIS_REGR_POSTERIOR, gpPoisRegr } from './gp-pois-regr.js';
import { HMM_EXAMPLE_POSTERIOR, hmmExample } from './hmm-example.js';
import { KIDIQ_POSTERIOR, kidiq } from './kidiq.js';
import { LOTKA_VOLTERRA_POSTERIOR, lotkaVolterra } from './lotka-volterra.js';
import { LOW_DIM_GAUSS_MIX_POSTERIOR, lowDimGaussMix } from './low-dim-gauss-mix.js';
import { MESQUITE_POSTERIOR, mesquite } from './mesquite.js';
import { SBLRC_POSTERIOR, sblrc } from './sblrc.js';

/**
 * Whether a posterior is close to Gaussian on the unconstrained scale
 * (`'near-gaussian'`: regressions with Gaussian-like posteriors) or not
 * (`'non-gaussian'`: mixtures, latent processes, time-series recursions,
 * ODEs, hierarchical funnels), as the reference draws show.
 *
 * @example
 * ```ts
 * import { posteriordbModels, type PosteriorShape } from 'brenier/models';
 *
 * const count = (shape: PosteriorShape) => posteriordbModels.filter((e) => e.shape === shape).length;
 * console.log(count('near-gaussian'), count('non-gaussian')); // 6 6
 * ```
 */
export type PosteriorShape = 'near-gaussian' | 'non-gaussian';

/**
 * One posteriordb posterior and its model.
 *
 * @example
 * ```ts
 * import { posteriordbModels, type PosteriorDbEntry } from 'brenier/models';
 *
 * const hard: PosteriorDbEntry[] = posteriordbModels.filter((e) => e.shape === 'non-gaussian');
 * for (const { posterior, geometry } of hard) console.log(`${posterior}: ${geometry}`);
 * // eight_schools-eight_schools_noncentered: hierarchical (non-centred); tau heavy-tailed with mass near 0 ...
 * ```
 */
export interface PosteriorDbEntry {
  /** posteriordb name, `DATA-MODEL`: the folder under {@link posteriordbDir}. */
  readonly posterior: string;
  /** The model in the DSL; compile it with `loadPosteriorData(posterior)`. */
  readonly model: Model;
  /** Shape of the posterior on the unconstrained scale. */
  readonly shape: PosteriorShape;
  /** What makes the posterior easy or hard, in a few words. */
  readonly geometry: string;
}

/**
 * The twelve reference posteriors, easiest first: the six near-Gaussian
 * regressions, then the non-Gaussian ones.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { loadPosteriorData, posteriordbModels } from 'brenier/models';
 *
 * await initBackend();
 * for (const { posterior, model, shape } of posteriordbModels) {
 *   if (shape !== 'near-gaussian') continue;
 *   const fit = await fitPosterior(model, loadPosteriorData(posterior), { seed: 1 });
 *   console.log(posterior, fit.diagnostics.khat.toFixed(2)); // kidiq-kidscore_momiq 0.69, ...
 * }
 * ```
 */
export const posteriordbModels: readonly PosteriorDbEntry[] = [
  {
    posterior: KIDIQ_POSTERIOR,
    model: kidiq as unknown as Model,
    shape: 'near-gaussian',
    geometry: 'linear regression; intercept and slope correlated -0.99, scales 100x apart',
  },
  {
    posterior: EARNINGS_POSTERIOR,
    model: earnings as unknown as Model,
    shape: 'near-gaussian',
    geometry: 'log-linear regression; correlation -0.998, scales 70x apart',
  },
  {
    posterior: MESQUITE_POSTERIOR,
    model: mesquite as unknown as Model,
    shape: 'near-gaussian',
    geometry: 'log-log regression, 46 rows, flat priors (t-like tails)',
  },
  {
    posterior: SBLRC_POSTERIOR,
    model: sblrc as unknown as Model,
    shape: 'near-gaussian',
    geometry: 'regression with correlated coefficients (0.8), scales 80x apart',
  },
  {
    posterior: ARK_POSTERIOR,
    model: arK as unknown as Model,
    shape: 'near-gaussian',
    geometry: 'AR(5) time series; neighbouring lags correlated',
  },
  {
    posterior: DIAMONDS_POSTERIOR,
    model: diamonds as unknown as Model,
    shape: 'near-gaussian',
    geometry: '26 collinear regression coefficients, scales 200x apart',
  },
  {
    posterior: EIGHT_SCHOOLS_POSTERIOR,
    model: eightSchools as unknown as Model,
    shape: 'non-gaussian',
    geometry: 'hierarchical (non-centred); tau heavy-tailed with mass near 0',
  },
  {
    posterior: LOW_DIM_GAUSS_MIX_POSTERIOR,
    model: lowDimGaussMix as unknown as Model,
    shape: 'non-gaussian',
    geometry: 'two-component mixture with ordered means (unimodal after ordering)',
  },
  {
    posterior: HMM_EXAMPLE_POSTERIOR,
    model: hmmExample as unknown as Model,
    shape: 'non-gaussian',
    geometry: 'two-state HMM, forward algorithm; a transition probability near 0',
  },
  {
    posterior: GARCH_POSTERIOR,
    model: garch11 as unknown as Model,
    shape: 'non-gaussian',
    geometry: 'GARCH(1,1) recursion; parameter-dependent bound, skewed alpha0',
  },
  {
    posterior: GP_POIS_REGR_POSTERIOR,
    model: gpPoisRegr as unknown as Model,
    shape: 'non-gaussian',
    geometry: 'latent Gaussian process, Poisson counts; hyperparameters couple all latents',
  },
  {
    posterior: LOTKA_VOLTERRA_POSTERIOR,
    model: lotkaVolterra as unknown as Model,
    shape: 'non-gaussian',
    geometry: 'Lotka-Volterra ODE; curved dependence between rates',
  },
];

/**
 * The entry of a posterior, by its full posteriordb name or a unique prefix
 * (`'kidiq'`, `'garch'`).
 *
 * @throws `BrenierError` `'invalid-argument'` naming the known posteriors when none or several match.
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { loadPosteriorData, posteriordbModel } from 'brenier/models';
 *
 * await initBackend();
 * const { posterior, model, geometry } = posteriordbModel('garch'); // a unique prefix
 * console.log(posterior, geometry); // garch-garch11 GARCH(1,1) recursion; parameter-dependent bound, skewed alpha0
 * const fit = await fitPosterior(model, loadPosteriorData(posterior), { seed: 1 });
 * ```
 */
export function posteriordbModel(name: string): PosteriorDbEntry {
  const exact = posteriordbModels.find((e) => e.posterior === name);
  if (exact !== undefined) return exact;
  const matches = posteriordbModels.filter((e) => e.posterior.startsWith(name));
  if (matches.length !== 1) {
    throw new BrenierError(
      'invalid-argument',
      `posteriordb posterior '${name}' ${matches.length === 0 ? 'is unknown' : 'is ambiguous'}: expected one of ${posteriordbModels.map((e) => e.posterior).join(', ')}`,
    );
  }
  return matches[0] as PosteriorDbEntry;
}
