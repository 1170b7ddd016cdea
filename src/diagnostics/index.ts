/**
 * Diagnostics: Pareto-smoothed importance sampling (PSIS) with its k-hat
 * reliability diagnostic, importance resampling, weighted expectations and
 * quantiles, MCMC convergence diagnostics (rank-normalised R-hat, bulk and
 * tail ESS, Monte Carlo standard errors), and posterior summary tables.
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
export {
  rhat,
  rhatBasic,
  rhatBulk,
  rhatTail,
  essBasic,
  essBulk,
  essTail,
  essMean,
  essQuantile,
  mcseMean,
  mcseQuantile,
  summarizeChains,
  type Chains,
  type ChainSummaryRow,
  type SummarizeChainsOptions,
} from './convergence.js';
export { autocovariance } from './fft.js';
export { weightedMean, weightedSd, weightedQuantile, quantile } from './weights.js';
export { compare, type CompareOptions, type CompareResult, type ParameterComparison, type DrawSet } from './compare.js';
