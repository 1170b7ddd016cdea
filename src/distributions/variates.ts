/**
 * Exact float64 random variates shared by the samplers: standard Cauchy,
 * standard Student-t, log-gamma, beta, binomial and Poisson. Internal to the
 * distribution library (not re-exported by the barrels).
 *
 * @module
 */
import type { Rng } from '../core/rng.js';
import { logGamma } from '../math/special.js';

/**
 * Standard Cauchy variate by inversion, `tan(pi (U - 1/2))`, in float64.
 *
 * @internal
 */
export function standardCauchyVariate(rng: Rng): number {
  return Math.tan(Math.PI * (rng.uniform() - 0.5));
}

/**
 * Standard Student-t variate with `df` degrees of freedom,
 * `Z / sqrt(V / df)` with `Z ~ N(0, 1)` and `V ~ chi^2(df) = 2 Gamma(df/2, 1)`,
 * in float64.
 *
 * @internal
 */
export function standardStudentTVariate(rng: Rng, df: number): number {
  const z = rng.normal();
  const v = 2 * rng.gamma(df / 2);
  return z / Math.sqrt(v / df);
}

/**
 * Log of a Gamma(shape, 1) variate, in float64, exact and without underflow
 * for small shapes: for `shape < 1`, `log G(shape + 1) + log(U) / shape`
 * (the boost `G(a) = G(a + 1) U^(1/a)` taken in logs; `G(a + 1) U^(1/a)`
 * itself underflows to 0 for `a` near 0).
 *
 * @param rng - the generator.
 * @param shape - positive shape.
 * @internal
 */
export function logGammaVariate(rng: Rng, shape: number): number {
  if (shape >= 1) return Math.log(rng.gamma(shape));
  return Math.log(rng.gamma(shape + 1)) + Math.log(rng.uniform()) / shape;
}

/**
 * One exact Beta(a, b) draw in float64, `G_a / (G_a + G_b)` from two gamma
 * variates, computed in log space as `1 / (1 + exp(log G_b - log G_a))` so
 * that small shapes do not give `0 / 0`.
 *
 * @param rng - the generator.
 * @param a - first shape, positive.
 * @param b - second shape, positive.
 * @internal
 */
export function betaVariate(rng: Rng, a: number, b: number): number {
  const la = logGammaVariate(rng, a);
  const lb = logGammaVariate(rng, b);
  return 1 / (1 + Math.exp(lb - la));
}

/** Inversion for `n p < 10`, `p <= 1/2`: walk the cdf with the pmf recurrence. */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let r = r0;
    let u = rng.uniform();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break;
      r *= a / x - s;
    }
    if (x <= n) return x;
    // Rounding left u beyond the total mass (probability ~1e-16): redraw.
  }
}

/** BTRS (Hörmann 1993, "The generation of binomial random variates"), for `n p >= 10`, `p <= 1/2`. */
function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logGamma(m + 1) + logGamma(n - m + 1);
  for (;;) {
    const u = rng.uniform() - 0.5;
    let v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logGamma(k + 1) - logGamma(n - k + 1) + (k - m) * lpq) return k;
  }
}

/**
 * One exact Binomial(n, p) draw in float64: inversion when
 * `n min(p, 1-p) < 10`, otherwise Hörmann's BTRS transformed rejection
 * with squeeze (1993); `p > 1/2` by symmetry `n - Binomial(n, 1 - p)`.
 *
 * @param rng - the generator.
 * @param n - number of trials, a non-negative integer.
 * @param p - success probability in [0, 1].
 * @internal
 */
export function binomialVariate(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialVariate(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrs(rng, n, p);
}

/** Sequential inversion for small rates: walk the cdf with `p(x) = p(x - 1) rate / x`. */
function poissonInversion(rng: Rng, rate: number): number {
  const p0 = Math.exp(-rate);
  for (;;) {
    let u = rng.uniform();
    let p = p0;
    let x = 0;
    while (u > p) {
      u -= p;
      x++;
      p *= rate / x;
      if (p === 0 || x > 10_000) break;
    }
    if (u <= p) return x;
    // Rounding left u beyond the total mass (probability ~1e-16): redraw.
  }
}

/** PTRS (Hörmann 1993, "The transformed rejection method for generating Poisson random variables"), rate >= 10. */
function poissonPtrs(rng: Rng, rate: number): number {
  const slam = Math.sqrt(rate);
  const loglam = Math.log(rate);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * loglam - logGamma(k + 1)) {
      return k;
    }
  }
}

/**
 * One exact Poisson(rate) draw in float64: sequential inversion for
 * `rate < 10`, Hörmann's PTRS transformed rejection (1993) otherwise.
 *
 * @param rng - the generator.
 * @param rate - non-negative finite rate.
 * @internal
 */
export function poissonVariate(rng: Rng, rate: number): number {
  if (rate <= 0) return 0;
  return rate < 10 ? poissonInversion(rng, rate) : poissonPtrs(rng, rate);
}
