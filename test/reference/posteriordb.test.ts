// The posteriordb reference suite: every reference posterior, fitted with
// the default Monge-Ampère settings (Gaussian family, seed 1), checked
// against posteriordb's gold-standard draws (10 x 1000 nearly independent
// NUTS draws).
//
// How the tolerances are set. The figures compared are the mean error in
// reference sds and the ratio of sds, for every reference column, on
// M = 4000 draws of q.
// - Monte Carlo error: the reference draws are nearly independent (bulk ESS
//   9240-10380 per column), so the standard error of a mean difference in
//   sd units is sqrt(1/M + 1/10000) = 0.019, and of a log sd ratio
//   sqrt(1/(2M) + 1/(2 * 10000)) = 0.013 (Gaussian marginals; heavier tails
//   inflate it slightly). The maximum over d <= 26 columns of |N(0, 1)| stays
//   below 3.5 with probability > 0.99, so pure noise stays below 0.065 in
//   the mean error and 0.046 in log sd ratio.
// - Approximation error: for a posterior that is Gaussian on the
//   unconstrained scale the Gaussian family is exact, and the target of the
//   method is the issue's: max mean error < 0.1 and sd ratios in
//   [0.9, 1.1]. That target holds the noise above with room for the
//   stochastic optimisation's own error (the flow stops when the windowed
//   ELBO stalls, and the averaged iterate carries O(step) noise).
// - Posteriors that are not Gaussian on the unconstrained scale (skewed
//   constrained parameters, curved dependence) carry a bias that no
//   Gaussian q removes; their bounds are set from what the Gaussian family
//   achieves on them (the best Gaussian in KL(q || p) under-covers tails),
//   each with its reason beside it. Where the fit is poor the case is a
//   known gap: its measured figures are written down, the bounds keep it
//   from getting worse, and the test asserts that PSIS k-hat flags it
//   (k-hat > 0.7), the diagnostic a user would see.
import { describe, expect, it } from 'vitest';
import { compare, fitPosterior } from '../../src/index.js';
import { loadPosteriorData, loadReferenceDraws, posteriordbModel } from '../../models/index.js';

const DRAWS = 4000;

/** Accuracy bounds for one posterior, with the reasoning. */
interface Expectation {
  /** Bound on max |mean error| over the reference columns, in reference sds. */
  maxMeanError: number;
  /** Bounds on the sd ratios. */
  sdRatio: [number, number];
  /** Why these bounds. */
  reason: string;
  /** A known gap: measured figures; the bounds above hold what was measured, and k-hat must flag it. */
  knownGap?: string;
}

const NEAR_GAUSSIAN = 'Gaussian on the unconstrained scale up to small skew: the issue target';

const expectations: Record<string, Expectation> = {
  'kidiq-kidscore_momiq': { maxMeanError: 0.1, sdRatio: [0.9, 1.1], reason: NEAR_GAUSSIAN },
  'earnings-logearn_height': { maxMeanError: 0.1, sdRatio: [0.9, 1.1], reason: NEAR_GAUSSIAN },
  'sblrc-blr': { maxMeanError: 0.1, sdRatio: [0.9, 1.1], reason: NEAR_GAUSSIAN },
  'arK-arK': { maxMeanError: 0.1, sdRatio: [0.9, 1.1], reason: NEAR_GAUSSIAN },
  'diamonds-diamonds': { maxMeanError: 0.1, sdRatio: [0.9, 1.1], reason: NEAR_GAUSSIAN },
  'mesquite-logmesquite': {
    maxMeanError: 0.1,
    sdRatio: [0.85, 1.1],
    reason:
      'flat priors and 46 rows for 8 parameters: t-like tails (about 38 degrees of freedom) and a skewed sigma; ' +
      'the KL(q || p)-optimal Gaussian is narrower than p there (measured sigma sd ratio 0.89, coefficients 0.96-0.98; ' +
      'PSIS brings all to 0.97-1.01)',
  },
  'low_dim_gauss_mix-low_dim_gauss_mix': {
    maxMeanError: 0.1,
    sdRatio: [0.9, 1.1],
    reason: 'well-separated components: with the ordering the posterior is unimodal and nearly Gaussian',
  },
  'hmm_example-hmm_example': {
    maxMeanError: 0.1,
    sdRatio: [0.9, 1.1],
    reason: 'informative priors on the ordered means; the logit of theta2[1] (near 0.07) is close to Gaussian',
  },
  'garch-garch11': {
    maxMeanError: 0.1,
    sdRatio: [0.85, 1.1],
    reason:
      'alpha1 and the bound-dependent beta1 are skewed on the logit scale; the Gaussian is too narrow for alpha1 ' +
      '(measured sd ratio 0.89)',
  },
  'hudson_lynx_hare-lotka_volterra': {
    maxMeanError: 0.15,
    sdRatio: [0.8, 1.1],
    reason:
      'curved dependence between the rates (alpha, beta) and (gamma, delta) on the log scale: the Gaussian is ' +
      'narrower than the banana-shaped marginals (measured max mean error 0.06, sd ratios 0.88-0.94)',
  },
  'gp_pois_regr-gp_pois_regr': {
    maxMeanError: 0.25,
    sdRatio: [0.3, 1.3],
    reason: 'the hyperparameters rho and alpha couple to every latent value, a funnel the Gaussian cannot follow',
    knownGap:
      'rho and alpha sd ratio 0.40 (too narrow), latent f within 0.13 sd and sd ratios 0.9-1.2; ' +
      'the ridge family does no better (0.39); k-hat 0.85',
  },
  'eight_schools-eight_schools_noncentered': {
    maxMeanError: 0.25,
    sdRatio: [0.75, 1.3],
    reason:
      "tau's right tail is heavier than a Gaussian in log tau can follow, and the averaged Gaussian wanders " +
      'along log tau from run to run (measured over seeds and settings: max mean error 0.05-0.22, sd-ratio ' +
      'ranges from 0.87-1.07 to 0.96-1.24); PSIS corrects it (tested in test/transport/fit-posterior.test.ts)',
  },
};

for (const [posterior, expectation] of Object.entries(expectations)) {
  describe(posterior, () => {
    it(`default Monge-Ampère fit: ${expectation.knownGap === undefined ? 'within bounds' : 'known gap, flagged by k-hat'}`, async () => {
      const { model } = posteriordbModel(posterior);
      const reference = loadReferenceDraws(posterior);
      const fit = await fitPosterior(model, loadPosteriorData(posterior), { seed: 1 });
      const draws = fit.sample(DRAWS, { seed: 2 }).toObject();
      const columns = Object.fromEntries(Object.keys(reference).map((n) => [n, draws[n] ?? []]));
      const { summary } = compare(columns, reference);
      const khat = fit.diagnostics.khat;
      fit.dispose();
      const measured = `max mean error ${summary.maxAbsMeanError.toFixed(3)}, sd ratio ${summary.sdRatioRange.map((x) => x.toFixed(2)).join('-')}, k-hat ${khat.toFixed(2)}`;
      if (expectation.knownGap !== undefined)
        expect(khat, `${posterior}: ${measured}; a known gap must be flagged by k-hat`).toBeGreaterThan(0.7);
      expect(summary.maxAbsMeanError, measured).toBeLessThan(expectation.maxMeanError);
      expect(summary.sdRatioRange[0], measured).toBeGreaterThan(expectation.sdRatio[0]);
      expect(summary.sdRatioRange[1], measured).toBeLessThan(expectation.sdRatio[1]);
    });
  });
}
