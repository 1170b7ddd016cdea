// The command line, run in-process through main(): fit and nuts write draws
// (CSV and JSON) and plots, summary and compare read them back, and bad
// input gives exit code 2 with a message naming the argument.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const MODEL = join(import.meta.dirname, 'fixtures', 'normal-mean.ts');
const dir = mkdtempSync(join(tmpdir(), 'brenier-cli-'));
const DATA = join(dir, 'data.json');
writeFileSync(DATA, JSON.stringify({ n: 5, y: [1.2, 0.4, 2.1, 1.7, 0.9] }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('brenier fit / summary / compare', () => {
  it('fits, writes CSV draws and plots, and reads them back', async () => {
    const csv = join(dir, 'fit.csv');
    const plots = join(dir, 'plots');
    const fit = await run([
      'fit',
      MODEL,
      '--data',
      DATA,
      '--draws',
      '500',
      '--seed',
      '3',
      '--out',
      csv,
      '--plots',
      plots,
    ]);
    expect(fit.code, fit.err).toBe(0);
    expect(fit.out).toMatch(/normal_mean: gaussian family/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('mu,sigma');
    expect(lines).toHaveLength(501);
    for (const f of ['elbo.svg', 'khat.svg', 'marginals.svg', 'pairs.svg'])
      expect(readFileSync(join(plots, f), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const summary = await run(['summary', csv]);
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(/^name\s+mean\s+sd/);
    expect(summary.out).toMatch(/\nmu\s/);
    const json = join(dir, 'fit.json');
    expect((await run(['fit', MODEL, '--data', DATA, '--draws', '400', '--seed', '4', '--out', json])).code).toBe(0);
    const comparison = await run(['compare', json, csv]);
    expect(comparison.code).toBe(0);
    expect(comparison.out).toMatch(/max \|mean error\| [0-9.]+/);
  });

  it('samples with NUTS and reports R-hat per chain summary', async () => {
    const out = join(dir, 'nuts.json');
    const nuts = await run([
      'nuts',
      MODEL,
      '--data',
      DATA,
      '--draws',
      '200',
      '--chains',
      '2',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    expect(nuts.code, nuts.err).toBe(0);
    expect(nuts.out).toMatch(/NUTS: 2 chains x 200 draws/);
    expect(nuts.out).toMatch(/rhat/);
    const draws = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number[]>;
    expect(draws['mu']).toHaveLength(400);
  });
});

describe('bad input', () => {
  it.each([
    [['fit', MODEL], /missing --data/],
    [['fit', MODEL, '--data', DATA, '--draws', '0'], /--draws must be an integer >= 1, received '0'/],
    [['fit', MODEL, '--data', DATA, '--family', 'flow'], /--family must be 'gaussian' or 'ridge'/],
    [['fit', MODEL, '--data', DATA, '--out', 'draws.txt'], /--out must end in .csv or .json/],
    [['fit', MODEL, '--data', DATA, '--bogus', '1'], /unknown option --bogus/],
    [['fit', join(dir, 'missing.ts'), '--data', DATA], /model file '.*missing.ts' not found/],
    [['fit', MODEL, '--data', join(dir, 'none.json')], /data file '.*none.json' cannot be read/],
    [['summary', join(dir, 'none.csv')], /draws file '.*none.csv' cannot be read/],
    [['compare', DATA], /expected two draws files/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j exits with 2 and says why', async (argv, message) => {
    const result = await run(argv as string[]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message as RegExp);
  });

  it('names the data field that fails validation', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ n: 2, y: [1, 'x'] }));
    const result = await run(['fit', MODEL, '--data', bad]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/data field 'y/);
  });

  it('rejects a draws file with a non-numeric entry, naming the column and row', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'mu,sigma\n1,2\n3,abc\n');
    const result = await run(['summary', bad]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/'sigma' row 2 is not a finite number/);
  });
});
