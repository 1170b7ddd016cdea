/**
 * Posterior summaries of {@link Draws}: mean, standard deviation, quantiles,
 * Monte Carlo standard error and effective sample size per quantity, plain
 * or importance-weighted, and a plain-text table of them.
 *
 * @module
 */
import { BrenierError } from '../core/errors.js';
import type { Draws } from '../posterior/draws.js';
import { checkVector, normalizedWeights, quantileSorted, weightedQuantileChecked, weightsEss } from './weights.js';

/**
 * One row of {@link summarizeDraws}: the summary of one named quantity.
 *
 * @example
 * ```ts
 * import { Draws, summarizeDraws, Rng, type SummaryRow } from 'brenier';
 *
 * const rng = new Rng(1);
 * const rows: SummaryRow[] = summarizeDraws(new Draws({ mu: rng.normals(1000) }));
 * const mu = rows.find((row) => row.name === 'mu');
 * console.log(mu?.mean, mu?.quantiles['95%'], mu?.mcse); // ≈ 0.0035 1.685 0.032
 * ```
 * @category Diagnostics
 */
export interface SummaryRow {
  /** Stan-style name, e.g. `'theta[2]'`. */
  name: string;
  /** Posterior mean (weighted with log weights). */
  mean: number;
  /** Posterior standard deviation (denominator `n - 1`, or its weighted analogue). */
  sd: number;
  /** Quantiles keyed by percentage, e.g. `{ '5%': ..., '50%': ..., '95%': ... }`. */
  quantiles: Record<string, number>;
  /** Monte Carlo standard error of the mean, `sd / sqrt(ess)`. */
  mcse: number;
  /**
   * Effective sample size: the number of draws, or `1 / sum w_i^2` with
   * weights, or the ESS of the mean for MCMC chains (`summarizeChains`).
   */
  ess: number;
  /** Bulk ESS, in rows of MCMC chains (`summarizeChains`); want more than 100 per chain. */
  essBulk?: number;
  /** Tail ESS, in rows of MCMC chains (`summarizeChains`); want more than 100 per chain. */
  essTail?: number;
  /** Rank-normalised split R-hat, in rows of MCMC chains (`summarizeChains`); want below 1.01. */
  rhat?: number;
}

/**
 * Options of {@link summarizeDraws}.
 *
 * @example
 * ```ts
 * import { Draws, summarizeDraws, Rng, type SummarizeDrawsOptions } from 'brenier';
 *
 * const draws = new Draws({ theta: new Rng(1).normals(4000) });
 * const options: SummarizeDrawsOptions = { probs: [0.025, 0.5, 0.975] };
 * const [theta] = summarizeDraws(draws, options);
 * console.log(theta?.quantiles); // { '2.5%': ..., '50%': ..., '97.5%': ... }
 * ```
 * @category Diagnostics
 */
export interface SummarizeDrawsOptions {
  /**
   * Log importance weights, one per draw, e.g. the smoothed `logWeights` of
   * `psis` (unnormalised is fine; `-Infinity` is a zero weight). Omit for
   * independent, equally weighted draws.
   */
  logWeights?: Float64Array | readonly number[];
  /** Probabilities of the reported quantiles, each in `[0, 1]`. Default `[0.05, 0.5, 0.95]`. */
  probs?: readonly number[];
}

/** Column label of a quantile: `0.05 -> '5%'`, `0.025 -> '2.5%'`. @internal */
export function percentLabel(p: number): string {
  return `${Number((p * 100).toFixed(10))}%`;
}

/**
 * Summarise draws, one {@link SummaryRow} per name (in `draws.names` order).
 *
 * Without weights (independent draws, e.g. from a variational
 * approximation): the sample mean, the sample sd (denominator `n - 1`),
 * type-7 quantiles (linear interpolation between order statistics, R's
 * default; see `quantile`), `ess = n` and `mcse = sd / sqrt(n)`. These
 * `ess`/`mcse` assume independent draws; they do not apply to MCMC chains,
 * whose autocorrelation they ignore.
 *
 * With `logWeights` (normalised weights `w_i`): the weighted mean
 * `sum_i w_i x_i`, the weighted sd
 * `sqrt(sum_i w_i (x_i - mean)^2 / (1 - sum_i w_i^2))`, weighted quantiles
 * (`weightedQuantile`), `ess = 1 / sum_i w_i^2` and `mcse = sd / sqrt(ess)`.
 * This `mcse` is an approximation (it ignores the dependence of the error on
 * the quantity through the weights); trust weighted summaries only when the
 * PSIS k-hat diagnosis is `'good'` or `'ok'`. With equal weights the
 * weighted summaries equal the unweighted ones.
 *
 * @example
 * ```ts
 * import { Draws, summarizeDraws, formatSummary, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const draws = new Draws({ mu: rng.normals(1000), sigma: rng.normals(1000).map((z) => Math.exp(0.2 * z)) });
 * console.log(formatSummary(summarizeDraws(draws)));
 * // name      mean     sd     5%       50%   95%     mcse   ess
 * // mu     0.00346   1.01  -1.59  -0.00261  1.69   0.0321  1000
 * // sigma     1.02  0.209  0.721         1   1.4  0.00662  1000
 * ```
 * @example Importance-weighted (PSIS) summary
 * ```ts
 * import { Draws, psis, summarizeDraws, Rng } from 'brenier';
 *
 * // x ~ q = N(0, 1.5²), weighted towards the target p = N(0, 1)
 * const rng = new Rng(1);
 * const x = Float64Array.from({ length: 1000 }, () => 1.5 * rng.normal());
 * const { logWeights } = psis(x.map((v) => -0.5 * v ** 2 + 0.5 * (v / 1.5) ** 2));
 * const [row] = summarizeDraws(new Draws({ x }), { logWeights });
 * console.log(row?.sd, row?.ess); // ≈ 1.02 824 (sd of q: 1.5)
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) when `draws` is empty,
 *   a column holds a non-finite value (naming it), `logWeights` is invalid or
 *   of the wrong length, or a probability is outside `[0, 1]`.
 * @category Diagnostics
 */
export function summarizeDraws(draws: Draws, options: SummarizeDrawsOptions = {}): SummaryRow[] {
  const n = draws.count;
  if (n === 0) throw new BrenierError('invalid-argument', 'summarizeDraws: draws holds no draws');
  const probs = options.probs ?? [0.05, 0.5, 0.95];
  for (const p of probs) {
    if (!(p >= 0 && p <= 1)) {
      throw new BrenierError('invalid-argument', `summarizeDraws: probs must lie in [0, 1], received ${p}`);
    }
  }
  let w: Float64Array | undefined;
  if (options.logWeights !== undefined) {
    checkVector('summarizeDraws', 'logWeights', options.logWeights, { allowNegativeInfinity: true });
    if (options.logWeights.length !== n) {
      throw new BrenierError(
        'invalid-argument',
        `summarizeDraws: logWeights has length ${options.logWeights.length}, but draws has ${n} draws`,
      );
    }
    w = normalizedWeights(options.logWeights);
  }
  return draws.names.map((name) => {
    const x = draws.get(name);
    checkVector('summarizeDraws', `draws '${name}'`, x);
    return w === undefined ? summarizeUnweighted(name, x, probs) : summarizeWeighted(name, x, w, probs);
  });
}

function summarizeUnweighted(name: string, x: Float64Array, probs: readonly number[]): SummaryRow {
  const n = x.length;
  let mean = 0;
  for (const v of x) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const sorted = Float64Array.from(x).sort();
  const quantiles: Record<string, number> = {};
  for (const p of probs) quantiles[percentLabel(p)] = quantileSorted(sorted, p);
  return { name, mean, sd, quantiles, mcse: sd / Math.sqrt(n), ess: n };
}

function summarizeWeighted(name: string, x: Float64Array, w: Float64Array, probs: readonly number[]): SummaryRow {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += (w[i] as number) * (x[i] as number);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (w[i] as number) * ((x[i] as number) - mean) ** 2;
  const ess = weightsEss(w);
  const denominator = 1 - 1 / ess;
  const sd = denominator > 1e-15 ? Math.sqrt(ss / denominator) : Number.NaN;
  const quantiles: Record<string, number> = {};
  for (const p of probs) quantiles[percentLabel(p)] = weightedQuantileChecked(x, w, p);
  return { name, mean, sd, quantiles, mcse: sd / Math.sqrt(ess), ess };
}

/**
 * Options of {@link formatSummary}.
 *
 * @example
 * ```ts
 * import { Draws, summarizeDraws, formatSummary, Rng, type FormatSummaryOptions } from 'brenier';
 *
 * const rows = summarizeDraws(new Draws({ mu: new Rng(1).normals(1000) }));
 * const options: FormatSummaryOptions = { digits: 2 };
 * console.log(formatSummary(rows, options));
 * ```
 * @category Diagnostics
 */
export interface FormatSummaryOptions {
  /** Significant digits of the mean, sd, quantiles and mcse. Default 3. */
  digits?: number;
}

function formatNumber(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** An ESS rounded to an integer (`NA` when absent). */
function formatCount(x: number | undefined): string {
  if (x === undefined) return 'NA';
  return Number.isFinite(x) ? String(Math.round(x)) : String(x);
}

function formatRhat(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}

const CHAIN_COLUMNS = ['ess_bulk', 'ess_tail', 'rhat'];

/**
 * Render summary rows as a plain-text table in the ArviZ-like layout, one
 * header line and one line per row:
 *
 * ```text
 * name       mean     sd     5%    50%   95%    mcse   ess
 * mu            1  0.507  0.206  0.999  1.84   0.016  1000
 * theta[1]  -2.04   3.03   -6.9     -2  3.03  0.0959  1000
 * ```
 *
 * Columns: `name` (left-aligned), then `mean`, `sd`, the quantile columns
 * (labels of the first row's quantiles), `mcse` and `ess`, right-aligned.
 * Numbers are rounded to `digits` significant digits, trailing zeros
 * dropped (`1.00` prints as `1`); `ess` is rounded to an integer.
 *
 * Rows of MCMC chains (from `summarizeChains`, which carry `rhat`) print in
 * the `posterior`/ArviZ layout, with `ess` (the ESS of the mean behind
 * `mcse`) replaced by the convergence columns `ess_bulk` and `ess_tail`
 * (integers) and `rhat` (three decimals):
 *
 * ```text
 * name   mean     sd     5%    50%   95%    mcse  ess_bulk  ess_tail   rhat
 * mu     1.02  0.993  -0.61   1.02  2.66  0.0157      3991      3957  1.001
 * ```
 *
 * This layout is used as soon as one row has `rhat`; a row without the
 * convergence values then shows `NA` in those columns.
 *
 * @param rows - output of {@link summarizeDraws} or of `summarizeChains`.
 * @param options - `digits`, a positive integer up to 21 (default 3).
 * @example
 * ```ts
 * import { Draws, summarizeDraws, formatSummary, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const draws = new Draws({ 'beta[1]': rng.normals(1000), 'beta[2]': rng.normals(1000).map((z) => 2 + 0.5 * z) });
 * console.log(formatSummary(summarizeDraws(draws, { probs: [0.1, 0.9] }), { digits: 4 }));
 * // name         mean      sd     10%    90%     mcse   ess
 * // beta[1]  0.003463   1.014  -1.262  1.311  0.03207  1000
 * // beta[2]     1.994  0.5055   1.365  2.645  0.01599  1000
 * ```
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `digits`.
 * @category Diagnostics
 */
export function formatSummary(rows: readonly SummaryRow[], options: FormatSummaryOptions = {}): string {
  const digits = options.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new BrenierError('invalid-argument', `formatSummary: digits must be an integer in 1..21, received ${digits}`);
  }
  const quantileLabels = rows.length > 0 ? Object.keys((rows[0] as SummaryRow).quantiles) : [];
  const chains = rows.some((row) => row.rhat !== undefined);
  const header = ['name', 'mean', 'sd', ...quantileLabels, 'mcse', ...(chains ? CHAIN_COLUMNS : ['ess'])];
  const body = rows.map((row) => [
    row.name,
    formatNumber(row.mean, digits),
    formatNumber(row.sd, digits),
    ...quantileLabels.map((label) => formatNumber(row.quantiles[label] ?? Number.NaN, digits)),
    formatNumber(row.mcse, digits),
    ...(chains
      ? [formatCount(row.essBulk), formatCount(row.essTail), row.rhat === undefined ? 'NA' : formatRhat(row.rhat)]
      : [formatCount(row.ess)]),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, j) => Math.max(...table.map((line) => (line[j] as string).length)));
  return table
    .map((line) =>
      line
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j] as number) : cell.padStart(widths[j] as number)))
        .join('  '),
    )
    .join('\n');
}
