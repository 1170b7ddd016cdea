/**
 * Scatter matrix of selected parameters with histograms on the diagonal.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { BrenierError, describeValue } from '../core/errors.js';
import type { DrawSet } from '../diagnostics/compare.js';
import { drawColumn, extent, isDrawSet, thinIndices } from './columns.js';
import { PALETTE, headerHeight, integerOption, renderFigure, sizeOption, titleOption, type Panel } from './render.js';

/**
 * Options of {@link plotPairs}.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotPairs, type PairsOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const options: PairsOptions = { maxPoints: 2000, bins: 30, width: 600, height: 640 };
 * writeFileSync('pairs.svg', plotPairs(posterior.sample(4000, { seed: 2 }), ['mu', 'tau'], options));
 * ```
 * @category Plots
 */
export interface PairsOptions {
  /** Width of the figure, pixels. Default: 150 per parameter plus the axes. */
  width?: number;
  /** Height of the figure (header included), pixels. Default: 150 per parameter plus the axes and the header. */
  height?: number;
  /** Title; an empty string draws none. Default `'Pairs'`. */
  title?: string;
  /**
   * At most this many joint draws in each scatter panel: longer sets are
   * thinned evenly and deterministically, keeping draws
   * `floor(i n / maxPoints)`. Histograms use every draw. Default 1000.
   */
  maxPoints?: number;
  /** Bins of each histogram. Default 20. */
  bins?: number;
}

/** Room for the left axis and the bottom axis of the outer panels, pixels. */
const LEFT = 50;
const BOTTOM = 36;
/** Margin around every panel's plotting area, pixels. */
const GAP = 4;

/**
 * A scatter matrix of `k` parameters: panel (i, j) plots parameter `j`
 * (x) against parameter `i` (y) for each joint draw, and the diagonal
 * panels show each parameter's histogram. Panels of one column share the x
 * range, panels of one row the y range; the axes are drawn on the bottom
 * row and the left column. Joint draws with a non-finite value among the
 * `k` are left out.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotPairs } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const draws = posterior.sample(4000, { seed: 2 });
 * const svg = plotPairs(draws, ['mu', 'tau', 'theta[1]'], { maxPoints: 500 });
 * writeFileSync('pairs.svg', svg);
 * ```
 * @param draws - a `Draws` (e.g. `posterior.sample(...)`, `run.draws`) or a
 *   plain object of columns.
 * @param names - the parameters, in order (at least one, no repeats).
 * @param options - size, title, points per scatter, bins.
 * @returns a standalone SVG document with `k * k` panels.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `draws`, `names`,
 *   an unknown parameter name, or a bad option.
 * @category Plots
 */
export function plotPairs(draws: DrawSet, names: readonly string[], options: PairsOptions = {}): string {
  const fn = 'plotPairs';
  if (!isDrawSet(draws)) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: draws must be a Draws or an object of columns, received ${describeValue(draws)}`,
    );
  }
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) {
    throw new BrenierError('invalid-argument', `${fn}: names must be a non-empty array of parameter names`);
  }
  if (new Set(names).size !== names.length) {
    throw new BrenierError('invalid-argument', `${fn}: names must not repeat a parameter`);
  }
  const k = names.length;
  const maxPoints = integerOption(fn, 'maxPoints', options.maxPoints, 1000, 1);
  const bins = integerOption(fn, 'bins', options.bins, 20, 1, 10_000);
  const columnsRaw = names.map((name) => drawColumn(fn, draws, name));
  // Joint draws whose k values are all finite.
  const n = (columnsRaw[0] as Float64Array).length;
  const keep: number[] = [];
  for (let s = 0; s < n; s++) if (columnsRaw.every((c) => Number.isFinite(c[s] as number))) keep.push(s);
  if (keep.length === 0) {
    throw new BrenierError('invalid-argument', `${fn}: no joint draw has finite values of all of ${names.join(', ')}`);
  }
  const columns = columnsRaw.map((c) => Float64Array.from(keep, (s) => c[s] as number));
  const domains = columns.map(extent);
  const thinned = thinIndices(keep.length, maxPoints);
  const points = Array.from(thinned, (s) => columns.map((c) => c[s] as number));

  const layout = {
    width: 0,
    title: titleOption(options.title, 'Pairs'),
    subtitle: `${keep.length} draws${thinned.length < keep.length ? `, ${thinned.length} shown in the scatter panels` : ''}`,
  };
  const width = sizeOption(fn, 'width', options.width, LEFT + k * (150 + 2 * GAP));
  layout.width = width;
  const top = headerHeight(layout);
  const height = sizeOption(fn, 'height', options.height, top + BOTTOM + k * (150 + 2 * GAP));
  const cellWidth = (width - LEFT) / k;
  const cellHeight = (height - top - BOTTOM) / k;
  if (cellWidth - 2 * GAP < 30 || cellHeight - 2 * GAP < 30) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: options.width and options.height leave panels of ${Math.round(cellWidth)} x ${Math.round(cellHeight)} pixels for ${k} parameters (at least 38 x 38 needed)`,
    );
  }
  const color = PALETTE[0] as string;
  const panels: Panel[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const left = j === 0 ? LEFT : 0;
      const bottom = i === k - 1 ? BOTTOM : 0;
      const xName = names[j] as string;
      const yName = names[i] as string;
      const xAxis = {
        domain: domains[j],
        axis: i === k - 1 ? ('bottom' as const) : null,
        label: xName,
        labelAnchor: 'center' as const,
        labelArrow: 'none' as const,
        ticks: Math.max(2, Math.floor(cellWidth / 60)),
      };
      const frame = Plot.frame({ stroke: '#ccc' });
      let options: Plot.PlotOptions;
      if (i === j) {
        const hist = histogram(columns[i] as Float64Array, domains[i] as [number, number], bins);
        options = {
          x: xAxis,
          y: { axis: null, domain: [0, Math.max(1, ...hist.map((b) => b.count)) * 1.05] },
          marks: [
            frame,
            Plot.rectY(hist, { x1: 'x1', x2: 'x2', y: 'count', fill: color, fillOpacity: 0.6, inset: 0.5 }),
            Plot.text([xName], { frameAnchor: 'top-left', dx: 4, dy: 4, text: (d: string) => d, fontWeight: 'bold' }),
          ],
        };
      } else {
        options = {
          x: xAxis,
          y: {
            domain: domains[i],
            axis: j === 0 ? ('left' as const) : null,
            label: yName,
            labelAnchor: 'center' as const,
            labelArrow: 'none' as const,
            ticks: Math.max(2, Math.floor(cellHeight / 50)),
          },
          marks: [
            frame,
            Plot.dot(points, {
              x: (p: number[]) => p[j],
              y: (p: number[]) => p[i],
              r: 1.2,
              fill: color,
              fillOpacity: 0.35,
            }),
          ],
        };
      }
      panels.push({
        label: i === j ? xName : `${yName} vs ${xName}`,
        x: j === 0 ? 0 : LEFT + j * cellWidth,
        y: i * cellHeight,
        width: cellWidth + left,
        height: cellHeight + bottom,
        options: {
          ...options,
          marginLeft: GAP + left,
          marginRight: GAP,
          marginTop: GAP,
          marginBottom: GAP + bottom,
        },
      });
    }
  }
  return renderFigure(panels, layout);
}

/** Counts of `values` in `bins` equal bins over `domain` (the last bin closed). */
function histogram(
  values: Float64Array,
  domain: [number, number],
  bins: number,
): { x1: number; x2: number; count: number }[] {
  const [lo, hi] = domain;
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / w)));
    counts[b] = (counts[b] as number) + 1;
  }
  return counts.map((count, b) => ({ x1: lo + b * w, x2: lo + (b + 1) * w, count }));
}
