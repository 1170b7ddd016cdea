// Full simulation-based calibration (`npm run test:sbc`, not in `npm test`):
// R = 300 replications per conjugate model, L = 99 draws of q, 10 rank bins
// (expected 30 per bin). See test/sbc/sbc.ts for the method and
// test/sbc/sbc-fast.test.ts for the fast version.
//
// Level: p > ALPHA = 0.001 per model (fixed seeds). The Gaussian family on
// the unconstrained scale is exact for the normal mean and approximate for
// beta-binomial (logit p, n = 50) and gamma-Poisson (log lambda, n = 20);
// at these data sizes its error is a few hundredths of a posterior sd (see
// test/conjugate/conjugate.test.ts), far below what R = 300 can resolve.
// Measured (seed 17): normal mean p = 0.33, beta-binomial p = 0.19,
// gamma-Poisson p = 0.49; q with sd x 0.8: p = 9e-6.
//
// Power at this R: a q with sd 20% too small (draws shrunk by 0.8) must give
// p < 1e-3; checked below on the normal-mean model.
import { afterAll, describe, expect, it } from 'vitest';
import { SBC_CASES, normalMean, runSbc, shrink } from './sbc.js';

const R = 300;
const ALPHA = 0.001;
const SEED = 17;

const report: string[] = [];
afterAll(() => console.log(`SBC, R = ${R}:\n${report.join('\n')}`));

describe(`simulation-based calibration of fitPosterior (R = ${R}, L = 99)`, () => {
  for (const sbcCase of SBC_CASES) {
    it(`${sbcCase.name}: ranks uniform (chi-square p > ${ALPHA})`, async () => {
      const result = await runSbc(sbcCase, R, { seed: SEED });
      report.push(
        `  ${sbcCase.name}: bins ${result.counts.join(' ')}, chi2 ${result.chiSquare.toFixed(2)}, p ${result.pValue.toPrecision(3)}, ${result.seconds.toFixed(1)} s`,
      );
      expect(result.pValue).toBeGreaterThan(ALPHA);
    });
  }

  it('detects a q with sd 20% too small (the test can fail)', async () => {
    const result = await runSbc(normalMean, R, { seed: SEED, distort: shrink(0.8) });
    report.push(`  normal mean, q sd x 0.8: bins ${result.counts.join(' ')}, p ${result.pValue.toPrecision(3)}`);
    expect(result.pValue).toBeLessThan(1e-3);
  });
});
