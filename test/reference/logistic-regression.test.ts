// Bayesian logistic regression: the Gaussian family against a long NUTS run
// (4 chains x 2500 draws after 500 warmup). Target of the method: means
// within 0.03 posterior sd and sds within 5%. The comparison carries the
// Monte Carlo error of both runs, so each bound is widened by three
// standard errors of the difference (NUTS: sd / sqrt(ESS of the mean);
// VI: sd / sqrt(20000) for means, sd / sqrt(2 * 20000) relative for sds).
import { describe, expect, it } from 'vitest';
import { fitPosterior } from '../../src/index.js';
import { essMean } from '../../src/diagnostics/convergence.js';
import { sampleNuts } from '../../src/mcmc/sample-nuts.js';
import { logisticRegression, simulateLogisticData } from '../../models/index.js';

const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
const sd = (a: ArrayLike<number>): number => {
  const m = mean(a);
  return Math.sqrt(Array.from(a).reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
};

describe('logistic regression (n = 200, k = 5): Monge-Ampère VI against long NUTS', () => {
  it('matches means to 0.03 sd and sds to 5%', async () => {
    const { truth: _truth, ...data } = simulateLogisticData({ n: 200, k: 5, seed: 1 });
    const reference = await sampleNuts(logisticRegression, data, { chains: 4, warmup: 500, draws: 2500, seed: 1 });
    expect(reference.diagnostics.divergences).toBe(0);
    const posterior = await fitPosterior(logisticRegression, data, { seed: 1 });
    const viDraws = 20000;
    const vi = posterior.sample(viDraws, { seed: 2 }).toObject();
    const ref = reference.draws.toObject();
    for (const name of Object.keys(ref)) {
      const chains = Array.from({ length: reference.chains }, (_, c) => reference.chainDraws(c).get(name));
      const refSd = sd(ref[name] as number[]);
      const meanSe = Math.sqrt(refSd ** 2 / essMean(chains) + refSd ** 2 / viDraws) / refSd; // in sds
      const sdSe = Math.sqrt(1 / (2 * essMean(chains)) + 1 / (2 * viDraws)); // relative
      const meanError = Math.abs(mean(vi[name] as number[]) - mean(ref[name] as number[])) / refSd;
      const sdError = Math.abs(sd(vi[name] as number[]) / refSd - 1);
      expect(meanError, name).toBeLessThan(0.03 + 3 * meanSe);
      expect(sdError, name).toBeLessThan(0.05 + 3 * sdSe);
    }
  });
});
