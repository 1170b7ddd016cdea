/**
 * Draws files for the command line: CSV (a header of Stan-style names, one
 * draw per row) or JSON (`{ name: number[] }`, as `draws.toObject()`),
 * chosen by the file's extension.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { BrenierError } from '../core/errors.js';
import { Draws } from '../posterior/draws.js';

/** The format of a draws file, from its extension: `.csv` or `.json`. */
export function drawsFormat(path: string): 'csv' | 'json' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new BrenierError('invalid-argument', `draws file '${path}': expected a .csv or .json extension`);
}

/** Write draws as CSV or JSON (by extension). */
export function writeDraws(path: string, draws: Draws): void {
  const columns = draws.toObject();
  if (drawsFormat(path) === 'json') {
    writeFileSync(path, JSON.stringify(columns));
    return;
  }
  const names = draws.names;
  const lines = [names.map((n) => (/[",]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n)).join(',')];
  for (let i = 0; i < draws.count; i++) lines.push(names.map((n) => String((columns[n] as number[])[i])).join(','));
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Split one CSV line (quoted fields may hold commas and doubled quotes). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/**
 * Read a draws file (CSV or JSON, by extension). Every value must be a
 * finite number and every column as long as the others; the error names the
 * file, the column and the row.
 */
export function readDraws(path: string): Draws {
  const format = drawsFormat(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new BrenierError('invalid-argument', `draws file '${path}' cannot be read`);
  }
  const columns: Record<string, Float64Array> = {};
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BrenierError('invalid-argument', `draws file '${path}' is not valid JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new BrenierError('invalid-argument', `draws file '${path}': expected an object { name: number[] }`);
    // Files written by the posteriordb benchmark hold the draws under `draws`.
    const record = (
      'draws' in value && typeof (value as { draws: unknown }).draws === 'object'
        ? (value as { draws: unknown }).draws
        : value
    ) as Record<string, unknown>;
    for (const [name, column] of Object.entries(record)) {
      if (!Array.isArray(column))
        throw new BrenierError('invalid-argument', `draws file '${path}': '${name}' is not an array of numbers`);
      column.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw new BrenierError(
            'invalid-argument',
            `draws file '${path}': '${name}' row ${i + 1} is not a finite number`,
          );
      });
      columns[name] = Float64Array.from(column as number[]);
    }
  } else {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = splitCsv(lines[0] ?? '');
    if (lines.length < 2 || header.length === 0)
      throw new BrenierError('invalid-argument', `draws file '${path}': expected a header line and draws`);
    const data = header.map(() => new Float64Array(lines.length - 1));
    lines.slice(1).forEach((line, row) => {
      const fields = splitCsv(line);
      if (fields.length !== header.length)
        throw new BrenierError(
          'invalid-argument',
          `draws file '${path}': row ${row + 1} has ${fields.length} fields, the header ${header.length}`,
        );
      fields.forEach((f, k) => {
        const v = Number(f);
        if (f.trim() === '' || !Number.isFinite(v))
          throw new BrenierError(
            'invalid-argument',
            `draws file '${path}': '${header[k]}' row ${row + 1} is not a finite number ('${f}')`,
          );
        (data[k] as Float64Array)[row] = v;
      });
    });
    header.forEach((name, k) => (columns[name] = data[k] as Float64Array));
  }
  const lengths = new Set(Object.values(columns).map((c) => c.length));
  if (Object.keys(columns).length === 0 || lengths.size !== 1 || lengths.has(0))
    throw new BrenierError('invalid-argument', `draws file '${path}': expected columns of one common, non-zero length`);
  return new Draws(columns);
}
