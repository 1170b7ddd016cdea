/**
 * The Pareto tail of the importance weights `pi / q` behind PSIS k-hat.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { BrenierError, describeValue } from '../core/errors.js';
import { psis, type PsisResult } from '../diagnostics/psis.js';
import type { CompiledModel } from '../model/compiled-model.js';
import type { Posterior } from '../posterior/posterior.js';
import {
  ALERT_COLOR,
  PALETTE,
  integerOption,
  renderSingle,
  sizeOption,
  titleOption,
  type LegendEntry,
} from './render.js';

/**
 * What {@link plotKhat} reads: a fitted {@link Posterior} (its importance
 * weights on fresh draws), or raw log importance ratios
 * `log pi(x_s) - log q(x_s)` at draws `x_s ~ q` from any approximation.
 *
 * @example Raw log ratios of a too-narrow proposal
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { Rng, plotKhat, type KhatSource } from 'brenier';
 *
 * // Target N(0, 1), proposal N(0, 0.4^2): the weights have a Pareto tail of shape 1 - 0.4^2 = 0.84.
 * const rng = new Rng(1);
 * const x = Array.from({ length: 4000 }, () => 0.4 * rng.normal());
 * const logRatios: KhatSource = x.map((v) => -0.5 * v * v - (-0.5 * (v / 0.4) ** 2 - Math.log(0.4)));
 * writeFileSync('khat.svg', plotKhat(logRatios)); // title: PSIS k-hat 0.78 (bad), threshold 0.70
 * ```
 * @category Plots
 */
export type KhatSource = Posterior | Float64Array | readonly number[];

/**
 * Options of {@link plotKhat}.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotKhat, type KhatPlotOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const options: KhatPlotOptions = { proposals: 8000, seed: 2, ranks: 300, title: 'Eight schools: PSIS tail' };
 * writeFileSync('khat.svg', plotKhat(posterior, options));
 * ```
 * @category Plots
 */
export interface KhatPlotOptions {
  /** Width of the figure, pixels. Default 640. */
  width?: number;
  /** Height of the figure (header included), pixels. Default 400. */
  height?: number;
  /** Title; an empty string draws none. Default: the k-hat value, its diagnosis and the threshold. */
  title?: string;
  /** Draws from q to weight (posterior source). Default: the fit's `psisDraws` setting, else 2000. */
  proposals?: number;
  /** Seed of those draws (posterior source). Default 0. */
  seed?: number;
  /**
   * A compiled model to weight with (posterior source), for a posterior
   * loaded from JSON without its model: the raw weights are then
   * `model.logDensity(x) - posterior.logDensity(x)` on the draws.
   */
  model?: CompiledModel;
  /** How many of the largest weights to show. Default: three times the tail length, at least 50. */
  ranks?: number;
}

function isPosterior(value: unknown): value is Posterior {
  return value !== null && typeof value === 'object' && typeof (value as Posterior).importanceWeights === 'function';
}

/** Indices ordering `x` by decreasing value (NaN-free input). */
function descending(x: Float64Array): Int32Array {
  return Int32Array.from({ length: x.length }, (_, i) => i).sort(
    (a, b) => (x[b] as number) - (x[a] as number) || a - b,
  );
}

function formatK(k: number): string {
  return Number.isFinite(k) ? k.toFixed(2) : String(k);
}

/**
 * The Pareto tail behind PSIS k-hat: the largest importance weights
 * `pi / q`, sorted, on log scales (log weight against rank, 1 = the
 * largest; a Pareto tail of shape k falls with slope about -k there), with
 * the generalized Pareto distribution that PSIS fits to the weights above
 * its threshold (`psis` in the diagnostics: the smoothed tail weights are
 * the fitted distribution's quantiles), the threshold as a rule, and k-hat
 * with its diagnosis and the sample-size-dependent threshold
 * `min(1 - 1 / log10(S), 0.7)` in the title. Weights are normalised to sum
 * to one after smoothing.
 *
 * For a posterior the draws and weights come from
 * `posterior.importanceWeights(proposals, { seed })`, which needs the model
 * attached (or `options.model`); its k-hat can differ from
 * `diagnostics.khat` (other draws). The raw tail weights are drawn as
 * points against the fitted tail.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotKhat } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * writeFileSync('khat.svg', plotKhat(posterior, { seed: 2 }));
 * ```
 * @example A posterior loaded from JSON, without its model
 * ```ts
 * import { readFileSync, writeFileSync } from 'node:fs';
 * import { Posterior, fitPosterior, initBackend, plotKhat } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const fitted = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * writeFileSync('posterior.json', JSON.stringify(fitted));
 * // Later, in another program:
 * const posterior = Posterior.fromJSON(readFileSync('posterior.json', 'utf8'));
 * const compiled = eightSchools.compile(eightSchoolsData());
 * writeFileSync('khat.svg', plotKhat(posterior, { proposals: 4000, seed: 2, model: compiled }));
 * ```
 * @param source - a fitted posterior, or raw log importance ratios.
 * @param options - size, title, number of draws, seed, the model, ranks shown.
 * @returns a standalone SVG document.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `source` or a bad
 *   option; `'model-required'` for a posterior without its model and no
 *   `options.model`.
 * @category Plots
 */
export function plotKhat(source: KhatSource, options: KhatPlotOptions = {}): string {
  const fn = 'plotKhat';
  const width = sizeOption(fn, 'width', options.width, 640);
  const height = sizeOption(fn, 'height', options.height, 400);
  let raw: Float64Array | undefined;
  let result: PsisResult;
  let what: string;
  if (isPosterior(source)) {
    const setting = source.diagnostics?.settings?.psisDraws;
    const proposals = integerOption(
      fn,
      'proposals',
      options.proposals,
      typeof setting === 'number' ? setting : 2000,
      25,
    );
    const seed = options.seed ?? 0;
    if (options.model !== undefined) {
      if (options.model.dimension !== source.dimension) {
        throw new BrenierError(
          'invalid-argument',
          `${fn}: options.model has dimension ${options.model.dimension}, the posterior ${source.dimension}`,
        );
      }
      // The draws importanceWeights would take, weighted with the given model.
      const points = source.sampleUnconstrained(proposals, { seed });
      const logTarget = options.model.logDensity(points);
      const logQ = source.logDensity(points);
      raw = Float64Array.from(logTarget, (v, i) => v - (logQ[i] as number));
      result = psis(raw);
    } else {
      const weights = source.importanceWeights(proposals, { seed });
      raw = weights.logRatios;
      result = weights.psis;
    }
    what = `${proposals} draws from q of ${source.modelName}`;
  } else if (source instanceof Float64Array || Array.isArray(source)) {
    raw = Float64Array.from(source);
    try {
      result = psis(raw);
    } catch (error) {
      if (error instanceof BrenierError) throw new BrenierError(error.code, `${fn}: source: ${error.message}`);
      throw error;
    }
    what = `${raw.length} log ratios`;
  } else {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: source must be a Posterior or an array of log importance ratios, received ${describeValue(source)}`,
    );
  }

  const s = result.logWeights.length;
  const m = result.tailLength;
  const shown = Math.min(s, integerOption(fn, 'ranks', options.ranks, Math.max(3 * m, 50), 2));
  const smoothedOrder = descending(result.logWeights);
  const smoothed = Float64Array.from(smoothedOrder.subarray(0, shown), (i) => result.logWeights[i] as number);

  // Raw weights on the scale of the smoothed, normalised ones: outside the
  // tail, smoothed = raw - max(raw) - c for one constant c.
  let rawSorted: Float64Array | undefined;
  let thresholdLog = smoothed[Math.min(m, shown - 1)] as number;
  if (raw !== undefined) {
    const rawValues = raw;
    const order = descending(rawValues);
    let max = -Infinity;
    for (const v of rawValues) if (v > max) max = v;
    const smallestTail = rawValues[order[Math.max(0, m - 1)] as number] as number;
    let c = 0;
    for (let r = m; r < s; r++) {
      const i = order[r] as number;
      const v = rawValues[i] as number;
      if (Number.isFinite(v) && v < smallestTail && Number.isFinite(result.logWeights[i] as number)) {
        c = v - max - (result.logWeights[i] as number);
        break;
      }
    }
    rawSorted = Float64Array.from(order.subarray(0, shown), (i) => (rawValues[i] as number) - max - c);
    if (m < s) thresholdLog = (rawValues[order[m] as number] as number) - max - c;
  }

  const fitted = Number.isFinite(result.khat);
  const bad = !(result.khat < result.threshold);
  const tailColor = bad ? ALERT_COLOR : (PALETTE[2] as string);
  const pointColor = PALETTE[0] as string;
  const marks: Plot.Markish[] = [];
  const legend: LegendEntry[] = [];
  const finite = (rows: { rank: number; y: number }[]): { rank: number; y: number }[] =>
    rows.filter((r) => Number.isFinite(r.y));
  if (rawSorted !== undefined) {
    const rows = finite(Array.from(rawSorted, (y, r) => ({ rank: r + 1, y })));
    marks.push(Plot.dot(rows, { x: 'rank', y: 'y', r: 2.2, fill: pointColor, fillOpacity: 0.7 }));
    legend.push({ label: 'raw weights', color: pointColor, kind: 'dot' });
  } else {
    const rows = finite(Array.from(smoothed.subarray(m), (y, r) => ({ rank: m + r + 1, y })));
    marks.push(Plot.dot(rows, { x: 'rank', y: 'y', r: 2.2, fill: pointColor, fillOpacity: 0.7 }));
    legend.push({ label: 'weights below the tail (raw)', color: pointColor, kind: 'dot' });
  }
  if (fitted && m > 0) {
    const tail = finite(Array.from(smoothed.subarray(0, Math.min(m, shown)), (y, r) => ({ rank: r + 1, y })));
    marks.push(Plot.line(tail, { x: 'rank', y: 'y', stroke: tailColor, strokeWidth: 2 }));
    legend.push({ label: `fitted generalized Pareto tail (k-hat ${formatK(result.khat)})`, color: tailColor });
  }
  if (Number.isFinite(thresholdLog)) {
    marks.push(Plot.ruleY([thresholdLog], { stroke: '#777', strokeDasharray: '4,3' }));
    legend.push({ label: `tail threshold (${m} largest above)`, color: '#777', kind: 'dash' });
  }
  const title = titleOption(
    options.title,
    `PSIS k-hat ${formatK(result.khat)} (${result.diagnosis}), threshold ${result.threshold.toFixed(2)}`,
  );
  const subtitle = `${what}; ${bad ? 'at or above the threshold: do not trust importance-corrected estimates' : 'below the threshold (0.7 for 2200 draws or more)'}`;
  return renderSingle(
    {
      marginLeft: 60,
      x: { type: 'log', label: 'rank (1 = largest weight)', labelAnchor: 'right', grid: true },
      y: { label: 'log weight (normalised)', grid: true },
      marks,
    },
    'khat',
    { width, title, subtitle, legend },
    height,
  );
}
