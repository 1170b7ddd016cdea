/**
 * Columns of draw sets for the plots: names, checked look-ups, finite
 * values and deterministic thinning.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import type { DrawSet } from '../diagnostics/compare.js';
import type { Draws } from '../posterior/draws.js';

function isDraws(set: DrawSet): set is Draws {
  return typeof (set as Draws).get === 'function' && Array.isArray((set as Draws).names);
}

/** Whether `value` can be read as a draw set (a `Draws` or an object of columns). */
export function isDrawSet(value: unknown): value is DrawSet {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** Names of the quantities in a draw set, in order. */
export function drawSetNames(set: DrawSet): readonly string[] {
  return isDraws(set) ? set.names : Object.keys(set);
}

function listNames(names: readonly string[]): string {
  return names.length === 0
    ? '(none)'
    : `${names.slice(0, 12).join(', ')}${names.length > 12 ? `, ... (${names.length} in all)` : ''}`;
}

/**
 * The column `name` of a draw set, as float64. Throws `'invalid-argument'`
 * naming the parameter (and the set, when `setLabel` is given) when it is
 * missing or not an array of numbers.
 */
export function drawColumn(fn: string, set: DrawSet, name: string, setLabel?: string): Float64Array {
  const names = drawSetNames(set);
  const where = setLabel === undefined ? 'the draws' : `draw set '${setLabel}'`;
  if (!names.includes(name)) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: ${where} ${setLabel === undefined ? 'have' : 'has'} no parameter named '${name}' (have: ${listNames(names)})`,
    );
  }
  const column: unknown = isDraws(set) ? set.get(name) : set[name];
  if (!(column instanceof Float64Array) && !Array.isArray(column)) {
    throw new BrenierError('invalid-argument', `${fn}: column '${name}' of ${where} is not an array of numbers`);
  }
  return column instanceof Float64Array ? column : Float64Array.from(column as readonly number[]);
}

/** The finite entries of a column; throws `'invalid-argument'` when there are none. */
export function finiteValues(fn: string, column: Float64Array, name: string, setLabel?: string): Float64Array {
  const out = column.filter((v) => Number.isFinite(v));
  if (out.length === 0) {
    const where = setLabel === undefined ? '' : ` of draw set '${setLabel}'`;
    throw new BrenierError('invalid-argument', `${fn}: parameter '${name}'${where} has no finite draws`);
  }
  return out;
}

/**
 * Indices of an even, deterministic thinning of `n` draws to at most
 * `maxPoints`: `floor(i n / maxPoints)` for `i = 0, ..., maxPoints - 1`
 * (all draws when `n <= maxPoints`).
 */
export function thinIndices(n: number, maxPoints: number): Int32Array {
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i);
  return Int32Array.from({ length: maxPoints }, (_, i) => Math.floor((i * n) / maxPoints));
}

/** Smallest and largest entries of a non-empty array, widened when they are equal. */
export function extent(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) {
    const pad = Math.max(Math.abs(lo) * 1e-3, 0.5);
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}
