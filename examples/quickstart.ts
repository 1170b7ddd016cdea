/**
 * Quickstart: define a model, bind data, evaluate the log density and its
 * score (batched over particles) on the default backend.
 *
 * Run with `npm run quickstart`.
 */
import { activeBackend, initBackend, Rng } from '../src/index.js';
import { logisticRegression, simulateLogisticData } from '../models/index.js';

const backend = await initBackend();
console.log(`backend: ${backend}`);

// 1. Data (simulated, seeded) and the compiled model.
const data = simulateLogisticData({ n: 200, k: 5, seed: 1 });
const { truth, ...observed } = data;
const model = logisticRegression.compile(observed);
console.log(`model: ${model.name}, ${model.dimension} unconstrained dimensions`);
console.log(`parameters: ${model.parameterNames.join(', ')}`);

// 2. The log density at one constrained point (the simulation's truth).
const atTruth = model.logDensityAt(truth);
console.log(`log density at the true parameters: ${atTruth.toFixed(4)}`);

// 3. Batched log densities and scores at 256 particles drawn around 0.
const rng = new Rng(7);
const particles = 256;
const points = rng.normals(particles * model.dimension).map((v) => 0.5 * v);
const start = performance.now();
const batch = model.logDensityAndGradient(points);
const ms = performance.now() - start;
const best = batch.logDensity.reduce((b, v, i) => (v > (batch.logDensity[b] as number) ? i : b), 0);
console.log(`${particles} particles: log density + score in ${ms.toFixed(1)} ms on ${activeBackend()}`);
console.log(`best particle ${best}: log density ${batch.logDensity[best]?.toFixed(4)}`);
const draws = model.draws(points.subarray(best * model.dimension, (best + 1) * model.dimension));
const row = Object.entries(draws.toObject())
  .map(([name, [v]]) => `${name}=${(v as number).toFixed(3)}`)
  .join(' ');
console.log(`  at ${row}`);
const score = Array.from(batch.gradient.subarray(best * model.dimension, (best + 1) * model.dimension));
console.log(`  score ${score.map((g) => g.toFixed(3)).join(' ')}`);
model.dispose();
