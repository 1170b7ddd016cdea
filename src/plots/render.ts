/**
 * Rendering to standalone SVG strings without a browser: Observable Plot
 * draws each panel on the linkedom DOM shim, and the panels are laid out in
 * one `<svg>` root with the `xmlns` attribute, a white background, a common
 * font, and a header with the title, a subtitle and a legend drawn in SVG
 * (Plot's own titles and swatch legends are HTML, which a standalone SVG
 * file cannot hold).
 *
 * @module
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { BrenierError } from '../core/errors.js';

/** Font of every plot. */
export const FONT_FAMILY = 'system-ui, -apple-system, Helvetica, Arial, sans-serif';
/** Font size of axes and labels, pixels. */
export const FONT_SIZE = 11;
/** Categorical colours (Observable's `observable10` scheme), in order of use. */
export const PALETTE: readonly string[] = [
  '#4269d0',
  '#efb118',
  '#ff725c',
  '#6cc5b0',
  '#3ca951',
  '#ff8ab7',
  '#a463f2',
  '#97bbf5',
  '#9c6b4e',
  '#9498a0',
];
/** Colour of warnings and rejected steps. */
export const ALERT_COLOR = '#d62728';

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_HEIGHT = 26;
const SUBTITLE_HEIGHT = 16;
const LEGEND_ROW_HEIGHT = 18;
const PADDING = 8;

/** One entry of a figure's legend: a swatch and its label. */
export interface LegendEntry {
  /** Text of the entry. */
  label: string;
  /** Colour of the swatch. */
  color: string;
  /** Swatch shape: a line, a filled dot, a cross or a filled box. Default `'line'`. */
  kind?: 'line' | 'dash' | 'dot' | 'cross' | 'area';
}

/** One Observable Plot panel placed in the figure body (coordinates below the header). */
export interface Panel {
  /** Plot options (marks, scales, margins); width, height and the document are set here. */
  options: Plot.PlotOptions;
  /** Name of the panel, written to its `data-panel` attribute (e.g. the parameter). */
  label: string;
  /** Left edge in the body, pixels. */
  x: number;
  /** Top edge in the body, pixels. */
  y: number;
  /** Width, pixels. */
  width: number;
  /** Height, pixels. */
  height: number;
}

/** The header of a figure and its total size. */
export interface FigureLayout {
  /** Total width, pixels. */
  width: number;
  /** Title (omitted when empty). */
  title?: string;
  /** Smaller line under the title (omitted when empty). */
  subtitle?: string;
  /** Legend entries (omitted when empty). */
  legend?: readonly LegendEntry[];
}

/** What a plotting function needs from the element Plot returns. */
interface RenderedElement {
  readonly tagName: string;
  readonly outerHTML: string;
  setAttribute(name: string, value: string): void;
}

let shimDocument: unknown;

/** The linkedom document Plot creates its elements in (one per process, created on first use). */
function plotDocument(): unknown {
  if (shimDocument === undefined) {
    shimDocument = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document;
  }
  return shimDocument;
}

/** Escape text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A number for an SVG attribute: at most two decimals. */
function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** Rough width of a label in the figure's font, pixels (no text measurement without a browser). */
function textWidth(text: string, size = FONT_SIZE): number {
  return text.length * size * 0.6;
}

/** Words of `text` in lines that fit the width (by the rough text width). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next) > width - 2 * PADDING) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Height of the header above the panels for a layout of the given width. */
export function headerHeight(layout: FigureLayout): number {
  let h = 0;
  if (layout.title) h += TITLE_HEIGHT;
  if (layout.subtitle) h += SUBTITLE_HEIGHT * wrap(layout.subtitle, layout.width).length;
  const rows = legendRows(layout.legend ?? [], layout.width);
  if (rows.length > 0) h += rows.length * LEGEND_ROW_HEIGHT + 4;
  return h === 0 ? 0 : h + 4;
}

/** Legend entries with their x positions, wrapped into rows that fit the width. */
function legendRows(entries: readonly LegendEntry[], width: number): { entry: LegendEntry; x: number }[][] {
  const rows: { entry: LegendEntry; x: number }[][] = [];
  let row: { entry: LegendEntry; x: number }[] = [];
  let x = PADDING;
  for (const entry of entries) {
    const w = 22 + textWidth(entry.label) + 16;
    if (row.length > 0 && x + w > width - PADDING) {
      rows.push(row);
      row = [];
      x = PADDING;
    }
    row.push({ entry, x });
    x += w;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function swatch(entry: LegendEntry, x: number, y: number): string {
  const color = escapeXml(entry.color);
  switch (entry.kind ?? 'line') {
    case 'dot':
      return `<circle cx="${num(x + 8)}" cy="${num(y)}" r="3.5" fill="${color}"/>`;
    case 'cross':
      return (
        `<path d="M${num(x + 5)},${num(y - 3.5)}L${num(x + 12)},${num(y + 3.5)}M${num(x + 5)},${num(y + 3.5)}` +
        `L${num(x + 12)},${num(y - 3.5)}" stroke="${color}" stroke-width="1.5" fill="none"/>`
      );
    case 'area':
      return `<rect x="${num(x)}" y="${num(y - 5)}" width="16" height="10" fill="${color}" fill-opacity="0.3"/>`;
    case 'dash':
      return `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 16)}" y2="${num(y)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="4,3"/>`;
    default:
      return `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 16)}" y2="${num(y)}" stroke="${color}" stroke-width="2"/>`;
  }
}

function header(layout: FigureLayout): string {
  const parts: string[] = [];
  let y = 4;
  if (layout.title) {
    parts.push(
      `<text class="brenier-title" x="${PADDING}" y="${y + 17}" font-size="15" font-weight="bold" text-anchor="start">${escapeXml(layout.title)}</text>`,
    );
    y += TITLE_HEIGHT;
  }
  if (layout.subtitle) {
    for (const line of wrap(layout.subtitle, layout.width)) {
      parts.push(
        `<text class="brenier-subtitle" x="${PADDING}" y="${y + 11}" font-size="${FONT_SIZE}" fill="#555" text-anchor="start">${escapeXml(line)}</text>`,
      );
      y += SUBTITLE_HEIGHT;
    }
  }
  const rows = legendRows(layout.legend ?? [], layout.width);
  if (rows.length > 0) {
    const items: string[] = [];
    for (const row of rows) {
      const cy = y + LEGEND_ROW_HEIGHT / 2 + 2;
      for (const { entry, x } of row) {
        items.push(
          `<g class="brenier-legend-entry">${swatch(entry, x, cy)}<text x="${num(x + 22)}" y="${num(cy)}" dy="0.32em" text-anchor="start">${escapeXml(entry.label)}</text></g>`,
        );
      }
      y += LEGEND_ROW_HEIGHT;
    }
    parts.push(`<g class="brenier-legend">${items.join('')}</g>`);
  }
  return parts.join('');
}

/** Render one Plot panel to an `<svg>` element string, with the common font. */
function renderPanel(panel: Panel): string {
  const element = Plot.plot({
    ...panel.options,
    width: Math.round(panel.width),
    height: Math.round(panel.height),
    document: plotDocument(),
  } as Plot.PlotOptions) as unknown as RenderedElement;
  if (element.tagName.toLowerCase() !== 'svg') {
    // A title, caption or swatch legend makes Plot wrap the svg in HTML.
    throw new Error(`internal: Plot returned <${element.tagName}> instead of <svg>`);
  }
  element.setAttribute('font-family', FONT_FAMILY);
  element.setAttribute('font-size', String(FONT_SIZE));
  // Coordinates to 0.01 pixel: Plot writes full float64 digits, which
  // nearly doubles the size of scatter plots for nothing visible.
  return element.outerHTML.replace(/="([^"]*)"/g, (_, value: string) => `="${value.replace(/(\.\d{2})\d+/g, '$1')}"`);
}

/**
 * Render panels and a header into one standalone SVG document string (with
 * the `xmlns` attribute). The figure's height is the header's plus the
 * lowest panel's bottom edge.
 */
export function renderFigure(panels: readonly Panel[], layout: FigureLayout): string {
  const top = headerHeight(layout);
  let bodyHeight = 0;
  for (const p of panels) bodyHeight = Math.max(bodyHeight, p.y + p.height);
  const width = Math.round(layout.width);
  const height = Math.round(top + bodyHeight);
  const body = panels
    .map(
      (p) =>
        `<g class="brenier-panel" data-panel="${escapeXml(p.label)}" transform="translate(${num(p.x)},${num(top + p.y)})">${renderPanel(p)}</g>`,
    )
    .join('');
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}" color="black" fill="black">` +
    `<rect class="brenier-background" x="0" y="0" width="${width}" height="${height}" fill="white"/>` +
    header(layout) +
    body +
    `</svg>`
  );
}

/** Render a single Plot panel filling the figure below its header. */
export function renderSingle(options: Plot.PlotOptions, label: string, layout: FigureLayout, height: number): string {
  const top = headerHeight(layout);
  const panelHeight = height - top;
  if (panelHeight < 60) {
    throw new BrenierError(
      'invalid-argument',
      `options.height (${height}) leaves no room for the plot below its header`,
    );
  }
  return renderFigure([{ options, label, x: 0, y: 0, width: layout.width, height: panelHeight }], layout);
}

/**
 * Check an optional size option: a finite number at least `min`, or the
 * default when absent. Throws `'invalid-argument'` naming `options.<name>`.
 */
export function sizeOption(fn: string, name: string, value: number | undefined, fallback: number, min = 100): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: options.${name} must be a number of pixels >= ${min}, received ${String(value)}`,
    );
  }
  return value;
}

/**
 * Check an optional integer option within `[min, max]`, or the default when
 * absent. Throws `'invalid-argument'` naming `options.<name>`.
 */
export function integerOption(
  fn: string,
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BrenierError(
      'invalid-argument',
      `${fn}: options.${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? 'inf' : max}], received ${String(value)}`,
    );
  }
  return value;
}

/** The title to draw: the option when given (an empty string hides it), else the default. */
export function titleOption(value: string | undefined, fallback: string): string {
  return value ?? fallback;
}
