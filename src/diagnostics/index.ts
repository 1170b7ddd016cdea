/**
 * Diagnostics: Pareto-smoothed importance sampling (PSIS) with its k-hat
 * reliability diagnostic, importance resampling, weighted expectations and
 * quantiles, and posterior summary tables.
 *
 * @module
 */
export { gpdFit, gpdQuantile, type GpdFit, type GpdFitOptions } from './gpd.js';
export {
  psis,
  importanceResample,
  type PsisResult,
  type PsisDiagnosis,
  type ImportanceResampleOptions,
} from './psis.js';
export {
  summarizeDraws,
  formatSummary,
  type SummaryRow,
  type SummarizeDrawsOptions,
  type FormatSummaryOptions,
} from './summary.js';
export { weightedMean, weightedSd, weightedQuantile, quantile } from './weights.js';
