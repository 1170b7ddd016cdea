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
 * import { initBackend } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const compiled = eightSchools.compile(eightSchoolsData());
 * const points = new Float64Array(3 * compiled.dimension); // 3 unconstrained points, all at the origin
 * const draws = compiled.draws(points, { seed: 1 });
 * console.log(draws.count, draws.names.length); // 3 18 (theta_trans[1..8], mu, tau, theta[1..8])
 * console.log(draws.get('tau')); // [1, 1, 1]: tau = exp(0)
 * const { mu, tau } = draws.toObject(); // plain arrays
 * ```
 * @example From columns
 * ```ts
 * import { Draws } from 'brenier';
 *
 * const draws = new Draws({ mu: Float64Array.of(0.1, 0.3), sigma: Float64Array.of(1.2, 0.9) });
 * console.log(draws.toObject()); // { mu: [0.1, 0.3], sigma: [1.2, 0.9] }
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
