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

/** Thrown when the posteriordb folder or one of its files is missing. */
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

/** The posteriordb folder: `$POSTERIORDB_DIR`, or `../shared/posteriordb` beside the package root. */
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

/** The data of a posterior, e.g. `loadPosteriorData('eight_schools-eight_schools_noncentered')`. */
export function loadPosteriorData(posterior: string): Record<string, unknown> {
  return readJson(posterior, 'data.json') as Record<string, unknown>;
}

/** Reference draws of a posterior, all chains concatenated, keyed by Stan-style name. */
export function loadReferenceDraws(posterior: string): Record<string, number[]> {
  const chains = readJson(posterior, 'reference.json') as Record<string, number[]>[];
  const out: Record<string, number[]> = {};
  for (const chain of chains) for (const [name, draws] of Object.entries(chain)) (out[name] ??= []).push(...draws);
  return out;
}
