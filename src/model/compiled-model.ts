/**
 * The compiled model: the only boundary between the modelling layer and the
 * engines. It holds the bound data, the unconstrained layout of the
 * parameters, and gives batched log densities with scores by autodiff.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { requireBackend } from '../backend.js';
import { describeConstraint } from '../constraints.js';
import {
  BrenierError,
  ModelDefinitionError,
  NumericalError,
  ParameterValueError,
  ShapeMismatchError,
  describeValue,
} from '../core/errors.js';
import { fromNested, sizeOf, toNested, type NestedNumbers } from '../core/ndarray.js';
import { Rng } from '../core/rng.js';
import { Draws } from '../posterior/draws.js';
import { dataTensors, type BoundData, type DataDecl } from './data.js';
import { flatNames } from './names.js';
import {
  ParameterSpace,
  particleShape,
  writeColumns,
  type ConstrainedBatch,
  type ParameterLayout,
} from './parameter-space.js';
import type { ParamDecl } from './parameters.js';
import { formatShape, resolveShape } from './shapes.js';
import type { Derived, LogDensityTerms, ModelSpec } from './types.js';

/**
 * Batched log densities (and scores) of N points, from
 * {@link CompiledModel.logDensityAndGradient}.
 *
 * @example
 * ```ts
 * import { initBackend, type LogDensityBatch } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const d = compiled.dimension; // 10
 * const batch: LogDensityBatch = compiled.logDensityAndGradient([new Array(d).fill(0), new Array(d).fill(0.5)]);
 * batch.count; // 2
 * const score = batch.gradient.subarray(d, 2 * d); // gradient at the second point
 * ```
 */
export interface LogDensityBatch {
  /** Number of points N. */
  readonly count: number;
  /** Log density of each point on the unconstrained space (Jacobian included), float64 copies of float32 values. */
  readonly logDensity: Float64Array;
  /**
   * Scores, row-major `[N, dimension]`. A point whose log density is
   * `-Infinity` (zero density, e.g. underflow far in a tail) gets a zero row:
   * engines must check the value first.
   */
  readonly gradient: Float64Array;
}

/**
 * Evaluation counters of a compiled model ({@link CompiledModel.evaluations}).
 *
 * @example
 * ```ts
 * import { initBackend, type EvaluationCounts } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const zero = new Array(compiled.dimension).fill(0);
 * compiled.logDensity([zero, zero, zero]);
 * compiled.logDensityAndGradient([zero]);
 * const counts: EvaluationCounts = compiled.evaluations; // { logDensity: 3, gradient: 1 }
 * ```
 */
export interface EvaluationCounts {
  /** Points whose log density alone was evaluated. */
  logDensity: number;
  /** Points whose log density and score were evaluated (gradient evaluations). */
  gradient: number;
}

/**
 * Options of {@link CompiledModel.draws}.
 *
 * @example
 * ```ts
 * import { initBackend, type DrawsOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const points = [new Array(compiled.dimension).fill(0), new Array(compiled.dimension).fill(1)];
 * const options: DrawsOptions = { seed: 1, transformed: false };
 * const draws = compiled.draws(points, options);
 * draws.names.length; // 10: the parameters only, no theta[j]
 * ```
 */
export interface DrawsOptions {
  /** Seed for generated quantities (posterior predictive draws). Default 0. */
  seed?: number;
  /** Include transformed parameters. Default `true`. */
  transformed?: boolean;
  /** Include generated quantities. Default `true`. */
  generated?: boolean;
}

/**
 * Options of {@link CompiledModel.logDensityAt}.
 *
 * @example
 * ```ts
 * import { initBackend, type LogDensityAtOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const point = { mu: 4, tau: 3, theta_trans: [0, 0, 0, 0, 0, 0, 0, 0] };
 * const options: LogDensityAtOptions = { jacobian: true };
 * compiled.logDensityAt(point); // ≈ -43.35, over (theta_trans, mu, tau)
 * compiled.logDensityAt(point, options); // ≈ -42.25 = -43.35 + log(3), over (theta_trans, mu, log tau)
 * ```
 */
export interface LogDensityAtOptions {
  /**
   * Add the log-Jacobian of the constraining transforms, giving the density
   * of the unconstrained coordinates (what engines see). Default `false`:
   * the density over the constrained parameters, as written in the model.
   */
  jacobian?: boolean;
}

type AnySpec = ModelSpec<Record<string, DataDecl>, Record<string, ParamDecl>, Derived, Derived>;

/** Particles per chunk when computing draws, to bound memory. */
const DRAW_CHUNK = 1024;
/** Particles in the shape check run at compile time. */
const CHECK_PARTICLES = 3;

/**
 * A model bound to data, compiled once: what the engines see. It maps
 * between named constrained values and points of the unconstrained space
 * (`constrain`, `unconstrain`), evaluates batched log densities and scores
 * there (Jacobian included), and computes draws with transformed and
 * generated quantities. Build it with {@link Model.compile}.
 *
 * @example
 * ```ts
 * import { initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * compiled.coordinateNames.slice(-2); // ['mu', 'tau']: the last coordinate is log(tau)
 * const z = compiled.unconstrain({ mu: 4, tau: 3, theta_trans: [0, 0, 0, 0, 0, 0, 0, 0] });
 * const { logDensity, gradient } = compiled.logDensityAndGradient([Array.from(z)]);
 * logDensity[0]; // ≈ -42.25, Jacobian of log(tau) included
 * const draws = compiled.draws([Array.from(z)]);
 * draws.get('theta[1]'); // Float64Array [4]: theta = mu + tau * theta_trans
 * compiled.dispose();
 * ```
 * @category Model
 */
export class CompiledModel {
  /** Model name. */
  readonly name: string;
  /** Dimension d of the unconstrained space. */
  readonly dimension: number;
  /** Parameter layout, in declaration order. */
  readonly parameters: readonly ParameterLayout[];
  /** Flattened, Stan-style names of the declared parameters (`theta[1]`, `L[2,1]`). */
  readonly parameterNames: readonly string[];
  /** Labels of the unconstrained coordinates (`tau` for log(tau), `w.free[1]` for a simplex's stick-breaking coordinates...). */
  readonly coordinateNames: readonly string[];
  /** Flattened names of every quantity in {@link CompiledModel.draws}: parameters, transformed, generated. */
  readonly drawNames: readonly string[];
  /** Counts of evaluations, in points (a batch of N counts N). */
  readonly evaluations: EvaluationCounts = { logDensity: 0, gradient: 0 };

  /** Layout and bijectors of the parameters (model-free: a saved posterior rebuilds it). */
  readonly space: ParameterSpace;
  private readonly spec: AnySpec;
  private readonly data: Record<string, number | tf.Tensor>;
  private readonly transformedShapes: ReadonlyMap<string, readonly number[]>;
  private readonly generatedShapes: ReadonlyMap<string, readonly number[]>;
  private disposed = false;

  /** @internal Use `model.compile(data)`. */
  constructor(spec: AnySpec, bound: BoundData) {
    requireBackend();
    this.spec = spec;
    this.name = spec.name ?? 'model';
    this.space = new ParameterSpace(
      Object.entries(spec.params).map(([name, decl]) => ({
        name,
        shape: resolveShape(name, decl.dims, (d) => bound.ints.get(d)),
        constraint: decl.constraint,
      })),
    );
    const layout = this.space.parameters;
    this.parameters = layout;
    this.dimension = this.space.dimension;
    this.parameterNames = this.space.names;
    this.coordinateNames = layout.flatMap((p) => coordinateLabels(p));
    this.data = dataTensors(spec.data ?? {}, bound);
    const shapes = this.checkShapes();
    this.transformedShapes = shapes.transformed;
    this.generatedShapes = shapes.generated;
    this.drawNames = [
      ...this.parameterNames,
      ...[...this.transformedShapes].flatMap(([n, s]) => flatNames(n, s).names),
      ...[...this.generatedShapes].flatMap(([n, s]) => flatNames(n, s).names),
    ];
    const seen = new Set<string>();
    for (const n of [...layout.map((p) => p.name), ...this.transformedShapes.keys(), ...this.generatedShapes.keys()]) {
      if (seen.has(n))
        throw new ModelDefinitionError(
          n,
          'the name is used twice (parameters, transformed and generated quantities share one namespace)',
        );
      seen.add(n);
    }
  }

  /**
   * Batched log density on the unconstrained space, Jacobian included, as a
   * differentiable tensor: `z` is `[N, dimension]`, the result `[N]`.
   * For engines that work in tfjs; call inside `tf.tidy`.
   */
  logDensityTensor(z: tf.Tensor2D): tf.Tensor1D {
    this.assertLive();
    const { params, logDetJacobian } = this.constrainTensors(z);
    const total = this.sumTerms(this.evaluateTerms(params, z.shape[0]), z.shape[0]);
    return tf.add(total, logDetJacobian) as tf.Tensor1D;
  }

  /**
   * Log densities and scores of N points on the unconstrained space.
   *
   * @param points - row-major `[N, dimension]` values (a Float64Array or an array of rows).
   * @throws {@link NumericalError} when a log density is NaN or +Infinity, or a
   *   score is not finite where the log density is, naming the particle, the
   *   offending term and the coordinate.
   */
  logDensityAndGradient(points: Float64Array | readonly (readonly number[])[]): LogDensityBatch {
    const { data, count } = this.pointMatrix(points);
    const [values, grads] = tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from(data), [count, this.dimension]);
      // The engine's gradient of a non-scalar output is the gradient of its
      // sum: with independent particles, row i of it is the score at point i.
      const {
        value,
        grads: [grad],
      } = tf.engine().gradients(() => this.logDensityTensor(z), [z]);
      return [value, grad as tf.Tensor];
    });
    const lp = Float64Array.from(values.dataSync());
    const gradient = Float64Array.from(grads.dataSync());
    values.dispose();
    grads.dispose();
    this.evaluations.gradient += count;
    this.checkBatch(lp, gradient, data, count);
    return { count, logDensity: lp, gradient };
  }

  /**
   * Log densities of N points on the unconstrained space, without scores.
   *
   * @throws {@link NumericalError} when a log density is NaN or +Infinity.
   */
  logDensity(points: Float64Array | readonly (readonly number[])[]): Float64Array {
    const { data, count } = this.pointMatrix(points);
    const values = tf.tidy(() => this.logDensityTensor(tf.tensor2d(Float32Array.from(data), [count, this.dimension])));
    const lp = Float64Array.from(values.dataSync());
    values.dispose();
    this.evaluations.logDensity += count;
    this.checkBatch(lp, undefined, data, count);
    return lp;
  }

  /**
   * Map one unconstrained point to named constrained parameter values, as
   * plain numbers and nested arrays (the inverse of
   * {@link CompiledModel.unconstrain}; transformed and generated quantities
   * are in {@link CompiledModel.draws}).
   */
  constrain(point: ArrayLike<number>): Record<string, NestedNumbers> {
    const { data } = this.pointMatrix(Float64Array.from(point as ArrayLike<number>));
    const out: Record<string, NestedNumbers> = {};
    tf.tidy(() => {
      const z = tf.tensor2d(Float32Array.from(data), [1, this.dimension]);
      const { params } = this.constrainTensors(z);
      for (const p of this.parameters) out[p.name] = nestedValue(params[p.name] as tf.Tensor, p.shape);
    });
    return out;
  }

  /**
   * Map named constrained parameter values to the unconstrained point
   * (float64). Every declared parameter must be given, with its declared
   * shape, inside its support.
   *
   * @throws {@link ParameterValueError} naming the parameter.
   */
  unconstrain(values: Readonly<Record<string, unknown>>): Float64Array {
    const z = new Float64Array(this.dimension);
    for (const [p, y] of this.checkedValues(values)) z.set(p.bijector.inverse(y, p.shape), p.offset);
    return z;
  }

  /**
   * Log density at one constrained point given as plain numbers and arrays,
   * e.g. `{ mu: 1, tau: 2, z: [0.1, ...] }`. Terms are evaluated in float32
   * and summed in float64.
   *
   * @throws {@link ParameterValueError} for a missing, misshapen or out-of-support value.
   * @throws {@link NumericalError} when the result is NaN or +Infinity.
   */
  logDensityAt(values: Readonly<Record<string, unknown>>, options: LogDensityAtOptions = {}): number {
    this.assertLive();
    const checked = this.checkedValues(values);
    let total = 0;
    const labels: string[] = [];
    tf.tidy(() => {
      const params: Record<string, tf.Tensor> = {};
      for (const [p, y] of checked) params[p.name] = tf.tensor(Float32Array.from(y), particleShape(1, p.shape));
      for (const term of this.evaluateTerms(params, 1)) {
        let sum = 0;
        for (const v of term.tensor.dataSync()) sum += v;
        if (!(sum < Infinity)) labels.push(`${term.label} = ${sum}`);
        total += sum;
      }
    });
    if (options.jacobian === true) {
      const z = this.unconstrain(values);
      tf.tidy(() => {
        const { logDetJacobian } = this.constrainTensors(tf.tensor2d(Float32Array.from(z), [1, this.dimension]));
        total += logDetJacobian.dataSync()[0] as number;
      });
    }
    if (Number.isNaN(total) || total === Infinity) {
      throw new NumericalError(
        Number.isNaN(total) ? 'nan-log-density' : 'positive-infinite-log-density',
        `model '${this.name}': log density is ${total} at the given point${labels.length > 0 ? ` (${labels.join('; ')})` : ''}`,
        { terms: labels },
      );
    }
    return total;
  }

  /**
   * Constrained draws, with transformed parameters and generated
   * quantities, from N unconstrained points (row-major `[N, dimension]`).
   */
  draws(points: Float64Array | readonly (readonly number[])[], options: DrawsOptions = {}): Draws {
    const { data, count } = this.pointMatrix(points);
    const rng = new Rng(options.seed ?? 0);
    const withTransformed = options.transformed ?? true;
    const withGenerated = (options.generated ?? true) && this.spec.generated !== undefined;
    const columns = new Map<string, Float64Array>();
    const blocks: { name: string; shape: readonly number[] }[] = [
      ...this.parameters.map((p) => ({ name: p.name, shape: p.shape })),
      ...(withTransformed ? [...this.transformedShapes].map(([name, shape]) => ({ name, shape })) : []),
      ...(withGenerated ? [...this.generatedShapes].map(([name, shape]) => ({ name, shape })) : []),
    ];
    const targets = blocks.map((b) => {
      const { names, offsets } = flatNames(b.name, b.shape);
      const cols = names.map((n) => {
        const c = new Float64Array(count);
        columns.set(n, c);
        return c;
      });
      return { ...b, offsets, cols, size: sizeOf(b.shape) };
    });
    for (let start = 0; start < count; start += DRAW_CHUNK) {
      const n = Math.min(DRAW_CHUNK, count - start);
      tf.tidy(() => {
        const z = tf.tensor2d(Float32Array.from(data.subarray(start * this.dimension, (start + n) * this.dimension)), [
          n,
          this.dimension,
        ]);
        const { params } = this.constrainTensors(z);
        const transformed = this.spec.transformed?.(params, this.dataValues()) ?? {};
        const all: Record<string, tf.Tensor> = { ...params, ...transformed };
        if (withGenerated) {
          const generated = this.callUser('generated', () => this.spec.generated?.(all, this.dataValues(), rng) ?? {});
          Object.assign(all, generated);
        }
        for (const t of targets) {
          const tensor = all[t.name] as tf.Tensor;
          const expected = particleShape(n, t.shape);
          if (sizeOf(tensor.shape) !== sizeOf(expected)) {
            throw new ShapeMismatchError(
              `quantity '${t.name}'`,
              `expected shape ${formatShape(expected)}, got ${formatShape(tensor.shape)}`,
            );
          }
          writeColumns(tensor.dataSync(), t, start, n);
        }
      });
    }
    return new Draws(columns);
  }

  /** Free the data tensors. The compiled model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    for (const v of Object.values(this.data)) if (v instanceof tf.Tensor) v.dispose();
    this.disposed = true;
  }

  // ---------------------------------------------------------------- internals

  private assertLive(): void {
    if (this.disposed) throw new BrenierError('disposed', `model '${this.name}' has been disposed`);
  }

  private dataValues(): never {
    return this.data as never;
  }

  private constrainTensors(z: tf.Tensor2D): ConstrainedBatch {
    return this.space.constrainTensors(z);
  }

  /** Run transformed + logDensity and normalise the result into labelled terms. */
  private evaluateTerms(params: Record<string, tf.Tensor>, particles: number): { label: string; tensor: tf.Tensor }[] {
    const data = this.dataValues();
    const transformed = this.callUser('transformed', () => this.spec.transformed?.(params, data) ?? {});
    const result = this.callUser('logDensity', () =>
      this.spec.logDensity({ ...params, ...transformed }, data, { particles }),
    );
    const terms = labelTerms(result);
    for (const t of terms) {
      if (!(t.tensor instanceof tf.Tensor)) {
        throw new ShapeMismatchError(
          `model '${this.name}', log density ${t.label}`,
          `expected a tensor, received ${describeValue(t.tensor)}`,
        );
      }
      const first = t.tensor.shape[0];
      if (t.tensor.rank === 0 || (first !== particles && first !== 1)) {
        throw new ShapeMismatchError(
          `model '${this.name}', log density ${t.label}`,
          `has shape ${formatShape(t.tensor.shape)}, but every term needs the particle axis first ([${particles}, ...] here, or [1, ...] for a term shared by all particles). ` +
            'Do not reduce over the particle axis (tf.sum without an axis); a term computed from data alone needs a leading axis of 1.',
        );
      }
    }
    return terms;
  }

  private sumTerms(terms: { tensor: tf.Tensor }[], particles: number): tf.Tensor1D {
    let total: tf.Tensor = tf.zeros([particles]);
    for (const t of terms) {
      const flat = t.tensor.rank === 1 ? t.tensor : tf.sum(tf.reshape(t.tensor, [t.tensor.shape[0] as number, -1]), 1);
      total = tf.add(total, flat);
    }
    return total as tf.Tensor1D;
  }

  /** Call user code, turning tfjs broadcasting failures into typed errors that name the model and block. */
  private callUser<R>(block: string, fn: () => R): R {
    try {
      return fn();
    } catch (error) {
      if (error instanceof BrenierError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (/broadcast|shape|rank|dimension/i.test(message)) {
        const e = new ShapeMismatchError(
          `model '${this.name}', ${block}`,
          `${message}. Parameters carry a leading particle axis: a scalar is [N, 1], a vector [N, K], a matrix [N, R, C]; data have no particle axis.`,
        );
        (e as { cause?: unknown }).cause = error;
        throw e;
      }
      throw error;
    }
  }

  /** Evaluate once at N = CHECK_PARTICLES to check term shapes and find the shapes of derived quantities. */
  private checkShapes(): { transformed: Map<string, number[]>; generated: Map<string, number[]> } {
    const n = CHECK_PARTICLES;
    const transformed = new Map<string, number[]>();
    const generated = new Map<string, number[]>();
    tf.tidy(() => {
      const z = tf.zeros([n, this.dimension]) as tf.Tensor2D;
      const { params } = this.constrainTensors(z);
      const data = this.dataValues();
      const t = this.callUser('transformed', () => this.spec.transformed?.(params, data) ?? {});
      for (const [name, tensor] of Object.entries(t))
        transformed.set(name, derivedShape('transformed', name, tensor, n));
      this.evaluateTerms(params, n);
      if (this.spec.generated !== undefined) {
        const g = this.callUser('generated', () => this.spec.generated?.({ ...params, ...t }, data, new Rng(0)) ?? {});
        for (const [name, tensor] of Object.entries(g)) generated.set(name, derivedShape('generated', name, tensor, n));
      }
    });
    return { transformed, generated };
  }

  private pointMatrix(points: Float64Array | readonly (readonly number[])[]): { data: Float64Array; count: number } {
    this.assertLive();
    requireBackend();
    const d = this.dimension;
    let data: Float64Array;
    if (points instanceof Float64Array) data = points;
    else {
      data = new Float64Array(points.length * d);
      points.forEach((row, i) => {
        if (row.length !== d)
          throw new ParameterValueError(`point ${i}`, `${d} unconstrained coordinates`, `${row.length}`);
        data.set(row, i * d);
      });
    }
    if (d === 0 || data.length % d !== 0) {
      throw new ParameterValueError('points', `a multiple of the dimension ${d} of values`, `${data.length}`);
    }
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k] as number)) {
        const i = Math.floor(k / d);
        throw new ParameterValueError(
          `point ${i}, coordinate ${this.coordinateNames[k % d]}`,
          'a finite number',
          describeValue(data[k]),
        );
      }
    }
    return { data, count: data.length / d };
  }

  private checkedValues(values: Readonly<Record<string, unknown>>): [ParameterLayout, Float64Array][] {
    if (values === null || typeof values !== 'object') {
      throw new ParameterValueError(
        '(parameters)',
        'an object mapping parameter names to values',
        describeValue(values),
      );
    }
    for (const key of Object.keys(values)) {
      if (!this.parameters.some((p) => p.name === key)) {
        throw new ParameterValueError(
          key,
          `one of the declared parameters (${this.parameters.map((p) => p.name).join(', ')})`,
          'an unknown name',
        );
      }
    }
    return this.parameters.map((p) => {
      const raw = values[p.name];
      if (raw === undefined)
        throw new ParameterValueError(p.name, `a value of shape ${formatShape(p.shape)}`, 'nothing (missing)');
      const array = fromNested(raw);
      const same =
        array !== undefined && array.shape.length === p.shape.length && array.shape.every((s, i) => s === p.shape[i]);
      if (!same) {
        throw new ParameterValueError(
          p.name,
          `a value of shape ${formatShape(p.shape)}`,
          array === undefined ? describeValue(raw) : `shape ${formatShape(array.shape)}`,
        );
      }
      const problem = p.bijector.check(array.data, p.shape);
      if (problem !== undefined)
        throw new ParameterValueError(p.name, describeConstraint(p.bijector.constraint), problem);
      return [p, array.data];
    });
  }

  private checkBatch(lp: Float64Array, gradient: Float64Array | undefined, points: Float64Array, count: number): void {
    const d = this.dimension;
    for (let i = 0; i < count; i++) {
      const v = lp[i] as number;
      if (Number.isNaN(v) || v === Infinity) {
        throw new NumericalError(
          Number.isNaN(v) ? 'nan-log-density' : 'positive-infinite-log-density',
          `model '${this.name}': log density is ${v} at particle ${i}${this.diagnose(points.subarray(i * d, (i + 1) * d))}`,
          { particle: i },
        );
      }
      if (gradient === undefined) continue;
      if (v === -Infinity) {
        gradient.fill(0, i * d, (i + 1) * d);
        continue;
      }
      for (let j = 0; j < d; j++) {
        const g = gradient[i * d + j] as number;
        if (!Number.isFinite(g)) {
          throw new NumericalError(
            'non-finite-gradient',
            `model '${this.name}': score is ${g} in coordinate '${this.coordinateNames[j]}' at particle ${i} (log density ${v})${this.diagnose(points.subarray(i * d, (i + 1) * d))}`,
            { particle: i, coordinate: this.coordinateNames[j] },
          );
        }
      }
    }
  }

  /** Re-evaluate one point term by term to name the culprit. */
  private diagnose(point: Float64Array): string {
    try {
      return tf.tidy(() => {
        const z = tf.tensor2d(Float32Array.from(point), [1, this.dimension]);
        const { params, logDetJacobian } = this.constrainTensors(z);
        const parts: string[] = [];
        for (const t of this.evaluateTerms(params, 1)) {
          const values = t.tensor.dataSync();
          const bad = values.findIndex((x) => Number.isNaN(x) || x === Infinity);
          if (bad >= 0) parts.push(`${t.label} is ${values[bad]} at entry ${bad}`);
        }
        const ldj = logDetJacobian.dataSync()[0] as number;
        if (!Number.isFinite(ldj)) parts.push(`log-Jacobian is ${ldj}`);
        const shown = this.parameters
          .slice(0, 6)
          .map(
            (p) =>
              `${p.name}=${JSON.stringify(nestedValue(params[p.name] as tf.Tensor, p.shape), (_k, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(4)) : x))}`,
          )
          .join(', ');
        return `: ${parts.length > 0 ? parts.join('; ') : 'no single term is non-finite (the sum or its gradient overflows)'} (parameters: ${shown})`;
      });
    } catch {
      return '';
    }
  }
}

function nestedValue(tensor: tf.Tensor, shape: readonly number[]): NestedNumbers {
  return toNested({ data: Float64Array.from(tensor.dataSync()), shape });
}

function labelTerms(result: LogDensityTerms): { label: string; tensor: tf.Tensor }[] {
  if (Array.isArray(result)) return (result as tf.Tensor[]).map((tensor, i) => ({ label: `term ${i}`, tensor }));
  if (result !== null && typeof result === 'object' && !(result instanceof tf.Tensor)) {
    return Object.entries(result as Record<string, tf.Tensor | tf.Tensor[]>).flatMap(([k, value]) =>
      Array.isArray(value)
        ? value.map((tensor, i) => ({ label: `term '${k}'[${i}]`, tensor }))
        : [{ label: `term '${k}'`, tensor: value }],
    );
  }
  return [{ label: 'result', tensor: result as tf.Tensor }];
}

function derivedShape(block: string, name: string, tensor: unknown, n: number): number[] {
  if (!(tensor instanceof tf.Tensor) || tensor.rank === 0 || tensor.shape[0] !== n) {
    throw new ShapeMismatchError(
      `${block} quantity '${name}'`,
      `expected a tensor with the particle axis first ([${n}, ...]), received ${tensor instanceof tf.Tensor ? `shape ${formatShape(tensor.shape)}` : describeValue(tensor)}`,
    );
  }
  const rest = tensor.shape.slice(1);
  return rest.length === 0 || (rest.length === 1 && rest[0] === 1) ? [] : rest;
}

function coordinateLabels(p: ParameterLayout): string[] {
  const elementwise = ['real', 'lower', 'upper', 'interval'].includes(p.bijector.constraint.type);
  if (elementwise) {
    // Row-major order of the unconstrained coordinates follows the value.
    const { names, offsets } = flatNames(p.name, p.shape);
    const out = new Array<string>(p.size);
    names.forEach((n, k) => (out[offsets[k] as number] = n));
    return out;
  }
  return Array.from({ length: p.size }, (_, k) => `${p.name}.free[${k + 1}]`);
}
