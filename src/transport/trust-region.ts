/**
 * The trust region shared by the potential families: a step may change the
 * quadratic part of a potential by at most a factor 2 in the Loewner order.
 * It implies positive definiteness (convexity) and keeps one noisy step
 * from collapsing or exploding a direction of the map.
 *
 * @module
 */
import { cholesky } from '../math/linalg.js';

/**
 * Whether `Q / 2 < R < 2 Q` in the Loewner order, i.e. both `R - Q/2` and
 * `2Q - R` are positive definite (symmetric `d x d`, row-major).
 *
 * @internal
 */
export function withinTrustRegion(R: Float64Array, Q: Float64Array, d: number): boolean {
  try {
    cholesky(
      Float64Array.from(R, (v, i) => v - 0.5 * (Q[i] as number)),
      d,
    );
    cholesky(
      Float64Array.from(R, (v, i) => 2 * (Q[i] as number) - v),
      d,
    );
    return true;
  } catch {
    return false;
  }
}
