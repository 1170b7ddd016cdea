// Access to the posteriordb folder: the path comes from POSTERIORDB_DIR when
// set, and a missing folder or file fails with a message naming the file
// and the variable (never a silent skip).
import { afterEach, describe, expect, it } from 'vitest';
import {
  PosteriorDbMissingError,
  loadPosteriorData,
  loadPosteriorInfo,
  loadReferenceDraws,
  posteriordbDir,
  posteriordbModel,
  posteriordbModels,
} from '../../models/index.js';

const saved = process.env['POSTERIORDB_DIR'];
afterEach(() => {
  if (saved === undefined) delete process.env['POSTERIORDB_DIR'];
  else process.env['POSTERIORDB_DIR'] = saved;
});

describe('posteriordb access', () => {
  it('reads the folder named by POSTERIORDB_DIR', () => {
    process.env['POSTERIORDB_DIR'] = '/nonexistent/posteriordb';
    expect(posteriordbDir()).toBe('/nonexistent/posteriordb');
  });

  it('fails with a clear, typed error when the files are missing', () => {
    process.env['POSTERIORDB_DIR'] = '/nonexistent/posteriordb';
    for (const load of [loadPosteriorData, loadReferenceDraws, loadPosteriorInfo]) {
      let caught: unknown;
      try {
        load('kidiq-kidscore_momiq');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PosteriorDbMissingError);
      expect((caught as Error).message).toMatch(/not found under \/nonexistent\/posteriordb/);
      expect((caught as Error).message).toMatch(/POSTERIORDB_DIR/);
    }
  });

  it('lists twelve posteriors, each present in the manifest with its reference columns', () => {
    expect(posteriordbModels).toHaveLength(12);
    for (const { posterior } of posteriordbModels) {
      const info = loadPosteriorInfo(posterior);
      expect(info.parameters.length).toBeGreaterThan(0);
    }
  });

  it('finds a posterior by a unique prefix and rejects unknown or ambiguous names', () => {
    expect(posteriordbModel('garch').posterior).toBe('garch-garch11');
    expect(() => posteriordbModel('nope')).toThrow(/unknown: expected one of/);
    expect(() => posteriordbModel('e')).toThrow(/ambiguous/);
  });
});
