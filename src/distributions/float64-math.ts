/**
 * Float64 logistic helpers of the logit-parameterised distributions
 * (means, variances and samplers). Internal to the distribution library.
 *
 * @module
 */

/**
 * Logistic sigmoid `1 / (1 + exp(-x))` in float64, stable for large `|x|`.
 *
 * @internal
 */
export function sigmoid64(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
