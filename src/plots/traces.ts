/**
 * Traces of a fit: the ELBO per step with its Monte Carlo band and the
 * rejected steps, and the mirror step's cumulative regret against its bound.
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { BrenierError, describeValue } from '../core/errors.js';
import type { FitDiagnostics, Posterior } from '../posterior/posterior.js';
import { ALERT_COLOR, PALETTE, renderSingle, sizeOption, titleOption, type LegendEntry } from './render.js';

/**
 * What the trace plots read: a fitted {@link Posterior} or its
 * {@link FitDiagnostics} (e.g. from a saved posterior's JSON).
 *
 * @example Plot the trace of a saved fit
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotElboTrace, type FitTraceSource, type PosteriorJson } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const saved = JSON.stringify(posterior); // e.g. written to a file
 * const source: FitTraceSource = (JSON.parse(saved) as PosteriorJson).diagnostics;
 * writeFileSync('elbo.svg', plotElboTrace(source));
 * ```
 * @category Plots
 */
export type FitTraceSource = Posterior | FitDiagnostics;

/**
 * Options of {@link plotElboTrace} and {@link plotRegretTrace}.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotRegretTrace, type TracePlotOptions } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const options: TracePlotOptions = { width: 800, height: 300, title: '' }; // no title
 * writeFileSync('regret.svg', plotRegretTrace(posterior, options));
 * ```
 * @category Plots
 */
export interface TracePlotOptions {
  /** Width of the figure, pixels. Default 640. */
  width?: number;
  /** Height of the figure (header included), pixels. Default 400. */
  height?: number;
  /** Title; an empty string draws none. Default: what the plot shows, with the model's name for a posterior. */
  title?: string;
}

function isPosterior(value: unknown): value is Posterior {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Posterior).sample === 'function' &&
    typeof (value as Posterior).diagnostics === 'object'
  );
}

function diagnosticsOf(fn: string, source: FitTraceSource): { diagnostics: FitDiagnostics; model?: string } {
  if (isPosterior(source)) return { diagnostics: source.diagnostics, model: source.modelName };
  if (source !== null && typeof source === 'object' && Array.isArray((source as FitDiagnostics).elbo)) {
    return { diagnostics: source as FitDiagnostics };
  }
  throw new BrenierError(
    'invalid-argument',
    `${fn}: source must be a Posterior or its diagnostics (posterior.diagnostics), received ${describeValue(source)}`,
  );
}

/** One step of the ELBO trace. */
interface ElboRow {
  step: number;
  elbo: number;
  lo: number;
  hi: number;
  accepted: boolean;
}

/**
 * The ELBO estimate of every step of a fit (rejected steps included), with
 * a band of plus or minus two Monte Carlo standard errors and a red cross
 * at each rejected step (the adaptive schedule rejects a step whose ELBO,
 * on the next step's draws, falls by more than two standard errors). The
 * y range follows the accepted steps; rejected steps below it are drawn at
 * its lower edge. ADVI fits record no standard errors or rejections: their
 * trace is the line alone.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotElboTrace } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * writeFileSync('elbo.svg', plotElboTrace(posterior, { title: 'Eight schools: ELBO' }));
 * ```
 * @param source - a fitted posterior or its `diagnostics`.
 * @param options - size and title.
 * @returns a standalone SVG document (with `xmlns`): one path through all
 *   steps with finite ELBO, the band, and the rejected steps.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `source` when it
 *   is neither, or holds no steps, or naming a bad option.
 * @category Plots
 */
export function plotElboTrace(source: FitTraceSource, options: TracePlotOptions = {}): string {
  const fn = 'plotElboTrace';
  const { diagnostics, model } = diagnosticsOf(fn, source);
  const width = sizeOption(fn, 'width', options.width, 640);
  const height = sizeOption(fn, 'height', options.height, 400);
  const { elbo, elboSe, accepted } = diagnostics;
  const rows: ElboRow[] = [];
  elbo.forEach((value, i) => {
    if (!Number.isFinite(value)) return;
    const se = elboSe[i];
    const band = se !== undefined && Number.isFinite(se) ? 2 * se : Number.NaN;
    rows.push({ step: i + 1, elbo: value, lo: value - band, hi: value + band, accepted: accepted[i] ?? true });
  });
  if (rows.length === 0) throw new BrenierError('invalid-argument', `${fn}: source holds no finite ELBO estimates`);

  // y range from the accepted steps (with their bands): a rejected step's
  // ELBO can be far below and would flatten the trace.
  const kept = rows.filter((r) => r.accepted);
  const basis = kept.length > 0 ? kept : rows;
  let yLo = Infinity;
  let yHi = -Infinity;
  for (const r of basis) {
    yLo = Math.min(yLo, Number.isNaN(r.lo) ? r.elbo : r.lo);
    yHi = Math.max(yHi, Number.isNaN(r.hi) ? r.elbo : r.hi);
  }
  const pad = yHi > yLo ? 0.05 * (yHi - yLo) : Math.max(1, Math.abs(yHi) * 0.01);
  const domain: [number, number] = [yLo - pad, yHi + pad];
  const rejected = rows
    .filter((r) => !r.accepted)
    .map((r) => ({ step: r.step, y: Math.min(Math.max(r.elbo, domain[0]), domain[1]) }));
  const banded = rows.filter((r) => !Number.isNaN(r.lo));

  const color = PALETTE[0] as string;
  const marks: Plot.Markish[] = [];
  if (banded.length > 0) {
    marks.push(Plot.areaY(banded, { x: 'step', y1: 'lo', y2: 'hi', fill: color, fillOpacity: 0.2, clip: true }));
  }
  marks.push(Plot.lineY(rows, { x: 'step', y: 'elbo', stroke: color, strokeWidth: 1.5, clip: true }));
  if (rejected.length > 0) {
    marks.push(Plot.dot(rejected, { x: 'step', y: 'y', symbol: 'times', stroke: ALERT_COLOR, r: 3.5 }));
  }
  const legend: LegendEntry[] = [{ label: 'ELBO estimate', color, kind: 'line' }];
  if (banded.length > 0) legend.push({ label: '± 2 standard errors', color, kind: 'area' });
  if (rejected.length > 0)
    legend.push({ label: `rejected step (${rejected.length})`, color: ALERT_COLOR, kind: 'cross' });
  const last = kept[kept.length - 1] ?? rows[rows.length - 1];
  const subtitle =
    `${elbo.length} steps, ${rejected.length} rejected; ` +
    `last accepted ELBO ${last?.elbo.toPrecision(5)}` +
    (last !== undefined && !Number.isNaN(last.hi) ? ` ± ${((last.hi - last.lo) / 4).toPrecision(2)}` : '');
  return renderSingle(
    {
      marginLeft: 60,
      x: { label: 'step', labelAnchor: 'right' },
      y: { label: 'ELBO', domain, grid: true },
      marks,
    },
    'elbo',
    {
      width,
      title: titleOption(options.title, model === undefined ? 'ELBO per step' : `ELBO per step: ${model}`),
      subtitle,
      legend,
    },
    height,
  );
}

/**
 * The regret of the mirror step against its bound, accepted step by step
 * (`diagnostics.regret`, see the method notes):
 * `sum_{j <= k} eta_j [F(q_j) - F(nu)]` with `F = KL(. || pi)` and the
 * reported approximation (or the last iterate) as comparator `nu`, against
 * `D(nu || q_0) + sum_{j <= k} D(q_j || q_{j+1})`. The guarantee is that
 * the first stays below the second, up to the Monte Carlo error of the
 * ELBO estimates.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { fitPosterior, initBackend, plotRegretTrace } from 'brenier';
 * import { eightSchools, eightSchoolsData } from 'brenier/models';
 *
 * await initBackend();
 * const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
 * const svg = plotRegretTrace(posterior); // or plotRegretTrace(posterior.diagnostics)
 * writeFileSync('regret.svg', svg);
 * ```
 * @param source - a fitted posterior or its `diagnostics`.
 * @param options - size and title.
 * @returns a standalone SVG document with two lines, regret and bound.
 * @throws {@link BrenierError} (`'invalid-argument'`) naming `source` when it
 *   is neither, or has no regret trace (ADVI fits record none), or naming a
 *   bad option.
 * @category Plots
 */
export function plotRegretTrace(source: FitTraceSource, options: TracePlotOptions = {}): string {
  const fn = 'plotRegretTrace';
  const { diagnostics, model } = diagnosticsOf(fn, source);
  const width = sizeOption(fn, 'width', options.width, 640);
  const height = sizeOption(fn, 'height', options.height, 400);
  const regret = diagnostics.regret;
  if (regret === undefined || regret.cumulativeRegret.length === 0) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: source has no regret trace (diagnostics.regret is recorded by Monge-Ampère fits, not by ADVI)`,
    );
  }
  const rows: { step: number; value: number; series: string }[] = [];
  const regretLabel = 'cumulative regret Σ η [F(q) − F(ν)]';
  const boundLabel = 'bound D(ν‖q₀) + Σ D(q‖q′)';
  regret.cumulativeRegret.forEach((v, k) => rows.push({ step: k + 1, value: v, series: regretLabel }));
  regret.bound.forEach((v, k) => rows.push({ step: k + 1, value: v, series: boundLabel }));
  const finite = rows.filter((r) => Number.isFinite(r.value));
  const regretColor = PALETTE[0] as string;
  const boundColor = PALETTE[2] as string;
  const crossed = regret.cumulativeRegret.filter((v, k) => v > (regret.bound[k] as number)).length;
  return renderSingle(
    {
      marginLeft: 60,
      x: { label: 'accepted step', labelAnchor: 'right' },
      y: { label: 'nats × step size', grid: true },
      color: { domain: [regretLabel, boundLabel], range: [regretColor, boundColor] },
      marks: [Plot.ruleY([0], { stroke: '#999' }), Plot.lineY(finite, { x: 'step', y: 'value', stroke: 'series' })],
    },
    'regret',
    {
      width,
      title: titleOption(
        options.title,
        model === undefined ? 'Regret against its bound' : `Regret against its bound: ${model}`,
      ),
      subtitle:
        `comparator: ${regret.comparator === 'reported' ? 'the reported approximation' : 'the last iterate'}; ` +
        `regret above the bound at ${crossed} of ${regret.cumulativeRegret.length} steps`,
      legend: [
        { label: regretLabel, color: regretColor },
        { label: boundLabel, color: boundColor },
      ],
    },
    height,
  );
}
