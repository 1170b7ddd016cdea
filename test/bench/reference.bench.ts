/**
 * Accuracy of fitted posteriors against references, for the example
 * models: eight schools against posteriordb's reference draws, logistic and
 * hierarchical regression against NUTS runs made here. For each fit:
 * mean error in reference sds (max and average over parameters), ratio of
 * sds (range), standardised W1 and energy distance (`compare`), k-hat,
 * gradient evaluations, wall time; raw draws of q and
 * PSIS-resampled draws.
 *
 * Run with `npm run bench:reference` (about 10 minutes: the hierarchical
 * NUTS run dominates). Options: `--ridge` also fits the ridge family
 * (slow for d = 22), `--only NAME` (eight_schools, logistic_regression,
 * hierarchical_regression).
 */
import { compare, fitPosterior, initBackend, sampleNuts, type FitOptions, type Posterior } from '../../src/index.js';
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

const cases: {
  name: string;
  label: string;
  reference: () => Promise<{ draws: Record<string, number[]>; source: string }>;
  fit: (options: FitOptions) => Promise<Posterior>;
}[] = [
  {
    name: 'eight_schools',
    label: 'eight schools',
    reference: async () => ({ draws: loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR), source: 'posteriordb (10 x 1000)' }),
    fit: (options) => fitPosterior(eightSchools, eightSchoolsData(), options),
  },
  {
    name: 'logistic_regression',
    label: 'logistic regression (n=200, k=5)',
    reference: async () => {
      const { truth: _truth, ...data } = simulateLogisticData({ n: 200, k: 5, seed: 1 });
      const run = await sampleNuts(logisticRegression, data, { chains: 4, warmup: 500, draws: 2500, seed: 1 });
      return { draws: run.draws.toObject(), source: `NUTS 4 x 2500, ${run.diagnostics.divergences} divergences` };
    },
    fit: (options) => {
      const { truth: _truth, ...data } = simulateLogisticData({ n: 200, k: 5, seed: 1 });
      return fitPosterior(logisticRegression, data, options);
    },
  },
  {
    name: 'hierarchical_regression',
    label: 'hierarchical regression (J=8, n=160)',
    reference: async () => {
      const run = await sampleNuts(hierarchicalRegression, simulateHierarchicalData(), {
        chains: 4,
        warmup: 1000,
        draws: 1500,
        seed: 3,
      });
      return { draws: run.draws.toObject(), source: `NUTS 4 x 1500, ${run.diagnostics.divergences} divergences` };
    },
    fit: (options) => fitPosterior(hierarchicalRegression, simulateHierarchicalData(), options),
  },
];

const only = stringOption('only');
const families: FitOptions['family'][] = flag('ridge') ? ['gaussian', 'ridge'] : ['gaussian'];
const rows: string[][] = [];
console.log(`reference accuracy, seed 1, backend ${backend}`);
for (const c of cases.filter((x) => only === undefined || x.name === only)) {
  const reference = await c.reference();
  for (const family of families) {
    const posterior = await c.fit({ seed: 1, family });
    const d = posterior.diagnostics;
    const raw = accuracy(reference.draws, posterior.sample(20000, { seed: 2 }).toObject());
    const psis = accuracy(
      reference.draws,
      posterior.importanceResample(4000, { seed: 2, proposals: 16000 }).toObject(),
    );
    rows.push([
      c.label,
      reference.source,
      String(family),
      ...raw,
      ...psis,
      d.khat.toFixed(2),
      String(d.gradientEvaluations),
      d.wallSeconds.toFixed(2),
    ]);
    console.log(`  ${c.label}, ${family}: done`);
  }
}
printTable(
  [
    'model',
    'reference',
    'family',
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
