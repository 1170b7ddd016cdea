/**
 * Bayesian logistic regression on simulated data: Monge-Ampère VI against
 * NUTS and ADVI, with the true coefficients, `compare()` and a marginals
 * plot.
 *
 * Run with `npx tsx examples/logistic-regression.ts [plots-folder]` (NUTS
 * takes about 20 s).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, fitPosterior, initBackend, plotMarginals, sampleNuts } from '../src/index.js';
import { logisticRegression, simulateLogisticData } from '../models/index.js';

await initBackend();
const folder = process.argv[2] ?? join(tmpdir(), 'logistic-plots');
mkdirSync(folder, { recursive: true });
const { truth, ...data } = simulateLogisticData({ n: 200, k: 5, seed: 1 });

const nuts = await sampleNuts(logisticRegression, data, { chains: 4, warmup: 500, draws: 1500, seed: 1 });
const reference = nuts.draws.toObject();
console.log(`true alpha ${truth.alpha.toFixed(2)}, beta ${truth.beta.map((b) => b.toFixed(2)).join(', ')}`);
console.log(
  `NUTS: ${nuts.diagnostics.gradientEvaluations} gradient evaluations, ${nuts.diagnostics.divergences} divergences`,
);

const sets: Record<string, Record<string, number[]>> = { NUTS: reference };
for (const method of ['monge-ampere', 'advi-fullrank'] as const) {
  const posterior = await fitPosterior(logisticRegression, data, { seed: 1, method });
  const draws = posterior.sample(6000, { seed: 2 }).toObject();
  sets[method] = draws;
  const s = compare(draws, reference).summary;
  console.log(
    `${method.padEnd(14)} against NUTS: max |mean error| ${s.maxAbsMeanError.toFixed(3)} sd, sd ratios ` +
      `${s.sdRatioRange.map((x) => x.toFixed(2)).join('-')}; ${posterior.diagnostics.gradientEvaluations} gradient ` +
      `evaluations, k-hat ${posterior.diagnostics.khat.toFixed(2)}`,
  );
}
writeFileSync(join(folder, 'marginals.svg'), plotMarginals(sets, ['alpha', 'beta[1]', 'beta[2]', 'beta[3]']));
console.log(`plots written to ${folder}`);
