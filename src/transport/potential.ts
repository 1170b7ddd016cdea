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

/** Which discretisation of the flow a step takes. */
export type StepKind = 'mirror' | 'primal';

/**
 * Scores at the particles of one step: `x` are the source draws, `y = T(x)`
 * the particles, `scores` the target's score at each particle, all
 * row-major `[n, d]`.
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

/** The map applied to a batch of source draws. */
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
   * One projected flow step of size `eta` from the scores at the particles.
   * Throws a `NumericalError` with issue `'not-positive-definite'` when the
   * step would break convexity (the caller halves `eta`).
   */
  step(potential: P, batch: ParticleBatch, eta: number, kind: StepKind): P;
  /** Bregman divergence `D(nu || mu)` of the mirror map (section 3 of the method notes). */
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
