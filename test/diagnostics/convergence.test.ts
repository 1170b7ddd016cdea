import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { Draws } from '../../src/posterior/draws.js';
import {
  autocovariance,
  essBasic,
  essBulk,
  essMean,
  essQuantile,
  essTail,
  formatSummary,
  mcseMean,
  mcseQuantile,
  rhat,
  rhatBasic,
  rhatBulk,
  rhatTail,
  summarizeChains,
  summarizeDraws,
} from '../../src/diagnostics/index.js';
import { betaCdf, betaQuantile, normalQuantile } from '../../src/diagnostics/convergence.js';
import { fft } from '../../src/diagnostics/fft.js';

/** `m` chains of `n` draws of a stationary Gaussian AR(1), `x_t = phi x_{t-1} + e_t`, `e_t ~ N(0, 1)`. */
function ar1Chains(seed: number, m: number, n: number, phi: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: m }, () => {
    const x = new Float64Array(n);
    let y = rng.normal() / Math.sqrt(1 - phi * phi); // start in the stationary distribution
    for (let t = 0; t < n; t++) {
      x[t] = y;
      y = phi * y + rng.normal();
    }
    return x;
  });
}

/** Relative error |a - b| / |b|. */
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('fft and autocovariance', () => {
  it('fft equals the direct DFT sum and the inverse undoes it (times N)', () => {
    const rng = new Rng(1);
    for (const n of [1, 2, 8, 64]) {
      const re = rng.normals(n);
      const im = rng.normals(n);
      const [fr, fi] = [Float64Array.from(re), Float64Array.from(im)];
      fft(fr, fi);
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          const angle = (-2 * Math.PI * j * k) / n;
          sr += re[j]! * Math.cos(angle) - im[j]! * Math.sin(angle);
          si += re[j]! * Math.sin(angle) + im[j]! * Math.cos(angle);
        }
        expect(Math.abs(fr[k]! - sr)).toBeLessThan(1e-12 * n);
        expect(Math.abs(fi[k]! - si)).toBeLessThan(1e-12 * n);
      }
      fft(fr, fi, true);
      for (let j = 0; j < n; j++) {
        expect(fr[j]! / n).toBeCloseTo(re[j]!, 12);
        expect(fi[j]! / n).toBeCloseTo(im[j]!, 12);
      }
    }
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
    expect(() => fft(new Float64Array(4), new Float64Array(2))).toThrow(/different lengths/);
  });

  it('autocovariance equals the direct O(N^2) sum (1/N) sum_i (x_i - xbar)(x_{i+t} - xbar)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 150 }),
        (values) => {
          const x = Float64Array.from(values);
          const n = x.length;
          const xbar = x.reduce((a, b) => a + b, 0) / n;
          const acov = autocovariance(x);
          expect(acov.length).toBe(n);
          const direct = (t: number): number => {
            let s = 0;
            for (let i = 0; i + t < n; i++) s += (x[i]! - xbar) * (x[i + t]! - xbar);
            return s / n;
          };
          const scale = Math.max(direct(0), 1e-300);
          for (let t = 0; t < n; t++) expect(Math.abs(acov[t]! - direct(t))).toBeLessThanOrEqual(1e-9 * scale);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
    // By hand: x = (1, 2, 3), xbar = 2, deviations (-1, 0, 1): acov = (2/3, 0/3, -1/3).
    const acov = autocovariance([1, 2, 3]);
    expect(acov[0]).toBeCloseTo(2 / 3, 14);
    expect(acov[1]).toBeCloseTo(0, 14);
    expect(acov[2]).toBeCloseTo(-1 / 3, 14);
    expect(Array.from(autocovariance([5, 5, 5, 5]))).toEqual([0, 0, 0, 0]);
  });
});

describe('special functions', () => {
  it('normalQuantile (AS 241) matches reference values of qnorm to ~1e-15', () => {
    // Reference values: R's qnorm / SciPy's norm.ppf.
    const cases: [number, number][] = [
      [1e-300, -37.0470962993612],
      [1e-10, -6.361340902404056],
      [0.01, -2.3263478740408408],
      [0.025, -1.9599639845400545],
      [0.1586553, -0.9999998096111062],
      [0.3, -0.5244005127080409],
      [0.975, 1.959963984540054],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, z] of cases) expect(rel(normalQuantile(p), z)).toBeLessThan(1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [0.001, 0.2, 0.6, 0.93]) expect(normalQuantile(p)).toBeCloseTo(jStat.normal.inv(p, 0, 1), 9);
  });

  it('betaQuantile inverts betaCdf and matches qbeta', () => {
    // Reference values: SciPy's beta.ppf (R's qbeta agrees).
    const cases: [number, number, number, number][] = [
      [0.1586553, 2, 3, 0.18530113734156411],
      [0.8413447, 201, 3801, 0.05367494675545149],
      [0.1586553, 1951, 1951, 0.4919956460350132],
      [0.3, 1, 1, 0.3],
      [0.9, 1, 41.5, 0.05397281934013798],
      [0.1586553, 20.2, 385.7, 0.03905022207449287],
    ];
    for (const [p, a, b, q] of cases) {
      expect(rel(betaQuantile(p, a, b), q)).toBeLessThan(1e-10);
      expect(betaCdf(q, a, b)).toBeCloseTo(p, 10);
    }
    expect(betaCdf(0.3, 2, 3)).toBeCloseTo(0.3483, 12); // 1 - (1-x)^4 - 4x(1-x)^3 at x = 0.3
    expect(betaQuantile(0.5, 3, 7)).toBeCloseTo(jStat.beta.inv(0.5, 3, 7), 8);
  });
});

describe('rhatBasic', () => {
  it('matches a hand computation on 2 chains of 4 draws', () => {
    const chains = [
      [1, 2, 3, 4],
      [2, 3, 4, 5],
    ];
    // Split: 4 chains of n = 2: (1, 2), (3, 4), (2, 3), (4, 5), chain means 1.5, 3.5, 2.5, 4.5.
    // W = mean of the within-chain variances = mean(0.5, 0.5, 0.5, 0.5) = 0.5.
    // B = n var(means) = 2 * ((1.5^2 + 0.5^2 + 0.5^2 + 1.5^2) / 3) = 2 * 5/3 = 10/3.
    // R-hat = sqrt(((n - 1)/n W + B/n) / W) = sqrt((B/W + n - 1) / n) = sqrt((20/3 + 1) / 2) = sqrt(23/6).
    expect(rhatBasic(chains)).toBeCloseTo(Math.sqrt(23 / 6), 14);
    // Unsplit: n = 4, means 2.5, 3.5; W = var(1, 2, 3, 4) = 5/3; B = 4 var(2.5, 3.5) = 4 * 0.5 = 2.
    // R-hat = sqrt((B/W + n - 1) / n) = sqrt((6/5 + 3) / 4) = sqrt(1.05).
    expect(rhatBasic(chains, { split: false })).toBeCloseTo(Math.sqrt(1.05), 14);
    // Odd length: the middle draw is dropped, (1, 2, 99, 3, 4) splits as (1, 2), (3, 4).
    expect(rhatBasic([[1, 2, 99, 3, 4]])).toBeCloseTo(rhatBasic([[1, 2, 3, 4]]), 14);
  });

  it('is invariant to affine maps and to the order of the chains', () => {
    const chains = ar1Chains(3, 4, 200, 0.3);
    chains[1] = chains[1]!.map((v) => v + 0.2);
    const r = rhatBasic(chains);
    expect(rhatBasic(chains.map((c) => c.map((v) => 3 * v - 7)))).toBeCloseTo(r, 12);
    expect(rhatBasic([...chains].reverse())).toBeCloseTo(r, 12);
  });
});

describe('reference values (posterior 1.7.1 transliterated line by line to NumPy/SciPy)', () => {
  // Deterministic data reproducible in any language: the minimal standard
  // generator u = s / (2^31 - 1), s <- 48271 s mod (2^31 - 1) (exact in doubles).
  function minstd(seed: number): () => number {
    let s = seed;
    return () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
  }
  function dataset(kind: 'ar' | 'ties'): Float64Array[] {
    return Array.from({ length: 4 }, (_, c) => {
      const u = minstd(12345 + 1000 * c);
      const x = new Float64Array(101); // odd: the split drops the middle draw
      let y = 0;
      for (let t = 0; t < 101; t++) {
        if (kind === 'ar') {
          y = 0.6 * y + (u() + u() + u() - 1.5);
          x[t] = c === 3 ? 1.5 * y + 0.4 : y; // chain 3 shifted and scaled
        } else {
          x[t] = Math.floor(u() * 5) + (c === 3 && t % 3 === 0 ? 1 : 0); // integers 0..5: ties
        }
      }
      return x;
    });
  }
  const expected = {
    ar: {
      rhatBasic: 1.0993857510274174,
      rhatBulk: 1.0898716263328367,
      rhatTail: 1.0636343548172988,
      essBasic: 39.582231725696914,
      essBulk: 44.962017435963645,
      essTail: 40.54335590220319,
      essQ50: 113.3550426112521,
      essQ1: 417.01417848206836,
      mcseMean: 0.11390205043090544,
      mcseQ05: 0.10161400300341944,
      mcseQ50: 0.07491742274715932,
    },
    ties: {
      rhatBasic: 1.009230278228395,
      rhatBulk: 1.0123849192210814,
      rhatTail: 1.0024155574759634,
      essBasic: 367.1428413112274,
      essBulk: 342.61091415489886,
      essTail: 345.26176275679273,
      essQ50: 434.43630387229047,
      essQ1: Number.NaN, // the indicator x <= max(x) is constant
      mcseMean: 0.07479351684966601,
      mcseQ05: 0,
      mcseQ50: 0,
    },
  };

  for (const kind of ['ar', 'ties'] as const) {
    it(`agrees to 1e-12 on the '${kind}' chains`, () => {
      const x = dataset(kind);
      const e = expected[kind];
      const close = (a: number, b: number): void => {
        if (Number.isNaN(b)) expect(a).toBeNaN();
        else if (b === 0) expect(a).toBe(0);
        else expect(rel(a, b)).toBeLessThan(1e-12);
      };
      close(rhatBasic(x), e.rhatBasic);
      close(rhatBulk(x), e.rhatBulk);
      close(rhatTail(x), e.rhatTail);
      close(rhat(x), Math.max(e.rhatBulk, e.rhatTail));
      close(essBasic(x), e.essBasic);
      close(essMean(x), e.essBasic);
      close(essBulk(x), e.essBulk);
      close(essTail(x), e.essTail);
      close(essQuantile(x, 0.5), e.essQ50);
      close(essQuantile(x, 1), e.essQ1);
      close(mcseMean(x), e.mcseMean);
      close(mcseQuantile(x, 0.05), e.mcseQ05);
      close(mcseQuantile(x, 0.5), e.mcseQ50);
    });
  }
});

describe('R-hat and ESS on simulated chains', () => {
  // Tolerances come from replicate studies with this code (other seeds): the
  // relative standard deviation of the ESS estimate is 4.9% for 4 x 1000
  // i.i.d. draws (200 replicates; mean ratio 0.98), 4.2% for AR(1) with
  // phi = 0.5 and 4 x 4000 draws, 4.7% for phi = 0.9 and 4 x 20000 draws
  // (100 replicates each; 7.7% and 17% with 4 x 1000), so 15% is about 3
  // standard deviations. The chains are long enough for that, not longer.
  it('i.i.d. normal chains (4 x 1000): R-hat in [0.99, 1.01], bulk/tail/basic ESS within 15% of 4000', () => {
    const chains = ar1Chains(11, 4, 1000, 0);
    const r = rhat(chains);
    expect(r).toBeGreaterThanOrEqual(0.99);
    expect(r).toBeLessThanOrEqual(1.01);
    expect(rhatBasic(chains)).toBeLessThan(1.01);
    for (const ess of [essBulk(chains), essBasic(chains), essTail(chains)]) {
      expect(rel(ess, 4000)).toBeLessThan(0.15);
    }
    // MCSE of the mean ~ sd / sqrt(4000) (its relative error is about that of sqrt(ESS), 2.5%).
    expect(rel(mcseMean(chains), 1 / Math.sqrt(4000))).toBeLessThan(0.15);
  });

  it('mcseQuantile of i.i.d. chains averages to the asymptotic sd of a sample quantile', () => {
    // sd(q_p) ~ sqrt(p (1 - p) / S) / f(q_p) for S independent draws with density f. A single
    // mcseQuantile, a difference of order statistics about 2 sqrt(p (1 - p) S) ranks apart, is noisy:
    // relative sd 20% at p = 0.05 and 13% at p = 0.5 over 200 replicates of 4 x 1000. The mean
    // of 20 replicates has a relative sd under 4.5%; allow 15%.
    for (const p of [0.05, 0.5]) {
      const asymptotic = Math.sqrt((p * (1 - p)) / 4000) / jStat.normal.pdf(normalQuantile(p), 0, 1);
      let sum = 0;
      for (let r = 0; r < 20; r++) sum += mcseQuantile(ar1Chains(100 + r, 4, 1000, 0), p);
      expect(rel(sum / 20, asymptotic)).toBeLessThan(0.15);
    }
  });

  for (const [phi, n] of [
    [0.5, 4000],
    [0.9, 20000],
  ] as const) {
    it(`AR(1) with phi = ${phi} (4 x ${n}): ESS of the mean within 15% of 4 n (1 - phi)/(1 + phi)`, () => {
      // Integrated autocorrelation time of AR(1): tau = sum_t phi^|t| = (1 + phi)/(1 - phi).
      const chains = ar1Chains(20 + n, 4, n, phi);
      const truth = (4 * n * (1 - phi)) / (1 + phi);
      expect(rel(essBasic(chains), truth)).toBeLessThan(0.15);
      expect(rel(essBulk(chains), truth)).toBeLessThan(0.15); // Gaussian draws: ranks change little
      // The true MCSE of the mean: sd / sqrt(ESS), with sd^2 = 1 / (1 - phi^2).
      expect(rel(mcseMean(chains), Math.sqrt(1 / (1 - phi * phi) / truth))).toBeLessThan(0.1);
      expect(rhat(chains)).toBeLessThan(1.01);
    });
  }

  it('detects chains with shifted means', () => {
    // One of 4 chains offset by 1 sd: the split chain means are 0 (6 of them) and 1 (2), whose
    // variance is 1.5 / 7 = 0.214, so R-hat ~ sqrt(1 + 0.214 / W) with W ~ 1 (after rank normalisation
    // both scale alike): about 1.10, above the 1.01 threshold by far but not surely above 1.1
    // (200 replicates: mean 1.100, sd 0.007).
    const rng = new Rng(41);
    const four = [0, 1, 2, 3].map((j) => rng.normals(1000).map((v) => v + (j === 3 ? 1 : 0)));
    expect(rhat(four)).toBeGreaterThan(1.07);
    expect(rhat(four)).toBeLessThan(1.13);
    // With 2 chains, one offset by 1 sd: split means 0, 0, 1, 1 with variance 1/3, R-hat ~ sqrt(4/3) = 1.155.
    const two = [0, 1].map((j) => rng.normals(1000).map((v) => v + j));
    expect(rhat(two)).toBeGreaterThan(1.1);
    expect(rhatBasic(two)).toBeGreaterThan(1.1);
  });

  it('the folded (tail) R-hat detects chains with different scales; the bulk R-hat does not', () => {
    const rng = new Rng(42);
    const chains = [0, 1, 2, 3].map((j) => rng.normals(1000).map((v) => v * (j === 3 ? 3 : 1)));
    expect(rhatBulk(chains)).toBeLessThan(1.01); // same location
    expect(rhatBasic(chains)).toBeLessThan(1.01); // the classic R-hat is blind to it too
    expect(rhatTail(chains)).toBeGreaterThan(1.05);
    expect(rhat(chains)).toBe(rhatTail(chains));
  });

  it('rank-based diagnostics are invariant under exp (a strictly increasing map)', () => {
    const chains = ar1Chains(43, 4, 500, 0.7);
    const expChains = chains.map((c) => c.map(Math.exp));
    expect(rhatBulk(expChains)).toBe(rhatBulk(chains));
    expect(essBulk(expChains)).toBe(essBulk(chains));
    expect(essTail(expChains)).toBe(essTail(chains));
    expect(essQuantile(expChains, 0.3)).toBe(essQuantile(chains, 0.3));
    // The tail R-hat folds about the median, |x - med|, which exp does not preserve (it is not
    // symmetric), so rhat = max(bulk, tail) is invariant only approximately.
    expect(Math.abs(rhat(expChains) - rhat(chains))).toBeLessThan(0.01);
    // The classic R-hat is not invariant: exp of a heavy-tailed chain set changes it.
    expect(rhatBasic(expChains)).not.toBeCloseTo(rhatBasic(chains), 6);
  });

  it('returns NaN where posterior returns NA, and validates the chains', () => {
    expect(rhat([[1, 1, 1, 1]])).toBeNaN();
    expect(essBulk([Float64Array.from([1, 2, 3, Number.NaN, 5, 6])])).toBeNaN();
    expect(essBasic([[1, 2, 3, 4]])).toBeNaN(); // split chains of 2 draws: too short
    expect(essTail([[1, 2, 3, Infinity, 5, 6, 7]])).toBeNaN();
    expect(mcseMean([[1, 2, 3, Infinity, 5, 6, 7]])).toBeNaN();
    // As in posterior, the rank-based R-hat and bulk ESS rank an infinite draw as the largest.
    expect(rhatBulk([[1, 2, 3, Infinity, 5, 6, 7]])).toBe(rhatBulk([[1, 2, 3, 1e300, 5, 6, 7]]));
    expect(() => rhat([])).toThrow(/rhat: chains must be a non-empty array/);
    expect(() =>
      essBulk([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(/essBulk: chains must have the same length/);
    expect(() => essTail([[]])).toThrow(/chains\[0\] is empty/);
    expect(() => mcseQuantile([[1, 2, 3]], 1.5)).toThrow(/mcseQuantile: p must be a probability/);
  });
});

describe('summarizeChains and formatSummary', () => {
  const rng = new Rng(44);
  const chainDraws = [0, 1, 2, 3].map(
    () =>
      new Draws({
        mu: rng.normals(1000).map((v) => 1 + v),
        'theta[1]': rng.normals(1000).map((v) => Math.exp(v)),
      }),
  );

  it('gives the pooled summaries and the convergence diagnostics per quantity', () => {
    const rows = summarizeChains(chainDraws);
    expect(rows.map((r) => r.name)).toEqual(['mu', 'theta[1]']);
    for (const row of rows) {
      const chains = chainDraws.map((d) => d.get(row.name));
      const all = summarizeDraws(new Draws({ x: Float64Array.from(chains.flatMap((c) => Array.from(c))) }))[0]!;
      expect(row.mean).toBeCloseTo(all.mean, 12);
      expect(row.sd).toBeCloseTo(all.sd, 12);
      for (const [label, q] of Object.entries(all.quantiles)) expect(row.quantiles[label]).toBeCloseTo(q, 12);
      expect(row.ess).toBe(essMean(chains));
      expect(row.mcse).toBe(mcseMean(chains));
      expect(row.essBulk).toBe(essBulk(chains));
      expect(row.essTail).toBe(essTail(chains));
      expect(row.rhat).toBe(rhat(chains));
      expect(row.rhat).toBeLessThan(1.01);
      expect(row.essBulk).toBeGreaterThan(400);
    }
    expect(Object.keys(summarizeChains(chainDraws, { probs: [0.1, 0.9] })[0]!.quantiles)).toEqual(['10%', '90%']);
  });

  it('prints mcse, ess_bulk, ess_tail and rhat for chains, and the VI layout otherwise', () => {
    const rows = summarizeChains(chainDraws);
    const lines = formatSummary(rows).split('\n');
    expect(lines[0]!.trim().split(/\s+/)).toEqual([
      'name',
      'mean',
      'sd',
      '5%',
      '50%',
      '95%',
      'mcse',
      'ess_bulk',
      'ess_tail',
      'rhat',
    ]);
    const cells = lines[1]!.trim().split(/\s+/);
    expect(cells[0]).toBe('mu');
    expect(cells[7]).toBe(String(Math.round(rows[0]!.essBulk)));
    expect(cells[8]).toBe(String(Math.round(rows[0]!.essTail)));
    expect(cells[9]).toBe(rows[0]!.rhat.toFixed(3));
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    // Rows of independent draws keep the 'ess' column.
    const vi = formatSummary(summarizeDraws(chainDraws[0]!));
    expect(vi.split('\n')[0]!.trim().split(/\s+/)).toEqual(['name', 'mean', 'sd', '5%', '50%', '95%', 'mcse', 'ess']);
  });

  it('rejects mismatched or non-finite chains, naming them', () => {
    expect(() => summarizeChains([])).toThrow(/non-empty array of Draws/);
    const short = new Draws({ mu: new Float64Array(10), 'theta[1]': new Float64Array(10) });
    expect(() => summarizeChains([chainDraws[0]!, short])).toThrow(/chain 1 has 10/);
    const renamed = new Draws({ mu: new Float64Array(1000), tau: new Float64Array(1000) });
    expect(() => summarizeChains([chainDraws[0]!, renamed])).toThrow(/chain 1 has names/);
    const bad = new Draws({ mu: Float64Array.from([1, 2, Number.NaN]) });
    expect(() => summarizeChains([bad])).toThrow(/chain 0 'mu'\[2\]/);
    expect(() => summarizeChains(chainDraws, { probs: [-0.1] })).toThrow(/probs|probability/);
  });
});
