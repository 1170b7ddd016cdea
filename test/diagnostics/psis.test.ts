import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrenierError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { gpdFit, gpdQuantile, importanceResample, psis, weightedMean } from '../../src/diagnostics/index.js';

const seed = 20261128;

function logSumExp(x: Float64Array): number {
  const max = Math.max(...x);
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * Log importance ratios log p(x) - log q(x) for the target p = N(0, 1) and
 * the proposal q = N(0, s^2), at S draws x ~ q.
 */
function normalLogRatios(rng: Rng, s: number, S: number): { x: Float64Array; lw: Float64Array } {
  const x = new Float64Array(S);
  const lw = new Float64Array(S);
  for (let i = 0; i < S; i++) {
    const xi = s * rng.normal();
    x[i] = xi;
    lw[i] = -0.5 * xi * xi + (0.5 * xi * xi) / (s * s) + Math.log(s);
  }
  return { x, lw };
}

function mean(x: readonly number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

describe('psis: k-hat on weights of known tail index', () => {
  const S = 4000;
  const M = Math.ceil(Math.min(0.2 * S, 3 * Math.sqrt(S))); // 190
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('uses the tail length M = ceil(min(0.2 S, 3 sqrt(S))) and threshold min(1 - 1/log10(S), 0.7)', () => {
    const r = psis(normalLogRatios(new Rng(1), 2, S).lw);
    expect(r.tailLength).toBe(190);
    expect(r.threshold).toBe(0.7);
    expect(psis(new Float64Array(100).map((_, i) => Math.sin(i))).threshold).toBeCloseTo(0.5, 14);
    expect(psis(new Float64Array(100).map((_, i) => Math.sin(i))).tailLength).toBe(20);
  });

  it('a wider proposal N(0, 2^2) for N(0, 1) gives bounded weights: k-hat < 0.5, diagnosis good', () => {
    // w = p/q is bounded when q is wider than p, so the tail index is negative.
    for (const s of seeds.slice(0, 3)) {
      const r = psis(normalLogRatios(new Rng(s), 2, S).lw);
      expect(r.khat).toBeLessThan(0.5);
      expect(r.diagnosis).toBe('good');
    }
  });

  // Derivation. With x ~ q = N(0, s^2), w = p/q ∝ exp(a x^2), a = (1/s^2 - 1)/2 > 0
  // for s < 1. P(w > t) = P(|x| > sqrt(log t / a)) ~ exp(-log t / (2 a s^2)) up to a
  // factor (log t)^(-1/2) (Mills' ratio), i.e. t^(-1/k) with k = 2 a s^2 = 1 - s^2.
  // s = 0.5: k = 0.75; s = 0.7: k = 0.51. The asymptotic sd of k-hat from M tail
  // points is about (1 + k) / sqrt(M) (0.127 and 0.110 for M = 190). The slowly
  // varying factor biases k-hat down at finite S (by ~0.06 at s = 0.5 in a 40-seed
  // pilot), well inside the tolerances: each seed within 4 sds, the mean of 10 seeds
  // within 3 sds of a mean plus 0.1 for that pre-asymptotic bias.
  for (const s of [0.5, 0.7]) {
    const kTrue = 1 - s * s;
    it(`a narrower proposal N(0, ${s}^2) gives k-hat near 1 - s^2 = ${kTrue.toFixed(2)}`, () => {
      const sd = (1 + kTrue) / Math.sqrt(M);
      const khats = seeds.map((sd0) => psis(normalLogRatios(new Rng(100 + sd0), s, S).lw).khat);
      for (const k of khats) expect(Math.abs(k - kTrue)).toBeLessThan(4 * sd);
      expect(Math.abs(mean(khats) - kTrue)).toBeLessThan((3 * sd) / Math.sqrt(seeds.length) + 0.1);
    });
  }

  it('exact Pareto weights w = U^(-k) (P(w > t) = t^(-1/k)) give k-hat within 3 sds of k', () => {
    for (const k of [0.3, 0.6, 0.9]) {
      const khats = seeds.map((s) => {
        const rng = new Rng(200 + s);
        return psis(Float64Array.from({ length: S }, () => -k * Math.log(rng.uniform()))).khat;
      });
      // The prior pulls k toward 0.5 by 10 (0.5 - k) / (M + 10), at most 0.02 here.
      expect(Math.abs(mean(khats) - k)).toBeLessThan((3 * (1 + k)) / Math.sqrt(M) / Math.sqrt(seeds.length) + 0.02);
    }
  });

  it('diagnoses very heavy tails (k = 2) as very bad and k ~ 0.85 as bad', () => {
    const rng = new Rng(7);
    const heavy = psis(Float64Array.from({ length: S }, () => -2 * Math.log(rng.uniform())));
    expect(heavy.khat).toBeGreaterThanOrEqual(1);
    expect(heavy.diagnosis).toBe('very bad');
    const khats = seeds.map((s) => {
      const r = new Rng(300 + s);
      return psis(Float64Array.from({ length: S }, () => -0.85 * Math.log(r.uniform())));
    });
    for (const r of khats)
      expect(r.diagnosis).toBe(r.khat >= 1 ? 'very bad' : r.khat >= 0.7 ? 'bad' : r.khat < 0.5 ? 'good' : 'ok');
    expect(khats.filter((r) => r.diagnosis === 'bad').length).toBeGreaterThan(5);
  });

  it('corrects a PSIS expectation: E[x^2] = 1 under N(0, 1) from a N(0, 1.5^2) proposal', () => {
    const { x, lw } = normalLogRatios(new Rng(9), 1.5, S);
    const r = psis(lw);
    const x2 = x.map((v) => v * v);
    // Var(x^2) = 2 under the target; the MC sd is ~ sqrt(2 / ess).
    expect(Math.abs(weightedMean(x2, r.logWeights) - 1)).toBeLessThan(5 * Math.sqrt(2 / r.ess));
    expect(r.ess).toBeGreaterThan(0.4 * S);
  });
});

describe('psis: smoothed weights', () => {
  it('are normalised, keep the order of the raw weights, and leave the body unchanged', () => {
    fc.assert(
      fc.property(
        // Distinct log weights on a 1e-3 grid in [-30, 30] (values closer than the
        // rounding of the max-shift would tie after it, and ties carry no order).
        fc.uniqueArray(fc.integer({ min: -30_000, max: 30_000 }), { minLength: 21, maxLength: 300 }),
        (ints) => {
          const raw = ints.map((v) => v / 1000);
          const r = psis(raw);
          const S = raw.length;
          expect(r.logWeights.length).toBe(S);
          expect(Math.abs(logSumExp(r.logWeights))).toBeLessThan(1e-12);
          let sumSq = 0;
          for (const v of r.logWeights) sumSq += Math.exp(2 * v);
          expect(r.ess).toBeCloseTo(1 / sumSq, 10);
          for (let i = 0; i < S; i++) {
            for (let j = 0; j < S; j++) {
              if ((raw[i] as number) < (raw[j] as number)) {
                expect(r.logWeights[i] as number).toBeLessThanOrEqual((r.logWeights[j] as number) + 1e-12);
              }
            }
          }
          // Body: all but the M largest, shifted by the same normalising constant.
          const sorted = [...raw].sort((a, b) => a - b);
          const cutoff = sorted[S - r.tailLength - 1] as number;
          const body = raw.map((v, i) => i).filter((i) => (raw[i] as number) <= cutoff);
          expect(body.length).toBe(S - r.tailLength);
          const shift = (r.logWeights[body[0] as number] as number) - (raw[body[0] as number] as number);
          for (const i of body) {
            expect((r.logWeights[i] as number) - (raw[i] as number)).toBeCloseTo(shift, 9);
          }
          // Tail: at least the largest body weight, at most the largest raw weight.
          const maxRaw = sorted[S - 1] as number;
          for (let i = 0; i < S; i++) {
            expect((r.logWeights[i] as number) - shift).toBeLessThanOrEqual(maxRaw + 1e-9);
          }
        },
      ),
      { seed, numRuns: 60 },
    );
  });

  it('replaces the M largest weights by u + GPD quantiles at (z - 1/2)/M, truncated at the largest raw weight', () => {
    const rng = new Rng(5);
    const S = 2000;
    const raw = Float64Array.from({ length: S }, () => -0.8 * Math.log(rng.uniform()) + 3);
    const r = psis(raw);
    const M = r.tailLength;
    const order = Array.from({ length: S }, (_, i) => i).sort((a, b) => (raw[a] as number) - (raw[b] as number));
    const max = raw[order[S - 1] as number] as number;
    const u = Math.exp((raw[order[S - M - 1] as number] as number) - max);
    const tail = order.slice(S - M);
    const fit = gpdFit(tail.map((i) => Math.exp((raw[i] as number) - max) - u));
    expect(r.khat).toBe(fit.k);
    // Undo the normalisation using an unchanged body weight.
    const body = order[0] as number;
    const shift = (raw[body] as number) - max - (r.logWeights[body] as number);
    tail.forEach((i, z) => {
      const expected = Math.min(Math.log(u + gpdQuantile((z + 0.5) / M, fit.k, fit.sigma)), 0);
      expect((r.logWeights[i] as number) + shift).toBeCloseTo(expected, 10);
    });
    // The largest raw weight caps the smoothed ones.
    expect((r.logWeights[order[S - 1] as number] as number) + shift).toBeLessThanOrEqual(1e-12);
  });

  it('keeps zero weights (-Infinity) at zero', () => {
    const lw = Float64Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? -Infinity : Math.cos(i)));
    const r = psis(lw);
    for (let i = 0; i < 100; i += 10) expect(r.logWeights[i]).toBe(-Infinity);
    expect(Math.abs(logSumExp(r.logWeights))).toBeLessThan(1e-12);
  });

  it('equal weights: nothing to smooth, k-hat = -Infinity, diagnosis good, ess = S', () => {
    const r = psis(new Float64Array(500).fill(-3));
    expect(r.khat).toBe(-Infinity);
    expect(r.diagnosis).toBe('good');
    expect(r.ess).toBeCloseTo(500, 9);
    for (const v of r.logWeights) expect(v).toBeCloseTo(-Math.log(500), 12);
  });

  it('too few draws (S <= 20) to fit the tail: k-hat = Infinity, very bad, weights only normalised', () => {
    const raw = [0.3, -1, 2, 0.5, 0.1, -0.7, 1.1, 0.9, -0.2, 0.4];
    const r = psis(raw);
    expect(r.tailLength).toBe(2);
    expect(r.khat).toBe(Infinity);
    expect(r.diagnosis).toBe('very bad');
    const lse = logSumExp(Float64Array.from(raw));
    raw.forEach((v, i) => expect(r.logWeights[i]).toBeCloseTo(v - lse, 14));
  });

  it('is deterministic and invariant to adding a constant to the log weights', () => {
    const { lw } = normalLogRatios(new Rng(8), 0.8, 1000);
    const a = psis(lw);
    const b = psis(lw.map((v) => v + 1234.5));
    expect(psis(lw)).toEqual(a);
    expect(b.khat).toBeCloseTo(a.khat, 8);
    a.logWeights.forEach((v, i) => expect(b.logWeights[i]).toBeCloseTo(v, 8));
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => psis([])).toThrow(/psis: logWeights is empty/);
    expect(() => psis([0, 1, Number.NaN])).toThrow(/psis: logWeights\[2\] must be/);
    expect(() => psis([0, Infinity])).toThrow(/logWeights\[1\]/);
    expect(() => psis([-Infinity, -Infinity])).toThrow(/logWeights are all -Infinity/);
    expect(() => psis([0, 1, Number.NaN])).toThrow(BrenierError);
  });
});

describe('importanceResample', () => {
  const p = [0.05, 0.1, 0.15, 0.3, 0.4];
  const lw = p.map((v) => Math.log(v) + 7); // unnormalised on purpose

  it('with replacement: frequencies match the weights (each within 5 sqrt(p(1-p)/n))', () => {
    const n = 20_000;
    const idx = importanceResample(lw, n, { rng: new Rng(21) });
    expect(idx.length).toBe(n);
    const counts = new Array(p.length).fill(0) as number[];
    for (const i of idx) counts[i] = (counts[i] as number) + 1;
    p.forEach((pi, i) =>
      expect(Math.abs((counts[i] as number) / n - pi)).toBeLessThan(5 * Math.sqrt((pi * (1 - pi)) / n)),
    );
  });

  it('never picks zero-weight draws', () => {
    const idx = importanceResample([-Infinity, 0, -Infinity, 1, -Infinity], 1000, { rng: new Rng(2) });
    for (const i of idx) expect([1, 3]).toContain(i);
    expect(() => importanceResample([-Infinity, 0, -Infinity, 1], 3, { rng: new Rng(2), replace: false })).toThrow(
      /n \(3\) exceeds the number of draws with positive weight \(2\)/,
    );
  });

  it('without replacement: distinct indices, a permutation when n = S', () => {
    const rng = new Rng(22);
    const many = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
    const some = importanceResample(many, 20, { rng, replace: false });
    expect(new Set(some).size).toBe(20);
    const all = importanceResample(many, 50, { rng, replace: false });
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('without replacement: successive sampling, first draw ~ p_i, inclusion pi_i = p_i + sum_{j != i} p_j p_i / (1 - p_j) for n = 2', () => {
    const reps = 20_000;
    const rng = new Rng(23);
    const first = new Array(p.length).fill(0) as number[];
    const included = new Array(p.length).fill(0) as number[];
    for (let r = 0; r < reps; r++) {
      const [a, b] = importanceResample(lw, 2, { rng, replace: false }) as unknown as [number, number];
      expect(a).not.toBe(b);
      first[a] = (first[a] as number) + 1;
      included[a] = (included[a] as number) + 1;
      included[b] = (included[b] as number) + 1;
    }
    p.forEach((pi, i) => {
      let inclusion = pi;
      p.forEach((pj, j) => {
        if (j !== i) inclusion += (pj * pi) / (1 - pj);
      });
      expect(Math.abs((first[i] as number) / reps - pi)).toBeLessThan(5 * Math.sqrt((pi * (1 - pi)) / reps));
      expect(Math.abs((included[i] as number) / reps - inclusion)).toBeLessThan(
        5 * Math.sqrt((inclusion * (1 - inclusion)) / reps),
      );
    });
  });

  it('is reproducible with the seed', () => {
    for (const replace of [true, false]) {
      const a = importanceResample(lw, 5, { rng: new Rng(99), replace });
      const b = importanceResample(lw, 5, { rng: new Rng(99), replace });
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    const big = Float64Array.from({ length: 200 }, (_, i) => Math.cos(i));
    expect(Array.from(importanceResample(big, 50, { rng: new Rng(1) }))).not.toEqual(
      Array.from(importanceResample(big, 50, { rng: new Rng(2) })),
    );
  });

  it('rejects bad input, naming the argument', () => {
    const rng = new Rng(1);
    expect(() => importanceResample([], 1, { rng })).toThrow(/importanceResample: logWeights is empty/);
    expect(() => importanceResample([0, Number.NaN], 1, { rng })).toThrow(/logWeights\[1\]/);
    expect(() => importanceResample([0, 1], 1.5, { rng })).toThrow(/n must be a non-negative integer/);
    expect(() => importanceResample([0, 1], -1, { rng })).toThrow(/n must be/);
    expect(() => importanceResample([0, 1, 2], 4, { rng, replace: false })).toThrow(/n \(4\) exceeds/);
    expect(importanceResample([0, 1, 2], 4, { rng }).length).toBe(4);
  });
});
