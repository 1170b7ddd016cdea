/**
 * Limited-memory BFGS minimisation in float64 (Nocedal & Wright, Numerical
 * Optimization, algorithms 7.4 and 7.5) with a backtracking Armijo line
 * search. Used to find a posterior mode before the variational fit, where
 * the objective's gradients come from the float32 model: the stopping rule
 * therefore accepts a relative decrease below `relativeTolerance` (default
 * 1e-9) or a failed line search (the float32 noise floor) as convergence.
 *
 * @module
 */

/** The objective and its gradient at one point. */
export interface ObjectiveValue {
  /** f(x). */
  readonly value: number;
  /** grad f(x), `[d]`. */
  readonly gradient: Float64Array;
}

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Correction pairs kept. Default 6 (as Stan's optimiser and Pathfinder). */
  memory?: number;
  /** Iterations at most. Default 1000. */
  maxIterations?: number;
  /** Stop when an iteration decreases f by less than this times (1 + |f|). Default 1e-9. */
  relativeTolerance?: number;
  /** Stop when the largest gradient entry is below this. Default 1e-8. */
  gradientTolerance?: number;
}

/** The result of {@link lbfgs}. */
export interface LbfgsResult {
  /** The last accepted point. */
  readonly x: Float64Array;
  /** f there. */
  readonly value: number;
  /** Iterations done. */
  readonly iterations: number;
  /** Objective evaluations, including the line searches. */
  readonly evaluations: number;
  /** Why it stopped. */
  readonly reason: 'gradient' | 'relative-decrease' | 'line-search' | 'max-iterations';
  /** The L-BFGS approximation of the inverse Hessian at `x`, row-major `[d, d]` (symmetric positive definite). */
  readonly inverseHessian: Float64Array;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** The two-loop recursion: H v for the L-BFGS inverse Hessian H built from the pairs (s, y). */
function applyInverseHessian(
  v: Float64Array,
  pairs: readonly { s: Float64Array; y: Float64Array; rho: number }[],
  gamma: number,
): Float64Array {
  const q = Float64Array.from(v);
  const alpha = new Float64Array(pairs.length);
  for (let k = pairs.length - 1; k >= 0; k--) {
    const { s, y, rho } = pairs[k] as { s: Float64Array; y: Float64Array; rho: number };
    const a = rho * dot(s, q);
    alpha[k] = a;
    for (let i = 0; i < q.length; i++) q[i] = (q[i] as number) - a * (y[i] as number);
  }
  for (let i = 0; i < q.length; i++) q[i] = gamma * (q[i] as number);
  for (let k = 0; k < pairs.length; k++) {
    const { s, y, rho } = pairs[k] as { s: Float64Array; y: Float64Array; rho: number };
    const b = rho * dot(y, q);
    for (let i = 0; i < q.length; i++) q[i] = (q[i] as number) + ((alpha[k] as number) - b) * (s[i] as number);
  }
  return q;
}

/**
 * Minimise `f` from `x0`. Non-finite values during a line search shorten
 * the step; a non-finite value at `x0` is an error of the caller.
 */
export function lbfgs(
  f: (x: Float64Array) => ObjectiveValue,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const d = x0.length;
  const memory = options.memory ?? 6;
  const maxIterations = options.maxIterations ?? 1000;
  const relativeTolerance = options.relativeTolerance ?? 1e-9;
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  let x = Float64Array.from(x0);
  let current = f(x);
  let evaluations = 1;
  const pairs: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  let gamma = 1;
  let reason: LbfgsResult['reason'] = 'max-iterations';
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    if (Math.max(...Array.from(g, Math.abs)) < gradientTolerance) {
      reason = 'gradient';
      break;
    }
    let direction = applyInverseHessian(g, pairs, gamma).map((v) => -v);
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      pairs.length = 0;
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    // First iteration: a step of unit length; afterwards the quasi-Newton step.
    let t = pairs.length === 0 ? 1 / Math.max(1, Math.sqrt(dot(g, g))) : 1;
    let next: ObjectiveValue | undefined;
    let xNext = x;
    for (let k = 0; k < 60; k++, t /= 2) {
      xNext = x.map((v, i) => v + t * (direction[i] as number));
      const candidate = f(xNext);
      evaluations += 1;
      if (Number.isFinite(candidate.value) && candidate.value <= current.value + 1e-4 * t * slope) {
        next = candidate;
        break;
      }
    }
    if (next === undefined) {
      reason = 'line-search';
      break;
    }
    const s = xNext.map((v, i) => v - (x[i] as number));
    const y = next.gradient.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) pairs.shift();
      gamma = sy / dot(y, y);
    }
    const decrease = current.value - next.value;
    x = xNext;
    current = next;
    if (decrease < relativeTolerance * (1 + Math.abs(current.value))) {
      iterations += 1;
      reason = 'relative-decrease';
      break;
    }
  }
  const inverseHessian = new Float64Array(d * d);
  const unit = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = applyInverseHessian(unit, pairs, gamma);
    for (let i = 0; i < d; i++) inverseHessian[i * d + j] = column[i] as number;
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * ((inverseHessian[i * d + j] as number) + (inverseHessian[j * d + i] as number));
      inverseHessian[i * d + j] = v;
      inverseHessian[j * d + i] = v;
    }
  }
  return { x, value: current.value, iterations, evaluations, reason, inverseHessian };
}
