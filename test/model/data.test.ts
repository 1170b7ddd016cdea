import { describe, expect, it } from 'vitest';
import { DataValidationError, ModelDefinitionError } from '../../src/core/errors.js';
import { bindData, data } from '../../src/model/data.js';

const schema = {
  N: data.int({ lower: 0 }),
  J: data.int({ lower: 1 }),
  group: data.intArray('N', { lower: 1, upper: 'J' }),
  x: data.matrix('N', 2),
  y: data.vector('N'),
  sigma: data.real({ lower: 0 }),
};
const good = {
  N: 3,
  J: 2,
  group: [1, 2, 2],
  x: [
    [1, 2],
    [3, 4],
    [5, 6],
  ],
  y: [0.1, 0.2, 0.3],
  sigma: 1.5,
};

function failure(input: Record<string, unknown>): DataValidationError {
  try {
    bindData(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(DataValidationError);
    return error as DataValidationError;
  }
  throw new Error('expected a DataValidationError');
}

describe('data binding', () => {
  it('accepts valid data and resolves shapes from integer fields', () => {
    const bound = bindData(schema, good);
    expect(bound.shapes.get('x')).toEqual([3, 2]);
    expect(bound.ints.get('J')).toBe(2);
    expect(Array.from(bound.arrays.get('y')?.data ?? [])).toEqual([0.1, 0.2, 0.3]);
  });

  it.each([
    ['missing field', { ...good, y: undefined }, 'y', /missing/],
    ['wrong type', { ...good, sigma: 'big' }, 'sigma', /string/],
    ['wrong length', { ...good, y: [1, 2] }, 'y', /shape \[2\]/],
    ['ragged matrix', { ...good, x: [[1, 2], [3], [5, 6]] }, 'x', /ragged/],
    ['non-finite entry', { ...good, y: [0, Number.NaN, 1] }, 'y[2]', /NaN/],
    ['infinite scalar', { ...good, sigma: Infinity }, 'sigma', /Infinity/],
    ['below lower bound', { ...good, sigma: -1 }, 'sigma', /-1/],
    ['non-integer', { ...good, group: [1, 1.5, 2] }, 'group[2]', /1\.5/],
    ['index above a data-valued bound', { ...good, group: [1, 3, 2] }, 'group[2]', /3/],
    [
      'matrix entry named with both indices',
      {
        ...good,
        x: [
          [1, 2],
          [3, Number.NaN],
          [5, 6],
        ],
      },
      'x[2,2]',
      /NaN/,
    ],
    ['unknown field', { ...good, z: 1 }, 'z', /no such field/],
  ])('rejects %s, naming the field', (_label, input, field, received) => {
    const error = failure(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(received);
    expect(error.message).toContain(`'${field}'`);
  });

  it('states what was expected', () => {
    const error = failure({ ...good, y: [1, 2] });
    expect(error.expected).toContain('[3]');
    expect(error.received).toContain('[2]');
  });

  it('rejects a dimension that names a non-integer field', () => {
    expect(() => bindData({ s: data.real(), v: data.vector('s') }, { s: 2, v: [1, 2] })).toThrow(ModelDefinitionError);
  });
});
