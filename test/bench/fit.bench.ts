/**
 * Fitting benchmark: `fitPosterior` with default options and seed 1 on the
 * three example models, and on the synthetic non-Gaussian targets of
 * models/targets.ts with each available potential family (`gaussian`, and
 * `ridge` when the registry has it), printed as markdown tables.
 *
 * Columns: iterations (accepted steps), stop reason, gradient evaluations
 * (target evaluations with scores), wall time of the fit in seconds (the
 * flow's steps, before the PSIS check), the share of that wall time spent
 * in the model's log density + scores (`targetSeconds / wallSeconds`) and
 * in the map algebra (the rest), the ELBO (mean over the last 20 accepted
 * steps of the fit's trace), PSIS k-hat. For the synthetic targets also a
 * Monte Carlo estimate of KL(q || pi) = E_q[log q - log pi] from 4000
 * draws of q, with the exact normalised float64 log densities of
 * models/targets.ts, and its standard error. (Their DSL densities are
 * normalised too, so the ELBO estimates -KL.)
 *
 * Run with `npm run bench:fit` (or `npm run bench`, after the backend
 * benchmark; there, pass options as `npm run bench -- --quick`: they go to
 * this script). Options: `--quick` (skip the synthetic targets with
 * d = 10), `--only NAME` (one case: eight_schools, logistic_regression,
 * hierarchical_regression, banana, funnel_2, funnel_10, mixture2,
 * skewed_10), `--family NAME` (fit the synthetic targets with that family
 * only; default: gaussian, and ridge when registered).
 */
import {
  activeBackend,
  familyByName,
  fitPosterior,
  initBackend,
  type CompiledModel,
  type FitOptions,
  type Posterior,
} from '../../src/index.js';
import {
  eightSchools,
  eightSchoolsData,
  hierarchicalRegression,
  logisticRegression,
  simulateHierarchicalData,
  simulateLogisticData,
} from '../../models/index.js';
import { banana, benchmarkTargets, type SyntheticTarget } from '../../models/targets.js';
import { flag, printTable, stringOption } from './options.js';

const SEED = 1;
const KL_DRAWS = 4000;
const ELBO_WINDOW = 20;

const quick = flag('quick');
const only = stringOption('only');

const { truth: _truth, ...logisticData } = simulateLogisticData({ n: 200, k: 5, seed: 1 });
const examples: { name: string; label: string; compile: () => CompiledModel }[] = [
  { name: 'eight_schools', label: 'eight schools', compile: () => eightSchools.compile(eightSchoolsData()) },
  {
    name: 'logistic_regression',
    label: 'logistic regression (n=200, k=5)',
    compile: () => logisticRegression.compile(logisticData),
  },
  {
    name: 'hierarchical_regression',
    label: 'hierarchical regression (J=8, n=160)',
    compile: () => hierarchicalRegression.compile(simulateHierarchicalData()),
  },
];
const targets: SyntheticTarget[] = benchmarkTargets();

const allNames = [...examples.map((e) => e.name), ...targets.map((t) => t.name)];
if (only !== undefined && !allNames.includes(only))
  throw new Error(`--only: unknown case '${only}' (expected one of ${allNames.join(', ')})`);
const selectedTarget = (target: SyntheticTarget): boolean =>
  only !== undefined ? target.name === only : !(quick && target.dimension >= 10);

const familyOption = stringOption('family');
const families: string[] = [];
let ridgeNote = '';
if (familyOption !== undefined) {
  familyByName(familyOption); // throws for an unknown family
  families.push(familyOption);
} else {
  families.push('gaussian');
  try {
    familyByName('ridge');
    families.push('ridge');
  } catch (error) {
    ridgeNote = `ridge: not available (${(error as Error).message})`;
  }
}

/** Mean of the ELBO trace over the last accepted steps. */
function finalElbo(posterior: Posterior): number {
  const { elbo, accepted } = posterior.diagnostics;
  const values = elbo.filter((_, i) => accepted[i]).slice(-ELBO_WINDOW);
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** KL(q || pi) by Monte Carlo over draws of q, with its standard error. */
function klEstimate(posterior: Posterior, target: SyntheticTarget): { kl: number; se: number } {
  const d = target.dimension;
  const points = posterior.sampleUnconstrained(KL_DRAWS, { seed: SEED + 1 });
  const logQ = posterior.logDensity(points);
  const diffs = Array.from(logQ, (lq, i) => lq - target.logDensity(points.subarray(i * d, (i + 1) * d)));
  const mean = diffs.reduce((a, b) => a + b, 0) / KL_DRAWS;
  const variance = diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (KL_DRAWS - 1);
  return { kl: mean, se: Math.sqrt(variance / KL_DRAWS) };
}

function fitColumns(posterior: Posterior): string[] {
  const g = posterior.diagnostics;
  const targetShare = g.targetSeconds / g.wallSeconds;
  return [
    String(g.iterations),
    g.stopReason,
    String(g.gradientEvaluations),
    g.wallSeconds.toFixed(2),
    `${(100 * targetShare).toFixed(0)}%`,
    `${(100 * (1 - targetShare)).toFixed(0)}%`,
    finalElbo(posterior).toFixed(3),
    g.khat.toFixed(2),
  ];
}

async function fit(model: CompiledModel, options: FitOptions): Promise<Posterior> {
  // Warm-up (first use of the kernels at these shapes), outside the timed fit.
  const d = model.dimension;
  const warm = new Float64Array(Math.max(2 * d + 2, 100) * d);
  for (let i = 0; i < 3; i++) model.logDensityAndGradient(warm);
  const start = performance.now();
  const posterior = await fitPosterior(model, {}, options);
  process.stderr.write(
    `  ${model.name}, ${options.family ?? 'gaussian'}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
  );
  return posterior;
}

await initBackend();
// Warm-up of the backend and the flow's code paths, not reported.
await fitPosterior(banana, {}, { seed: 0, maxSteps: 5, psisDraws: 100 });
console.log(`\nfitPosterior, default options, seed ${SEED}, backend ${activeBackend()}`);

const fitHeader = [
  'iterations',
  'stop',
  'gradient evals',
  'wall s',
  'log density + scores',
  'map algebra',
  'ELBO',
  'k-hat',
];

const exampleRows: string[][] = [];
for (const example of examples) {
  if (only !== undefined && example.name !== only) continue;
  const model = example.compile();
  const posterior = await fit(model, { seed: SEED });
  exampleRows.push([example.label, String(model.dimension), posterior.familyName, ...fitColumns(posterior)]);
  model.dispose();
}
if (exampleRows.length > 0) {
  console.log('\nExample models');
  printTable(['model', 'd', 'family', ...fitHeader], exampleRows);
}

const targetRows: string[][] = [];
for (const target of targets) {
  if (!selectedTarget(target)) continue;
  for (const family of families) {
    const model = target.compile({});
    try {
      const posterior = await fit(model, { family, seed: SEED } as FitOptions);
      const { kl, se } = klEstimate(posterior, target);
      targetRows.push([
        target.name,
        String(target.dimension),
        family,
        ...fitColumns(posterior),
        `${kl.toFixed(3)} ± ${se.toFixed(3)}`,
      ]);
    } catch (error) {
      targetRows.push([target.name, String(target.dimension), family, `failed: ${(error as Error).message}`]);
    } finally {
      model.dispose();
    }
  }
}
if (targetRows.length > 0) {
  console.log('\nSynthetic targets');
  printTable(['target', 'd', 'family', ...fitHeader, `KL(q ‖ π), ${KL_DRAWS} draws`], targetRows);
  if (ridgeNote !== '') console.log(`\n${ridgeNote}`);
}
console.log(
  `\nELBO: mean over the last ${ELBO_WINDOW} accepted steps of the fit's trace. Shares: of the fit's wall time (before the PSIS check).`,
);
