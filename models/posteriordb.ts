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

/** What posteriordb records about a posterior's reference run (from `manifest.json`). */
export interface PosteriorInfo {
  /** posteriordb name, `DATA-MODEL`. */
  readonly name: string;
  /** Number of free (unconstrained) parameters. */
  readonly dimension: number;
  /** Column names of `reference.json`. */
  readonly parameters: readonly string[];
  /** How the reference draws were made. */
  readonly reference: {
    /** Chains and draws per chain kept. */
    readonly chains: number;
    /** Draws per chain. */
    readonly draws_per_chain: number;
    /** Stan's sampler controls (e.g. `adapt_delta`, `max_treedepth`). */
    readonly control: Readonly<Record<string, number>>;
  };
}

/** The manifest entry of a posterior: dimension, reference columns, and the reference run's sampler controls. */
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
