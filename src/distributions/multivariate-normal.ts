/**
 * Multivariate normal distributions, by covariance matrix or by the
 * lower-triangular Cholesky factor of the covariance.
 *
 * Concrete (data) covariances are factored once, in float64, at
 * construction; `logProb` then only solves triangular systems. Tensor
 * covariances (parameters) are factored inside each `logProb` with the
 * differentiable batched `choleskyTensor`.
 *
 * Shapes: `loc` is `[..., k]`, the covariance or factor `[..., k, k]`; batch
 * shapes broadcast NumPy-style. A value `[..., k]` broadcasts against the
 * batch on its leading axes: with `loc` `[N, k]` (one mean per parameter
 * draw), data `[N, k]` pair row by row (result `[N]`); to score `n`
 * observations `[n, k]` under each of `N` draws, give `loc` shape
 * `[N, 1, k]` (result `[N, n]`). Incompatible shapes throw a
 * {@link ShapeMismatchError} saying so.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { constraints, type Constraint } from '../constraints.js';
import { DistributionArgumentError, NumericalError } from '../core/errors.js';
import { broadcastTo, sizeOf, type NDArray } from '../core/ndarray.js';
import type { Rng } from '../core/rng.js';
import { cholesky, choleskyLogDet } from '../math/linalg.js';
import { choleskyTensor, diagPart, solveLowerTensor } from '../math/linalg-tensor.js';
import { Distribution, argArray, argShape, toArg, valueTensor, type Arg, type TensorLike } from './distribution.js';
import { checkEventValue } from './event-shape.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const SYMMETRY_TOLERANCE = 1e-8;

function vectorSize(distribution: string, arg: Arg): number {
  const shape = argShape(arg);
  const k = shape[shape.length - 1];
  if (k === undefined || k < 1) {
    throw new DistributionArgumentError(distribution, 'loc', 'a vector of length >= 1', `shape [${shape.join(', ')}]`);
  }
  return k;
}

function checkMatrixShape(distribution: string, name: string, arg: Arg, k: number): void {
  const shape = argShape(arg);
  if (shape.length < 2 || shape[shape.length - 1] !== k || shape[shape.length - 2] !== k) {
    throw new DistributionArgumentError(
      distribution,
      name,
      `a [..., ${k}, ${k}] matrix matching loc's last axis (${k})`,
      `shape [${shape.join(', ')}]`,
    );
  }
}

/** Float64 Cholesky factors of a batch of SPD matrices; non-SPD input throws naming `name`. */
function factorBatch(distribution: string, name: string, a: Float64Array, k: number): Float64Array {
  const out = new Float64Array(a.length);
  const kk = k * k;
  for (let b = 0; b < a.length / kk; b++) {
    const m = a.subarray(b * kk, (b + 1) * kk);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) {
        const x = m[i * k + j] as number;
        const y = m[j * k + i] as number;
        const scale = Math.sqrt(Math.abs((m[i * k + i] as number) * (m[j * k + j] as number)));
        if (!(Math.abs(x - y) <= SYMMETRY_TOLERANCE * scale)) {
          throw new DistributionArgumentError(
            distribution,
            name,
            'symmetric positive-definite matrices',
            `a non-symmetric matrix (batch entry ${b}: entry [${i}, ${j}] is ${x}, entry [${j}, ${i}] is ${y})`,
          );
        }
      }
    }
    try {
      out.set(cholesky(m, k), b * kk);
    } catch (error) {
      if (error instanceof NumericalError) {
        throw new DistributionArgumentError(
          distribution,
          name,
          'symmetric positive-definite matrices',
          `a matrix that is not positive definite (batch entry ${b}: ${error.message})`,
        );
      }
      throw error;
    }
  }
  return out;
}

/** Check a concrete batch of lower-triangular factors: zero above the diagonal, positive diagonal. */
function checkLowerTriangular(distribution: string, name: string, d: Float64Array, k: number): void {
  for (let b = 0; b < d.length / (k * k); b++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const v = d[b * k * k + i * k + j] as number;
        if ((j > i && v !== 0) || (j === i && !(v > 0))) {
          throw new DistributionArgumentError(
            distribution,
            name,
            'lower-triangular matrices with a positive diagonal',
            `entry [${i}, ${j}] = ${v} (batch entry ${b})`,
          );
        }
      }
    }
  }
}

/** Float64 half log-determinants `sum_i log L_ii` of a batch of factors. */
function halfLogDets(l: Float64Array, k: number): Float64Array {
  const kk = k * k;
  const out = new Float64Array(l.length / kk);
  for (let b = 0; b < out.length; b++) out[b] = 0.5 * choleskyLogDet(l.subarray(b * kk, (b + 1) * kk), k);
  return out;
}

/**
 * Base of the multivariate normal distributions: `loc` `[..., k]` and a
 * lower-triangular scale `L` `[..., k, k]` with covariance `L L^T`;
 * `log p(x) = -1/2 |L^{-1}(x - loc)|^2 - sum_i log L_ii - (k/2) log(2 pi)`.
 *
 * @example
 * ```ts
 * import { multivariateNormal, multivariateNormalCholesky, type MultivariateNormalBase } from 'brenier';
 *
 * // The same law, by covariance [[4, 2], [2, 2]] or by its Cholesky factor [[2, 0], [1, 1]]:
 * const laws: MultivariateNormalBase[] = [
 *   multivariateNormal([0, 0], [[4, 2], [2, 2]]),
 *   multivariateNormalCholesky([0, 0], [[2, 0], [1, 1]]),
 * ];
 * laws.map((d) => d.logProb([1, 1]).arraySync()); // ≈ [-2.781, -2.781]
 * laws.map((d) => Array.from(d.covariance().data)); // [[4, 2, 2, 2], [4, 2, 2, 2]]
 * ```
 * @category Distributions
 */
export abstract class MultivariateNormalBase extends Distribution {
  readonly support: Constraint = constraints.real;
  readonly eventRank: number = 1;
  /** Dimension `k` of the vectors. */
  readonly dimension: number;
  /** Name of the matrix argument (`'covariance'` or `'scaleTril'`). */
  protected readonly matrixName: string;
  /** The float64 factor and half log-determinant when the matrix argument is concrete. */
  protected readonly factor:
    | {
        /** Lower-triangular scales `[..., k, k]`. */
        readonly l: NDArray;
        /** Half log-determinants of the covariances, `sum_i log L_ii`, of the matrix batch shape. */
        readonly halfLogDet: NDArray;
      }
    | undefined;

  /**
   * Validate `loc` and the matrix argument and, when the matrix is concrete,
   * factor it once in float64.
   *
   * @param name - the distribution's name, for error messages.
   * @param loc - `[..., k]` mean vectors.
   * @param matrixName - name of the matrix argument.
   * @param matrix - `[..., k, k]` matrices.
   * @param concreteFactor - checks a concrete (float64) batch of matrices and
   *   returns their lower-triangular scales.
   */
  protected constructor(
    name: string,
    loc: TensorLike,
    matrixName: string,
    matrix: TensorLike,
    concreteFactor: (data: Float64Array, k: number) => Float64Array,
  ) {
    const locArg = toArg(name, 'loc', loc, 'real');
    const k = vectorSize(name, locArg);
    const matrixArg = toArg(name, matrixName, matrix, 'real');
    checkMatrixShape(name, matrixName, matrixArg, k);
    const factor = matrixArg.kind === 'array' ? concreteFactor(matrixArg.array.data, k) : undefined;
    super({ loc: locArg, [matrixName]: matrixArg });
    this.dimension = k;
    this.matrixName = matrixName;
    const shape = argShape(matrixArg);
    this.factor =
      factor === undefined
        ? undefined
        : {
            l: { data: factor, shape: [...shape] },
            halfLogDet: { data: halfLogDets(factor, k), shape: shape.slice(0, -2) },
          };
    void this.batchShape;
  }

  override get eventShape(): readonly number[] {
    return [this.dimension];
  }

  protected override argBatchShape(name: string, shape: readonly number[]): readonly number[] {
    return name === 'loc' ? shape.slice(0, -1) : shape.slice(0, -2);
  }

  /** Lower-triangular scale from the matrix argument tensor (a Cholesky factorisation or the identity). */
  protected abstract scaleFromTensor(matrix: tf.Tensor): tf.Tensor;

  /** Float64 lower-triangular scales broadcast to `[...batch, k, k]`. */
  protected scaleArray(): Float64Array {
    const k = this.dimension;
    const shape = [...this.batchShape, k, k];
    if (this.factor !== undefined) return broadcastTo(this.factor.l, shape);
    const m = broadcastTo(argArray(this.args[this.matrixName] as Arg), shape);
    return this.matrixName === 'covariance' ? factorBatch(this.name, this.matrixName, m, k) : m;
  }

  logProb(value: TensorLike): tf.Tensor {
    return tf.tidy(() => {
      const k = this.dimension;
      const x = valueTensor(value);
      checkEventValue(this.name, x.shape, this.batchShape, [k]);
      const diff = tf.sub(x, this.tensor('loc'));
      let l: tf.Tensor;
      let halfLogDet: tf.Tensor;
      if (this.factor !== undefined) {
        const f = this.factor;
        l = tf.tensor(Float32Array.from(f.l.data), [...f.l.shape]);
        const h = f.halfLogDet;
        halfLogDet =
          h.shape.length === 0 ? tf.scalar(h.data[0] as number) : tf.tensor(Float32Array.from(h.data), [...h.shape]);
      } else {
        l = this.scaleFromTensor(this.tensor(this.matrixName));
        halfLogDet = tf.sum(tf.log(diagPart(l, k)), -1);
      }
      const z = solveLowerTensor(l, diff);
      return tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), -1)), tf.add(halfLogDet, k * HALF_LOG_TWO_PI));
    });
  }

  sample(rng: Rng, sampleShape: readonly number[] = []): NDArray {
    const k = this.dimension;
    const batch = this.batchShape;
    const loc = this.array('loc', [...batch, k]);
    const l = this.scaleArray();
    const nBatch = sizeOf(batch);
    const nSample = sizeOf(sampleShape);
    const data = new Float64Array(nSample * nBatch * k);
    const z = new Float64Array(k);
    for (let s = 0; s < nSample; s++) {
      for (let b = 0; b < nBatch; b++) {
        for (let i = 0; i < k; i++) z[i] = rng.normal();
        const base = (s * nBatch + b) * k;
        for (let i = 0; i < k; i++) {
          let v = loc[b * k + i] as number;
          for (let j = 0; j <= i; j++) v += (l[b * k * k + i * k + j] as number) * (z[j] as number);
          data[base + i] = v;
        }
      }
    }
    return { data, shape: [...sampleShape, ...batch, k] };
  }

  /** Mean `loc`, float64, `[...batch, k]`. */
  mean(): NDArray {
    const shape = [...this.batchShape, this.dimension];
    return { data: this.array('loc', shape), shape };
  }

  /** Covariance `L L^T`, float64, `[...batch, k, k]`. */
  covariance(): NDArray {
    const k = this.dimension;
    const l = this.scaleArray();
    const out = new Float64Array(l.length);
    for (let b = 0; b < l.length / (k * k); b++) {
      const o = b * k * k;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let p = 0; p <= j; p++) s += (l[o + i * k + p] as number) * (l[o + j * k + p] as number);
          out[o + i * k + j] = s;
          out[o + j * k + i] = s;
        }
      }
    }
    return { data: out, shape: [...this.batchShape, k, k] };
  }

  /** Marginal variances (the covariance diagonal), float64, `[...batch, k]`. */
  variance(): NDArray {
    const k = this.dimension;
    const c = this.covariance().data;
    const out = new Float64Array(c.length / k);
    for (let b = 0; b < out.length / k; b++)
      for (let i = 0; i < k; i++) out[b * k + i] = c[b * k * k + i * k + i] as number;
    return { data: out, shape: [...this.batchShape, k] };
  }
}

/**
 * Multivariate normal distribution with mean `loc` and covariance `Sigma`:
 * `log p(x) = -1/2 (x - loc)^T Sigma^{-1} (x - loc) - 1/2 log det Sigma - (k/2) log(2 pi)`,
 * evaluated through the Cholesky factor `Sigma = L L^T`.
 *
 * A concrete covariance is checked (symmetric within 1e-8 relative,
 * positive definite) and factored once in float64; a tensor covariance is
 * factored in each `logProb` by `choleskyTensor` (its lower triangle
 * is read; not positive definite gives NaN).
 *
 * @example
 * ```ts
 * import { MultivariateNormal, Rng } from 'brenier';
 *
 * const d = new MultivariateNormal([0, 1], [[1, 0.5], [0.5, 2]]);
 * d.logProb([1, -1]).arraySync(); // ≈ -4.403
 * d.eventShape; // [2]
 * d.sample(new Rng(1), [500]).shape; // [500, 2]
 * ```
 * @category Distributions
 */
export class MultivariateNormal extends MultivariateNormalBase {
  readonly name: string = 'MultivariateNormal';

  /**
   * @param loc - `[..., k]` mean vectors.
   * @param covariance - `[..., k, k]` symmetric positive-definite covariance matrices.
   */
  constructor(loc: TensorLike, covariance: TensorLike) {
    super('MultivariateNormal', loc, 'covariance', covariance, (m, k) =>
      factorBatch('MultivariateNormal', 'covariance', m, k),
    );
  }

  protected scaleFromTensor(matrix: tf.Tensor): tf.Tensor {
    return choleskyTensor(matrix);
  }
}

/**
 * Multivariate normal distribution with mean `loc` and covariance
 * `L L^T` given by its lower-triangular Cholesky factor `L = scaleTril`
 * (Stan's `multi_normal_cholesky`):
 * `log p(x) = -1/2 |L^{-1}(x - loc)|^2 - sum_i log L_ii - (k/2) log(2 pi)`.
 * Entries above the diagonal are ignored for tensors and must be zero
 * for concrete arrays; the diagonal must be positive.
 *
 * @example
 * ```ts
 * import { MultivariateNormalCholesky } from 'brenier';
 *
 * const d = new MultivariateNormalCholesky([0, 0], [[2, 0], [1, 1]]); // covariance [[4, 2], [2, 2]]
 * d.logProb([[0, 0], [1, 1]]).arraySync(); // ≈ [-2.531, -2.781]
 * d.variance().data; // [4, 2]
 * ```
 * @category Distributions
 */
export class MultivariateNormalCholesky extends MultivariateNormalBase {
  readonly name: string = 'MultivariateNormalCholesky';

  /**
   * @param loc - `[..., k]` mean vectors.
   * @param scaleTril - `[..., k, k]` lower-triangular factors with positive diagonals.
   */
  constructor(loc: TensorLike, scaleTril: TensorLike) {
    super('MultivariateNormalCholesky', loc, 'scaleTril', scaleTril, (l, k) => {
      checkLowerTriangular('MultivariateNormalCholesky', 'scaleTril', l, k);
      return l;
    });
  }

  protected scaleFromTensor(matrix: tf.Tensor): tf.Tensor {
    return matrix;
  }
}

/**
 * Multivariate normal distribution with mean `loc` and covariance `covariance`.
 *
 * @param loc - `[..., k]` means.
 * @param covariance - `[..., k, k]` SPD covariances.
 * @example An unknown mean vector
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { data, defineModel, multivariateNormal, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.matrix('N', 2) },
 *   params: { mu: param.real(2) },
 *   logDensity: ({ mu }, { y }) => [
 *     normal(0, 5).logProb(mu),
 *     // loc [N, 1, 2] against y [n, 2]: one term per particle and observation, [N, n]
 *     multivariateNormal(tf.expandDims(mu, 1), [[1, 0.5], [0.5, 1]]).logProb(y),
 *   ],
 * });
 * model.logDensity({ mu: [0, 0] }, { N: 2, y: [[0.5, 0.2], [-1, -0.4]] }); // ≈ -9.078
 * ```
 * @category Distributions
 */
export function multivariateNormal(loc: TensorLike, covariance: TensorLike): MultivariateNormal {
  return new MultivariateNormal(loc, covariance);
}

/**
 * Multivariate normal distribution with mean `loc` and covariance `scaleTril scaleTril^T`.
 *
 * @param loc - `[..., k]` means.
 * @param scaleTril - `[..., k, k]` lower-triangular Cholesky factors of the covariance.
 * @example Correlated effects with an LKJ prior
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { data, defineModel, lkjCholesky, multivariateNormalCholesky, normal, param } from 'brenier';
 *
 * const model = defineModel({
 *   data: { N: data.int({ lower: 0 }), y: data.matrix('N', 2) },
 *   params: { mu: param.real(2), tau: param.positive(2), L_Omega: param.choleskyCorr(2) },
 *   logDensity: ({ mu, tau, L_Omega }, { y }) => {
 *     const L = tf.mul(tf.expandDims(tau, 2), L_Omega); // diag(tau) L_Omega, [N, 2, 2]
 *     return [
 *       normal(0, 5).logProb(mu),
 *       normal(0, 2).logProb(tau),
 *       lkjCholesky(2, 2).logProb(L_Omega),
 *       multivariateNormalCholesky(tf.expandDims(mu, 1), tf.expandDims(L, 1)).logProb(y), // [N, n]
 *     ];
 *   },
 * });
 * const point = { mu: [0, 0], tau: [1, 2], L_Omega: [[1, 0], [0.6, 0.8]] };
 * model.logDensity(point, { N: 2, y: [[0.5, 1], [-1, -2]] }); // ≈ -15.04
 * ```
 * @category Distributions
 */
export function multivariateNormalCholesky(loc: TensorLike, scaleTril: TensorLike): MultivariateNormalCholesky {
  return new MultivariateNormalCholesky(loc, scaleTril);
}
