/**
 * Gaussian kernel density estimates in float64 with Silverman's
 * rule-of-thumb bandwidth, for the marginal-density plots.
 *
 * @module
 */

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** The kernel is cut at this many bandwidths (its mass beyond is below 1e-14). */
const CUTOFF = 8;

/** Quantile of sorted values by linear interpolation (R's type 7). */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/**
 * Silverman's rule of thumb, `0.9 min(sd, IQR / 1.34) n^(-1/5)`, for sorted
 * finite values. Falls back on the sd when the IQR is zero, and on a small
 * positive width when all values are equal.
 */
export function silvermanBandwidth(sorted: Float64Array): number {
  const n = sorted.length;
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const iqr = sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25);
  let spread = Math.min(sd, iqr / 1.34);
  if (!(spread > 0)) spread = sd;
  if (!(spread > 0)) spread = Math.max(Math.abs(mean) * 1e-3, 1e-3);
  return 0.9 * spread * n ** -0.2;
}

/**
 * Gaussian kernel density estimate of sorted finite values at `grid`
 * points with bandwidth `h`: `f(g) = sum_i phi((g - x_i) / h) / (n h)`, the
 * kernel cut at 8 bandwidths.
 */
export function kernelDensity(sorted: Float64Array, grid: Float64Array, h: number): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(grid.length);
  const scale = INV_SQRT_2PI / (n * h);
  for (let j = 0; j < grid.length; j++) {
    const g = grid[j] as number;
    let i = lowerBound(sorted, g - CUTOFF * h);
    let s = 0;
    for (; i < n; i++) {
      const z = (g - (sorted[i] as number)) / h;
      if (z < -CUTOFF) break;
      s += Math.exp(-0.5 * z * z);
    }
    out[j] = s * scale;
  }
  return out;
}

/** First index with `sorted[i] >= x`. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `n` evenly spaced points from `lo` to `hi`. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
}
