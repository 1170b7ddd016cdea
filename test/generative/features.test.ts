// Feature maps: exact derivatives against central finite differences in
// float64, JSON round trips, argument validation.
//
// Tolerances (points y ~ N(0, I_3), |y_j| < 4; Fourier bandwidth 0.8, so
// |w_k| / h < 6 for the 20 draws used, and amplitude sqrt(2/20) = 0.32):
// - gradients, step h = 1e-5: truncation h²/6 |φ'''| <= 1e-10/6 * 0.32 * 6³
//   ≈ 1.2e-9 (0 for quadratics), rounding ε |φ| / h ≈ 1.1e-16 * 16 / 1e-5
//   ≈ 2e-10; tolerance 1e-7.
// - Laplacians from differences of the exact gradients, h = 1e-5: truncation
//   d h²/6 |φ''''| <= 3 * 1e-10/6 * 0.32 * 6⁴ ≈ 2e-8, rounding
//   d ε |∇φ| / h ≈ 3 * 1.1e-16 * 8 / 1e-5 ≈ 3e-10; tolerance 1e-6.
// - Laplacians from second differences of the values, h = 1e-4: truncation
//   d h²/12 |φ''''| ≈ 3 * 1e-8/12 * 415 ≈ 1e-6, rounding 4 d ε |φ| / h²
//   ≈ 12 * 1.1e-16 * 16 / 1e-8 ≈ 2e-6; tolerance 1e-4.
import { describe, expect, it } from 'vitest';
import { BrenierError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import {
  concatFeatures,
  featureMapFromJSON,
  fourierFeatures,
  quadraticFeatures,
  type FeatureMap,
  type FeatureMapJSON,
} from '../../src/generative/features.js';

const D = 3;
const POINTS = 6;

function randomPoints(seed: number, n: number, d: number): Float64Array {
  const rng = new Rng(seed);
  return rng.normals(n * d);
}

function maps(): [string, FeatureMap][] {
  const fourier = fourierFeatures(D, 20, { bandwidth: 0.8, seed: 4 });
  return [
    ['quadratic', quadraticFeatures(D)],
    ['fourier', fourier],
    ['concat', concatFeatures([quadraticFeatures(D), fourier, fourierFeatures(D, 5, { bandwidth: 2, seed: 9 })])],
  ];
}

/** The point `p` of `y` (`[n, d]`) with coordinate `j` moved by `delta`, as a one-point array. */
function shifted(y: Float64Array, p: number, d: number, j: number, delta: number): Float64Array {
  const out = y.slice(p * d, (p + 1) * d);
  out[j] = (out[j] as number) + delta;
  return out;
}

describe('feature maps: derivatives', () => {
  const y = randomPoints(20261128, POINTS, D);

  it('the points and frequencies satisfy the bounds the tolerances assume', () => {
    for (const v of y) expect(Math.abs(v)).toBeLessThan(4);
    for (const [, phi] of maps()) {
      const json = phi.toJSON();
      const fourierParts = json.kind === 'concat' ? json.parts : [json];
      for (const part of fourierParts) {
        if (part.kind !== 'fourier') continue;
        for (let k = 0; k < part.offsets.length; k++) {
          const w = part.weights.slice(k * D, (k + 1) * D);
          expect(Math.hypot(...w) / part.bandwidth).toBeLessThan(6);
        }
      }
    }
  });

  it.each(maps())('%s: sizes and shapes', (_name, phi) => {
    expect(phi.dimension).toBe(D);
    expect(phi.values(y, POINTS)).toHaveLength(POINTS * phi.size);
    expect(phi.gradients(y, POINTS)).toHaveLength(POINTS * phi.size * D);
    expect(phi.laplacians(y, POINTS)).toHaveLength(POINTS * phi.size);
    expect(phi.values(new Float64Array(0), 0)).toHaveLength(0);
  });

  it.each(maps())('%s: gradients match central differences of the values', (_name, phi) => {
    const K = phi.size;
    const h = 1e-5;
    const grad = phi.gradients(y, POINTS);
    let worst = 0;
    for (let p = 0; p < POINTS; p++) {
      for (let j = 0; j < D; j++) {
        const plus = phi.values(shifted(y, p, D, j, h), 1);
        const minus = phi.values(shifted(y, p, D, j, -h), 1);
        for (let k = 0; k < K; k++) {
          const fd = ((plus[k] as number) - (minus[k] as number)) / (2 * h);
          worst = Math.max(worst, Math.abs(fd - (grad[(p * K + k) * D + j] as number)));
        }
      }
    }
    expect(worst).toBeLessThan(1e-7);
  });

  it.each(maps())('%s: Laplacians match differences of the gradients and of the values', (_name, phi) => {
    const K = phi.size;
    const lap = phi.laplacians(y, POINTS);
    const values = phi.values(y, POINTS);
    let worstFromGradients = 0;
    let worstFromValues = 0;
    for (let p = 0; p < POINTS; p++) {
      const fromGradients = new Float64Array(K);
      const fromValues = new Float64Array(K);
      for (let j = 0; j < D; j++) {
        const h1 = 1e-5;
        const gPlus = phi.gradients(shifted(y, p, D, j, h1), 1);
        const gMinus = phi.gradients(shifted(y, p, D, j, -h1), 1);
        const h2 = 1e-4;
        const vPlus = phi.values(shifted(y, p, D, j, h2), 1);
        const vMinus = phi.values(shifted(y, p, D, j, -h2), 1);
        for (let k = 0; k < K; k++) {
          fromGradients[k] =
            (fromGradients[k] as number) + ((gPlus[k * D + j] as number) - (gMinus[k * D + j] as number)) / (2 * h1);
          fromValues[k] =
            (fromValues[k] as number) +
            ((vPlus[k] as number) - 2 * (values[p * K + k] as number) + (vMinus[k] as number)) / (h2 * h2);
        }
      }
      for (let k = 0; k < K; k++) {
        const exact = lap[p * K + k] as number;
        worstFromGradients = Math.max(worstFromGradients, Math.abs((fromGradients[k] as number) - exact));
        worstFromValues = Math.max(worstFromValues, Math.abs((fromValues[k] as number) - exact));
      }
    }
    expect(worstFromGradients).toBeLessThan(1e-6);
    expect(worstFromValues).toBeLessThan(1e-4);
  });

  it('quadratic features are ordered y_j, then y_i y_j for i <= j', () => {
    const phi = quadraticFeatures(2);
    expect(phi.size).toBe(5);
    expect(Array.from(phi.values(Float64Array.from([1, 2, 3, 4]), 2))).toEqual([1, 2, 1, 2, 4, 3, 4, 9, 12, 16]);
    expect(Array.from(phi.laplacians(Float64Array.from([1, 2]), 1))).toEqual([0, 0, 2, 0, 2]);
    expect(quadraticFeatures(5).size).toBe(5 + 15);
  });

  it('Fourier features: sqrt(2/K) cos(w·y/h + b), reproducible from the seed', () => {
    const a = fourierFeatures(2, 8, { bandwidth: 1.5, seed: 3 });
    const b = fourierFeatures(2, 8, { bandwidth: 1.5, seed: 3 });
    const c = fourierFeatures(2, 8, { bandwidth: 1.5, seed: 4 });
    const y = Float64Array.from([0.3, -0.7]);
    expect(a.values(y, 1)).toEqual(b.values(y, 1));
    expect(a.values(y, 1)).not.toEqual(c.values(y, 1));
    const json = a.toJSON();
    if (json.kind !== 'fourier') throw new Error('expected Fourier JSON');
    const v = a.values(y, 1);
    for (let k = 0; k < 8; k++) {
      const u = ((json.weights[2 * k] as number) * 0.3 + (json.weights[2 * k + 1] as number) * -0.7) / 1.5;
      expect(v[k]).toBeCloseTo(Math.sqrt(2 / 8) * Math.cos(u + (json.offsets[k] as number)), 14);
      expect(json.offsets[k]).toBeGreaterThanOrEqual(0);
      expect(json.offsets[k]).toBeLessThan(2 * Math.PI);
    }
  });
});

describe('feature maps: JSON', () => {
  it.each(maps())('%s: a JSON round trip gives identical values and derivatives', (_name, phi) => {
    const y = randomPoints(7, 4, D);
    const copy = featureMapFromJSON(JSON.parse(JSON.stringify(phi.toJSON())) as FeatureMapJSON);
    expect(copy.size).toBe(phi.size);
    expect(copy.dimension).toBe(phi.dimension);
    expect(copy.toJSON()).toEqual(phi.toJSON());
    expect(copy.values(y, 4)).toEqual(phi.values(y, 4));
    expect(copy.gradients(y, 4)).toEqual(phi.gradients(y, 4));
    expect(copy.laplacians(y, 4)).toEqual(phi.laplacians(y, 4));
  });

  const fourier = (): FeatureMapJSON => fourierFeatures(2, 3, { bandwidth: 1, seed: 1 }).toJSON();
  const bad: [string, unknown, RegExp][] = [
    ['not an object', 42, /the feature map must be an object/],
    ['unknown kind', { kind: 'cubic', dimension: 2 }, /field 'kind'/],
    ['bad dimension', { kind: 'quadratic', dimension: 0 }, /field 'dimension'/],
    ['bad bandwidth', { ...fourier(), bandwidth: -1 }, /field 'bandwidth'/],
    ['missing bandwidth', { ...fourier(), bandwidth: undefined }, /field 'bandwidth'/],
    ['weights length', { ...fourier(), weights: [1, 2, 3] }, /field 'weights'/],
    ['weights entry', { ...fourier(), weights: [1, 2, 3, null, 5, 6] }, /field 'weights\[3\]'/],
    ['empty offsets', { ...fourier(), offsets: [], weights: [] }, /field 'offsets'/],
    ['empty parts', { kind: 'concat', parts: [] }, /field 'parts'/],
    [
      'nested bad part',
      {
        kind: 'concat',
        parts: [
          { kind: 'quadratic', dimension: 2 },
          { ...fourier(), bandwidth: 0 },
        ],
      },
      /field 'parts\[1\]\.bandwidth'/,
    ],
    [
      'parts of different dimensions',
      {
        kind: 'concat',
        parts: [
          { kind: 'quadratic', dimension: 2 },
          { kind: 'quadratic', dimension: 3 },
        ],
      },
      /field 'parts\[1\]' has dimension 3/,
    ],
  ];
  it.each(bad)('featureMapFromJSON rejects %s, naming the field', (_name, json, message) => {
    expect(() => featureMapFromJSON(json as FeatureMapJSON)).toThrow(BrenierError);
    expect(() => featureMapFromJSON(json as FeatureMapJSON)).toThrow(message);
  });
});

describe('feature maps: argument validation', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['quadratic d = 0', () => quadraticFeatures(0), /argument 'd' must be a positive integer, received 0/],
    ['quadratic d = 1.5', () => quadraticFeatures(1.5), /argument 'd'/],
    ['quadratic d = NaN', () => quadraticFeatures(NaN), /argument 'd'.*NaN/],
    ['Fourier count = 0', () => fourierFeatures(2, 0, { bandwidth: 1, seed: 1 }), /argument 'count'/],
    ['Fourier d = -1', () => fourierFeatures(-1, 3, { bandwidth: 1, seed: 1 }), /argument 'd'/],
    ['Fourier bandwidth = 0', () => fourierFeatures(2, 3, { bandwidth: 0, seed: 1 }), /option 'bandwidth'/],
    ['Fourier bandwidth = ∞', () => fourierFeatures(2, 3, { bandwidth: Infinity, seed: 1 }), /option 'bandwidth'/],
    ['Fourier bandwidth = NaN', () => fourierFeatures(2, 3, { bandwidth: NaN, seed: 1 }), /option 'bandwidth'/],
    ['Fourier seed = -1', () => fourierFeatures(2, 3, { bandwidth: 1, seed: -1 }), /option 'seed'/],
    ['concat of nothing', () => concatFeatures([]), /argument 'parts'/],
    [
      'concat of different dimensions',
      () => concatFeatures([quadraticFeatures(2), quadraticFeatures(3)]),
      /argument 'parts\[1\]' has dimension 3/,
    ],
    ['values: wrong length', () => quadraticFeatures(2).values(new Float64Array(5), 3), /argument 'y' must hold/],
    ['values: bad n', () => quadraticFeatures(2).values(new Float64Array(4), 2.5), /argument 'n'/],
    [
      'gradients: NaN',
      () => fourierFeatures(2, 3, { bandwidth: 1, seed: 1 }).gradients(Float64Array.from([0, 1, NaN, 2]), 2),
      /argument 'y' has a non-finite entry at point 1, coordinate 0 \(NaN\)/,
    ],
    [
      'laplacians: infinite',
      () => concatFeatures([quadraticFeatures(1)]).laplacians(Float64Array.from([Infinity]), 1),
      /argument 'y' has a non-finite entry/,
    ],
  ];
  it.each(cases)('%s throws naming the argument', (_name, call, message) => {
    expect(call).toThrow(BrenierError);
    expect(call).toThrow(message);
  });

  it('errors carry the invalid-argument code', () => {
    try {
      quadraticFeatures(0);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BrenierError);
      expect((error as BrenierError).code).toBe('invalid-argument');
    }
  });
});
