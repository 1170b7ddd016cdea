import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';

describe('Rng', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = new Rng(42).normals(10);
    const b = new Rng(42).normals(10);
    const c = new Rng(43).normals(10);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('resumes exactly from its serialised state', () => {
    const rng = new Rng(5);
    rng.normals(7);
    const resumed = Rng.fromState(rng.getState());
    expect(Array.from(resumed.normals(5))).toEqual(Array.from(rng.normals(5)));
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) expect(() => new Rng(bad)).toThrow(/seed/);
  });

  // n = 100000 draws: the standard error of a mean of unit-variance draws is
  // 1/sqrt(n) ~ 0.0032; tolerances are 5 standard errors.
  const n = 100_000;
  it('draws uniforms on (0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(1);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Var of u^2 is 1/5 - 1/9 = 4/45.
    expect(Math.abs(sumSq / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
  });

  it('draws standard normals with the right first four moments', () => {
    const z = new Rng(2).normals(n);
    const m = (k: number) => z.reduce((acc, v) => acc + v ** k, 0) / n;
    expect(Math.abs(m(1))).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m(2) - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // Var z^2 = 2
    expect(Math.abs(m(4) - 3)).toBeLessThan(5 * Math.sqrt(96 / n)); // Var z^4 = 105 - 9
  });

  it('draws gammas with mean a and variance a, for a below and above 1', () => {
    for (const a of [0.3, 1, 4.5]) {
      const rng = new Rng(3);
      const xs = Array.from({ length: n }, () => rng.gamma(a));
      const mean = xs.reduce((s, v) => s + v, 0) / n;
      const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      expect(Math.abs(mean - a)).toBeLessThan(5 * Math.sqrt(a / n));
      // Var of (x - a)^2 for a gamma: 2a^2 (3 + a) ... use the kurtosis 6/a: Var = a^2 (2 + 6/a).
      expect(Math.abs(variance - a)).toBeLessThan(5 * Math.sqrt((a * a * (2 + 6 / a)) / n));
    }
  });

  it('splits into independent-looking streams', () => {
    const parent = new Rng(9);
    const x = parent.split().normals(n);
    const y = parent.split().normals(n);
    const corr = x.reduce((s, v, i) => s + v * (y[i] as number), 0) / n;
    expect(Math.abs(corr)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('draws integers uniformly in [0, n)', () => {
    const rng = new Rng(4);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < n; i++) counts[rng.integer(5)]! += 1;
    for (const c of counts) expect(Math.abs(c / n - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / n));
  });
});
