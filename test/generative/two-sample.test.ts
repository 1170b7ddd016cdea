// Energy two-sample permutation test.
//
// Level: under H0 the permutation p-value is (super-)uniform, so over 20
// independent data sets at alpha = 0.05 the number of rejections is at most
// Binomial(20, 0.05): P(X >= 5) = 0.0026, so at most 4 rejections are
// allowed.
// Power: a shift of 0.5 sd with 400 points per sample gives an energy
// statistic of about E|X - Y| - E|X - X'| ~ 0.05 (2-D, standardised; Rice
// mean), while the permutation statistics have mean ~0.005 and sd ~0.0025,
// so the observed one lies ~15 sd above them and the p-value is the smallest
// possible, 1 / (1 + P).
import { describe, expect, it } from 'vitest';
import { BrenierError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { energyTwoSampleTest } from '../../src/generative/two-sample.js';

function normals(rng: Rng, n: number, d: number, shift = 0, scale = 1): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) out[i] = scale * rng.normal() + (i % d === 0 ? shift : 0);
  return out;
}

/** The energy statistic by its definition, over all ordered pairs (V-statistic). */
function bruteForce(a: Float64Array, na: number, b: Float64Array, nb: number, d: number): number {
  const dist = (x: Float64Array, i: number, y: Float64Array, j: number): number => {
    let s = 0;
    for (let r = 0; r < d; r++) s += ((x[i * d + r] as number) - (y[j * d + r] as number)) ** 2;
    return Math.sqrt(s);
  };
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) ab += dist(a, i, b, j);
  for (let i = 0; i < na; i++) for (let j = 0; j < na; j++) aa += dist(a, i, a, j);
  for (let i = 0; i < nb; i++) for (let j = 0; j < nb; j++) bb += dist(b, i, b, j);
  return ab / (na * nb) - (aa / (na * na) + bb / (nb * nb)) / 2;
}

describe('energyTwoSampleTest', () => {
  it('computes the energy statistic of its definition', () => {
    const rng = new Rng(1);
    const a = normals(rng, 30, 3);
    const b = normals(rng, 20, 3, 0.4, 1.3);
    const raw = energyTwoSampleTest(a, 30, b, 20, 3, { standardise: false, permutations: 19 });
    expect(raw.statistic).toBeCloseTo(bruteForce(a, 30, b, 20, 3), 12);
    expect(raw.statistic).toBeGreaterThanOrEqual(0);
    // Swapping the samples changes nothing but the permutation stream's use.
    expect(energyTwoSampleTest(b, 20, a, 30, 3, { standardise: false }).statistic).toBeCloseTo(raw.statistic, 12);
  });

  it('standardises by the pooled standard deviation: invariant to rescaling coordinates', () => {
    const rng = new Rng(2);
    const a = normals(rng, 40, 2);
    const b = normals(rng, 50, 2, 0.3);
    const scaled = (x: Float64Array): Float64Array => x.map((v, i) => (i % 2 === 0 ? 1000 * v : v / 7));
    const base = energyTwoSampleTest(a, 40, b, 50, 2, { seed: 3 });
    const rescaled = energyTwoSampleTest(scaled(a), 40, scaled(b), 50, 2, { seed: 3 });
    expect(rescaled.statistic).toBeCloseTo(base.statistic, 10);
    expect(rescaled.pValue).toBe(base.pValue);
    // The standardised statistic is the raw one on coordinates divided by the pooled sd.
    const pooled = new Float64Array([...a, ...b]);
    const sd = [0, 1].map((r) => {
      const xs = Array.from({ length: 90 }, (_, i) => pooled[2 * i + r] as number);
      const m = xs.reduce((s, v) => s + v, 0) / 90;
      return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / 89);
    });
    const std = (x: Float64Array): Float64Array => x.map((v, i) => v / (sd[i % 2] as number));
    expect(base.statistic).toBeCloseTo(bruteForce(std(a), 40, std(b), 50, 2), 12);
  });

  it('rejects at most about alpha of the time under the null', () => {
    let rejections = 0;
    const pValues: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const rng = new Rng(1000 + seed);
      const a = normals(rng, 150, 2);
      const b = normals(rng, 150, 2);
      const result = energyTwoSampleTest(a, 150, b, 150, 2, { seed, permutations: 199 });
      expect(result.pValue).toBeGreaterThan(0);
      expect(result.pValue).toBeLessThanOrEqual(1);
      expect(result.reject).toBe(result.statistic > result.threshold);
      expect(result.reject).toBe(result.pValue <= 0.05);
      if (result.reject) rejections += 1;
      pValues.push(result.pValue);
    }
    expect(rejections).toBeLessThanOrEqual(4);
    // Uniform p-values average 1/2; the mean of 20 has sd 0.065: allow 4 sd.
    const mean = pValues.reduce((s, v) => s + v, 0) / 20;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.26);
  });

  it('rejects a shift of half a standard deviation with 400 points', () => {
    const rng = new Rng(77);
    const a = normals(rng, 400, 2);
    const b = normals(rng, 400, 2, 0.5);
    const result = energyTwoSampleTest(a, 400, b, 400, 2, { seed: 5 });
    expect(result.reject).toBe(true);
    expect(result.permutations).toBe(199);
    expect(result.pValue).toBe(1 / 200);
    expect(result.statistic).toBeGreaterThan(result.threshold);
  });

  it('thins each sample evenly to maxPoints', () => {
    const rng = new Rng(9);
    const a = normals(rng, 100, 2);
    const b = normals(rng, 60, 2);
    const thinned = energyTwoSampleTest(a, 100, b, 60, 2, { maxPoints: 25, standardise: false, permutations: 9 });
    // Rows floor(j * n / 25), j < 25.
    const pick = (x: Float64Array, n: number): Float64Array => {
      const out = new Float64Array(50);
      for (let j = 0; j < 25; j++)
        out.set(x.subarray(2 * Math.floor((j * n) / 25), 2 * Math.floor((j * n) / 25) + 2), 2 * j);
      return out;
    };
    expect(thinned.statistic).toBeCloseTo(bruteForce(pick(a, 100), 25, pick(b, 60), 25, 2), 12);
  });

  it('has a threshold consistent with the p-value, and is reproducible', () => {
    const rng = new Rng(12);
    const a = normals(rng, 80, 2);
    const b = normals(rng, 80, 2, 0.25);
    for (const [alpha, permutations] of [
      [0.05, 199],
      [0.1, 49],
      [0.2, 9],
      [0.05, 10],
    ] as const) {
      const r = energyTwoSampleTest(a, 80, b, 80, 2, { alpha, permutations, seed: 4 });
      expect(r.reject).toBe(r.statistic > r.threshold);
      expect(r.reject).toBe(r.pValue <= alpha + 1e-12);
      expect(Number.isFinite(r.threshold)).toBe(alpha * (permutations + 1) >= 1);
      expect(energyTwoSampleTest(a, 80, b, 80, 2, { alpha, permutations, seed: 4 })).toEqual(r);
    }
    // With 10 permutations at alpha = 0.05 the smallest p-value, 1/11, exceeds alpha: never rejects.
    expect(energyTwoSampleTest(a, 80, b, 80, 2, { permutations: 10 }).threshold).toBe(Infinity);
  });

  it('rejects invalid arguments, naming them', () => {
    const a = new Float64Array(8);
    expect(() => energyTwoSampleTest(a, 4, a, 3, 2)).toThrow(
      /energyTwoSampleTest: argument 'b' must be of length nb \* d/,
    );
    expect(() => energyTwoSampleTest(a, 0, a, 4, 2)).toThrow(/argument 'na'/);
    expect(() => energyTwoSampleTest(a, 4, a, 4, 0)).toThrow(/argument 'd'/);
    expect(() => energyTwoSampleTest(new Float64Array([0, Infinity]), 1, a, 4, 2)).toThrow(/argument 'a'.*Infinity/);
    expect(() => energyTwoSampleTest(a, 4, a, 4, 2, { permutations: 0 })).toThrow(/argument 'options.permutations'/);
    expect(() => energyTwoSampleTest(a, 4, a, 4, 2, { alpha: 1 })).toThrow(/argument 'options.alpha'/);
    expect(() => energyTwoSampleTest(a, 4, a, 4, 2, { seed: 0.5 })).toThrow(/argument 'options.seed'/);
    expect(() => energyTwoSampleTest(a, 4, a, 4, 2, { maxPoints: 1 })).toThrow(/argument 'options.maxPoints'/);
    expect(() => energyTwoSampleTest(a, 4, a, 4, 2, { permutations: 2.5 })).toThrow(BrenierError);
  });
});
