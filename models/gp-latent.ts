/**
 * The latent values of a one-dimensional Gaussian process with a
 * squared-exponential kernel in the non-centred (whitened)
 * parameterisation, as a differentiable TensorFlow.js op computed in
 * float64:
 *
 *     C[i, j] = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) + jitter 1{i = j},
 *     C = L L^T (Cholesky),   f = L f_tilde.
 *
 * **Why float64.** Over a posterior with long length-scales the kernel
 * matrix is numerically singular: its condition number reaches ~1e10 and
 * only the jitter (1e-10 in posteriordb's `gp_pois_regr`) keeps it
 * positive definite. In float32 (tfjs) the jitter is below the rounding of
 * the diagonal and the Cholesky factorisation fails. The op therefore
 * reads its inputs back (`dataSync`), factors `C` per particle in float64
 * and returns `f` as float32.
 *
 * **Gradient** (the exact vector-Jacobian product, in float64). With
 * `g = dloss/df` for one particle:
 *
 * - `dloss/df_tilde = L^T g`;
 * - for `theta` in `{rho, alpha}`, `dL/dtheta = L Phi(L^{-1} (dC/dtheta) L^{-T})`
 *   (the derivative of the Cholesky factor; `Phi` keeps the lower triangle
 *   and halves the diagonal), so
 *   `dloss/dtheta = g^T (dL/dtheta) f_tilde = (L^T g)^T Phi(M) f_tilde`,
 *   with `dC/drho = alpha^2 K (x_i - x_j)^2 / rho^3` and
 *   `dC/dalpha = 2 alpha K` (`K` the unit-variance kernel).
 *
 * The alpha derivative is not simply `f / alpha`: with the jitter,
 * `C` is not proportional to `alpha^2`, and along the directions where the
 * jitter dominates (eigenvalues of `alpha^2 K` below ~1e-10) the two
 * differ; the general formula is exact for both parameters.
 *
 * The cost is `O(n^3)` per particle in plain JavaScript, negligible for
 * the `n = 11` of `gp_pois_regr`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { cholesky, solveLower, transpose } from '../src/math/linalg.js';

/** The jitter added to the kernel's diagonal by posteriordb's `gp_pois_regr`. */
export const GP_JITTER = 1e-10;

/** Unit-variance squared-exponential kernel `K[i, j] = exp(-(x_i - x_j)^2 / (2 rho^2))` and the squared distances. */
function kernel(x: Float64Array, rho: number): { k: Float64Array; d2: Float64Array } {
  const n = x.length;
  const k = new Float64Array(n * n);
  const d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = (x[i] as number) - (x[j] as number);
      d2[i * n + j] = d * d;
      k[i * n + j] = Math.exp(-(d * d) / (2 * rho * rho));
    }
  }
  return { k, d2 };
}

/** `sum_{i >= j} u_i Phi(M)_ij v_j`: Phi keeps the lower triangle of M and halves its diagonal. */
function phiForm(u: Float64Array, m: Float64Array, v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let row = 0.5 * (m[i * n + i] as number) * (v[i] as number);
    for (let j = 0; j < i; j++) row += (m[i * n + j] as number) * (v[j] as number);
    s += (u[i] as number) * row;
  }
  return s;
}

/** `M = L^{-1} D L^{-T}` for symmetric `D`, by two triangular solves. */
function whiten(l: Float64Array, dC: Float64Array, n: number): Float64Array {
  const a = solveLower(l, dC, n, n); // L^{-1} D
  return solveLower(l, transpose(a, n), n, n); // L^{-1} (L^{-1} D)^T = L^{-1} D L^{-T}
}

/**
 * Latent GP values `f = L(rho, alpha) f_tilde` for every particle, as a
 * differentiable op computed in float64 (see the module notes): the
 * forward pass factors the kernel matrix
 * `C = alpha^2 exp(-(x_i - x_j)^2 / (2 rho^2)) + jitter I` per particle,
 * and the gradient is the exact vector-Jacobian product with respect to
 * `rho`, `alpha` and `f_tilde`.
 *
 * In a model, the latent values are a transformed parameter, as in
 * `gpPoisRegr`:
 * `transformed: ({ rho, alpha, f_tilde }, { x }) => ({ f: gpLatentValues(rho, alpha, f_tilde, x.dataSync()) })`.
 *
 * @param rho - length-scales, `[P, 1]` (positive).
 * @param alpha - marginal standard deviations, `[P, 1]` (positive).
 * @param fTilde - whitened values, `[P, n]`.
 * @param x - the `n` inputs.
 * @param jitter - added to the diagonal of `C`. Default `GP_JITTER` (1e-10).
 * @returns `f`, float32 `[P, n]`.
 * @throws RangeError when the shapes disagree.
 * @throws `NumericalError` `'not-positive-definite'` when `C` cannot be factored even in float64.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { initBackend } from 'brenier';
 * import { gpLatentValues } from '../models/gp-latent.js';
 *
 * await initBackend();
 * // One particle, x = (0, 1), rho = 1, alpha = 2, f_tilde = (1, 0): f is the first column of L.
 * const f = gpLatentValues(tf.tensor2d([[1]]), tf.tensor2d([[2]]), tf.tensor2d([[1, 0]]), [0, 1]);
 * f.print(); // [[2, 1.2130613]] = alpha (1, exp(-1/2))
 * ```
 */
export function gpLatentValues(
  rho: tf.Tensor,
  alpha: tf.Tensor,
  fTilde: tf.Tensor,
  x: ArrayLike<number>,
  jitter: number = GP_JITTER,
): tf.Tensor {
  const n = x.length;
  const p = fTilde.shape[0] as number;
  if (fTilde.rank !== 2 || fTilde.shape[1] !== n) {
    throw new RangeError(`gpLatentValues: f_tilde must be [P, ${n}], received [${fTilde.shape.join(', ')}]`);
  }
  for (const [name, t] of [
    ['rho', rho],
    ['alpha', alpha],
  ] as const) {
    if (t.size !== p) {
      throw new RangeError(`gpLatentValues: ${name} must be [${p}, 1], received [${t.shape.join(', ')}]`);
    }
  }
  const xs = Float64Array.from(x);
  const op = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const rhoValues = (inputs[0] as tf.Tensor).dataSync();
    const alphaValues = (inputs[1] as tf.Tensor).dataSync();
    const omega = Float64Array.from((inputs[2] as tf.Tensor).dataSync());
    // Plain float64 arrays kept for the backward pass (no tensors: nothing to save()).
    const factors: Float64Array[] = [];
    const kernels: { k: Float64Array; d2: Float64Array }[] = [];
    const f = new Float64Array(p * n);
    for (let q = 0; q < p; q++) {
      const r = rhoValues[q] as number;
      const a = alphaValues[q] as number;
      const kq = kernel(xs, r);
      const c = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) c[i] = a * a * (kq.k[i] as number);
      for (let i = 0; i < n; i++) c[i * n + i] = (c[i * n + i] as number) + jitter;
      const l = cholesky(c, n);
      factors.push(l);
      kernels.push(kq);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += (l[i * n + j] as number) * (omega[q * n + j] as number);
        f[q * n + i] = s;
      }
    }
    return {
      value: tf.tensor2d(Float32Array.from(f), [p, n]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync();
        const dRho = new Float64Array(p);
        const dAlpha = new Float64Array(p);
        const dOmega = new Float64Array(p * n);
        for (let q = 0; q < p; q++) {
          const l = factors[q] as Float64Array;
          const { k, d2 } = kernels[q] as { k: Float64Array; d2: Float64Array };
          const r = rhoValues[q] as number;
          const a = alphaValues[q] as number;
          const w = omega.subarray(q * n, (q + 1) * n);
          // u = L^T g: the f_tilde gradient, and the left vector of the quadratic forms.
          const u = new Float64Array(n);
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let i = j; i < n; i++) s += (l[i * n + j] as number) * (g[q * n + i] as number);
            u[j] = s;
          }
          dOmega.set(u, q * n);
          const dcRho = new Float64Array(n * n);
          const dcAlpha = new Float64Array(n * n);
          for (let i = 0; i < n * n; i++) {
            dcRho[i] = (a * a * (k[i] as number) * (d2[i] as number)) / (r * r * r);
            dcAlpha[i] = 2 * a * (k[i] as number);
          }
          dRho[q] = phiForm(u, whiten(l, dcRho, n), w, n);
          dAlpha[q] = phiForm(u, whiten(l, dcAlpha, n), w, n);
        }
        return [
          tf.tensor(Float32Array.from(dRho), rho.shape),
          tf.tensor(Float32Array.from(dAlpha), alpha.shape),
          tf.tensor2d(Float32Array.from(dOmega), [p, n]),
        ];
      },
    };
  }) as (r: tf.Tensor, a: tf.Tensor, w: tf.Tensor) => tf.Tensor;
  return op(rho, alpha, fTilde);
}
