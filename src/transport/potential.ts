/**
 * The potential-family interface. A convex potential `u` on R^d defines the
 * Brenier map `T = grad u` that pushes the source `rho = N(0, I)` to the
 * variational distribution `q = T # rho`. A family says how to evaluate the
 * map and the density of `q`, how to take one projected flow step from
 * scores at the particles, and how far apart two of its members are (the
 * Bregman divergence of the mirror map).
 *
 * Potentials are plain, JSON-serialisable objects, so a flow state and a
 * fitted posterior can be saved and reloaded. A new family (an input-convex
 * neural network, say) implements this interface.
 *
 * @module
 */

/**
 * Which discretisation of the flow a step takes: `'mirror'`, the dual step
 * `u*_{k+1} = u*_k + eta log(q_k / pi)` whose regret bound is exact, or
 * `'primal'`, the explicit Euler step `u_{k+1} = u_k + eta h_{u_k}`
 * (Gaussian family only).
 *
 * @example
 * ```ts
 * import { fitPosterior, initBackend, type StepKind } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const step: StepKind = 'primal';
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { step, seed: 1 });
 * console.log(posterior.diagnostics.settings.step); // 'primal'
 * ```
 */
export type StepKind = 'mirror' | 'primal';

/**
 * Scores at the particles of one step: `x` are the source draws, `y = T(x)`
 * the particles, `scores` the target's score at each particle, all
 * row-major `[n, d]`.
 *
 * @example One mirror step by hand
 * ```ts
 * import { Rng, gaussianFamily, type ParticleBatch } from 'brenier';
 *
 * // Target N(1, 4) in 1-D: score s(y) = -(y - 1) / 4.
 * const n = 20;
 * const q0 = gaussianFamily.identity(1); // q = N(0, 1)
 * const x = new Rng(1).normals(n);
 * const { y } = gaussianFamily.map(q0, x, n);
 * const batch: ParticleBatch = { n, x, y, scores: y.map((v) => -(v - 1) / 4) };
 * const q1 = gaussianFamily.step(q0, batch, 0.5, 'mirror');
 * console.log(q1.A, q1.b); // [1.6], [0.2]: the exact mirror step (P = 1 + 0.5 (1/4 - 1))
 * ```
 */
export interface ParticleBatch {
  /** Number of particles. */
  readonly n: number;
  /** Source draws, `[n, d]`. */
  readonly x: Float64Array;
  /** Particles `T(x)`, `[n, d]`. */
  readonly y: Float64Array;
  /** Target scores at the particles, `[n, d]`. */
  readonly scores: Float64Array;
}

/**
 * The map applied to a batch of source draws.
 *
 * @example
 * ```ts
 * import { Rng, gaussianFamily, type GaussianPotential, type MappedBatch } from 'brenier';
 *
 * const u: GaussianPotential = { family: 'gaussian', dim: 2, A: [2, 0, 0, 0.5], b: [1, -2] };
 * const x = new Rng(1).normals(3 * 2); // 3 source draws
 * const { y, logDetHessian }: MappedBatch = gaussianFamily.map(u, x, 3);
 * console.log(logDetHessian); // ≈ [0, 0, 0]: log det A = log(2 * 0.5)
 * ```
 */
export interface MappedBatch {
  /** `T(x)`, row-major `[n, d]`. */
  readonly y: Float64Array;
  /** `log det grad^2 u(x)` per draw, `[n]`. */
  readonly logDetHessian: Float64Array;
}

/**
 * A family of convex potentials.
 *
 * @typeParam P - the plain-object representation of one potential.
 * @example Code written against any family
 * ```ts
 * import { gaussianFamily, type PotentialFamily } from 'brenier';
 *
 * function describe<P>(family: PotentialFamily<P>, potential: P): string {
 *   const means = family.means(potential);
 *   const sds = family.marginalSds(potential);
 *   return Array.from(means, (m, i) => `${m.toFixed(2)} ± ${sds[i]?.toFixed(2)}`).join(', ');
 * }
 * console.log(describe(gaussianFamily, gaussianFamily.identity(2))); // '0.00 ± 1.00, 0.00 ± 1.00'
 * ```
 * @category Transport
 */
export interface PotentialFamily<P> {
  /** Family name, recorded in results. */
  readonly name: string;
  /** The identity map (u(x) = |x|^2 / 2): q = N(0, I). */
  identity(dim: number): P;
  /** Dimension of a potential. */
  dimension(potential: P): number;
  /** The potential `u(x)` at `n` source points, `[n]` (defined up to a constant; the families fix it by `u(0)` of their formula). */
  value(potential: P, x: Float64Array, n: number): Float64Array;
  /** The convex conjugate `u*(y) = sup_x <x, y> - u(x)` at `n` points, `[n]`. */
  conjugate(potential: P, y: Float64Array, n: number): Float64Array;
  /** Apply the map `T = grad u` to `n` source draws, with `log det grad^2 u`. */
  map(potential: P, x: Float64Array, n: number): MappedBatch;
  /** Log density of `q` at `n` points, `[n]`. */
  logDensity(potential: P, y: Float64Array, n: number): Float64Array;
  /**
   * Gradient of `log q` at `n` points, `[n, d]`, for the families that have
   * it in closed form (the generative mode differentiates `logDensity`
   * numerically for the others).
   */
  logDensityGradient?(potential: P, y: Float64Array, n: number): Float64Array;
  /**
   * One projected flow step of size `eta` from the scores at the particles.
   * Throws a `NumericalError` with issue `'not-positive-definite'` when the
   * step would break convexity (the caller halves `eta`).
   */
  step(potential: P, batch: ParticleBatch, eta: number, kind: StepKind): P;
  /** Bregman divergence `D(nu || mu)` of the mirror map (docs/algorithm.md, section 4). */
  bregman(nu: P, mu: P): number;
  /** Weighted average of potentials (the family is a convex cone); weights need not be normalised. */
  average(potentials: readonly P[], weights: readonly number[]): P;
  /** A length scale of the map, the smallest eigenvalue of its linear part: the scale-aware step rule uses it. */
  scale(potential: P): number;
  /** Per-coordinate standard deviations of `q` (exact or approximate), for stopping rules. */
  marginalSds(potential: P): Float64Array;
  /** Per-coordinate means of `q` (exact or approximate), for stopping rules. */
  means(potential: P): Float64Array;
}
