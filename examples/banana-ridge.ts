/**
 * A non-Gaussian posterior: the banana, whose exact density and sampler are
 * known. The ridge potential family (a quadratic plus convex softplus
 * ridges) bends the transport map and beats the Gaussian family; KL(q || pi)
 * is estimated exactly from draws of q, and the maps are drawn on a grid.
 *
 * Run with `npx tsx examples/banana-ridge.ts [plots-folder]` (a few seconds).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, fitPosterior, initBackend, plotMarginals, plotTransportGrid, type Posterior } from '../src/index.js';
import { banana } from '../models/index.js';

await initBackend();
const folder = process.argv[2] ?? join(tmpdir(), 'banana-plots');
mkdirSync(folder, { recursive: true });

/** KL(q || pi) = E_q[log q - log pi], with pi's exact normalised density, and its standard error. */
function kl(posterior: Posterior, n = 4000): { kl: number; se: number } {
  const points = posterior.sampleUnconstrained(n, { seed: 7 });
  const logQ = posterior.logDensity(points);
  const d = posterior.dimension;
  const diffs = Array.from(logQ, (v, i) => v - banana.logDensity(points.subarray(i * d, (i + 1) * d)));
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { kl: mean, se: sd / Math.sqrt(n) };
}

const exact = banana.sampleExact(new Rng(1), 4000);
const exactDraws = { 'x[1]': [] as number[], 'x[2]': [] as number[] };
for (let i = 0; i < 4000; i++) {
  exactDraws['x[1]'].push(exact[2 * i] as number);
  exactDraws['x[2]'].push(exact[2 * i + 1] as number);
}

const fits: Record<string, Posterior> = {};
for (const family of ['gaussian', 'ridge'] as const) {
  const posterior = await fitPosterior(banana, {}, { seed: 1, family });
  const { kl: value, se } = kl(posterior);
  const d = posterior.diagnostics;
  console.log(
    `${family.padEnd(8)} KL(q || pi) ${value.toFixed(3)} ± ${se.toFixed(3)}, k-hat ${d.khat.toFixed(2)}, ` +
      `${d.gradientEvaluations} gradient evaluations, ${d.wallSeconds.toFixed(1)} s`,
  );
  writeFileSync(join(folder, `transport-${family}.svg`), plotTransportGrid(posterior));
  fits[family] = posterior;
}
writeFileSync(
  join(folder, 'marginals.svg'),
  plotMarginals({
    Gaussian: (fits['gaussian'] as Posterior).sample(4000, { seed: 2 }),
    ridge: (fits['ridge'] as Posterior).sample(4000, { seed: 2 }),
    exact: exactDraws,
  }),
);
console.log(`plots written to ${folder}`);
