/**
 * The unconstrained parameter space of a model: the layout of its
 * parameters in the unconstrained vector and the bijectors that map it onto
 * the constrained parameters. It needs no model code or data, so a fitted
 * posterior saved as JSON can rebuild it and produce constrained draws.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Bijector } from '../bijectors/bijector.js';
import { bijectorFor } from '../bijectors/registry.js';
import type { ContinuousConstraint } from '../constraints.js';
import { ModelDefinitionError } from '../core/errors.js';
import { sizeOf } from '../core/ndarray.js';
import { flatNames } from './names.js';
import { formatShape } from './shapes.js';

/**
 * One parameter, as plain data: name, resolved shape, constraint. A saved
 * posterior stores these to rebuild its {@link ParameterSpace}.
 *
 * @example
 * ```ts
 * import { ParameterSpace, initBackend, type ParameterSpec } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const specs: ParameterSpec[] = eightSchools.compile(eightSchoolsData()).space.specs();
 * specs[2]; // { name: 'tau', shape: [], constraint: { type: 'lower', lower: 0 } }
 * const space = new ParameterSpace(JSON.parse(JSON.stringify(specs)) as ParameterSpec[]); // no model needed
 * ```
 */
export interface ParameterSpec {
  /** Parameter name. */
  readonly name: string;
  /** Resolved constrained shape. */
  readonly shape: readonly number[];
  /** Its constraint. */
  readonly constraint: ContinuousConstraint;
}

/**
 * Constrained parameters of a batch of N unconstrained points (a `type`
 * alias so it can be returned from `tf.tidy`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { ParameterSpace, initBackend, type ConstrainedBatch } from 'brenier';
 *
 * await initBackend();
 * const space = new ParameterSpace([{ name: 'sigma', shape: [2], constraint: { type: 'lower', lower: 0 } }]);
 * const logJacobian = tf.tidy(() => {
 *   const batch: ConstrainedBatch = space.constrainTensors(tf.tensor2d([[0, 0], [1, -1], [0.5, 0.5]]));
 *   batch.params['sigma']?.shape; // [3, 2]: N = 3 points
 *   return batch.logDetJacobian.arraySync(); // log(sigma_1) + log(sigma_2) = z_1 + z_2
 * });
 * logJacobian; // [0, 0, 1]
 * ```
 */
export type ConstrainedBatch = {
  /** Parameter tensors keyed by name, in the particle convention (leading N axis). */
  readonly params: Record<string, tf.Tensor>;
  /** Summed log-Jacobian of the constraining map, `[N]`. */
  readonly logDetJacobian: tf.Tensor1D;
};

/**
 * Where one parameter lives in the unconstrained vector.
 *
 * @example
 * ```ts
 * import { initBackend, type ParameterLayout } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const tau = compiled.parameters.find((p) => p.name === 'tau') as ParameterLayout;
 * [tau.offset, tau.size, tau.constraint.type]; // [9, 1, 'lower']
 * const z = new Float64Array(compiled.dimension);
 * z[tau.offset] = Math.log(2); // tau = 2
 * ```
 */
export interface ParameterLayout extends ParameterSpec {
  /** The bijector from its unconstrained coordinates. */
  readonly bijector: Bijector;
  /** First unconstrained coordinate. */
  readonly offset: number;
  /** Number of unconstrained coordinates. */
  readonly size: number;
}

/** `[N, ...shape]`, with scalars as `[N, 1]` (the particle convention). */
export function particleShape(n: number, shape: readonly number[]): number[] {
  return shape.length === 0 ? [n, 1] : [n, ...shape];
}

/**
 * Layout and bijectors of a model's parameters: where each lives in the
 * unconstrained vector and how it is constrained. Needs no model code, so
 * it can be rebuilt from {@link ParameterSpec}s (e.g. from a saved
 * posterior).
 *
 * @example
 * ```ts
 * import { ParameterSpace, initBackend } from 'brenier';
 *
 * await initBackend();
 * const space = new ParameterSpace([
 *   { name: 'tau', shape: [], constraint: { type: 'lower', lower: 0 } },
 *   { name: 'w', shape: [3], constraint: { type: 'simplex' } },
 * ]);
 * space.dimension; // 3: log(tau) and two stick-breaking coordinates
 * space.names; // ['tau', 'w[1]', 'w[2]', 'w[3]']
 * const columns = space.constrainColumns(new Float64Array([0, 0, 0]), 1);
 * columns.get('tau'); // Float64Array [1]
 * ```
 * @category Model
 */
export class ParameterSpace {
  /** Parameters in declaration order. */
  readonly parameters: readonly ParameterLayout[];
  /** Dimension of the unconstrained space. */
  readonly dimension: number;
  /** Stan-style flattened names of the constrained parameters. */
  readonly names: readonly string[];

  constructor(specs: readonly ParameterSpec[]) {
    const layout: ParameterLayout[] = [];
    let offset = 0;
    for (const spec of specs) {
      const bijector = bijectorFor(spec.constraint);
      const size = bijector.unconstrainedSize(spec.shape);
      if (typeof size === 'string') {
        throw new ModelDefinitionError(
          spec.name,
          `shape ${formatShape(spec.shape)} does not fit its constraint: ${size}`,
        );
      }
      layout.push({ name: spec.name, shape: [...spec.shape], constraint: spec.constraint, bijector, offset, size });
      offset += size;
    }
    this.parameters = layout;
    this.dimension = offset;
    this.names = layout.flatMap((p) => flatNames(p.name, p.shape).names);
  }

  /** The plain specification (for JSON). */
  specs(): ParameterSpec[] {
    return this.parameters.map((p) => ({ name: p.name, shape: [...p.shape], constraint: p.constraint }));
  }

  /**
   * Batched constraining map inside a tidy scope: `z` `[N, d]` to parameter
   * tensors in the particle convention, and the summed log-Jacobian `[N]`.
   */
  constrainTensors(z: tf.Tensor2D): ConstrainedBatch {
    const n = z.shape[0];
    const params: Record<string, tf.Tensor> = {};
    let logDetJacobian: tf.Tensor = tf.zeros([n]);
    for (const p of this.parameters) {
      const zi = tf.slice(z, [0, p.offset], [n, p.size]) as tf.Tensor2D;
      const { value, logDetJacobian: ldj } = p.bijector.forward(zi, p.shape);
      params[p.name] = tf.reshape(value, particleShape(n, p.shape));
      logDetJacobian = tf.add(logDetJacobian, ldj);
    }
    return { params, logDetJacobian: logDetJacobian as tf.Tensor1D };
  }

  /**
   * Constrained parameter values of N unconstrained points, as float64
   * columns keyed by flattened name (in {@link ParameterSpace.names} order).
   */
  constrainColumns(points: Float64Array, n: number): Map<string, Float64Array> {
    const columns = new Map<string, Float64Array>();
    const targets = this.parameters.map((p) => {
      const { names, offsets } = flatNames(p.name, p.shape);
      const cols = names.map((name) => {
        const c = new Float64Array(n);
        columns.set(name, c);
        return c;
      });
      return { p, offsets, cols, size: sizeOf(p.shape) };
    });
    tf.tidy(() => {
      const { params } = this.constrainTensors(tf.tensor2d(Float32Array.from(points), [n, this.dimension]));
      for (const t of targets) writeColumns((params[t.p.name] as tf.Tensor).dataSync(), t, 0, n);
    });
    return columns;
  }
}

/** Copy `n` particles' values (row-major `[n, size]`) into flattened columns starting at row `start`. */
export function writeColumns(
  values: ArrayLike<number>,
  target: { readonly offsets: readonly number[]; readonly cols: readonly Float64Array[]; readonly size: number },
  start: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < target.cols.length; k++) {
      (target.cols[k] as Float64Array)[start + i] = values[i * target.size + (target.offsets[k] as number)] as number;
    }
  }
}
