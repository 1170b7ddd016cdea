/**
 * The model library (`brenier/models`): the example models, the twelve
 * posteriordb reference posteriors with their data and reference-draw
 * loaders, and synthetic targets with exact densities and exact samplers.
 *
 * @module brenier/models
 */
export { eightSchools, eightSchoolsData, EIGHT_SCHOOLS_POSTERIOR } from './eight-schools.js';
export { logisticRegression, simulateLogisticData, type SimulateLogisticOptions } from './logistic-regression.js';
export {
  hierarchicalRegression,
  simulateHierarchicalData,
  type SimulateHierarchicalOptions,
} from './hierarchical-regression.js';
export { loadPosteriorData, loadReferenceDraws, posteriordbDir, PosteriorDbMissingError } from './posteriordb.js';
export * from './targets.js';
export { loadPosteriorInfo, type PosteriorInfo } from './posteriordb.js';
export {
  posteriordbModels,
  posteriordbModel,
  type PosteriorDbEntry,
  type PosteriorShape,
} from './posteriordb-models.js';
export { kidiq, KIDIQ_POSTERIOR } from './kidiq.js';
export { earnings, EARNINGS_POSTERIOR } from './earnings.js';
export { mesquite, MESQUITE_POSTERIOR } from './mesquite.js';
export { sblrc, SBLRC_POSTERIOR } from './sblrc.js';
export { diamonds, DIAMONDS_POSTERIOR } from './diamonds.js';
export { arK, ARK_POSTERIOR } from './ark.js';
export { lowDimGaussMix, LOW_DIM_GAUSS_MIX_POSTERIOR } from './low-dim-gauss-mix.js';
export { hmmExample, HMM_EXAMPLE_POSTERIOR } from './hmm-example.js';
export { garch11, GARCH_POSTERIOR } from './garch.js';
export { gpPoisRegr, GP_POIS_REGR_POSTERIOR } from './gp-pois-regr.js';
export { lotkaVolterra, LOTKA_VOLTERRA_POSTERIOR } from './lotka-volterra.js';
