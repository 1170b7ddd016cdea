// Property tests of Monge–Ampère mirror descent on Gaussian targets
// (ALGORITHM.md sections 3 and 4), beyond test/theory/gaussian.test.ts (which
// has D >= 0, Monte Carlo agreement, the sharp per-step identity and the
// 20-step regret bound with eta = 0.5 lambda_min): the three-point identity,
// the regret and mixture bounds for four step-size schedules, the EVI limit,
// positive definiteness and monotone KL along the exact mirror step, the
// engine's sampled projected mirror step, and a measurement (not an
// assertion) of the primal step's per-step inequality.
//
// Instances: dimension 1..20; target N(m, S) with S = randomSpd(kappa <= 100,
// scale c), so its smallest sd is sqrt(c); start (A_0, b_0) with A_0 from
// randomSpd(kappa <= 100); all drawn from a fast-check seed through Rng.
// Admissible steps (stated once, used everywhere unless a test says
// otherwise): 0 < eta <= 0.5 min(lambda_min(A_k), sd_min(S)), i.e. at most
// half the smallest scale of q_k and half the smallest target sd.
// Tolerances: closed forms against closed forms to 1e-8 relative (the
// condition numbers, <= 1e4 for A^2, cost at most ~4 of 16 digits).
//
// Setting BRENIER_BROKEN_MIRROR_STEP to 'sign' (P + eta (S^{-1} + P^2)),
// 'drop-mean' (no eta S^{-1} m term) or 'primal' (the primal step) replaces
// the exact mirror step in these properties by a deliberately wrong one, to
// show which properties catch it; unset (the default), the real step is used.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { inverseSpd, matmul, minEigenvalue, solveSpd, symmetricSqrt, symmetrize } from '../../src/math/linalg.js';
import {
  bregmanDivergence,
  exactMirrorStep,
  exactPrimalStep,
  gaussianKl,
  klOptimalGaussian,
  quadraticPotentialKl,
  quadraticPushforward,
  randomSpd,
  type GaussianTarget,
  type QuadraticPotential,
} from '../../src/theory/index.js';
import { gaussianFamily, type GaussianPotential } from '../../src/transport/gaussian-family.js';
import { regressions } from './regressions.js';

const FC = { seed: 20261128, numRuns: 30 };
const REL = 1e-8;

type Step = (u: QuadraticPotential, t: GaussianTarget, eta: number, d: number) => QuadraticPotential;

// ---------------------------------------------------------------------------
// Instances

interface Problem {
  d: number;
  /** Seed of rng (kept so that a counterexample can be replayed from regressions.ts). */
  seed: number;
  rng: Rng;
  t: GaussianTarget;
  /** Smallest target sd, sqrt(c). */
  sdMin: number;
  q0: QuadraticPotential;
  /** Step fraction in (0, 1] of the admissible maximum. */
  frac: number;
}

function kappa(rng: Rng): number {
  return Math.exp(rng.uniform() * Math.log(100));
}

function scale(rng: Rng): number {
  return Math.exp(0.7 * rng.normal());
}

function randomPotential(rng: Rng, d: number): QuadraticPotential {
  return { A: randomSpd(rng, d, kappa(rng), scale(rng)), b: rng.normals(d).map((x) => 2 * x) };
}

function makeProblem(d: number, seed: number, frac: number): Problem {
  const rng = new Rng(seed);
  const c = scale(rng);
  const t: GaussianTarget = { m: rng.normals(d).map((x) => 3 * x), S: randomSpd(rng, d, kappa(rng), c) };
  return { d, seed, rng, t, sdMin: Math.sqrt(c), q0: randomPotential(rng, d), frac };
}

const problemUpTo = (maxD: number): fc.Arbitrary<Problem> =>
  fc
    .record({
      d: fc.integer({ min: 1, max: maxD }),
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      frac: fc.double({ min: 0.01, max: 1, noNaN: true }),
    })
    .map(({ d, seed, frac }) => makeProblem(d, seed, frac));

const problem = problemUpTo(20);

/** The properties taking a Problem also replay the fixed instances of regressions.ts. */
function forAllProblems(check: (p: Problem) => void, params: fc.Parameters<[Problem]> = FC): void {
  for (const r of regressions) check(makeProblem(r.d, r.seed, r.frac));
  fc.assert(fc.property(problem, check), params);
}

/** Largest admissible step at u: 0.5 min(lambda_min(A), sd_min). */
function maxStep(u: QuadraticPotential, p: Problem): number {
  return 0.5 * Math.min(minEigenvalue(u.A, p.d), p.sdMin);
}

// ---------------------------------------------------------------------------
// Small helpers

function trace(a: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[i * d + i] as number;
  return s;
}

function quad(a: Float64Array, x: Float64Array, d: number): number {
  const ax = matmul(a, x, d, d, 1);
  let s = 0;
  for (let i = 0; i < d; i++) s += (x[i] as number) * (ax[i] as number);
  return s;
}

function sub(x: Float64Array, y: Float64Array): Float64Array {
  return x.map((v, i) => v - (y[i] as number));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < a.length; i++) r = Math.max(r, Math.abs((a[i] as number) - (b[i] as number)));
  return r;
}

function maxEigenvalue(a: Float64Array, d: number): number {
  return -minEigenvalue(
    a.map((v) => -v),
    d,
  );
}

function isPd(a: Float64Array, d: number): boolean {
  return minEigenvalue(a, d) > 0;
}

const F = (u: QuadraticPotential, t: GaussianTarget, d: number): number => quadraticPotentialKl(u.A, u.b, t.m, t.S, d);

function klBetween(nu: QuadraticPotential, q: QuadraticPotential, d: number): number {
  const a = quadraticPushforward(nu, d);
  const b = quadraticPushforward(q, d);
  return gaussianKl(a.m, a.S, b.m, b.S, d);
}

/**
 * `E_a[u*_c] = [tr(P_c A_a A_a) + (b_a - b_c)' P_c (b_a - b_c)] / 2`, the
 * expectation under `a = N(b_a, A_a^2)` of the conjugate of `c`, through an
 * explicit inverse (a different route from bregmanDivergence's Cholesky).
 */
function expectedConjugate(a: QuadraticPotential, c: QuadraticPotential, d: number): number {
  const pc = inverseSpd(c.A, d);
  const db = sub(a.b, c.b);
  return 0.5 * (trace(matmul(pc, matmul(a.A, a.A, d), d), d) + quad(pc, db, d));
}

/** `u*(y) = (y - b)' A^{-1} (y - b) / 2`. */
function conjugateAt(u: QuadraticPotential, y: Float64Array, d: number): number {
  const r = sub(y, u.b);
  const w = solveSpd(u.A, r, d);
  let s = 0;
  for (let i = 0; i < d; i++) s += (r[i] as number) * (w[i] as number);
  return 0.5 * s;
}

/** `log N(y; m, C)` up to the constant `-d/2 log 2pi` (which cancels in the checks below). */
function logGaussian(y: Float64Array, m: Float64Array, C: Float64Array, d: number): number {
  const r = sub(y, m);
  const w = solveSpd(C, r, d);
  let s = 0;
  for (let i = 0; i < d; i++) s += (r[i] as number) * (w[i] as number);
  const logDet = Math.log(Math.abs(detSpd(C, d)));
  return -0.5 * (s + logDet);
}

function detSpd(C: Float64Array, d: number): number {
  // Product of the diagonal of U in Gaussian elimination without pivoting (C SPD).
  const a = Float64Array.from(C);
  let det = 1;
  for (let k = 0; k < d; k++) {
    const piv = a[k * d + k] as number;
    det *= piv;
    for (let i = k + 1; i < d; i++) {
      const f = (a[i * d + k] as number) / piv;
      for (let j = k; j < d; j++) a[i * d + j] = (a[i * d + j] as number) - f * (a[k * d + j] as number);
    }
  }
  return det;
}

// ---------------------------------------------------------------------------
// The mirror step under test (the real one unless a broken variant is asked for)

/** A reimplementation of the mirror step with one term deliberately wrong. */
function brokenMirrorStep(kind: 'sign' | 'drop-mean'): Step {
  return (u, t, eta, d) => {
    const p = inverseSpd(u.A, d);
    const sInv = inverseSpd(t.S, d);
    const p2 = matmul(p, p, d);
    const sgn = kind === 'sign' ? 1 : -1;
    const pNext = symmetrize(
      p.map((v, i) => v + eta * ((sInv[i] as number) + sgn * (p2[i] as number))),
      d,
    );
    if (!isPd(pNext, d)) throw new NumericalError('not-positive-definite', 'broken step: P_{k+1} not SPD');
    const rhs = matmul(
      p.map((v, i) => v - eta * (p2[i] as number)),
      u.b,
      d,
      d,
      1,
    );
    if (kind !== 'drop-mean') {
      const sInvM = matmul(sInv, t.m, d, d, 1);
      for (let i = 0; i < d; i++) rhs[i] = (rhs[i] as number) + eta * (sInvM[i] as number);
    }
    return { A: inverseSpd(pNext, d), b: solveSpd(pNext, rhs, d) };
  };
}

function mirrorStepUnderTest(): Step {
  const flag = process.env['BRENIER_BROKEN_MIRROR_STEP'];
  if (flag === 'sign' || flag === 'drop-mean') return brokenMirrorStep(flag);
  if (flag === 'primal') return exactPrimalStep;
  return exactMirrorStep;
}

const mirrorStep = mirrorStepUnderTest();

// ---------------------------------------------------------------------------

describe('three-point identity of the Bregman divergence', () => {
  // Phi(mu) = W2^2(rho, mu)/2 has first variation deltaPhi(mu)(y) = |y|^2/2 - u*_mu(y), so
  //   D(a||c) = D(a||b) + D(b||c) + <deltaPhi(b) - deltaPhi(c), a - b>
  // with <f, a - b> = E_a f - E_b f and deltaPhi(b) - deltaPhi(c) = u*_c - u*_b:
  //   <.,.> = E_a[u*_c] - E_a[u*_b] - E_b[u*_c] + E_b[u*_b],  E_b[u*_b] = tr(A_b)/2,
  // each term closed form: E_a[u*_c] = [tr(P_c A_a^2) + (b_a - b_c)'P_c(b_a - b_c)]/2.
  it('D(a||c) = D(a||b) + D(b||c) + E_a[u*_c - u*_b] - E_b[u*_c - u*_b] to round-off', () => {
    forAllProblems(({ d, rng }) => {
      const a = randomPotential(rng, d);
      const b = randomPotential(rng, d);
      const c = randomPotential(rng, d);
      const dac = bregmanDivergence(a, c, d);
      const dab = bregmanDivergence(a, b, d);
      const dbc = bregmanDivergence(b, c, d);
      const ac = expectedConjugate(a, c, d);
      const ab = expectedConjugate(a, b, d);
      const bc = expectedConjugate(b, c, d);
      const bb = expectedConjugate(b, b, d);
      expect(Math.abs(bb - trace(b.A, d) / 2)).toBeLessThanOrEqual(REL * Math.abs(bb));
      const inner = ac - ab - bc + bb;
      const magnitude = dac + dab + dbc + Math.abs(ac) + Math.abs(ab) + Math.abs(bc) + Math.abs(bb);
      expect(Math.abs(dac - (dab + dbc + inner))).toBeLessThanOrEqual(REL * magnitude);
    });
  });

  it('the inner-product term matches a Monte Carlo estimate (2000 + 2000 draws, 5 standard errors)', () => {
    fc.assert(
      fc.property(problem, ({ d, rng }) => {
        const a = randomPotential(rng, d);
        const b = randomPotential(rng, d);
        const c = randomPotential(rng, d);
        const inner = expectedConjugate(a, c, d) - expectedConjugate(a, b, d);
        const inner2 = expectedConjugate(b, c, d) - expectedConjugate(b, b, d);
        const mc = (u: QuadraticPotential): { mean: number; variance: number } => {
          const n = 2000;
          let s = 0;
          let s2 = 0;
          for (let k = 0; k < n; k++) {
            const y = matmul(u.A, rng.normals(d), d, d, 1).map((v, i) => v + (u.b[i] as number));
            const f = conjugateAt(c, y, d) - conjugateAt(b, y, d);
            s += f;
            s2 += f * f;
          }
          const mean = s / n;
          return { mean, variance: Math.max(s2 / n - mean * mean, 0) / (n - 1) };
        };
        const ea = mc(a);
        const eb = mc(b);
        const se = Math.sqrt(ea.variance + eb.variance);
        expect(Math.abs(ea.mean - eb.mean - (inner - inner2))).toBeLessThanOrEqual(5 * se + 1e-12);
      }),
      { ...FC, numRuns: 10 },
    );
  });

  it('the mirror step moves the first variation by eta log(q_k/pi): u*_{k+1} - u*_k - eta log(q_k/pi) is constant', () => {
    // This is the step's definition (ALGORITHM.md section 2); with the three-point identity
    // (a, b, c) = (nu, q_k, q_{k+1}) it gives the per-step identity of section 3.
    forAllProblems((p) => {
      const { d, rng, t, q0 } = p;
      const eta = p.frac * maxStep(q0, p);
      const next = mirrorStep(q0, t, eta, d);
      const q = quadraticPushforward(q0, d);
      const values: number[] = [];
      let magnitude = 0;
      for (let k = 0; k < 5; k++) {
        const y = matmul(q.S, rng.normals(d), d, d, 1).map((v, i) => v + (q.m[i] as number) + (t.m[i] as number));
        const du = conjugateAt(next, y, d) - conjugateAt(q0, y, d);
        const lq = logGaussian(y, q.m, q.S, d);
        const lp = logGaussian(y, t.m, t.S, d);
        values.push(du - eta * (lq - lp));
        magnitude = Math.max(magnitude, Math.abs(du), eta * Math.abs(lq), eta * Math.abs(lp));
      }
      const spread = Math.max(...values) - Math.min(...values);
      expect(spread).toBeLessThanOrEqual(REL * magnitude);
    });
  });
});

// ---------------------------------------------------------------------------
// Regret and mixture bounds for four schedules

type ScheduleKind = 'constant' | 'inverseSqrt' | 'inverseLinear' | 'adaptive';

interface Run {
  /** sum_k eta_k [F(q_k) - F(nu)]. */
  regret: number;
  /** D(nu||q_0) + sum_k D(q_k||q_{k+1}). */
  bound: number;
  /** sum_k eta_k F(q_k) (for the mixture bound with nu = pi). */
  weightedF: number;
  sumEta: number;
  /** Scale of the terms, for the round-off tolerance. */
  magnitude: number;
  halvings: number;
}

/**
 * K exact mirror steps from q_0 with the schedule. Fixed schedules use
 * eta_0 = frac * 0.5 min(lambda_min(A_0), sd_min) (admissible at k = 0 and, as
 * checked, at every later step); the adaptive-like rule starts at
 * 0.5 lambda_min(A_0) (ignoring sd_min) and halves its step, for good,
 * whenever the closed-form ELBO would fall (or P_{k+1} would not be SPD).
 */
function runSchedule(p: Problem, kind: ScheduleKind, nu: QuadraticPotential, K: number): Run {
  const { d, t, q0 } = p;
  const fNu = F(nu, t, d);
  const eta0 = kind === 'adaptive' ? 0.5 * minEigenvalue(q0.A, d) : p.frac * maxStep(q0, p);
  let q = q0;
  let fq = F(q, t, d);
  let etaCur = eta0;
  const run: Run = {
    regret: 0,
    bound: bregmanDivergence(nu, q0, d),
    weightedF: 0,
    sumEta: 0,
    magnitude: 0,
    halvings: 0,
  };
  run.magnitude = run.bound;
  for (let k = 0; k < K; k++) {
    let eta: number;
    let next: QuadraticPotential;
    if (kind === 'adaptive') {
      for (;;) {
        let candidate: QuadraticPotential | undefined;
        try {
          candidate = mirrorStep(q, t, etaCur, d);
        } catch (error) {
          if (!(error instanceof NumericalError)) throw error;
        }
        // Round-off tolerance: near convergence F changes by less than its own rounding.
        if (candidate !== undefined && F(candidate, t, d) <= fq * (1 + 1e-12) + 1e-15) {
          next = candidate;
          break;
        }
        etaCur /= 2;
        run.halvings++;
        expect(run.halvings).toBeLessThan(200);
      }
      eta = etaCur;
    } else {
      eta = kind === 'constant' ? eta0 : kind === 'inverseSqrt' ? eta0 / Math.sqrt(k + 1) : eta0 / (k + 1);
      // Admissibility along the run (for the mirror step P_{k+1} is SPD when eta < lambda_min(A_k)).
      expect(eta).toBeLessThanOrEqual(minEigenvalue(q.A, d));
      next = mirrorStep(q, t, eta, d);
    }
    const dStep = bregmanDivergence(q, next, d);
    run.regret += eta * (fq - fNu);
    run.weightedF += eta * fq;
    run.sumEta += eta;
    run.bound += dStep;
    run.magnitude += eta * (fq + fNu) + dStep;
    q = next;
    fq = F(q, t, d);
  }
  return run;
}

describe('regret and average-iterate bounds, exact mirror step', () => {
  const kinds: ScheduleKind[] = ['constant', 'inverseSqrt', 'inverseLinear', 'adaptive'];
  it.each(kinds)(
    '%s schedule: sum_k eta_k [F(q_k) - F(nu)] <= D(nu||q_0) + sum_k D(q_k||q_{k+1}) for nu = pi and random nu',
    (kind) => {
      forAllProblems(
        (p) => {
          const pi = klOptimalGaussian(p.t.m, p.t.S, p.d);
          const nuRandom = randomPotential(p.rng, p.d);
          for (const nu of [pi, nuRandom]) {
            const run = runSchedule(p, kind, nu, 40);
            expect(run.regret).toBeLessThanOrEqual(run.bound + REL * run.magnitude);
          }
        },
        { ...FC, numRuns: 25 },
      );
    },
  );

  it.each(kinds)(
    '%s schedule: mixture qbar_K, sum_k w_k F(q_k) <= [D(pi||q_0) + sum_k D(q_k||q_{k+1})] / sum_k eta_k',
    (kind) => {
      // F(qbar_K) = KL(mixture || pi) has no closed form; by convexity of KL,
      // F(qbar_K) <= sum_k w_k F(q_k) with w_k = eta_k / sum eta, and it is this
      // upper end of the chain that is checked against the bound.
      forAllProblems(
        (p) => {
          const pi = klOptimalGaussian(p.t.m, p.t.S, p.d);
          const run = runSchedule(p, kind, pi, 40);
          const mixtureUpper = run.weightedF / run.sumEta;
          expect(mixtureUpper).toBeLessThanOrEqual((run.bound + REL * run.magnitude) / run.sumEta);
          expect(mixtureUpper).toBeGreaterThanOrEqual(0);
        },
        { ...FC, numRuns: 25 },
      );
    },
  );
  it('convexity step of the chain: Monte Carlo F(qbar_K) <= sum_k w_k F(q_k) (d <= 3, 4000 draws, 5 standard errors)', () => {
    // F(qbar_K) = E_qbar[log qbar - log pi], qbar_K = sum_k w_k q_k, estimated by sampling the
    // mixture; constant schedule, K = 30. Convexity holds for any sequence q_k, so this checks the
    // chain's first link, not the step; with a degenerate q_k (variance ~1e-270, e.g. a broken step)
    // the float64 estimate itself breaks down and this test then fails spuriously.
    fc.assert(
      fc.property(problemUpTo(3), (p) => {
        const { d, rng, t } = p;
        const eta = p.frac * maxStep(p.q0, p);
        const qs: GaussianTarget[] = [];
        const fs: number[] = [];
        let q = p.q0;
        for (let k = 0; k < 30; k++) {
          qs.push(quadraticPushforward(q, d));
          fs.push(F(q, t, d));
          q = mirrorStep(q, t, eta, d);
        }
        const upper = fs.reduce((s, v) => s + v, 0) / fs.length; // equal weights: constant eta
        const roots = qs.map((g) => symmetricSqrt(g.S, d));
        const n = 4000;
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < n; i++) {
          const k = rng.integer(qs.length);
          const g = qs[k] as GaussianTarget;
          const y = matmul(roots[k] as Float64Array, rng.normals(d), d, d, 1).map((v, j) => v + (g.m[j] as number));
          const logs = qs.map((h) => logGaussian(y, h.m, h.S, d));
          const top = Math.max(...logs);
          const logMix = top + Math.log(logs.reduce((acc, v) => acc + Math.exp(v - top), 0) / qs.length);
          const f = logMix - logGaussian(y, t.m, t.S, d);
          s += f;
          s2 += f * f;
        }
        const mean = s / n;
        const se = Math.sqrt(Math.max(s2 / n - mean * mean, 0) / (n - 1));
        expect(mean).toBeLessThanOrEqual(upper + 5 * se);
      }),
      { ...FC, numRuns: 10 },
    );
  });
});

// ---------------------------------------------------------------------------

describe('EVI in the small-step limit', () => {
  // Q(eta) = [D(nu||q_{k+1}) - D(nu||q_k)] / eta. The EVI says lim Q <= F(nu) - F(q_k);
  // for KL the limit is exactly F(nu) - F(q_k) - KL(nu|q_k) =: L0, and the excess
  // Q(eta) - L0 = D(q_k||q_{k+1}) / eta >= 0 is O(eta): it drops ~10x from eta to eta/10.
  // With nu = q_k (KL(nu|q_k) = 0) the EVI violation Q - [F(nu) - F(q_k)] is exactly that
  // positive O(eta) excess, so the check is sharp there.
  it.each(['random nu', 'nu = q_k', 'nu = pi'] as const)(
    '%s: Q(eta) - L0 >= 0 and shrinks linearly in eta',
    (which) => {
      forAllProblems(({ d, rng, t, q0, sdMin }) => {
        const nu =
          which === 'nu = q_k' ? q0 : which === 'nu = pi' ? klOptimalGaussian(t.m, t.S, d) : randomPotential(rng, d);
        // Small step in the relative sense: P changes by eta S^{-1} - eta P^2, i.e. by a fraction
        // eta lambda_max(A) / min(lambda_min(A), sd_min)^2 of itself, so h is 2% of
        // min(l, l^2 / lambda_max(A)) with l = min(lambda_min(A), sd_min). (With only
        // 0.02 l, a wide q_0 -- regressions.ts, d = 2, seed 0: lambda_max(A_0) = 144 -- is not
        // in the linear regime and the ratio check fails; the step is admissible, just not small.)
        const l = Math.min(minEigenvalue(q0.A, d), sdMin);
        const h = 0.02 * Math.min(l, (l * l) / maxEigenvalue(q0.A, d));
        const d0 = bregmanDivergence(nu, q0, d);
        const fGap = F(nu, t, d) - F(q0, t, d);
        const l0 = fGap - klBetween(nu, q0, d);
        const quotient = (eta: number): number => (bregmanDivergence(nu, mirrorStep(q0, t, eta, d), d) - d0) / eta;
        const e1 = quotient(h) - l0;
        const e2 = quotient(h / 10) - l0;
        // Round-off of a difference of D's of size ~d0 divided by eta, plus that of L0.
        const noise = 1e-12 * (d0 + Math.abs(F(nu, t, d)) + Math.abs(F(q0, t, d))) * (10 / h + 1);
        expect(e1).toBeGreaterThan(-noise);
        expect(e2).toBeGreaterThan(-noise);
        // EVI violation (positive part) <= C eta: at eta/10 it is at most ~1/10 of that at eta.
        const v1 = Math.max(quotient(h) - fGap, 0);
        const v2 = Math.max(quotient(h / 10) - fGap, 0);
        expect(v2).toBeLessThanOrEqual(0.13 * v1 + noise);
        if (e1 > 1e3 * noise) {
          expect(e2 / e1).toBeGreaterThan(0.07);
          expect(e2 / e1).toBeLessThan(0.13);
        }
      });
    },
  );
});

// ---------------------------------------------------------------------------

describe('exact mirror step with admissible constant steps', () => {
  it('keeps A_k positive definite and KL(q_k | pi) non-increasing at every step (60 steps)', () => {
    forAllProblems((p) => {
      const { d, t } = p;
      const eta = p.frac * maxStep(p.q0, p);
      let q = p.q0;
      let kl = F(q, t, d);
      const kl0 = kl;
      for (let k = 0; k < 60; k++) {
        q = mirrorStep(q, t, eta, d);
        expect(isPd(q.A, d)).toBe(true);
        const next = F(q, t, d);
        expect(next).toBeLessThanOrEqual(kl * (1 + 1e-12) + 1e-14);
        kl = next;
      }
      expect(kl).toBeLessThan(kl0);
    });
  });

  it('converges from a random start: A_k -> S^{1/2}, b_k -> m, KL -> 0 (eta = 0.5 min(lambda_min(A_0), sd_min))', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const { d, t } = p;
        const opt = klOptimalGaussian(t.m, t.S, d);
        const eta = maxStep(p.q0, p);
        let q = p.q0;
        let kl = F(q, t, d);
        let steps = 0;
        while (kl >= 1e-12 && steps < 20000) {
          q = mirrorStep(q, t, eta, d);
          kl = F(q, t, d);
          steps++;
        }
        expect(kl).toBeLessThan(1e-12);
        const sdMax = Math.sqrt(Math.max(...Array.from({ length: d }, (_, i) => t.S[i * d + i] as number)));
        expect(maxAbsDiff(q.A, opt.A)).toBeLessThanOrEqual(1e-4 * sdMax);
        expect(maxAbsDiff(q.b, opt.b)).toBeLessThanOrEqual(1e-4 * sdMax);
      }),
      { ...FC, numRuns: 15 },
    );
  });
});

// ---------------------------------------------------------------------------

function toEngine(u: QuadraticPotential, d: number): GaussianPotential {
  return { family: 'gaussian', dim: d, A: Array.from(u.A), b: Array.from(u.b) };
}

function fromEngine(u: GaussianPotential): QuadraticPotential {
  return { A: Float64Array.from(u.A), b: Float64Array.from(u.b) };
}

/** x ~ N(0, I) draws, y = A x + b, exact Gaussian scores -S^{-1}(y - m). */
function engineBatch(u: QuadraticPotential, t: GaussianTarget, d: number, rng: Rng, n: number) {
  const x = rng.normals(n * d);
  const sInv = inverseSpd(t.S, d);
  const y = new Float64Array(n * d);
  const scores = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const yi = matmul(u.A, x.subarray(i * d, (i + 1) * d), d, d, 1);
    for (let r = 0; r < d; r++) y[i * d + r] = (yi[r] as number) + (u.b[r] as number);
    const s = matmul(sInv, sub(y.subarray(i * d, (i + 1) * d), t.m), d, d, 1);
    for (let r = 0; r < d; r++) scores[i * d + r] = -(s[r] as number);
  }
  return { n, x, y, scores };
}

describe("the engine's sampled projected mirror step (gaussianFamily.step)", () => {
  // The Stein regression of the scores on x (with intercept) is exact when the
  // scores are affine in x, as they are for a Gaussian target, for any
  // n >= d + 2 draws: the sampled step is the exact mirror step up to
  // round-off, so the per-step inequality is asserted to 1e-8 relative. The
  // engine's trust region (P/2 < P_new < 2P) can reject an admissible step
  // when q_k is much wider than the target; eta is then halved, as the engine does.
  it('satisfies eta [F(q_k) - F(nu)] <= D(nu||q_k) - D(nu||q_{k+1}) + D(q_k||q_{k+1}) on Gaussian targets', () => {
    forAllProblems((p) => {
      const { d, rng, t, q0 } = p;
      const nu = rng.uniform() < 0.5 ? klOptimalGaussian(t.m, t.S, d) : randomPotential(rng, d);
      let eta = p.frac * maxStep(q0, p);
      const batch = engineBatch(q0, t, d, rng, 2 * d + 10);
      let stepped: GaussianPotential | undefined;
      for (let tries = 0; stepped === undefined; tries++) {
        expect(tries).toBeLessThan(60);
        try {
          stepped = gaussianFamily.step(toEngine(q0, d), batch, eta, 'mirror');
        } catch (error) {
          if (!(error instanceof NumericalError)) throw error;
          eta /= 2;
        }
      }
      const next = fromEngine(stepped);
      const fq = F(q0, t, d);
      const fnu = F(nu, t, d);
      const d1 = bregmanDivergence(nu, q0, d);
      const d2 = bregmanDivergence(nu, next, d);
      const d3 = bregmanDivergence(q0, next, d);
      const magnitude = eta * (fq + fnu) + d1 + d2 + d3;
      expect(d1 - d2 + d3 - eta * (fq - fnu)).toBeGreaterThanOrEqual(-REL * magnitude);
      // And the sharp identity, with the KL(nu|q_k) term.
      const klNuQ = klBetween(nu, q0, d);
      expect(Math.abs(eta * (fq - fnu + klNuQ) - (d1 - d2 + d3))).toBeLessThanOrEqual(REL * (magnitude + eta * klNuQ));
    });
  });
});

// ---------------------------------------------------------------------------

describe('the exact primal step (measured, not asserted)', () => {
  // The per-step inequality is proved only for the mirror step. Measured here
  // over random instances with nu = pi or a random Gaussian and
  // eta = frac * 0.5 min(lambda_min(A_k), sd_min), frac in (0.01, 1]; the
  // relative gap is [D(nu||q_k) - D(nu||q_{k+1}) + D(q_k||q_{k+1}) - eta (F(q_k) - F(nu))]
  // divided by the sum of the absolute terms.
  // Result (seed 20261128, 400 generated instances, d = 1..20, plus nothing
  // else): 313 checked, 87 skipped (A_{k+1} not SPD: q_k too wide for the
  // primal step), 3 violations (~1%), 2 of them among the 211 with
  // frac <= 0.1; most negative relative gap -0.258 (absolute -743, d = 2,
  // frac = 0.051, random nu, a q_k much wider than the target). The
  // violations sit where q_k is much wider than pi, the primal step's weak regime.
  it('reports how often and by how much the per-step inequality fails', () => {
    let checked = 0;
    let skipped = 0;
    let violations = 0;
    let worst = Number.POSITIVE_INFINITY;
    let worstAbs = 0;
    let worstAt = '';
    const smallStep = { checked: 0, violations: 0 };
    fc.assert(
      fc.property(problem, fc.boolean(), (p, nuIsPi) => {
        const { d, rng, t, q0 } = p;
        const nu = nuIsPi ? klOptimalGaussian(t.m, t.S, d) : randomPotential(rng, d);
        const eta = p.frac * maxStep(q0, p);
        let next: QuadraticPotential;
        try {
          next = exactPrimalStep(q0, t, eta, d);
        } catch (error) {
          if (!(error instanceof NumericalError)) throw error;
          skipped++;
          return;
        }
        const fq = F(q0, t, d);
        const fnu = F(nu, t, d);
        const d1 = bregmanDivergence(nu, q0, d);
        const d2 = bregmanDivergence(nu, next, d);
        const d3 = bregmanDivergence(q0, next, d);
        const gap = d1 - d2 + d3 - eta * (fq - fnu);
        const relative = gap / (eta * (fq + fnu) + d1 + d2 + d3);
        checked++;
        if (relative < -REL) violations++;
        if (p.frac <= 0.1) {
          smallStep.checked++;
          if (relative < -REL) smallStep.violations++;
        }
        if (relative < worst) {
          worst = relative;
          worstAbs = gap;
          worstAt = `d = ${d}, frac = ${p.frac.toFixed(3)}, nu = ${nuIsPi ? 'pi' : 'random'}`;
        }
      }),
      { ...FC, numRuns: 400 },
    );
    console.log(
      `primal step per-step inequality: ${violations} violations in ${checked} instances checked ` +
        `(${skipped} skipped: step not SPD); most negative relative gap ${worst.toExponential(3)} ` +
        `(absolute ${worstAbs.toExponential(3)}; ${worstAt}); with frac <= 0.1: ` +
        `${smallStep.violations} violations in ${smallStep.checked}`,
    );
    expect(checked).toBeGreaterThan(0);
  });
});
