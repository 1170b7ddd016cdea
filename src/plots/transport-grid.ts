/**
 * The transport map of a 2-D posterior drawn as the image of a regular
 * grid of source points.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { BrenierError, describeValue } from '../core/errors.js';
import { flatNames } from '../model/names.js';
import { TransportMap } from '../generative/transport-map.js';
import type { Posterior } from '../posterior/posterior.js';
import { integerOption, PALETTE, renderSingle, sizeOption, titleOption } from './render.js';

/**
 * Options of {@link plotTransportGrid}.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotTransportGrid, type TransportGridOptions } from 'brenier';
 * import { banana } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(banana, {}, { family: 'ridge', seed: 1 });
 * const options: TransportGridOptions = { lines: 15, radius: 3, resolution: 100, samples: 2000, seed: 2 };
 * writeFileSync('transport.svg', plotTransportGrid(posterior, options));
 * ```
 * @category Plots
 */
export interface TransportGridOptions {
  /** Width of the figure, pixels. Default 560. */
  width?: number;
  /** Height of the figure (header included), pixels. Default 560. */
  height?: number;
  /** Title; an empty string draws none. Default: what the plot shows and the model's name. */
  title?: string;
  /** Grid lines in each direction, `G` (the plot draws `2 G` curves). Default 9. */
  lines?: number;
  /** The grid spans `[-radius, radius]^2` in the source N(0, I). Default 2.5. */
  radius?: number;
  /** Points along each grid line. Default 60. */
  resolution?: number;
  /** Draws from the posterior shown as a scatter behind the grid (0 for none). Default 500. */
  samples?: number;
  /** Seed of those draws. Default 0. */
  seed?: number;
}

/** A learned map applied to row-major `[n, 2]` source points. */
function mapRows(map: TransportMap, x: Float64Array): Float64Array {
  const rows = Array.from({ length: x.length / 2 }, (_, i) => [x[2 * i] as number, x[2 * i + 1] as number]);
  return Float64Array.from(map.transform(rows).flat());
}

/** One point of one pushed-forward grid line. */
interface GridPoint {
  u1: number;
  u2: number;
  line: string;
  family: string;
}

/** Labels of the two unconstrained coordinates: the name, or "name (unconstrained)" for a constrained one. */
function coordinateLabels(posterior: Posterior): [string, string] {
  const labels: string[] = [];
  for (const p of posterior.space.parameters) {
    const names = flatNames(p.name, p.shape).names;
    if (p.constraint.type === 'real' && names.length === p.size) labels.push(...names);
    else if (p.size === 1) labels.push(`${p.name} (unconstrained)`);
    else for (let j = 1; j <= p.size; j++) labels.push(`${p.name} (unconstrained ${j})`);
  }
  return [labels[0] ?? 'z[1]', labels[1] ?? 'z[2]'];
}

/**
 * The transport map `T` of a posterior of a 2-D model, drawn as the image
 * of a regular grid of source points: `G` lines of constant `x1` and `G`
 * lines of constant `x2` across `[-radius, radius]^2` in the source
 * N(0, I), each pushed through `T` ({@link Posterior.transform}) into the
 * model's unconstrained space, over a scatter of posterior draws. Straight,
 * evenly spaced images mean an affine map (a Gaussian approximation); bent
 * or unevenly spaced ones show where the map stretches and curves the
 * source (e.g. the ridge family on a skewed posterior). A
 * {@link TransportMap} from {@link fitGenerative} is drawn the same way, in
 * data space, over its generated draws.
 *
 * @example The banana: a ridge map against a Gaussian (affine) one
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotTransportGrid } from 'brenier';
 * import { banana } from 'brenier/models';
 *
 * await initBackend();
 * for (const family of ['gaussian', 'ridge'] as const) {
 *   const posterior = await fitPosterior(banana, {}, { family, seed: 1 });
 *   writeFileSync(`transport-${family}.svg`, plotTransportGrid(posterior, { lines: 11, radius: 3 }));
 * }
 * ```
 * @example A map learned from samples
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitGenerative, plotTransportGrid, Rng } from 'brenier';
 *
 * const rng = new Rng(1);
 * const samples = Array.from({ length: 2000 }, () => {
 *   const a = rng.normal();
 *   return [a, a * a + 0.5 * rng.normal()];
 * });
 * const map = await fitGenerative(samples, { family: 'ridge', estimator: 'score-matching', fourierFeatures: 100, seed: 1 });
 * writeFileSync('learned-map.svg', plotTransportGrid(map));
 * ```
 * @param posterior - a single-map posterior of a model with two unconstrained dimensions, or a
 *   2-D {@link TransportMap}.
 * @param options - size, title, grid lines, radius, resolution, draws, seed.
 * @returns a standalone SVG document with `2 G` curves and the draws.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `posterior` when
 *   its dimension is not 2 or it is a mixture of maps (`iterate: 'mixture'`),
 *   or naming a bad option.
 * @category Plots
 */
export function plotTransportGrid(posterior: Posterior | TransportMap, options: TransportGridOptions = {}): string {
  const fn = 'plotTransportGrid';
  const learned = posterior instanceof TransportMap;
  if (posterior === null || typeof posterior !== 'object' || typeof posterior.transform !== 'function') {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: posterior must be a Posterior or a TransportMap, received ${describeValue(posterior)}`,
    );
  }
  if (posterior.dimension !== 2) {
    throw new BrenierError(
      'invalid-argument',
      learned
        ? `${fn}: the transport map has ${posterior.dimension} dimensions; the transport grid needs 2`
        : `${fn}: posterior has ${posterior.dimension} unconstrained dimensions; the transport grid needs a 2-D model`,
    );
  }
  const width = sizeOption(fn, 'width', options.width, 560);
  const height = sizeOption(fn, 'height', options.height, 560);
  const g = integerOption(fn, 'lines', options.lines, 9, 2, 200);
  const resolution = integerOption(fn, 'resolution', options.resolution, 60, 2, 10_000);
  const samples = integerOption(fn, 'samples', options.samples, 500, 0, 1_000_000);
  const radius = options.radius ?? 2.5;
  if (typeof radius !== 'number' || !(radius > 0) || !Number.isFinite(radius)) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: options.radius must be a positive number, received ${String(radius)}`,
    );
  }

  // Source points: line l of family f (0: x1 constant, 1: x2 constant),
  // point t along it; one call of the map for all of them.
  const level = (i: number, n: number): number => -radius + (2 * radius * i) / (n - 1);
  const x = new Float64Array(2 * g * resolution * 2);
  let row = 0;
  for (let f = 0; f < 2; f++) {
    for (let l = 0; l < g; l++) {
      for (let t = 0; t < resolution; t++) {
        const c = level(l, g);
        const along = level(t, resolution);
        x[2 * row] = f === 0 ? c : along;
        x[2 * row + 1] = f === 0 ? along : c;
        row++;
      }
    }
  }
  let y: Float64Array;
  try {
    y = learned ? mapRows(posterior, x) : posterior.transform(x);
  } catch (error) {
    if (error instanceof BrenierError) throw new BrenierError(error.code, `${fn}: posterior: ${error.message}`);
    throw error;
  }
  const families = ['x1 constant', 'x2 constant'];
  const points: GridPoint[] = [];
  row = 0;
  for (let f = 0; f < 2; f++) {
    for (let l = 0; l < g; l++) {
      const line = `${f === 0 ? 'x1' : 'x2'} = ${level(l, g).toFixed(2)}`;
      for (let t = 0; t < resolution; t++) {
        points.push({ u1: y[2 * row] as number, u2: y[2 * row + 1] as number, line, family: families[f] as string });
        row++;
      }
    }
  }
  const draws =
    samples > 0
      ? (() => {
          const z = learned
            ? Float64Array.from(posterior.sample(samples, { seed: options.seed ?? 0 }).flat())
            : posterior.sampleUnconstrained(samples, { seed: options.seed ?? 0 });
          return Array.from({ length: samples }, (_, i) => ({ u1: z[2 * i] as number, u2: z[2 * i + 1] as number }));
        })()
      : [];
  const [label1, label2] = learned ? ['y[1]', 'y[2]'] : coordinateLabels(posterior);
  const colors = [PALETTE[0] as string, PALETTE[2] as string];
  const marks: Plot.Markish[] = [];
  if (draws.length > 0) marks.push(Plot.dot(draws, { x: 'u1', y: 'u2', r: 1.3, fill: '#999', fillOpacity: 0.45 }));
  marks.push(Plot.line(points, { x: 'u1', y: 'u2', z: 'line', stroke: 'family', strokeWidth: 1.2 }));
  return renderSingle(
    {
      marginLeft: 56,
      x: { label: label1, labelAnchor: 'center', grid: true },
      y: { label: label2, labelAnchor: 'center', grid: true },
      color: { domain: families, range: colors },
      marks,
    },
    'transport-grid',
    {
      width,
      title: titleOption(
        options.title,
        learned ? 'Transport map learned from samples' : `Transport map of ${posterior.modelName}`,
      ),
      subtitle: `image of a ${g} x ${g} grid over [-${radius}, ${radius}]^2 in the source N(0, I), ${learned ? 'in data space' : 'in the unconstrained space'}`,
      legend: [
        { label: 'image of a line of constant x1', color: colors[0] as string },
        { label: 'image of a line of constant x2', color: colors[1] as string },
        ...(draws.length > 0
          ? [
              {
                label: `${draws.length} ${learned ? 'generated' : 'posterior'} draws`,
                color: '#999',
                kind: 'dot' as const,
              },
            ]
          : []),
      ],
    },
    height,
  );
}
