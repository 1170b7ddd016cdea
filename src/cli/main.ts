/**
 * The command line:
 *
 *     brenier fit <model> --data <data.json> [--draws N] [--seed S] [--family gaussian|ridge] [--out draws.csv|json] [--plots DIR]
 *     brenier nuts <model> --data <data.json> [--draws N] [--chains C] [--seed S] [--out draws.csv|json] [--plots DIR]
 *     brenier compare <a.csv|json> <b.csv|json>
 *     brenier summary <draws.csv|json>
 *
 * `<model>` is a module whose default export, or only exported model, is a
 * model from `defineModel`. Exit codes: 0 success, 2 bad usage or input
 * (the message names the argument), 1 a failure while running. Progress
 * bars appear on a terminal only.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../backend.js';
import { BrenierError } from '../core/errors.js';
import { compare } from '../diagnostics/compare.js';
import { summarizeChains } from '../diagnostics/convergence.js';
import { formatSummary, summarizeDraws } from '../diagnostics/summary.js';
import { sampleNuts } from '../mcmc/sample-nuts.js';
import { Model } from '../model/define-model.js';
import { plotElboTrace, plotKhat, plotMarginals, plotPairs, plotRegretTrace } from '../plots/index.js';
import type { Draws } from '../posterior/draws.js';
import { fitPosterior } from '../transport/fit-posterior.js';
import { readDraws, writeDraws, drawsFormat } from './draws-file.js';

/** Where the command line writes; tests pass their own. */
export interface CliIo {
  /** Normal output. */
  stdout: (text: string) => void;
  /** Errors and warnings. */
  stderr: (text: string) => void;
}

const USAGE = `usage:
  brenier fit <model> --data <data.json> [--draws N] [--seed S] [--family gaussian|ridge] [--out draws.csv|json] [--plots DIR]
  brenier nuts <model> --data <data.json> [--draws N] [--chains C] [--seed S] [--out draws.csv|json] [--plots DIR]
  brenier compare <a.csv|json> <b.csv|json>
  brenier summary <draws.csv|json>`;

/** A usage error: exit code 2. */
class UsageError extends Error {}

interface Parsed {
  positional: string[];
  options: Map<string, string>;
}

const VALUE_OPTIONS: Record<string, readonly string[]> = {
  fit: ['data', 'draws', 'seed', 'family', 'out', 'plots'],
  nuts: ['data', 'draws', 'chains', 'seed', 'out', 'plots'],
  compare: [],
  summary: [],
};

function parse(command: string, args: readonly string[]): Parsed {
  const allowed = VALUE_OPTIONS[command] as readonly string[];
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const name = a.slice(2);
    if (!allowed.includes(name))
      throw new UsageError(
        `${command}: unknown option --${name}${allowed.length > 0 ? ` (expected ${allowed.map((o) => `--${o}`).join(', ')})` : ''}`,
      );
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${command}: --${name} needs a value`);
    options.set(name, value);
    i++;
  }
  return { positional, options };
}

function integerOption(
  command: string,
  options: Map<string, string>,
  name: string,
  fallback: number,
  min: number,
): number {
  const raw = options.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min)
    throw new UsageError(`${command}: --${name} must be an integer >= ${min}, received '${raw}'`);
  return v;
}

async function loadModel(command: string, path: string | undefined): Promise<Model> {
  if (path === undefined) throw new UsageError(`${command}: missing <model> (a module exporting a model)`);
  const file = resolvePath(path);
  if (!existsSync(file)) throw new UsageError(`${command}: model file '${path}' not found`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /\.ts$/.test(file) ? ' (a .ts model needs a TypeScript loader: run through tsx, or compile it)' : '';
    throw new UsageError(`${command}: cannot load model file '${path}'${hint}: ${message.split('\n')[0]}`);
  }
  if (module['default'] instanceof Model) return module['default'];
  const models = Object.values(module).filter((v): v is Model => v instanceof Model);
  if (models.length === 1) return models[0] as Model;
  throw new UsageError(
    `${command}: model file '${path}' must export a model from defineModel as its default export or as its only model (found ${models.length})`,
  );
}

function loadData(command: string, options: Map<string, string>): Record<string, unknown> {
  const path = options.get('data');
  if (path === undefined) throw new UsageError(`${command}: missing --data <data.json>`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${command}: data file '${path}' cannot be read`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${command}: data file '${path}' is not valid JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${command}: data file '${path}' must hold a JSON object of data fields`);
  return value as Record<string, unknown>;
}

function outputPath(command: string, options: Map<string, string>): string | undefined {
  const out = options.get('out');
  if (out === undefined) return undefined;
  try {
    drawsFormat(out);
  } catch {
    throw new UsageError(`${command}: --out must end in .csv or .json, received '${out}'`);
  }
  return out;
}

function plotNames(draws: Draws): string[] {
  return draws.names.slice(0, 4);
}

async function runFit(args: readonly string[], io: CliIo): Promise<void> {
  const { positional, options } = parse('fit', args);
  const model = await loadModel('fit', positional[0]);
  const data = loadData('fit', options);
  const draws = integerOption('fit', options, 'draws', 1000, 1);
  const seed = integerOption('fit', options, 'seed', 0, 0);
  const family = options.get('family') ?? 'gaussian';
  if (family !== 'gaussian' && family !== 'ridge')
    throw new UsageError(`fit: --family must be 'gaussian' or 'ridge', received '${family}'`);
  const out = outputPath('fit', options);
  await initBackend();
  const posterior = await fitPosterior(model, data, { seed, family });
  io.stdout(posterior.formatSummary({ draws, seed: seed + 1 }) + '\n');
  const sample = posterior.sample(draws, { seed: seed + 1 });
  if (out !== undefined) {
    writeDraws(out, sample);
    io.stdout(`wrote ${draws} draws to ${out}\n`);
  }
  const plots = options.get('plots');
  if (plots !== undefined) {
    mkdirSync(plots, { recursive: true });
    writeFileSync(join(plots, 'elbo.svg'), plotElboTrace(posterior));
    if (posterior.diagnostics.regret !== undefined)
      writeFileSync(join(plots, 'regret.svg'), plotRegretTrace(posterior));
    writeFileSync(join(plots, 'khat.svg'), plotKhat(posterior, { seed }));
    writeFileSync(join(plots, 'marginals.svg'), plotMarginals({ 'Monge-Ampère': sample }, plotNames(sample)));
    if (sample.names.length >= 2) writeFileSync(join(plots, 'pairs.svg'), plotPairs(sample, plotNames(sample)));
    io.stdout(`wrote plots to ${plots}\n`);
  }
  posterior.dispose();
}

async function runNuts(args: readonly string[], io: CliIo): Promise<void> {
  const { positional, options } = parse('nuts', args);
  const model = await loadModel('nuts', positional[0]);
  const data = loadData('nuts', options);
  const draws = integerOption('nuts', options, 'draws', 1000, 1);
  const chains = integerOption('nuts', options, 'chains', 4, 1);
  const seed = integerOption('nuts', options, 'seed', 0, 0);
  const out = outputPath('nuts', options);
  await initBackend();
  const run = await sampleNuts(model, data, { chains, draws, seed });
  // Per-chain summary: R-hat, bulk and tail ESS, MCSE.
  const rows = summarizeChains(Array.from({ length: run.chains }, (_, c) => run.chainDraws(c)));
  io.stdout(
    `NUTS: ${run.chains} chains x ${run.drawsPerChain} draws, ${run.diagnostics.divergences} divergences, ` +
      `${run.diagnostics.gradientEvaluations} gradient evaluations, ${run.diagnostics.wallSeconds.toFixed(1)} s\n`,
  );
  for (const w of run.diagnostics.warnings) io.stderr(`warning: ${w}\n`);
  io.stdout(formatSummary(rows) + '\n');
  if (out !== undefined) {
    writeDraws(out, run.draws);
    io.stdout(`wrote ${run.draws.count} draws to ${out}\n`);
  }
  const plots = options.get('plots');
  if (plots !== undefined) {
    mkdirSync(plots, { recursive: true });
    writeFileSync(join(plots, 'marginals.svg'), plotMarginals({ NUTS: run.draws }, plotNames(run.draws)));
    if (run.draws.names.length >= 2)
      writeFileSync(join(plots, 'pairs.svg'), plotPairs(run.draws, plotNames(run.draws)));
    io.stdout(`wrote plots to ${plots}\n`);
  }
}

function runCompare(args: readonly string[], io: CliIo): void {
  const { positional } = parse('compare', args);
  if (positional.length !== 2) throw new UsageError('compare: expected two draws files, <a> and <b> (the reference)');
  const [a, b] = positional.map((p) => readDraws(p)) as [Draws, Draws];
  const result = compare(a, b);
  const lines = ['name  mean error (sd of b)  sd ratio  W1 (sd of b)'];
  for (const p of result.parameters)
    lines.push(`${p.name}  ${p.meanError.toFixed(3)}  ${p.sdRatio.toFixed(3)}  ${p.w1.toFixed(3)}`);
  const s = result.summary;
  lines.push(
    `max |mean error| ${s.maxAbsMeanError.toFixed(3)}, average ${s.meanAbsMeanError.toFixed(3)}; sd ratios ` +
      `${s.sdRatioRange.map((x) => x.toFixed(3)).join('-')}; average W1 ${s.meanW1.toFixed(3)}; energy distance ${s.energyDistance.toFixed(4)}`,
  );
  io.stdout(lines.join('\n') + '\n');
}

function runSummary(args: readonly string[], io: CliIo): void {
  const { positional } = parse('summary', args);
  if (positional.length !== 1) throw new UsageError('summary: expected one draws file');
  io.stdout(formatSummary(summarizeDraws(readDraws(positional[0] as string))) + '\n');
}

/**
 * Run the command line with `argv` (without the node and script paths) and
 * return the exit code.
 *
 * @example
 * ```ts
 * const code = await main(['summary', 'draws.csv']);
 * ```
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'fit') await runFit(args, io);
    else if (command === 'nuts') await runNuts(args, io);
    else if (command === 'compare') runCompare(args, io);
    else if (command === 'summary') runSummary(args, io);
    else if (command === undefined || command === '--help' || command === 'help') {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    } else throw new UsageError(`unknown command '${command}'`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof BrenierError && error.code === 'invalid-argument')) {
      io.stderr(`error: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
      return 2;
    }
    if (error instanceof BrenierError) {
      // Bad data (a DataValidationError names the field) or numerical trouble.
      io.stderr(`error: ${error.message}\n`);
      return error.code === 'data-validation' ? 2 : 1;
    }
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
