// Continuous scalar distributions, table-driven: one row per distribution,
// generic checks looping over the rows (log density against jstat, batched
// broadcasting, scores against finite differences, seeded samplers against
// moments and quantiles, argument validation and support).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { DistributionArgumentError } from '../../src/core/errors.js';
import type { NDArray } from '../../src/core/ndarray.js';
import { Rng } from '../../src/core/rng.js';
import {
  beta,
  cauchy,
  chiSquare,
  exponential,
  gamma,
  halfCauchy,
  halfNormal,
  halfStudentT,
  inverseGamma,
  laplace,
  logistic,
  logNormal,
  normal,
  studentT,
  uniform,
  weibull,
  type ScalarDistribution,
} from '../../src/distributions/continuous.js';
import type { TensorLike } from '../../src/distributions/distribution.js';
import { logGamma as lg } from '../../src/math/special.js';
import { SEED } from './support.js';

type Dist = ScalarDistribution & { mean(): NDArray; variance(): NDArray };
type Args = readonly number[];
/** Domain of a coordinate, for the finite-difference step. */
type Domain = 'real' | 'positive' | 'unit';

interface Row {
  name: string;
  /** Build the distribution from positional arguments. */
  make: (a: readonly TensorLike[]) => Dist;
  /** Argument names, in positional order (as reported by DistributionArgumentError). */
  argNames: readonly string[];
  /** Domains of [value, ...arguments], for finite-difference steps. */
  domains: readonly Domain[];
  /** Argument tuples, exactly representable in float32. */
  params: fc.Arbitrary<number[]>;
  /** The float64 closed-form log density as a list of additive terms (their sum is log p). */
  terms: (x: number, a: Args) => number[];
  /**
   * Magnitude of float32 rounding propagated through an intermediate that
   * the term list does not show (see the tolerance comment); default 0.
   */
  extra?: (x: number, a: Args) => number;
  /** Independent reference log density: log of a jstat pdf, or a different closed form. */
  reference: (x: number, a: Args) => number;
  /** Quantile function (jstat inv or closed form), float64. */
  quantile: (p: number, a: Args) => number;
  /** Points where the density is not differentiable (skipped by the score check). */
  kink?: (x: number, a: Args) => boolean;
  /** Three argument tuples for the broadcasting check. */
  batch: readonly Args[];
  /** Argument tuples for the sampler checks. */
  sampleArgs: readonly Args[];
  /** Whether the fourth moment is finite (enables the variance check); default true. */
  fourthMoment?: (a: Args) => boolean;
  /** Invalid concrete arguments and the argument the error must name. */
  invalid: readonly { args: Args; argument: string }[];
  /** Values outside the support, for `batch[0]`. */
  outside: readonly number[];
}

const f32 = Math.fround;
const num = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(f32);
const LOC = num(-10, 10);
const SCALE = num(0.1, 10);
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const log = Math.log;
const two = (a: Args): readonly [number, number] => a as readonly [number, number];
const three = (a: Args): readonly [number, number, number] => a as readonly [number, number, number];
const one = (a: Args): number => a[0] as number;
const pdfLog = (p: number): number => log(p);
/** Fields shared by the location-scale rows `(loc, scale)`. */
const LOC_SCALE: Pick<Row, 'argNames' | 'domains' | 'params' | 'batch'> = {
  argNames: ['loc', 'scale'],
  domains: ['real', 'real', 'positive'],
  params: fc.tuple(LOC, SCALE).map((t) => [...t]),
  batch: [
    [0, 1],
    [2, 0.5],
    [-1, 3],
  ],
};

const rows: Row[] = [
  {
    name: 'Normal',
    make: ([m, s]) => normal(m as TensorLike, s as TensorLike),
    ...LOC_SCALE,
    terms: (x, a) => {
      const [m, s] = two(a);
      const z = (x - m) / s;
      return [-0.5 * z * z, -log(s), -HALF_LOG_2PI];
    },
    reference: (x, a) => pdfLog(jStat.normal.pdf(x, ...two(a))),
    quantile: (p, a) => jStat.normal.inv(p, ...two(a)),
    sampleArgs: [
      [1.5, 2],
      [-3, 0.2],
    ],
    invalid: [
      { args: [0, -1], argument: 'scale' },
      { args: [0, 0], argument: 'scale' },
      { args: [Number.NaN, 1], argument: 'loc' },
      { args: [Infinity, 1], argument: 'loc' },
    ],
    outside: [],
  },
  {
    name: 'StudentT',
    make: ([df, m, s]) => studentT(df as TensorLike, m as TensorLike, s as TensorLike),
    argNames: ['df', 'loc', 'scale'],
    domains: ['real', 'positive', 'real', 'positive'],
    params: fc.tuple(num(0.5, 30), LOC, SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const [df, m, s] = three(a);
      const z = (x - m) / s;
      return [
        lg((df + 1) / 2),
        -lg(df / 2),
        -0.5 * log(df * Math.PI),
        -log(s),
        (-(df + 1) / 2) * Math.log1p((z * z) / df),
      ];
    },
    // jstat's Student-t is standard: p(x) = t_df((x - loc) / scale) / scale.
    reference: (x, a) => {
      const [df, m, s] = three(a);
      return pdfLog(jStat.studentt.pdf((x - m) / s, df) / s);
    },
    quantile: (p, a) => {
      const [df, m, s] = three(a);
      return m + s * jStat.studentt.inv(p, df);
    },
    batch: [
      [3, 0, 1],
      [1, 2, 0.5],
      [20, -1, 3],
    ],
    sampleArgs: [
      [10, 1, 2],
      [1.5, -1, 0.5],
    ],
    fourthMoment: (a) => one(a) > 4,
    invalid: [
      { args: [0, 0, 1], argument: 'df' },
      { args: [-2, 0, 1], argument: 'df' },
      { args: [3, Number.NaN, 1], argument: 'loc' },
      { args: [3, 0, -1], argument: 'scale' },
    ],
    outside: [],
  },
  {
    name: 'Cauchy',
    make: ([m, s]) => cauchy(m as TensorLike, s as TensorLike),
    ...LOC_SCALE,
    terms: (x, a) => {
      const [m, s] = two(a);
      const z = (x - m) / s;
      return [-log(Math.PI), -log(s), -Math.log1p(z * z)];
    },
    reference: (x, a) => pdfLog(jStat.cauchy.pdf(x, ...two(a))),
    quantile: (p, a) => jStat.cauchy.inv(p, ...two(a)),
    sampleArgs: [
      [1, 2],
      [-5, 0.1],
    ],
    fourthMoment: () => false,
    invalid: [
      { args: [0, -1], argument: 'scale' },
      { args: [-Infinity, 1], argument: 'loc' },
    ],
    outside: [],
  },
  {
    name: 'HalfNormal',
    make: ([s]) => halfNormal(s as TensorLike),
    argNames: ['scale'],
    domains: ['positive', 'positive'],
    params: fc.tuple(SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const s = one(a);
      return [0.5 * log(2 / Math.PI), -log(s), (-0.5 * x * x) / (s * s)];
    },
    // Density of |X|, X ~ Normal(0, scale): twice the normal density on x >= 0.
    reference: (x, a) => pdfLog(2 * jStat.normal.pdf(x, 0, one(a))),
    quantile: (p, a) => jStat.normal.inv((1 + p) / 2, 0, one(a)),
    batch: [[1], [0.5], [3]],
    sampleArgs: [[2], [0.3]],
    invalid: [
      { args: [-1], argument: 'scale' },
      { args: [Infinity], argument: 'scale' },
    ],
    outside: [-1, -1e-6, -Infinity, Infinity],
  },
  {
    name: 'HalfCauchy',
    make: ([s]) => halfCauchy(s as TensorLike),
    argNames: ['scale'],
    domains: ['positive', 'positive'],
    params: fc.tuple(SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const s = one(a);
      return [log(2 / Math.PI), -log(s), -Math.log1p((x * x) / (s * s))];
    },
    reference: (x, a) => pdfLog(2 * jStat.cauchy.pdf(x, 0, one(a))),
    quantile: (p, a) => jStat.cauchy.inv((1 + p) / 2, 0, one(a)),
    batch: [[1], [0.5], [3]],
    sampleArgs: [[2], [0.3]],
    fourthMoment: () => false,
    invalid: [{ args: [0], argument: 'scale' }],
    outside: [-1, -Infinity, Infinity],
  },
  {
    name: 'HalfStudentT',
    make: ([df, s]) => halfStudentT(df as TensorLike, s as TensorLike),
    argNames: ['df', 'scale'],
    domains: ['positive', 'positive', 'positive'],
    params: fc.tuple(num(0.5, 30), SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const [df, s] = two(a);
      const z = x / s;
      return [
        log(2),
        lg((df + 1) / 2),
        -lg(df / 2),
        -0.5 * log(df * Math.PI),
        -log(s),
        (-(df + 1) / 2) * Math.log1p((z * z) / df),
      ];
    },
    reference: (x, a) => {
      const [df, s] = two(a);
      return pdfLog((2 * jStat.studentt.pdf(x / s, df)) / s);
    },
    quantile: (p, a) => {
      const [df, s] = two(a);
      return s * jStat.studentt.inv((1 + p) / 2, df);
    },
    batch: [
      [3, 1],
      [1, 0.5],
      [20, 3],
    ],
    sampleArgs: [
      [10, 2],
      [2.5, 1],
    ],
    fourthMoment: (a) => one(a) > 4,
    invalid: [
      { args: [0, 1], argument: 'df' },
      { args: [3, -2], argument: 'scale' },
    ],
    outside: [-0.5, -Infinity, Infinity],
  },
  {
    name: 'Exponential',
    make: ([r]) => exponential(r as TensorLike),
    argNames: ['rate'],
    domains: ['positive', 'positive'],
    params: fc.tuple(SCALE).map((t) => [...t]),
    terms: (x, a) => [log(one(a)), -one(a) * x],
    reference: (x, a) => pdfLog(jStat.exponential.pdf(x, one(a))),
    quantile: (p, a) => jStat.exponential.inv(p, one(a)),
    batch: [[1], [0.5], [3]],
    sampleArgs: [[2], [0.1]],
    invalid: [
      { args: [0], argument: 'rate' },
      { args: [-1], argument: 'rate' },
    ],
    outside: [-0.1, -Infinity, Infinity],
  },
  {
    name: 'Gamma',
    make: ([k, r]) => gamma(k as TensorLike, r as TensorLike),
    argNames: ['shape', 'rate'],
    domains: ['positive', 'positive', 'positive'],
    params: fc.tuple(num(0.3, 20), SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const [k, r] = two(a);
      return [k * log(r), -lg(k), (k - 1) * log(x), -r * x];
    },
    // jstat's gamma takes (shape, SCALE): scale = 1 / rate.
    reference: (x, a) => {
      const [k, r] = two(a);
      return pdfLog(jStat.gamma.pdf(x, k, 1 / r));
    },
    quantile: (p, a) => {
      const [k, r] = two(a);
      return jStat.gamma.inv(p, k, 1 / r);
    },
    batch: [
      [2, 1],
      [0.5, 2],
      [10, 0.5],
    ],
    sampleArgs: [
      [3, 2],
      [0.3, 0.5],
    ],
    invalid: [
      { args: [0, 1], argument: 'shape' },
      { args: [1, -1], argument: 'rate' },
      { args: [Number.NaN, 1], argument: 'shape' },
    ],
    outside: [0, -1, -Infinity, Infinity],
  },
  {
    name: 'InverseGamma',
    make: ([k, s]) => inverseGamma(k as TensorLike, s as TensorLike),
    argNames: ['shape', 'scale'],
    domains: ['positive', 'positive', 'positive'],
    params: fc.tuple(num(0.5, 20), SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const [k, s] = two(a);
      return [k * log(s), -lg(k), -(k + 1) * log(x), -s / x];
    },
    // jstat's invgamma takes (shape, scale) in Stan's convention: scale^shape / Gamma(shape) x^(-shape-1) exp(-scale/x).
    reference: (x, a) => pdfLog(jStat.invgamma.pdf(x, ...two(a))),
    quantile: (p, a) => jStat.invgamma.inv(p, ...two(a)),
    batch: [
      [3, 1],
      [0.5, 2],
      [10, 0.5],
    ],
    sampleArgs: [
      [6, 2],
      [1.5, 1],
    ],
    fourthMoment: (a) => one(a) > 4,
    invalid: [
      { args: [-1, 1], argument: 'shape' },
      { args: [1, 0], argument: 'scale' },
    ],
    outside: [0, -1, -Infinity, Infinity],
  },
  {
    name: 'Beta',
    make: ([al, be]) => beta(al as TensorLike, be as TensorLike),
    argNames: ['alpha', 'beta'],
    domains: ['unit', 'positive', 'positive'],
    params: fc.tuple(num(0.5, 20), num(0.5, 20)).map((t) => [...t]),
    terms: (x, a) => {
      const [al, be] = two(a);
      return [(al - 1) * log(x), (be - 1) * Math.log1p(-x), -lg(al), -lg(be), lg(al + be)];
    },
    reference: (x, a) => pdfLog(jStat.beta.pdf(x, ...two(a))),
    quantile: (p, a) => jStat.beta.inv(p, ...two(a)),
    batch: [
      [2, 3],
      [0.5, 0.5],
      [10, 1],
    ],
    sampleArgs: [
      [2, 5],
      [0.3, 0.4],
    ],
    invalid: [
      { args: [0, 1], argument: 'alpha' },
      { args: [1, -3], argument: 'beta' },
      { args: [1, Infinity], argument: 'beta' },
    ],
    outside: [0, 1, -0.5, 1.5, -Infinity, Infinity],
  },
  {
    name: 'LogNormal',
    make: ([m, s]) => logNormal(m as TensorLike, s as TensorLike),
    argNames: ['loc', 'scale'],
    domains: ['positive', 'real', 'positive'],
    params: fc.tuple(num(-3, 3), num(0.1, 3)).map((t) => [...t]),
    terms: (x, a) => {
      const [m, s] = two(a);
      const z = (log(x) - m) / s;
      return [-log(x), -log(s), -HALF_LOG_2PI, -0.5 * z * z];
    },
    // log(x) is rounded (absolute error u |log x|) before the subtraction,
    // so z^2 / 2 carries an error |z| |log x| / scale times u.
    extra: (x, a) => {
      const [m, s] = two(a);
      return (Math.abs((log(x) - m) / s) * Math.abs(log(x))) / s;
    },
    reference: (x, a) => pdfLog(jStat.lognormal.pdf(x, ...two(a))),
    quantile: (p, a) => jStat.lognormal.inv(p, ...two(a)),
    batch: [
      [0, 1],
      [1, 0.5],
      [-1, 2],
    ],
    sampleArgs: [
      [0.5, 0.5],
      [-1, 0.2],
    ],
    invalid: [
      { args: [0, -1], argument: 'scale' },
      { args: [Number.NaN, 1], argument: 'loc' },
    ],
    outside: [0, -1, -Infinity, Infinity],
  },
  {
    name: 'Uniform',
    make: ([l, u]) => uniform(l as TensorLike, u as TensorLike),
    argNames: ['lower', 'upper'],
    domains: ['real', 'real', 'real'],
    params: fc.tuple(LOC, num(0.5, 10)).map(([l, w]) => [l, f32(l + w)]),
    terms: (_x, a) => {
      const [l, u] = two(a);
      return [-log(u - l)];
    },
    reference: (x, a) => pdfLog(jStat.uniform.pdf(x, ...two(a))),
    quantile: (p, a) => jStat.uniform.inv(p, ...two(a)),
    batch: [
      [0, 1],
      [-1, 2],
      [0.25, 0.5],
    ],
    sampleArgs: [
      [-1, 3],
      [10, 10.5],
    ],
    invalid: [
      { args: [0, -1], argument: 'upper' },
      { args: [1, 1], argument: 'upper' },
      { args: [Number.NaN, 1], argument: 'lower' },
      { args: [0, Infinity], argument: 'upper' },
    ],
    outside: [-0.001, 1.001, -Infinity, Infinity],
  },
  {
    name: 'Laplace',
    make: ([m, s]) => laplace(m as TensorLike, s as TensorLike),
    ...LOC_SCALE,
    terms: (x, a) => {
      const [m, s] = two(a);
      return [-log(2), -log(s), -Math.abs(x - m) / s];
    },
    reference: (x, a) => pdfLog(jStat.laplace.pdf(x, ...two(a))),
    // jstat has no Laplace quantile: loc - scale sign(p - 1/2) log(1 - 2 |p - 1/2|).
    quantile: (p, a) => {
      const [m, s] = two(a);
      return m - s * Math.sign(p - 0.5) * Math.log1p(-2 * Math.abs(p - 0.5));
    },
    kink: (x, a) => Math.abs(x - two(a)[0]) < 1e-3 * two(a)[1],
    sampleArgs: [
      [1, 2],
      [-2, 0.1],
    ],
    invalid: [
      { args: [0, -1], argument: 'scale' },
      { args: [Infinity, 1], argument: 'loc' },
    ],
    outside: [],
  },
  {
    name: 'Logistic',
    make: ([m, s]) => logistic(m as TensorLike, s as TensorLike),
    ...LOC_SCALE,
    terms: (x, a) => {
      const [m, s] = two(a);
      const z = Math.abs((x - m) / s);
      return [-z, -2 * Math.log1p(Math.exp(-z)), -log(s)];
    },
    // jstat has no logistic: an independent closed form, p(x) = sech^2(z / 2) / (4 scale).
    reference: (x, a) => {
      const [m, s] = two(a);
      return -2 * log(Math.cosh((x - m) / s / 2)) - log(4 * s);
    },
    quantile: (p, a) => {
      const [m, s] = two(a);
      return m + s * log(p / (1 - p));
    },
    sampleArgs: [
      [1, 2],
      [-2, 0.1],
    ],
    invalid: [
      { args: [0, 0], argument: 'scale' },
      { args: [Number.NaN, 1], argument: 'loc' },
    ],
    outside: [],
  },
  {
    name: 'Weibull',
    make: ([k, s]) => weibull(k as TensorLike, s as TensorLike),
    argNames: ['shape', 'scale'],
    domains: ['positive', 'positive', 'positive'],
    params: fc.tuple(num(0.5, 5), SCALE).map((t) => [...t]),
    terms: (x, a) => {
      const [k, s] = two(a);
      return [log(k), -log(s), (k - 1) * log(x / s), -Math.pow(x / s, k)];
    },
    // (x / scale)^k = exp(k log(x / scale)): the absolute error u (1 + |log z|)
    // of log z is multiplied by k and turned into a relative error by exp.
    extra: (x, a) => {
      const [k, s] = two(a);
      const z = x / s;
      return k * (1 + 2 * Math.abs(log(z))) * Math.pow(z, k);
    },
    // jstat's weibull takes (scale, shape).
    reference: (x, a) => {
      const [k, s] = two(a);
      return pdfLog(jStat.weibull.pdf(x, s, k));
    },
    quantile: (p, a) => {
      const [k, s] = two(a);
      return jStat.weibull.inv(p, s, k);
    },
    batch: [
      [1.5, 1],
      [0.5, 2],
      [4, 0.5],
    ],
    sampleArgs: [
      [1.5, 2],
      [0.6, 1],
    ],
    invalid: [
      { args: [0, 1], argument: 'shape' },
      { args: [2, -1], argument: 'scale' },
    ],
    outside: [0, -1, -Infinity, Infinity],
  },
  {
    name: 'ChiSquare',
    make: ([df]) => chiSquare(df as TensorLike),
    argNames: ['df'],
    domains: ['positive', 'positive'],
    params: fc.tuple(num(0.5, 30)).map((t) => [...t]),
    terms: (x, a) => {
      const k = one(a) / 2;
      return [-k * log(2), -lg(k), (k - 1) * log(x), -x / 2];
    },
    reference: (x, a) => pdfLog(jStat.chisquare.pdf(x, one(a))),
    quantile: (p, a) => jStat.chisquare.inv(p, one(a)),
    batch: [[3], [0.5], [12]],
    sampleArgs: [[4], [0.7]],
    invalid: [
      { args: [0], argument: 'df' },
      { args: [-1], argument: 'df' },
    ],
    outside: [0, -1, -Infinity, Infinity],
  },
];

const FC = { seed: SEED, numRuns: 50 } as const;
const FC_SCORES = { seed: SEED, numRuns: 25 } as const;
const sum = (v: readonly number[]): number => v.reduce((s, t) => s + t, 0);
const absSum = (v: readonly number[]): number => v.reduce((s, t) => s + Math.abs(t), 0);

/** A point inside the support: float32-rounded quantile at probability p, for float32 arguments. */
function point(row: Row): fc.Arbitrary<{ a: number[]; x: number }> {
  return fc
    .tuple(row.params, fc.double({ min: 0.005, max: 0.995, noNaN: true }))
    .map(([a, p]) => ({ a, x: f32(row.quantile(p, a)) }));
}

/** logProb at one point with concrete arguments, as a number. */
function logProbAt(row: Row, x: number, a: Args): number {
  return tf.tidy(() => row.make(a).logProb(x).dataSync()[0] as number);
}

function at(data: ArrayLike<number>, i: number): number {
  return data[i] as number;
}

describe('continuous distributions: metadata', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s has eventRank 0, a support and its name', (name, row) => {
    const d = row.make(row.batch[0] as Args);
    expect(d.eventRank).toBe(0);
    expect(d.name).toBe(name);
    expect(d.support.type).toMatch(/^(real|lower|interval)$/);
    expect(d.batchShape).toEqual([]);
    expect(d.mean().shape).toEqual([]);
    expect(d.variance().shape).toEqual([]);
  });

  it('logProb and its gradient leave no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const row of rows) {
      const a = row.batch[0] as Args;
      row
        .make(a)
        .logProb([...row.outside, f32(row.quantile(0.3, a))])
        .dispose();
      const g = tf.grads((...ts: tf.Tensor[]) => tf.sum(row.make(ts.slice(1)).logProb(ts[0] as tf.Tensor)));
      const inputs = [tf.scalar(f32(row.quantile(0.7, a))), ...a.map((v) => tf.scalar(v))];
      for (const t of [...g(inputs), ...inputs]) t.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('supports are the documented constraints', () => {
    expect(normal(0, 1).support).toEqual({ type: 'real' });
    expect(halfNormal(1).support).toEqual({ type: 'lower', lower: 0 });
    expect(gamma(2, 1).support).toEqual({ type: 'lower', lower: 0 });
    expect(beta(2, 2).support).toEqual({ type: 'interval', lower: 0, upper: 1 });
    expect(uniform(-1, 2).support).toEqual({ type: 'interval', lower: -1, upper: 2 });
    expect(uniform([0, 1], [2, 3]).support).toEqual({ type: 'interval', lower: 0, upper: 3 });
    expect(uniform(tf.scalar(0), 1).support).toEqual({ type: 'real' });
  });
});

describe('continuous distributions: log density against jstat', () => {
  // Tolerance. Arguments and values are float32 numbers (exactly
  // representable), so the reference is evaluated at the same inputs and the
  // only error is float32 evaluation. Each term t_k of the log density is
  // computed with relative error of a few u = 2^-24 ~ 6e-8 (a handful of
  // rounded ops, and lgamma's shifted Stirling series whose internal terms
  // are a small multiple of |lgamma|); summing them adds u sum|t_k|. So the
  // absolute error is about c u (sum_k |t_k| + E), with E the few
  // magnifications of rounding the term list does not show (LogNormal,
  // Weibull: see `extra`). We allow c u ~ 1e-5 (c ~ 170, ample for the
  // ~10-30 ops), written as
  //   |a - b| <= 1e-5 (1 + |b|) C,  C = (1 + sum_k |t_k| + E) / (1 + |b|),
  // where C >= 1 is the condition factor: large when big terms cancel
  // (e.g. z^2 / 2 against log scale, lgamma differences at large df).
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    fc.assert(
      fc.property(point(row), ({ a, x }) => {
        const want = row.reference(x, a);
        const terms = row.terms(x, a);
        const mag = absSum(terms) + (row.extra?.(x, a) ?? 0);
        expect(Number.isFinite(want)).toBe(true);
        // The float64 closed form used for the scores agrees with jstat, to
        // jstat's own accuracy: its beta and Student-t pdfs divide by
        // gammafn products, and jStat.gammafn has relative error up to ~5e-8
        // at small arguments (4.3e-8 at 0.75), so 1e-7, not 1e-12.
        expect(Math.abs(sum(terms) - want)).toBeLessThanOrEqual(1e-7 * (1 + mag));
        const got = logProbAt(row, x, a);
        const C = (1 + mag) / (1 + Math.abs(want));
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want)) * C);
      }),
      FC,
    );
  });
});

describe('continuous distributions: batched broadcasting', () => {
  const N = 3;
  const columns = (row: Row): number[][][] =>
    row.argNames.map((_, j) => row.batch.map((tuple) => [tuple[j] as number]));
  const values = (row: Row): number[] => [0.2, 0.4, 0.6, 0.8].map((p) => f32(row.quantile(p, row.batch[0] as Args)));

  it.each(rows.map((r) => [r.name, r] as const))(
    '%s: [N, 1] arguments against [n] values give [N, n]',
    (_name, row) => {
      const xs = values(row);
      const expected = row.batch.map((tuple) => xs.map((x) => logProbAt(row, x, tuple)));
      for (const kind of ['array', 'tensor'] as const) {
        tf.tidy(() => {
          const args = columns(row).map((c) => (kind === 'array' ? c : tf.tensor2d(c, [N, 1])));
          const d = row.make(args);
          expect(d.batchShape).toEqual([N, 1]);
          const lp = d.logProb(xs);
          expect(lp.shape).toEqual([N, xs.length]);
          const got = lp.arraySync() as number[][];
          for (let i = 0; i < N; i++) {
            for (let k = 0; k < xs.length; k++) {
              const e = expected[i]?.[k] as number;
              const g = got[i]?.[k] as number;
              if (e === -Infinity) expect(g).toBe(-Infinity);
              else expect(Math.abs(g - e)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(e)));
            }
          }
        });
      }
      const d = row.make(columns(row));
      expect(d.mean().shape).toEqual([N, 1]);
      expect(d.variance().shape).toEqual([N, 1]);
      expect(d.sample(new Rng(3), [5]).shape).toEqual([5, N, 1]);
    },
  );

  it('scalar value against a batch, and a [n] value against a [n] batch', () => {
    tf.tidy(() => {
      expect(normal([0, 1, 2], 1).logProb(0).shape).toEqual([3]);
      expect(gamma([1, 2], [1, 1]).logProb([1, 2]).shape).toEqual([2]);
      expect(uniform(0, [1, 2, 3]).logProb(0.5).shape).toEqual([3]);
      expect(exponential(tf.tensor1d([1, 2])).logProb(tf.tensor1d([0, 1], 'int32')).shape).toEqual([2]);
    });
  });
});

describe('continuous distributions: scores against finite differences', () => {
  // Step h = 1e-5 times the coordinate's magnitude (kept inside the support).
  // The float64 central difference of the closed form then has truncation
  // error ~h^2 f''' (~1e-10 relative) and rounding ~1e-16 |f| / h, both far
  // below float32 round-off. The float32 gradient is a sum of per-term
  // partials dt_k/dv, each computed with relative error of a few u, and
  // rounding of intermediates (x - loc, log x) propagates with the same
  // magnitudes; so, with the same budget c u ~ 1e-5 as the values,
  //   |g - g_fd| <= 1e-5 (1 + sum_k |dt_k/dv| + E'),
  // E' = derivative of the row's `extra` magnitude (the same propagated
  // rounding, differentiated). The reverse pass (digamma's shifted series
  // included) has op counts per term similar to the forward pass; the
  // largest error seen over 200 runs per row is ~1/8 of this bound (Beta d/dx).
  const step = (v: number, domain: Domain): number => {
    if (domain === 'real') return 1e-5 * Math.max(Math.abs(v), 1);
    if (domain === 'positive') return 1e-5 * v;
    return 1e-5 * Math.min(v, 1 - v);
  };

  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    fc.assert(
      fc.property(point(row), ({ a, x }) => {
        if (row.kink?.(x, a)) return;
        const coords = [x, ...a];
        const f64 = (v: number[]): number[] => row.terms(v[0] as number, v.slice(1));
        const grads = tf.tidy(() => {
          const g = tf.grads((...ts: tf.Tensor[]) => tf.sum(row.make(ts.slice(1)).logProb(ts[0] as tf.Tensor)));
          return g(coords.map((v) => tf.scalar(v))).map((t) => t.dataSync()[0] as number);
        });
        coords.forEach((v, i) => {
          const h = step(v, row.domains[i] as Domain);
          const plus = [...coords];
          const minus = [...coords];
          plus[i] = v + h;
          minus[i] = v - h;
          const tp = f64(plus);
          const tm = f64(minus);
          const fd = (sum(tp) - sum(tm)) / (2 * h);
          const termScale = absSum(tp.map((t, k) => (t - (tm[k] as number)) / (2 * h)));
          const extra = row.extra
            ? Math.abs(row.extra(plus[0] as number, plus.slice(1)) - row.extra(minus[0] as number, minus.slice(1))) /
              (2 * h)
            : 0;
          const g = at(grads, i);
          expect(Number.isFinite(g)).toBe(true);
          expect(Math.abs(g - fd), `d/d${i === 0 ? 'x' : row.argNames[i - 1]}`).toBeLessThanOrEqual(
            1e-5 * (1 + termScale + extra),
          );
        });
      }),
      FC_SCORES,
    );
  });
});

describe('continuous distributions: seeded samplers', () => {
  const n = 20000;
  // Checks at 5 standard errors: the mean against the true mean with
  // se = sqrt(var / n); the variance against the true variance with
  // se = sqrt((m4 - var^2) / n) (m4 the sample fourth central moment) when
  // the fourth moment exists; and the fraction of draws below the true 10%,
  // 50% and 90% quantiles with se = sqrt(p (1 - p) / n), which needs no
  // moments (Cauchy-type rows).
  const cases = rows.flatMap((row, r) =>
    row.sampleArgs.map((a, s) => [`${row.name}(${a.join(', ')})`, row, a, 1000 + 10 * r + s] as const),
  );

  it.each(cases)('%s', (_label, row, a, seed) => {
    const d = row.make(a);
    const draws = d.sample(new Rng(seed), [n]);
    expect(draws.shape).toEqual([n]);
    const data = draws.data;
    const mean = at(d.mean().data, 0);
    const variance = at(d.variance().data, 0);
    let m = 0;
    for (const v of data) m += v;
    m /= n;
    let m2 = 0;
    let m4 = 0;
    for (const v of data) {
      const c = (v - m) * (v - m);
      m2 += c;
      m4 += c * c;
    }
    m2 /= n - 1;
    m4 /= n;
    if (Number.isFinite(mean) && Number.isFinite(variance)) {
      expect(Math.abs(m - mean)).toBeLessThanOrEqual(5 * Math.sqrt(variance / n));
      if (row.fourthMoment?.(a) ?? true) {
        expect(Math.abs(m2 - variance)).toBeLessThanOrEqual(5 * Math.sqrt(Math.max(m4 - m2 * m2, 0) / n));
      }
    }
    for (const p of [0.1, 0.5, 0.9]) {
      const q = row.quantile(p, a);
      let below = 0;
      for (const v of data) if (v < q) below++;
      expect(Math.abs(below / n - p), `P(X < q_${p})`).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / n));
    }
    for (const v of data) {
      if (!(row.terms(v, a).every(Number.isFinite) || v === 0)) throw new Error(`draw ${v} outside the support`);
    }
  });

  it.each(rows.map((r) => [r.name, r] as const))(
    '%s: same seed, same draws; shape [...sample, ...batch]',
    (_n, row) => {
      const args = row.argNames.map((_, j) => row.batch.map((t) => t[j] as number));
      const d = row.make(args);
      const a1 = d.sample(new Rng(7), [4, 2]);
      const a2 = d.sample(new Rng(7), [4, 2]);
      const b = d.sample(new Rng(8), [4, 2]);
      expect(a1.shape).toEqual([4, 2, 3]);
      expect(Array.from(a1.data)).toEqual(Array.from(a2.data));
      expect(Array.from(a1.data)).not.toEqual(Array.from(b.data));
      expect(d.sample(new Rng(7)).shape).toEqual([3]);
      const t = tf.tidy(() => d.sampleTensor(new Rng(7), [2]).shape);
      expect(t).toEqual([2, 3]);
    },
  );
});

describe('continuous distributions: validation and support', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s: invalid arguments name the argument', (name, row) => {
    for (const { args, argument } of row.invalid) {
      let error: unknown;
      try {
        row.make(args);
      } catch (e) {
        error = e;
      }
      expect(error, `${name}(${args.join(', ')})`).toBeInstanceOf(DistributionArgumentError);
      expect((error as DistributionArgumentError).argument).toBe(argument);
      expect((error as DistributionArgumentError).distribution).toBe(name);
    }
  });

  it.each(rows.filter((r) => r.outside.length > 0).map((r) => [r.name, r] as const))(
    '%s: values outside the support give -Infinity with finite gradients',
    (_name, row) => {
      const a = row.batch[0] as Args;
      tf.tidy(() => {
        const lp = row.make(a).logProb(row.outside).dataSync();
        for (const v of lp) expect(v).toBe(-Infinity);
        const g = tf.grads((...ts: tf.Tensor[]) => tf.sum(row.make(ts.slice(1)).logProb(ts[0] as tf.Tensor)));
        const grads = g([tf.tensor1d([...row.outside]), ...a.map((v) => tf.scalar(v))]);
        for (const t of grads) for (const v of t.dataSync()) expect(Number.isFinite(v)).toBe(true);
      });
    },
  );

  it('boundary conventions: densities finite at 0 include it, log x densities exclude it', () => {
    const v = (d: ScalarDistribution, x: number): number => tf.tidy(() => d.logProb(x).dataSync()[0] as number);
    expect(v(halfNormal(2), 0)).toBeCloseTo(0.5 * Math.log(2 / Math.PI) - Math.log(2), 6);
    expect(v(halfCauchy(2), 0)).toBeCloseTo(Math.log(2 / Math.PI) - Math.log(2), 6);
    expect(v(exponential(3), 0)).toBeCloseTo(Math.log(3), 6);
    expect(v(uniform(0, 4), 0)).toBeCloseTo(-Math.log(4), 6);
    expect(v(uniform(0, 4), 4)).toBeCloseTo(-Math.log(4), 6);
    expect(v(gamma(1, 1), 0)).toBe(-Infinity);
    expect(v(normal(0, 1), Number.NaN)).toBeNaN();
    expect(v(gamma(2, 1), Number.NaN)).toBeNaN();
  });

  it('shapes that do not broadcast, ragged arrays and invalid entries are rejected', () => {
    expect(() => normal([0, 1], [1, 2, 3])).toThrow(DistributionArgumentError);
    expect(() => normal([[0, 1], [2]] as unknown as number[][], 1)).toThrow(DistributionArgumentError);
    expect(() => gamma([1, 2, -3], 1)).toThrow(/entry 2/);
    expect(() => uniform([0, 5], [1, 2])).toThrow(/entry 1/);
  });

  it('tensor arguments are not validated: an invalid one gives NaN', () => {
    const lp = tf.tidy(() => normal(0, tf.scalar(-1)).logProb(0.5).dataSync()[0] as number);
    expect(lp).toBeNaN();
  });
});
