// The Dormand–Prince solver and its forward sensitivities against closed
// forms (linear ODEs) and against central finite differences of the
// solution (Lotka–Volterra).
//
// Tolerances: with rtol = atol = 1e-8 the global error of an O(1) solution
// over a few periods is a small multiple of the tolerance (the local error
// per step is controlled, and the problems below are not chaotic), so 1e-6
// relative leaves a margin of ~100. Central differences with relative step
// h = 1e-5 of solutions computed to rtol 1e-12 have truncation error
// ~h^2 |y'''| ~ 1e-10 and rounding/tolerance error ~1e-12 / 1e-5 = 1e-7,
// compared at 1e-5 relative.
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/core/errors.js';
import { solveOde, solveOdeWithSensitivities, type SensitivityProblem } from '../../src/math/ode.js';

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('solveOde', () => {
  // y' = A y with A = -0.5 I + 2 J (a damped rotation): y(t) = exp(-t/2) R(2t) y0,
  // R(s) = [[cos s, sin s], [-sin s, cos s]].
  const rhs = (_t: number, y: Float64Array, out: Float64Array): void => {
    const a = y[0] as number;
    const b = y[1] as number;
    out[0] = -0.5 * a + 2 * b;
    out[1] = -2 * a - 0.5 * b;
  };
  const exact = (t: number, y0: [number, number]): [number, number] => {
    const e = Math.exp(-0.5 * t);
    const c = Math.cos(2 * t);
    const s = Math.sin(2 * t);
    return [e * (c * y0[0] + s * y0[1]), e * (-s * y0[0] + c * y0[1])];
  };
  const times = [0, 0.3, 1, 2.5, 5, 7.25, 10];

  it('matches the closed form of a linear ODE at the output times', () => {
    const y0: [number, number] = [1.5, -0.7];
    const { states, steps } = solveOde(rhs, y0, 0, times);
    times.forEach((t, i) => {
      const [a, b] = exact(t, y0);
      expect(relErr(states[2 * i] as number, a)).toBeLessThan(1e-6);
      expect(relErr(states[2 * i + 1] as number, b)).toBeLessThan(1e-6);
    });
    expect(steps).toBeGreaterThan(10);
  });

  it('returns y0 at t0 and gets more accurate as the tolerance shrinks', () => {
    const y0: [number, number] = [1, 2];
    const error = (rtol: number): number => {
      const { states } = solveOde(rhs, y0, 0, times, { rtol, atol: rtol });
      let worst = 0;
      times.forEach((t, i) => {
        const [a, b] = exact(t, y0);
        worst = Math.max(worst, relErr(states[2 * i] as number, a), relErr(states[2 * i + 1] as number, b));
      });
      return worst;
    };
    const { states } = solveOde(rhs, y0, 0, [0]);
    expect(Array.from(states)).toEqual([1, 2]);
    const loose = error(1e-4);
    const tight = error(1e-10);
    expect(loose).toBeLessThan(1e-3);
    expect(tight).toBeLessThan(1e-8);
    expect(tight).toBeLessThan(loose / 100);
  });

  it("integrates from a non-zero initial time (y' = y: y(t) = exp(t - t0))", () => {
    const { states } = solveOde((_t, y, out) => (out[0] = y[0] as number), [1], 2, [2.5, 3, 4]);
    [0.5, 1, 2].forEach((dt, i) => expect(relErr(states[i] as number, Math.exp(dt))).toBeLessThan(1e-7));
  });

  it("throws a NumericalError when the step size underflows at a blow-up (y' = y^2, y(0) = 1 blows up at t = 1)", () => {
    const run = (): unknown => solveOde((_t, y, out) => (out[0] = (y[0] as number) ** 2), [1], 0, [0.5, 2]);
    expect(run).toThrow(NumericalError);
    try {
      run();
    } catch (error) {
      expect((error as NumericalError).issue).toBe('diverged');
      expect((error as Error).message).toMatch(/step size underflow|budget|not finite/);
    }
  });

  it('throws a NumericalError when the step budget runs out', () => {
    expect(() => solveOde(rhs, [1, 0], 0, [100], { maxSteps: 20 })).toThrow(/step budget exhausted/);
  });

  it('reports a non-finite initial state as numerical trouble (samplers reject such a point)', () => {
    expect(() => solveOde(rhs, [Infinity, 0], 0, [1])).toThrow(NumericalError);
    expect(() => solveOde(rhs, [Number.NaN, 0], 0, [1])).toThrow(/initial state is not finite/);
  });

  it('rejects bad output times and options', () => {
    expect(() => solveOde(rhs, [1, 0], 0, [1, 0.5])).toThrow(RangeError);
    expect(() => solveOde(rhs, [1, 0], 1, [0.5])).toThrow(RangeError);
    expect(() => solveOde(rhs, [1, 0], 0, [1], { rtol: 0 })).toThrow(RangeError);
    expect(() => solveOde(rhs, [1, 0], 0, [1], { atol: [1e-8] })).toThrow(RangeError);
  });
});

describe('solveOdeWithSensitivities', () => {
  it("matches the closed-form sensitivities of y' = -p y (p in f, y0 in the initial state)", () => {
    const p = 0.7;
    const y0 = 2;
    const problem: SensitivityProblem = {
      dimension: 1,
      parameters: 2, // (p, y0)
      y0: [y0],
      initialSensitivity: [0, 1],
      rhs: (_t, y, out) => (out[0] = -p * (y[0] as number)),
      jacobians: (_t, y, jy, jp) => {
        jy[0] = -p;
        jp[0] = -(y[0] as number);
      },
    };
    const times = [0.5, 1, 3, 6];
    const { states, sensitivities } = solveOdeWithSensitivities(problem, 0, times);
    times.forEach((t, i) => {
      const e = Math.exp(-p * t);
      expect(relErr(states[i] as number, y0 * e)).toBeLessThan(1e-7);
      expect(relErr(sensitivities[2 * i] as number, -t * y0 * e)).toBeLessThan(1e-7);
      expect(relErr(sensitivities[2 * i + 1] as number, e)).toBeLessThan(1e-7);
    });
  });

  // Lotka–Volterra: u' = (a - b v) u, v' = (-c + d u) v; sensitivities with
  // respect to (a, b, c, d, u0, v0), against central differences.
  const lv = (theta: number[], z0: number[]): SensitivityProblem => ({
    dimension: 2,
    parameters: 6,
    y0: z0,
    initialSensitivity: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
    rhs: (_t, y, out) => {
      const [a, b, c, d] = theta as [number, number, number, number];
      out[0] = (a - b * (y[1] as number)) * (y[0] as number);
      out[1] = (-c + d * (y[0] as number)) * (y[1] as number);
    },
    jacobians: (_t, y, jy, jp) => {
      const [a, b, c, d] = theta as [number, number, number, number];
      const u = y[0] as number;
      const v = y[1] as number;
      jy[0] = a - b * v;
      jy[1] = -b * u;
      jy[2] = d * v;
      jy[3] = -c + d * u;
      jp[0] = u;
      jp[1] = -u * v;
      jp[8] = -v;
      jp[9] = u * v;
    },
  });

  it('matches central finite differences of the Lotka-Volterra solution', () => {
    const theta = [0.55, 0.028, 0.8, 0.024];
    const z0 = [34, 6];
    const times = Array.from({ length: 20 }, (_, i) => i + 1);
    const tight = { rtol: 1e-12, atol: 1e-12 };
    const { states, sensitivities } = solveOdeWithSensitivities(lv(theta, z0), 0, times, { rtol: 1e-10, atol: 1e-10 });
    const solve = (th: number[], z: number[]): Float64Array => solveOde(lv(th, z).rhs, z, 0, times, tight).states;
    const base = solve(theta, z0);
    for (let i = 0; i < base.length; i++) expect(relErr(states[i] as number, base[i] as number)).toBeLessThan(1e-7);
    for (let j = 0; j < 6; j++) {
      const all = [...theta, ...z0];
      const h = 1e-5 * Math.abs(all[j] as number);
      const up = all.slice();
      const down = all.slice();
      up[j] = (up[j] as number) + h;
      down[j] = (down[j] as number) - h;
      const yUp = solve(up.slice(0, 4), up.slice(4));
      const yDown = solve(down.slice(0, 4), down.slice(4));
      // Scale: the largest sensitivity of this column over the trajectory.
      let scale = 0;
      for (let r = 0; r < times.length * 2; r++) scale = Math.max(scale, Math.abs(sensitivities[r * 6 + j] as number));
      for (let r = 0; r < times.length * 2; r++) {
        const fd = ((yUp[r] as number) - (yDown[r] as number)) / (2 * h);
        expect(Math.abs((sensitivities[r * 6 + j] as number) - fd) / scale, `column ${j}, row ${r}`).toBeLessThan(1e-5);
      }
    }
  });

  it('rejects inconsistent sizes', () => {
    const problem = lv([1, 1, 1, 1], [1, 1]);
    expect(() => solveOdeWithSensitivities({ ...problem, initialSensitivity: [0, 1] }, 0, [1])).toThrow(RangeError);
    expect(() => solveOdeWithSensitivities({ ...problem, y0: [1] }, 0, [1])).toThrow(RangeError);
  });
});
