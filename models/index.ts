/**
 * Example models written in the DSL.
 *
 * @module
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
