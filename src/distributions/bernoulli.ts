/**
 * Bernoulli distributions on {0, 1}, parameterised by the probability of a
 * one or by its logit; also the shared helpers of the count distributions
 * (support masking of integer values, `x log y` with `0 log 0 = 0`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { DistributionArgumentError, ShapeMismatchError, describeValue } from '../core/errors.js';
import { broadcastShapes, fromNested, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { Distribution, toArg, type Arg, type TensorLike } from './distribution.js';

/**
 * A stored argument as a float32 tensor (created in the caller's tidy scope).
 * Like `argTensor` of `distribution.ts`, but converts float64 data to a
 * `Float32Array` first: tfjs 4 `tf.tensor` rejects `Float64Array` input.
 *
 * @internal
 * @category Distributions
 */
export function argTensor32(arg: Arg | undefined): tf.Tensor {
  if (arg === undefined) throw new Error('internal error: missing distribution argument');
  if (arg.kind === 'tensor') return arg.tensor;
  const { data, shape } = arg.array;
  return shape.length === 0 ? tf.scalar(data[0] as number) : tf.tensor(Float32Array.from(data), [...shape]);
}

/**
 * A value (data or tensor) as a float32 tensor; like `valueTensor` of
 * `distribution.ts` but safe for float64 input (see {@link argTensor32}).
 *
 * @throws {@link DistributionArgumentError} when the value is ragged.
 * @internal
 * @category Distributions
 */
export function valueTensor32(value: TensorLike): tf.Tensor {
  if (value instanceof tf.Tensor) return value;
  if (typeof value === 'number') return tf.scalar(value);
  const array = fromNested(value);
  if (array === undefined)
    throw new DistributionArgumentError('logProb', 'value', 'a rectangular array', describeValue(value));
  return array.shape.length === 0
    ? tf.scalar(array.data[0] as number)
    : tf.tensor(Float32Array.from(array.data), [...array.shape]);
}

/**
 * `tf.where` with NumPy broadcasting of the condition and both branches.
 *
 * @internal
 * @category Distributions
 */
export function select(cond: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const target = broadcastShapes(cond.shape, a.shape, b.shape);
  if (target === undefined) {
    throw new ShapeMismatchError(
      'logProb',
      `shapes [${cond.shape.join(', ')}], [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast`,
    );
  }
  return tf.tidy(() => tf.where(tf.broadcastTo(cond, target), tf.broadcastTo(a, target), tf.broadcastTo(b, target)));
}

/**
 * `x * logY`, taken as 0 where `x = 0` (so `0 log 0 = 0`), broadcasting.
 *
 * @internal
 * @category Distributions
 */
export function xlogy(x: tf.Tensor, logY: tf.Tensor): tf.Tensor {
  return tf.tidy(() => select(tf.equal(x, 0), tf.zeros([]), tf.mul(x, logY)));
}

/**
 * Log mass of a count distribution with support masking: values that are
 * not integers in `[0, upper]` get `-Infinity`. The body is evaluated at a
 * sanitised value (0 where the value is out of support), so neither its
 * value nor its gradient sees out-of-support inputs ("double where").
 *
 * @param value - the data (values of the distribution).
 * @param upper - inclusive upper bound (a tensor broadcasting against the
 *   batch), or `undefined` for none.
 * @param body - the log mass at in-support values `x` (a tensor).
 * @internal
 * @category Distributions
 */
export function countLogProb(
  value: TensorLike,
  upper: tf.Tensor | undefined,
  body: (x: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const x = valueTensor32(value);
    let valid = tf.logicalAnd(tf.greaterEqual(x, 0), tf.equal(x, tf.round(x)));
    if (upper !== undefined) valid = tf.logicalAnd(valid, tf.lessEqual(x, upper));
    const xSafe = select(valid, x, tf.zeros([]));
    const lp = body(xSafe);
    return select(valid, lp, tf.scalar(-Infinity));
  });
}

/**
 * Numerically stable `softplus(x) = log(1 + exp(x))` in float64.
 *
 * @category Math
 */
export function softplus64(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Logistic sigmoid `1 / (1 + exp(-x))` in float64, stable for large `|x|`.
 *
 * @category Math
 */
export function sigmoid64(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Bernoulli distribution on {0, 1}: `p(1) = probs`, `p(0) = 1 - probs`,
 * `log p(x) = x log(probs) + (1 - x) log(1 - probs)`.
 * Mean `probs`, variance `probs (1 - probs)`.
 *
 * @category Distributions
 */
export class Bernoulli extends Distribution {
  readonly name: string = 'Bernoulli';
  readonly support: Constraint = constraints.boolean;
  readonly eventRank: number = 0;

  /** @param probs - probability of a one, in [0, 1]. */
  constructor(probs: TensorLike) {
    super({ probs: toArg('Bernoulli', 'probs', probs, 'probability') });
    void this.batchShape;
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const p = argTensor32(this.args['probs']);
      return countLogProb(value, tf.scalar(1), (x) => select(tf.equal(x, 1), tf.log(p), tf.log1p(tf.neg(p))));
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const p = this.array('probs', this.batchShape);
    return this.sampleScalar(rng, sampleShape, (r, i) => (r.uniform() < (p[i] as number) ? 1 : 0));
  }

  /** Mean `probs`, float64, of the batch shape. */
  mean(): NDArray {
    return { data: Float64Array.from(this.array('probs', this.batchShape)), shape: [...this.batchShape] };
  }

  /** Variance `probs (1 - probs)`, float64, of the batch shape. */
  variance(): NDArray {
    const p = this.array('probs', this.batchShape);
    return { data: p.map((v) => v * (1 - v)), shape: [...this.batchShape] };
  }
}

/**
 * Bernoulli distribution parameterised by the log-odds `logits = log(p / (1 - p))`:
 * `log p(1) = -softplus(-logits)`, `log p(0) = -softplus(logits)`
 * (stable for large `|logits|`).
 *
 * @category Distributions
 */
export class BernoulliLogit extends Distribution {
  readonly name: string = 'BernoulliLogit';
  readonly support: Constraint = constraints.boolean;
  readonly eventRank: number = 0;

  /** @param logits - log-odds of a one, any finite real. */
  constructor(logits: TensorLike) {
    super({ logits: toArg('BernoulliLogit', 'logits', logits, 'real') });
    void this.batchShape;
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const l = argTensor32(this.args['logits']);
      return countLogProb(value, tf.scalar(1), (x) =>
        select(tf.equal(x, 1), tf.neg(tf.softplus(tf.neg(l))), tf.neg(tf.softplus(l))),
      );
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const l = this.array('logits', this.batchShape);
    return this.sampleScalar(rng, sampleShape, (r, i) => (r.uniform() < sigmoid64(l[i] as number) ? 1 : 0));
  }

  /** Mean `sigmoid(logits)`, float64, of the batch shape. */
  mean(): NDArray {
    const l = this.array('logits', this.batchShape);
    return { data: l.map(sigmoid64), shape: [...this.batchShape] };
  }

  /** Variance `sigmoid(l) sigmoid(-l)`, float64, of the batch shape. */
  variance(): NDArray {
    const l = this.array('logits', this.batchShape);
    return { data: l.map((v) => sigmoid64(v) * sigmoid64(-v)), shape: [...this.batchShape] };
  }
}

/**
 * Bernoulli distribution with probability `probs` of a one.
 *
 * @param probs - probability in [0, 1] (number, array or tensor).
 * @category Distributions
 */
export function bernoulli(probs: TensorLike): Bernoulli {
  return new Bernoulli(probs);
}

/**
 * Bernoulli distribution with log-odds `logits`.
 *
 * @param logits - log-odds (number, array or tensor).
 * @category Distributions
 */
export function bernoulliLogit(logits: TensorLike): BernoulliLogit {
  return new BernoulliLogit(logits);
}
