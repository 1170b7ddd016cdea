import { describe, expect, it } from 'vitest';
import { flatNames } from '../../src/model/names.js';

describe('Stan-style flattened names', () => {
  it('names scalars and vectors with 1-based indices', () => {
    expect(flatNames('mu', []).names).toEqual(['mu']);
    expect(flatNames('theta', [3]).names).toEqual(['theta[1]', 'theta[2]', 'theta[3]']);
  });

  it('orders matrices column-major like Stan, with row-major offsets', () => {
    const { names, offsets } = flatNames('L', [2, 3]);
    expect(names).toEqual(['L[1,1]', 'L[2,1]', 'L[1,2]', 'L[2,2]', 'L[1,3]', 'L[2,3]']);
    expect(offsets).toEqual([0, 3, 1, 4, 2, 5]);
  });
});
