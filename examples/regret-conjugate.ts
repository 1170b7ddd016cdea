/**
 * The mirror step's regret guarantee on a conjugate model whose posterior
 * is known in closed form: a normal mean with known sd and a normal prior.
 * The fit records, step by step, the cumulative regret against the
 * reported potential and its bound in Bregman divergences; the fitted q is
 * compared with the exact posterior N(m, s^2).
 *
 * Run with `npx tsx examples/regret-conjugate.ts [plots-folder]` (a second).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Rng,
  data,
  defineModel,
  fitPosterior,
  initBackend,
  normal,
  param,
  plotElboTrace,
  plotRegretTrace,
} from '../src/index.js';

await initBackend();
const folder = process.argv[2] ?? join(tmpdir(), 'regret-plots');
mkdirSync(folder, { recursive: true });

// y_i ~ N(mu, sigma = 2), mu ~ N(0, 10): posterior N(m, s^2) with
// 1/s^2 = 1/100 + n/4 and m = s^2 sum(y) / 4.
const sigma = 2;
const priorSd = 10;
const rng = new Rng(1);
const y = Array.from({ length: 20 }, () => 3 + sigma * rng.normal());
const precision = 1 / priorSd ** 2 + y.length / sigma ** 2;
const exactSd = Math.sqrt(1 / precision);
const exactMean = y.reduce((a, b) => a + b, 0) / sigma ** 2 / precision;

const model = defineModel({
  data: { n: data.int({ lower: 1 }), y: data.vector('n') },
  params: { mu: param.real() },
  logDensity: ({ mu }, { y }) => [normal(0, priorSd).logProb(mu), normal(mu, sigma).logProb(y)],
});
// No warm start: the guarantee is about the flow itself, from q_0 = N(0, 1).
const posterior = await fitPosterior(model, { n: y.length, y }, { seed: 1, warmStartSteps: 0 });
const draws = posterior.sample(20000, { seed: 2 }).toObject()['mu'] as number[];
const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
console.log(`exact posterior: mean ${exactMean.toFixed(4)}, sd ${exactSd.toFixed(4)}`);
console.log(`fitted q:        mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)} (20000 draws)`);

const regret = posterior.diagnostics.regret;
if (regret === undefined) throw new Error('a Monge-Ampère fit records its regret');
const last = regret.cumulativeRegret.length - 1;
const crossings = regret.cumulativeRegret.filter((r, k) => r > (regret.bound[k] as number)).length;
console.log(
  `regret after ${last + 1} steps: ${(regret.cumulativeRegret[last] as number).toFixed(4)}, ` +
    `bound ${(regret.bound[last] as number).toFixed(4)}; steps above the bound: ${crossings} ` +
    '(the ELBOs are estimates, so a crossing by a few standard errors is noise)',
);
writeFileSync(join(folder, 'regret.svg'), plotRegretTrace(posterior));
writeFileSync(join(folder, 'elbo.svg'), plotElboTrace(posterior));
console.log(`plots written to ${folder}`);
