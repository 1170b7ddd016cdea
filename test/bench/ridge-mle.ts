/**
 * A reference for the generative benchmark: the ridge family's coefficients
 * fitted to the data by maximum likelihood, with the same dictionary as
 * fitGenerative's ridge phase. On the dual side
 *
 *     log q(y) = -|grad u*(y)|^2 / 2 + log det grad^2 u*(y) - (d/2) log 2 pi
 *
 * is concave in the coefficients (P, beta, c): `grad u*` is linear in them,
 * and so is `grad^2 u*`, whose log-determinant is concave. So this fit is
 * (up to the optimiser's tolerance) the best the family can do in
 * held-out log-likelihood: the gap between it and the Monge-Ampère fit is
 * the flow's, the gap between it and the truth the family's.
 *
 * Optimiser: projected Adam on minibatches (c >= 0, P above the family's
 * floor), seeded. Not part of the library: the flow is the method; this
 * only measures how far the family can go.
 */
import { Rng } from '../../src/core/rng.js';
import { fitStandardisation, standardise, type DataMatrix } from '../../src/generative/data-matrix.js';
import { generativeRidgeDictionary } from '../../src/generative/fit-generative.js';
import { TransportMap } from '../../src/generative/transport-map.js';
import { cholesky, choleskyLogDet, inverseSpd } from '../../src/math/linalg.js';
import { gaussianFamily } from '../../src/transport/gaussian-family.js';
import { aboveFloor, evaluatePoint, ridgeFromGaussian, type RidgePotential } from '../../src/transport/ridge-family.js';

const LOG_2PI = Math.log(2 * Math.PI);
const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Options of {@link fitRidgeMaximumLikelihood}. */
export interface RidgeMleOptions {
  /** Adam iterations (default 3000). */
  iterations?: number;
  /** Points per minibatch (default 500). */
  batch?: number;
  /** Adam's step size (default 0.01). */
  learningRate?: number;
  /** Seed of the minibatches. */
  seed: number;
}

/**
 * Log-likelihood of the points under a ridge potential (standardised
 * coordinates), and optionally its gradient in (P upper triangle, beta, c).
 */
function logLikelihood(p: RidgePotential, z: Float64Array, n: number, gradient?: Float64Array): number {
  const d = p.dim;
  const J = p.c.length;
  const KP = (d * (d + 1)) / 2;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = z.subarray(i * d, (i + 1) * d);
    const { grad: g, hessian: H } = evaluatePoint(p, y, true);
    let gg = 0;
    for (let a = 0; a < d; a++) gg += (g[a] as number) ** 2;
    total += -0.5 * gg + choleskyLogDet(cholesky(H, d), d) - 0.5 * d * LOG_2PI;
    if (gradient === undefined) continue;
    const Hinv = inverseSpd(H, d);
    // d/dP_ab: -g'(e_a y_b + e_b y_a) + 2 (H^{-1})_ab, or -g_a y_a + (H^{-1})_aa on the diagonal.
    let k = 0;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++, k++) {
        gradient[k] =
          (gradient[k] as number) +
          (a === b
            ? -(g[a] as number) * (y[a] as number) + (Hinv[a * d + a] as number)
            : -(g[a] as number) * (y[b] as number) -
              (g[b] as number) * (y[a] as number) +
              2 * (Hinv[a * d + b] as number));
      }
    }
    for (let a = 0; a < d; a++) gradient[KP + a] = (gradient[KP + a] as number) - (g[a] as number);
    for (let j = 0; j < J; j++) {
      let wy = 0;
      for (let a = 0; a < d; a++) wy += (p.W[j * d + a] as number) * (y[a] as number);
      const s = sigmoid((p.s[j] as number) * wy + (p.t[j] as number));
      let gw = 0;
      let wHw = 0;
      for (let a = 0; a < d; a++) {
        const wa = p.W[j * d + a] as number;
        gw += (g[a] as number) * wa;
        for (let b = 0; b < d; b++) wHw += wa * (Hinv[a * d + b] as number) * (p.W[j * d + b] as number);
      }
      gradient[KP + d + j] = (gradient[KP + d + j] as number) - s * gw + (p.s[j] as number) * s * (1 - s) * wHw;
    }
  }
  return total / n;
}

/**
 * Fit the ridge family's coefficients to the training points by maximum
 * likelihood, with fitGenerative's default dictionary and its affine
 * standardisation (on all the training points), starting from the
 * Gaussian fit (the identity in standardised coordinates).
 */
export function fitRidgeMaximumLikelihood(train: DataMatrix, options: RidgeMleOptions): TransportMap {
  const { d, n } = train;
  const iterations = options.iterations ?? 3000;
  const batchSize = Math.min(options.batch ?? 500, n);
  const rate = options.learningRate ?? 0.01;
  const standardisation = fitStandardisation(train, 'affine');
  const z = standardise(standardisation, train.data, n, d);
  let p = ridgeFromGaussian(gaussianFamily.identity(d), generativeRidgeDictionary(d));
  const KP = (d * (d + 1)) / 2;
  const J = p.c.length;
  const K = KP + d + J;
  const pack = (q: RidgePotential): Float64Array => {
    const theta = new Float64Array(K);
    let k = 0;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) theta[k++] = q.P[a * d + b] as number;
    q.beta.forEach((v, a) => (theta[KP + a] = v));
    q.c.forEach((v, j) => (theta[KP + d + j] = v));
    return theta;
  };
  const unpack = (theta: Float64Array): RidgePotential => {
    const P = new Float64Array(d * d);
    let k = 0;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++, k++) {
        P[a * d + b] = theta[k] as number;
        P[b * d + a] = theta[k] as number;
      }
    }
    const projected = aboveFloor(P, Float64Array.from(p.floor), d);
    return {
      ...p,
      P: Array.from(projected),
      beta: Array.from(theta.subarray(KP, KP + d)),
      c: Array.from(theta.subarray(KP + d), (v) => Math.max(0, v)),
    };
  };
  const rng = new Rng(options.seed);
  const m = new Float64Array(K);
  const v = new Float64Array(K);
  const batch = new Float64Array(batchSize * d);
  for (let it = 1; it <= iterations; it++) {
    for (let r = 0; r < batchSize; r++) {
      const row = rng.integer(n);
      batch.set(z.subarray(row * d, (row + 1) * d), r * d);
    }
    const gradient = new Float64Array(K);
    logLikelihood(p, batch, batchSize, gradient);
    const theta = pack(p);
    for (let k = 0; k < K; k++) {
      const gk = (gradient[k] as number) / batchSize;
      m[k] = 0.9 * (m[k] as number) + 0.1 * gk;
      v[k] = 0.999 * (v[k] as number) + 0.001 * gk * gk;
      const mHat = (m[k] as number) / (1 - 0.9 ** it);
      const vHat = (v[k] as number) / (1 - 0.999 ** it);
      theta[k] = (theta[k] as number) + (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    p = unpack(theta);
  }
  return new TransportMap(p, standardisation);
}

export { logLikelihood as ridgeLogLikelihood };
