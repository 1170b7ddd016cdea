/**
 * Eight schools: Monge-Ampère VI against NUTS and against posteriordb's
 * reference draws, with `compare()` and SVG plots (marginals overlaid, a
 * pair plot, the ELBO trace and the Pareto tail behind k-hat).
 *
 * Run with `npx tsx examples/eight-schools-vs-nuts.ts [plots-folder]`
 * (default: a folder in the system's temporary folder). NUTS takes about
 * half a minute.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compare,
  fitPosterior,
  initBackend,
  plotElboTrace,
  plotKhat,
  plotMarginals,
  plotPairs,
  sampleNuts,
} from '../src/index.js';
import { EIGHT_SCHOOLS_POSTERIOR, eightSchools, eightSchoolsData, loadReferenceDraws } from '../models/index.js';

await initBackend();
const folder = process.argv[2] ?? join(tmpdir(), 'eight-schools-plots');
mkdirSync(folder, { recursive: true });
const data = eightSchoolsData();
const reference = loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR);

const posterior = await fitPosterior(eightSchools, data, { seed: 1 });
const vi = posterior.sample(4000, { seed: 2 });
const psis = posterior.importanceResample(4000, { seed: 3, proposals: 16000 });
const nuts = await sampleNuts(eightSchools, data, { chains: 4, seed: 1, adaptDelta: 0.95 });

const summary = (label: string, draws: Parameters<typeof compare>[0]): void => {
  const s = compare(draws, reference).summary;
  console.log(
    `${label.padEnd(28)} max |mean error| ${s.maxAbsMeanError.toFixed(3)} sd, sd ratios ${s.sdRatioRange
      .map((x) => x.toFixed(2))
      .join('-')}, energy ${s.energyDistance.toFixed(4)}`,
  );
};
console.log('against posteriordb (10 x 1000 reference draws):');
summary('Monge-Ampère (raw q)', vi);
summary('Monge-Ampère + PSIS', psis);
summary('NUTS 4 x 1000', nuts.draws);
console.log(
  `gradient evaluations: Monge-Ampère ${posterior.diagnostics.gradientEvaluations}, NUTS ${nuts.diagnostics.gradientEvaluations}`,
);

const names = ['mu', 'tau', 'theta[1]'];
writeFileSync(
  join(folder, 'marginals.svg'),
  plotMarginals({ 'Monge-Ampère': vi, 'Monge-Ampère + PSIS': psis, NUTS: nuts.draws, posteriordb: reference }, names),
);
writeFileSync(join(folder, 'pairs.svg'), plotPairs(vi, names));
writeFileSync(join(folder, 'elbo.svg'), plotElboTrace(posterior));
writeFileSync(join(folder, 'khat.svg'), plotKhat(posterior, { seed: 4 }));
console.log(`plots written to ${folder}`);
