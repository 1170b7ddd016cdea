/**
 * Backend benchmark: per-call time of a batched log density + score with
 * N = 256 particles for the three example models, on every backend that
 * loads here, as ratios against the `cpu` backend run in the same process.
 *
 * Run with `npm run bench`. Options: `--particles N` (default 256),
 * `--calls N` timed calls per case (default 20).
 */
import { BACKENDS, initBackend, Rng, type BackendName, type CompiledModel } from '../../src/index.js';
import {
  eightSchools,
  eightSchoolsData,
  hierarchicalRegression,
  logisticRegression,
  simulateHierarchicalData,
  simulateLogisticData,
} from '../../models/index.js';
import { integerOption, printTable } from './options.js';

const particles = integerOption('particles', 256);
const calls = integerOption('calls', 20);

const { truth: _t, ...logisticData } = simulateLogisticData({ n: 200, k: 5, seed: 1 });
const cases: { label: string; compile: () => CompiledModel }[] = [
  { label: 'eight schools (d=10, n=8)', compile: () => eightSchools.compile(eightSchoolsData()) },
  { label: 'logistic regression (d=6, n=200)', compile: () => logisticRegression.compile(logisticData) },
  {
    label: 'hierarchical regression (d=22, n=160)',
    compile: () => hierarchicalRegression.compile(simulateHierarchicalData()),
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const results = new Map<string, Map<BackendName, number>>();
const available: BackendName[] = [];
for (const backend of [...BACKENDS].reverse()) {
  try {
    await initBackend(backend);
  } catch (error) {
    console.log(`${backend}: not available (${(error as Error).message})`);
    continue;
  }
  available.push(backend);
  for (const c of cases) {
    const model = c.compile();
    const points = new Rng(11).normals(particles * model.dimension).map((v) => 0.5 * v);
    for (let i = 0; i < 3; i++) model.logDensityAndGradient(points); // warm-up
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      model.logDensityAndGradient(points);
      times.push(performance.now() - start);
    }
    model.dispose();
    if (!results.has(c.label)) results.set(c.label, new Map());
    results.get(c.label)?.set(backend, median(times));
  }
}

const baseline: BackendName = available.includes('cpu') ? 'cpu' : (available[0] as BackendName);
console.log(
  `\nbatched log density + score, N = ${particles} particles, median of ${calls} calls (ms; ratio = ${baseline} time / time)`,
);
const header = [
  'model',
  ...available.map((b) => `${b} ms`),
  ...available.filter((b) => b !== baseline).map((b) => `${b} speed-up`),
];
const rows = [...results].map(([label, byBackend]) => {
  const base = byBackend.get(baseline) as number;
  return [
    label,
    ...available.map((b) => (byBackend.get(b) as number).toFixed(2)),
    ...available.filter((b) => b !== baseline).map((b) => `${(base / (byBackend.get(b) as number)).toFixed(2)}x`),
  ];
});
printTable(header, rows);
