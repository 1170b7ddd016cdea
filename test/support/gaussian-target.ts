/**
 * A float64 Gaussian target for engine tests, without tfjs.
 *
 * @module
 */
import { inverseSpd } from '../../src/math/linalg.js';
import type { FlowTarget } from '../../src/transport/flow.js';

/** A float64 Gaussian target N(m, S): log density and scores (no tfjs). */
export function gaussianTarget(m: Float64Array, S: Float64Array, d: number): FlowTarget {
  const Sinv = inverseSpd(S, d);
  return (points, n) => {
    const logDensity = new Float64Array(n);
    const gradient = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let quad = 0;
      for (let r = 0; r < d; r++) {
        let g = 0;
        for (let c = 0; c < d; c++)
          g -= (Sinv[r * d + c] as number) * ((points[i * d + c] as number) - (m[c] as number));
        gradient[i * d + r] = g;
        quad -= g * ((points[i * d + r] as number) - (m[r] as number));
      }
      logDensity[i] = -0.5 * quad;
    }
    return { logDensity, gradient };
  };
}
