/**
 * Save a fitted posterior to JSON and sample from it later, without the
 * model code: the JSON holds the potential, the parameter layout (with its
 * constraints) and the diagnostics.
 *
 * Run with `npx tsx examples/save-and-load.ts [file.json]` (default: a file
 * in the system's temporary folder).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Posterior, fitPosterior, initBackend } from '../src/index.js';
import { eightSchools, eightSchoolsData } from '../models/index.js';

await initBackend();
const file = process.argv[2] ?? join(tmpdir(), 'eight-schools-posterior.json');

// Fit and save.
const posterior = await fitPosterior(eightSchools, eightSchoolsData(), { seed: 1 });
writeFileSync(file, JSON.stringify(posterior));
console.log(`saved ${file} (k-hat ${posterior.diagnostics.khat.toFixed(2)})`);

// Later, elsewhere: reload and sample. Without the model, draws hold the
// parameters (mu, tau, theta_trans) but not the transformed theta; pass
// `{ model: eightSchools.compile(data) }` to fromJSON to get those back.
const restored = Posterior.fromJSON(readFileSync(file, 'utf8'));
const draws = restored.sample(2000, { seed: 2 }).toObject();
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`restored ${restored.modelName}: ${restored.familyName} family, dimension ${restored.dimension}`);
console.log(`mean of mu ${mean(draws['mu'] ?? []).toFixed(2)}, of tau ${mean(draws['tau'] ?? []).toFixed(2)}`);

// The same seed gives the same draws from the original and the restored posterior.
const original = posterior.sampleUnconstrained(5, { seed: 3 });
const again = restored.sampleUnconstrained(5, { seed: 3 });
console.log(`identical draws after the round trip: ${original.every((v, i) => v === again[i])}`);
