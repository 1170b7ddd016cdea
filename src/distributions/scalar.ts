/**
 * Shared machinery of the scalar distributions: the
 * {@link ScalarDistribution} base class (event rank 0, float32 log densities,
 * float64 moments and draws read elementwise over the batch) and the
 * support-restriction helpers of the continuous log densities.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { broadcastShapes, sizeOf, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { Distribution, toArg, valueTensor, type Arg, type ArgDomain, type TensorLike } from './distribution.js';

/**
 * An argument still to be validated: its value and the domain its concrete
 * entries must lie in (checked by `toArg`).
 */
export type ArgSpec = readonly [value: TensorLike, domain: ArgDomain];

/**
 * Base class of the scalar distributions, continuous and discrete:
 * `eventRank = 0`, the batch shape is the broadcast shape of the arguments,
 * and `logProb(x)` has the broadcast shape of `x` and the batch.
 *
 * Subclasses implement {@link ScalarDistribution.logDensity} on a float32
 * tensor; values outside the support give `-Infinity` (not NaN) and a
 * finite (zero) gradient.
 *
 * @example A new distribution
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { constraints, Rng, ScalarDistribution, type TensorLike } from 'brenier';
 *
 * // Gumbel(loc, scale): log p(x) = -log(scale) - z - exp(-z), with z = (x - loc) / scale.
 * class Gumbel extends ScalarDistribution {
 *   readonly support = constraints.real;
 *   constructor(loc: TensorLike, scale: TensorLike) {
 *     super('Gumbel', { loc: [loc, 'real'], scale: [scale, 'positive'] });
 *   }
 *   protected logDensity(x: tf.Tensor): tf.Tensor {
 *     const scale = this.param('scale');
 *     const z = tf.div(tf.sub(x, this.param('loc')), scale);
 *     return tf.neg(tf.add(tf.add(tf.log(scale), z), tf.exp(tf.neg(z))));
 *   }
 *   sample(rng: Rng, sampleShape: readonly number[] = []) {
 *     return this.sampleWith(rng, sampleShape, ['loc', 'scale'], (r, loc, s) => loc - s * Math.log(r.exponential()));
 *   }
 * }
 * new Gumbel(0, [1, 2]).logProb(0).arraySync(); // ≈ [-1, -1.693]
 * ```
 * @category Distributions
 */
export abstract class ScalarDistribution extends Distribution {
  /** Distribution name, used in error messages. */
  readonly name: string;
  /** Scalar distributions have no event dimensions. */
  readonly eventRank = 0;

  /**
   * @param name - the distribution's name, for error messages.
   * @param args - the arguments by name, in validation order: validated
   *   arguments, or `[value, domain]` pairs validated here (a
   *   `DistributionArgumentError` names the distribution and the argument).
   *   Their shapes are checked to broadcast here, so a mismatch throws at
   *   construction.
   */
  protected constructor(name: string, args: Record<string, Arg | ArgSpec>) {
    super(validateArgs(name, args));
    this.name = name;
    void this.batchShape; // throws DistributionArgumentError when the shapes do not broadcast
  }

  /**
   * Log density (or log mass) at `value` (normalising constants included),
   * of the broadcast shape of `value` and the batch shape. Differentiable in
   * tensor arguments, and in the value for continuous distributions.
   */
  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const x = asFloat(valueTensor(value));
      const lp = this.logDensity(x);
      const shape = broadcastShapes(x.shape, this.batchShape) ?? lp.shape;
      const same = shape.length === lp.shape.length && shape.every((d, i) => d === lp.shape[i]);
      return same ? lp : tf.broadcastTo(lp, shape);
    });
  }

  /**
   * The log density (or log mass) on a float32 tensor `x`, broadcasting
   * against the arguments (called inside `tf.tidy`).
   */
  protected abstract logDensity(x: tf.Tensor): tf.Tensor;

  /** Argument tensor by name, cast to float32 (call inside `tf.tidy`). */
  protected param(name: string): tf.Tensor {
    return asFloat(this.tensor(name));
  }

  /**
   * A float64 array of the batch shape whose entry `i` is `f` applied to the
   * named arguments at batch index `i` (for means and variances).
   */
  protected mapBatch(names: readonly string[], f: (...args: number[]) => number): NDArray {
    const shape = this.batchShape;
    const arrays = names.map((n) => this.array(n, shape));
    const size = sizeOf(shape);
    const data = new Float64Array(size);
    const v = new Array<number>(names.length).fill(0);
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < arrays.length; k++) v[k] = (arrays[k] as Float64Array)[i] as number;
      data[i] = f(...v);
    }
    return { data, shape: [...shape] };
  }

  /**
   * Draws of shape `[...sampleShape, ...batchShape]`: `draw(rng, ...args)`
   * returns one float64 variate given the named arguments at one batch index.
   */
  protected sampleWith(
    rng: Rng,
    sampleShape: readonly number[],
    names: readonly string[],
    draw: (rng: Rng, ...args: number[]) => number,
  ): NDArray {
    const shape = this.batchShape;
    const arrays = names.map((n) => this.array(n, shape));
    const v = new Array<number>(names.length).fill(0);
    return this.sampleScalar(rng, sampleShape, (r, i) => {
      for (let k = 0; k < arrays.length; k++) v[k] = (arrays[k] as Float64Array)[i] as number;
      return draw(r, ...v);
    });
  }
}

/** Validate the `[value, domain]` pairs among `args` with `toArg`, in order. */
function validateArgs(distribution: string, args: Record<string, Arg | ArgSpec>): Record<string, Arg> {
  const out: Record<string, Arg> = {};
  for (const [name, arg] of Object.entries(args))
    out[name] = isSpec(arg) ? toArg(distribution, name, arg[0], arg[1]) : arg;
  return out;
}

function isSpec(arg: Arg | ArgSpec): arg is ArgSpec {
  return Array.isArray(arg);
}

/** Cast a tensor to float32 if it is not already (integer data, booleans). */
function asFloat(t: tf.Tensor): tf.Tensor {
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}

/**
 * Compute a boolean mask from tensors without recording it for gradients:
 * tfjs has no gradients for comparisons and logical ops, and `tf.grad`
 * would otherwise fail on a mask that depends on the differentiated value
 * (the mask's gradient is zero everywhere it is defined).
 *
 * @param mask - computes the boolean mask from `inputs`.
 * @param inputs - float32 tensors the mask depends on.
 * @internal
 */
export function detachedMask(mask: (...inputs: tf.Tensor[]) => tf.Tensor, ...inputs: tf.Tensor[]): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const tensors = args.slice(0, inputs.length) as tf.Tensor[];
    const save = args[inputs.length] as tf.GradSaveFunc;
    save(tensors);
    return {
      value: mask(...tensors),
      gradFunc: (_dy: tf.Tensor, saved: tf.Tensor[]) => saved.map((t) => tf.zerosLike(t)),
    };
  }) as (...xs: tf.Tensor[]) => tf.Tensor;
  return op(...inputs);
}

/**
 * Evaluate a log density only inside the support: entries where `outside`
 * is true give `-Infinity`, and `density` is evaluated at `safe` there
 * instead of `x`, so that its gradient stays finite (the "double where"
 * idiom: a NaN in the unused branch would otherwise leak into the gradient
 * as `0 * NaN`). NaN values are not outside, and stay NaN.
 *
 * @param x - the value tensor.
 * @param outside - boolean tensor broadcasting against `x`, computed with
 *   {@link detachedMask} when it depends on differentiated tensors.
 * @param safe - a point inside the support (number or tensor).
 * @param density - the log density formula, valid inside the support.
 * @internal
 */
export function restrictToSupport(
  x: tf.Tensor,
  outside: tf.Tensor,
  safe: tf.Tensor | number,
  density: (x: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  const xs = tf.where(outside, typeof safe === 'number' ? tf.scalar(safe) : safe, x);
  return tf.where(outside, tf.scalar(-Infinity), density(xs));
}

/**
 * Boolean tensor: `x < 0` (or `x <= 0` when `open`), or `x = +Infinity`.
 * The outside of the positive half-line, for {@link restrictToSupport}.
 *
 * @internal
 */
export function outsidePositive(x: tf.Tensor, open: boolean): tf.Tensor {
  return detachedMask((t) => tf.logicalOr(open ? tf.lessEqual(t, 0) : tf.less(t, 0), tf.equal(t, Infinity)), x);
}
