// The two posteriordb models that need float64 numerics inside the log
// density: the latent-GP Poisson regression (Cholesky of a numerically
// singular kernel matrix) and the Lotka–Volterra ODE model. Each is checked
// against an independent float64 formula written from its model.md (no
// toolkit distributions, no toolkit linear algebra or ODE solver), on the
// unconstrained scale with the log-Jacobian and scores, at random points
// and at points near the posterior (both in formula-check.ts); then the draw names against
// posteriordb's reference, and the log density at the reference posterior
// mean.
//
// The formulas use the toolkit distributions' normalising constants
// (Gamma, half-normal, normal, Poisson, log-normal), since the comparison
// is of absolute values.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/index.js';
import { logGamma } from '../../src/math/special.js';
import { gpPoisRegr, GP_POIS_REGR_POSTERIOR } from '../../models/gp-pois-regr.js';
import { lotkaVolterra, LOTKA_VOLTERRA_POSTERIOR } from '../../models/lotka-volterra.js';
import { loadPosteriorData, loadReferenceDraws } from '../../models/posteriordb.js';
import { checkAgainstFormula, checkAtPoints, LOG_2PI, normalLpdf } from './formula-check.js';

const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

/** Plain float64 Cholesky (row-major lower factor) of a small SPD matrix. */
function cholesky64(c: number[][]): number[][] {
  const n = c.length;
  const l = c.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (c[i] as number[])[j] as number;
      for (let p = 0; p < j; p++) s -= ((l[i] as number[])[p] as number) * ((l[j] as number[])[p] as number);
      (l[i] as number[])[j] = i === j ? Math.sqrt(s) : s / ((l[j] as number[])[j] as number);
    }
  }
  return l;
}

describe('gp_pois_regr (latent GP, float64 Cholesky op)', () => {
  const data = loadPosteriorData(GP_POIS_REGR_POSTERIOR) as { N: number; x: number[]; k: number[]; y: number[] };
  const model = gpPoisRegr.compile(data);
  const n = data.N;

  const factor = (rho: number, alpha: number): number[][] =>
    cholesky64(
      data.x.map((xi, i) =>
        data.x.map((xj, j) => alpha * alpha * Math.exp(-((xi - xj) ** 2) / (2 * rho * rho)) + (i === j ? 1e-10 : 0)),
      ),
    );
  const latent = (rho: number, alpha: number, w: readonly number[]): number[] =>
    factor(rho, alpha).map((row) => row.reduce((s, lij, j) => s + lij * (w[j] as number), 0));

  // The density of model.md with the toolkit's normalising constants:
  // Gamma(25, 4), half-normal(2), Normal(0, 1), Poisson with log link.
  const constrained = (rho: number, alpha: number, w: readonly number[]): number => {
    let lp = 25 * Math.log(4) - logGamma(25) + 24 * Math.log(rho) - 4 * rho;
    lp += 0.5 * Math.log(2 / Math.PI) - Math.log(2) - (alpha * alpha) / 8;
    for (const wi of w) lp += -0.5 * LOG_2PI - 0.5 * wi * wi;
    latent(rho, alpha, w).forEach((fi, i) => {
      const ki = data.k[i] as number;
      lp += ki * fi - Math.exp(fi) - logGamma(ki + 1);
    });
    return lp;
  };
  // Unconstrained layout: log rho, log alpha, f_tilde[1..N]; Jacobian log rho + log alpha.
  const formula = (z: Float64Array): number =>
    constrained(Math.exp(z[0] as number), Math.exp(z[1] as number), Array.from(z.subarray(2))) +
    (z[0] as number) +
    (z[1] as number);

  // Reference draws mapped to sampler coordinates: f_tilde = L^{-1} f (forward substitution).
  const reference = loadReferenceDraws(GP_POIS_REGR_POSTERIOR);
  const referenceDraw = (idx: number): { rho: number; alpha: number; f: number[]; fTilde: number[] } => {
    const rho = reference['rho']?.[idx] as number;
    const alpha = reference['alpha']?.[idx] as number;
    const f = Array.from({ length: n }, (_, i) => reference[`f[${i + 1}]`]?.[idx] as number);
    const l = factor(rho, alpha);
    const fTilde: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = f[i] as number;
      for (let j = 0; j < i; j++) s -= ((l[i] as number[])[j] as number) * (fTilde[j] as number);
      fTilde.push(s / ((l[i] as number[])[i] as number));
    }
    return { rho, alpha, f, fTilde };
  };

  it('matches the formula and its finite-difference scores at random points', () => {
    checkAgainstFormula(model, formula, 11);
  });

  it('matches the formula and its scores at reference posterior draws (ill-conditioned kernel)', () => {
    const points = [17, 2500, 5003, 7777, 9990].map((idx) => {
      const { rho, alpha, fTilde } = referenceDraw(idx);
      return Float64Array.from([Math.log(rho), Math.log(alpha), ...fTilde]);
    });
    checkAtPoints(model, formula, points);
  });

  it('reproduces the reference f from f_tilde through the float64 Cholesky', () => {
    for (const idx of [3, 4321, 8765]) {
      const { rho, alpha, f, fTilde } = referenceDraw(idx);
      const draws = model.draws(model.unconstrain({ rho, alpha, f_tilde: fTilde })).toObject();
      // float32 inputs (relative 6e-8) through a map with |df/dtheta| ~ |f|: agreement to ~1e-6.
      f.forEach((fi, i) => expect(Math.abs((draws[`f[${i + 1}]`]?.[0] as number) - fi)).toBeLessThan(2e-5));
    }
  });

  it("names its draws like posteriordb's reference, plus the whitened f_tilde", () => {
    const names = Object.keys(reference);
    expect(names.length).toBe(2 + n);
    for (const name of names) expect(model.drawNames).toContain(name);
    const extra = model.drawNames.filter((name) => !names.includes(name));
    expect(extra).toEqual(Array.from({ length: n }, (_, i) => `f_tilde[${i + 1}]`));
  });

  it('evaluates the log density at the reference posterior mean', () => {
    // Posterior mean of the sampled parameters (rho, alpha, f_tilde), f_tilde reconstructed draw by draw.
    const count = (reference['rho'] as number[]).length;
    const sum = new Float64Array(n);
    for (let idx = 0; idx < count; idx++)
      referenceDraw(idx).fTilde.forEach((v, i) => (sum[i] = (sum[i] as number) + v));
    const rho = mean(reference['rho'] as number[]);
    const alpha = mean(reference['alpha'] as number[]);
    const fTilde = Array.from(sum, (v) => v / count);
    const lp = model.logDensityAt({ rho, alpha, f_tilde: fTilde });
    const expected = constrained(rho, alpha, fTilde);
    expect(Number.isFinite(lp)).toBe(true);
    expect(Math.abs(lp - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  });
});

describe('lotka_volterra (ODE with forward sensitivities)', () => {
  const data = loadPosteriorData(LOTKA_VOLTERRA_POSTERIOR) as {
    N: number;
    ts: number[];
    y_init: number[];
    y: number[][];
  };
  const model = lotkaVolterra.compile(data);

  /** Independent solver: classical RK4 with a fixed step of 1e-3 (global error ~1e-12 relative here). */
  const trajectory = (theta: readonly number[], z0: readonly number[]): [number, number][] => {
    const [a, b, c, d] = theta as [number, number, number, number];
    const rhs = (u: number, v: number): [number, number] => [(a - b * v) * u, (-c + d * u) * v];
    const h = 1e-3;
    const perUnit = Math.round(1 / h);
    let [u, v] = z0 as [number, number];
    const out: [number, number][] = [];
    let t = 0;
    for (const target of data.ts) {
      const steps = Math.round((target - t) * perUnit);
      for (let s = 0; s < steps; s++) {
        const [k1u, k1v] = rhs(u, v);
        const [k2u, k2v] = rhs(u + 0.5 * h * k1u, v + 0.5 * h * k1v);
        const [k3u, k3v] = rhs(u + 0.5 * h * k2u, v + 0.5 * h * k2v);
        const [k4u, k4v] = rhs(u + h * k3u, v + h * k3v);
        u += (h / 6) * (k1u + 2 * k2u + 2 * k3u + k4u);
        v += (h / 6) * (k1v + 2 * k2v + 2 * k3v + k4v);
      }
      t = target;
      out.push([u, v]);
    }
    return out;
  };

  const logNormalLpdf = (x: number, m: number, s: number): number =>
    -Math.log(x) - Math.log(s) - 0.5 * LOG_2PI - (Math.log(x) - m) ** 2 / (2 * s * s);

  const constrained = (theta: readonly number[], zInit: readonly number[], sigma: readonly number[]): number => {
    const [a, b, c, d] = theta as [number, number, number, number];
    let lp = normalLpdf(a, 1, 0.5) + normalLpdf(b, 0.05, 0.05) + normalLpdf(c, 1, 0.5) + normalLpdf(d, 0.05, 0.05);
    for (let k = 0; k < 2; k++) {
      const s = sigma[k] as number;
      const z = zInit[k] as number;
      lp += logNormalLpdf(s, -1, 1) + logNormalLpdf(z, Math.log(10), 1);
      lp += logNormalLpdf(data.y_init[k] as number, Math.log(z), s);
    }
    trajectory(theta, zInit).forEach(([u, v], i) => {
      const row = data.y[i] as number[];
      lp += logNormalLpdf(row[0] as number, Math.log(u), sigma[0] as number);
      lp += logNormalLpdf(row[1] as number, Math.log(v), sigma[1] as number);
    });
    return lp;
  };
  // Unconstrained layout: log theta[1..4], log z_init[1..2], log sigma[1..2]; Jacobian: their sum.
  const formula = (z: Float64Array): number => {
    const x = Array.from(z, Math.exp);
    return constrained(x.slice(0, 4), x.slice(4, 6), x.slice(6, 8)) + z.reduce((s, v) => s + v, 0);
  };

  const reference = loadReferenceDraws(LOTKA_VOLTERRA_POSTERIOR);
  const names = ['theta[1]', 'theta[2]', 'theta[3]', 'theta[4]', 'z_init[1]', 'z_init[2]', 'sigma[1]', 'sigma[2]'];

  it('matches the formula and its finite-difference scores at random points', () => {
    checkAgainstFormula(model, formula, 12, 4);
  });

  it('matches the formula and its scores near the posterior', () => {
    // Reference means and sds on the log scale, perturbed by up to ~1.5 posterior sds.
    const logs = names.map((name) => (reference[name] as number[]).map(Math.log));
    const rng = new Rng(13);
    const points = Array.from({ length: 4 }, () =>
      Float64Array.from(logs, (col) => {
        const m = mean(col);
        const sd = Math.sqrt(mean(col.map((v) => (v - m) ** 2)));
        return m + 0.7 * sd * rng.normal();
      }),
    );
    checkAtPoints(model, formula, points);
  });

  it("names its draws like posteriordb's reference, with nothing extra", () => {
    expect(Object.keys(reference).sort()).toEqual([...names].sort());
    expect([...model.drawNames]).toEqual(names);
  });

  it('evaluates the log density at the reference posterior mean', () => {
    const m = names.map((name) => mean(reference[name] as number[]));
    const theta = m.slice(0, 4);
    const zInit = m.slice(4, 6);
    const sigma = m.slice(6, 8);
    const lp = model.logDensityAt({ theta, z_init: zInit, sigma });
    const expected = constrained(theta, zInit, sigma);
    expect(Number.isFinite(lp)).toBe(true);
    expect(Math.abs(lp - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
  });
});
