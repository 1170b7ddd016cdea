// The registry bijectorFor, shape validation, argument errors and
// degenerate shapes.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  bijectorFor,
  CholeskyCorrBijector,
  CovMatrixBijector,
  IdentityBijector,
  IntervalBijector,
  LowerBoundBijector,
  OrderedBijector,
  PositiveOrderedBijector,
  SimplexBijector,
  UpperBoundBijector,
} from '../../src/bijectors/index.js';
import { constraints, type Constraint, type ContinuousConstraint } from '../../src/constraints.js';
import { ModelDefinitionError, NumericalError, ShapeMismatchError } from '../../src/core/errors.js';

const CONTINUOUS: readonly [ContinuousConstraint, new (...args: never[]) => unknown][] = [
  [{ type: 'real' }, IdentityBijector],
  [{ type: 'lower', lower: 0 }, LowerBoundBijector],
  [{ type: 'lower', lower: -3.5 }, LowerBoundBijector],
  [{ type: 'upper', upper: 2 }, UpperBoundBijector],
  [{ type: 'interval', lower: 0, upper: 1 }, IntervalBijector],
  [{ type: 'simplex' }, SimplexBijector],
  [{ type: 'ordered' }, OrderedBijector],
  [{ type: 'positive-ordered' }, PositiveOrderedBijector],
  [{ type: 'cholesky-corr' }, CholeskyCorrBijector],
  [{ type: 'cov-matrix' }, CovMatrixBijector],
];

describe('bijectorFor', () => {
  it.each(CONTINUOUS.map(([c, cls]) => [c.type, c, cls] as const))(
    'maps %s to a bijector with the same constraint',
    (_type, c, cls) => {
      const b = bijectorFor(c);
      expect(b).toBeInstanceOf(cls);
      expect(b.constraint.type).toBe(c.type);
      expect(b.constraint).toEqual(c);
    },
  );

  it('maps the constraint helpers', () => {
    expect(bijectorFor(constraints.positive)).toBeInstanceOf(LowerBoundBijector);
    expect(bijectorFor(constraints.unitInterval)).toBeInstanceOf(IntervalBijector);
    expect(bijectorFor(constraints.covMatrix)).toBeInstanceOf(CovMatrixBijector);
  });

  it('throws a ModelDefinitionError naming an integer constraint', () => {
    for (const c of [constraints.boolean, constraints.nonNegativeInteger, constraints.integer()]) {
      expect(() => bijectorFor(c)).toThrow(ModelDefinitionError);
      expect(() => bijectorFor(c)).toThrow(/constraint 'integer'.*no bijector/);
    }
  });

  it('throws a ModelDefinitionError naming an unknown constraint type', () => {
    const bad = { type: 'unit-vector' } as unknown as Constraint;
    expect(() => bijectorFor(bad)).toThrow(ModelDefinitionError);
    expect(() => bijectorFor(bad)).toThrow(/constraint 'unit-vector'.*unknown constraint type 'unit-vector'/);
    try {
      bijectorFor(bad);
    } catch (error) {
      expect((error as ModelDefinitionError).entry).toBe("constraint 'unit-vector'");
    }
    expect(() => bijectorFor(null as unknown as Constraint)).toThrow(/constraint: expected a constraint object.*null/);
    expect(() => bijectorFor('simplex' as unknown as Constraint)).toThrow(ModelDefinitionError);
  });

  it('throws a ModelDefinitionError for bad bounds', () => {
    const bad: [Constraint, RegExp][] = [
      [{ type: 'lower', lower: -Infinity }, /constraint 'lower'.*finite.*-Infinity/],
      [{ type: 'lower', lower: Number.NaN }, /constraint 'lower'.*finite.*NaN/],
      [{ type: 'upper', upper: Infinity }, /constraint 'upper'.*finite/],
      [{ type: 'interval', lower: 0, upper: Infinity }, /constraint 'interval'.*finite/],
      [{ type: 'interval', lower: 1, upper: 1 }, /constraint 'interval'.*less than the upper bound.*\(1, 1\)/],
      [{ type: 'interval', lower: 2, upper: 1 }, /constraint 'interval'.*less than the upper bound/],
    ];
    for (const [c, message] of bad) {
      expect(() => bijectorFor(c)).toThrow(ModelDefinitionError);
      expect(() => bijectorFor(c)).toThrow(message);
    }
  });
});

describe('unconstrainedSize', () => {
  // [constraint, shape, expected size or a pattern of the explanation]
  const cases: [ContinuousConstraint, number[], number | RegExp][] = [
    [{ type: 'real' }, [], 1],
    [{ type: 'real' }, [2, 4], 8],
    [{ type: 'real' }, [0], 0],
    [{ type: 'real' }, [2, -1], /dimension 1 of shape \[2, -1\] is -1, not a non-negative integer/],
    [{ type: 'lower', lower: 0 }, [1.5], /dimension 0 .* is 1.5, not a non-negative integer/],
    [{ type: 'interval', lower: 0, upper: 1 }, [3], 3],
    [{ type: 'simplex' }, [4], 3],
    [{ type: 'simplex' }, [2, 3], 4],
    [{ type: 'simplex' }, [0, 3], 0],
    [{ type: 'simplex' }, [], /rank at least 1, received a scalar shape/],
    [{ type: 'simplex' }, [1], /K >= 2 entries on its last axis, received shape \[1\]/],
    [{ type: 'simplex' }, [3, 0], /K >= 2/],
    [{ type: 'ordered' }, [4], 4],
    [{ type: 'ordered' }, [1], 1],
    [{ type: 'ordered' }, [], /rank at least 1/],
    [{ type: 'ordered' }, [2, 0], /K >= 1/],
    [{ type: 'positive-ordered' }, [2, 3], 6],
    [{ type: 'positive-ordered' }, [], /rank at least 1/],
    [{ type: 'cholesky-corr' }, [3, 3], 3],
    [{ type: 'cholesky-corr' }, [4, 4], 6],
    [{ type: 'cholesky-corr' }, [2, 3, 3], 6],
    [{ type: 'cholesky-corr' }, [1, 1], 0],
    [{ type: 'cholesky-corr' }, [3, 4], /must be square, received shape \[3, 4\]/],
    [{ type: 'cholesky-corr' }, [3], /needs a shape \[\.\.\., K, K\], received \[3\]/],
    [{ type: 'cholesky-corr' }, [0, 0], /K >= 1/],
    [{ type: 'cov-matrix' }, [3, 3], 6],
    [{ type: 'cov-matrix' }, [2, 3, 3], 12],
    [{ type: 'cov-matrix' }, [1, 1], 1],
    [{ type: 'cov-matrix' }, [2, 3], /must be square/],
    [{ type: 'cov-matrix' }, [], /needs a shape \[\.\.\., K, K\], received \[\]/],
  ];
  it.each(cases.map(([c, shape, want]) => [c.type, JSON.stringify(shape), c, shape, want] as const))(
    '%s %s',
    (_t, _s, c, shape, want) => {
      const got = bijectorFor(c).unconstrainedSize(shape);
      if (typeof want === 'number') expect(got).toBe(want);
      else {
        expect(typeof got).toBe('string');
        expect(got).toMatch(want);
      }
    },
  );
});

describe('argument errors', () => {
  it('forward rejects a batch of the wrong width or a bad shape with ShapeMismatchError', () => {
    const b = bijectorFor({ type: 'simplex' });
    tf.tidy(() => {
      expect(() => b.forward(tf.zeros([2, 4]) as tf.Tensor2D, [4])).toThrow(ShapeMismatchError);
      expect(() => b.forward(tf.zeros([2, 4]) as tf.Tensor2D, [4])).toThrow(
        /expected unconstrained points of shape \[N, 3\].*received \[2, 4\]/,
      );
      expect(() => b.forward(tf.zeros([2, 0]) as tf.Tensor2D, [1])).toThrow(/K >= 2/);
    });
  });

  it('inverse and freeCoordinates reject values of the wrong length', () => {
    const b = bijectorFor({ type: 'cov-matrix' });
    expect(() => b.inverse(new Float64Array(8), [3, 3])).toThrow(/expected 9 values for shape \[3, 3\], received 8/);
    expect(() => b.freeCoordinates(new Float64Array(3), [2, 2])).toThrow(ShapeMismatchError);
  });

  it('check reports a bad shape instead of throwing', () => {
    expect(bijectorFor({ type: 'cholesky-corr' }).check(new Float64Array(6), [2, 3])).toMatch(/must be square/);
  });

  it('the cov-matrix inverse throws a NumericalError for an indefinite matrix', () => {
    const b = bijectorFor({ type: 'cov-matrix' });
    expect(() => b.inverse(Float64Array.from([1, 2, 2, 1]), [2, 2])).toThrow(NumericalError);
  });

  it('the cholesky-corr inverse stays finite for a value at the edge of the check tolerance', () => {
    const b = bijectorFor({ type: 'cholesky-corr' });
    // row 1 has squared length 1 + 8e-7 (inside the 1e-6 tolerance) with
    // L_10 > 1, where Stan's atanh(L_10 / sqrt(1 - 0)) would be NaN
    const y = Float64Array.from([1, 0, 1 + 4e-7, 1e-6]);
    expect(b.check(y, [2, 2])).toBeUndefined();
    expect(Array.from(b.inverse(y, [2, 2])).every(Number.isFinite)).toBe(true);
  });
});

describe('degenerate shapes', () => {
  // forward, inverse and check still work when nothing (or a constant) is free
  const cases: [ContinuousConstraint, number[], number[]][] = [
    [{ type: 'real' }, [0], []],
    [{ type: 'lower', lower: 1 }, [2, 0], []],
    [{ type: 'simplex' }, [0, 3], []],
    [{ type: 'simplex' }, [2], [0.5, 0.5]],
    [{ type: 'ordered' }, [2, 1], [0, 0]],
    [{ type: 'positive-ordered' }, [1], [1]],
    [{ type: 'cholesky-corr' }, [1, 1], [1]],
    [{ type: 'cholesky-corr' }, [2, 1, 1], [1, 1]],
    [{ type: 'cholesky-corr' }, [0, 2, 2], []],
    [{ type: 'cholesky-corr' }, [2, 2], [1, 0, 0, 1]],
    [{ type: 'cov-matrix' }, [1, 1], [1]],
    [{ type: 'cov-matrix' }, [0, 2, 2], []],
  ];
  it.each(cases.map(([c, shape, y]) => [c.type, JSON.stringify(shape), c, shape, y] as const))(
    '%s %s at z = 0',
    (_t, _s, c, shape, y) => {
      const b = bijectorFor(c);
      const k = b.unconstrainedSize(shape) as number;
      const { value, ld, valueShape } = tf.tidy(() => {
        const out = b.forward(tf.zeros([3, k]) as tf.Tensor2D, shape);
        return {
          value: Array.from(out.value.dataSync()),
          ld: Array.from(out.logDetJacobian.dataSync()),
          valueShape: out.value.shape,
        };
      });
      expect(valueShape).toEqual([3, ...shape]);
      expect(value.slice(0, y.length)).toEqual(y.map((v) => expect.closeTo(v, 6)));
      expect(ld).toHaveLength(3);
      expect(ld.every(Number.isFinite)).toBe(true);
      expect(b.check(Float64Array.from(y), shape)).toBeUndefined();
      expect(Array.from(b.inverse(Float64Array.from(y), shape))).toEqual(
        new Array<number>(k).fill(0).map(() => expect.closeTo(0, 12)),
      );
    },
  );
});
