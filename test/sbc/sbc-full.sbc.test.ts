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
import { describeSbc } from './sbc.js';

describeSbc({ replications: 300, alpha: 0.001, seed: 17, power: { factor: 0.8, pBelow: 1e-3 } });
