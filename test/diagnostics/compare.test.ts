import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { compare } from '../../src/diagnostics/index.js';
import { Draws } from '../../src/posterior/draws.js';

const seed = 20261128;

function normals(rng: Rng, n: number, mean = 0, sd = 1): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = mean + sd * rng.normal();
  return x;
}

function sampleSd(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i] as number;
  m /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += ((x[i] as number) - m) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}

/** `int |F_x(t) - F_y(t)| dt`, the CDF form of W1, by brute force. */
function w1ByCdf(x: number[], y: number[]): number {
  const grid = [...x, ...y].sort((p, q) => p - q);
  let total = 0;
  for (let k = 0; k + 1 < grid.length; k++) {
    const t = grid[k] as number;
    const fx = x.filter((v) => v <= t).length / x.length;
    const fy = y.filter((v) => v <= t).length / y.length;
    total += ((grid[k + 1] as number) - t) * Math.abs(fx - fy);
  }
  return total;
}

describe('compare: exact cases', () => {
  const rng = new Rng(seed);
  const b = { x: normals(rng, 300, 2, 3), y: normals(rng, 300, -1, 0.5) };

  it('identical draw sets: meanError, w1 and energy 0, sdRatio 1', () => {
    const r = compare(b, new Draws({ x: Float64Array.from(b.x), y: Float64Array.from(b.y) }));
    for (const p of r.parameters) {
      expect(p.meanError).toBe(0);
      expect(p.sdRatio).toBe(1);
      expect(p.w1).toBe(0);
    }
    expect(r.parameters.map((p) => p.name)).toEqual(['x', 'y']);
    expect(r.summary).toEqual({
      maxAbsMeanError: 0,
      meanAbsMeanError: 0,
      sdRatioRange: [1, 1],
      meanW1: 0,
      energyDistance: 0,
    });
  });

  it('a copy shifted by 0.5 sd has meanError 0.5, w1 0.5 and sdRatio 1', () => {
    const shift = (x: Float64Array) => x.map((v) => v + 0.5 * sampleSd(x));
    const r = compare({ x: shift(b.x), y: shift(b.y) }, b);
    for (const p of r.parameters) {
      expect(p.meanError).toBeCloseTo(0.5, 12);
      expect(p.w1).toBeCloseTo(0.5, 12);
      expect(p.sdRatio).toBeCloseTo(1, 12);
    }
    expect(r.summary.maxAbsMeanError).toBeCloseTo(0.5, 12);
    expect(r.summary.meanW1).toBeCloseTo(0.5, 12);
  });

  it('a scaled copy has sdRatio equal to the scale', () => {
    const r = compare({ x: b.x.map((v) => 1.7 * v), y: b.y.map((v) => 0.6 * v) }, b);
    expect(r.parameters[0]?.sdRatio).toBeCloseTo(1.7, 12);
    expect(r.parameters[1]?.sdRatio).toBeCloseTo(0.6, 12);
    expect(r.summary.sdRatioRange[0]).toBeCloseTo(0.6, 12);
    expect(r.summary.sdRatioRange[1]).toBeCloseTo(1.7, 12);
  });

  it('W1 by hand: a = [0, 1], b = [0, 2, 4]', () => {
    // F_a^{-1} = 0 on (0, 1/2], 1 on (1/2, 1]; F_b^{-1} = 0, 2, 4 on thirds.
    // |diff| = 0 on (0,1/3], 2 on (1/3,1/2], 1 on (1/2,2/3], 3 on (2/3,1]:
    // W1 = 2/6 + 1/6 + 3/3 = 1.5; sd_b = 2 (mean 2, var (4 + 0 + 4) / 2), so w1 = 0.75.
    const r = compare({ t: [1, 0] }, { t: [4, 0, 2] });
    const p = r.parameters[0];
    expect(p?.w1).toBeCloseTo(0.75, 14);
    expect(p?.meanError).toBeCloseTo((0.5 - 2) / 2, 14);
    expect(p?.sdRatio).toBeCloseTo(Math.SQRT1_2 / 2, 14);
  });

  it('energy distance by hand, 1-D: a = [1, 3], b = [0, 2]', () => {
    // Raw: E|X-Y| = (1 + 3 + 1 + 1) / 4 = 1.5; E|X-X'| = E|Y-Y'| = (0 + 2 + 2 + 0) / 4 = 1;
    // 1.5 - 1 = 0.5, standardised by sd_b = sqrt(2): 0.5 / sqrt(2).
    const r = compare({ t: [1, 3] }, { t: [0, 2] });
    expect(r.summary.energyDistance).toBeCloseTo(0.5 / Math.SQRT2, 14);
  });

  it('energy distance by hand, 2-D: same marginals, opposite dependence', () => {
    // a = {(0,2), (2,0)}, b = {(0,0), (2,2)}: every cross distance is 2, within-set
    // distances are 2 sqrt(2) off the diagonal, so V = 2 - sqrt(2) raw; both
    // coordinates have sd_b = sqrt(2), hence sqrt(2) - 1 standardised.
    const r = compare({ x: [0, 2], y: [2, 0] }, { x: [0, 2], y: [0, 2] });
    expect(r.summary.maxAbsMeanError).toBe(0);
    expect(r.summary.sdRatioRange).toEqual([1, 1]);
    expect(r.summary.meanW1).toBe(0);
    expect(r.summary.energyDistance).toBeCloseTo(Math.SQRT2 - 1, 14);
  });

  it('w1 equals the CDF form int |F_a - F_b| / sd_b for random small samples of different sizes', () => {
    const value = fc.integer({ min: -50, max: 50 }).map((k) => k / 4);
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 2, maxLength: 12 }),
        fc.array(value, { minLength: 2, maxLength: 12 }),
        (x, y) => {
          fc.pre(new Set(y).size > 1);
          const w1 = compare({ t: x }, { t: y }).parameters[0]?.w1 as number;
          expect(w1 * sampleSd(y)).toBeCloseTo(w1ByCdf(x, y), 10);
          expect(w1).toBeGreaterThanOrEqual(
            Math.abs(compare({ t: x }, { t: y }).parameters[0]?.meanError as number) - 1e-12,
          );
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it('maxPoints thins evenly, keeping draws floor(i n / maxPoints)', () => {
    const a = { x: [0, 5, 1, 7, 2, 9] };
    const ref = { x: [1, 2, 4, 8] };
    // n = 6, k = 3 keeps draws 0, 2, 4 of a; n = 4, k = 3 keeps draws 0, 1, 2 of b. In 1-D the
    // energy distance scales as 1 / sd, and the thinned run standardises by the full b's sd.
    const thinned = compare(a, ref, { maxPoints: 3 }).summary.energyDistance;
    const manual = compare({ x: [0, 1, 2] }, { x: [1, 2, 4] }).summary.energyDistance;
    expect(thinned).toBeCloseTo((manual * sampleSd([1, 2, 4])) / sampleSd(ref.x), 14);
    expect(thinned).not.toBeCloseTo(compare(a, ref).summary.energyDistance, 3);
    // per-parameter figures use all draws whatever maxPoints
    expect(compare(a, ref, { maxPoints: 3 }).parameters).toEqual(compare(a, ref).parameters);
  });
});

describe('compare: Monte Carlo', () => {
  it('w1 between N(0,1) and N(1,1) samples of 20000 is 1 within Monte Carlo error', () => {
    // Here the quantile functions never cross, so w1 = (mean_a - mean_b) / sd_b, whose MC sd is
    // sqrt(2 / n) = 0.010 from the means plus 1 / sqrt(2 n) = 0.005 from sd_b, about 0.011 in all;
    // the tolerance 0.05 is about 4.5 of those (this seed gives 1.030).
    const rng = new Rng(seed + 1);
    const n = 20000;
    const r = compare({ x: normals(rng, n, 1) }, { x: normals(rng, n, 0) });
    expect(Math.abs((r.parameters[0]?.w1 as number) - 1)).toBeLessThan(0.05);
  });

  it('energy distance between two N(0, I) samples is at its V-statistic floor', () => {
    // 2-D, 1000 draws each: E[V] = E|X - X'| (1/n + 1/m) / 2 = sqrt(pi) / 1000 = 0.0018, with an
    // MC sd of about 0.0009 (checked by simulation); 0.01 is about 9 sds above the mean.
    const rng = new Rng(seed + 2);
    const n = 1000;
    const r = compare({ u: normals(rng, n), v: normals(rng, n) }, { u: normals(rng, n), v: normals(rng, n) });
    expect(r.summary.energyDistance).toBeGreaterThan(0);
    expect(r.summary.energyDistance).toBeLessThan(0.01);
  });

  it('energy distance increases with the shift delta of N(delta 1, I) against N(0, I)', () => {
    const rng = new Rng(seed + 3);
    const n = 500;
    const b = { u: normals(rng, n), v: normals(rng, n) };
    const zu = normals(rng, n);
    const zv = normals(rng, n);
    const energies = [0, 0.25, 0.5, 1, 2].map(
      (delta) => compare({ u: zu.map((z) => z + delta), v: zv.map((z) => z + delta) }, b).summary.energyDistance,
    );
    for (let k = 1; k < energies.length; k++) {
      expect(energies[k] as number).toBeGreaterThan(energies[k - 1] as number);
    }
  });

  it('every figure is invariant to a per-coordinate shift and rescaling of both sets', () => {
    const rng = new Rng(seed + 4);
    const n = 400;
    const a = { u: normals(rng, n, 0.3), v: normals(rng, n, 0, 1.2) };
    const b = { u: normals(rng, n), v: normals(rng, n) };
    const transform = (s: { u: Float64Array; v: Float64Array }) => ({
      u: s.u.map((x) => 10 + 250 * x),
      v: s.v.map((x) => -3 + 0.01 * x),
    });
    const r0 = compare(a, b, { maxPoints: 300 });
    const r1 = compare(transform(a), transform(b), { maxPoints: 300 });
    expect(r0.summary.energyDistance).toBeGreaterThan(0.01);
    expect(r1.summary.energyDistance).toBeCloseTo(r0.summary.energyDistance, 10);
    r0.parameters.forEach((p, k) => {
      const q = r1.parameters[k];
      expect(q?.meanError).toBeCloseTo(p.meanError, 10);
      expect(q?.sdRatio).toBeCloseTo(p.sdRatio, 10);
      expect(q?.w1).toBeCloseTo(p.w1, 10);
    });
  });
});

describe('compare: names and errors', () => {
  it('compares only the shared names, in the order of a', () => {
    const r = compare({ z: [1, 2, 3], x: [0, 1, 2], extra: [5, 5, 5] }, { x: [0, 1, 2], z: [1, 2, 3], other: [1, 2] });
    expect(r.parameters.map((p) => p.name)).toEqual(['z', 'x']);
  });

  it('names the missing names when none are shared', () => {
    expect(() => compare({ mu: [1, 2] }, { tau: [1, 2], sigma: [3, 4] })).toThrow(
      /share no names; missing from b: mu; missing from a: tau, sigma/,
    );
  });

  it('rejects non-finite draws, too few draws, constant references, ragged columns and bad maxPoints', () => {
    expect(() => compare({ x: [1, NaN] }, { x: [1, 2] })).toThrow(/a\['x'\]\[1\] must be a finite number/);
    expect(() => compare({ x: [1] }, { x: [1, 2] })).toThrow(/at least 2 draws/);
    expect(() => compare({ x: [1, 2] }, { x: [3, 3, 3] })).toThrow(/standard deviation 0/);
    expect(() => compare({ x: [1, 2], y: [1, 2, 3] }, { x: [1, 2], y: [1, 2] })).toThrow(/not a set of joint draws/);
    expect(() => compare({ x: [1, 2] }, { x: [1, 2] }, { maxPoints: 0 })).toThrow(/maxPoints/);
  });
});
