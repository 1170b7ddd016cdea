import { describe, expect, it } from 'vitest';
import { DataValidationError, NumericalError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  fitStandardisation,
  standardise,
  toDataMatrix,
  toRows,
  unstandardise,
} from '../../src/generative/data-matrix.js';

describe('toDataMatrix', () => {
  it('copies rows into a row-major float64 matrix', () => {
    const m = toDataMatrix(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      'samples',
    );
    expect(m.n).toBe(3);
    expect(m.d).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toRows(m.data, m.n, m.d)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it.each([
    ['not an array', 'x', /'samples': expected an array of points/],
    ['too few rows', [[1]], /'samples': expected at least 2 points/],
    ['a ragged row', [[1, 2], [3]], /'samples\[1\]': expected 2 coordinates/],
    [
      'a string entry',
      [
        [1, 2],
        [3, '4'],
      ],
      /'samples\[1\]\[1\]': expected a finite number/,
    ],
    [
      'a NaN entry',
      [
        [1, 2],
        [Number.NaN, 4],
      ],
      /'samples\[1\]\[0\]': expected a finite number/,
    ],
    ['an empty point', [[], []], /'samples\[0\]': expected a point with at least one coordinate/],
  ])('rejects %s, naming the entry', (_, value, message) => {
    expect(() => toDataMatrix(value, 'samples', 2)).toThrow(DataValidationError);
    expect(() => toDataMatrix(value, 'samples', 2)).toThrow(message);
  });
});

describe('standardisation', () => {
  const rng = new Rng(3);
  const n = 500;
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [rng.normal(), rng.normal(), rng.normal()];
    data.set([2 + 3 * a, -1 + a + 0.5 * b, 0.2 * c], i * 3);
  }
  const points = { data, n, d: 3 };

  it.each(['affine', 'diagonal', 'none'] as const)('%s: unstandardise inverts standardise', (kind) => {
    const s = fitStandardisation(points, kind);
    const back = unstandardise(s, standardise(s, data, n, 3), n, 3);
    for (let i = 0; i < data.length; i++) expect(back[i]).toBeCloseTo(data[i] as number, 10);
  });

  it('affine: the standardised points have mean 0 and identity covariance (to round-off)', () => {
    const s = fitStandardisation(points, 'affine');
    const z = standardise(s, data, n, 3);
    for (let a = 0; a < 3; a++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += (z[i * 3 + a] as number) / n;
      expect(Math.abs(m)).toBeLessThan(1e-12);
      for (let b = 0; b < 3; b++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += ((z[i * 3 + a] as number) * (z[i * 3 + b] as number)) / (n - 1);
        expect(c).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    }
  });

  it('diagonal: log|det L| is the sum of the log sds', () => {
    const s = fitStandardisation(points, 'diagonal');
    expect(s.logDetScale).toBeCloseTo(
      Math.log(s.scale[0] as number) + Math.log(s.scale[4] as number) + Math.log(s.scale[8] as number),
      12,
    );
  });

  it('reports a singular covariance and a constant coordinate', () => {
    const collinear = new Float64Array(20);
    for (let i = 0; i < 10; i++) collinear.set([i, 2 * i], i * 2);
    expect(() => fitStandardisation({ data: collinear, n: 10, d: 2 }, 'affine')).toThrow(NumericalError);
    expect(() => fitStandardisation({ data: collinear, n: 10, d: 2 }, 'affine')).toThrow(/singular/);
    const constant = new Float64Array(20);
    for (let i = 0; i < 10; i++) constant.set([i, 1], i * 2);
    expect(() => fitStandardisation({ data: constant, n: 10, d: 2 }, 'diagonal')).toThrow(
      /coordinate 1 of the samples is constant/,
    );
  });
});
