/**
 * Access to the posteriordb reference posteriors (data, reference draws),
 * which live outside this repository. The folder defaults to
 * `../shared/posteriordb` beside the package root and can be set with the
 * environment variable `POSTERIORDB_DIR`.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrenierError } from '../src/core/errors.js';

/**
 * Thrown when the posteriordb folder or one of its files is missing (code
 * `'posteriordb-missing'`); its message says which file was looked for, and where.
 *
 * @example
 * ```ts
 * import { PosteriorDbMissingError, loadPosteriorData } from 'brenier/models';
 *
 * try {
 *   loadPosteriorData('no_such-posterior');
 * } catch (error) {
 *   if (!(error instanceof PosteriorDbMissingError)) throw error;
 *   console.log(error.code); // 'posteriordb-missing'
 * }
 * ```
 */
export class PosteriorDbMissingError extends BrenierError {
  constructor(message: string) {
    super('posteriordb-missing', message);
  }
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new PosteriorDbMissingError('could not locate the package root (no package.json above the models folder)');
    dir = parent;
  }
  return dir;
}

/**
 * The posteriordb folder: `$POSTERIORDB_DIR`, or `../shared/posteriordb` beside the package root.
 *
 * @example
 * ```ts
 * import { existsSync } from 'node:fs';
 * import { join } from 'node:path';
 * import { posteriordbDir } from 'brenier/models';
 *
 * // Run with POSTERIORDB_DIR=/path/to/posteriordb to use another copy.
 * const available = existsSync(join(posteriordbDir(), 'manifest.json'));
 * console.log(posteriordbDir(), available); // the folder, and whether its manifest is there
 * ```
 */
export function posteriordbDir(): string {
  const env = process.env['POSTERIORDB_DIR'];
  return env !== undefined && env !== '' ? resolve(env) : resolve(packageRoot(), '..', 'shared', 'posteriordb');
}

function readJson(posterior: string, file: string): unknown {
  const dir = posteriordbDir();
  const path = join(dir, posterior, file);
  if (!existsSync(path)) {
    throw new PosteriorDbMissingError(
      `posteriordb file '${posterior}/${file}' not found under ${dir}: set POSTERIORDB_DIR to the folder holding the reference posteriors`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/**
 * The data of a posterior (its `data.json`), e.g.
 * `loadPosteriorData('eight_schools-eight_schools_noncentered')`, ready to
 * compile the matching model with.
 *
 * @param posterior - posteriordb name, `DATA-MODEL`.
 * @throws {@link PosteriorDbMissingError} when the folder or the file is missing.
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend } from 'brenier';
 * import { EIGHT_SCHOOLS_POSTERIOR, eightSchools, loadPosteriorData } from 'brenier/models';
 *
 * await initBackend();
 * const data = loadPosteriorData(EIGHT_SCHOOLS_POSTERIOR); // { J: 8, y: [28, 8, ...], sigma: [15, 10, ...] }
 * const posterior = await fitPosterior(eightSchools, data, { seed: 1 });
 * ```
 */
export function loadPosteriorData(posterior: string): Record<string, unknown> {
  return readJson(posterior, 'data.json') as Record<string, unknown>;
}

/**
 * Reference draws of a posterior (its `reference.json`, Stan's NUTS draws),
 * all chains concatenated, keyed by Stan-style name (`'theta[1]'`, `'mu'`).
 *
 * @param posterior - posteriordb name, `DATA-MODEL`.
 * @throws {@link PosteriorDbMissingError} when the folder or the file is missing.
 *
 * @example
 * ```ts
 * import { compare, fitPosterior, initBackend } from 'brenier';
 * import { EIGHT_SCHOOLS_POSTERIOR, eightSchools, loadPosteriorData, loadReferenceDraws } from 'brenier/models';
 *
 * await initBackend();
 * const reference = loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR); // 10000 draws of theta[1..8], mu, tau
 * const posterior = await fitPosterior(eightSchools, loadPosteriorData(EIGHT_SCHOOLS_POSTERIOR), { seed: 1 });
 * const { summary } = compare(posterior.sample(4000, { seed: 2 }), reference); // on the shared names
 * console.log(summary.maxAbsMeanError, summary.sdRatioRange); // ≈ 0.16 [0.96, 1.13]
 * ```
 */
export function loadReferenceDraws(posterior: string): Record<string, number[]> {
  const chains = readJson(posterior, 'reference.json') as Record<string, number[]>[];
  const out: Record<string, number[]> = {};
  for (const chain of chains) for (const [name, draws] of Object.entries(chain)) (out[name] ??= []).push(...draws);
  return out;
}

/**
 * What posteriordb records about a posterior's reference run (from `manifest.json`).
 *
 * @example
 * ```ts
 * import { loadPosteriorInfo, type PosteriorInfo } from 'brenier/models';
 *
 * const info: PosteriorInfo = loadPosteriorInfo('diamonds-diamonds');
 * const { chains, draws_per_chain, control } = info.reference;
 * console.log(info.dimension, chains * draws_per_chain, control['adapt_delta']); // 26 10000 0.99
 * ```
 */
export interface PosteriorInfo {
  /** posteriordb name, `DATA-MODEL`. */
  readonly name: string;
  /** Number of free (unconstrained) parameters. */
  readonly dimension: number;
  /** Column names of `reference.json`. */
  readonly parameters: readonly string[];
  /** How the reference draws were made. */
  readonly reference: {
    /** Number of chains. */
    readonly chains: number;
    /** Draws per chain. */
    readonly draws_per_chain: number;
    /** Stan's sampler controls (e.g. `adapt_delta`, `max_treedepth`). */
    readonly control: Readonly<Record<string, number>>;
  };
}

/**
 * The manifest entry of a posterior: dimension, reference columns, and the reference run's sampler controls.
 *
 * @param posterior - posteriordb name, `DATA-MODEL`.
 * @throws {@link PosteriorDbMissingError} when the manifest is missing or does not list `posterior`.
 *
 * @example
 * ```ts
 * import { loadPosteriorInfo, posteriordbModels } from 'brenier/models';
 *
 * for (const { posterior } of posteriordbModels) {
 *   const { dimension, reference } = loadPosteriorInfo(posterior);
 *   console.log(posterior, dimension, reference.control['adapt_delta']);
 * }
 * // kidiq-kidscore_momiq 3 0.8, ..., eight_schools-eight_schools_noncentered 10 0.95, ...
 * ```
 */
export function loadPosteriorInfo(posterior: string): PosteriorInfo {
  const dir = posteriordbDir();
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new PosteriorDbMissingError(
      `posteriordb manifest not found under ${dir}: set POSTERIORDB_DIR to the folder holding the reference posteriors`,
    );
  }
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as PosteriorInfo[];
  const entry = manifest.find((e) => e.name === posterior);
  if (entry === undefined) throw new PosteriorDbMissingError(`posterior '${posterior}' is not in ${path}`);
  return entry;
}
