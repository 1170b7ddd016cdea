// Discrete distributions: log mass vs jStat / float64 closed forms,
// broadcasting, scores vs float64 finite differences, argument validation.
//
// Tolerances (float32). Parameters are bounded so that every term of a log
// mass (log-factorials up to lgamma(61) ~ 189, x log p, n log(1 - p)) is
// below ~300 in magnitude; float32 rounds such a term to ~2e-5 (ulp(256) =
// 3e-5) and the tensor lgamma adds ~1e-7 relative, so a sum of <= 6 terms
// is within 2e-4 of the float64 reference: LOGPROB_TOL = 2e-4 absolute.
// Scores are sums of terms like x / p or digamma differences, each with
// float32 relative error ~1e-6 times a few cancellation steps, against float64
// central differences with truncation error ~1e-9: GRAD_TOL = 1e-3 relative
// to max(1, |reference|).
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import type { Distribution, TensorLike } from '../../src/distributions/distribution.js';
import {
  BetaBinomial,
  Categorical,
  bernoulli,
  bernoulliLogit,
  betaBinomial,
  binomial,
  binomialLogit,
  categorical,
  categoricalLogit,
  negativeBinomial,
  poisson,
  poissonLogRate,
} from '../../src/distributions/discrete.js';
import { logBeta, logGamma } from '../../src/math/special.js';
import { FC, H, SEED, expectArgumentError, scalarOf } from './support.js';

const LOGPROB_TOL = 2e-4;
const GRAD_TOL = 1e-3;

type Params = Record<string, number | number[]>;

interface Row {
  readonly name: string;
  /** Random parameters (numbers or vectors). */
  readonly params: fc.Arbitrary<Params>;
  /** A random value in the support given the parameters. */
  readonly value: (p: Params) => fc.Arbitrary<number>;
  readonly make: (p: Record<string, TensorLike>) => Distribution;
  /** Float64 reference log mass. */
  readonly ref: (x: number, p: Params) => number;
  /** Arguments with respect to which scores are checked. */
  readonly continuous: readonly string[];
}

const num = (p: Params, k: string): number => p[k] as number;
const vec = (p: Params, k: string): number[] => p[k] as number[];
const sigmoid = (l: number): number => 1 / (1 + Math.exp(-l));
const logSumExp = (v: number[]): number => {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
};
const lchoose = (n: number, x: number): number => logGamma(n + 1) - logGamma(x + 1) - logGamma(n - x + 1);
const prob = fc.double({ min: 0.05, max: 0.95, noNaN: true });
const count = fc.integer({ min: 0, max: 60 });
const upTo = (n: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: n });
const simplex = (k: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: k, maxLength: k }).map((w) => {
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / s);
  });

const ROWS: readonly Row[] = [
  {
    name: 'Bernoulli',
    params: fc.record({ probs: prob }),
    value: () => upTo(1),
    make: (p) => bernoulli(p.probs as TensorLike),
    ref: (x, p) => Math.log(jStat.binomial.pdf(x, 1, num(p, 'probs'))),
    continuous: ['probs'],
  },
  {
    name: 'BernoulliLogit',
    params: fc.record({ logits: fc.double({ min: -8, max: 8, noNaN: true }) }),
    value: () => upTo(1),
    make: (p) => bernoulliLogit(p.logits as TensorLike),
    ref: (x, p) => Math.log(jStat.binomial.pdf(x, 1, sigmoid(num(p, 'logits')))),
    continuous: ['logits'],
  },
  {
    name: 'Binomial',
    params: fc.record({ totalCount: count, probs: prob }),
    value: (p) => upTo(num(p, 'totalCount')),
    make: (p) => binomial(p.totalCount as TensorLike, p.probs as TensorLike),
    ref: (x, p) => Math.log(jStat.binomial.pdf(x, num(p, 'totalCount'), num(p, 'probs'))),
    continuous: ['probs'],
  },
  {
    name: 'BinomialLogit',
    params: fc.record({ totalCount: count, logits: fc.double({ min: -3, max: 3, noNaN: true }) }),
    value: (p) => upTo(num(p, 'totalCount')),
    make: (p) => binomialLogit(p.totalCount as TensorLike, p.logits as TensorLike),
    ref: (x, p) => Math.log(jStat.binomial.pdf(x, num(p, 'totalCount'), sigmoid(num(p, 'logits')))),
    continuous: ['logits'],
  },
  {
    name: 'Poisson',
    params: fc.record({ rate: fc.double({ min: 0.1, max: 30, noNaN: true }) }),
    value: () => upTo(60),
    make: (p) => poisson(p.rate as TensorLike),
    ref: (x, p) => Math.log(jStat.poisson.pdf(x, num(p, 'rate'))),
    continuous: ['rate'],
  },
  {
    name: 'PoissonLogRate',
    params: fc.record({ logRate: fc.double({ min: -2, max: 3.4, noNaN: true }) }),
    value: () => upTo(60),
    make: (p) => poissonLogRate(p.logRate as TensorLike),
    ref: (x, p) => Math.log(jStat.poisson.pdf(x, Math.exp(num(p, 'logRate')))),
    continuous: ['logRate'],
  },
  {
    name: 'NegativeBinomial',
    params: fc.record({
      mu: fc.double({ min: 0.1, max: 30, noNaN: true }),
      phi: fc.double({ min: 0.2, max: 50, noNaN: true }),
    }),
    value: () => upTo(60),
    make: (p) => negativeBinomial(p.mu as TensorLike, p.phi as TensorLike),
    // Stan's neg_binomial_2: C(x + phi - 1, x) (mu / (mu + phi))^x (phi / (mu + phi))^phi.
    ref: (x, p) => {
      const mu = num(p, 'mu');
      const phi = num(p, 'phi');
      return (
        logGamma(x + phi) -
        logGamma(x + 1) -
        logGamma(phi) +
        x * Math.log(mu / (mu + phi)) +
        phi * Math.log(phi / (mu + phi))
      );
    },
    continuous: ['mu', 'phi'],
  },
  {
    name: 'Categorical',
    params: fc.record({ probs: simplex(5) }),
    value: () => upTo(4),
    make: (p) => categorical(p.probs as TensorLike),
    ref: (x, p) => Math.log(vec(p, 'probs')[x] as number),
    continuous: ['probs'],
  },
  {
    name: 'CategoricalLogit',
    params: fc.record({
      logits: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
    }),
    value: () => upTo(3),
    make: (p) => categoricalLogit(p.logits as TensorLike),
    ref: (x, p) => (vec(p, 'logits')[x] as number) - logSumExp(vec(p, 'logits')),
    continuous: ['logits'],
  },
  {
    name: 'BetaBinomial',
    params: fc.record({
      totalCount: count,
      alpha: fc.double({ min: 0.2, max: 20, noNaN: true }),
      beta: fc.double({ min: 0.2, max: 20, noNaN: true }),
    }),
    value: (p) => upTo(num(p, 'totalCount')),
    make: (p) => betaBinomial(p.totalCount as TensorLike, p.alpha as TensorLike, p.beta as TensorLike),
    ref: (x, p) => {
      const n = num(p, 'totalCount');
      const a = num(p, 'alpha');
      const b = num(p, 'beta');
      return lchoose(n, x) + logBeta(x + a, n - x + b) - logBeta(a, b);
    },
    continuous: ['alpha', 'beta'],
  },
];

const caseOf = (row: Row): fc.Arbitrary<{ p: Params; x: number }> =>
  row.params.chain((p) => fc.record({ p: fc.constant(p), x: row.value(p) }));

describe.each(ROWS)('$name', (row) => {
  it('log mass matches the float64 reference', () => {
    fc.assert(
      fc.property(caseOf(row), ({ p, x }) => {
        const lp = scalarOf(tf.tidy(() => row.make(p).logProb(x)));
        expect(Math.abs(lp - row.ref(x, p))).toBeLessThanOrEqual(LOGPROB_TOL);
      }),
      FC,
    );
  });

  it('scores w.r.t. continuous arguments match float64 central differences', () => {
    fc.assert(
      fc.property(caseOf(row), ({ p, x }) => {
        const names = row.continuous;
        const grads = tf.tidy(() => {
          const f = (...ts: tf.Tensor[]): tf.Tensor => {
            const args: Record<string, TensorLike> = { ...p };
            names.forEach((n, i) => (args[n] = ts[i] as tf.Tensor));
            return tf.sum(row.make(args).logProb(x));
          };
          return tf
            .grads(f)(names.map((n) => tf.tensor(p[n] as number | number[])))
            .map((g) => Array.from(g.dataSync()));
        });
        names.forEach((n, i) => {
          const v = p[n] as number | number[];
          const flat = typeof v === 'number' ? [v] : v;
          flat.forEach((v0, j) => {
            const at = (d: number): number => {
              const moved = flat.map((w, k) => (k === j ? w + d : w));
              return row.ref(x, { ...p, [n]: typeof v === 'number' ? (moved[0] as number) : moved });
            };
            const fd =
              (at(H * Math.max(1, Math.abs(v0))) - at(-H * Math.max(1, Math.abs(v0)))) /
              (2 * H * Math.max(1, Math.abs(v0)));
            const g = (grads[i] as number[])[j] as number;
            expect(Math.abs(g - fd)).toBeLessThanOrEqual(GRAD_TOL * Math.max(1, Math.abs(fd)));
          });
        });
      }),
      { ...FC, numRuns: 15 },
    );
  });

  it('a [N, 1] argument against [n] data gives [N, n]', () => {
    const N = 3;
    const cases = fc.sample(caseOf(row), { seed: SEED, numRuns: N * 4 });
    // N parameter sets (first one of each block), n = 4 values valid for all.
    const ps = cases.slice(0, N).map((c) => c.p);
    const xs = cases.slice(0, 4).map((c) => c.x);
    // Values must be valid for every parameter set: clamp to the smallest upper bound.
    const cap = Math.min(...ps.map((p) => (p.totalCount === undefined ? Infinity : num(p, 'totalCount'))));
    const values = xs.map((x) => Math.min(x, cap));
    const args: Record<string, TensorLike> = {};
    for (const k of Object.keys(ps[0] as Params)) {
      const column = ps.map((p) => p[k] as number | number[]);
      args[k] = tf.tensor(column as number[] | number[][]).expandDims(1);
    }
    const lp = tf.tidy(() => row.make(args).logProb(values));
    expect(lp.shape).toEqual([N, values.length]);
    const out = lp.arraySync() as number[][];
    lp.dispose();
    ps.forEach((p, i) =>
      values.forEach((x, j) =>
        expect(Math.abs(((out[i] as number[])[j] as number) - row.ref(x, p))).toBeLessThanOrEqual(LOGPROB_TOL),
      ),
    );
  });
});

describe('support handling', () => {
  it('values outside the support have log mass -Infinity and finite scores', () => {
    const cases: [Distribution, number[]][] = [
      [bernoulli(0.3), [-1, 2, 0.5]],
      [binomial(5, 0.3), [-1, 6, 2.5]],
      [poisson(2), [-1, 1.5]],
      [negativeBinomial(2, 3), [-2, 0.1]],
      [categorical([0.2, 0.8]), [-1, 2, 0.5]],
      [categoricalLogit([0, 1, 2]), [3, -1]],
      [betaBinomial(4, 1, 2), [5, -1]],
    ];
    for (const [d, xs] of cases) {
      const lp = tf.tidy(() => d.logProb(xs).dataSync());
      for (const v of lp) expect(v).toBe(-Infinity);
    }
    const g = tf.tidy(() =>
      tf
        .grad((r: tf.Tensor) => tf.sum(tf.where(tf.tensor([true, false]), poisson(r).logProb([1, -1]), tf.zeros([2]))))(
          tf.scalar(2),
        )
        .dataSync(),
    );
    expect(Number.isFinite(g[0])).toBe(true);
  });

  it('degenerate concrete arguments give the right point masses', () => {
    expect(scalarOf(bernoulli(0).logProb(0))).toBe(0);
    expect(scalarOf(bernoulli(1).logProb(1))).toBe(0);
    expect(scalarOf(binomial(4, 1).logProb(4))).toBeCloseTo(0, 5);
    expect(scalarOf(poisson(0).logProb(0))).toBeCloseTo(0, 5); // -lgamma(1) in float32
    expect(new Categorical([0.5, 0.5]).support).toEqual({ type: 'integer', lower: 0, upper: 1 });
    expect(new BetaBinomial(7, 1, 1).support).toEqual({ type: 'integer', lower: 0, upper: 7 });
  });
});

describe('argument validation', () => {
  const CASES: readonly { name: string; make: () => unknown; distribution: string; argument: string }[] = [
    { name: 'probs > 1', make: () => bernoulli(1.2), distribution: 'Bernoulli', argument: 'probs' },
    { name: 'probs < 0', make: () => binomial(3, [-0.1, 0.5]), distribution: 'Binomial', argument: 'probs' },
    {
      name: 'non-integer totalCount',
      make: () => binomial(2.5, 0.5),
      distribution: 'Binomial',
      argument: 'totalCount',
    },
    {
      name: 'negative totalCount',
      make: () => binomialLogit(-1, 0),
      distribution: 'BinomialLogit',
      argument: 'totalCount',
    },
    { name: 'NaN logits', make: () => bernoulliLogit(Number.NaN), distribution: 'BernoulliLogit', argument: 'logits' },
    { name: 'negative rate', make: () => poisson(-1), distribution: 'Poisson', argument: 'rate' },
    {
      name: 'infinite logRate',
      make: () => poissonLogRate(Infinity),
      distribution: 'PoissonLogRate',
      argument: 'logRate',
    },
    { name: 'zero mu', make: () => negativeBinomial(0, 1), distribution: 'NegativeBinomial', argument: 'mu' },
    { name: 'negative phi', make: () => negativeBinomial(1, -2), distribution: 'NegativeBinomial', argument: 'phi' },
    {
      name: 'probs not summing to 1',
      make: () => categorical([0.2, 0.2]),
      distribution: 'Categorical',
      argument: 'probs',
    },
    { name: 'scalar probs', make: () => categorical(0.5), distribution: 'Categorical', argument: 'probs' },
    { name: 'zero alpha', make: () => betaBinomial(3, 0, 1), distribution: 'BetaBinomial', argument: 'alpha' },
    {
      name: 'non-integer totalCount (beta-binomial)',
      make: () => betaBinomial(1.5, 1, 1),
      distribution: 'BetaBinomial',
      argument: 'totalCount',
    },
    {
      name: 'shapes that do not broadcast',
      make: () => binomial([1, 2], [0.1, 0.2, 0.3]),
      distribution: 'Binomial',
      argument: 'totalCount, probs',
    },
  ];
  it.each(CASES)('$name throws DistributionArgumentError naming the argument', ({ make, distribution, argument }) => {
    expectArgumentError(make, distribution, argument);
  });
});
