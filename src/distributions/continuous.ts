/**
 * The continuous scalar distributions: classes and factory functions.
 *
 * @module
 */
export { ScalarDistribution } from './scalar.js';
export { Normal, normal } from './normal.js';
export { LogNormal, logNormal } from './log-normal.js';
export { StudentT, studentT } from './student-t.js';
export { Cauchy, cauchy } from './cauchy.js';
export { HalfNormal, halfNormal, HalfCauchy, halfCauchy, HalfStudentT, halfStudentT } from './half.js';
export { Exponential, exponential } from './exponential.js';
export { Gamma, gamma, InverseGamma, inverseGamma, ChiSquare, chiSquare } from './gamma.js';
export { Beta, beta } from './beta.js';
export { Uniform, uniform } from './uniform.js';
export { Laplace, laplace } from './laplace.js';
export { Logistic, logistic } from './logistic.js';
export { Weibull, weibull } from './weibull.js';
