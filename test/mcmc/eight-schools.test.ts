// sampleNuts on eight schools (non-centred) against posteriordb's reference
// draws. Tolerance: each reference column's mean within
// max(0.05 ref sd, 4 MCSE) and never beyond 0.1 ref sd, where MCSE
// combines our batch-means MCSE (20 batches over 4 chains x 1000 draws) and
// the reference's (see mc-error.ts). At ESS ~ 4000, 0.05 sd is ~3 MCSE; for
// columns with lower ESS (tau) the ESS-based bound is the one that applies.
import { describe, expect, it } from 'vitest';
import { sampleNuts } from '../../src/index.js';
import { EIGHT_SCHOOLS_POSTERIOR, eightSchools, eightSchoolsData, loadReferenceDraws } from '../../models/index.js';
import { batchMeans } from './mc-error.js';
import { rhat } from '../../src/diagnostics/convergence.js';

describe('sampleNuts on eight schools (non-centred)', () => {
  it('matches the posteriordb reference means, without divergences', { timeout: 180_000 }, async () => {
    const fit = await sampleNuts(eightSchools, eightSchoolsData(), { chains: 4, warmup: 500, draws: 1000, seed: 1 });
    const reference = loadReferenceDraws(EIGHT_SCHOOLS_POSTERIOR);
    const rows: string[] = [];
    for (const [name, ref] of Object.entries(reference)) {
      const ours = batchMeans(fit.draws.get(name));
      const theirs = batchMeans(ref);
      const chains = Array.from({ length: fit.chains }, (_, c) => fit.chainDraws(c).get(name));
      expect(rhat(chains), `R-hat of ${name}`).toBeLessThan(1.01);
      const error = Math.abs(ours.mean - theirs.mean) / theirs.sd;
      const mcse = Math.hypot(ours.mcse, theirs.mcse) / theirs.sd;
      rows.push(`${name}: error ${error.toFixed(3)} sd, MCSE ${mcse.toFixed(3)} sd, ESS ${ours.ess.toFixed(0)}`);
      expect(error, rows.at(-1)).toBeLessThan(Math.min(0.1, Math.max(0.05, 4 * mcse)));
      expect(Math.abs(ours.sd / theirs.sd - 1), `${name} sd ratio`).toBeLessThan(0.1);
    }
    const dg = fit.diagnostics;
    rows.push(
      `divergences ${dg.divergences}, gradients ${dg.gradientEvaluations}, ${dg.wallSeconds.toFixed(1)} s, step sizes ${dg.chains.map((c) => c.stepSize.toFixed(3)).join(' ')}`,
    );
    if (process.env['NUTS_REPORT'] !== undefined) console.log(rows.join('\n'));
    expect(dg.divergences).toBe(0);
    expect(dg.warnings).toEqual([]);
  });
});
