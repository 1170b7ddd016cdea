/**
 * Typed errors. Every error the toolkit throws on bad input or numerical
 * trouble is one of these, so callers can `instanceof`-check them, and each
 * names the culprit (a data field, a parameter, a distribution argument).
 *
 * @module
 */

/**
 * Base class of every error thrown by the toolkit. Its `code` tells the
 * kind (`'data-validation'`, `'numerical'`, `'invalid-argument'`, ...), its
 * subclass adds the culprit's name.
 *
 * @example
 * ```ts
 * import { BrenierError, initBackend } from 'brenier';
 * import { eightSchools } from 'brenier/models';
 *
 * await initBackend();
 * try {
 *   eightSchools.compile({ J: 8 }); // y and sigma missing
 * } catch (error) {
 *   if (!(error instanceof BrenierError)) throw error;
 *   console.log(error.code); // 'data-validation'
 *   console.log(error.message);
 *   // data field 'y': expected a real array of shape [J], received nothing (the field is missing)
 * }
 * ```
 * @category Errors
 */
export class BrenierError extends Error {
  /** Stable machine-readable code, e.g. `'data-validation'`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A model specification is malformed: unknown constraint name, a shape that
 * refers to an unknown data field, a duplicated name, a bad bound.
 *
 * @example
 * ```ts
 * import { ModelDefinitionError, defineModel, normal, param } from 'brenier';
 *
 * try {
 *   // 'K' is not declared as an integer data field
 *   defineModel({ params: { beta: param.real('K') }, logDensity: ({ beta }) => normal(0, 1).logProb(beta) });
 * } catch (error) {
 *   if (error instanceof ModelDefinitionError) console.log(error.entry); // 'beta'
 * }
 * ```
 * @category Errors
 */
export class ModelDefinitionError extends BrenierError {
  /** The parameter, data field or spec entry at fault. */
  readonly entry: string;
  constructor(entry: string, message: string) {
    super('model-definition', `${entry}: ${message}`);
    this.entry = entry;
  }
}

/**
 * Data bound to a model do not match its schema: a missing field, a wrong
 * type or shape, a non-finite or out-of-bounds value.
 *
 * @example
 * ```ts
 * import { DataValidationError, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const data = { ...eightSchoolsData(), sigma: [15, 10, 16, 11, 9, 11, 10, -18] };
 * try {
 *   eightSchools.compile(data); // sigma is declared data.vector('J', { lower: 0 })
 * } catch (error) {
 *   if (!(error instanceof DataValidationError)) throw error;
 *   console.log(error.field, error.expected, error.received); // sigma[8] a value >= 0 -18
 * }
 * ```
 * @category Errors
 */
export class DataValidationError extends BrenierError {
  /** Path of the offending field, e.g. `'y'` or `'X[3,2]'`. */
  readonly field: string;
  /** What the schema expected, in words. */
  readonly expected: string;
  /** What was received, in words. */
  readonly received: string;
  constructor(field: string, expected: string, received: string) {
    super('data-validation', `data field '${field}': expected ${expected}, received ${received}`);
    this.field = field;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * A parameter value given by the user (an initial point, a point at which to
 * evaluate the log density) has the wrong shape or lies outside its
 * constraint's support.
 *
 * @example
 * ```ts
 * import { ParameterValueError, initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * try {
 *   compiled.logDensityAt({ mu: 0, tau: -1, theta_trans: [0, 0, 0, 0, 0, 0, 0, 0] });
 * } catch (error) {
 *   if (error instanceof ParameterValueError) console.log(error.parameter, error.expected); // tau positive
 * }
 * ```
 * @category Errors
 */
export class ParameterValueError extends BrenierError {
  /** Name of the offending parameter, e.g. `'tau'` or `'theta[3]'`. */
  readonly parameter: string;
  /** What was expected, in words. */
  readonly expected: string;
  constructor(parameter: string, expected: string, received: string) {
    super('parameter-value', `parameter '${parameter}': expected ${expected}, received ${received}`);
    this.parameter = parameter;
    this.expected = expected;
  }
}

/**
 * Tensors that should broadcast against each other inside a log density do
 * not, or a log-density term lacks the leading particle axis.
 *
 * @example A log density that sums over the particle axis
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { ShapeMismatchError, data, defineModel, initBackend, normal, param } from 'brenier';
 *
 * await initBackend();
 * const model = defineModel({
 *   data: { N: data.int(), y: data.vector('N') },
 *   params: { mu: param.real() },
 *   logDensity: ({ mu }, { y }) => tf.sum(normal(mu, 1).logProb(y)), // wrong: use the [N, n] term as is
 * });
 * try {
 *   model.compile({ N: 3, y: [1, 2, 3] });
 * } catch (error) {
 *   if (error instanceof ShapeMismatchError) console.log(error.where); // "model 'model', log density result"
 * }
 * ```
 * @category Errors
 */
export class ShapeMismatchError extends BrenierError {
  /** What was being combined, e.g. `'log density term 2'`. */
  readonly where: string;
  constructor(where: string, message: string) {
    super('shape-mismatch', `${where}: ${message}`);
    this.where = where;
  }
}

/**
 * A distribution was given an argument outside its domain (a negative scale,
 * probabilities that do not sum to one, a non-integer count).
 *
 * @example
 * ```ts
 * import { DistributionArgumentError, normal } from 'brenier';
 *
 * try {
 *   normal(0, -1);
 * } catch (error) {
 *   if (error instanceof DistributionArgumentError) console.log(error.distribution, error.argument); // Normal scale
 * }
 * ```
 * @category Errors
 */
export class DistributionArgumentError extends BrenierError {
  /** The distribution, e.g. `'Normal'`. */
  readonly distribution: string;
  /** The argument, e.g. `'scale'`. */
  readonly argument: string;
  constructor(distribution: string, argument: string, expected: string, received: string) {
    super('distribution-argument', `${distribution}: argument '${argument}' must be ${expected}, received ${received}`);
    this.distribution = distribution;
    this.argument = argument;
  }
}

/**
 * Kinds of numerical trouble the toolkit detects.
 *
 * @example
 * ```ts
 * import { NumericalError, type NumericalIssue } from 'brenier';
 *
 * function explain(error: NumericalError): string {
 *   const issue: NumericalIssue = error.issue;
 *   switch (issue) {
 *     case 'nan-log-density':
 *     case 'positive-infinite-log-density':
 *       return 'check the log density where the error says (a term, a particle)';
 *     case 'non-finite-gradient':
 *       return 'the score overflowed: look at the coordinate named in error.details';
 *     default:
 *       return error.message;
 *   }
 * }
 * ```
 */
export type NumericalIssue =
  'nan-log-density' | 'positive-infinite-log-density' | 'non-finite-gradient' | 'not-positive-definite' | 'diverged';

/**
 * Numerical trouble: a NaN or +Infinity log density, a non-finite score, a
 * matrix that lost positive definiteness. Never returned as a quiet wrong
 * answer.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { NumericalError, defineModel, initBackend, param } from 'brenier';
 *
 * await initBackend();
 * // log(1 - x) is NaN for x > 1: a bug a constraint (param.upper(1)) would prevent.
 * const model = defineModel({ params: { x: param.real() }, logDensity: ({ x }) => tf.log(tf.sub(1, x)) });
 * const compiled = model.compile();
 * try {
 *   compiled.logDensity([[0], [2]]);
 * } catch (error) {
 *   if (!(error instanceof NumericalError)) throw error;
 *   console.log(error.issue, error.details); // nan-log-density { particle: 1 }
 * }
 * ```
 * @category Errors
 */
export class NumericalError extends BrenierError {
  /** What went wrong. */
  readonly issue: NumericalIssue;
  /** Extra context: the particle index, the term, the coordinate name. */
  readonly details: Readonly<Record<string, unknown>>;
  constructor(issue: NumericalIssue, message: string, details: Record<string, unknown> = {}) {
    super('numerical', message);
    this.issue = issue;
    this.details = details;
  }
}

/**
 * The requested computation backend cannot be loaded, or no backend has been
 * initialised yet (call `await initBackend()` first).
 *
 * @example
 * ```ts
 * import { BackendError, initBackend } from 'brenier';
 *
 * try {
 *   await initBackend('tensorflow');
 * } catch (error) {
 *   if (!(error instanceof BackendError)) throw error;
 *   await initBackend('wasm'); // @tensorflow/tfjs-node is not installed
 * }
 * ```
 * @category Errors
 */
export class BackendError extends BrenierError {
  constructor(message: string) {
    super('backend', message);
  }
}

/** Short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a typed array of length ${(value as Float64Array).length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
