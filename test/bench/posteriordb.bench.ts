/**
 * The posteriordb benchmark: every reference posterior, fitted by every
 * method in one process, scored against posteriordb's gold-standard draws.
 *
 *     npm run bench:posteriordb [-- --quick] [--out DIR] [--only NAME,...] [--methods M,...] [--budget S] [--docs]
 *
 * Methods: `monge-ampere` (default settings, Gaussian family),
 * `monge-ampere-ridge` (the ridge family), `advi-meanfield`,
 * `advi-fullrank` (Stan's defaults) and `nuts` (4 chains, 1000 warmup +
 * 1000 draws, the reference run's `adapt_delta`; `--quick`: 4 x (300 +
 * 250), dense metric). For each run it writes `DIR/<posterior>/<method>.json` =
 * `{ draws, gradientEvaluations, wallSeconds, kHat }` (draws in the
 * constrained space under Stan-style names; kHat for VI only), and
 * `DIR/summary.json` with the accuracy figures. `DIR` defaults to
 * `bench-results/posteriordb`. Each run is cancelled (through its
 * `AbortSignal`) after `--budget` seconds (default 600) and reported as
 * over budget.
 *
 * Accuracy against the reference (`compare`): mean error in reference sds
 * (max and average over parameters), the range of sd ratios, the
 * standardised W1 distance averaged over parameters, and the energy
 * distance of the standardised joint draws. A full run (no `--quick`, no
 * `--only`) also writes the tables to docs/benchmarks.md; `--docs` forces
 * that.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  compare,
  fitPosterior,
  initBackend,
  sampleNuts,
  type FitOptions,
  type NutsOptions,
  type Posterior,
} from '../../src/index.js';
import {
  loadPosteriorData,
  loadPosteriorInfo,
  loadReferenceDraws,
  posteriordbModel,
  posteriordbModels,
  type PosteriorDbEntry,
} from '../../models/index.js';
import { flag, integerOption, printTable, stringOption } from './options.js';

const quick = flag('quick');
const outDir = stringOption('out') ?? join('bench-results', 'posteriordb');
const onlyOption = stringOption('only');
const methodsOption = stringOption('methods');
const budgetSeconds = integerOption('budget', 600);
const writeDocs = flag('docs') || (!quick && onlyOption === undefined && methodsOption === undefined);

/** Markers of the generated section of docs/benchmarks.md. */
const BEGIN = '<!-- bench:posteriordb begin (generated) -->';
const END = '<!-- bench:posteriordb end -->';

/** Draws written per VI run (the JSON files and the accuracy figures). */
const VI_DRAWS = quick ? 1000 : 4000;
const NUTS_SETTINGS = quick ? { chains: 4, warmup: 300, draws: 250 } : { chains: 4, warmup: 1000, draws: 1000 };

type MethodName = 'monge-ampere' | 'monge-ampere-ridge' | 'advi-meanfield' | 'advi-fullrank' | 'nuts';
const ALL_METHODS: readonly MethodName[] = [
  'monge-ampere',
  'monge-ampere-ridge',
  'advi-meanfield',
  'advi-fullrank',
  'nuts',
];
const VI_OPTIONS: Record<Exclude<MethodName, 'nuts'>, FitOptions> = {
  'monge-ampere': {},
  'monge-ampere-ridge': { family: 'ridge' },
  'advi-meanfield': { method: 'advi-meanfield' },
  'advi-fullrank': { method: 'advi-fullrank' },
};

/** What one run writes to `DIR/<posterior>/<method>.json`. */
interface RunFile {
  posterior: string;
  method: MethodName;
  draws: Record<string, number[]>;
  gradientEvaluations: number;
  wallSeconds: number;
  kHat?: number;
  divergences?: number;
  settings: Record<string, unknown>;
}

/** Accuracy of a set of draws against the reference. */
interface Accuracy {
  maxMeanError: number;
  avgMeanError: number;
  sdRatio: [number, number];
  w1: number;
  energy: number;
}

/** One row of summary.json. */
interface SummaryRow {
  posterior: string;
  shape: string;
  method: MethodName;
  gradientEvaluations?: number;
  wallSeconds?: number;
  kHat?: number;
  divergences?: number;
  accuracy?: Accuracy;
  /** Monge-Ampère only: the same fit's draws after PSIS resampling. */
  psisAccuracy?: Accuracy;
  error?: string;
}

const backend = await initBackend();
const methods: MethodName[] =
  methodsOption === undefined
    ? [...ALL_METHODS]
    : methodsOption.split(',').map((m) => {
        if (!(ALL_METHODS as readonly string[]).includes(m))
          throw new Error(`--methods: unknown method '${m}' (expected ${ALL_METHODS.join(', ')})`);
        return m as MethodName;
      });
const entries: PosteriorDbEntry[] =
  onlyOption === undefined ? [...posteriordbModels] : onlyOption.split(',').map((n) => posteriordbModel(n));

const sd = (a: readonly number[]): number => {
  const m = a.reduce((x, y) => x + y, 0) / a.length;
  return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
};

function accuracy(draws: Record<string, number[]>, reference: Record<string, number[]>): Accuracy {
  const { summary } = compare(draws, reference);
  return {
    maxMeanError: summary.maxAbsMeanError,
    avgMeanError: summary.meanAbsMeanError,
    sdRatio: summary.sdRatioRange,
    w1: summary.meanW1,
    energy: summary.energyDistance,
  };
}

/** Only the reference's columns (the models also report auxiliary coordinates, e.g. eight schools' theta_trans). */
function referenceColumns(
  draws: Record<string, number[]>,
  reference: Record<string, number[]>,
): Record<string, number[]> {
  return Object.fromEntries(Object.keys(reference).map((n) => [n, draws[n] ?? []]));
}

async function runVi(
  entry: PosteriorDbEntry,
  data: Record<string, unknown>,
  method: Exclude<MethodName, 'nuts'>,
): Promise<{ file: RunFile; posterior: Posterior }> {
  const options: FitOptions = { seed: 1, ...VI_OPTIONS[method] };
  const posterior = await fitPosterior(entry.model, data, {
    ...options,
    signal: AbortSignal.timeout(budgetSeconds * 1000),
  });
  const d = posterior.diagnostics;
  return {
    posterior,
    file: {
      posterior: entry.posterior,
      method,
      draws: posterior.sample(VI_DRAWS, { seed: 2 }).toObject(),
      gradientEvaluations: d.gradientEvaluations,
      wallSeconds: d.wallSeconds,
      kHat: d.khat,
      settings: { ...options, draws: VI_DRAWS },
    },
  };
}

async function runNuts(entry: PosteriorDbEntry, data: Record<string, unknown>): Promise<RunFile> {
  const control = loadPosteriorInfo(entry.posterior).reference.control;
  // Dense metric: with Stan's diagonal metric, diamonds' collinear coefficients
  // need trees of depth 10 and more (the reference run allowed 20) at every
  // iteration, hours here; a dense metric makes every posterior cheap to
  // sample and makes NUTS the stronger baseline.
  const options: NutsOptions = {
    ...NUTS_SETTINGS,
    seed: 1,
    adaptDelta: control['adapt_delta'] ?? 0.8,
    metric: 'dense',
  };
  const run = await sampleNuts(entry.model, data, { ...options, signal: AbortSignal.timeout(budgetSeconds * 1000) });
  return {
    posterior: entry.posterior,
    method: 'nuts',
    draws: run.draws.toObject(),
    gradientEvaluations: run.diagnostics.gradientEvaluations,
    wallSeconds: run.diagnostics.wallSeconds,
    divergences: run.diagnostics.divergences,
    settings: { ...options },
  };
}

// A partial run (--only, --methods) updates the rows it re-runs in an
// existing summary.json and keeps the others, so one cell of a full run can
// be redone; the tables are then built from the merged summary.
const command = `npm run bench:posteriordb${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const partial = onlyOption !== undefined || methodsOption !== undefined;
const previous = partial ? readSummary(join(outDir, 'summary.json')) : undefined;
const summary: SummaryRow[] = previous?.rows ?? [];
const commands: string[] = [...(previous?.commands ?? []), command];

function readSummary(path: string): { rows: SummaryRow[]; commands: string[] } | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as { rows?: SummaryRow[]; commands?: string[] };
    return { rows: value.rows ?? [], commands: value.commands ?? [] };
  } catch {
    return undefined;
  }
}

/** Replace the row of the same posterior and method, or add it; keep the suite's order. */
function record(row: SummaryRow): void {
  const i = summary.findIndex((r) => r.posterior === row.posterior && r.method === row.method);
  if (i >= 0) summary[i] = row;
  else summary.push(row);
  const order = (r: SummaryRow): number =>
    posteriordbModels.findIndex((e) => e.posterior === r.posterior) * ALL_METHODS.length +
    ALL_METHODS.indexOf(r.method);
  summary.sort((a, b) => order(a) - order(b));
}
mkdirSync(outDir, { recursive: true });
console.log(
  `posteriordb benchmark${quick ? ' (--quick)' : ''}: ${entries.length} posteriors x ${methods.length} methods, backend ${backend}, output ${outDir}`,
);
for (const entry of entries) {
  const data = loadPosteriorData(entry.posterior);
  const reference = loadReferenceDraws(entry.posterior);
  const varying = Object.fromEntries(Object.entries(reference).filter(([, v]) => sd(v) > 1e-12));
  mkdirSync(join(outDir, entry.posterior), { recursive: true });
  for (const method of methods) {
    const row: SummaryRow = { posterior: entry.posterior, shape: entry.shape, method };
    try {
      let file: RunFile;
      if (method === 'nuts') {
        file = await runNuts(entry, data);
      } else {
        const vi = await runVi(entry, data, method);
        file = vi.file;
        if (method === 'monge-ampere') {
          const resampled = vi.posterior.importanceResample(VI_DRAWS, { seed: 2, proposals: 4 * VI_DRAWS }).toObject();
          row.psisAccuracy = accuracy(referenceColumns(resampled, varying), varying);
        }
        vi.posterior.dispose();
      }
      writeFileSync(join(outDir, entry.posterior, `${method}.json`), JSON.stringify(file));
      row.gradientEvaluations = file.gradientEvaluations;
      row.wallSeconds = file.wallSeconds;
      if (file.kHat !== undefined) row.kHat = file.kHat;
      if (file.divergences !== undefined) row.divergences = file.divergences;
      row.accuracy = accuracy(referenceColumns(file.draws, varying), varying);
      console.log(
        `  ${entry.posterior} ${method}: max mean error ${row.accuracy.maxMeanError.toFixed(3)} sd, ${file.gradientEvaluations} gradients, ${file.wallSeconds.toFixed(1)} s`,
      );
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      row.error = timedOut
        ? `over budget (cancelled after ${budgetSeconds} s)`
        : error instanceof Error
          ? error.message.slice(0, 300)
          : String(error);
      console.log(`  ${entry.posterior} ${method}: failed: ${row.error}`);
    }
    record(row);
    writeFileSync(join(outDir, 'summary.json'), JSON.stringify({ quick, backend, commands, rows: summary }, null, 1));
  }
}

// ------------------------------------------------------------------ tables

const fixed = (x: number | undefined, digits: number): string => (x === undefined ? '' : x.toFixed(digits));
const shortName = (posterior: string): string => posterior.split('-')[0] as string;

function accuracyCells(a: Accuracy | undefined): string[] {
  if (a === undefined) return ['', '', '', '', ''];
  return [
    `${a.maxMeanError.toFixed(3)} / ${a.avgMeanError.toFixed(3)}`,
    `${a.sdRatio[0].toFixed(2)}-${a.sdRatio[1].toFixed(2)}`,
    a.w1.toFixed(3),
    a.energy.toFixed(4),
  ];
}

const header = [
  'posterior',
  'method',
  'max / avg mean error (sd)',
  'sd ratio',
  'W1 (sd)',
  'energy',
  'k-hat',
  'gradient evals',
  'wall s',
];
const rows: string[][] = [];
for (const r of summary) {
  if (r.error !== undefined) {
    rows.push([shortName(r.posterior), r.method, `failed: ${r.error.replace(/\|/g, '/')}`, '', '', '', '', '', '']);
    continue;
  }
  const counts = [fixed(r.kHat, 2), String(r.gradientEvaluations ?? ''), fixed(r.wallSeconds, 1)];
  rows.push([shortName(r.posterior), r.method, ...accuracyCells(r.accuracy), ...counts]);
  if (r.psisAccuracy !== undefined)
    rows.push([shortName(r.posterior), `${r.method} + PSIS`, ...accuracyCells(r.psisAccuracy), ...counts]);
}

/** The issue's targets, per posterior: accuracy and cost of the default Monge-Ampère fit. */
const targetHeader = [
  'posterior',
  'shape',
  'max mean error < 0.1',
  'sd ratio in [0.9, 1.1]',
  'gradients <= ADVI full-rank',
  'NUTS / MA gradients',
  'ridge vs Gaussian energy',
  'k-hat',
];
const targetRows: string[][] = [];
const find = (posterior: string, method: MethodName): SummaryRow | undefined =>
  summary.find((r) => r.posterior === posterior && r.method === method && r.error === undefined);
for (const entry of posteriordbModels.filter((e) => summary.some((r) => r.posterior === e.posterior))) {
  const ma = find(entry.posterior, 'monge-ampere');
  if (ma?.accuracy === undefined) continue;
  const fullrank = find(entry.posterior, 'advi-fullrank');
  const nuts = find(entry.posterior, 'nuts');
  const ridge = find(entry.posterior, 'monge-ampere-ridge');
  const mark = (ok: boolean, text: string): string => `${ok ? 'yes' : 'no'} (${text})`;
  targetRows.push([
    shortName(entry.posterior),
    entry.shape,
    mark(ma.accuracy.maxMeanError < 0.1, ma.accuracy.maxMeanError.toFixed(3)),
    mark(
      ma.accuracy.sdRatio[0] >= 0.9 && ma.accuracy.sdRatio[1] <= 1.1,
      `${ma.accuracy.sdRatio[0].toFixed(2)}-${ma.accuracy.sdRatio[1].toFixed(2)}`,
    ),
    fullrank?.gradientEvaluations === undefined
      ? ''
      : mark(
          (ma.gradientEvaluations ?? Infinity) <= fullrank.gradientEvaluations,
          `${ma.gradientEvaluations} vs ${fullrank.gradientEvaluations}`,
        ),
    nuts?.gradientEvaluations === undefined
      ? ''
      : `${(nuts.gradientEvaluations / (ma.gradientEvaluations ?? 1)).toFixed(1)}x`,
    ridge?.accuracy === undefined ? '' : `${ridge.accuracy.energy.toFixed(4)} vs ${ma.accuracy.energy.toFixed(4)}`,
    fixed(ma.kHat, 2),
  ]);
}

console.log('\nAccuracy against the posteriordb reference (10 x 1000 NUTS draws)');
printTable(header, rows);
console.log('\nTargets for the default Monge-Ampère fit');
printTable(targetHeader, targetRows);

if (writeDocs) {
  const table = (h: string[], body: string[][]): string =>
    [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join(
      '\n',
    );
  const section = [
    BEGIN,
    '',
    `Command${commands.length > 1 ? 's' : ''}: ${commands.map((c) => `\`${c}\``).join(', then ')}; last run on ${new Date().toISOString().slice(0, 10)}; backend ${backend}, ${cpus().length} cores, Node ${process.version}.`,
    `VI: ${VI_DRAWS} draws of q per fit (seed 1, draws seed 2); PSIS rows resample ${VI_DRAWS} of ${4 * VI_DRAWS} weighted draws of the same fit.`,
    `NUTS: ${NUTS_SETTINGS.chains} chains x (${NUTS_SETTINGS.warmup} warmup + ${NUTS_SETTINGS.draws} draws), dense metric, the reference run's adapt_delta, maximum tree depth 10.`,
    'Mean error and W1 are in reference sds; energy is the energy distance of the standardised joint draws (0 for identical distributions).',
    'Gradient evaluations count one per point (a batch of N particles counts N) and include warmup and the stopping rule.',
    '',
    table(header, rows),
    '',
    '### Targets for the default Monge-Ampère fit',
    '',
    table(targetHeader, targetRows),
    '',
    END,
  ].join('\n');
  const path = join('docs', 'benchmarks.md');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = `# Benchmarks\n\n## posteriordb reference posteriors\n\n${BEGIN}\n${END}\n`;
  }
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  text =
    begin >= 0 && end > begin
      ? text.slice(0, begin) + section + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, text);
  console.log(`\nwrote ${path}`);
}
