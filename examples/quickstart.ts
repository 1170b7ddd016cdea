/**
 * Quickstart: fit the eight schools model (non-centred) by Monge-Ampère
 * variational inference and print the posterior summary with PSIS k-hat.
 *
 * Run with `npm run quickstart`.
 */
import { fitPosterior, initBackend } from '../src/index.js';
import { eightSchools, eightSchoolsData } from '../models/index.js';

const backend = await initBackend();
console.log(`backend: ${backend}`);

const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
console.log(posterior.formatSummary({ draws: 4000, seed: 2 }));

// Draws keyed by Stan-style names, and a PSIS-corrected version.
const draws = posterior.sample(1000, { seed: 3 }).toObject();
const corrected = posterior.importanceResample(1000, { seed: 4 }).toObject();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `\nmean of tau: ${mean(draws['tau'] ?? []).toFixed(2)} (raw draws), ${mean(corrected['tau'] ?? []).toFixed(2)} (PSIS-resampled)`,
);
