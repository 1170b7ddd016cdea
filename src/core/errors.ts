/**
 * Typed errors. Every error the toolkit throws on bad input or numerical
 * trouble is one of these, so callers can `instanceof`-check them, and each
 * names the culprit (a data field, a parameter, a distribution argument).
 *
 * @module
 */

/** Base class of every error thrown by the toolkit. */
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

/** Kinds of numerical trouble the toolkit detects. */
export type NumericalIssue =
  'nan-log-density' | 'positive-infinite-log-density' | 'non-finite-gradient' | 'not-positive-definite' | 'diverged';

/**
 * Numerical trouble: a NaN or +Infinity log density, a non-finite score, a
 * matrix that lost positive definiteness. Never returned as a quiet wrong
 * answer.
 *
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
