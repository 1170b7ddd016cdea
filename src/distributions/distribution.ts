/**
 * The distribution base class: argument conversion and validation,
 * broadcasting, and float64 sampling helpers shared by every distribution.
 *
 * Conventions (NumPy / TensorFlow Probability style):
 * - arguments broadcast against each other; their broadcast shape, less the
 *   event dimensions, is the *batch shape*;
 * - `logProb(x)` returns one log density per batch element, with `x`
 *   broadcast against the batch (so a `[N, 1]` parameter against `[n]`
 *   data gives `[N, n]`), event dimensions summed out;
 * - `sample(rng, sampleShape)` returns float64 draws of shape
 *   `[...sampleShape, ...batchShape, ...eventShape]`.
 *
 * Arguments given as numbers or arrays are validated at construction (a
 * {@link DistributionArgumentError} names the argument). Arguments given as
 * tensors (parameters inside a log density) are not read back, which would
 * stall the batched evaluation: an invalid tensor argument yields NaN, which
 * the compiled model detects and reports.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { Constraint } from '../constraints.js';
import { DistributionArgumentError, describeValue } from '../core/errors.js';
import { broadcastShapes, broadcastTo, fromNested, sizeOf, type NDArray, type NestedNumbers } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';

/**
 * A distribution argument or a value: a tensor, a number, nested arrays or a Float64Array.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { normal, type TensorLike } from 'brenier';
 *
 * const values: TensorLike[] = [0.5, [0.5, 1.5], [[0.5], [1.5]], new Float64Array([0.5, 1.5]), tf.tensor([0.5, 1.5])];
 * values.map((x) => normal(0, 1).logProb(x).shape); // [[], [2], [2, 1], [2], [2]]
 * ```
 */
export type TensorLike = tf.Tensor | NestedNumbers | Float64Array;

/** A stored argument: a tensor (unchecked) or a validated float64 array. */
export type Arg =
  { readonly kind: 'tensor'; readonly tensor: tf.Tensor } | { readonly kind: 'array'; readonly array: NDArray };

/** Elementwise checks of concrete arguments. */
export type ArgDomain =
  'real' | 'positive' | 'non-negative' | 'probability' | 'non-negative-integer' | 'positive-integer';

const DOMAIN_TEXT: Record<ArgDomain, string> = {
  real: 'finite real numbers',
  positive: 'finite positive numbers',
  'non-negative': 'finite non-negative numbers',
  probability: 'probabilities in [0, 1]',
  'non-negative-integer': 'non-negative integers',
  'positive-integer': 'positive integers',
};

function inDomain(v: number, domain: ArgDomain): boolean {
  if (!Number.isFinite(v)) return false;
  switch (domain) {
    case 'real':
      return true;
    case 'positive':
      return v > 0;
    case 'non-negative':
      return v >= 0;
    case 'probability':
      return v >= 0 && v <= 1;
    case 'non-negative-integer':
      return Number.isInteger(v) && v >= 0;
    case 'positive-integer':
      return Number.isInteger(v) && v > 0;
  }
}

/**
 * Convert and validate one argument. Concrete values are checked entry by
 * entry against `domain`; tensors are stored as they are.
 *
 * @throws {@link DistributionArgumentError} naming the distribution and argument.
 */
export function toArg(distribution: string, name: string, value: TensorLike, domain: ArgDomain): Arg {
  if (value instanceof tf.Tensor) return { kind: 'tensor', tensor: value };
  const array = fromNested(value);
  if (array === undefined) {
    throw new DistributionArgumentError(
      distribution,
      name,
      `a number, a rectangular array or a tensor`,
      describeValue(value),
    );
  }
  for (let i = 0; i < array.data.length; i++) {
    const v = array.data[i] as number;
    if (!inDomain(v, domain)) {
      const where = array.shape.length === 0 ? '' : ` (entry ${i})`;
      throw new DistributionArgumentError(distribution, name, DOMAIN_TEXT[domain], `${describeValue(v)}${where}`);
    }
  }
  return { kind: 'array', array };
}

/** Shape of a stored argument. */
export function argShape(arg: Arg): readonly number[] {
  return arg.kind === 'tensor' ? arg.tensor.shape : arg.array.shape;
}

/** The argument as a float32 tensor (created in the caller's tidy scope). */
export function argTensor(arg: Arg): tf.Tensor {
  if (arg.kind === 'tensor') return arg.tensor;
  return arg.array.shape.length === 0
    ? tf.scalar(arg.array.data[0] as number)
    : tf.tensor(Float32Array.from(arg.array.data), [...arg.array.shape]);
}

/** The argument in float64 (reads a tensor back: use outside hot loops). */
export function argArray(arg: Arg): NDArray {
  if (arg.kind === 'array') return arg.array;
  return { data: Float64Array.from(arg.tensor.dataSync()), shape: [...arg.tensor.shape] };
}

/** Convert a value to a tensor (numbers and arrays become float32 tensors). */
export function valueTensor(value: TensorLike): tf.Tensor {
  if (value instanceof tf.Tensor) return value;
  if (typeof value === 'number') return tf.scalar(value);
  const array = fromNested(value);
  if (array === undefined)
    throw new DistributionArgumentError('logProb', 'value', 'a rectangular array', describeValue(value));
  return tf.tensor(Float32Array.from(array.data), [...array.shape]);
}

/**
 * Base class of all distributions.
 *
 * @example
 * ```ts
 * import { dirichlet, normal, Rng, type Distribution } from 'brenier';
 *
 * function describe(d: Distribution): string {
 *   const x = d.sampleTensor(new Rng(1), [5]); // [5, ...batchShape, ...eventShape]
 *   return `${d.name}: batch [${d.batchShape}], event [${d.eventShape}], logProb [${d.logProb(x).shape}]`;
 * }
 * describe(normal([0, 1], 1)); // 'Normal: batch [2], event [], logProb [5,2]'
 * describe(dirichlet([1, 1, 1])); // 'Dirichlet: batch [], event [3], logProb [5]'
 * ```
 * @category Distributions
 */
export abstract class Distribution {
  /** Distribution name, used in error messages. */
  abstract readonly name: string;
  /** Support of the distribution's values. */
  abstract readonly support: Constraint;
  /** Number of trailing event dimensions: 0 for scalar distributions, 1 for vectors, 2 for matrices. */
  abstract readonly eventRank: number;
  /** The validated arguments, by name. */
  protected readonly args: Readonly<Record<string, Arg>>;

  protected constructor(args: Record<string, Arg>) {
    this.args = args;
  }

  /** Shape of one event: `[]` for scalar distributions. */
  get eventShape(): readonly number[] {
    return [];
  }

  /** Broadcast shape of the arguments less the event dimensions. */
  get batchShape(): readonly number[] {
    const shapes = Object.entries(this.args).map(([name, arg]) => this.argBatchShape(name, argShape(arg)));
    const shape = broadcastShapes(...shapes);
    if (shape === undefined) {
      throw new DistributionArgumentError(
        this.name,
        Object.keys(this.args).join(', '),
        'shapes that broadcast against each other',
        shapes.map((s) => `[${s.join(', ')}]`).join(' and '),
      );
    }
    return shape;
  }

  /**
   * Batch part of an argument's shape; override when an argument carries
   * event dimensions (a mean vector, a covariance matrix).
   */
  protected argBatchShape(_name: string, shape: readonly number[]): readonly number[] {
    return shape;
  }

  /**
   * Log density (or log mass) at `value`, one entry per batch element.
   * Normalising constants are included.
   */
  abstract logProb(value: TensorLike): tf.Tensor;

  /**
   * Seeded draws in float64, of shape `[...sampleShape, ...batchShape, ...eventShape]`.
   */
  abstract sample(rng: Rng, sampleShape?: readonly number[]): NDArray;

  /** Draws as a float32 tensor (for generated quantities inside a model). */
  sampleTensor(rng: Rng, sampleShape: readonly number[] = []): tf.Tensor {
    const draws = this.sample(rng, sampleShape);
    return tf.tensor(Float32Array.from(draws.data), [...draws.shape]);
  }

  /** Argument tensor by name (float32; created in the caller's tidy scope). */
  protected tensor(name: string): tf.Tensor {
    return argTensor(this.arg(name));
  }

  /** Argument in float64 by name, broadcast to `shape` when given. */
  protected array(name: string, shape?: readonly number[]): Float64Array {
    const array = argArray(this.arg(name));
    return shape === undefined ? array.data : broadcastTo(array, shape);
  }

  private arg(name: string): Arg {
    const arg = this.args[name];
    if (arg === undefined) throw new Error(`${this.name}: internal error, no argument '${name}'`);
    return arg;
  }

  /**
   * Sample a scalar distribution elementwise: `draw(rng, i)` returns one draw
   * for flat batch index `i`; arguments should be read once beforehand with
   * {@link Distribution.array} broadcast to the batch shape.
   */
  protected sampleScalar(
    rng: Rng,
    sampleShape: readonly number[],
    draw: (rng: Rng, batchIndex: number) => number,
  ): NDArray {
    const batch = this.batchShape;
    const nBatch = sizeOf(batch);
    const nSample = sizeOf(sampleShape);
    const data = new Float64Array(nSample * nBatch);
    for (let s = 0; s < nSample; s++) for (let i = 0; i < nBatch; i++) data[s * nBatch + i] = draw(rng, i);
    return { data, shape: [...sampleShape, ...batch] };
  }
}
