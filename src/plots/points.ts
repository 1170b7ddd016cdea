/**
 * 2-D point sets overlaid in one scatter plot: data against draws of a
 * fitted map, or several methods' draws.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { BrenierError, describeValue } from '../core/errors.js';
import { PALETTE, integerOption, renderSingle, sizeOption, titleOption } from './render.js';

/**
 * Options of {@link plotPoints}.
 *
 * @example
 * ```ts
 * import { plotPoints, Rng, type PointsOptions } from 'brenier';
 *
 * const rng = new Rng(1);
 * const cloud = Array.from({ length: 300 }, () => [rng.normal(), rng.normal()]);
 * const options: PointsOptions = { title: 'A cloud', labels: ['x', 'y'], maxPoints: 200 };
 * const svg = plotPoints({ cloud }, options);
 * ```
 * @category Plots
 */
export interface PointsOptions {
  /** Width of the figure, pixels. Default 560. */
  width?: number;
  /** Height of the figure (header included), pixels. Default 560. */
  height?: number;
  /** Title; an empty string draws none. Default `'Points'`. */
  title?: string;
  /** Axis labels. Default `['y[1]', 'y[2]']`. */
  labels?: [string, string];
  /** At most this many points of each set, thinned evenly (every `n / maxPoints`-th). Default 1000. */
  maxPoints?: number;
}

function pointSet(fn: string, name: string, value: unknown): number[][] {
  if (!Array.isArray(value) || value.length === 0)
    throw new BrenierError(
      'invalid-argument',
      `${fn}: set '${name}' must be a non-empty array of [x, y] points, received ${describeValue(value)}`,
    );
  value.forEach((point: unknown, i) => {
    if (!Array.isArray(point) || point.length !== 2 || !point.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new BrenierError(
        'invalid-argument',
        `${fn}: set '${name}', point ${i}: expected two finite numbers, received ${describeValue(point)}`,
      );
  });
  return value as number[][];
}

/**
 * Several sets of 2-D points in one scatter plot, one colour each (in the
 * order given), e.g. the data a map was fitted to and draws of the map.
 * Long sets are thinned evenly and deterministically.
 *
 * @example Data against draws of a learned map
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitGenerative, plotPoints, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const data = Array.from({ length: 2000 }, () => {
 *   const a = rng.normal();
 *   return [a, 0.5 * a + rng.normal()];
 * });
 * const map = await fitGenerative(data, { seed: 1 });
 * writeFileSync('points.svg', plotPoints({ data, generated: map.sample(2000, { seed: 2 }) }));
 * ```
 * @param sets - named arrays of `[x, y]` points.
 * @param options - size, title, axis labels, points per set.
 * @returns a standalone SVG document with one dot per shown point.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming the set and the
 *   point that is not two finite numbers, or a bad option.
 * @category Plots
 */
export function plotPoints(
  sets: Readonly<Record<string, readonly (readonly number[])[]>>,
  options: PointsOptions = {},
): string {
  const fn = 'plotPoints';
  if (sets === null || typeof sets !== 'object' || Object.keys(sets).length === 0)
    throw new BrenierError(
      'invalid-argument',
      `${fn}: sets must be an object of named point arrays, received ${describeValue(sets)}`,
    );
  const width = sizeOption(fn, 'width', options.width, 560);
  const height = sizeOption(fn, 'height', options.height, 560);
  const maxPoints = integerOption(fn, 'maxPoints', options.maxPoints, 1000, 1);
  const names = Object.keys(sets);
  const colors = names.map((_, k) => PALETTE[k % PALETTE.length] as string);
  const rows: { x: number; y: number; set: string }[] = [];
  for (const name of names) {
    const points = pointSet(fn, name, sets[name]);
    const shown = Math.min(points.length, maxPoints);
    for (let i = 0; i < shown; i++) {
      const point = points[Math.floor((i * points.length) / shown)] as number[];
      rows.push({ x: point[0] as number, y: point[1] as number, set: name });
    }
  }
  const [xLabel, yLabel] = options.labels ?? ['y[1]', 'y[2]'];
  return renderSingle(
    {
      marginLeft: 56,
      x: { label: xLabel, labelAnchor: 'center', grid: true },
      y: { label: yLabel, labelAnchor: 'center', grid: true },
      color: { domain: names, range: colors },
      marks: [Plot.dot(rows, { x: 'x', y: 'y', r: 1.5, fill: 'set', fillOpacity: 0.5 })],
    },
    'points',
    {
      width,
      title: titleOption(options.title, 'Points'),
      subtitle: names
        .map((name) => `${name}: ${Math.min(sets[name]?.length ?? 0, maxPoints)} of ${sets[name]?.length ?? 0}`)
        .join(', '),
      legend: names.map((name, k) => ({ label: name, color: colors[k] as string, kind: 'dot' as const })),
    },
    height,
  );
}
