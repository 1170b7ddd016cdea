import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ModelDefinitionError,
  NumericalError,
  ParameterValueError,
  ShapeMismatchError,
  data,
  defineModel,
  normal,
  param,
} from '../../src/index.js';
import { Rng } from '../../src/core/rng.js';

// A model with every constraint type, to check the layout, names and
// constrain/unconstrain round trips through the registry.
const everything = defineModel({
  name: 'everything',
  data: { K: data.int({ lower: 2 }) },
  params: {
    a: param.real(),
    b: param.positive(2),
    c: param.lower(-1),
    d: param.upper(3),
    e: param.bounded(-2, 5),
    f: param.unitInterval(),
    w: param.simplex('K'),
    o: param.ordered(3),
    po: param.positiveOrdered(3),
    L: param.choleskyCorr(3),
    S: param.covMatrix(2),
  },
  logDensity: ({ a, b, c, d, e, f }) => [
    normal(0, 1).logProb(a),
    normal(0, 1).logProb(b),
    normal(0, 1).logProb(c),
    normal(0, 1).logProb(d),
    normal(0, 1).logProb(e),
    normal(0, 1).logProb(f),
  ],
});

describe('compiled model layout', () => {
  const compiled = everything.compile({ K: 4 });

  it('counts unconstrained coordinates per constraint', () => {
    // 1 + 2 + 1 + 1 + 1 + 1 + (K-1) + 3 + 3 + 3 + 3
    expect(compiled.dimension).toBe(1 + 2 + 1 + 1 + 1 + 1 + 3 + 3 + 3 + 3 + 3);
    expect(compiled.coordinateNames).toHaveLength(compiled.dimension);
  });

  it('flattens names in Stan style', () => {
    expect(compiled.parameterNames.slice(0, 3)).toEqual(['a', 'b[1]', 'b[2]']);
    expect(compiled.parameterNames).toContain('w[4]');
    expect(compiled.parameterNames).toContain('L[2,1]');
    expect(compiled.parameterNames.filter((n) => n.startsWith('S['))).toEqual(['S[1,1]', 'S[2,1]', 'S[1,2]', 'S[2,2]']);
  });

  it('round-trips constrain(unconstrain(values))', () => {
    const rng = new Rng(3);
    const z = rng.normals(compiled.dimension);
    const values = compiled.constrain(z);
    const back = compiled.unconstrain(values);
    for (let i = 0; i < z.length; i++) expect(back[i]).toBeCloseTo(z[i] as number, 3);
  });

  it('reports the Jacobian consistently between the batched and single-point paths', () => {
    const rng = new Rng(4);
    const z = rng.normals(compiled.dimension);
    const values = compiled.constrain(z);
    const batched = compiled.logDensity(z)[0] as number;
    const single = compiled.logDensityAt(values, { jacobian: true });
    // Both in float32 with float64 sums; the map z -> values -> z adds ~1e-6 relative error.
    expect(Math.abs(batched - single)).toBeLessThan(1e-3 * (1 + Math.abs(single)));
  });

  it('rejects values outside the support, naming the parameter', () => {
    const values = compiled.constrain(new Float64Array(compiled.dimension));
    const bad = [
      ['b', [1, -1]],
      ['f', 1.5],
      ['w', [0.5, 0.5, 0.5, 0.5]],
      ['o', [1, 0, 2]],
      [
        'S',
        [
          [1, 2],
          [2, 1],
        ],
      ],
    ] as const;
    for (const [name, value] of bad) {
      let error: unknown;
      try {
        compiled.logDensityAt({ ...values, [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ParameterValueError);
      expect((error as ParameterValueError).parameter).toBe(name);
    }
    expect(() => compiled.logDensityAt({ ...values, b: [1, 2, 3] })).toThrow(/shape \[2\]/);
    const { a: _a, ...missing } = values;
    expect(() => compiled.logDensityAt(missing)).toThrow(/'a'.*missing/);
    expect(() => compiled.logDensityAt({ ...values, zz: 1 })).toThrow(ParameterValueError);
  });
});

describe('model definition errors', () => {
  it('rejects unknown constraint names', () => {
    expect(() =>
      defineModel({
        params: { x: { constraint: { type: 'sparkly' }, dims: [] } as never },
        logDensity: ({ x }) => x,
      }),
    ).toThrow(/unknown constraint 'sparkly'/);
  });

  it('rejects dimensions that do not name integer data', () => {
    expect(() =>
      defineModel({ data: { y: data.vector(3) }, params: { x: param.real('J') }, logDensity: ({ x }) => x }),
    ).toThrow(ModelDefinitionError);
  });

  it('rejects a name shared by a parameter and a data field', () => {
    expect(() =>
      defineModel({ data: { x: data.real() }, params: { x: param.real() }, logDensity: ({ x }) => x }),
    ).toThrow(/share/);
  });

  it('rejects shapes that do not fit the constraint', () => {
    const m = defineModel({
      params: { L: param.constrained({ type: 'cholesky-corr' }, [2, 3]) },
      logDensity: () => tf.zeros([1]),
    });
    expect(() => m.compile()).toThrow(ModelDefinitionError);
  });
});

describe('log density terms and shapes', () => {
  const data1 = { J: 3, y: [1, 2, 3] };
  const schema = { J: data.int(), y: data.vector('J') };

  it('rejects a term reduced over the particle axis', () => {
    const m = defineModel({
      data: schema,
      params: { mu: param.real() },
      logDensity: ({ mu }, { y }) => tf.sum(normal(mu, 1).logProb(y)),
    });
    expect(() => m.compile(data1)).toThrow(ShapeMismatchError);
    expect(() => m.compile(data1)).toThrow(/particle axis/);
  });

  it('turns a broadcasting failure into a typed error naming the model', () => {
    const m = defineModel({
      name: 'broken',
      data: schema,
      params: { theta: param.real(2) },
      logDensity: ({ theta }, { y }) => normal(theta, 1).logProb(y),
    });
    expect(() => m.compile(data1)).toThrow(ShapeMismatchError);
    expect(() => m.compile(data1)).toThrow(/broken/);
  });

  it('sums named terms and lists, over trailing axes', () => {
    const m = defineModel({
      data: schema,
      params: { mu: param.real() },
      logDensity: ({ mu }, { y }) => ({ prior: normal(0, 1).logProb(mu), likelihood: normal(mu, 1).logProb(y) }),
    });
    const c = m.compile(data1);
    const lp = c.logDensityAt({ mu: 0.5 });
    const expected = [0.5, 1, 2, 3].reduce(
      (acc, v, i) => acc - 0.5 * Math.log(2 * Math.PI) - 0.5 * (i === 0 ? v : v - 0.5) ** 2,
      0,
    );
    expect(lp).toBeCloseTo(expected, 4);
  });
});

describe('numerical trouble is reported, never returned', () => {
  const nanModel = defineModel({
    name: 'nan_model',
    params: { x: param.real() },
    // log of a negative number for x < 0: NaN in the 'bad' term.
    logDensity: ({ x }) => ({ fine: normal(0, 1).logProb(x), bad: tf.log(x) }),
  });

  it('names the particle and the term on a NaN log density', () => {
    const c = nanModel.compile();
    let error: unknown;
    try {
      c.logDensityAndGradient([[1], [-1]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NumericalError);
    const n = error as NumericalError;
    expect(n.issue).toBe('nan-log-density');
    expect(n.details['particle']).toBe(1);
    expect(n.message).toMatch(/term 'bad'/);
  });

  it('reports +Infinity', () => {
    const m = defineModel({ params: { x: param.real() }, logDensity: ({ x }) => tf.div(1, tf.mul(x, 0)) });
    const c = m.compile();
    expect(() => c.logDensity([[1]])).toThrow(/Infinity/);
  });

  it('gives -Infinity with a zero score row, not NaN', () => {
    const m = defineModel({ params: { x: param.real() }, logDensity: ({ x }) => tf.log(tf.relu(x)) });
    const c = m.compile();
    const out = c.logDensityAndGradient([[-1], [2]]);
    expect(out.logDensity[0]).toBe(-Infinity);
    expect(out.gradient[0]).toBe(0);
    expect(out.gradient[1]).toBeCloseTo(0.5, 5);
  });

  it('rejects non-finite points from an engine', () => {
    const c = nanModel.compile();
    expect(() => c.logDensity([[Number.NaN]])).toThrow(ParameterValueError);
  });
});

describe('derived quantities and draws', () => {
  const m = defineModel({
    data: { J: data.int(), sigma: data.vector('J', { lower: 0 }) },
    params: { mu: param.real(), tau: param.positive(), z: param.real('J') },
    transformed: ({ mu, tau, z }) => ({ theta: tf.add(mu, tf.mul(tau, z)) }),
    logDensity: ({ mu, z }) => [normal(0, 1).logProb(mu), normal(0, 1).logProb(z)],
    generated: ({ theta }, { sigma }, rng) => ({ y_rep: normal(theta, sigma).sampleTensor(rng) }),
  });
  const c = m.compile({ J: 2, sigma: [1, 2] });

  it('lists parameters, then transformed, then generated names', () => {
    expect(c.drawNames).toEqual(['mu', 'tau', 'z[1]', 'z[2]', 'theta[1]', 'theta[2]', 'y_rep[1]', 'y_rep[2]']);
  });

  it('computes transformed quantities per draw', () => {
    const points = [
      [0.5, Math.log(2), 1, -1],
      [-1, 0, 0.5, 0.25],
    ];
    const draws = c.draws(points, { seed: 1 }).toObject();
    expect(draws['theta[1]']?.[0]).toBeCloseTo(0.5 + 2 * 1, 5);
    expect(draws['theta[2]']?.[1]).toBeCloseTo(-1 + 1 * 0.25, 5);
    expect(draws['tau']?.[0]).toBeCloseTo(2, 5);
  });

  it('draws generated quantities reproducibly from the seed', () => {
    const points = new Rng(9).normals(4 * 50);
    const a = c.draws(points, { seed: 5 }).get('y_rep[1]');
    const b = c.draws(points, { seed: 5 }).get('y_rep[1]');
    const other = c.draws(points, { seed: 6 }).get('y_rep[1]');
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(other));
  });

  it('counts evaluations in points', () => {
    const before = c.evaluations.gradient;
    c.logDensityAndGradient(new Rng(1).normals(4 * 7));
    expect(c.evaluations.gradient - before).toBe(7);
  });
});

describe('memory', () => {
  it('leaves no tensors behind across evaluations, draws and diagnostics', () => {
    const m = defineModel({
      data: { J: data.int(), y: data.vector('J') },
      params: { mu: param.real(), tau: param.positive(), z: param.real('J') },
      transformed: ({ mu, tau, z }) => ({ theta: tf.add(mu, tf.mul(tau, z)) }),
      logDensity: ({ z, theta }, { y }) => ({ z: normal(0, 1).logProb(z), y: normal(theta, 1).logProb(y) }),
    });
    const c = m.compile({ J: 3, y: [1, 2, 3] });
    const points = new Rng(1).normals(5 * c.dimension);
    c.logDensityAndGradient(points);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      c.logDensityAndGradient(points);
      c.logDensity(points);
      c.draws(points);
      c.constrain(points.subarray(0, c.dimension));
      c.logDensityAt({ mu: 0, tau: 1, z: [0, 0, 0] }, { jacobian: true });
    }
    expect(tf.memory().numTensors).toBe(before);
    c.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });
});
