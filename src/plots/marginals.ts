/**
 * Marginal densities of several labelled draw sets, one panel per
 * parameter, as Gaussian kernel density estimates.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { BrenierError, describeValue } from '../core/errors.js';
import type { DrawSet } from '../diagnostics/compare.js';
import { drawColumn, drawSetNames, finiteValues, isDrawSet } from './columns.js';
import { kernelDensity, linspace, silvermanBandwidth, sortedQuantile } from './kde.js';
import { PALETTE, headerHeight, integerOption, renderFigure, sizeOption, titleOption, type Panel } from './render.js';

/** Default number of panels when no names are given. */
const DEFAULT_PANELS = 12;

/**
 * Options of {@link plotMarginals}.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotMarginals, type MarginalsOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const draws = { 'Monge-Ampère': posterior.sample(4000, { seed: 2 }) };
 * const names = ['theta[1]', 'theta[2]', 'theta[3]', 'theta[4]', 'theta[5]', 'theta[6]', 'theta[7]', 'theta[8]'];
 * const options: MarginalsOptions = { columns: 4, trim: 0.01, title: 'School effects' };
 * writeFileSync('theta.svg', plotMarginals(draws, names, options)); // 2 rows of 4 panels
 * ```
 * @category Plots
 */
export interface MarginalsOptions {
  /** Width of the figure, pixels. Default: 240 per column. */
  width?: number;
  /** Height of the figure (header included), pixels. Default: 180 per row of panels plus the header. */
  height?: number;
  /** Title; an empty string draws none. Default `'Marginal densities'`. */
  title?: string;
  /** Panels per row. Default: the number of parameters, at most 3. */
  columns?: number;
  /** Points of each density curve. Default 200. */
  gridPoints?: number;
  /**
   * Each panel's x range covers the pooled draws between the quantiles
   * `trim` and `1 - trim`, widened by three bandwidths (so that a few
   * extreme draws of a heavy tail do not squeeze the curves); the
   * densities use every draw. Default 0.005; 0 shows the full range.
   */
  trim?: number;
}

/** One density curve of one draw set for one parameter. */
interface Curve {
  set: string;
  grid: Float64Array;
  density: Float64Array;
}

/**
 * Overlaid marginal densities of several labelled draw sets (e.g. a
 * Monge-Ampère posterior's draws against NUTS draws), one panel per
 * parameter, each with its own axes. Densities are Gaussian kernel density
 * estimates with Silverman's bandwidth `0.9 min(sd, IQR / 1.34) n^(-1/5)`,
 * computed in float64 for each set on a grid shared by the sets; draws that
 * are not finite are left out.
 *
 * @example Raw and importance-resampled draws of an approximation
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotMarginals } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const svg = plotMarginals(
 *   {
 *     'Monge-Ampère': posterior.sample(4000, { seed: 2 }),
 *     'Monge-Ampère + PSIS': posterior.importanceResample(4000, { seed: 3 }),
 *     // NUTS: (await sampleNuts(eightSchools, eightSchoolsData(), { seed: 4 })).draws,
 *   },
 *   ['mu', 'tau', 'theta[1]'],
 * );
 * writeFileSync('marginals.svg', svg);
 * ```
 * @param drawSets - draw sets keyed by the label shown in the legend: each a
 *   `Draws` or a plain object of columns.
 * @param names - parameters to show, in order. Default: the names of the
 *   first set that every set has, at most 12.
 * @param options - size, title, panels per row, curve resolution, range.
 * @returns a standalone SVG document with one panel (`data-panel` = the
 *   name) per parameter and one curve per draw set in each.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `drawSets` (empty,
 *   not draw sets), a parameter missing from a set, a parameter with no
 *   finite draws, or a bad option.
 * @category Plots
 */
export function plotMarginals(
  drawSets: Readonly<Record<string, DrawSet>>,
  names?: readonly string[],
  options: MarginalsOptions = {},
): string {
  const fn = 'plotMarginals';
  if (drawSets === null || typeof drawSets !== 'object' || Array.isArray(drawSets)) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: drawSets must be an object of draw sets keyed by label, received ${describeValue(drawSets)}`,
    );
  }
  const labels = Object.keys(drawSets);
  if (labels.length === 0) throw new BrenierError('invalid-argument', `${fn}: drawSets is empty`);
  for (const label of labels) {
    if (!isDrawSet(drawSets[label])) {
      throw new BrenierError(
        'invalid-argument',
        `${fn}: drawSets['${label}'] must be a Draws or an object of columns, received ${describeValue(drawSets[label])}`,
      );
    }
  }
  const sets = labels.map((label) => ({ label, set: drawSets[label] as DrawSet }));
  const shown = names === undefined ? defaultNames(sets) : checkNames(fn, names);
  if (shown.length === 0) {
    throw new BrenierError('invalid-argument', `${fn}: the draw sets have no parameter name in common; pass names`);
  }
  const gridPoints = integerOption(fn, 'gridPoints', options.gridPoints, 200, 2, 100_000);
  const trim = options.trim ?? 0.005;
  if (typeof trim !== 'number' || !(trim >= 0 && trim < 0.5)) {
    throw new BrenierError('invalid-argument', `${fn}: options.trim must be in [0, 0.5), received ${String(trim)}`);
  }
  const columns = integerOption(fn, 'columns', options.columns, Math.min(3, shown.length), 1, 100);
  const rows = Math.ceil(shown.length / columns);
  const width = sizeOption(fn, 'width', options.width, 240 * columns);
  const colors = labels.map((_, i) => PALETTE[i % PALETTE.length] as string);
  const layout = {
    width,
    title: titleOption(options.title, 'Marginal densities'),
    legend: labels.map((label, i) => ({ label, color: colors[i] as string })),
  };
  const top = headerHeight(layout);
  const height = sizeOption(fn, 'height', options.height, top + 180 * rows);
  const panelWidth = width / columns;
  const panelHeight = (height - top) / rows;
  if (panelWidth < 80 || panelHeight < 60) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: options.width and options.height leave panels of ${Math.round(panelWidth)} x ${Math.round(panelHeight)} pixels (at least 80 x 60 needed)`,
    );
  }

  const panels: Panel[] = shown.map((name, p) => {
    const curves = densities(fn, sets, name, gridPoints, trim);
    const data: { value: number; density: number; set: string }[] = [];
    for (const c of curves) {
      c.grid.forEach((g, i) => data.push({ value: g, density: c.density[i] as number, set: c.set }));
    }
    return {
      label: name,
      x: (p % columns) * panelWidth,
      y: Math.floor(p / columns) * panelHeight,
      width: panelWidth,
      height: panelHeight,
      options: {
        marginLeft: 44,
        marginRight: 12,
        marginTop: 16,
        marginBottom: 34,
        x: { label: name, labelAnchor: 'center', labelArrow: 'none', ticks: Math.max(2, Math.floor(panelWidth / 70)) },
        y: { label: null, ticks: 3, tickFormat: '~g', domain: [0, maxDensity(curves) * 1.05] },
        color: { domain: labels, range: colors },
        marks: [
          Plot.ruleY([0], { stroke: '#bbb' }),
          Plot.line(data, { x: 'value', y: 'density', z: 'set', stroke: 'set', strokeWidth: 1.5 }),
        ],
      },
    };
  });
  return renderFigure(panels, layout);
}

function defaultNames(sets: readonly { set: DrawSet }[]): string[] {
  const first = drawSetNames((sets[0] as { set: DrawSet }).set);
  const others = sets.slice(1).map((s) => new Set(drawSetNames(s.set)));
  return first.filter((n) => others.every((o) => o.has(n))).slice(0, DEFAULT_PANELS);
}

function checkNames(fn: string, names: readonly string[]): string[] {
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    throw new BrenierError('invalid-argument', `${fn}: names must be an array of parameter names`);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new BrenierError('invalid-argument', `${fn}: names lists '${n}' twice`);
    seen.add(n);
  }
  return [...names];
}

function densities(
  fn: string,
  sets: readonly { label: string; set: DrawSet }[],
  name: string,
  gridPoints: number,
  trim: number,
): Curve[] {
  const sorted = sets.map(({ label, set }) => finiteValues(fn, drawColumn(fn, set, name, label), name, label).sort());
  const bandwidths = sorted.map(silvermanBandwidth);
  const pooled = new Float64Array(sorted.reduce((s, v) => s + v.length, 0));
  let offset = 0;
  for (const v of sorted) {
    pooled.set(v, offset);
    offset += v.length;
  }
  pooled.sort();
  const h = Math.max(...bandwidths);
  const lo = sortedQuantile(pooled, trim) - 3 * h;
  const hi = sortedQuantile(pooled, 1 - trim) + 3 * h;
  const grid = linspace(lo, hi, gridPoints);
  return sorted.map((values, i) => ({
    set: (sets[i] as { label: string }).label,
    grid,
    density: kernelDensity(values, grid, bandwidths[i] as number),
  }));
}

function maxDensity(curves: readonly Curve[]): number {
  let m = 0;
  for (const c of curves) for (const v of c.density) if (v > m) m = v;
  return m > 0 ? m : 1;
}
