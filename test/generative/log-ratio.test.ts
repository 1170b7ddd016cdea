// Linear-in-features functions, score matching and logistic density-ratio
// estimation, checked against Gaussian ground truth.
//
// Tolerances come from Monte Carlo error at n = 20000 points:
// - score matching with quadratic features on N(m, S) data recovers the
//   sample mean and covariance (divisor n) when ridge = 0, exactly up to
//   rounding (a 5- or 20-dimensional Cholesky solve: relative error ~1e-14
//   measured, asserted 1e-9). Against the truth, the sample mean has
//   standard error sqrt(S_jj / n) and the sample covariance
//   sqrt((S_ii S_jj + S_ij²) / n) per entry; with up to 20 entries compared,
//   4.5 standard errors bound the family-wise false-alarm rate by
//   20 * 6.8e-6 ≈ 1.4e-4. The default ridge 1e-3 moves the estimates by
//   about 1e-3 relative, 0.3 standard errors at most here (checked).
// - logistic regression with quadratic features is well specified for two
//   Gaussians, so the fitted logit at y0 has standard error
//   sqrt(ψ0ᵀ I^{-1} ψ0), ψ = (φ(y), 1), I = Σ_i σ_i (1 - σ_i) ψ_i ψ_iᵀ the
//   Fisher information of the 2n labelled points (for two-sample, i.e.
//   case-control, designs this is conservative: the true variance is
//   smaller in the intercept direction). Asserted within 4.5 of them.
import { describe, expect, it } from 'vitest';
import { BrenierError, NumericalError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { concatFeatures, fourierFeatures, quadraticFeatures, type FeatureMap } from '../../src/generative/features.js';
import {
  fitLogisticRatio,
  fitScoreMatching,
  linearFunction,
  linearFunctionFromJSON,
  logisticLoss,
  scoreMatchingLoss,
  type LinearFunction,
  type LinearFunctionJSON,
} from '../../src/generative/log-ratio.js';
import { cholesky, choleskyLogDet, inverseSpd, solveSpd } from '../../src/math/linalg.js';

const N = 20000;

function at(a: ArrayLike<number>, i: number): number {
  return a[i] as number;
}

/** n draws of N(m, S), row-major [n, d]. */
function gaussianSamples(rng: Rng, n: number, m: readonly number[], S: Float64Array): Float64Array {
  const d = m.length;
  const l = cholesky(S, d);
  const y = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = rng.normal();
    for (let a = 0; a < d; a++) {
      let s = at(m, a);
      for (let b = 0; b <= a; b++) s += at(l, a * d + b) * at(z, b);
      y[i * d + a] = s;
    }
  }
  return y;
}

function identity(d: number): Float64Array {
  const eye = new Float64Array(d * d);
  for (let i = 0; i < d; i++) eye[i * d + i] = 1;
  return eye;
}

/** A well-conditioned covariance B Bᵀ + diag(0.5 + 0.3 i). */
function randomCovariance(seed: number, d: number): Float64Array {
  const rng = new Rng(seed);
  const b = rng.normals(d * d).map((v) => 0.4 * v);
  const s = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let v = i === j ? 0.5 + 0.3 * i : 0;
      for (let k = 0; k < d; k++) v += at(b, i * d + k) * at(b, j * d + k);
      s[i * d + j] = v;
    }
  }
  return s;
}

function sampleMoments(y: Float64Array, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = at(mean, j) + at(y, i * d + j) / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        cov[a * d + b] = at(cov, a * d + b) + ((at(y, i * d + a) - at(mean, a)) * (at(y, i * d + b) - at(mean, b))) / n;
      }
    }
  }
  return { mean, cov };
}

/**
 * The Gaussian exp(E) of a quadratic energy E(y) = aᵀy + yᵀCy (quadratic
 * features: a = θ_0..d-1, C_ii = θ_(ii), C_ij = C_ji = θ_(ij) / 2):
 * precision P = -2C, mean P^{-1} a.
 */
function impliedGaussian(energy: LinearFunction, d: number): { mean: Float64Array; cov: Float64Array } {
  const theta = energy.coefficients;
  const precision = new Float64Array(d * d);
  let k = d;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const c = at(theta, k++);
      if (i === j) precision[i * d + i] = -2 * c;
      else {
        precision[i * d + j] = -c;
        precision[j * d + i] = -c;
      }
    }
  }
  const cov = inverseSpd(precision, d);
  const mean = solveSpd(precision, theta.slice(0, d), d);
  return { mean, cov };
}

describe('linear functions', () => {
  it('value and gradient of θ·φ(y) + c, and the JSON round trip', () => {
    // f(y) = 1 y0 - 2 y1 + 0.5 y0² + 3 y0 y1 - y1² + 4
    const f = linearFunction(quadraticFeatures(2), [1, -2, 0.5, 3, -1], 4);
    const y = Float64Array.from([1, 2, -1, 0.5]);
    expect(Array.from(f.value(y, 2))).toEqual([1 - 4 + 0.5 + 6 - 4 + 4, -1 - 1 + 0.5 - 1.5 - 0.25 + 4]);
    // ∇f = (1 + y0 + 3 y1, -2 + 3 y0 - 2 y1)
    expect(Array.from(f.gradient(y, 2))).toEqual([1 + 1 + 6, -2 + 3 - 4, 1 - 1 + 1.5, -2 - 3 - 1]);
    const copy = linearFunctionFromJSON(JSON.parse(JSON.stringify(f.toJSON())) as LinearFunctionJSON);
    expect(copy.value(y, 2)).toEqual(f.value(y, 2));
    expect(copy.gradient(y, 2)).toEqual(f.gradient(y, 2));
    expect(copy.intercept).toBe(4);
  });

  it('gradient matches central differences of the value over many blocks of points', () => {
    // 600 points: more than two internal blocks. Step 1e-5: error
    // h²/6 |f'''| + ε|f|/h, well under 1e-6 for these O(1) coefficients.
    const phi = concatFeatures([quadraticFeatures(3), fourierFeatures(3, 40, { bandwidth: 1, seed: 2 })]);
    const rng = new Rng(3);
    const f = linearFunction(phi, rng.normals(phi.size), 0.3);
    const n = 600;
    const y = rng.normals(n * 3);
    const grad = f.gradient(y, n);
    const h = 1e-5;
    let worst = 0;
    for (let j = 0; j < 3; j++) {
      const plus = y.slice();
      const minus = y.slice();
      for (let i = 0; i < n; i++) {
        plus[i * 3 + j] = at(plus, i * 3 + j) + h;
        minus[i * 3 + j] = at(minus, i * 3 + j) - h;
      }
      const fp = f.value(plus, n);
      const fm = f.value(minus, n);
      for (let i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs((at(fp, i) - at(fm, i)) / (2 * h) - at(grad, i * 3 + j)));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('rejects bad coefficients, intercepts and JSON, naming them', () => {
    const phi = quadraticFeatures(2);
    expect(() => linearFunction(phi, [1, 2, 3])).toThrow(/argument 'coefficients' must hold features.size = 5/);
    expect(() => linearFunction(phi, [1, 2, NaN, 0, 0])).toThrow(/argument 'coefficients' has a non-finite entry at 2/);
    expect(() => linearFunction(phi, [0, 0, 0, 0, 0], Infinity)).toThrow(/argument 'intercept'/);
    const json = linearFunction(phi, [0, 0, 0, 0, 0]).toJSON();
    expect(() => linearFunctionFromJSON({ ...json, coefficients: [0, 0, 0, 0] })).toThrow(/field 'coefficients'/);
    expect(() => linearFunctionFromJSON({ ...json, coefficients: [0, 0, 0, 'x', 0] as unknown as number[] })).toThrow(
      /field 'coefficients\[3\]'/,
    );
    expect(() => linearFunctionFromJSON({ ...json, intercept: NaN })).toThrow(/field 'intercept'/);
    expect(() => linearFunctionFromJSON({ ...json, features: { kind: 'quadratic', dimension: -2 } })).toThrow(
      /field 'features' is invalid: .*field 'dimension'/,
    );
    const f = linearFunction(phi, [0, 0, 0, 0, 0]);
    expect(() => f.value(Float64Array.from([1, 2, 3]), 2)).toThrow(/argument 'y' must hold n × d = 2 × 2 = 4/);
    expect(() => f.gradient(Float64Array.from([1, NaN]), 1)).toThrow(/argument 'y' has a non-finite entry/);
  });
});

describe('score matching', () => {
  const cases: [number, number[], Float64Array][] = [
    [2, [0.5, -1], Float64Array.from([1.5, 0.4, 0.4, 0.8])],
    [5, [1, -0.5, 0.3, 0, 2], randomCovariance(5, 5)],
  ];

  it.each(cases)('d = %i: quadratic energy on Gaussian data gives the sample moments and the truth', (d, m, S) => {
    const y = gaussianSamples(new Rng(1000 + d), N, m, S);
    const phi = quadraticFeatures(d);
    const sample = sampleMoments(y, N, d);

    // ridge 0: the sample mean and covariance (divisor n), to rounding.
    const exact = impliedGaussian(fitScoreMatching(y, N, phi, { ridge: 0 }).energy, d);
    for (let j = 0; j < d; j++) {
      expect(Math.abs(at(exact.mean, j) - at(sample.mean, j))).toBeLessThan(1e-9 * Math.sqrt(at(S, j * d + j)));
    }
    for (let a = 0; a < d * d; a++) {
      expect(Math.abs(at(exact.cov, a) - at(sample.cov, a))).toBeLessThan(1e-9);
    }

    // Default ridge: within 4.5 Monte Carlo standard errors of the truth.
    const fit = fitScoreMatching(y, N, phi);
    expect(fit.energy.intercept).toBe(0);
    const implied = impliedGaussian(fit.energy, d);
    for (let j = 0; j < d; j++) {
      const se = Math.sqrt(at(S, j * d + j) / N);
      expect(Math.abs(at(implied.mean, j) - at(m, j))).toBeLessThan(4.5 * se);
      // The ridge's shift is small against the Monte Carlo error.
      expect(Math.abs(at(implied.mean, j) - at(exact.mean, j))).toBeLessThan(0.35 * se);
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const se = Math.sqrt((at(S, a * d + a) * at(S, b * d + b) + at(S, a * d + b) ** 2) / N);
        expect(Math.abs(at(implied.cov, a * d + b) - at(S, a * d + b))).toBeLessThan(4.5 * se);
        expect(Math.abs(at(implied.cov, a * d + b) - at(exact.cov, a * d + b))).toBeLessThan(0.35 * se);
      }
    }

    // The reported loss is the loss on the fitted data.
    expect(Math.abs(scoreMatchingLoss(fit.energy, y, N) - fit.loss)).toBeLessThan(1e-12 * (1 + Math.abs(fit.loss)));
  });

  it('held-out loss estimates the population minimum -tr(S^{-1})/2', () => {
    // At the truth E = log N(m, S): ∇E = -P(y - m), ΔE = -tr P, P = S^{-1},
    // so J = ½ E|P(y - m)|² - tr P = -½ tr P, and ½|P(y - m)|² has variance
    // ½ tr(P²) (a quadratic form of a N(0, P) vector). The fitted θ adds
    // ½ δᵀḠδ ≈ K / (2n) ≈ 1.3e-4 on held-out data; both stay far below the
    // 4.5-standard-error tolerance (≈ 0.03 here).
    const d = 2;
    const m = [0.5, -1];
    const S = Float64Array.from([1.5, 0.4, 0.4, 0.8]);
    const rng = new Rng(77);
    const train = gaussianSamples(rng, N, m, S);
    const test = gaussianSamples(rng, N, m, S);
    const fit = fitScoreMatching(train, N, quadraticFeatures(d));
    const P = inverseSpd(S, d);
    const trace = at(P, 0) + at(P, 3);
    const traceSquare = at(P, 0) ** 2 + 2 * at(P, 1) ** 2 + at(P, 3) ** 2;
    const se = Math.sqrt((0.5 * traceSquare) / N);
    const heldOut = scoreMatchingLoss(fit.energy, test, N);
    expect(Math.abs(heldOut - -0.5 * trace)).toBeLessThan(4.5 * se + 5 / N);
    expect(Math.abs(fit.loss - -0.5 * trace)).toBeLessThan(4.5 * se + 5 / N);
  });

  it('with random Fourier features the closed form minimises the loss (first-order optimality)', () => {
    // A non-Gaussian target: a two-component mixture. J(θ) + (λ/2)|θ|² is
    // quadratic in θ, so J(θ̂ + εv) - J(θ̂ - εv) = 2ε vᵀ∇J(θ̂): zero at the
    // minimiser up to rounding (~1e-15 per evaluation), against a curvature
    // term 2ε² vᵀ(Ḡ + λI)v of order 1e-4 here.
    const d = 2;
    const rng = new Rng(5);
    const n = 3000;
    const y = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const shift = rng.uniform() < 0.4 ? -1.5 : 1;
      y[i * d] = shift + 0.5 * rng.normal();
      y[i * d + 1] = 0.8 * rng.normal() + 0.3 * shift * shift;
    }
    const phi = concatFeatures([quadraticFeatures(d), fourierFeatures(d, 30, { bandwidth: 0.7, seed: 8 })]);
    const ridge = 1e-3;
    const fit = fitScoreMatching(y, n, phi, { ridge });
    const objective = (theta: Float64Array): number => {
      let s = 0;
      for (const t of theta) s += t * t;
      return scoreMatchingLoss(linearFunction(phi, theta), y, n) + 0.5 * ridge * s;
    };
    const theta = fit.energy.coefficients;
    const center = objective(theta);
    for (let trial = 0; trial < 4; trial++) {
      const v = rng.normals(phi.size);
      const eps = 1e-2;
      const plus = objective(theta.map((t, k) => t + eps * at(v, k)));
      const minus = objective(theta.map((t, k) => t - eps * at(v, k)));
      const curvature = plus + minus - 2 * center;
      expect(curvature).toBeGreaterThan(0);
      expect(Math.abs(plus - minus)).toBeLessThan(1e-6 * curvature);
    }
    // The mixture is not Gaussian: the Fourier part earns a lower loss than quadratics alone.
    expect(fit.loss).toBeLessThan(fitScoreMatching(y, n, quadraticFeatures(d)).loss - 0.01);
  });

  it('rejects bad inputs with errors naming the argument', () => {
    const phi = quadraticFeatures(2);
    const y = Float64Array.from([0, 1, 2, 3, 4, 5]);
    expect(() => fitScoreMatching(y, 4, phi)).toThrow(
      /fitScoreMatching: argument 'data' must hold n × d = 4 × 2 = 8 entries/,
    );
    expect(() => fitScoreMatching(y, 0, phi)).toThrow(/argument 'n' must be a positive integer/);
    expect(() => fitScoreMatching(y, 3.5, phi)).toThrow(/argument 'n'/);
    expect(() => fitScoreMatching(Float64Array.from([0, 1, NaN, 3, 4, 5]), 3, phi)).toThrow(
      /argument 'data' has a non-finite entry at point 1, coordinate 0 \(NaN\)/,
    );
    expect(() => fitScoreMatching(y, 3, phi, { ridge: -1 })).toThrow(/option 'ridge'/);
    expect(() => fitScoreMatching(y, 3, phi, { ridge: NaN })).toThrow(BrenierError);
    expect(() => scoreMatchingLoss(linearFunction(phi, new Float64Array(5)), y, 2)).toThrow(
      /scoreMatchingLoss: argument 'data' must hold/,
    );
  });

  it('a singular system is a NumericalError, not NaN', () => {
    // The same features twice: Ḡ is exactly singular without a ridge.
    const rng = new Rng(9);
    const y = rng.normals(200 * 2);
    const twice = concatFeatures([quadraticFeatures(2), quadraticFeatures(2)]);
    expect(() => fitScoreMatching(y, 200, twice, { ridge: 0 })).toThrow(NumericalError);
    expect(() => fitScoreMatching(y, 200, twice, { ridge: 0 })).toThrow(/singular/);
    // Two points: Ḡ has rank at most 2 × d = 4 < K = 5.
    expect(() => fitScoreMatching(y.slice(0, 4), 2, quadraticFeatures(2), { ridge: 0 })).toThrow(NumericalError);
    // With the default ridge the fit is defined.
    const fit = fitScoreMatching(y, 200, twice);
    expect(fit.energy.coefficients.every(Number.isFinite)).toBe(true);
  });
});

describe('logistic density ratio', () => {
  const d = 2;
  const m = [0.5, -0.3];
  const S = Float64Array.from([1.5, 0.4, 0.4, 0.8]);
  const rng = new Rng(2);
  const fromQ = gaussianSamples(rng, N, [0, 0], identity(d));
  const fromP = gaussianSamples(rng, N, m, S);
  const phi = quadraticFeatures(d);

  /** log N(y; 0, I) - log N(y; m, S). */
  function exactLogRatio(y: readonly number[]): number {
    const P = inverseSpd(S, d);
    const u = [at(y, 0) - at(m, 0), at(y, 1) - at(m, 1)];
    let quad = 0;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) quad += at(u, a) * at(P, a * d + b) * at(u, b);
    return -0.5 * (at(y, 0) ** 2 + at(y, 1) ** 2) + 0.5 * quad + 0.5 * choleskyLogDet(cholesky(S, d), d);
  }

  /** The inverse Fisher information of the 2n labelled points at the fitted logit (see the header). */
  function inverseFisher(fit: LinearFunction, features: FeatureMap, q: Float64Array, p: Float64Array): Float64Array {
    const K = features.size;
    const P = K + 1;
    const info = new Float64Array(P * P);
    for (const [points, n] of [
      [q, N],
      [p, N],
    ] as const) {
      const values = features.values(points, n);
      const z = fit.value(points, n);
      for (let i = 0; i < n; i++) {
        const s = 1 / (1 + Math.exp(-at(z, i)));
        const psi = [...values.subarray(i * K, (i + 1) * K), 1];
        for (let a = 0; a < P; a++) {
          for (let b = 0; b < P; b++) info[a * P + b] = at(info, a * P + b) + s * (1 - s) * at(psi, a) * at(psi, b);
        }
      }
    }
    return inverseSpd(info, P);
  }

  function standardError(cov: Float64Array, features: FeatureMap, y: readonly number[]): number {
    const K = features.size;
    const psi = [...features.values(Float64Array.from(y), 1), 1];
    let v = 0;
    for (let a = 0; a <= K; a++) for (let b = 0; b <= K; b++) v += at(psi, a) * at(cov, a * (K + 1) + b) * at(psi, b);
    return Math.sqrt(v);
  }

  const points = [
    [0, 0],
    [1, 0.5],
    [-0.8, 1],
    [0.5, -1],
    [1.5, -1],
  ];

  it('N(0, I) against N(m, S): the logit matches log(q/p), constant included', () => {
    const fit = fitLogisticRatio(fromQ, N, fromP, N, phi, { ridge: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(10);
    const cov = inverseFisher(fit.logRatio, phi, fromQ, fromP);
    for (const y of points) {
      const estimate = at(fit.logRatio.value(Float64Array.from(y), 1), 0);
      const se = standardError(cov, phi, y);
      expect(se).toBeLessThan(0.05); // the test has power: errors above 0.23 would fail
      expect(Math.abs(estimate - exactLogRatio(y))).toBeLessThan(4.5 * se);
    }
    // The default ridge changes the logit by less than the statistical error.
    const ridged = fitLogisticRatio(fromQ, N, fromP, N, phi);
    expect(ridged.converged).toBe(true);
    for (const y of points) {
      const a = at(fit.logRatio.value(Float64Array.from(y), 1), 0);
      const b = at(ridged.logRatio.value(Float64Array.from(y), 1), 0);
      expect(Math.abs(a - b)).toBeLessThan(standardError(cov, phi, y));
    }
    // Loss on the fitted data, and on held-out data within Monte Carlo error
    // (softplus terms of O(1) spread: standard error below 1 / sqrt(n) per class).
    expect(Math.abs(logisticLoss(fit.logRatio, fromQ, N, fromP, N) - fit.loss)).toBeLessThan(1e-12);
    const heldRng = new Rng(44);
    const heldQ = gaussianSamples(heldRng, N, [0, 0], identity(d));
    const heldP = gaussianSamples(heldRng, N, m, S);
    const heldOut = logisticLoss(fit.logRatio, heldQ, N, heldP, N);
    expect(Math.abs(heldOut - fit.loss)).toBeLessThan(4.5 / Math.sqrt(N));
    expect(fit.loss).toBeLessThan(Math.log(2) - 0.05);
  });

  it('identical distributions: coefficients ≈ 0 and loss ≈ log 2', () => {
    const other = gaussianSamples(new Rng(3), N, [0, 0], identity(d));
    const fit = fitLogisticRatio(fromQ, N, other, N, phi);
    expect(fit.converged).toBe(true);
    const cov = inverseFisher(fit.logRatio, phi, fromQ, other);
    const K = phi.size;
    for (let k = 0; k <= K; k++) {
      const estimate = k < K ? at(fit.logRatio.coefficients, k) : fit.logRatio.intercept;
      expect(Math.abs(estimate)).toBeLessThan(4.5 * Math.sqrt(at(cov, k * (K + 1) + k)));
    }
    // The fit minimises a loss that is log 2 at θ = 0: it can only be lower,
    // by about (K + 1) / (4n) ≈ 7.5e-5 for noise-fitted coefficients.
    expect(fit.loss).toBeLessThanOrEqual(Math.log(2));
    expect(Math.log(2) - fit.loss).toBeLessThan(1e-3);
  });

  it('warm start, iteration budget and first-order optimality', () => {
    const fit = fitLogisticRatio(fromQ, N, fromP, N, phi);
    const warm = fitLogisticRatio(fromQ, N, fromP, N, phi, { init: fit.logRatio });
    expect(warm.iterations).toBe(1);
    expect(warm.converged).toBe(true);
    for (let k = 0; k < phi.size; k++) {
      expect(Math.abs(at(warm.logRatio.coefficients, k) - at(fit.logRatio.coefficients, k))).toBeLessThan(1e-9);
    }
    // An equal feature map built anew counts as the same features.
    expect(() => fitLogisticRatio(fromQ, N, fromP, N, quadraticFeatures(d), { init: fit.logRatio })).not.toThrow();

    const short = fitLogisticRatio(fromQ, N, fromP, N, phi, { maxIterations: 1 });
    expect(short.iterations).toBe(1);
    expect(short.converged).toBe(false);
    expect(short.loss).toBeLessThan(Math.log(2));

    // Random Fourier features on a smaller sample: the objective is flat to
    // first order at the fit. Central differences of step ε = 1e-3 leave the
    // odd term (ε³/3) D³L[v, v, v], whose ratio to the curvature term
    // ε² vᵀHv is about ε |vᵀψ| / 3 ≲ 3e-3 (|σ''| <= σ(1 - σ), |vᵀψ| ≲ 10
    // for these 36 coefficients); asserted below 1e-2.
    const ridge = 1e-3;
    const many = concatFeatures([phi, fourierFeatures(d, 30, { bandwidth: 1, seed: 6 })]);
    const n = 4000;
    const q = fromQ.subarray(0, n * d);
    const p = fromP.subarray(0, n * d);
    const rich = fitLogisticRatio(q, n, p, n, many, { ridge });
    expect(rich.converged).toBe(true);
    const objective = (theta: Float64Array, c: number): number => {
      let s = 0;
      for (const t of theta) s += t * t;
      return logisticLoss(linearFunction(many, theta, c), q, n, p, n) + 0.5 * ridge * s;
    };
    const theta = rich.logRatio.coefficients;
    const c = rich.logRatio.intercept;
    const center = objective(theta, c);
    const dirs = new Rng(10);
    for (let trial = 0; trial < 4; trial++) {
      const v = dirs.normals(many.size + 1);
      const eps = 1e-3;
      const plus = objective(
        theta.map((t, k) => t + eps * at(v, k)),
        c + eps * at(v, many.size),
      );
      const minus = objective(
        theta.map((t, k) => t - eps * at(v, k)),
        c - eps * at(v, many.size),
      );
      const curvature = plus + minus - 2 * center;
      expect(curvature).toBeGreaterThan(0);
      expect(Math.abs(plus - minus)).toBeLessThan(1e-2 * curvature);
    }
  });

  it('rejects bad inputs with errors naming the argument', () => {
    const q = Float64Array.from([0, 1, 2, 3]);
    const p = Float64Array.from([1, 1, 2, 2, 3, 3]);
    expect(() => fitLogisticRatio(q, 3, p, 3, phi)).toThrow(/argument 'fromQ' must hold nq × d = 3 × 2 = 6 entries/);
    expect(() => fitLogisticRatio(q, 2, p, 2, phi)).toThrow(/argument 'fromP' must hold np × d = 2 × 2 = 4 entries/);
    expect(() => fitLogisticRatio(q, 0, p, 3, phi)).toThrow(/argument 'nq' must be a positive integer/);
    expect(() => fitLogisticRatio(q, 2, Float64Array.from([1, 1, 2, NaN, 3, 3]), 3, phi)).toThrow(
      /argument 'fromP' has a non-finite entry at point 1, coordinate 1 \(NaN\)/,
    );
    expect(() => fitLogisticRatio(Float64Array.from([0, Infinity, 2, 3]), 2, p, 3, phi)).toThrow(
      /argument 'fromQ' has a non-finite entry at point 0, coordinate 1 \(Infinity\)/,
    );
    expect(() => fitLogisticRatio(q, 2, p, 3, phi, { ridge: -0.1 })).toThrow(/option 'ridge'/);
    expect(() => fitLogisticRatio(q, 2, p, 3, phi, { maxIterations: 0 })).toThrow(/option 'maxIterations'/);
    expect(() => fitLogisticRatio(q, 2, p, 3, phi, { tolerance: 0 })).toThrow(/option 'tolerance'/);
    const other = linearFunction(fourierFeatures(2, 5, { bandwidth: 1, seed: 1 }), new Float64Array(5));
    expect(() => fitLogisticRatio(q, 2, p, 3, phi, { init: other })).toThrow(
      /option 'init' must be a linear function of the same features/,
    );
    const sameSizeOther = linearFunction(fourierFeatures(2, 5, { bandwidth: 1, seed: 2 }), new Float64Array(5));
    expect(() =>
      fitLogisticRatio(q, 2, p, 3, fourierFeatures(2, 5, { bandwidth: 1, seed: 1 }), { init: sameSizeOther }),
    ).toThrow(/option 'init'/);
    expect(() => logisticLoss(linearFunction(phi, new Float64Array(5)), q, 2, p, 2)).toThrow(
      /logisticLoss: argument 'fromP' must hold/,
    );
  });

  it('separable classes without a ridge: finite coefficients, loss driven to 0', () => {
    // q on y0 < 0, p on y0 > 0: the infimum 0 of the loss is not attained
    // and the slope grows without bound; Newton stops once the predicted
    // decrease is below the tolerance, with large but finite coefficients.
    const r = new Rng(12);
    const n = 200;
    const q = new Float64Array(n * d);
    const p = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      q[i * d] = -0.1 - r.uniform();
      q[i * d + 1] = r.normal();
      p[i * d] = 0.1 + r.uniform();
      p[i * d + 1] = r.normal();
    }
    const short = fitLogisticRatio(q, n, p, n, phi, { ridge: 0, maxIterations: 10 });
    expect(short.converged).toBe(false);
    const fit = fitLogisticRatio(q, n, p, n, phi, { ridge: 0 });
    expect(fit.loss).toBeLessThan(1e-6);
    expect(fit.logRatio.coefficients.every(Number.isFinite)).toBe(true);
    expect(Math.abs(at(fit.logRatio.coefficients, 0))).toBeGreaterThan(50);
    // With the default ridge the problem is well posed.
    const ridged = fitLogisticRatio(q, n, p, n, phi);
    expect(ridged.converged).toBe(true);
    expect(ridged.logRatio.value(Float64Array.from([-1, 0]), 1)[0]).toBeGreaterThan(2);
  });
});
