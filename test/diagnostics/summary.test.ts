import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { Draws } from '../../src/posterior/draws.js';
import { formatSummary, psis, quantile, summarizeDraws } from '../../src/diagnostics/index.js';

describe('summarizeDraws', () => {
  it('on i.i.d. normal draws, mean/sd/quantiles are within 5 Monte Carlo standard errors of the truth', () => {
    // Standard errors with n draws from N(mu, sigma^2): sigma / sqrt(n) for the
    // mean, sigma / sqrt(2 n) for the sd, and sqrt(p (1 - p) / n) / f(q_p) for the
    // p-quantile, with density f(q_p) = phi(z_p) / sigma.
    const n = 4000;
    const rng = new Rng(31);
    const mu = 1;
    const sigma = 2;
    const draws = new Draws({
      mu: Float64Array.from({ length: n }, () => mu + sigma * rng.normal()),
      'theta[1]': Float64Array.from({ length: n }, () => mu + sigma * rng.normal()),
    });
    const rows = summarizeDraws(draws);
    expect(rows.map((r) => r.name)).toEqual(['mu', 'theta[1]']);
    for (const row of rows) {
      expect(Math.abs(row.mean - mu)).toBeLessThan((5 * sigma) / Math.sqrt(n));
      expect(Math.abs(row.sd - sigma)).toBeLessThan((5 * sigma) / Math.sqrt(2 * n));
      expect(Object.keys(row.quantiles)).toEqual(['5%', '50%', '95%']);
      for (const p of [0.05, 0.5, 0.95]) {
        const z = jStat.normal.inv(p, 0, 1);
        const se = (Math.sqrt((p * (1 - p)) / n) * sigma) / jStat.normal.pdf(z, 0, 1);
        expect(Math.abs((row.quantiles[`${p * 100}%`] as number) - (mu + sigma * z))).toBeLessThan(5 * se);
      }
      expect(row.ess).toBe(n);
      expect(row.mcse).toBeCloseTo(row.sd / Math.sqrt(n), 14);
    }
  });

  it('quantiles match a hand computation (type 7) and custom probs get percentage keys', () => {
    const rows = summarizeDraws(new Draws({ x: Float64Array.from([3, 1, 4, 1, 5]) }), {
      probs: [0.025, 0.3, 0.5, 0.95],
    });
    const row = rows[0]!;
    expect(Object.keys(row.quantiles)).toEqual(['2.5%', '30%', '50%', '95%']);
    expect(row.quantiles['2.5%']).toBe(1);
    expect(row.quantiles['30%']).toBeCloseTo(1.4, 14);
    expect(row.quantiles['50%']).toBe(3);
    expect(row.quantiles['95%']).toBeCloseTo(4.8, 14);
    expect(row.mean).toBeCloseTo(2.8, 14);
    expect(row.sd).toBeCloseTo(Math.sqrt(12.8 / 4), 14); // squares about 2.8: 0.04 + 3.24 + 1.44 + 3.24 + 4.84
  });

  it('weighted summaries with all-equal weights equal the unweighted ones', () => {
    const rng = new Rng(32);
    const draws = new Draws({
      a: Float64Array.from({ length: 301 }, () => rng.normal()),
      b: Float64Array.from({ length: 301 }, () => rng.exponential()),
    });
    const plain = summarizeDraws(draws);
    const weighted = summarizeDraws(draws, { logWeights: new Float64Array(301).fill(-4.2) });
    plain.forEach((row, i) => {
      const w = weighted[i]!;
      expect(w.name).toBe(row.name);
      for (const key of ['mean', 'sd', 'mcse', 'ess'] as const) expect(w[key]).toBeCloseTo(row[key], 10);
      for (const [label, q] of Object.entries(row.quantiles)) expect(w.quantiles[label]).toBeCloseTo(q, 10);
    });
  });

  it('PSIS-weighted summary of N(0, 1.5^2) draws recovers the N(0, 1) target', () => {
    const n = 4000;
    const rng = new Rng(33);
    const x = Float64Array.from({ length: n }, () => 1.5 * rng.normal());
    const logRatios = x.map((v) => -0.5 * v * v + (0.5 * v * v) / 2.25);
    const r = psis(logRatios);
    const [row] = summarizeDraws(new Draws({ x }), { logWeights: r.logWeights });
    expect(row!.ess).toBeCloseTo(r.ess, 8);
    expect(row!.ess).toBeLessThan(n);
    expect(Math.abs(row!.mean)).toBeLessThan(5 * row!.mcse);
    expect(Math.abs(row!.sd - 1)).toBeLessThan(5 / Math.sqrt(2 * row!.ess));
    expect(Math.abs(row!.quantiles['95%']! - 1.6448536269514722)).toBeLessThan(0.15);
  });

  it('rejects bad input, naming the argument', () => {
    const draws = new Draws({ x: Float64Array.from([1, 2, 3]) });
    expect(() => summarizeDraws(new Draws({}))).toThrow(/summarizeDraws: draws holds no draws/);
    expect(() => summarizeDraws(draws, { logWeights: new Float64Array(2) })).toThrow(/logWeights has length 2/);
    expect(() => summarizeDraws(draws, { logWeights: [0, Number.NaN, 0] })).toThrow(/logWeights\[1\]/);
    expect(() => summarizeDraws(draws, { probs: [1.2] })).toThrow(/probs/);
    expect(() => summarizeDraws(new Draws({ y: Float64Array.from([1, Number.NaN]) }))).toThrow(/draws 'y'\[1\]/);
  });
});

describe('formatSummary', () => {
  const draws = new Draws({
    mu: Float64Array.from([0.1, 0.5, 1.2, 2.0, 1.7]),
    'theta[10]': Float64Array.from([-100.5, 20, 33, 12.25, 0]),
  });
  const rows = summarizeDraws(draws);

  it('has a header and one right-aligned line per row', () => {
    const text = formatSummary(rows);
    const lines = text.split('\n');
    expect(lines.length).toBe(1 + rows.length);
    expect(lines[0]!.trim().split(/\s+/)).toEqual(['name', 'mean', 'sd', '5%', '50%', '95%', 'mcse', 'ess']);
    expect(lines[1]!.startsWith('mu ')).toBe(true);
    expect(lines[2]!.startsWith('theta[10]')).toBe(true);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1); // padded to a common width
    expect(lines[1]!.trim().split(/\s+/)).toEqual(['mu', '1.1', '0.797', '0.18', '1.2', '1.94', '0.356', '5']);
    expect(lines[2]!.endsWith('  5')).toBe(true);
    expect(quantile(draws.get('mu'), 0.05)).toBeCloseTo(0.18, 14);
  });

  it('respects digits and validates it', () => {
    const text = formatSummary(rows, { digits: 5 });
    expect(text.split('\n')[1]!.trim().split(/\s+/)[2]).toBe(rows[0]!.sd.toPrecision(5));
    expect(() => formatSummary(rows, { digits: 0 })).toThrow(/digits/);
    expect(formatSummary([]).trim().split(/\s+/)).toEqual(['name', 'mean', 'sd', 'mcse', 'ess']);
  });
});
