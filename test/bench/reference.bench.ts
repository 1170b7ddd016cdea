/**
 * Accuracy of fitted posteriors against references, for the example
 * models: eight schools against posteriordb's reference draws, logistic and
 * hierarchical regression against NUTS runs made here. For each fit:
 * mean error in reference sds (max and average over parameters), ratio of
 * sds (range), standardised W1 and energy distance (`compare`), k-hat,
 * gradient evaluations, wall time; raw draws of q and
 * PSIS-resampled draws.
 *
 * NUTS runs are timed too (wall time, gradient evaluations, divergences,
 * minimum bulk ESS and ESS per second), and ADVI (mean-field and
 * full-rank, Stan's defaults) is fitted beside the Monge-Ampère fit.
 *
 * Run with `npm run bench:reference` (about 15 minutes: the hierarchical
 * NUTS run dominates; `npm run bench` runs it after the other two
 * benchmarks). Options: `--ridge` also fits the ridge family (slow for
 * d = 22), `--only NAME` (eight_schools, logistic_regression,
 * hierarchical_regression).
 */
import {
  compare,
  essBulk,
  fitPosterior,
  initBackend,
  sampleNuts,
  type FitOptions,
  type NutsOptions,
} from '../../src/index.js';
import {
  EIGHT_SCHOOLS_POSTERIOR,
  eightSchools,
  eightSchoolsData,
  hierarchicalRegression,
  loadReferenceDraws,
  logisticRegression,
  simulateHierarchicalData,
  simulateLogisticData,
} from '../../models/index.js';
import { flag, printTable, stringOption } from './options.js';

const backend = await initBackend();
const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
const sd = (a: ArrayLike<number>): number => {
  const m = mean(a);
  return Math.sqrt(Array.from(a).reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
};

/** `compare` over the columns the reference varies in (constant ones, like L[1,1], have no sd to scale by). */
function accuracy(reference: Record<string, number[]>, draws: Record<string, number[]>): string[] {
  const varying = Object.fromEntries(Object.entries(reference).filter(([, v]) => sd(v) > 1e-9));
  const { summary } = compare(draws, varying);
  return [
    summary.maxAbsMeanError.toFixed(3),
    summary.meanAbsMeanError.toFixed(3),
    `${summary.sdRatioRange[0].toFixed(2)}-${summary.sdRatioRange[1].toFixed(2)}`,
    summary.meanW1.toFixed(3),
    summary.energyDistance.toFixed(4),
  ];
}

interface Case {
  name: string;
  label: string;
  data: () => Record<string, unknown>;
  model: Parameters<typeof sampleNuts>[0];
  nuts: NutsOptions;
  /** posteriordb reference, when there is one (otherwise the NUTS run is the reference). */
  posteriordb?: () => Record<string, number[]>;
}

const cases: Case[] = [
  {
    name: 'eight_schools',
    label: 'eight schools',
    data: () => eightSchoolsData(),
    model: eightSchools,
    nuts: { chains: 4, warmup: 1000, draws: 1000, seed: 1, adaptDelta: 0.95 },
    posteriordb: () => loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR),
  },
  {
    name: 'logistic_regression',
    label: 'logistic regression (n=200, k=5)',
    data: () => {
      const { truth: _truth, ...data } = simulateLogisticData({ n: 200, k: 5, seed: 1 });
      return data;
    },
    model: logisticRegression,
    nuts: { chains: 4, warmup: 500, draws: 2500, seed: 1 },
  },
  {
    name: 'hierarchical_regression',
    label: 'hierarchical regression (J=8, n=160)',
    data: () => simulateHierarchicalData(),
    model: hierarchicalRegression,
    nuts: { chains: 4, warmup: 1000, draws: 1500, seed: 3 },
  },
];

const only = stringOption('only');
const methods: FitOptions[] = [
  { family: 'gaussian' },
  ...(flag('ridge') ? [{ family: 'ridge' } as FitOptions] : []),
  { method: 'advi-meanfield' },
  { method: 'advi-fullrank' },
];
const rows: string[][] = [];
const nutsRows: string[][] = [];
console.log(`reference accuracy, seed 1, backend ${backend}`);
for (const c of cases.filter((x) => only === undefined || x.name === only)) {
  const run = await sampleNuts(c.model, c.data(), c.nuts);
  const nutsDraws = run.draws.toObject();
  const reference = c.posteriordb?.() ?? nutsDraws;
  const source = c.posteriordb !== undefined ? 'posteriordb 10 x 1000' : `NUTS ${c.nuts.chains} x ${c.nuts.draws}`;
  const varying = Object.keys(reference).filter((n) => sd(reference[n] as number[]) > 1e-9);
  const ess = varying.map((n) => essBulk(Array.from({ length: run.chains }, (_, k) => run.chainDraws(k).get(n))));
  const minEss = Math.min(...ess);
  nutsRows.push([
    c.label,
    `${c.nuts.chains} x (${c.nuts.warmup} + ${c.nuts.draws})`,
    run.diagnostics.wallSeconds.toFixed(1),
    String(run.diagnostics.gradientEvaluations),
    String(run.diagnostics.divergences),
    minEss.toFixed(0),
    (minEss / run.diagnostics.wallSeconds).toFixed(1),
    c.posteriordb !== undefined ? (accuracy(reference, nutsDraws)[0] as string) : '(reference)',
  ]);
  console.log(`  ${c.label}, NUTS: done`);
  for (const options of methods) {
    const posterior = await fitPosterior(c.model as never, c.data(), { seed: 1, ...options });
    const d = posterior.diagnostics;
    const raw = accuracy(reference, posterior.sample(20000, { seed: 2 }).toObject());
    const psis = accuracy(reference, posterior.importanceResample(4000, { seed: 2, proposals: 16000 }).toObject());
    const label = options.method ?? `monge-ampere ${options.family}`;
    rows.push([
      c.label,
      source,
      label,
      ...raw,
      ...psis,
      d.khat.toFixed(2),
      String(d.gradientEvaluations),
      d.wallSeconds.toFixed(2),
    ]);
    console.log(`  ${c.label}, ${label}: done`);
  }
}
console.log(
  '\nNUTS (Stan-style, diagonal metric); min bulk ESS over parameters; accuracy: max |mean error| in posteriordb sds',
);
printTable(
  [
    'model',
    'chains x (warmup + draws)',
    'wall s',
    'gradient evals',
    'divergences',
    'min bulk ESS',
    'ESS / s',
    'max mean error (sd)',
  ],
  nutsRows,
);
console.log('\nVariational fits against the reference');
printTable(
  [
    'model',
    'reference',
    'method',
    'max mean error (sd)',
    'avg mean error (sd)',
    'sd ratio',
    'W1 (sd)',
    'energy',
    'PSIS max mean error',
    'PSIS avg mean error',
    'PSIS sd ratio',
    'PSIS W1',
    'PSIS energy',
    'k-hat',
    'gradient evals',
    'wall s',
  ],
  rows,
);
console.log('Raw: 20000 draws of q. PSIS: 4000 draws resampled from 16000 weighted draws of q.');
