/**
 * A small radix-2 fast Fourier transform and the FFT-based autocovariance
 * of a sequence, for the effective-sample-size estimates of MCMC chains.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';

/**
 * Smallest power of two that is at least `n` (and at least 1).
 *
 * @internal
 */
export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/**
 * In-place complex discrete Fourier transform of length `N` (a power of
 * two), by the iterative radix-2 Cooley-Tukey algorithm:
 *
 * `X_k = sum_{j=0}^{N-1} x_j exp(-2 pi i j k / N)` (forward), or with
 * `+2 pi i` when `inverse` is set. The inverse is unnormalised, as R's
 * `fft(z, inverse = TRUE)`: a forward then an inverse transform multiplies
 * by `N`. `O(N log N)` operations; the twiddle factors are computed directly
 * with `cos`/`sin`, not by recurrence, so the round-off error stays near
 * `log2(N)` ulps.
 *
 * @param re - real parts, overwritten with the transform's real parts.
 * @param im - imaginary parts, same length, overwritten likewise.
 * @param inverse - sign `+` in the exponent (unnormalised inverse). Default `false`.
 * @throws {@link BrenierError} (`'invalid-argument'`) when the lengths
 *   differ or are not a power of two.
 * @internal
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) {
    throw new BrenierError('invalid-argument', `fft: re and im have different lengths (${n} and ${im.length})`);
  }
  if (n === 0 || (n & (n - 1)) !== 0) {
    throw new BrenierError('invalid-argument', `fft: the length must be a power of two, received ${n}`);
  }
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i] as number;
      re[i] = re[j] as number;
      re[j] = tr;
      const ti = im[i] as number;
      im[i] = im[j] as number;
      im[j] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len *= 2) {
    const half = len >> 1;
    const step = (sign * 2 * Math.PI) / len;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(step * k);
      const wi = Math.sin(step * k);
      for (let start = 0; start < n; start += len) {
        const a = start + k;
        const b = a + half;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = wr * br - wi * bi;
        const ti = wr * bi + wi * br;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[a] = ar + tr;
        im[a] = ai + ti;
        re[b] = ar - tr;
        im[b] = ai - ti;
      }
    }
  }
}

/**
 * Autocovariances of a sequence at every lag, as the R package `posterior`'s
 * `autocovariance`:
 *
 * `acov[t] = (1/N) sum_{i=0}^{N-1-t} (x_i - xbar)(x_{i+t} - xbar)`, `t = 0..N-1`,
 *
 * the "biased" estimate (divisor `N` at every lag) that Geyer (1992)
 * recommends; `acov[0]` is the variance with divisor `N`. Computed with the
 * FFT: the centred sequence is zero-padded to a power of two `M >= 2N` (so
 * the circular correlation equals the linear one), and
 * `acov = Re(IFFT(|FFT(y)|^2))[0..N-1]`, rescaled so that `acov[0]` is the
 * directly computed variance. All zeros when the sequence is constant.
 *
 * @param x - the sequence (not modified).
 * @returns a new array of length `N`.
 * @example
 * ```ts
 * import { autocovariance } from 'brenier';
 *
 * const acov = autocovariance([1, 2, 3, 4]); // [1.25, 0.3125, -0.375, -0.5625]
 * const acf = acov.map((c) => c / acov[0]!); // autocorrelations, acf[0] = 1
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) when `x` is empty.
 * @category Diagnostics
 */
export function autocovariance(x: Float64Array | readonly number[]): Float64Array {
  const n = x.length;
  if (n === 0) throw new BrenierError('invalid-argument', 'autocovariance: x is empty');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((x[i] as number) - mean) ** 2;
  const out = new Float64Array(n);
  if (!(ss > 0)) return out; // constant: all autocovariances are zero
  const m = nextPowerOfTwo(2 * n);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < n; i++) re[i] = (x[i] as number) - mean;
  fft(re, im);
  for (let k = 0; k < m; k++) {
    re[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
    im[k] = 0;
  }
  fft(re, im, true);
  const scale = ss / n / (re[0] as number);
  for (let t = 0; t < n; t++) out[t] = (re[t] as number) * scale;
  return out;
}
