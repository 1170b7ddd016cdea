/**
 * Draws: a set of joint posterior (or prior, or approximate) draws keyed by
 * Stan-style flattened names.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';

/**
 * Joint draws of named scalar quantities: draw `i` of every column belongs
 * to the same joint draw.
 *
 * @example
 * ```ts
 * const draws = compiled.draws(points, { seed: 1 });
 * const { mu, tau } = draws.toObject();
 * ```
 * @category Posterior
 */
export class Draws {
  /** Names in column order (parameters, then transformed, then generated quantities). */
  readonly names: readonly string[];
  /** Number of joint draws. */
  readonly count: number;
  private readonly columns: ReadonlyMap<string, Float64Array>;

  constructor(columns: ReadonlyMap<string, Float64Array> | Record<string, Float64Array>) {
    const map = columns instanceof Map ? columns : new Map(Object.entries(columns));
    const lengths = new Set([...map.values()].map((c) => c.length));
    if (lengths.size > 1) {
      throw new BrenierError('shape-mismatch', `Draws: columns have different lengths (${[...lengths].join(', ')})`);
    }
    this.columns = map;
    this.names = [...map.keys()];
    this.count = lengths.size === 0 ? 0 : ([...lengths][0] as number);
  }

  /** The draws of one quantity, e.g. `draws.get('theta[1]')`. */
  get(name: string): Float64Array {
    const column = this.columns.get(name);
    if (column === undefined) {
      throw new BrenierError(
        'unknown-name',
        `Draws: no quantity named '${name}' (have: ${this.names.slice(0, 12).join(', ')}${this.names.length > 12 ? ', ...' : ''})`,
      );
    }
    return column;
  }

  /** Plain object of plain arrays keyed by name: `{ 'theta[1]': [...], mu: [...] }`. */
  toObject(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [name, column] of this.columns) out[name] = Array.from(column);
    return out;
  }
}
